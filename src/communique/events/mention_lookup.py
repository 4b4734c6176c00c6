"""Finding the mention a word of the parse stands for: directly, inside its noun phrase, or
a few words down the phrase or clause a trigger governs (where PETRARCH finds its targets)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from communique.records import Actor, Mention

if TYPE_CHECKING:
    from spacy.tokens import Token

# Inside a noun phrase, where a mention may hide: "the local head of the Party", "Chinese leader".
_NOUN_PHRASE_DEPS = frozenset({"compound", "amod", "poss", "appos", "nmod", "prep", "pobj"})


class MentionIndex:
    """Finds the mention that covers a character offset."""

    def __init__(self, mentions: Sequence[Mention], opens_at: int = 0) -> None:
        # where the story proper begins, after its dateline: no party is named before it
        self.opens_at = opens_at
        self._by_char: dict[int, Mention] = {}
        # A name the story resolves somewhere (a state, a capital used as a metonym) keeps
        # that actor where it fills an event role but was read as a place.
        self._by_text: dict[str, Actor] = {}
        for mention in mentions:
            if mention.actor is not None and mention.actor.kind != "person":
                self._by_text.setdefault(mention.text.lower(), mention.actor)
        # Longer mentions first, so a short one nested inside a long one wins its own chars.
        for mention in sorted(mentions, key=lambda m: m.start - m.end):
            for offset in range(mention.start, mention.end):
                self._by_char[offset] = mention

    def at(self, offset: int) -> Mention | None:
        return self._by_char.get(offset)

    def named(self, text: str) -> Actor | None:
        """The non-person actor the story resolves ``text`` to elsewhere, if any."""
        return self._by_text.get(text.lower())


def mention_for(token: Token, index: MentionIndex) -> Mention | None:
    """The mention covering ``token``, else a resolved one inside its noun phrase."""
    direct = index.at(token.idx)
    if direct is not None:
        return direct
    if token.pos_ in {"VERB", "AUX"}:
        return None
    # "US Secretary of State, Antony Blinken": the appositive names the head itself, so it
    # beats a modifier ("US") that only says where the head belongs.
    for child in token.children:
        if child.dep_ == "appos":
            named = index.at(child.idx)
            if named is not None and named.actor is not None:
                return named
    # Breadth-first through the noun phrase: the nearest mention is the likeliest referent.
    frontier: list[Token] = [token]
    fallback: Mention | None = None
    for _ in range(3):
        next_frontier: list[Token] = []
        for node in frontier:
            for child in node.children:
                if child.dep_ not in _NOUN_PHRASE_DEPS:
                    continue
                if child.dep_ == "prep" and child.lower_ not in {"of", "in", "from"}:
                    continue
                found = index.at(child.idx)
                if found is not None and found.actor is not None:
                    return found
                if found is not None and fallback is None:
                    fallback = found
                next_frontier.append(child)
        frontier = next_frontier
    return fallback


def is_unresolved_pronoun(token: Token, index: MentionIndex) -> bool:
    mention = index.at(token.idx)
    return token.pos_ == "PRON" and (mention is None or mention.actor is None)


# Prepositions inside an object's noun phrase that lead to the party it concerns: "welcomed
# the resumption of ties with Osgiliath", "condemned the deal between X and Y", "rejected
# calls by X for aid" (whose act or words are answered).
_PHRASE_PREPS = frozenset(
    {"of", "with", "between", "against", "to", "toward", "towards", "on", "for", "from", "by"}
)


def named_in_object_phrase(children: Sequence[Token], index: MentionIndex) -> list[Token]:
    """The nearest prepositional objects inside the direct object's phrase that name a
    resolved actor, searched breadth-first a few prepositions deep (PETRARCH's target is
    the first actor in the verb's object phrase)."""
    # the logical object of a passive too: "a camp for Congolese refugees was attacked"
    frontier = [c for c in children if c.dep_ in {"dobj", "nsubjpass"}]
    for _ in range(3):
        found: list[Token] = []
        deeper: list[Token] = []
        for node in frontier:
            for prep in node.children:
                if prep.dep_ != "prep" or prep.lower_ not in _PHRASE_PREPS:
                    continue
                for pobj in (g for g in prep.children if g.dep_ == "pobj"):
                    mention = mention_for(pobj, index)
                    if mention is not None and mention.actor is not None:
                        found.append(pobj)
                    else:
                        deeper.append(pobj)
        if found:
            return found
        frontier = deeper
    return []


# How many words down a that-clause a party is looked for.
_CLAUSE_DEPTH = 6


def named_in_complement(children: Sequence[Token], index: MentionIndex) -> list[Token]:
    """The resolved parties nearest the top of the that-clause on the trigger ("warned that
    the failure of the talks would bring more pain for Russia"): PETRARCH takes its target
    from the clause a statement governs. Clauses inside it are other statements."""
    # the clause may hang on the trigger or on its object ("expressed concerns that X ...")
    frontier = [c for c in children if c.dep_ == "ccomp"] + [
        clause
        for c in children
        if c.dep_ == "dobj"
        for clause in c.children
        if clause.dep_ == "acl" and any(m.dep_ == "mark" for m in clause.children)
    ]
    for _ in range(_CLAUSE_DEPTH):
        named = [(t, mention_for(t, index)) for t in frontier if t.pos_ in {"NOUN", "PROPN"}]
        found = [t for t, m in named if m is not None and m.actor is not None]
        # a party with a country beats a countryless word beside it ("building bases")
        placed = [t for t, m in named if m is not None and m.actor is not None and m.actor.country]
        if found:
            return placed or found
        frontier = [c for t in frontier for c in t.children if c.dep_ != "ccomp"]
    return []
