"""Toponym disambiguation, datelines and locate_events' order of evidence."""

from __future__ import annotations

import pytest

from communique.places import (
    GeonamesGazetteer,
    InMemoryGazetteer,
    StoryContext,
    find_dateline_place,
    locate_events,
    resolve_place,
    story_context,
)
from communique.records import Place
from factories import make_event


@pytest.fixture(scope="module")
def geonames() -> GeonamesGazetteer:
    return GeonamesGazetteer()


# --------------------------------------------------------------------- resolve_place


def test_paris_without_context_is_in_france(geonames: GeonamesGazetteer) -> None:
    paris = resolve_place("Paris", geonames)
    assert paris is not None
    assert paris.country == "FRA"


def test_paris_in_an_american_story_is_still_the_french_capital(
    geonames: GeonamesGazetteer,
) -> None:
    # A capital is not given up for a town of 25,000 because the story is American.
    paris = resolve_place("Paris", geonames, ["USA"])
    assert paris is not None
    assert paris.country == "FRA"


def test_paris_in_a_story_naming_texas_is_in_texas(geonames: GeonamesGazetteer) -> None:
    paris = resolve_place("Paris", geonames, ["USA"], story_admin1=[("USA", "TX")])
    assert paris is not None
    assert (paris.country, paris.admin1) == ("USA", "TX")


def test_state_named_in_story_picks_the_springfield(geonames: GeonamesGazetteer) -> None:
    default = resolve_place("Springfield", geonames, ["USA"])
    illinois = resolve_place("Springfield", geonames, ["USA"], story_admin1=[("USA", "IL")])
    ohio = resolve_place("Springfield", geonames, ["USA"], story_admin1=[("USA", "OH")])
    assert default is not None
    assert default.admin1 == "MO"  # the largest Springfield
    assert illinois is not None
    assert illinois.admin1 == "IL"
    assert ohio is not None
    assert ohio.admin1 == "OH"


@pytest.mark.parametrize(
    ("name", "country", "admin1"),
    [
        ("Paris, Texas", "USA", "TX"),
        ("Paris, France", "FRA", "11"),
        ("Springfield, Illinois", "USA", "IL"),
        ("Springfield, Ill.", "USA", "IL"),
        ("Springfield, Mass.", "USA", "MA"),
        ("Springfield, OH", "USA", "OH"),
        ("Woodside, California", "USA", "CA"),
        ("Kyiv, Ukraine", "UKR", "12"),
    ],
)
def test_city_state_and_city_country_forms(
    geonames: GeonamesGazetteer, name: str, country: str, admin1: str
) -> None:
    place = resolve_place(name, geonames)
    assert place is not None
    assert (place.country, place.admin1, place.feature) == (country, admin1, "city")


def test_unknown_city_in_known_state_resolves_to_the_state(geonames: GeonamesGazetteer) -> None:
    place = resolve_place("Smallburgh, Kansas", geonames)
    assert place is not None
    assert (place.feature, place.admin1) == ("admin1", "KS")


def test_unknown_names_give_none(geonames: GeonamesGazetteer) -> None:
    assert resolve_place("Zorblaxia", geonames) is None
    assert resolve_place("Zorblaxia, Narnia", geonames) is None


def test_story_context_collects_countries_and_states(geonames: GeonamesGazetteer) -> None:
    text = "Officials in Texas and the U.S. said China's envoy met Bosnia and Herzegovina."
    context = story_context(text, geonames)
    assert context.countries == ("USA", "CHN", "BIH")
    assert context.admin1 == (("USA", "TX"),)


def test_capital_called_washington_does_not_add_washington_state(
    geonames: GeonamesGazetteer,
) -> None:
    context = story_context("Washington said it would respond.", geonames)
    assert ("USA", "WA") not in context.admin1


# --------------------------------------------------------------------- datelines


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("BEIJING, April 26 — The talks began.", "Beijing"),
        ("BEIJING (AP) — The talks began.", "Beijing"),
        ("KYIV, Ukraine (Reuters) - Sirens sounded.", "Kyiv, Ukraine"),
        ("NEW YORK, April 26 (Reuters) - Shares fell.", "New York"),
        ("Washington (CNN) -- Lawmakers voted.", "Washington"),
        ("  \n\nSAN FRANCISCO — A court ruled.", "San Francisco"),
        ("Envoys meet in Beijing\nMOSCOW, Jan. 5, 2024 — A statement said.", "Moscow"),
    ],
)
def test_finds_dateline_places(text: str, place: str) -> None:
    assert find_dateline_place(text) == place


@pytest.mark.parametrize(
    "text",
    [
        "Washington — the city — was quiet.",  # mixed case with nothing else: a sentence
        "The minister said - without notes - that talks would go on.",
        "US-China talks resumed on Friday.",
        "",
    ],
)
def test_ignores_sentences_that_are_not_datelines(text: str) -> None:
    assert find_dateline_place(text) is None


