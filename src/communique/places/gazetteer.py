"""What the places stage needs from a gazetteer, and a small one for tests and user lists."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

from communique.names import PLACE_KEY, normalise
from communique.records import Place

# How a name matched a place, best first: a curated reading the news means by default, a
# country, a US state, another curated place, a place's own name, one of its alternate
# spellings (geonames lists "Pompeo" for Pompéu, Brazil, and "White House" for Casablanca).
MatchKind = Literal["preferred", "country", "admin1", "curated", "name", "alternate"]
MATCH_KINDS: tuple[MatchKind, ...] = (
    "preferred",
    "country",
    "admin1",
    "curated",
    "name",
    "alternate",
)

# Fewer people than this make a town: a name a town shares with a far larger city, or
# has only as an alternate spelling, is weak evidence that a story means the town.
TOWN_POPULATION = 100_000


@dataclass(frozen=True, slots=True)
class Candidate:
    """One place a name may mean, with what the gazetteer knows of its standing."""

    place: Place
    match: MatchKind = "name"
    population: int = 0  # 0 when unknown (curated rows, small gazetteers)
    capital: bool = False  # the capital of a country

    @property
    def prominent(self) -> bool:
        """A country, a state, a curated place or a capital: what a bare name means first.

        Such a name is read as the place even where the story also uses it otherwise
        ("Jordan" the country beside Michael Jordan; "Washington" beside George Washington).
        """
        return self.capital or self.match in ("preferred", "country", "admin1", "curated")

    @property
    def alternate_only(self) -> bool:
        """Whether the name is only one of the place's alternate spellings."""
        return self.match == "alternate"

    @property
    def town(self) -> bool:
        """A city known to have fewer than TOWN_POPULATION people (not a capital)."""
        return 0 < self.population < TOWN_POPULATION and not self.capital


@runtime_checkable
class Gazetteer(Protocol):
    """Looks names up; the answer is ordered best first.

    "Best" is the gazetteer's prior, before any story context: curated readings
    ("Washington" the capital) first, then countries, states and provinces, then
    cities by population, with names matched exactly before alternate spellings.
    """

    def lookup(self, name: str) -> list[Place]:
        """Every place called ``name`` (case, accents, full stops and "the" ignored)."""
        ...

    def candidates(self, name: str) -> list[Candidate]:
        """The places of ``lookup(name)``, in the same order, with how each matched."""
        ...


class InMemoryGazetteer:
    """A gazetteer from ``(name, place)`` pairs, ranked in the order given.

    A pair may give a ``Candidate`` instead of a bare place, to say how the name matches
    and how many people live there; a bare place is matched by its name, population unknown.
    """

    def __init__(self, entries: Iterable[tuple[str, Place | Candidate]]) -> None:
        self._index: dict[str, list[Candidate]] = {}
        for name, entry in entries:
            candidate = entry if isinstance(entry, Candidate) else Candidate(entry)
            bucket = self._index.setdefault(normalise(name, PLACE_KEY), [])
            if all(known.place != candidate.place for known in bucket):
                bucket.append(candidate)

    def lookup(self, name: str) -> list[Place]:
        return [candidate.place for candidate in self.candidates(name)]

    def candidates(self, name: str) -> list[Candidate]:
        return list(self._index.get(normalise(name, PLACE_KEY), ()))
