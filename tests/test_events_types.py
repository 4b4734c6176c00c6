"""Event types beyond meetings, and the phenomena the coder reads from context.

Sentences written for these tests; the mentions are made by hand so that only the coder
is tested (the actors stage has its own tests).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

import pytest

from communique.events import code_events
from communique.records import Actor, Event, Mention

if TYPE_CHECKING:
    from spacy.language import Language

pytestmark = pytest.mark.model

_COUNTRIES = {
    "the US Congress": ("USA", "LEG"),
    "Blinken": ("USA", "GOV"),
    "Wang Yi": ("CHN", "GOV"),
    "Beijing": ("CHN", "GOV"),
    "China": ("CHN", "GOV"),
    "Taiwan": ("TWN", "GOV"),
    "Russia": ("RUS", "GOV"),
    "Ukraine": ("UKR", "GOV"),
    "Japan": ("JPN", "GOV"),
    "Iran": ("IRN", "GOV"),
    "Iraq": ("IRQ", "GOV"),
    "US": ("USA", "GOV"),
}


def _mentions(text: str) -> list[Mention]:
    found: list[Mention] = []
    taken: set[int] = set()
    for name in sorted(_COUNTRIES, key=len, reverse=True):
        for hit in re.finditer(rf"\b{re.escape(name)}\b", text):
            if taken & set(range(hit.start(), hit.end())):
                continue
            taken.update(range(hit.start(), hit.end()))
            country, sector = _COUNTRIES[name]
            kind = "person" if name in {"Blinken", "Wang Yi"} else "state"
            actor = Actor(f"cq:test:{name}", name, country, sector, kind=kind)
            found.append(Mention("t", name, hit.start(), hit.end(), 0, actor))
    return found


def _code(nlp: Language, text: str, **kwargs: object) -> tuple[Event, ...]:
    return code_events(nlp(text), _mentions(text), "t", **kwargs)  # type: ignore[arg-type]


def _countries(event: Event) -> tuple[set[str], set[str]]:
    def of(parts: tuple[object, ...]) -> set[str]:
        return {p.actor.country for p in parts if p.actor is not None}  # type: ignore[attr-defined]

    return of(event.actors), of(event.recipients)


def _only(events: tuple[Event, ...], plover: str) -> Event:
    found = [e for e in events if e.event == plover]
    assert len(found) == 1, [(e.event, e.trigger) for e in events]
    return found[0]


@pytest.mark.parametrize(
    ("text", "plover", "cameo", "actors", "recipients"),
    [
        ("The US continues to put pressure on China to make its views clear.",
         "REQUEST", "100", {"USA"}, {"CHN"}),
        ("Japan urged Iran to release the sailors.", "REQUEST", "020", {"JPN"}, {"IRN"}),
        ("Russia threatened to launch an offensive against Ukraine.",
         "THREATEN", "130", {"RUS"}, {"UKR"}),
        ("Japan reached an agreement with China on fishing rights.",
         "AGREE", "030", {"JPN"}, {"CHN"}),
        ("Iraq closed its border with Iran.", "COERCE", "191", {"IRQ"}, {"IRN"}),
        ("Japan gave Ukraine 5 million dollars of aid.", "AID", "070", {"JPN"}, {"UKR"}),
        ("Russia withdrew its troops from Ukraine.", "RETREAT", "087", {"RUS"}, {"UKR"}),
        ("Japan suspended aid deliveries to Iran.", "SANCTION", "162", {"JPN"}, {"IRN"}),
        ("China has apologised to Japan for the incident.", "SUPPORT", "055", {"CHN"}, {"JPN"}),
    ],
)  # fmt: skip
def test_event_types(
    nlp: Language, text: str, plover: str, cameo: str, actors: set[str], recipients: set[str]
) -> None:
    event = _only(_code(nlp, text), plover)
    assert event.cameo == cameo
    assert _countries(event) == (actors, recipients)
    assert not (event.negated or event.hypothetical or event.future)


def test_sharp_reaction_is_an_accusation_against_the_cause(nlp: Language) -> None:
    text = (
        "The bill in the US Congress granting military aid to Taiwan provoked a sharp "
        "reaction in Beijing."
    )
    events = _code(nlp, text)
    assert _countries(_only(events, "ACCUSE")) == ({"CHN"}, {"USA"})
    aid = _only(events, "AID")
    assert _countries(aid) == ({"USA"}, {"TWN"})
    assert aid.context[0] == "military"


def test_claim_and_denial(nlp: Language) -> None:
    text = "The US claims that the company poses a threat, while China denies these allegations."
    events = _code(nlp, text)
    assert _countries(_only(events, "ACCUSE"))[0] == {"USA"}
    assert _countries(_only(events, "REJECT")) == ({"CHN"}, {"USA"})


def test_plural_noun_stands_for_the_parties_of_the_meeting(nlp: Language) -> None:
    text = (
        "Blinken met Wang Yi in Beijing. "
        "The ministers agreed that they should identify common interests."
    )
    agree = _only(_code(nlp, text), "AGREE")
    assert _countries(agree) == ({"USA", "CHN"}, {"USA", "CHN"})


def test_a_plural_noun_without_an_earlier_meeting_gives_no_event(nlp: Language) -> None:
    assert _code(nlp, "The ministers agreed that they should identify common interests.") == ()


def test_nominal_invasion_is_background_unless_dated(nlp: Language) -> None:
    background = _only(_code(nlp, "Russia's invasion of Ukraine has caused tension."), "ASSAULT")
    assert background.historical
    assert "territory" in background.context
    dated = _only(_code(nlp, "Russia's invasion of Ukraine on Monday shocked Japan."), "ASSAULT")
    assert not dated.historical


def test_intent_and_refusal(nlp: Language) -> None:
    # a stated willingness to act is an agreement to act (PLOVER AGREE), the act kept
    willing = _only(
        _code(nlp, "Russia says it is willing to withdraw its troops from Ukraine."), "AGREE"
    )
    assert (willing.intended, willing.future) == ("RETREAT", False)
    refusal = _code(nlp, "Japan refused to lift the sanctions on Iran.")
    assert _only(refusal, "REJECT").negated is False
    assert all(e.negated for e in refusal if e.event != "REJECT")


def test_sentence_cues_add_contexts(nlp: Language) -> None:
    event = _only(
        _code(nlp, "Japan criticised China over its missile tests near the disputed border."),
        "ACCUSE",
    )
    assert {"military", "territory"} <= set(event.context)


def test_no_codable_event(nlp: Language) -> None:
    assert _code(nlp, "The weather in Beijing was mild and Japan enjoyed the sunshine.") == ()


def test_declining_to_comment_is_no_rejection(nlp: Language) -> None:
    assert _code(nlp, "Japan declined to comment on the report.") == ()
    assert _only(_code(nlp, "Japan declined to lift the sanctions on Iran."), "REJECT")


def test_threatened_action_is_not_a_fact(nlp: Language) -> None:
    events = _code(nlp, "Russia threatened to ban imports from Ukraine.")
    assert _only(events, "THREATEN").hypothetical is False
    assert all(e.hypothetical for e in events if e.event != "THREATEN")


@pytest.mark.parametrize(
    ("text", "plover"),
    [
        # support is given to someone, not to a deed
        ("Japan defended the airstrikes.", None),
        ("Russia backed away from the plan.", None),
        ("Japan defended Taiwan.", "SUPPORT"),
        # an offer of what CAMEO 03x lists is an agreement; condolences or terms are not
        ("Japan offered its condolences to China.", None),
        ("Iran offered talks to the US.", "AGREE"),
        # committed to a course, not a crime committed
        ("The murders were committed by Iran.", None),
        ("Japan committed to the plan with China.", "AGREE"),
    ],
)
def test_pattern_words_code_only_their_own_sense(
    nlp: Language, text: str, plover: str | None
) -> None:
    coded = [e.event for e in _code(nlp, text) if not e.negated]
    assert coded == ([plover] if plover else []), coded


def test_a_war_is_background_unless_the_sentence_dates_it(nlp: Language) -> None:
    (war,) = _code(nlp, "Russia's war against Ukraine has cost billions.")
    assert (war.event, war.historical) == ("ASSAULT", True)


def test_an_act_told_with_its_consequence_is_one_event(nlp: Language) -> None:
    (strike,) = _code(nlp, "Russia launched airstrikes on Ukraine on Monday, killing two soldiers.")
    assert strike.event == "ASSAULT" and _countries(strike) == ({"RUS"}, {"UKR"})
    # a subordinate act with a subject of its own is another act
    both = _code(nlp, "Russia struck Ukraine after Ukraine attacked Russia.")
    assert sorted(_countries(e)[0].pop() for e in both) == ["RUS", "UKR"]


def test_an_act_named_as_the_content_of_a_noun_did_not_happen(nlp: Language) -> None:
    # "the importance of X meeting Y", "the right to prosecute": talked about, not done
    (meeting,) = _code(nlp, "Japan stressed the importance of China meeting Taiwan.")
    assert meeting.hypothetical
    prosecution = _only(_code(nlp, "The law gives Japan the right to prosecute Iran."), "COERCE")
    assert prosecution.hypothetical


def test_an_act_a_noun_of_possibility_names_did_not_happen(nlp: Language) -> None:
    (prospect,) = _code(nlp, "Japan raised the prospect of talks with China.")
    assert (prospect.event, prospect.hypothetical) == ("CONSULT", True)
    (held,) = _code(nlp, "Japan held talks with China.")
    assert not held.hypothetical


@pytest.mark.parametrize(
    "text",
    [
        # the parser reads "allow X to" as a clause and "enable X to" as a complement
        "The bill would allow the US Congress to sanction Iran.",
        "The order will enable Japan to impose sanctions on Iran.",
        "The resolution authorizes Russia to strike Ukraine.",
    ],
)
def test_an_act_a_party_is_permitted_did_not_happen(nlp: Language, text: str) -> None:
    permitted = [e for e in _code(nlp, text) if e.event in {"SANCTION", "COERCE", "ASSAULT"}]
    assert permitted and all(e.hypothetical for e in permitted)
    (done,) = [e for e in _code(nlp, "Japan imposed sanctions on Iran.") if e.event != "REQUEST"]
    assert not done.hypothetical


def test_a_question_put_to_a_party_is_no_request(nlp: Language) -> None:
    assert _code(nlp, "Japan asked China why it had not withdrawn its ships.") == ()
    assert _code(nlp, "Japan asked China whether talks had failed.") == ()
    (appeal,) = _code(nlp, "Japan asked China to withdraw its ships.")
    assert (appeal.event, _countries(appeal)) == ("REQUEST", ({"JPN"}, {"CHN"}))


def test_a_verb_joined_to_a_negated_one_is_negated_too(nlp: Language) -> None:
    rejection = _only(_code(nlp, "Japan would not confirm or deny the attack on Iran."), "REJECT")
    assert rejection.negated


def test_saying_another_party_must_act_is_a_demand_of_it(nlp: Language) -> None:
    demand = _only(_code(nlp, "Japan said China must withdraw its ships."), "REQUEST")
    assert _countries(demand) == ({"JPN"}, {"CHN"})
    # what a party says it must do itself demands nothing of anyone
    assert [e for e in _code(nlp, "Japan said it must act.") if e.event == "REQUEST"] == []


@pytest.mark.parametrize(
    ("text", "consulted"),
    [
        ("Prime Minister Fumio Kishida spoke to Reuters on Monday.", []),
        ("Prime Minister Fumio Kishida spoke to Joe Biden on Monday.", ["Joe Biden"]),
    ],
)
def test_talking_to_the_press_is_no_consultation(text: str, consulted: list[str]) -> None:
    from communique.pipeline import code_text

    coded = code_text(text, published=dt.date(2023, 5, 1))
    found = [p.entity_text for e in coded.events if e.event == "CONSULT" for p in e.recipients]
    assert found == consulted
