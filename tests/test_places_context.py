"""Place names read in the light of the whole story: its countries, states, actors and people."""

from __future__ import annotations

import pytest

from communique.places import (
    Candidate,
    GeonamesGazetteer,
    InMemoryGazetteer,
    locate_events,
    resolve_place,
    sentence_place_text,
    story_context,
)
from communique.records import Actor, Event, Participant, Place
from factories import make_event


@pytest.fixture(scope="module")
def geonames() -> GeonamesGazetteer:
    return GeonamesGazetteer()


def placed(
    text: str, sentence: str, trigger: str, geonames: GeonamesGazetteer, **kw: object
) -> Event:
    """The one event of ``text`` whose ``sentence`` holds ``trigger``, located."""
    start = text.index(sentence)
    at = start + sentence.index(trigger)
    event = make_event(
        sentence=sentence,
        start=start,
        end=start + len(sentence),
        trigger=trigger,
        trigger_start=at,
        trigger_end=at + len(trigger),
    )
    [located] = locate_events([event], text, geonames, **kw)  # type: ignore[arg-type]
    return located


def us_state(code: str, name: str) -> Participant:
    return Participant(name, Actor(f"cq:state:{code}", name, code, "GOV", kind="state"), 0, 0)


# ------------------------------------------------------- prominent places and small namesakes


def test_geneva_in_an_american_story_is_in_switzerland(geonames: GeonamesGazetteer) -> None:
    text = (
        "The United States and Russia agreed to hold talks.\n\n"
        "It would be the first meeting since the two presidents met in Geneva in 2021."
    )
    event = placed(text, text.split("\n\n")[1], "met", geonames)
    assert event.place is not None
    assert (event.place.name, event.place.country) == ("Geneva", "CHE")


def test_geneva_in_a_story_naming_illinois_is_the_illinois_town(
    geonames: GeonamesGazetteer,
) -> None:
    text = "Illinois officials said the governor met farmers in Geneva on Monday."
    event = placed(text, text, "met", geonames)
    assert event.place is not None
    assert (event.place.country, event.place.admin1) == ("USA", "IL")


@pytest.mark.parametrize(
    "text",
    [
        "The United States said the leaders met in Bali before the summit.",
        "India said Prime Minister Modi met the leaders in Bali before the summit.",
        "The leaders met in Bali before the summit.",
    ],
)
def test_bali_is_the_indonesian_island(geonames: GeonamesGazetteer, text: str) -> None:
    event = placed(text, text, "met", geonames)
    assert event.place is not None
    assert (event.place.name, event.place.country) == ("Bali", "IDN")


def test_a_far_larger_city_abroad_beats_a_local_town_of_the_same_name() -> None:
    def best(*candidates: Candidate) -> Place | None:
        gazetteer = InMemoryGazetteer(("Bigtown", candidate) for candidate in candidates)
        return resolve_place("Bigtown", gazetteer, ["USA"])

    big = Candidate(Place("Bigtown", "FRA", geonameid=1), population=600_000)
    town = Candidate(Place("Bigtown", "USA", admin1="OH", geonameid=2), population=20_000)
    peer = Candidate(Place("Bigtown", "USA", admin1="OH", geonameid=3), population=200_000)
    huge = Candidate(Place("Bigtown", "EGY", geonameid=4), population=4_000_000)
    assert best(big, town) == big.place
    # Three times larger is not far larger; a city of 200,000 is no town.
    assert best(big, peer) == peer.place
    assert best(huge, peer) == peer.place


def test_a_country_is_not_displaced_by_a_town_in_a_named_state(
    geonames: GeonamesGazetteer,
) -> None:
    place = resolve_place("Lebanon", geonames, ["USA"], story_admin1=[("USA", "PA")])
    assert place is not None
    assert place.country == "LBN"


def test_washington_stays_the_capital_in_a_story_about_illinois(
    geonames: GeonamesGazetteer,
) -> None:
    text = "WASHINGTON, Feb. 12 — Illinois lawmakers met the president on Tuesday."
    event = placed(text, text, "met", geonames)
    assert event.place is not None
    assert (event.place.name, event.place.admin1) == ("Washington, D.C.", "DC")


def test_actor_countries_choose_among_comparable_namesakes(geonames: GeonamesGazetteer) -> None:
    # Birmingham, Alabama is no small town beside Birmingham, England: the actors decide.
    text = "The mayor met the governor in Birmingham on Monday."
    plain = placed(text, text, "met", geonames)
    event = make_event(
        sentence=text,
        end=len(text),
        trigger_start=text.index("met"),
        trigger_end=text.index("met") + 3,
        actors=(us_state("USA", "the governor"),),
    )
    [american] = locate_events([event], text, geonames)
    assert plain.place is not None and plain.place.country == "GBR"
    assert american.place is not None
    assert (american.place.country, american.place.admin1) == ("USA", "AL")


