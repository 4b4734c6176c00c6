"""The seed story: a US Secretary of State's meetings in Beijing and Shanghai."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from communique.events import code_events
from communique.records import Actor, Event, Mention

if TYPE_CHECKING:
    from spacy.language import Language

pytestmark = pytest.mark.model

_USA_GOV = Actor("cq:person:antony-blinken", "Antony Blinken", "USA", "GOV", code="USAGOV")
_XI = Actor("Q15031", "Xi Jinping", "CHN", "GOV", code="CHNGOV")
_WANG_YI = Actor("cq:person:wang-yi", "Wang Yi", "CHN", "GOV", code="CHNGOV")
_WANG_XIAOHONG = Actor("cq:person:wang-xiaohong", "Wang Xiaohong", "CHN", "GOV", code="CHNGOV")
_CHINA = Actor("cq:state:chn", "China", "CHN", "GOV", kind="state", code="CHNGOV")
_US = Actor("cq:state:usa", "United States", "USA", "GOV", kind="state", code="USAGOV")
_CCP = Actor("cq:org:ccp", "Chinese Communist Party", "CHN", "PTY", kind="organisation")
_CONGRESS = Actor("cq:org:us-congress", "US Congress", "USA", "LEG", kind="organisation")
_RUSSIA = Actor("cq:state:rus", "Russia", "RUS", "GOV", kind="state", code="RUSGOV")
_UKRAINE = Actor("cq:state:ukr", "Ukraine", "UKR", "GOV", kind="state", code="UKRGOV")
_TAIWAN = Actor("cq:state:twn", "Taiwan", "TWN", "GOV", kind="state", code="TWNGOV")

# Entity text -> actor, most specific first; "Wang Yijie"/"Zhao Kezi" are the story's
# garbled names for the two ministers.
_BY_NAME = (
    ("Chinese Communist Party", _CCP),
    ("Blinken", _USA_GOV),
    ("Xi", _XI),
    ("Wang Yijie", _WANG_YI),
    ("Zhao Kezi", _WANG_XIAOHONG),
    ("Wang Xiaohong", _WANG_XIAOHONG),
    ("Wang Yi", _WANG_YI),
    ("Wang", _WANG_YI),
    ("Beijing", _CHINA),
    ("China", _CHINA),
    ("Congress", _CONGRESS),
    ("Taiwan", _TAIWAN),
    ("Russia", _RUSSIA),
    ("Ukraine", _UKRAINE),
    ("USA", _US),
    ("US", _US),
)


def _blank_non_body(text: str) -> str:
    """Blank the title, byline and photo credits the way the cleaner does (same length)."""
    lines = text.split("\n")
    title = lines[0]
    kept = [
        " " * len(line) if line == title or "©" in line or line.startswith("by ") else line
        for line in lines
    ]
    return "\n".join(kept)


def _mentions_from_entities(doc: object) -> list[Mention]:
    mentions = []
    for ent in doc.ents:  # type: ignore[attr-defined]
        if ent.label_ not in {"PERSON", "GPE", "NORP", "ORG"}:
            continue
        actor = next((a for key, a in _BY_NAME if key in ent.text), None)
        mentions.append(Mention("seed", ent.text, ent.start_char, ent.end_char, 0, actor))
    return mentions


@pytest.fixture(scope="module")
def seed_events(nlp: Language, seed_text: str) -> tuple[str, tuple[Event, ...]]:
    text = _blank_non_body(seed_text)
    doc = nlp(text)
    return text, code_events(doc, _mentions_from_entities(doc), "seed")


def _consults(events: tuple[Event, ...]) -> list[Event]:
    return [e for e in events if e.event == "CONSULT"]


def _find(events: tuple[Event, ...], sentence_start: str, trigger: str) -> Event:
    for event in _consults(events):
        if event.sentence.startswith(sentence_start) and event.trigger.startswith(trigger):
            return event
    pytest.fail(f"no CONSULT event {trigger!r} in {sentence_start!r}")


def _actor_ids(participants: tuple[object, ...]) -> set[str]:
    return {p.actor.id for p in participants if p.actor is not None}  # type: ignore[attr-defined]


def test_met_xi_in_beijing_today(seed_events: tuple[str, tuple[Event, ...]]) -> None:
    text, events = seed_events
    event = next(
        e for e in _consults(events) if "met today in Beijing" in text[e.start : e.end]
        and e.trigger == "met"
    )  # fmt: skip
    assert _actor_ids(event.actors) == {_USA_GOV.id}
    assert _actor_ids(event.recipients) == {_XI.id}
    assert (event.place_text, event.time_text) == ("Beijing", "today")


def test_talks_with_two_ministers_are_one_event(seed_events: tuple[str, tuple[Event, ...]]) -> None:
    _, events = seed_events
    event = _find(events, "Blinken first held talks", "held talks")
    assert _actor_ids(event.actors) == {_USA_GOV.id}
    assert [p.entity_text for p in event.recipients] == ["Wang Yijie", "Zhao Kezi"]
    before = _find(events, "Blinken first held talks", "meeting")
    assert _actor_ids(before.actors) == {_USA_GOV.id}
    assert _actor_ids(before.recipients) == {_XI.id}


def test_meeting_in_shanghai(seed_events: tuple[str, tuple[Event, ...]]) -> None:
    _, events = seed_events
    event = next(e for e in _consults(events) if e.place_text == "Shanghai")
    assert _actor_ids(event.actors) == {_USA_GOV.id}
    assert _actor_ids(event.recipients) == {_CCP.id}


def test_after_meeting_xi(seed_events: tuple[str, tuple[Event, ...]]) -> None:
    _, events = seed_events
    event = _find(events, "After meeting Xi Jinping", "meeting")
    assert (_actor_ids(event.actors), _actor_ids(event.recipients)) == ({_USA_GOV.id}, {_XI.id})


def test_blinken_and_wang_discussed(seed_events: tuple[str, tuple[Event, ...]]) -> None:
    _, events = seed_events
    event = _find(events, "Blinken and Wang also emphasized", "discussed")
    assert _actor_ids(event.actors) == {_USA_GOV.id, _WANG_YI.id}
    assert event.recipients == event.actors


def test_visit_to_china_and_no_flagged_meetings(seed_events: tuple[str, tuple[Event, ...]]) -> None:
    _, events = seed_events
    visit = _find(events, "Blinken's visit to China", "visit")
    assert (visit.cameo, visit.mode, _actor_ids(visit.recipients)) == ("042", "visit", {_CHINA.id})
    consults = _consults(events)
    assert not any(e.negated or e.hypothetical or e.future for e in consults)
    assert all(e.actors and e.recipients for e in consults)
    assert len({e.id for e in events}) == len(events)


def test_other_events_in_the_story(seed_events: tuple[str, tuple[Event, ...]]) -> None:
    _, events = seed_events
    kinds = {(e.event, e.trigger) for e in events}
    assert ("REJECT", "denies") in kinds  # "China denies these allegations"
    invasion = next(e for e in events if e.event == "ASSAULT")  # "Russia's invasion of Ukraine"
    assert (_actor_ids(invasion.actors), _actor_ids(invasion.recipients)) == (
        {_RUSSIA.id},
        {_UKRAINE.id},
    )
    aid = next(e for e in events if e.event == "AID")
    # "the bill in the US Congress granting military aid to Taiwan"
    assert (aid.cameo, aid.context) == ("072", ("military",))
    assert (_actor_ids(aid.actors), _actor_ids(aid.recipients)) == ({_CONGRESS.id}, {_TAIWAN.id})


def _countries(participants: tuple[object, ...]) -> set[str]:
    return {p.actor.country for p in participants if p.actor is not None}  # type: ignore[attr-defined]


def _one(events: tuple[Event, ...], plover: str, sentence_start: str) -> Event:
    found = [e for e in events if e.event == plover and e.sentence.startswith(sentence_start)]
    assert len(found) == 1, [(e.event, e.trigger, e.sentence[:40]) for e in events]
    return found[0]


def test_issue_four_events_in_the_story(seed_events: tuple[str, tuple[Event, ...]]) -> None:
    _, events = seed_events
    reaction = _one(events, "ACCUSE", "The recently passed bill")
    assert (_countries(reaction.actors), _countries(reaction.recipients)) == ({"CHN"}, {"USA"})
    claim = _one(events, "ACCUSE", "The US claims")
    assert _countries(claim.actors) == {"USA"}
    denial = _one(events, "REJECT", "The US claims")
    assert (_countries(denial.actors), _countries(denial.recipients)) == ({"CHN"}, {"USA"})
    support = _one(events, "SUPPORT", "While the US supports Ukraine")
    assert (_countries(support.actors), _countries(support.recipients)) == ({"USA"}, {"UKR"})
    pressure = _one(events, "REQUEST", "The US continues to put pressure")
    assert (_countries(pressure.actors), _countries(pressure.recipients)) == ({"USA"}, {"CHN"})
    agreed = _one(events, "AGREE", "The ministers agreed")
    assert _countries(agreed.actors) == {"USA", "CHN"}
    invasions = [e for e in events if e.event == "ASSAULT"]
    assert invasions and all(e.historical for e in invasions)
    assert not any(e.event == "CONSULT" and e.historical for e in events)
