"""The story's own country for the domestic office holders and bodies it leaves countryless.

A story names the country of its own officials once, if at all: "Rep. Jason Chaffetz",
"Police Commissioner Andrew Scipione", "Union County Prosecutor Grace Park", "the Oversight
Committee" are of the country the story is about. When one country clearly dominates the
actors a story codes, a titled person or a domestic body with a sector but no country is
taken to be of that country. Groups that act abroad (soldiers, rebels, gunmen, refugees) and
international actors are left alone: their country is not the story's by default.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Sequence

from communique.actors.story import Item

# Sectors of titled people who hold office at home ("Gen." included: a story's generals are
# mostly its own country's).
_PEOPLE_SECTORS = frozenset({"GOV", "LEG", "JUD", "COP", "MIL", "PTY", "HLH", "EDU"})
# Sectors of unnamed bodies that act at home ("the Oversight Committee", "prosecutors", "the
# ministry"): in a story one country dominates, its own.
_BODY_SECTORS = frozenset({"LEG", "JUD", "COP", "PTY", "GOV"})
_INTERNATIONAL = frozenset({"IGO", "NGO", "IMG"})
MIN_MENTIONS = 3  # coded mentions of the dominant country
MIN_SHARE = 0.5  # its share of all mentions coded with a country


def story_country(items: Sequence[Item]) -> str | None:
    """The one country most of the story's coded actors belong to, else None."""
    counts = Counter(
        item.actor.country
        for item in items
        if item.actor is not None
        and item.actor.country
        and item.actor.country not in _INTERNATIONAL
    )
    if not counts:
        return None
    (country, top), *_ = counts.most_common(1)
    if top < MIN_MENTIONS or top / sum(counts.values()) < MIN_SHARE:
        return None
    return country


def _domestic(item: Item) -> bool:
    actor = item.actor
    if actor is None or actor.country or not actor.sector:
        return False
    if actor.kind == "person":
        return item.title is not None and actor.sector in _PEOPLE_SECTORS
    return actor.kind in {"agent", "organisation"} and actor.sector in _BODY_SECTORS


def fill_story_country(items: Sequence[Item]) -> None:
    """Give countryless titled people and domestic bodies the story's dominant country."""
    country = story_country(items)
    if country is None:
        return
    for item in items:
        if _domestic(item) and item.actor is not None:
            sector = item.actor.sector or ""
            item.actor = dataclasses.replace(item.actor, country=country, code=f"{country}{sector}")
