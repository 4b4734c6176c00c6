"""What the places stage needs from a gazetteer, and a small one for tests and user lists."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from communique.places.names import normalise_name
from communique.records import Place


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


class InMemoryGazetteer:
    """A gazetteer from ``(name, place)`` pairs, ranked in the order given."""

    def __init__(self, entries: Iterable[tuple[str, Place]]) -> None:
        self._index: dict[str, list[Place]] = {}
        for name, place in entries:
            bucket = self._index.setdefault(normalise_name(name), [])
            if place not in bucket:
                bucket.append(place)

    @classmethod
    def from_places(cls, places: Iterable[Place]) -> InMemoryGazetteer:
        """Each place under its own name."""
        return cls((place.name, place) for place in places)

    def lookup(self, name: str) -> list[Place]:
        return list(self._index.get(normalise_name(name), ()))
