"""Who takes part: several parties named by one noun phrase, the first person of a quote, and
known people the parser did not tag. Sentences written for these tests, coded end to end."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import pytest

from communique.actors import KnowledgeBase, load_knowledge_base, resolve_mentions
from communique.pipeline import code_text
from factories import coded_events, dyad, participant_codes

if TYPE_CHECKING:
    from spacy.language import Language


pytestmark = pytest.mark.model

DAY = "2024-03-05"


@pytest.mark.parametrize(
    ("text", "event", "codes"),
    [
        ("Russian and Ukrainian negotiators met in Istanbul.", "CONSULT", ["RUSGOV", "UKRGOV"]),
        (
            "Japanese and South Korean officials signed a trade agreement in Seoul.",
            "AGREE",
            ["JPNGOV", "KORGOV"],
        ),
        (
            "Indian and Chinese troops clashed along the border on Friday.",
            "ASSAULT",
            ["INDMIL", "CHNMIL"],
        ),
    ],
)
def test_countries_joined_before_one_agent_noun_are_each_a_party(
    text: str, event: str, codes: list[str]
) -> None:
    (coded,) = [e for e in coded_events(text) if e.event == event]
    # each country is an agent of the noun's kind, in the order written, and the joint
    # act makes them each other's recipients
    assert participant_codes(coded.actors) == codes
    assert participant_codes(coded.recipients) == codes


def test_words_joined_before_an_agent_noun_that_name_no_country_add_no_party() -> None:
    events = coded_events("Senior and junior ministers from Chile met Peruvian officials in Lima.")
    assert all(
        p.entity_text.lower() not in {"senior", "junior"}
        for e in events
        for p in (*e.actors, *e.recipients)
    )


def test_the_first_person_of_a_quote_is_its_speaker() -> None:
    (threat,) = coded_events(
        '"We are prepared to impose sanctions on Iran," German Chancellor Olaf Scholz said.'
    )
    assert dyad(threat) == (
        "THREATEN",
        ["DEUGOV"],
        ["IRN"],
    )
    (offer,) = coded_events(
        '"I am ready to meet President Putin anywhere," Zelensky told reporters.'
    )
    assert (offer.event, offer.intended) == ("AGREE", "CONSULT")
    assert participant_codes(offer.actors) == ["UKRGOV"]


def test_a_third_person_pronoun_is_not_taken_for_the_reporter() -> None:
    # "they" are others than Blinken: the reporter must not stand in for them
    events = coded_events("Antony Blinken said they were ready to impose sanctions on Iran.")
    assert all("USAGOV" not in participant_codes(e.actors) for e in events)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


def test_a_known_full_name_the_parser_left_untagged_is_still_that_person(
    nlp: Language, kb: KnowledgeBase
) -> None:
    doc = nlp("Antony Blinken said he would meet Xi Jinping in Beijing.")
    doc.ents = ()  # as when the small model tags no name at all
    mentions = resolve_mentions(doc, "t", dt.date(2024, 3, 5), kb)
    xi = next(m for m in mentions if m.text == "Xi Jinping")
    assert xi.actor is not None
    assert (xi.actor.country, xi.actor.sector) == ("CHN", "GOV")
    # an unknown run of capitalised words is not made a person
    doc = nlp("Antony Blinken said he would meet Zorblat Quenmir in Beijing.")
    doc.ents = ()
    mentions = resolve_mentions(doc, "t", dt.date(2024, 3, 5), kb)
    assert not any(m.text == "Zorblat Quenmir" for m in mentions)


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("EU foreign ministers met in Brussels on Monday.", ["IGOEUREEC"]),
        ("NATO defence ministers held talks in Brussels.", ["IGOWSTNAT"]),
    ],
)
def test_a_group_named_in_the_plural_meets_among_itself(text: str, codes: list[str]) -> None:
    (meeting,) = coded_events(text)
    assert dyad(meeting) == (
        "CONSULT",
        codes,
        codes,
    )


def test_a_group_that_agrees_to_act_for_others_is_not_its_own_recipient() -> None:
    events = coded_events("EU foreign ministers agreed to provide aid for Romania and Poland.")
    assert all(participant_codes(e.recipients) != participant_codes(e.actors) for e in events)
    # one party named in the singular, or a group whose country nobody knows, meets nobody
    assert coded_events("Companies met on Monday.") == ()
    # people at large named in the plural hold no talks among themselves
    assert [e.event for e in coded_events("The two men discussed the war in Ukraine.")] == []


@pytest.mark.parametrize(
    ("text", "actor", "recipient"),
    [
        ("Israeli troops fired at Palestinian protesters.", "ISRMIL", "PSEOPP"),
        ("Azerbaijani forces fired on an Armenian military position.", "AZEMIL", "ARMMIL"),
        ("Russian troops shelled a Ukrainian outpost.", "RUSMIL", "UKRMIL"),
    ],
)
def test_shots_fired_at_a_party_are_an_attack_on_it(text: str, actor: str, recipient: str) -> None:
    (attack,) = coded_events(text)
    assert dyad(attack) == (
        "ASSAULT",
        [actor],
        [recipient],
    )
    # firing an employee or shooting a film attacks nobody
    assert coded_events("The company fired its chief executive in Paris.") == ()


def test_a_named_party_the_parser_reads_as_an_adverbial_is_still_the_object() -> None:
    # the small model attaches "Turkey" in "warned Turkey that ..." as an adverbial
    events = coded_events("Donald Trump warned Turkey that he would destroy its economy.")
    (threat,) = [e for e in events if e.event == "THREATEN"]
    assert (threat.event, participant_codes(threat.recipients)) == ("THREATEN", ["TUR"])


_US_STORY = (
    "Secretary of State Antony Blinken met US lawmakers in Washington on Monday. "
    "The State Department said the United States would send more aid to Ukraine. "
    "Rep. Dana Holloway criticized Blinken over the cost. "
    "Gunmen attacked a convoy near the border."
)


def test_the_story_country_goes_to_its_countryless_office_holders() -> None:
    coded = code_text(_US_STORY, published=DAY)
    holloway = next(m for m in coded.mentions if m.text.endswith("Dana Holloway"))
    assert holloway.actor is not None
    assert (holloway.actor.country, holloway.actor.sector) == ("USA", "LEG")
    # and so does a body of government named without its country
    text = _US_STORY + " The Oversight Committee criticized the decision."
    committee = next(
        m for m in code_text(text, published=DAY).mentions if m.text.endswith("Committee")
    )
    assert committee.actor is not None and committee.actor.country == "USA"
    # groups that act abroad keep no country the story did not give them
    gunmen = next(m for m in coded.mentions if m.text == "Gunmen")
    assert gunmen.actor is not None and gunmen.actor.country is None


def test_a_story_without_one_dominant_country_lends_none() -> None:
    coded = code_text(
        "China and the United States traded accusations. "
        "Rep. Dana Holloway criticized both governments.",
        published=DAY,
    )
    holloway = next(m for m in coded.mentions if m.text.endswith("Dana Holloway"))
    assert holloway.actor is not None and holloway.actor.country is None


def test_an_office_named_in_the_plural_is_its_people_not_the_one_holder() -> None:
    coded = code_text(
        "The Chinese leader met Biden. Later Turkish leaders met in Ankara.", published=DAY
    )
    found = {m.text: m.actor for m in coded.mentions}
    single, plural = found["The Chinese leader"], found["Turkish leaders"]
    assert single is not None and single.kind == "person" and single.name == "Xi Jinping"
    assert plural is not None and (plural.kind, plural.code) == ("agent", "TURGOV")


@pytest.mark.parametrize(
    ("text", "actor", "recipient"),
    [
        ("Hamas claimed responsibility for the rocket attack on Israel.", "PSE", "ISR"),
        ("The Taliban claimed responsibility for the bombing of a military base.", "AFG", None),
        ("Russia took credit for the airstrike on Ukraine.", "RUS", "UKR"),
    ],
)
def test_who_claims_responsibility_for_an_attack_is_its_actor(
    text: str, actor: str, recipient: str | None
) -> None:
    (attack,) = [e for e in coded_events(text) if e.event == "ASSAULT"]
    assert [p.actor.country for p in attack.actors if p.actor] == [actor]
    if recipient:
        assert [p.actor.country for p in attack.recipients if p.actor] == [recipient]
    # condemning an attack is not owning up to it
    (condemned,) = [
        e
        for e in coded_events("Israel condemned the rocket attack on Egypt.")
        if e.event == "ASSAULT"
    ]
    assert not condemned.actors


def test_a_denial_answers_the_accusation_made_against_the_denier() -> None:
    events = coded_events(
        "Ukraine accused Russia of shelling the plant on Monday. "
        "China criticized Japan over its fishing fleet. "
        "Moscow denied any involvement."
    )
    (denial,) = [e for e in events if e.event == "REJECT"]
    assert participant_codes(denial.actors) == ["RUSGOV"]
    assert [p.actor.country for p in denial.recipients if p.actor] == ["UKR"]
    # the act the accusation names is alleged, not established
    shelling = [e for e in events if e.event == "ASSAULT"]
    assert all(e.hypothetical for e in shelling)


def test_a_dateline_is_never_a_party_even_after_a_blanked_byline() -> None:
    (meeting,) = coded_events(
        "                   \n\nBEIJING, June 19, 2023 — Chinese President Xi Jinping met "
        "U.S. Secretary of State Antony Blinken in the Great Hall of the People."
    )
    assert (participant_codes(meeting.actors), participant_codes(meeting.recipients)) == (
        ["CHNGOV"],
        ["USAGOV"],
    )


def test_a_capital_the_parser_left_untagged_is_its_government_as_a_target() -> None:
    events = coded_events(
        "The United States announced new sanctions on Tehran. "
        "Washington plans to increase pressure on Tehran."
    )
    assert all("IRNGOV" in participant_codes(e.recipients) for e in events)
    assert {e.event for e in events} >= {"COERCE"}


@pytest.mark.parametrize(
    ("text", "event", "recipient"),
    [
        # a partitive object measures out the noun the pattern wants
        ("Britain announced a sweeping round of sanctions against Russia.", "COERCE", "RUS"),
        ("Niger ended diplomatic ties with Ukraine on Monday.", "SANCTION", "UKR"),
    ],
)
def test_headline_acts_told_with_support_verbs(text: str, event: str, recipient: str) -> None:
    (found,) = [e for e in coded_events(text) if e.event == event]
    assert participant_codes(found.recipients) == [recipient]


def test_returning_to_the_table_returns_nothing() -> None:
    assert coded_events("Iran said it would return to the negotiating table.") == ()
    (returned,) = coded_events("Mexico returned the stolen manuscripts to Spain on Monday.")
    assert (returned.event, returned.mode) == ("RETREAT", "return")


def test_an_undated_story_resolves_its_office_holders_as_of_the_latest_date_it_names() -> None:
    # with no publication date, "today" would make Blinken a former secretary of state
    text = "Secretary of State Antony Blinken met Wang Yi in Beijing on June 19, 2023."
    coded = code_text(text)
    assert coded.article.published is None
    blinken = next(m for m in coded.mentions if m.text.endswith("Antony Blinken"))
    assert blinken.actor is not None
    assert (blinken.actor.code, blinken.actor.role) == ("USAGOV", "Secretary of State")


@pytest.mark.parametrize(
    ("text", "event", "actor"),
    [
        ("Syria says it is willing to withdraw its troops from Lebanon.", "AGREE", "SYR"),
        ("The Kenyan rebels said they would attack the capital.", "THREATEN", "KENREB"),
    ],
)
def test_it_or_they_in_a_reported_clause_is_the_reporter(text: str, event: str, actor: str) -> None:
    (found,) = [e for e in coded_events(text) if e.event == event]
    assert participant_codes(found.actors) == [actor]


def test_it_outside_a_reported_clause_stays_unresolved() -> None:
    mentions = code_text("Blinken said it was a good meeting.", published=DAY).mentions
    assert [m.text for m in mentions] == ["Blinken"]
    mentions = code_text("Russia fired missiles. It was a cold night.", published=DAY).mentions
    assert "It" not in [m.text for m in mentions]


def test_two_nationalities_before_one_group_are_two_parties() -> None:
    text = "The Turkish and Greek sides of the island agreed to share information."
    (agreement,) = [e for e in coded_events(text) if e.event == "AGREE"]
    assert sorted(participant_codes(agreement.actors)) == ["GRC", "TUR"]
