"""Where, when and how surely an event happened: place and time phrases, and modality.

Modality is read from the words around the trigger (the lists live in patterns.yaml
under ``modality``): "did not meet" is negated, "will meet" future, "could meet"
hypothetical, "in 2019 X visited" historical. Flagged events are still emitted.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from communique.events.patterns import Modality
from communique.records import Participant

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
TIME_LABELS = frozenset({"DATE", "TIME"})
# Verbs whose "of" complement is an act alleged, not established ("accused X of hacking").
_ALLEGING_VERBS = frozenset({"accuse", "suspect"})
# Verbs that blame someone for an act ("faulted Clinton for supporting X"): the act is the
# blamer's charge, not a fact the story reports.
_BLAMING_VERBS = frozenset(
    {"blame", "fault", "criticize", "criticise", "condemn", "denounce", "slam", "rebuke",
     "attack", "castigate", "lambast", "berate"}
)  # fmt: skip
PLACE_PREPS = frozenset({"in", "at"})
_YEAR_RE = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass(frozen=True, slots=True)
class ModalityFlags:
    negated: bool = False
    future: bool = False
    hypothetical: bool = False
    historical: bool = False


def _entity_at(token: Token, labels: frozenset[str]) -> Span | None:
    if token.ent_type_ not in labels:
        return None
    return entity_around(token)


def entity_around(token: Token) -> Span:
    """The entity ``token`` is part of, found from its IOB tags.

    Walking the tags costs the entity's length; scanning ``Doc.ents`` built every entity
    span of the document for each event, which made long stories quadratic.
    """
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return doc[start:end]


def governors(trigger: Token) -> list[Token]:
    """The words that govern the trigger's modality: "refused" in "refused to meet",
    "held" in "did not hold talks", "cancelled" in "cancelled the meeting"."""
    chain: list[Token] = []
    current = trigger
    for _ in range(4):
        head = current.head
        if head is current:
            break
        # "would not confirm or deny": a verb joined to another shares its auxiliaries
        if (
            current.dep_ in {"xcomp", "dobj", "nsubjpass", "attr"}
            or (current.dep_ == "conj" and current.pos_ == "VERB" and head.pos_ == "VERB")
            or (
                # "turned to investigating", "met after talks": the verb the preposition is on
                current.dep_ in {"pobj", "pcomp"}
                and head.dep_ == "prep"
                and head.head.pos_ in {"VERB", "AUX"}
            )
        ):
            head = head.head if current.dep_ in {"pobj", "pcomp"} else head
            chain.append(head)
            current = head
            continue
        break
    return chain


def place_text(
    trigger: Token, anchors: Sequence[Token], participant_tokens: Sequence[Token],
    participants: Sequence[Participant],
) -> str | None:  # fmt: skip
    """The GPE/LOC named in "in/at X" on the trigger or its participants, not an actor itself."""
    taken = [(p.start, p.end) for p in participants]
    # "met at the G20 summit in Bali": the place may hang on the object of "at"/"during".
    settings = [
        g
        for c in trigger.children
        if c.dep_ == "prep" and c.lower_ in {"at", "during", "on"}
        for g in c.children
        if g.dep_ == "pobj"
    ]
    hosts = [trigger, *anchors, *participant_tokens, *settings]
    for host in hosts:
        for child in host.children:
            if child.dep_ != "prep" or child.lower_ not in PLACE_PREPS:
                continue
            for pobj in child.children:
                ent = _entity_at(pobj, PLACE_LABELS) if pobj.dep_ == "pobj" else None
                if ent is None:
                    continue
                if any(start < ent.end_char and ent.start_char < end for start, end in taken):
                    continue
                return ent.text
    # "Blinken said in Shanghai, where he met ...": the relative clause hangs on the place.
    if trigger.dep_ == "relcl" and any(c.lower_ == "where" for c in trigger.children):
        ent = _entity_at(trigger.head, PLACE_LABELS)
        if ent is not None:
            return ent.text
    return None


def destination_text(trigger: Token) -> str | None:
    """Where a visit went: "travelled to Berlin", "a trip to Beijing", "visited Kyiv" (the
    place though it is also the visit's recipient)."""
    goals = [c for c in trigger.children if c.dep_ == "dobj"] + [
        g
        for c in trigger.children
        if c.dep_ == "prep" and c.lower_ == "to"
        for g in c.children
        if g.dep_ == "pobj"
    ]
    for goal in goals:
        ent = _entity_at(goal, frozenset({"GPE"}))
        if ent is not None:
            return ent.text
    return None


# Nouns for a town that name it after "of": "the city of Kharkiv", "the port of Odesa".
_TOWN_NOUNS = frozenset({"city", "town", "village", "port", "capital", "district", "region"})


def struck_place_text(trigger: Token, participants: Sequence[Participant]) -> str | None:
    """The place an attack struck, named as its object: "shelled Kharkiv", "attacked
    Ukraine's Odesa", "struck the Ukrainian city of Kharkiv". A name the parser did not
    tag is taken only when it is no party with a sector ("struck Hamas" is no place)."""
    for target in (c for c in trigger.children if c.dep_ == "dobj"):
        named = target
        if target.lemma_.lower() in _TOWN_NOUNS:
            named = next(
                (g for c in target.children if c.lower_ == "of" for g in c.children), target
            )
        ent = _entity_at(named, frozenset({"GPE"}))
        if ent is not None:
            return ent.text
        if named.pos_ == "PROPN" and not any(
            p.start <= named.idx < p.end
            and p.actor is not None
            and (p.actor.sector or p.actor.kind == "state")
            for p in participants
        ):
            # the small model leaves many towns untagged ("Odesa"): the places stage decides
            start = min([named.i, *(c.i for c in named.children if c.dep_ == "compound")])
            return named.doc[start : named.i + 1].text
    return None


def time_text(trigger: Token, anchors: Sequence[Token]) -> str | None:
    """A DATE/TIME phrase on the trigger: "today", "last week", "on Friday", "in March"."""
    for host in (trigger, *anchors, *governors(trigger)):
        for child in host.children:
            if child.dep_ == "prep":
                for pobj in child.children:
                    ent = _entity_at(pobj, TIME_LABELS) if pobj.dep_ == "pobj" else None
                    if ent is not None:
                        return f"{child.text} {ent.text}"
            elif child.dep_ in {"npadvmod", "advmod", "tmod", "nmod"}:
                ent = _entity_at(child, TIME_LABELS)
                if ent is not None:
                    return ent.text
    return None


def _words_before(trigger: Token) -> str:
    """The sentence text before the trigger's phrase, lower-cased, for phrase cues."""
    sentence = trigger.sent
    # Slice the sentence, not doc.text: spaCy rebuilds doc.text from every token per call.
    before = max(0, trigger.left_edge.idx - sentence.start_char)
    return sentence.text[:before].lower().rstrip()


def _modifiers(token: Token) -> set[str]:
    return {c.lemma_.lower() for c in token.children if c.dep_ in {"amod", "compound", "det"}}


def _is_negated(trigger: Token, chain: Sequence[Token], words: Modality) -> bool:
    for host in (trigger, *chain):
        if any(c.dep_ == "neg" or c.lower_ in words.negators for c in host.children):
            return True
    if any(h.lemma_.lower() in words.negating_heads for h in chain):
        return True
    if any(_negating_subject(host, words) for host in (trigger, *chain)):
        return True
    return trigger.pos_ != "VERB" and bool(_modifiers(trigger) & words.negating_determiners)


def _negating_subject(host: Token, words: Modality) -> bool:
    """ "Nobody recognises", "no country has condemned", "not all scholars agree": a
    subject that says the act was not done (by all of them)."""
    for subject in host.children:
        if subject.dep_ not in {"nsubj", "nsubjpass"}:
            continue
        if subject.lower_ in words.negating_subjects:
            return True
        # "no country"; the parser hangs the "not" of "not all" on the noun or on its "all"
        determiners = [c for c in subject.children if c.dep_ == "det"]
        if any(d.lower_ in words.negating_determiners for d in determiners):
            return True
        if any(c.dep_ == "neg" for word in (subject, *determiners) for c in word.children):
            return True
    return False


def _reported(trigger: Token, chain: Sequence[Token], words: Modality) -> bool:
    """Whether the trigger's clause is what someone said ("said he would meet")."""
    top = chain[-1] if chain else trigger
    return top.dep_ == "ccomp" and top.head.lemma_.lower() in words.reporting_heads


def _is_future(trigger: Token, chain: Sequence[Token], time: str | None, words: Modality) -> bool:
    future_aux = words.future_auxiliaries
    if _reported(trigger, chain, words):
        future_aux = future_aux | words.reported_future_auxiliaries
    for host in (trigger, *chain):
        if any(c.dep_ == "aux" and c.lower_ in future_aux for c in host.children):
            return True
    # "plans to visit", "is to visit", "is expected to meet": the trigger is a complement.
    link = trigger
    for head in chain:
        if link.dep_ == "xcomp" and head.lemma_.lower() in words.future_heads:
            return True
        link = head
    if _intended_by_noun(trigger, words):
        return True
    if time is not None and set(time.lower().split()) & words.future_time_words:
        return True
    if _modifiers(trigger) & words.future_time_words:
        return True
    before = _words_before(trigger)
    return trigger.pos_ != "VERB" and any(before.endswith(p) for p in words.future_phrases)


def _intended_by_noun(trigger: Token, words: Modality) -> bool:
    """ "plans to visit X", "an interest in meeting X": the act complements a noun of intent."""
    head = trigger.head
    if trigger.dep_ in {"pcomp", "pobj"} and head.dep_ == "prep" and head.head is not head:
        head = head.head
    elif trigger.dep_ != "acl":
        return False
    return head.pos_ == "NOUN" and head.lemma_.lower() in words.future_heads


def _is_hypothetical(trigger: Token, chain: Sequence[Token], words: Modality) -> bool:
    hypothetical_aux = words.hypothetical_auxiliaries
    if _reported(trigger, chain, words):
        hypothetical_aux = hypothetical_aux - words.reported_future_auxiliaries
    for host in (trigger, *chain):
        for child in host.children:
            if child.dep_ == "aux" and child.lower_ in hypothetical_aux:
                return True
            if child.dep_ == "mark" and child.lower_ in words.hypothetical_marks:
                return True
    # "threatened to ban", "urged X to withdraw": the complement is threatened or asked
    # for, not done.
    link = trigger
    for head in chain:
        if link.dep_ == "xcomp" and head.lemma_.lower() in words.hypothetical_heads:
            return True
        link = head
    if (
        trigger.dep_ == "ccomp"
        and trigger.head.lemma_.lower() in words.hypothetical_heads
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children)
    ):
        return True  # "allowed the government to extradite": parsed as a clause, same sense
    if (
        trigger.dep_ == "pcomp"
        and trigger.head.lower_ == "of"
        and trigger.head.head.lemma_.lower() in _ALLEGING_VERBS
    ):
        return True  # "accused Russia of hacking": alleged, not established
    if (
        trigger.dep_ == "pcomp"
        and trigger.head.lower_ == "for"
        and trigger.head.head.lemma_.lower() in _BLAMING_VERBS
    ):
        return True  # "faulted Clinton for supporting": the charge, not the act
    if _complements_a_noun(trigger) and not _intended_by_noun(trigger, words):
        return True
    if _inside_a_condition(trigger, words) or _instead_of(trigger):
        return True
    if _named_by_a_noun_of(trigger, words.hypothetical_heads):
        return True
    if trigger.pos_ != "VERB" and trigger.dep_ == "pobj" and trigger.head.lower_ in _GOALWARD:
        return True  # "progress toward a meeting", "steps towards talks": a goal, not yet met
    return trigger.pos_ != "VERB" and bool(_modifiers(trigger) & words.hypothetical_modifiers)