# --------------------------------------------------------------------- locate_events


def test_sentence_place_wins(geonames: GeonamesGazetteer) -> None:
    text = "BEIJING, April 26 — The envoy later flew to Shanghai."
    [event] = locate_events([make_event(place_text="Shanghai")], text, geonames)
    assert event.place is not None
    assert (event.place.name, event.place_basis) == ("Shanghai", "sentence")


def test_dateline_when_the_sentence_names_no_place(geonames: GeonamesGazetteer) -> None:
    text = "BEIJING, April 26 — The two ministers met for five hours."
    [event] = locate_events([make_event()], text, geonames)
    assert event.place is not None
    assert (event.place.name, event.place.country, event.place_basis) == (
        "Beijing",
        "CHN",
        "dateline",
    )


def test_dateline_given_by_the_caller(geonames: GeonamesGazetteer) -> None:
    [event] = locate_events([make_event()], "No dateline here.", geonames, dateline_place="Kiev")
    assert event.place is not None
    assert (event.place.name, event.place_basis) == ("Kyiv", "dateline")


def test_story_place_is_the_most_frequent_sentence_place(geonames: GeonamesGazetteer) -> None:
    events = [
        make_event("e1", place_text="Shanghai"),
        make_event("e2", place_text="Beijing"),
        make_event("e3", place_text="Beijing"),
        make_event("e4"),
    ]
    located = locate_events(events, "The envoy toured China.", geonames)
    assert [e.place_basis for e in located] == ["sentence", "sentence", "sentence", "story"]
    assert located[3].place is not None
    assert located[3].place.name == "Beijing"


def test_story_place_from_first_paragraph(geonames: GeonamesGazetteer) -> None:
    text = (
        "Foreign ministers gathered in Jakarta on Tuesday for regional talks.\n\n"
        "Later the delegates were in Tokyo."
    )
    [event] = locate_events([make_event()], text, geonames)
    assert event.place is not None
    assert (event.place.name, event.place_basis) == ("Jakarta", "story")


def test_no_evidence_leaves_place_empty(geonames: GeonamesGazetteer) -> None:
    [event] = locate_events([make_event(place_text="Zorblaxia")], "Nothing to see.", geonames)
    assert (event.place, event.place_basis) == (None, "none")


def test_story_countries_settle_ambiguous_sentence_places(geonames: GeonamesGazetteer) -> None:
    text = "The governor of Texas spoke at a rally in Paris on Saturday."
    [event] = locate_events([make_event(place_text="Paris")], text, geonames)
    assert event.place is not None
    assert (event.place.country, event.place.admin1) == ("USA", "TX")


def test_paris_in_a_french_story_stays_in_france(geonames: GeonamesGazetteer) -> None:
    text = "Leaders met in Paris as France hosted the summit."
    [event] = locate_events([make_event(place_text="Paris")], text, geonames)
    assert event.place is not None
    assert event.place.country == "FRA"


def test_unambiguous_sentence_places_inform_the_others() -> None:
    springfield_mo = Place("Springfield", "USA", admin1="MO", geonameid=1)
    springfield_uk = Place("Springfield", "GBR", geonameid=2)
    gazetteer = InMemoryGazetteer(
        [
            ("Springfield", springfield_uk),
            ("Springfield", springfield_mo),
            ("Chicago", Place("Chicago", "USA", admin1="IL", geonameid=3)),
        ]
    )
    events = [make_event("e1", place_text="Chicago"), make_event("e2", place_text="Springfield")]
    located = locate_events(events, "A tour of two cities.", gazetteer)
    assert located[1].place == springfield_mo


def test_events_already_placed_are_kept(geonames: GeonamesGazetteer) -> None:
    fixed = Place("Somewhere", "NOR")
    [event] = locate_events(
        [make_event(place=fixed, place_basis="sentence")], "BEIJING — Talks.", geonames
    )
    assert event.place == fixed


def test_story_context_extension_keeps_order() -> None:
    context = StoryContext(("CHN",)).extended(
        [Place("Texas", "USA", feature="admin1", admin1="TX"), Place("Beijing", "CHN")]
    )
    assert context == StoryContext(("CHN", "USA"), (("USA", "TX"),))


def test_place_in_the_sentence_found_when_the_parse_missed_it(
    geonames: GeonamesGazetteer,
) -> None:
    sentence = "The rebels met on Monday with the envoy in Qatar."
    event = make_event(sentence=sentence, trigger_start=11, trigger_end=14, end=len(sentence))
    [located] = locate_events([event], sentence, geonames)
    assert located.place is not None
    assert (located.place_text, located.place.country, located.place_basis) == (
        "Qatar",
        "QAT",
        "sentence",
    )


