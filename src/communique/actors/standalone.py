"""Resolve one actor phrase on its own, the way a story's mention of it is resolved.

``communique actors resolve`` and the actor evaluation ask about a phrase with no story around it
("Chile's Defense Department", "President Kassym-Jomart Tokayev", "ambulances"). A name the
knowledge base knows is answered at once; anything else is parsed as the subject of a one-sentence
story ("<phrase> said on Monday.") and resolved by ``resolve_mentions``, so that the answer is the
one the events stage would get. The mention that holds the phrase's head word is the answer; a
phrase with no mention falls back to the knowledge base's bare look-ups (``resolve_text``).
``resolve_in_sentence`` does the same for a phrase in its own sentence of a story, whose other
words may say whose actor it is ("the army" after "Israeli aircraft hit ...").
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from communique.actors.knowledge import KnowledgeBase
from communique.actors.query import Resolution, resolve_text
from communique.actors.resolve import resolve_mentions

if TYPE_CHECKING:
    from spacy.language import Language

# The one-sentence story a phrase is read in: as the subject of a reporting verb, the most
# common position of an actor in news text.
CONTEXT = "{phrase} said on Monday."


def resolve_phrase(
    nlp: Language, kb: KnowledgeBase, phrase: str, date: dt.date | None
) -> Resolution:
    """Code ``phrase`` as of ``date`` as it would be coded as the subject of a sentence."""
    text = " ".join(phrase.split())
    known = resolve_text(kb, text, date)
    if known.basis in ("name", "country") and (known.actor is not None or known.candidates):
        return known
    found = resolve_in_sentence(nlp, kb, CONTEXT.format(phrase=text), 0, len(text), date)
    return found if found.actor is not None or found.candidates else known


def resolve_in_sentence(
    nlp: Language, kb: KnowledgeBase, sentence: str, start: int, end: int, date: dt.date | None
) -> Resolution:
    """Code the phrase at ``sentence[start:end]`` as the sentence around it tells."""
    doc = nlp(sentence)
    mentions = resolve_mentions(doc, "phrase", date, kb)
    span = doc.char_span(start, end, alignment_mode="expand")
    text = sentence[start:end]
    if span is None:
        return Resolution(text, date, None)
    head = span.root.idx
    inside = [m for m in mentions if m.start < end and m.end > start]
    holding = [m for m in inside if m.start <= head < m.end]
    found = max(
        holding or inside, key=lambda m: (m.actor is not None, m.end - m.start), default=None
    )
    if found is None:
        return Resolution(text, date, None)
    return Resolution(text, date, found.actor, found.candidates, found.basis)