# Prepositions that make a nominal act a goal still ahead.
_GOALWARD = frozenset({"toward", "towards"})
# Dependencies that lead from a clause down to the words inside it, not to another clause.
_INSIDE_A_CLAUSE = frozenset(
    {"prep", "pcomp", "pobj", "dobj", "conj", "xcomp", "advcl", "acl", "appos", "npadvmod"}
)
_CONDITION_CLIMB = 5
# "instead of X", "rather than X": the preposition and the word that makes X undone
_NOT_DONE = {"of": "instead", "than": "rather"}


def _inside_a_condition(trigger: Token, words: Modality) -> bool:
    """ "If Russia goes on, including by sending troops, ...": an act anywhere inside a
    conditional clause (one marked "if", "unless") is a condition, not a fact. The climb
    stops at a clause of its own, so the main clause a condition hangs on stays a fact."""
    current = trigger
    for _ in range(_CONDITION_CLIMB):
        if current.dep_ not in _INSIDE_A_CLAUSE or current.head is current:
            return False
        current = current.head
        if current.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in words.hypothetical_marks for c in current.children
        ):
            return True
    return False


def _instead_of(trigger: Token) -> bool:
    """ "Instead of fighting to lock him up", "rather than negotiating": what was not done."""
    preposition = trigger.head
    if trigger.dep_ != "pcomp" or preposition.lower_ not in _NOT_DONE:
        return False
    # the parser hangs "instead" on "of", "of" on "instead", or both on the verb
    before = preposition.doc[preposition.i - 1].lower_ if preposition.i else ""
    words = {before, preposition.head.lower_, *(c.lower_ for c in preposition.children)}
    return _NOT_DONE[preposition.lower_] in words


