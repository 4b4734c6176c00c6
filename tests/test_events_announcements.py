"""Announced acts are events in their own right: AGREE, THREATEN or REJECT (issue 14)."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.errors import DataFileError
from communique.events.announcements import as_announcement
from communique.events.ontology import default_ontology, load_ontology
from factories import make_event


def test_intent_codes_follow_the_cameo_structure() -> None:
    ontology = default_ontology()
    meet = ontology.intent("040")
    assert meet is not None and (meet.code, meet.plover) == ("036", "AGREE")
    aid = ontology.intent("0733")
    assert aid is not None and (aid.code, aid.plover) == ("0333", "AGREE")
    attack = ontology.intent("190")
    assert attack is not None and (attack.code, attack.plover) == ("1384", "THREATEN")
    assert ontology.intent("112") is None  # "will accuse" has no intent code


def test_refusal_codes() -> None:
    ontology = default_ontology()
    lift = ontology.refusal("0854")
    assert lift is not None and (lift.code, lift.plover) == ("1244", "REJECT")
    assert ontology.refusal("190") is None


def test_announced_meeting_is_agree_with_the_intended_type_kept() -> None:
    event = make_event(future=True, time_text="next week")
    coded = as_announcement(event, default_ontology())
    assert (coded.event, coded.cameo, coded.intended) == ("AGREE", "036", "CONSULT")
    assert not coded.future  # the announcement is a fact
    assert coded.time_text is None  # "next week" dates the meeting, not the announcement


def test_announced_attack_is_a_threat_and_a_refusal_a_reject() -> None:
    ontology = default_ontology()
    attack = as_announcement(make_event(event="ASSAULT", cameo="190", future=True), ontology)
    assert (attack.event, attack.intended) == ("THREATEN", "ASSAULT")
    refused = as_announcement(
        make_event(event="RETREAT", cameo="0854", future=True, negated=True), ontology
    )
    assert (refused.event, refused.cameo, refused.negated) == ("REJECT", "1244", False)


def test_hypothetical_and_past_events_are_left_alone() -> None:
    ontology = default_ontology()
    hypothetical = make_event(future=True, hypothetical=True)
    assert as_announcement(hypothetical, ontology) is hypothetical
    past = make_event()
    assert as_announcement(past, ontology) is past


def test_a_bad_announcement_row_names_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "announcements.tsv"
    bad.write_text("code\tintent\trefusal\n04\t190\t\n", "utf-8")
    with pytest.raises(DataFileError, match=r"announcements.tsv:2: intent 190 must be"):
        load_ontology(announcements_path=bad)
