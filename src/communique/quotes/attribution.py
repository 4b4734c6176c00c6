"""Who said it, to whom and where: read from the parse around a speech verb.

Speakers become Participants. The words come from the Mention that covers the speaker
(so ``actor`` is the resolved actor); a speaker with no mention keeps its words with
``actor=None``. Pronoun speakers (“...,” he said) take the actor of the last person
named before them; the Participant keeps the pronoun's words and offsets, because a
Participant records the words in the sentence.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from communique.records import Mention, Participant

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
_THING_PRONOUNS = frozenset({"it"})
_GROUP_PRONOUNS = frozenset({"they", "them", "we", "us"})
_RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
# Subjects that name nobody: "one must admit that", "you could argue that".
GENERIC_SUBJECTS = frozenset({"one", "you", "this", "that", "these", "those", "which", "what"})
_NOT_ADDRESSEES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_PLACE_PREPOSITIONS = frozenset({"in", "at", "from"})
_NON_PERSON_KINDS = frozenset({"organisation", "state", "agent"})
_TIME_LABELS = frozenset({"DATE", "TIME"})
_TIME_PREPOSITIONS = frozenset({"on", "in", "during"})


@dataclass(frozen=True, slots=True)
class Attribution:
    """What the words around a quotation say about it."""

    verb_start: int
    verb_end: int
    speaker: Participant | None
    addressee: Participant | None = None
    place_text: str | None = None
    date_text: str | None = None


class Context:
    """A parsed article with its mentions, indexed by offset for the lookups below."""

    def __init__(self, doc: Doc, mentions: Sequence[Mention]) -> None:
        self.doc = doc
        self.mentions = sorted(mentions, key=lambda m: (m.start, m.end))
        self.token_starts = [token.idx for token in doc]

    def tokens_between(self, start: int, end: int) -> list[Token]:
        """Tokens that begin inside [start, end)."""
        first = bisect.bisect_left(self.token_starts, start)
        last = bisect.bisect_left(self.token_starts, end)
        return [self.doc[i] for i in range(first, last)]

    def mention_covering(self, start: int, end: int) -> Mention | None:
        """The shortest mention that contains [start, end), else the longest inside it."""
        covering = [m for m in self.mentions if m.start <= start and end <= m.end]
        if covering:
            return min(covering, key=lambda m: m.end - m.start)
        inside = [m for m in self.mentions if start <= m.start and m.end <= end]
        if inside:
            return max(inside, key=lambda m: (m.end - m.start, m.start))
        return None

    def entity_label(self, start: int, end: int) -> str | None:
        for ent in self.doc.ents:
            if ent.start_char <= start and end <= ent.end_char:
                return str(ent.label_)
        return None


def _phrase(token: Token) -> Span:
    """The entity or noun chunk that ``token`` heads, else the token alone."""
    doc = token.doc
    # entities and noun chunks never cross a sentence: read only the token's own, since
    # spaCy builds noun chunks afresh on every call
    sentence = token.sent
    for ent in sentence.ents:
        if ent.start <= token.i < ent.end:
            return ent
    for chunk in sentence.noun_chunks:
        if chunk.start <= token.i < chunk.end:
            return chunk
    return doc[token.i : token.i + 1]


def _is_person(mention: Mention, context: Context) -> bool:
    if mention.actor is not None:
        return mention.actor.kind == "person"
    return context.entity_label(mention.start, mention.end) == "PERSON"


def resolve_pronoun(
    pronoun: Token, context: Context, speakers: Sequence[Participant]
) -> Participant:
    """The last suitable named mention or earlier speaker before ``pronoun``.

    "he"/"she" want a person, "it" an organisation or state, "they"/"we" anything.
    With an antecedent that has an actor, the Participant keeps the pronoun's words; with an
    unresolved antecedent it takes the antecedent's words, so the name is not lost.
    """
    word = pronoun.lower_
    candidates: list[Participant] = []
    for mention in context.mentions:
        if mention.end > pronoun.idx or mention.basis == "pronoun":
            continue
        person = _is_person(mention, context)
        if word in _PERSON_PRONOUNS and not person:
            continue
        if word in _THING_PRONOUNS and (
            person or (mention.actor is not None and mention.actor.kind not in _NON_PERSON_KINDS)
        ):
            continue
        candidates.append(Participant(mention.text, mention.actor, mention.start, mention.end))
    for speaker in speakers:
        if speaker.end <= pronoun.idx and speaker.entity_text.lower() not in _GROUP_PRONOUNS:
            actor = speaker.actor
            if word in _PERSON_PRONOUNS and actor is not None and actor.kind != "person":
                continue
            candidates.append(speaker)
    end = pronoun.idx + len(pronoun.text)
    if not candidates:
        return Participant(pronoun.text, None, pronoun.idx, end)
    antecedent = max(candidates, key=lambda p: p.end)
    if antecedent.actor is None:
        return antecedent
    return Participant(pronoun.text, antecedent.actor, pronoun.idx, end)


def participant_for(
    token: Token, context: Context, speakers: Sequence[Participant] = ()
) -> Participant:
    """The Participant for the noun phrase headed by ``token``."""
    own = context.mention_covering(token.idx, token.idx + len(token.text))
    if own is not None and (own.actor is not None or own.basis != "pronoun"):
        return Participant(own.text, own.actor, own.start, own.end)
    if token.lower_ in _PERSON_PRONOUNS | _THING_PRONOUNS | _GROUP_PRONOUNS:
        return resolve_pronoun(token, context, speakers)
    if token.lower_ in GENERIC_SUBJECTS:
        return Participant(token.text, None, token.idx, token.idx + len(token.text))
    phrase = _phrase(token)
    # A name inside the phrase stands for it ("US officials", "Chinese diplomats"), unless it
    # is the possessor: in "Merkel's spokesman said" the speaker is not Merkel.
    possessors = [
        (child.left_edge.idx, child.right_edge.idx + len(child.right_edge.text))
        for child in token.children
        if child.dep_ == "poss"
    ]
    inside = [
        m
        for m in context.mentions
        if phrase.start_char <= m.start
        and m.end <= phrase.end_char
        and not any(s < m.end and m.start < e for s, e in possessors)
    ]
    if inside:
        best = max(inside, key=lambda m: (m.end - m.start, m.start))
        return Participant(best.text, best.actor, best.start, best.end)
    for child in token.children:  # "the minister, Wang Yi, said"
        if child.dep_ == "appos":
            named = context.mention_covering(child.idx, child.idx + len(child.text))
            if named is not None:
                return Participant(named.text, named.actor, named.start, named.end)
    return Participant(phrase.text, None, phrase.start_char, phrase.end_char)


def subject_of(verb: Token) -> Token | None:
    """The grammatical subject of ``verb``; for "..., saying that" the subject of its head."""
    current = verb
    for _ in range(3):
        for child in current.children:
            if child.dep_ in SUBJECT_DEPS:
                if child.lower_ in _RELATIVE_PRONOUNS and current.dep_ == "relcl":
                    return current.head  # "Blinken, who said ..." -> Blinken
                return child
        if current.dep_ in {"advcl", "conj", "xcomp"} and current.head is not current:
            current = current.head
        else:
            return None
    return None


def _place_text(verb: Token) -> str | None:
    """Where it was said: "said in Shanghai", also "said to reporters in Shanghai", where the
    parser often hangs the place on the addressee."""
    preps = list(verb.children)
    for child in verb.children:
        if child.dep_ in {"prep", "dative"} and child.lower_ == "to":
            preps.extend(grandchild for obj in child.children for grandchild in obj.children)
    for prep in preps:
        if prep.dep_ != "prep" or prep.lower_ not in _PLACE_PREPOSITIONS:
            continue
        for obj in prep.children:
            if obj.dep_ == "pobj" and obj.ent_type_ in _PLACE_LABELS:
                return str(_phrase(obj).text)
    return None


def _entity_text(token: Token) -> str | None:
    """The DATE/TIME entity ``token`` lies in, as written."""
    if token.ent_type_ not in _TIME_LABELS:
        return None
    for ent in token.doc.ents:
        if ent.start <= token.i < ent.end:
            return str(ent.text)
    return None


def date_text(verb: Token) -> str | None:
    """When it was said, as written: "said on Monday", "told reporters Thursday"."""
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in _TIME_PREPOSITIONS:
            for obj in child.children:
                found = _entity_text(obj) if obj.dep_ == "pobj" else None
                if found is not None:
                    return f"{child.text} {found}"
        elif child.dep_ in {"npadvmod", "advmod", "tmod", "nmod", "dobj"}:
            found = _entity_text(child)
            if found is not None:
                return found
    return None


def _addressee_token(verb: Token, object_is_addressee: bool) -> Token | None:
    for child in verb.children:
        candidate: Token | None
        if object_is_addressee and child.dep_ in {"dobj", "dative"}:
            candidate = child
        elif child.dep_ in {"prep", "dative"} and child.lower_ == "to":
            candidate = next((obj for obj in child.children if obj.dep_ == "pobj"), None)
        else:
            continue
        # "told reporters Thursday" may hang the date on the verb as an object.
        if candidate is not None and candidate.ent_type_ not in _NOT_ADDRESSEES:
            return candidate
    return None


def attribute(
    verb: Token,
    context: Context,
    object_is_addressee: bool,
    speakers: Sequence[Participant] = (),
    exclude: Sequence[tuple[int, int]] = (),
) -> Attribution:
    """Speaker, addressee and place of the speech verb ``verb``.

    Tokens inside ``exclude`` spans (the quotation itself) are never taken as participants.
    """

    def outside(token: Token | None) -> Token | None:
        if token is None or any(s <= token.idx < e for s, e in exclude):
            return None
        return token

    subject = outside(subject_of(verb))
    addressee = outside(_addressee_token(verb, object_is_addressee))
    return Attribution(
        verb_start=verb.idx,
        verb_end=verb.idx + len(verb.text),
        speaker=participant_for(subject, context, speakers) if subject is not None else None,
        addressee=participant_for(addressee, context, speakers) if addressee is not None else None,
        place_text=_place_text(verb),
        date_text=date_text(verb),
    )


def according_to(
    tokens: Sequence[Token], context: Context, speakers: Sequence[Participant]
) -> Attribution | None:
    """The source named by "according to X" among ``tokens``."""
    for token in tokens:
        if token.lower_ != "according" or token.i + 1 >= len(token.doc):
            continue
        to = token.doc[token.i + 1]
        if to.lower_ != "to":
            continue
        objects = [child for child in to.children if child.dep_ == "pobj"]
        source = objects[0] if objects else (to.doc[to.i + 1] if to.i + 1 < len(to.doc) else None)
        if source is None:
            continue
        return Attribution(
            verb_start=token.idx,
            verb_end=to.idx + len(to.text),
            speaker=participant_for(source, context, speakers),
        )
    return None