# ------------------------------------------------------- states of the story and of its places


def test_woodside_in_a_story_naming_california_is_in_california(
    geonames: GeonamesGazetteer,
) -> None:
    text = (
        "WASHINGTON, April 2 — The two presidents spoke by telephone, their first "
        "conversation since they met in California in November.\n\n"
        "Military talks resumed after the summit at Woodside last year."
    )
    event = placed(text, text.split("\n\n")[1], "resumed", geonames)
    assert event.place is not None
    assert (event.place.country, event.place.admin1) == ("USA", "CA")


def test_woodside_in_a_story_naming_a_californian_city_is_in_california(
    geonames: GeonamesGazetteer,
) -> None:
    text = (
        "The United States hosted the summit in San Francisco this week.\n\n"
        "The presidents met at an estate in Woodside on Wednesday."
    )
    event = placed(text, text.split("\n\n")[1], "met", geonames)
    assert event.place is not None
    assert (event.place.country, event.place.admin1) == ("USA", "CA")


def test_woodside_alone_is_the_curated_california_town(geonames: GeonamesGazetteer) -> None:
    text = "President Joe Biden met Xi Jinping in Woodside on Wednesday, the White House said."
    event = placed(text, text, "met", geonames)
    assert event.place is not None
    assert (event.place.country, event.place.admin1) == ("USA", "CA")


def test_woodside_in_a_story_naming_new_york_is_in_queens(geonames: GeonamesGazetteer) -> None:
    text = "Police in New York said officers met residents in Woodside on Wednesday."
    event = placed(text, text, "met", geonames)
    assert event.place is not None
    assert (event.place.country, event.place.admin1) == ("USA", "NY")


def test_the_state_of_a_city_the_story_names_picks_the_namesake(
    geonames: GeonamesGazetteer,
) -> None:
    # Kansas City, Missouri is the larger; a story that was in Topeka means Kansas.
    text = (
        "The governor spoke in Topeka on Monday.\n\n"
        "On Tuesday she met union leaders in Kansas City."
    )
    event = placed(text, text.split("\n\n")[1], "met", geonames)
    assert event.place is not None
    assert (event.place.name, event.place.admin1) == ("Kansas City", "KS")
    alone = "On Tuesday she met union leaders in Kansas City."
    elsewhere = placed(alone, alone, "met", geonames)
    assert elsewhere.place is not None
    assert elsewhere.place.admin1 == "MO"


def test_the_datelines_state_picks_the_namesake(geonames: GeonamesGazetteer) -> None:
    # Springfield, Missouri is the largest; a story filed from Columbus means Ohio's.
    text = "COLUMBUS (AP) — The governor met union leaders in Springfield on Tuesday."
    event = placed(text, text, "met", geonames)
    assert event.place is not None
    assert (event.place.name, event.place.admin1) == ("Springfield", "OH")


def test_every_reading_of_woodside_california_is_one_place(geonames: GeonamesGazetteer) -> None:
    # One geonameid, so that reports of one summit placed by either name are one happening.
    text = "Officials in California said the leaders would meet in Woodside."
    bare = placed(text, text, "meet", geonames).place
    qualified = resolve_place("Woodside, California", geonames)
    assert bare is not None and qualified is not None
    assert bare.geonameid == qualified.geonameid == 5410535


def test_story_context_takes_the_states_of_the_cities_it_names(
    geonames: GeonamesGazetteer,
) -> None:
    text = "Lloyd Austin flew from San Francisco to a base near Geneva."
    austin = (text.index("Lloyd"), text.index(" flew"))
    context = story_context(text, geonames, countries=["USA"], persons=[austin])
    # San Francisco, California: yes. Austin is a person; Geneva means Switzerland.
    assert context.admin1 == (("USA", "CA"),)


# ------------------------------------------------------- names that are no places


def test_an_alternate_spelling_alone_is_no_place_in_the_sentence_fallback(
    geonames: GeonamesGazetteer,
) -> None:
    # Geonames lists "Pompeo" as an alternate name of Pompéu, Brazil.
    text = (
        "WASHINGTON (AP) — The United States and Japan held talks.\n\n"
        "Trump had hinted at Pompeo's milestone visit while hosting Japanese Prime Minister "
        "Shinzo Abe."
    )
    event = placed(text, text.split("\n\n")[1], "hosting", geonames)
    assert event.place_text is None
    assert event.place is not None
    assert (event.place.country, event.place_basis) == ("USA", "dateline")


def test_an_alternate_spelling_in_the_storys_country_is_still_a_place() -> None:
    town = Place("Pompéu", "BRA", geonameid=1)
    gazetteer = InMemoryGazetteer(
        [("Pompeo", Candidate(town, match="alternate", population=31_000))]
    )
    sentence = "The governor spoke at Pompeo on Monday."
    event = make_event(
        sentence=sentence, end=len(sentence), trigger="spoke", trigger_start=13, trigger_end=18
    )
    assert sentence_place_text(event, gazetteer) is None
    assert (
        sentence_place_text(event, gazetteer, context=story_context("Brazil", _countries()))
        == "Pompeo"
    )


