"""From a trigger word to the people and states taking part, through the dependency parse.

Roles (``subject``, ``object``, ``prep:with`` ...) name a place in the parse; each role
gives head tokens, their coordinated tokens ("X and Y") join them, and each token is then
mapped to the actor mention that covers it (or, for "the head of the Chinese Communist
Party", to a mention inside its noun phrase).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from communique.events.circumstances import entity_around
from communique.events.mention_lookup import (
    MentionIndex,
    is_unresolved_pronoun,
    mention_for,
    named_in_complement,
    named_in_object_phrase,
)
from communique.records import Participant

if TYPE_CHECKING:
    from spacy.tokens import Token

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
RELATIVE_TAGS = frozenset({"WDT", "WP", "WP$"})
# Named entities that may stand for an actor when no mention covers them.
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_CLIMB_LIMIT = 6
# Verbs that judge someone for an act: "faulted Clinton for supporting X", "thanked Qatar for
# mediating", "jailed him for spying": the object, not the judge, did the act.
_JUDGING_VERBS = frozenset(
    {
        "fault", "blame", "accuse", "criticize", "criticise", "condemn", "denounce", "praise",
        "thank", "commend", "congratulate", "credit", "applaud", "hail", "punish", "sanction",
        "arrest", "jail", "imprison", "detain", "charge", "convict", "sentence", "fine", "sue",
        "rebuke", "reprimand", "slam", "attack", "forgive", "pardon", "reward", "honour", "honor",
        "scold", "chastise", "excoriate", "lambast", "berate", "target", "expel", "suspend",
    }
)  # fmt: skip
_EMBEDDED_PREPS = ("to", "against", "with", "on", "from", "in", "into")


_FIRST_PERSON = frozenset({"i", "we"})
_CONDITION_MARKS = frozenset({"if", "unless"})


def _marked(clause: Token, words: frozenset[str]) -> bool:
    """Whether ``clause`` opens with one of ``words`` ("if", "unless"; "to" of an infinitive)."""
    return any(c.dep_ in {"mark", "aux"} and c.lower_ in words for c in clause.children)


# "claimed responsibility for", "took credit for", "admitted responsibility for"
_CLAIMED_NOUNS = frozenset({"responsibility", "credit"})
_CLAIMING_VERBS = frozenset({"claim", "take", "accept", "admit", "acknowledge", "assume"})
# Dependencies of words that modify a noun with a country or kind ("German ministers").
_MODIFIER_DEPS = frozenset({"amod", "nmod", "compound"})


def _own_subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in SUBJECT_DEPS:
            return child
    return None


# Prepositions that make a noun what is talked about, not what the speaker takes part in.
_TOPIC_PREPOSITIONS = frozenset({"about", "regarding", "concerning"})


def _topic_of_talk(noun: Token) -> bool:
    """ "broke the news about the meeting", "asked questions regarding the talks": whoever
    tells of a meeting is not at it, unless it is theirs ("spoke about his meeting")."""
    return (
        noun.dep_ == "pobj"
        and noun.head.dep_ == "prep"
        and noun.head.lower_ in _TOPIC_PREPOSITIONS
        and not any(c.dep_ == "poss" for c in noun.children)
    )


def governing_subject(
    token: Token, index: MentionIndex, *, through_reports: bool = False
) -> Token | None:
    """The subject a clause without its own subject inherits from the clause above it.

    "before meeting with Xi" and "After meeting Xi, Blinken said" take the main clause's
    subject; "refused to meet" takes the subject of "refused"; "urged China to meet" takes
    the object of "urged"; "the bill granting aid" and "the man who met" take the noun.
    A reported clause ("The BBC reports that the strikes ...") is someone else's act: its
    reporter is never its actor, unless ``through_reports`` (a pronoun subject: "Blinken
    said he would meet").
    """
    current = token
    for _ in range(_CLIMB_LIMIT):
        head = current.head
        if head is current:
            return None
        if current.dep_ == "ccomp" and not through_reports:
            return None
        if current.dep_ == "acl":
            return head
        if current.dep_ == "relcl":
            subject = _own_subject(current)
            if subject is None or subject.tag_ in RELATIVE_TAGS:
                return head
        if current.dep_ == "xcomp":
            for child in head.children:
                if child.dep_ == "dobj":
                    return child
        judged = _judged_for(current)
        if judged is not None:
            return judged
        if head.pos_ in {"VERB", "AUX"}:
            subject = _own_subject(head)
            if subject is not None and subject is not current:
                if subject.tag_ in RELATIVE_TAGS and head.dep_ == "relcl":
                    return head.head
                if not is_unresolved_pronoun(subject, index):
                    return subject
                # "'I am prepared to strike,' she said", "'We are ready to talk,' the
                # minister said": the first person of a reported clause is its speaker
                through_reports = through_reports or subject.lower_ in _FIRST_PERSON
        current = head
    return None


def _counted_up_to(children: Sequence[Token]) -> list[Token]:
    """ "kidnapped up to 16 advisers": the parser reads the quantity's "up to" as a particle
    and a preposition, leaving the counted object as the preposition's object."""
    return [
        g
        for c in children
        if c.dep_ == "prt" and c.lower_ == "up"
        for p in c.children
        if p.lower_ == "to"
        for g in p.children
        if g.dep_ == "pobj" and any(n.dep_ == "nummod" for n in g.children)
    ]


def _claimants(trigger: Token) -> list[Token]:
    """ "Hamas claimed responsibility for the attack": who owns up to the act did it."""
    holder = trigger.head.head if trigger.dep_ == "pobj" and trigger.head.lower_ == "for" else None
    # "for" hangs on the noun ("claimed responsibility for X") or on the verb ("took
    # credit for X")
    verb = holder.head if holder is not None and holder.dep_ == "dobj" else holder
    if (
        holder is not None
        and verb is not None
        and verb.lemma_.lower() in _CLAIMING_VERBS
        and any(c.dep_ == "dobj" and c.lemma_.lower() in _CLAIMED_NOUNS for c in verb.children)
    ):
        return [c for c in verb.children if c.dep_ == "nsubj"]
    return []


def _condition_subjects(trigger: Token) -> list[Token]:
    """ "threatened to launch an offensive unless Baghdad accepted": the condition is put to
    its subject."""
    hosts = [trigger, *(c for c in trigger.children if c.dep_ == "xcomp")]
    return [
        g
        for host in hosts
        for clause in host.children
        if clause.dep_ == "advcl" and _marked(clause, _CONDITION_MARKS)
        for g in clause.children
        if g.dep_ in {"nsubj", "nsubjpass"}
    ]


def _purpose_objects(trigger: Token) -> list[Token]:
    """ "held a rally to protest X", "went on a hunger strike to demand the resignation of
    X": objects of the to-infinitive on the trigger, its object or, for a noun, its verb."""
    hosts = [trigger, *(c for c in trigger.children if c.dep_ == "dobj")]
    if trigger.pos_ == "NOUN" and trigger.dep_ in {"dobj", "pobj"}:
        hosts.append(trigger.head if trigger.dep_ == "dobj" else trigger.head.head)
    return [
        c
        for clause in (c for h in hosts for c in h.children if c.dep_ in {"advcl", "acl"})
        if _marked(clause, frozenset({"to"}))
        for c in clause.children
        if c.dep_ in {"dobj", "dative"}
    ]


def _judged_for(act: Token) -> Token | None:
    """ "faulted Clinton for supporting X": the object of a judging verb whose "for"/"of"
    names the act (``act`` is the gerund under the preposition)."""
    preposition = act.head
    if act.dep_ != "pcomp" or preposition.lower_ not in {"for", "of", "over"}:
        return None
    verb = preposition.head
    if verb.lemma_.lower() not in _JUDGING_VERBS:
        return None
    objects = [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass"}]
    return objects[0] if objects else None


def is_passive(verb: Token) -> bool:
    """A passive clause ("was received by Xi"), or a bare past participle ("if asked",
    "the bill approved by parliament", "a deal struck by Russia")."""
    children = list(verb.children)
    if any(c.dep_ in {"nsubjpass", "auxpass"} for c in children):
        return True
    return verb.tag_ == "VBN" and not any(c.dep_ == "nsubj" or c.lemma_ == "have" for c in children)


def _with_conjuncts(tokens: Iterable[Token]) -> list[Token]:
    result: list[Token] = []
    for token in tokens:
        for item in (token, *token.conjuncts):
            if item not in result:
                result.append(item)
    return result


def _prep_objects(hosts: Sequence[Token], word: str) -> list[Token]:
    objects: list[Token] = []
    for host in hosts:
        for child in host.children:
            if child.dep_ in {"prep", "agent", "dative"} and child.lower_ == word:
                objects.extend(c for c in child.children if c.dep_ in {"pobj", "pcomp"})
    return objects


def role_tokens(
    trigger: Token, role: str, anchors: Sequence[Token], index: MentionIndex
) -> list[Token]:
    """Head tokens (with their conjuncts) that fill ``role`` for this trigger."""
    children = list(trigger.children)
    heads: list[Token] = []
    if role == "subject":
        if is_passive(trigger):
            # the subject is the patient; the logical subject is the "by" phrase
            return role_tokens(trigger, "agent", anchors, index)
        # a dateline the parser read as a second subject ("BEIJING, June 19 — Xi met") is not
        subject = next((c for c in children if c.dep_ == "nsubj" and c.idx >= index.opens_at), None)
        if subject is not None and subject.tag_ in RELATIVE_TAGS and trigger.dep_ == "relcl":
            subject = trigger.head
        if subject is None or is_unresolved_pronoun(subject, index):
            pronoun = subject is not None
            subject = governing_subject(trigger, index, through_reports=pronoun) or subject
        heads = [subject] if subject is not None else []
    elif role == "clause_subject":
        subject = None if _topic_of_talk(trigger) else governing_subject(trigger, index)
        heads = [subject] if subject is not None else []
    elif role == "passive_subject":
        heads = [c for c in children if c.dep_ == "nsubjpass"]
    elif role == "agent":
        heads = [g for c in children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
    elif role == "object":
        # "warned Turkey that ...": the small parser reads some named objects as adverbials
        heads = [
            c
            for c in children
            if c.dep_ == "dobj"
            or (c.dep_ == "npadvmod" and c.ent_type_ in ENTITY_LABELS and c.i > trigger.i)
        ] or _counted_up_to(children)
        if not heads and is_passive(trigger):
            # the logical object: "Five soldiers were killed", "the deal struck by Russia"
            heads = [c for c in children if c.dep_ == "nsubjpass"]
            if not heads and trigger.dep_ == "acl":
                heads = [trigger.head]
    elif role == "dative":
        heads = [c for c in children if c.dep_ == "dative" and c.pos_ != "ADP"]
    elif role == "possessor":
        heads = [c for c in children if c.dep_ == "poss"]
    elif role == "compound":
        heads = [c for c in children if c.dep_ == "compound" and c.pos_ == "PROPN"]
    elif role == "embedded":
        # "threatened to launch an offensive against Iraq", "offered to hand them to Britain":
        # the party the embedded action is aimed at.
        for clause in (c for c in children if c.dep_ == "xcomp"):
            heads.extend(c for c in clause.children if c.dep_ in {"dobj", "dative"})
            for word in _EMBEDDED_PREPS:
                heads.extend(_prep_objects([clause, *clause.children], word))
    elif role == "condition_subject":
        heads = _condition_subjects(trigger)
    elif role == "purpose":
        heads = _purpose_objects(trigger)
    elif role == "complement_subject":
        # "Karzai asked that Obama sign it", "alleged that Issa had ...": whom it is aimed at
        heads = [g for c in children if c.dep_ == "ccomp" for g in c.children if g.dep_ == "nsubj"]
        # "said Obama's trip was a disappointment": the one whose act is judged
        heads = [
            owner
            for head in heads
            for owner in (
                [head]
                if mention_for(head, index) is not None
                else [g for g in head.children if g.dep_ == "poss"] or [head]
            )
        ]
    elif role == "claimant":
        heads = _claimants(trigger)
    elif role == "object_phrase":
        heads = named_in_object_phrase(children, index)
    elif role == "complement_phrase":
        heads = named_in_complement(children, index)
    elif role.startswith("prep:"):
        heads = _prep_objects([trigger, *anchors], role.removeprefix("prep:"))
    return _with_conjuncts(heads)


def _unresolved_entity(token: Token, index: MentionIndex) -> Participant | None:
    """A named entity no mention covers ("visit to China" when the actor stage saw a place):
    kept so the event still shows who was involved, with the actor the story gives the
    same name elsewhere ("a sharp reaction in Beijing" after "Beijing, which claims ...")."""
    if token.ent_type_ not in ENTITY_LABELS:
        return None
    ent = entity_around(token)  # not a scan of Doc.ents: that was quadratic per story
    if ent.start_char < index.opens_at:
        return None  # "BEIJING, June 19 — Xi met Blinken": where the story was filed
    return Participant(ent.text, index.named(ent.text), ent.start_char, ent.end_char)


def _joined_modifiers(head: Token, index: MentionIndex) -> list[Participant]:
    """Parties named by words joined to the head's modifier: "French" in "French and German
    ministers", which the actor stage reads as an agent of its own."""
    joined = []
    for child in head.children:
        if child.dep_ not in _MODIFIER_DEPS:
            continue
        if not child.conjuncts:
            continue
        for word in (child, *child.conjuncts):
            mention = index.at(word.idx)
            if mention is not None and mention.actor is not None:
                joined.append(Participant(mention.text, mention.actor, mention.start, mention.end))
    return joined


def resolved(participants: Sequence[Participant]) -> bool:
    """Whether any of ``participants`` is a resolved actor."""
    return any(p.actor is not None for p in participants)


def participants_for(
    trigger: Token, roles: Sequence[str], anchors: Sequence[Token], index: MentionIndex
) -> tuple[Participant, ...]:
    """Participants from the first role that yields any; the roles are alternatives."""
    for role in roles:
        found: list[Participant] = []
        seen: set[tuple[int, int]] = set()
        for token in role_tokens(trigger, role, anchors, index):
            if token.i == trigger.i or token in anchors:
                continue
            mention = mention_for(token, index)
            participant: Participant | None
            if mention is not None:
                participant = Participant(mention.text, mention.actor, mention.start, mention.end)
            else:
                participant = _unresolved_entity(token, index)
            # in the order written: "French and German ministers" lists France first
            joined = sorted(
                (p for p in (participant, *_joined_modifiers(token, index)) if p is not None),
                key=lambda p: p.start,
            )
            for item in joined:
                if (item.start, item.end) in seen:
                    continue
                seen.add((item.start, item.end))
                found.append(item)
        if found:
            return tuple(found)
    return ()
