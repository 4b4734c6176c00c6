"""Country words joined before one agent noun: "French and German ministers".

English names several parties with one noun phrase: "U.S. and Afghan officials reached an
agreement", "Russian and Ukrainian negotiators met". The title reader sees one phrase with
the country next to the noun ("German ministers"); the other countries are conjuncts of
that word. Each stands for the same kind of agent of its own country, so each becomes a
mention of its own, which lets the event coder see every party of a meeting or a deal.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from communique.actors.phrases import Reader
from communique.actors.story import Item

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def _country_word(item: Item, doc: Doc) -> Token | None:
    """The word of an agent phrase that other words are joined to ("German" in "French and
    German ministers"), else None."""
    for token in doc[item.start : item.end - 1]:
        if any(c.i < item.start for c in token.conjuncts):
            return token
    return None


def split_shared_agents(items: list[Item], doc: Doc, read: Reader) -> list[Item]:
    """Add one agent mention per country word joined to a titled agent phrase's own."""
    added: list[Item] = []
    covered = {i for item in items for i in range(item.start, item.end)}
    replaced: set[int] = set()
    for item in items:
        actor = item.actor
        if actor is None or actor.kind != "agent" or not actor.country or not actor.sector:
            continue
        word = _country_word(item, doc)
        if word is None:
            continue
        for other in word.conjuncts:
            if other.i >= item.start:
                continue
            start = min(other.left_edge.i, other.i)
            found = read.country_at(start)
            if found is None or found[1] != other.i + 1 or found[0] == actor.country:
                continue
            at_start = [k for k, it in enumerate(items) if it.start == start]
            if not at_start and any(i in covered for i in range(start, other.i + 1)):
                continue  # the word belongs to another phrase
            replaced.update(at_start)  # "French" read alone (the country) gives way to the agent
            code = found[0]
            twin = dataclasses.replace(
                actor,
                id=f"cq:agent:{code.lower()}-{actor.sector.lower()}",
                name=doc[start : other.i + 1].text,
                country=code,
                code=f"{code}{actor.sector}",
            )
            added.append(Item(start, other.i + 1, twin, "title", office=item.office))
    if not added:
        return items
    kept = [it for k, it in enumerate(items) if k not in replaced]
    return sorted([*kept, *added], key=lambda it: it.start)
