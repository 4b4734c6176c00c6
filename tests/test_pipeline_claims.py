"""Accusations carried by claims and displeasure, who did what a judgement names, and what a
release frees. Sentences written for these tests, coded end to end."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from communique.pipeline import code_text
from factories import coded_events, participant_codes

if TYPE_CHECKING:
    from communique.records import Event

pytestmark = pytest.mark.model

DAY = "2024-03-05"


def _only(text: str, event_type: str) -> Event:
    found = [e for e in coded_events(text) if e.event == event_type]
    assert len(found) == 1, (text, found)
    return found[0]


@pytest.mark.parametrize(
    ("text", "actor", "recipient"),
    [
        ("Republicans said the White House misled Congress about the raid.", "USAPTY", "USAGOV"),
        ("Moscow insists that Kyiv sabotaged the pipeline.", "RUSGOV", "UKRGOV"),
        ("Seoul claimed Pyongyang rigged the vote count.", "KORGOV", "PRKGOV"),
    ],
)
def test_a_claim_of_wrongdoing_accuses_the_clause_subject(
    text: str, actor: str, recipient: str
) -> None:
    event = _only(text, "ACCUSE")
    assert participant_codes(event.actors) == [actor]
    assert participant_codes(event.recipients) == [recipient]


def test_a_claim_of_a_neutral_act_is_no_accusation() -> None:
    assert not [
        e for e in coded_events("Russia said Ukraine attended the talks.") if e.event == "ACCUSE"
    ]


def test_a_charge_made_in_a_that_clause_is_aimed_at_its_subject() -> None:
    event = _only("Germany charged that Russia withheld the gas deliveries.", "ACCUSE")
    assert participant_codes(event.recipients) == ["RUS"]


@pytest.mark.parametrize(
    ("text", "actor", "recipient"),
    [
        ("Germany voiced anger at Turkey over the arrests.", "DEU", "TUR"),
        ("Japan expressed concern over China's military drills.", "JPN", "CHNMIL"),
    ],
)
def test_voiced_displeasure_is_disapproval_of_its_target(
    text: str, actor: str, recipient: str
) -> None:
    event = _only(text, "ACCUSE")
    assert event.cameo == "111"
    assert participant_codes(event.actors) == [actor]
    assert participant_codes(event.recipients) == [recipient]


def test_a_country_after_at_is_a_target_when_the_phrase_is_aimed() -> None:
    mentions = code_text("France voiced anger at Italy.", published=DAY).mentions
    assert [m.text for m in mentions] == ["France", "Italy"]
    places = code_text("The ministers met at Brussels.", published=DAY).mentions
    assert "Brussels" not in [m.text for m in places]


def test_a_name_subject_after_a_comma_is_not_in_apposition_to_an_earlier_phrase() -> None:
    text = "Citing Moscow's support for the separatists, Obama warned of more sanctions."
    mentions = code_text(text, published="2014-03-05").mentions
    assert "Obama" in [m.text for m in mentions]
    assert all("," not in m.text for m in mentions)


def test_a_judgement_names_its_object_as_the_doer_of_the_act() -> None:
    text = "Trump faulted his rival, Hillary Clinton, for supporting Syrian rebels."
    supports = [e for e in code_text(text, published="2016-09-21").events if e.event == "SUPPORT"]
    assert supports
    assert all("Trump" not in p.entity_text for e in supports for p in e.actors)


@pytest.mark.parametrize(
    "text",
    [
        "Israel released a video of the strike on Friday.",
        "The White House released a memo on the talks.",
    ],
)
def test_publishing_is_not_a_release(text: str) -> None:
    assert not [e for e in coded_events(text) if e.event == "RETREAT"]


def test_people_are_still_released() -> None:
    event = _only("Hamas released two Israeli hostages on Friday.", "RETREAT")
    assert event.cameo == "0841"
