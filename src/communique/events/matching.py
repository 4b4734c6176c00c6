"""Which words of a parsed Doc trigger which patterns (patterns.yaml, petrarch_verbs.tsv).

A trigger is a verb or noun whose lemma a pattern lists and whose children meet the pattern's
requirements: an object, a particle, a preposition, a that-clause or a modifier. Verbs are
read first, so "held talks" is one event (the verb's), not two.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from communique.events.patterns import Pattern, PatternSet

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Dependents only a verb takes: a word that has them is a verb whatever its tag says
# (the small model tags "meet" in "If Putin and Zelensky meet" as a noun).
_VERB_DEPS = frozenset({"nsubj", "nsubjpass", "aux", "auxpass", "dobj", "mark"})


def _word_class(token: Token) -> str | None:
    if token.dep_ == "amod" and not any(
        c.dep_ in _VERB_DEPS or c.dep_ in {"prep", "agent"} for c in token.children
    ):
        return None  # a participle as an adjective: "striking workers", "attacking forces"
    if token.pos_ == "VERB" or (
        token.pos_ in {"NOUN", "PROPN"} and any(c.dep_ in _VERB_DEPS for c in token.children)
    ):
        return "verb"
    if token.pos_ in {"NOUN", "PROPN"}:
        return "noun"
    return None


@dataclass(frozen=True, slots=True)
class Match:
    """A trigger word, the pattern it matched and the words the pattern required."""

    trigger: Token
    pattern: Pattern
    anchors: tuple[Token, ...]


def _has_modifier(token: Token, lemmas: frozenset[str]) -> bool:
    return any(
        c.dep_ in {"compound", "amod", "nmod"} and c.lemma_.lower() in lemmas
        for c in token.children
    )


def _requirements_met(
    token: Token, pattern: Pattern, party_nouns: frozenset[str]
) -> tuple[Token, ...] | None:
    """The anchor words when ``token`` meets the pattern's requirements, else None."""
    anchors: list[Token] = []
    if pattern.not_complements and any(
        c.dep_ == "xcomp" and c.lemma_.lower() in pattern.not_complements for c in token.children
    ):
        return None
    if pattern.transitive and not object_candidates(token):
        return None
    if pattern.not_objects and any(
        c.lemma_.lower() in pattern.not_objects for c in object_candidates(token)
    ):
        return None
    if pattern.objects:
        # "a deal struck by Russia": a participle's noun is its object
        candidates = object_words(object_candidates(token), party_nouns)
        objects = [
            c
            for c in candidates
            if c.lemma_.lower() in pattern.objects or c.lower_ in pattern.objects
        ]
        if not objects:
            return None
        # a compounded noun anchors its phrase's head, where its prepositions hang
        anchors.append(objects[0].head if objects[0].dep_ == "compound" else objects[0])
    if pattern.particles:
        particle = next(
            (
                c
                for c in token.children
                if c.dep_ in {"prt", "advmod"} and c.lower_ in pattern.particles
            ),
            None,
        )
        if particle is None:
            return None
        anchors.append(particle)
    if pattern.preps is not None:
        found = None
        # "imposed sanctions on X": the phrase may hang on the required object
        hosts = [token, *anchors[:1]] if pattern.objects else [token]
        for child in (c for host in hosts for c in host.children):
            wanted = pattern.preps.get(child.lower_) if child.dep_ in {"prep", "agent"} else None
            if wanted is None:
                continue
            pobjs = [g for g in child.children if g.dep_ == "pobj"]
            if not wanted or any(g.lemma_.lower() in wanted for g in pobjs):
                found = child
                if wanted:
                    anchors.extend([child, *pobjs])
                break
        if found is None:
            return None
    if pattern.complements:
        clause = next(
            (
                c
                for c in token.children
                if c.dep_ == "ccomp" and _complement_fits(c, pattern.complements)
            ),
            None,
        )
        if clause is None:
            return None
        anchors.append(clause)
    if pattern.modifiers:
        host = anchors[0] if pattern.objects else token
        if not _has_modifier(host, pattern.modifiers):
            return None
    return tuple(anchors)


def _complement_fits(clause: Token, words: frozenset[str]) -> bool:
    """The that-clause's verb, or its modal ("said Iran must stop"), or what it says a thing
    is ("said the trip was a disappointment"), is one of ``words``."""
    return clause.lemma_.lower() in words or any(
        (c.dep_ == "aux" and c.lower_ in words)
        or (c.dep_ in {"attr", "acomp"} and c.lemma_.lower() in words)
        for c in clause.children
    )