def _named_by_a_noun_of(trigger: Token, heads: frozenset[str]) -> bool:
    """ "the threat of sanctions", "calls for talks", "the prospect of a meeting": a nominal
    act that a noun of threat, request or possibility names has not happened."""
    preposition = trigger.head
    if trigger.pos_ not in {"NOUN", "PROPN"} or trigger.dep_ != "pobj":
        return False
    if preposition.dep_ != "prep" or preposition.head.pos_ != "NOUN":
        return False
    return preposition.head.lemma_.lower() in heads


def _complements_a_noun(trigger: Token) -> bool:
    """ "the right to prosecute", "efforts to negotiate", "the importance of Putin seizing":
    an act named as the content of a noun is talked about, not done."""
    if trigger.pos_ != "VERB":
        return False
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in trigger.children)
    if trigger.dep_ == "acl":
        return infinitive
    if trigger.dep_ == "advcl" and infinitive:
        # "an offer to host a summit to hammer out a deal": the purpose of an act that is
        # itself only talked about
        return _complements_a_noun(trigger.head)
    head = trigger.head
    return trigger.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ == "NOUN"


def _is_historical(
    trigger: Token, chain: Sequence[Token], reference_year: int | None, words: Modality
) -> bool:
    if _describes_a_noun(trigger):
        return True
    sentence = trigger.sent
    if trigger.tag_ not in {"VBD", "VBN"} and trigger.pos_ == "VERB":
        return False
    lowered = sentence.text.lower()
    if any(phrase in lowered for phrase in words.historical_phrases):
        return True
    if reference_year is None:
        return False
    # The sentence's own entity tags, not Span.ents (which filters every entity of the doc).
    hosts = {trigger.i, *(h.i for h in chain)}
    if trigger.dep_ == "advcl" and any(c.lower_ == "when" for c in trigger.children):
        hosts.add(trigger.head.i)  # "travelled there in 2000, when he met X": the same time
    for token in sentence:
        if token.ent_iob_ == "B" and token.ent_type_ == "DATE":
            ent = entity_around(token)
            years = [int(y) for y in _YEAR_RE.findall(ent.text)]
            if years and max(years) < reference_year and _dates(ent.root, hosts, trigger):
                return True
    return False


