"""One act told with its consequence: "struck the town, killing five" is one ASSAULT.

A participle or clause hanging on a trigger of the same type ("launched airstrikes,
killing", "attacked the base, wounding", "met X, holding talks") tells the same act
again; coded alone it would count the happening twice. A subordinate act with its own
subject ("Y struck back after X attacked") is another act and stays.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from communique.events.participants import resolved
from communique.records import Event

if TYPE_CHECKING:
    from spacy.tokens import Token

# How a participle of manner or result hangs on the verb it continues ("struck, killing").
_SUBORDINATE_DEPS = frozenset({"advcl", "xcomp", "acl"})
# A subject or a conjunction ("after", "before", "because") makes the clause an act of its own.
_OWN_ACT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "mark"})


def _continues(word: Token, governor: Token) -> bool:
    """Whether ``word`` is a bare participle clause on ``governor``, or the act it was done
    for ("travelled to Berlin for talks with Scholz": one visit, told with its purpose)."""
    if word.dep_ == "pobj" and word.head.lower_ == "for":
        return word.head.dep_ == "prep" and word.head.head.i == governor.i
    return (
        word.dep_ in _SUBORDINATE_DEPS
        and word.head.i == governor.i
        and not any(c.dep_ in _OWN_ACT_DEPS for c in word.children)
    )


def fold_continuations(told: Sequence[tuple[Event, Token]]) -> list[tuple[Event, Token]]:
    """Drop each event that continues another of its type, with the word that tells it.

    The kept event takes the continuation's recipients when it has none resolved ("launched
    airstrikes, killing two commanders"; "travelled to Berlin for talks with Scholz").
    """
    kept = list(told)
    dropped: set[int] = set()
    for n, (event, word) in enumerate(told):
        for m, (other, governor) in enumerate(told):
            if m == n or m in dropped or other.event != event.event:
                continue
            if _continues(word, governor):
                dropped.add(n)
                first, first_word = kept[m]
                if not resolved(first.recipients) and resolved(event.recipients):
                    kept[m] = (replace(first, recipients=event.recipients), first_word)
                break
    return [pair for n, pair in enumerate(kept) if n not in dropped]
