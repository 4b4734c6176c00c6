"""Toponym disambiguation: which of the places called "Paris" a story means."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from communique.places.datafiles import data_dir, load_name_table
from communique.places.gazetteer import Gazetteer
from communique.places.names import normalise_name
from communique.records import Place

# Features that tell us which country or state a story is about when named in it.
_CONTEXT_FEATURES = ("country", "admin1")
# A run of capitalised words, allowing the small words inside names
# ("Bosnia and Herzegovina", "Democratic Republic of the Congo").
_CAPITALISED_RUN = re.compile(
    r"(?:[A-Z][\w'’.-]*|of|and|the|de|du)(?:\s+(?:[A-Z][\w'’.-]*|of|and|the|de|du))*"
)
_MAX_NAME_WORDS = 6


@functools.cache
def _qualifier_abbreviations() -> dict[str, str]:
    """Normalised abbreviation -> postal code, read once from state_abbreviations.tsv."""
    table = load_name_table(data_dir() / "state_abbreviations.tsv", key="admin1")
    return {normalise_name(name): code for code, names in table.items() for name in names}


@dataclass(frozen=True, slots=True)
class StoryContext:
    """The countries and states a story names, in order of first mention."""

    countries: tuple[str, ...] = ()  # ISO alpha-3
    admin1: tuple[tuple[str, str], ...] = ()  # (country ISO alpha-3, admin1 code)

    def extended(self, places: Iterable[Place]) -> StoryContext:
        """This context with the countries and states of ``places`` appended."""
        countries = list(self.countries)
        admin1 = list(self.admin1)
        for place in places:
            if place.country and place.country not in countries:
                countries.append(place.country)
            if place.feature == "admin1" and place.country and place.admin1:
                pair = (place.country, place.admin1)
                if pair not in admin1:
                    admin1.append(pair)
        return StoryContext(tuple(countries), tuple(admin1))


def story_context(text: str, gazetteer: Gazetteer) -> StoryContext:
    """Countries and US states named anywhere in ``text`` ("Texas" puts a story in USA/TX).

    Only countries and states count: a city name alone is too often ambiguous to say
    where a story is. Every run of capitalised words is tried, longest names first.
    """
    found: list[Place] = []
    for run in _CAPITALISED_RUN.finditer(text):
        words = run.group(0).split()
        start = 0
        while start < len(words):
            width = _longest_context_name(words, start, gazetteer, found)
            start += width or 1
    return StoryContext().extended(found)


def _longest_context_name(
    words: list[str], start: int, gazetteer: Gazetteer, found: list[Place]
) -> int:
    if not words[start][:1].isupper():
        return 0
    for width in range(min(_MAX_NAME_WORDS, len(words) - start), 0, -1):
        phrase = " ".join(words[start : start + width]).rstrip(".,;:'’")
        phrase = re.sub(r"['’]s$", "", phrase)
        if not phrase:
            continue
        candidates = gazetteer.lookup(phrase)
        # Only when the name's first reading is a country or state: "Washington" is the
        # capital before it is the state, and must not pull "Vancouver" into the USA.
        if candidates and candidates[0].feature in _CONTEXT_FEATURES:
            found.append(candidates[0])
            return width
    return 0


def rank_candidates(candidates: Sequence[Place], context: StoryContext) -> list[Place]:
    """``candidates`` reordered: those in a state the story names, then in its countries.

    The sort is stable, so within each group the gazetteer's order (curated readings,
    then population) still decides.
    """

    def group(place: Place) -> int:
        if place.country and (place.country, place.admin1 or "") in context.admin1:
            return 0
        if place.country in context.countries:
            return 1
        return 2

    return sorted(candidates, key=group)


def resolve_place(
    name: str,
    gazetteer: Gazetteer,
    story_countries: Sequence[str] = (),
    *,
    story_admin1: Sequence[tuple[str, str]] = (),
) -> Place | None:
    """The place ``name`` most likely means in a story about ``story_countries``.

    "Paris" with no context is Paris, France (the larger city); in a story whose
    countries are [USA] it is Paris, Texas. ``story_admin1`` pairs such as
    ("USA", "IL") pick among several Springfields. "City, State" and "City, Country"
    forms ("Woodside, California", "Paris, Texas") are read as a city within the
    qualifier; a city we do not know in a qualifier we do resolves to the qualifier.
    """
    context = StoryContext(tuple(story_countries), tuple(story_admin1))
    candidates = gazetteer.lookup(name)
    if candidates:
        return rank_candidates(candidates, context)[0]
    city, comma, qualifier = name.rpartition(",")
    if not comma or not city.strip() or not qualifier.strip():
        return None
    return _resolve_qualified(city.strip(), qualifier.strip(), gazetteer, context)


def _resolve_qualified(
    city: str, qualifier: str, gazetteer: Gazetteer, context: StoryContext
) -> Place | None:
    regions = [p for p in gazetteer.lookup(qualifier) if p.feature in _CONTEXT_FEATURES]
    postal = _qualifier_abbreviations().get(
        normalise_name(qualifier), normalise_name(qualifier).upper()
    )
    if not regions and not (len(postal) == 2 and postal.isalpha()):
        return None
    countries = {p.country for p in regions if p.feature == "country"}
    states = {(p.country, p.admin1) for p in regions if p.feature == "admin1"}
    # "Woodside, CA" and "Springfield, Ill." name a US state by its postal code.
    states.add(("USA", postal))
    for place in rank_candidates(gazetteer.lookup(city), context):
        if place.country in countries or (place.country, place.admin1) in states:
            return place
    return regions[0] if regions else None
