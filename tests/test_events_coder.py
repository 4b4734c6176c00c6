"""The event coder on short sentences written for these tests (meetings first)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest

from communique.events import code_events
from communique.records import Actor, Event, Mention

if TYPE_CHECKING:
    from spacy.language import Language

pytestmark = pytest.mark.model

# Names the hand-made mentions recognise; everything else in a sentence is not an actor.
_ACTORS = {
    "Blinken": ("USA", "GOV"),
    "Xi Jinping": ("CHN", "GOV"),
    "Xi": ("CHN", "GOV"),
    "Wang Yi": ("CHN", "GOV"),
    "Lavrov": ("RUS", "GOV"),
    "Biden": ("USA", "GOV"),
    "Putin": ("RUS", "GOV"),
    "Zelensky": ("UKR", "GOV"),
    "Modi": ("IND", "GOV"),
    "Sharif": ("PAK", "GOV"),
    "Erdogan": ("TUR", "GOV"),
    "Macron": ("FRA", "GOV"),
    "Scholz": ("DEU", "GOV"),
    "Sunak": ("GBR", "GOV"),
    "Beijing": ("CHN", "GOV"),
    "China": ("CHN", "GOV"),
    "Japan": ("JPN", "GOV"),
    "Tokyo": ("JPN", "GOV"),
}


def _mentions(text: str) -> list[Mention]:
    """A mention for every known name, longest names first so "Xi Jinping" beats "Xi"."""
    found: list[Mention] = []
    taken: set[int] = set()
    for name in sorted(_ACTORS, key=len, reverse=True):
        for hit in re.finditer(rf"\b{re.escape(name)}\b", text):
            if taken & set(range(hit.start(), hit.end())):
                continue
            taken.update(range(hit.start(), hit.end()))
            country, sector = _ACTORS[name]
            actor = Actor(f"cq:test:{name}", name, country, sector, code=country + sector)
            found.append(Mention("t", name, hit.start(), hit.end(), 0, actor))
    return found


def _code(nlp: Language, text: str, **kwargs: object) -> tuple[Event, ...]:
    return code_events(nlp(text), _mentions(text), "t", **kwargs)  # type: ignore[arg-type]


def _one(nlp: Language, text: str, **kwargs: object) -> Event:
    events = _code(nlp, text, **kwargs)
    assert len(events) == 1, [(e.pattern, e.trigger) for e in events]
    return events[0]


def _names(event_participants: tuple[object, ...]) -> list[str]:
    return [p.entity_text for p in event_participants]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("text", "cameo", "mode", "actors", "recipients"),
    [
        ("Blinken met Xi Jinping in Beijing.", "040", "meet", ["Blinken"], ["Xi Jinping"]),
        ("Blinken met with Wang Yi.", "040", "meet", ["Blinken"], ["Wang Yi"]),
        ("Sunak held talks with Modi.", "040", "meet", ["Sunak"], ["Modi"]),
        ("Biden and Xi spoke by phone.", "040", "phone", ["Biden", "Xi"], ["Biden", "Xi"]),
        ("Scholz held a phone call with Putin.", "040", "phone", ["Scholz"], ["Putin"]),
        ("Modi visited Japan.", "042", "visit", ["Modi"], ["Japan"]),
        ("Erdogan hosted Putin.", "043", "host", ["Erdogan"], ["Putin"]),
        ("Scholz welcomed Macron warmly.", "043", "host", ["Scholz"], ["Macron"]),
        ("Blinken was received by Xi Jinping.", "043", "host", ["Xi Jinping"], ["Blinken"]),
        ("Lavrov discussed the war with Wang Yi.", "040", None, ["Lavrov"], ["Wang Yi"]),
        ("Biden and Xi discussed trade.", "040", None, ["Biden", "Xi"], ["Biden", "Xi"]),
        ("Putin negotiated with Erdogan for hours.", "046", None, ["Putin"], ["Erdogan"]),
        ("Macron's visit to China ended quietly.", "042", "visit", ["Macron"], ["China"]),
        ("The talks between Putin and Erdogan were long.", "040", "meet",
         ["Putin", "Erdogan"], ["Putin", "Erdogan"]),
    ],
)  # fmt: skip
def test_meeting_forms(
    nlp: Language,
    text: str,
    cameo: str,
    mode: str | None,
    actors: list[str],
    recipients: list[str],
) -> None:
    event = _one(nlp, text)
    assert (event.event, event.cameo, event.mode) == ("CONSULT", cameo, mode)
    assert _names(event.actors) == actors
    assert _names(event.recipients) == recipients
    assert not (event.negated or event.future or event.hypothetical)


def test_codes_come_from_the_ontology(nlp: Language) -> None:
    event = _one(nlp, "Erdogan hosted Putin.")
    assert (event.goldstein, event.quad_code, event.context) == (2.8, 1, ("diplomatic",))


def test_one_event_with_two_recipients(nlp: Language) -> None:
    event = _one(nlp, "Lavrov met Wang Yi and Blinken in Beijing.")
    assert _names(event.recipients) == ["Wang Yi", "Blinken"]
    assert event.place_text == "Beijing"


def test_a_place_that_is_a_participant_is_not_the_place(nlp: Language) -> None:
    event = _one(nlp, "Modi arrived in Tokyo.")
    assert (event.cameo, _names(event.recipients)) == ("042", ["Tokyo"])
    assert event.place_text is None


def test_place_and_time_are_read_from_the_trigger(nlp: Language) -> None:
    text = "Biden met Putin in Geneva on Friday."
    event = _one(nlp, text)
    assert (event.place_text, event.time_text) == ("Geneva", "on Friday")
    assert text[event.trigger_start : event.trigger_end] == event.trigger == "met"
    assert (event.start, event.end, event.sentence) == (0, len(text), text)


def test_offsets_point_into_the_text(nlp: Language) -> None:
    text = "Prices rose. Later, Modi visited Japan."
    event = _one(nlp, text)
    assert text[event.start : event.end] == "Later, Modi visited Japan."
    for participant in (*event.actors, *event.recipients):
        assert text[participant.start : participant.end] == participant.entity_text


def test_subject_is_inherited_by_participle_clauses(nlp: Language) -> None:
    events = _code(nlp, "After meeting Xi Jinping, Blinken flew to Tokyo.")
    meeting = next(e for e in events if e.pattern == "consult.meet")
    assert _names(meeting.actors) == ["Blinken"]
    assert _names(meeting.recipients) == ["Xi Jinping"]


def test_nominal_meeting_takes_the_clause_subject(nlp: Language) -> None:
    event = _one(nlp, "After a meeting with Biden, Scholz spoke to reporters.")
    assert _names(event.actors) == ["Scholz"]
    assert _names(event.recipients) == ["Biden"]


def test_sidelines_set_the_multilateral_mode(nlp: Language) -> None:
    event = _one(nlp, "Lavrov met Wang Yi on the sidelines of the summit.")
    assert event.mode == "multilateral"
    at_summit = _one(nlp, "Biden met Xi at the G20 summit in Bali.")
    assert (at_summit.mode, at_summit.place_text) == ("multilateral", "Bali")


@pytest.mark.parametrize(
    ("text", "flag"),
    [
        ("Modi did not meet Sharif.", "negated"),
        ("Putin never met Zelensky.", "negated"),
        ("Putin refused to meet Zelensky.", "negated"),
        ("There was no meeting between Putin and Zelensky.", "negated"),
        ("Biden and Xi could meet in Paris.", "hypothetical"),
        ("Macron may visit China.", "hypothetical"),
        ("Putin would meet Zelensky only under pressure.", "hypothetical"),
        ("If Putin and Zelensky meet, the war may end.", "hypothetical"),
        # anywhere inside the condition, not only its own verb
        ("If Putin goes on, including by meeting Zelensky, the war may end.", "hypothetical"),
        ("Instead of meeting Zelensky, Putin flew home.", "hypothetical"),
        ("Rather than meeting Zelensky, Putin flew home.", "hypothetical"),
        # an act after a preposition on a verb shares that verb's modal
        ("Putin should turn his attention to meeting Zelensky.", "hypothetical"),
        # the act someone is blamed for is the charge, not a reported fact
        ("Japan faulted Putin for meeting Zelensky.", "hypothetical"),
        # a nominal act as the goal of progress or steps
        ("There was progress toward a meeting between Putin and Zelensky.", "hypothetical"),
    ],
)
def test_modality_is_flagged_not_dropped(nlp: Language, text: str, flag: str) -> None:
    events = [e for e in _code(nlp, text) if e.event == "CONSULT"]
    assert len(events) == 1
    flags = {name for name in ("negated", "future", "hypothetical") if getattr(events[0], name)}
    assert flags == {flag}


@pytest.mark.parametrize(
    "text",
    ["Nobody condemned Putin.", "No country condemned Putin.", "Not all states condemned Putin."],
)
def test_a_subject_that_says_nobody_did_it_negates(nlp: Language, text: str) -> None:
    event = _one(nlp, text)
    assert (event.event, event.negated) == ("ACCUSE", True)
    assert not _one(nlp, "Japan condemned Putin.").negated


def test_the_clause_a_condition_hangs_on_stays_a_fact(nlp: Language) -> None:
    (event,) = _code(nlp, "Putin met Zelensky if reports are true.")
    assert event.event == "CONSULT"
    assert not event.hypothetical


@pytest.mark.parametrize(
    "text",
    [
        "Blinken will meet Wang Yi next week.",
        "Macron is to visit China.",
        "Modi plans to visit Japan.",
        "Sunak is expected to meet Biden.",
        "Putin said he would meet Erdogan.",
        "Blinken flew home ahead of talks with Wang Yi next week.",
    ],
)
def test_an_announced_meeting_is_an_agreement_that_keeps_the_meeting(
    nlp: Language, text: str
) -> None:
    # PLOVER codes "X will meet Y" as AGREE (CAMEO 036), dated when it was said: the time
    # words ("next week") date the meeting to come, so they do not date the event.
    event = _one(nlp, text)
    assert (event.event, event.intended, event.cameo) == ("AGREE", "CONSULT", "036")
    assert not (event.future or event.negated or event.hypothetical)
    assert event.time_text is None


def test_historical_background(nlp: Language) -> None:
    text = "In 2019, Modi visited China."
    assert _one(nlp, text, published_year=2024).historical
    assert not _one(nlp, text, published_year=2019).historical
    # an earlier year dates only the act it hangs on, not every act of the sentence
    text = "Modi visited China on Monday, five years after he visited Japan in 2019."
    assert [e.historical for e in _code(nlp, text, published_year=2024)] == [False, True]
    # an act told in a clause on the date itself ("in 2000, when he met") is dated by it
    text = "Putin travelled to Japan in 2000, when he met Modi."
    assert [e.historical for e in _code(nlp, text, published_year=2024)] == [True, True]
    # a participle that only describes a noun is background; one that names its doer is not
    [imposed] = [
        e
        for e in _code(nlp, "Xi criticized the sanctions imposed on China.")
        if e.event != "ACCUSE"
    ]
    assert imposed.historical
    [expelled] = _code(nlp, "Japan welcomed the diplomats expelled by Beijing.")
    assert (expelled.event, expelled.historical) == ("SANCTION", False)
    # "previously" says nothing of how long ago
    assert not _one(nlp, "Modi previously visited China.", published_year=2024).historical


@pytest.mark.parametrize(
    "text",
    [
        "The weather in Paris was mild on Friday.",
        "Prices rose sharply in China last year.",
        "The meeting lasted three hours.",  # a meeting without participants
        "Blinken is visiting.",  # one participant cannot consult
        "The ministers met in Paris.",  # nobody resolved
        "Xi Jinping told Blinken that relations were stable.",
    ],
)
def test_no_codable_event(nlp: Language, text: str) -> None:
    assert _code(nlp, text) == ()


def test_event_ids_are_stable_and_distinct(nlp: Language) -> None:
    text = "Blinken met Xi Jinping. Then Modi visited Japan."
    first, second = _code(nlp, text), _code(nlp, text)
    assert [e.id for e in first] == [e.id for e in second]
    assert len({e.id for e in first}) == 2


def test_other_event_types(nlp: Language) -> None:
    denial = _one(nlp, "China denies the allegations.")
    assert (denial.event, denial.cameo, _names(denial.actors)) == ("REJECT", "120", ["China"])
    praise = _one(nlp, "Biden praised Modi.")
    assert (praise.event, praise.quad_code) == ("SUPPORT", 1)


def test_a_named_entity_without_a_mention_is_an_unresolved_participant(nlp: Language) -> None:
    event = _one(nlp, "Modi visited Canada in May.")
    assert [(p.entity_text, p.actor) for p in event.recipients] == [("Canada", None)]
    assert event.actors[0].actor is not None


@pytest.mark.parametrize(
    ("text", "pattern", "cameo"),
    [
        ("Japan launched an attack on China.", "assault.launch-attack", "190"),
        ("Japan put its troops on alert.", "mobilize.alert", "152"),
        ("Japan reduced aid to China.", "sanction.stop-aid", "162"),
        ("Japan withdrew its peacekeepers from China.", "sanction.withdraw-peacekeepers", "1661"),
        ("Japan imposed a blockade on China.", "coerce.impose-blockade", "191"),
    ],
)
def test_military_and_aid_forms(nlp: Language, text: str, pattern: str, cameo: str) -> None:
    event = _one(nlp, text)
    assert (event.pattern, event.cameo) == (pattern, cameo)
    assert _names(event.actors) == ["Japan"]


def test_a_stated_refusal_to_yield_is_a_rejection(nlp: Language) -> None:
    refusal = _one(nlp, "Putin will not release the prisoners.")
    assert (refusal.event, refusal.cameo) == ("REJECT", "1243")
    assert refusal.pattern.startswith("retreat.release")
    assert not refusal.negated and not refusal.future
    # a negated past act did not happen, and is not a refusal either
    past = _one(nlp, "Putin did not release the prisoners.")
    assert (past.event, past.negated) == ("RETREAT", True)


def test_a_plural_subject_stands_only_for_a_meeting_told_just_before(nlp: Language) -> None:
    right_after = "Blinken met Wang Yi in Beijing. The ministers agreed to keep talking."
    agreed = [e for e in _code(nlp, right_after) if e.event == "AGREE"]
    assert [_names(e.actors) for e in agreed] == [["Blinken", "Wang Yi"]]
    # three sentences on, "the ministers" are not the meeting's parties any more
    far = (
        "Blinken met Wang Yi in Beijing. Trade was on the agenda. Prices rose in May. "
        "Markets were calm. The ministers agreed to keep talking."
    )
    assert [e for e in _code(nlp, far) if e.event == "AGREE"] == []
