"""Toponym disambiguation, datelines and locate_events' order of evidence."""

from __future__ import annotations

from typing import Any

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
from communique.records import Event, Place


@pytest.fixture(scope="module")
def geonames() -> GeonamesGazetteer:
    return GeonamesGazetteer()


def make_event(event_id: str = "e1", **fields: Any) -> Event:
    """An Event as the events coder emits it: place still at its default."""
    values: dict[str, Any] = {
        "id": event_id,
        "article_id": "a1",
        "event": "CONSULT",
        "mode": None,
        "context": (),
        "cameo": "040",
        "goldstein": 1.0,
        "quad_code": 1,
        "actors": (),
        "recipients": (),
        "trigger": "met",
        "sentence": "The two ministers met.",
        "start": 0,
        "end": 22,
    }
    values.update(fields)
    return Event(**values)


# --------------------------------------------------------------------- resolve_place


def test_paris_without_context_is_in_france(geonames: GeonamesGazetteer) -> None:
    paris = resolve_place("Paris", geonames)
    assert paris is not None
    assert paris.country == "FRA"


def test_paris_in_an_american_story_is_in_texas(geonames: GeonamesGazetteer) -> None:
    paris = resolve_place("Paris", geonames, ["USA"])
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