def test_a_place_that_is_an_actor_is_not_the_event_location(
    geonames: GeonamesGazetteer,
) -> None:
    from communique.records import Participant

    sentence = "Officials in Beijing condemned the sale."
    actor = Participant("Officials in Beijing", None, 0, 20)
    event = make_event(
        sentence=sentence,
        trigger="condemned",
        trigger_start=21,
        trigger_end=30,
        end=len(sentence),
        actors=(actor,),
    )
    [located] = locate_events([event], sentence, geonames)
    assert located.place_basis == "none"


def test_place_named_in_quotation_marks_is_not_the_event_location(
    geonames: GeonamesGazetteer,
) -> None:
    sentence = 'The envoy met them and said "we will meet again in Paris".'
    event = make_event(sentence=sentence, trigger_start=10, trigger_end=13, end=len(sentence))
    [located] = locate_events([event], sentence, geonames)
    assert located.place_basis == "none"


def test_story_place_skips_a_date_line_above_the_lede(geonames: GeonamesGazetteer) -> None:
    text = (
        "Friday, January 4, 2019\n\n\n"
        "An apartment building collapsed on Monday in Magnitogorsk, a city of Russia."
    )
    [event] = locate_events([make_event()], text, geonames)
    assert event.place is not None
    assert (event.place.name, event.place_basis) == ("Magnitogorsk", "story")


def test_a_place_named_once_in_a_sentence_does_not_outrank_the_lede(
    geonames: GeonamesGazetteer,
) -> None:
    text = "Voters queued for hours in Atlanta on Tuesday as the count went on.\n\nMore."
    events = [make_event("e1", place_text="Pittsburgh"), make_event("e2")]
    located = locate_events(events, text, geonames)
    assert located[1].place is not None
    assert (located[1].place.name, located[1].place_basis) == ("Atlanta", "story")


def test_plover_location_object_uses_the_manual_fields(geonames: GeonamesGazetteer) -> None:
    from communique.places import event_location, plover_location

    [event] = locate_events([make_event(place_text="Shanghai")], "Talks.", geonames)
    location = event_location(event)
    assert location is not None
    assert location["extracted_place"] == "Shanghai"
    assert location["city"] == "Shanghai"
    assert (location["country"], location["country_code"]) == ("China", "CHN")
    assert (location["feature_class"], location["resolution"]) == ("P", 4)
    assert location["basis"] == "sentence"
    texas = plover_location(Place("Texas", "USA", feature="admin1", admin1="TX"))
    assert texas is not None
    assert (texas["province"], texas["city"], texas["resolution"]) == ("Texas", None, 2)
    assert plover_location(None) is None


def test_a_place_that_is_another_events_actor_is_not_a_location(
    geonames: GeonamesGazetteer,
) -> None:
    from communique.records import Participant

    sentence = "The bill granting aid to the island provoked a reaction in Beijing."
    at = sentence.index
    aid = make_event(
        "e1",
        trigger="granting aid",
        trigger_start=at("granting"),
        trigger_end=at(" to the"),
        sentence=sentence,
        end=len(sentence),
    )
    beijing = Participant("Beijing", None, at("Beijing"), at("Beijing") + 7)
    reaction = make_event(
        "e2",
        trigger="reaction",
        trigger_start=at("reaction"),
        trigger_end=at(" in Beijing"),
        sentence=sentence,
        end=len(sentence),
        actors=(beijing,),
    )
    located = locate_events([aid, reaction], sentence, geonames)
    assert [event.place_text for event in located] == [None, None]
    assert "sentence" not in {event.place_basis for event in located}


def test_story_place_is_not_given_to_events_of_other_countries(
    geonames: GeonamesGazetteer,
) -> None:
    from communique.records import Actor, Participant

    def state(code: str) -> Participant:
        return Participant(code, Actor(f"cq:state:{code}", code, code, "GOV", kind="state"), 0, 3)

    text = "Arab foreign ministers met in Cairo on Wednesday to discuss the region.\n\nMore."
    foreign = make_event("e1", actors=(state("TUR"),), recipients=(state("LBY"),))
    local = make_event("e2", actors=(state("EGY"),))
    unknown = make_event("e3")
    located = locate_events([foreign, local, unknown], text, geonames)
    assert [event.place_basis for event in located] == ["none", "story", "story"]


def test_a_place_few_events_name_is_not_a_long_stories_place(
    geonames: GeonamesGazetteer,
) -> None:
    text = "A monthly round-up of what the candidates said and did on the trail.\n\nMore."
    events = [make_event("p1", place_text="Pittsburgh"), make_event("p2", place_text="Pittsburgh")]
    events += [make_event(f"e{index}") for index in range(5)]
    located = locate_events(events, text, geonames)
    assert [event.place_basis for event in located] == ["sentence"] * 2 + ["none"] * 5


def test_the_white_house_is_in_washington_not_casablanca(geonames: GeonamesGazetteer) -> None:
    # Geonames lists "White House" among Casablanca's alternate names (Dar el Beida).
    place = resolve_place("the White House", geonames)
    assert place is not None
    assert (place.country, place.admin1) == ("USA", "DC")