# Nouns that only measure out the noun after "of": "a round of sanctions", "a package of aid".
_PARTITIVE_NOUNS = frozenset(
    {"round", "package", "set", "series", "wave", "raft", "slew", "batch", "host", "string",
     "barrage", "volley", "salvo", "spate", "number", "range"}
)  # fmt: skip


def object_candidates(token: Token) -> list[Token]:
    """The words that may be ``token``'s object: its direct object or passive subject, the
    noun a participle modifies ("a deal struck by Russia"), and the noun a partitive object
    measures out ("announced a new round of sanctions")."""
    objects = [c for c in token.children if c.dep_ in {"dobj", "nsubjpass"}]
    if token.dep_ == "acl" and token.tag_ == "VBN":
        objects.append(token.head)
    if token.dep_ == "relcl" and any(o.tag_ in {"WDT", "WP"} for o in objects):
        # "the question that I ask": the relative pronoun stands for the noun it modifies
        objects.append(token.head)
    for word in list(objects):
        if word.lemma_.lower() in _PARTITIVE_NOUNS:
            objects.extend(
                g
                for c in word.children
                if c.dep_ == "prep" and c.lower_ == "of"
                for g in c.children
                if g.dep_ == "pobj"
            )
    return objects


def object_words(objects: list[Token], party_nouns: frozenset[str]) -> list[Token]:
    """The object candidates and the nouns compounded onto them: as PETRARCH matches a
    pattern's object anywhere in the noun phrase, "fire * ARTILLERY" holds in "fired two
    artillery shells". Not onto a noun naming a party ("aid agencies"): there the
    compound says what kind of party it is."""
    return objects + [
        c
        for o in objects
        if o.lemma_.lower() not in party_nouns
        for c in o.children
        if c.dep_ == "compound" and c.pos_ == "NOUN"
    ]


@dataclass(frozen=True, slots=True)
class _WordsAround:
    """A trigger's possible objects and prepositions, read once: a word may have dozens of
    imported patterns, most of which want an object or a preposition it does not have."""

    objects: frozenset[str]
    preps: frozenset[str]

    @classmethod
    def of(cls, token: Token, party_nouns: frozenset[str]) -> _WordsAround:
        objects = object_candidates(token)
        return cls(
            frozenset(
                w for c in object_words(objects, party_nouns) for w in (c.lemma_.lower(), c.lower_)
            ),
            frozenset(
                c.lower_
                for host in (token, *objects)
                for c in host.children
                if c.dep_ in {"prep", "agent"}
            ),
        )

    def may_meet(self, pattern: Pattern) -> bool:
        """False when the pattern surely fails (``_requirements_met`` decides the rest)."""
        if pattern.objects and not pattern.objects & self.objects:
            return False
        return pattern.preps is None or not self.preps.isdisjoint(pattern.preps)


def _names_a_party(token: Token, party_nouns: frozenset[str]) -> bool:
    """ "riot police", "aid workers", "protest leaders": a noun compounded onto a party
    noun says what kind of party it is; no riot, aid or protest happened."""
    return token.dep_ == "compound" and token.head.lemma_.lower() in party_nouns


def find_matches(doc: Doc, patterns: PatternSet) -> list[Match]:
    """Every trigger in the doc with its pattern; verbs first, so "held talks" is one event."""
    matches: list[Match] = []
    consumed: set[int] = set()
    for wanted_pos in ("verb", "noun"):
        for token in doc:
            if _word_class(token) != wanted_pos or token.i in consumed:
                continue
            if wanted_pos == "noun" and _names_a_party(token, patterns.party_nouns):
                continue
            lemma = token.lemma_.lower()
            candidates = patterns.for_lemma(lemma, wanted_pos)
            if not candidates and token.lower_ != lemma:
                candidates = patterns.for_lemma(token.lower_, wanted_pos)
            words = _WordsAround.of(token, patterns.party_nouns) if candidates else None
            for pattern in candidates:
                if words is not None and not words.may_meet(pattern):
                    continue
                anchors = _requirements_met(token, pattern, patterns.party_nouns)
                if anchors is None:
                    continue
                matches.append(Match(token, pattern, anchors))
                consumed.update(a.i for a in anchors)
                consumed.add(token.i)
                break
    return sorted(matches, key=lambda m: m.trigger.i)