def _describes_a_noun(trigger: Token) -> bool:
    """ "people accused of crimes", "the tariffs imposed on China": a participle that only
    describes a noun, with nobody named as doing it, tells background, not a new act ("a
    deal struck by Russia" names its doer and stays an act)."""
    return (
        trigger.dep_ == "acl"
        and trigger.tag_ == "VBN"
        and not any(c.dep_ == "agent" for c in trigger.children)
    )


# Links from a time expression up to the word it dates.
_DATE_LINKS = frozenset({"pobj", "prep", "compound", "nummod", "npadvmod", "amod", "appos"})


def _dates(date: Token, hosts: set[int], trigger: Token) -> bool:
    """Whether a time expression dates the trigger: it hangs on the trigger or a verb that
    governs it ("met in 2019", "the 2014 annexation"), or on a clause describing the trigger
    ("a standoff that began in 2020"), not on another act of the sentence ("attacked on
    Monday, the deadliest since an assault in 2018")."""
    if any(a.i == date.i for a in trigger.ancestors):
        return True  # "in 2000, when he met Kim": the act is told in a clause on the date
    word = date
    while word.i not in hosts:
        if word.dep_ not in _DATE_LINKS or word.head is word:
            return word.dep_ in {"relcl", "acl"} and word.head.i == trigger.i
        word = word.head
    return True


def reference_year(doc: Doc, published_year: int | None) -> int | None:
    """The story's own year: the publication year, else the latest year the story names."""
    if published_year is not None:
        return published_year
    years = [int(y) for ent in doc.ents if ent.label_ == "DATE" for y in _YEAR_RE.findall(ent.text)]
    return max(years) if years else None


def modality_flags(
    trigger: Token, time: str | None, words: Modality, story_year: int | None
) -> ModalityFlags:
    chain = governors(trigger)
    return ModalityFlags(
        negated=_is_negated(trigger, chain, words),
        future=_is_future(trigger, chain, time, words),
        hypothetical=_is_hypothetical(trigger, chain, words),
        historical=_is_historical(trigger, chain, story_year, words),
    )