def test_an_alternate_spelling_of_a_large_city_is_still_a_place(
    geonames: GeonamesGazetteer,
) -> None:
    # "Raqqa" is only an alternate name of Ar Raqqah (500,000 people) in geonames.
    text = "American warplanes struck targets in Raqqa on Sunday."
    event = placed(text, text, "struck", geonames)
    assert event.place is not None
    assert (event.place_text, event.place.country) == ("Raqqa", "SYR")


def _countries() -> InMemoryGazetteer:
    return InMemoryGazetteer([("Brazil", Place("Brazil", "BRA", feature="country"))])


def test_mar_a_lago_is_a_place(geonames: GeonamesGazetteer) -> None:
    place = resolve_place("Mar-a-Lago", geonames)
    assert place is not None
    assert (place.country, place.admin1) == ("USA", "FL")


def test_a_persons_name_is_no_place(geonames: GeonamesGazetteer) -> None:
    text = "The leader hosted a welcome ceremony for his guest in Kim Jong Un's presence."
    name = (text.index("Kim"), text.index("'s"))
    assert placed(text, text, "hosted", geonames).place_basis == "sentence"  # Kim, India
    event = placed(text, text, "hosted", geonames, persons=[name])
    assert (event.place_text, event.place_basis) == (None, "none")


def test_a_site_named_after_a_place_is_not_that_place(geonames: GeonamesGazetteer) -> None:
    # "Victoria Park" is no more in Victoria (Seychelles) than "Kim Il Sung Square" in Kim
    for text in (
        "Police approved a gathering in Victoria Park on Sunday.",
        "The leader hosted a welcome ceremony for his guest in Kim Il Sung Square.",
    ):
        event = placed(text, text, text.split()[1], geonames)
        assert (event.place_text, event.place_basis) == (None, "none"), text
    text = "Gunmen stormed a hotel in the Malian capital of Bamako on Friday."
    event = placed(text, text, "stormed", geonames)
    assert event.place is not None
    assert (event.place.name, event.place.country) == ("Bamako", "MLI")


@pytest.mark.parametrize(
    ("text", "trigger", "name"),
    [
        ("Coalition jets launched airstrikes inside Syria on Tuesday.", "launched", "Syria"),
        ("Turkish troops moved into Syria on Wednesday.", "moved", "Syria"),
        ("Shelling hit a village near Donetsk on Sunday.", "hit", "Donetsk"),
        ("The strikes were launched outside the city of Erbil.", "launched", "Erbil"),
    ],
)
def test_inside_into_near_and_outside_name_a_place(
    geonames: GeonamesGazetteer, text: str, trigger: str, name: str
) -> None:
    event = placed(text, text, trigger, geonames)
    assert event.place is not None and event.place.name == name


def test_a_place_text_that_is_a_persons_name_is_dropped(geonames: GeonamesGazetteer) -> None:
    text = "Kim said the talks went well."
    event = make_event(place_text="Kim", sentence=text, end=len(text))
    [kept] = locate_events([event], text, geonames, persons=[(0, 3)])
    [dropped] = locate_events([event], text, geonames, person_names=["Kim"])
    # A PERSON tag alone does not overrule the parse; a person the actors stage knows does.
    assert kept.place_basis == "sentence"
    assert dropped.place_basis == "none"


def test_a_country_tagged_as_a_person_is_still_a_place(geonames: GeonamesGazetteer) -> None:
    text = "The ministers met in Jordan on Monday."
    jordan = (text.index("Jordan"), text.index(" on"))
    event = placed(text, text, "met", geonames, persons=[jordan])
    assert event.place is not None
    assert event.place.country == "JOR"


def test_a_month_or_weekday_after_in_is_a_time_not_a_town() -> None:
    # March, Cambridgeshire and May, Oklahoma exist; "in March" still dates, it does not place
    gazetteer = InMemoryGazetteer(
        [
            ("March", Candidate(Place("March", "GBR", geonameid=2), population=22_000)),
            ("Kyiv", Candidate(Place("Kyiv", "UKR", geonameid=3), population=2_900_000)),
        ]
    )
    sentence = "The ministers met in March in Kyiv."
    event = make_event(
        sentence=sentence, end=len(sentence), trigger="met", trigger_start=14, trigger_end=17
    )
    assert sentence_place_text(event, gazetteer) == "Kyiv"
    alone = "The ministers met in March."
    event = make_event(
        sentence=alone, end=len(alone), trigger="met", trigger_start=14, trigger_end=17
    )
    assert sentence_place_text(event, gazetteer) is None
