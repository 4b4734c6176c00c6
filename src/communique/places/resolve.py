"""Toponym disambiguation: which of the places called "Paris" a story means."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from communique.names import PLACE_KEY, normalise
from communique.places.datafiles import data_dir, load_name_table
from communique.places.gazetteer import Candidate, Gazetteer
from communique.records import Place

# Features that tell us which country or state a story is about when named in it.
_CONTEXT_FEATURES = ("country", "admin1")
# A run of capitalised words, allowing the small words inside names
# ("Bosnia and Herzegovina", "Democratic Republic of the Congo").
_CAPITALISED_RUN = re.compile(
    r"(?:[A-Z][\w'’.-]*|of|and|the|de|du)(?:\s+(?:[A-Z][\w'’.-]*|of|and|the|de|du))*"
)
_MAX_NAME_WORDS = 6
# A city named after one of these words is a place the story is set in or moves through.
_LOCATIVE = re.compile(
    r"\b(?:in|at|near|outside|from|to|into|around|across|toward|towards|of)\s+$", re.IGNORECASE
)
# A city this many times as populous as a town of the same name in the story's countries
# is the one the story means: "Geneva" in an American story is Geneva, Switzerland
# (200,000 people), not Geneva, Illinois (22,000). Birmingham, Alabama (200,000) is no
# town: an American story means it, not Birmingham, England.
_FAR_LARGER = 5

Span = tuple[int, int]


@functools.cache
def _qualifier_abbreviations() -> dict[str, str]:
    """Normalised abbreviation -> postal code, read once from state_abbreviations.tsv."""
    table = load_name_table(data_dir() / "state_abbreviations.tsv", key="admin1")
    return {normalise(name, PLACE_KEY): code for code, names in table.items() for name in names}


@dataclass(frozen=True, slots=True)
class StoryContext:
    """The countries and states a story names, in order of first mention."""

    countries: tuple[str, ...] = ()  # ISO alpha-3
    admin1: tuple[tuple[str, str], ...] = ()  # (country ISO alpha-3, admin1 code)

    def extended(self, places: Iterable[Place]) -> StoryContext:
        """This context with the countries and states of ``places`` appended.

        A place's state is the place itself for a state, the state it lies in for a city
        or a landmark: a story set in San Francisco is set in California.
        """
        countries = list(self.countries)
        admin1 = list(self.admin1)
        for place in places:
            if place.country and place.country not in countries:
                countries.append(place.country)
            if place.feature != "country" and place.country and place.admin1:
                pair = (place.country, place.admin1)
                if pair not in admin1:
                    admin1.append(pair)
        return StoryContext(tuple(countries), tuple(admin1))

    def with_countries(self, countries: Iterable[str]) -> StoryContext:
        """This context with ``countries`` (ISO alpha-3) appended, in order."""
        known = list(self.countries)
        known += [code for code in dict.fromkeys(countries) if code and code not in known]
        return StoryContext(tuple(known), self.admin1)


def story_context(
    text: str,
    gazetteer: Gazetteer,
    *,
    countries: Sequence[str] = (),
    persons: Sequence[Span] = (),
) -> StoryContext:
    """Countries and states named anywhere in ``text`` ("Texas" puts a story in USA/TX).

    Every run of capitalised words is read, longest names first ("Kansas City" is a city,
    not Kansas). A name counts when its first reading is a country or state: a city name
    alone is too often ambiguous to say where a story is. ``countries`` (those of the
    story's actors) are added after the named ones. Then a city named after "in", "at",
    "of" and the like adds its state when that is its best reading and, among the story's
    countries (anywhere, when none is known), the name means places of one state only:
    "in Topeka" adds Kansas; "in San Francisco" adds California in an American story;
    "Austin", in Texas and in Minnesota, adds none; "Geneva" means Switzerland. Names
    inside ``persons`` (offsets of people's names) are no cities.
    """
    found: list[Place] = []
    cities: list[tuple[int, list[Candidate]]] = []
    for run in _CAPITALISED_RUN.finditer(text):
        words = [
            (run.start() + match.start(), match.group())
            for match in re.finditer(r"\S+", run.group())
        ]
        start = 0
        while start < len(words):
            width, candidates = _longest_name([word for _, word in words], start, gazetteer)
            # Only when the name's first reading is a country or state: "Washington" is
            # the capital before it is the state, and must not pull "Vancouver" into the USA.
            if candidates and candidates[0].place.feature in _CONTEXT_FEATURES:
                found.append(candidates[0].place)
            elif candidates:
                cities.append((words[start][0], candidates))
            start += width or 1
    context = StoryContext().extended(found).with_countries(countries)
    located = [
        place
        for at, candidates in cities
        if _LOCATIVE.search(text[max(0, at - 12) : at])
        and not any(s <= at < e for s, e in persons)
        and (place := _city_of_one_state(candidates, context)) is not None
    ]
    return context.extended(located)


def _longest_name(
    words: list[str], start: int, gazetteer: Gazetteer
) -> tuple[int, list[Candidate]]:
    """How many of ``words`` from ``start`` make the longest name the gazetteer knows, and
    its candidates; (0, []) when none does."""
    if not words[start][:1].isupper():
        return 0, []
    for width in range(min(_MAX_NAME_WORDS, len(words) - start), 0, -1):
        phrase = " ".join(words[start : start + width]).rstrip(".,;:'’")
        phrase = re.sub(r"['’]s$", "", phrase)
        candidates = gazetteer.candidates(phrase) if phrase else []
        if candidates:
            return width, candidates
    return 0, []


def _city_of_one_state(candidates: Sequence[Candidate], context: StoryContext) -> Place | None:
    """The city ``candidates`` mean, when that is their best reading and their readings
    in the story's countries (all of them, when none lies there) share one state."""
    best = rank_candidates(candidates, context)[0]
    local = [c for c in candidates if c.place.country in context.countries] or list(candidates)
    states = {(c.place.country, c.place.admin1) for c in local if not c.alternate_only}
    if best.place.feature == "city" and best in local and len(states) == 1:
        return best.place
    return None


def rank_candidates(candidates: Sequence[Candidate], context: StoryContext) -> list[Candidate]:
    """``candidates`` reordered: those in a state the story names, then in its countries.

    The sort is stable, so within each group the gazetteer's order (curated readings,
    then population) still decides. Two readings resist a city the context favours:

    * a preferred curated reading or a country is never displaced by a city of the same
      name ("Washington" stays the capital in a story about Illinois, "Lebanon" the
      country in a story about Pennsylvania);
    * a city in the story's countries, not in a state it names, gives way to a prominent
      namesake elsewhere (a state, a curated place, a capital), and a town there to a
      city at least five times as populous: "Geneva" in an American story is Geneva,
      Switzerland, not Geneva, Illinois, unless the story names Illinois or places
      something there.
    """

    def group(candidate: Candidate) -> int:
        place = candidate.place
        if place.country and (place.country, place.admin1 or "") in context.admin1:
            return 0
        if place.country in context.countries:
            return 1
        return 2

    ranked = sorted(candidates, key=group)
    if not ranked or not _displaceable(ranked[0]):
        return ranked
    top = group(ranked[0])
    for index, other in enumerate(ranked):
        if other.match in ("preferred", "country") or (
            top == 1 and group(other) == 2 and _outranks(other, ranked[0])
        ):
            ranked.insert(0, ranked.pop(index))
            break
    return ranked


def _displaceable(candidate: Candidate) -> bool:
    """Whether ``candidate`` is a city the gazetteer alone would not have put first."""
    return candidate.place.feature == "city" and candidate.match in ("name", "alternate")


def _outranks(other: Candidate, local: Candidate) -> bool:
    """Whether ``other``, outside the story's countries, is likelier than ``local``, the
    best reading inside them."""
    if other.alternate_only:
        return False
    if other.prominent:
        return True
    return local.town and other.population >= _FAR_LARGER * local.population


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
    candidates = gazetteer.candidates(name)
    if candidates:
        return rank_candidates(candidates, context)[0].place
    city, comma, qualifier = name.rpartition(",")
    if not comma or not city.strip() or not qualifier.strip():
        return None
    return _resolve_qualified(city.strip(), qualifier.strip(), gazetteer, context)


def _resolve_qualified(
    city: str, qualifier: str, gazetteer: Gazetteer, context: StoryContext
) -> Place | None:
    regions = [p for p in gazetteer.lookup(qualifier) if p.feature in _CONTEXT_FEATURES]
    postal = _qualifier_abbreviations().get(
        normalise(qualifier, PLACE_KEY), normalise(qualifier, PLACE_KEY).upper()
    )
    if not regions and not (len(postal) == 2 and postal.isalpha()):
        return None
    countries = {p.country for p in regions if p.feature == "country"}
    states = {(p.country, p.admin1) for p in regions if p.feature == "admin1"}
    # "Woodside, CA" and "Springfield, Ill." name a US state by its postal code.
    states.add(("USA", postal))
    for candidate in rank_candidates(gazetteer.candidates(city), context):
        place = candidate.place
        if place.country in countries or (place.country, place.admin1) in states:
            return place
    return regions[0] if regions else None
