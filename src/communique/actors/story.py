"""Story-level linking: lone names and title-only mentions to the people named in full.

A lone name ("Blinken", "Wang") is linked to the people of the same story whose first or last name
it is. When several fit, context decides, in this order, and only when it singles one out:

1. the one named in full in the same or the previous paragraph;
2. the one whose office matches the offices around it: the counterparts in the same sentence
   (else paragraph) - "Wang told Blinken" pairs a foreign minister with a foreign minister - and
   office words such as "the foreign minister";
3. the one the knowledge base knows, over names only known from a title in this story (a title
   with an unknown name next to a known holder of the same office is most likely a misspelling,
   which the checks stage flags).

Otherwise the mention keeps every candidate and no actor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from communique.actors.knowledge import KnowledgeBase
from communique.actors.phrases import Title
from communique.names import normalise
from communique.records import Actor, MentionBasis

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from communique.actors.loader import Person

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Offices that say little about who is meant ("other" covers anything).
_VAGUE_OFFICES = frozenset({"other"})
# A lone family name found in the knowledge base but not in the story: how many candidates to keep.
_MAX_CANDIDATES = 8


@dataclass(slots=True)
class Item:
    """A mention in the making (internal to this stage)."""

    start: int  # token span
    end: int
    actor: Actor | None
    basis: MentionBasis
    candidates: tuple[Actor, ...] = ()
    short: str | None = None  # a lone name to link within the story ("Wang")
    kb_fallback: bool = False  # a PERSON entity: look the lone name up in the KB if unlinked
    fallback: Actor | None = None  # what a lone word is when it names nobody ("Beijing")
    fallback_basis: MentionBasis = "name"
    office: str | None = None  # office named by the title, a hint for linking
    title: Title | None = None
    full: bool = False  # a full name or title: it seeds the story's people
    holder: bool = False  # found as the holder of an office ("the Chinese leader")
    pronoun: bool = False
    bare: bool = False  # a capitalised word NER did not tag: a person only if surely one
    drop: bool = False  # found to be no actor after all (set while linking)


@dataclass(frozen=True, slots=True)
class _Person:
    actor: Actor
    keys: frozenset[str]  # first and last names
    offices: frozenset[str]
    paragraphs: frozenset[int]
    known: bool


class Story:
    """The people a story names in full, with where and as what."""

    def __init__(
        self,
        kb: KnowledgeBase,
        date: dt.date | None,
        items: list[Item],
        paragraph: Callable[[int], int],
        sentence_of: list[int],
    ) -> None:
        self.kb, self.date, self.items = kb, date, items
        self.paragraph, self.sentence_of = paragraph, sentence_of
        found: dict[str, list[Item]] = {}
        for item in items:
            if item.full and item.actor is not None and item.actor.kind == "person":
                found.setdefault(item.actor.id, []).append(item)
        self.people: dict[str, _Person] = {}
        for person_id, mentions in found.items():
            actor = mentions[0].actor
            assert actor is not None
            words = normalise(actor.name).split()
            offices = set(kb.offices_of(person_id, date))
            offices.update(m.office for m in mentions if m.office)
            self.people[person_id] = _Person(
                actor=actor,
                keys=frozenset({words[0], words[-1]}) if words else frozenset(),
                offices=frozenset(offices - _VAGUE_OFFICES),
                paragraphs=frozenset(paragraph(m.start) for m in mentions),
                known=kb.is_known(person_id),
            )

    def named(self, key: str) -> list[_Person]:
        return [p for p in self.people.values() if key in p.keys]

    def offices_near(self, item: Item, exclude: set[str]) -> frozenset[str]:
        """Offices of the resolved people and office words in the sentence, else the paragraph."""
        sentence, paragraph = self.sentence_of[item.start], self.paragraph(item.start)
        for same in (
            lambda it: self.sentence_of[it.start] == sentence,
            lambda it: self.paragraph(it.start) == paragraph,
        ):
            offices: set[str] = set()
            for other in self.items:
                if other is item or not same(other):
                    continue
                if other.actor is not None and other.actor.id in exclude:
                    continue
                if other.actor is not None and other.actor.id in self.people:
                    offices |= self.people[other.actor.id].offices
                elif other.office and other.office not in _VAGUE_OFFICES:
                    offices.add(other.office)
            if offices:
                return frozenset(offices)
        return frozenset()

    def choose(self, item: Item, fits: list[_Person]) -> _Person | None:
        """The one person the context singles out among ``fits``, or None."""
        paragraph = self.paragraph(item.start)
        recent = [p for p in fits if paragraph in p.paragraphs or paragraph - 1 in p.paragraphs]
        if len(recent) == 1:
            return recent[0]
        cues = self.offices_near(item, {p.actor.id for p in fits})
        matching = [p for p in fits if p.offices & cues]
        if len(matching) == 1:
            return matching[0]
        if len(matching) > 1:
            fits = matching
        known = [p for p in fits if p.known]
        return known[0] if len(known) == 1 else None


def link_short_names(story: Story) -> None:
    """Resolve lone names and title-only mentions in place (pass 2 of ``resolve_mentions``)."""
    kb, date = story.kb, story.date
    ambiguous: list[tuple[Item, list[_Person]]] = []
    for item in story.items:
        if item.holder:
            _link_holder(story, item)
        if item.short is None:
            continue
        fits = story.named(item.short)
        if item.office and len(fits) > 1:
            fits = [p for p in fits if item.office in p.offices] or fits
        if len(fits) == 1:
            item.actor, item.basis = fits[0].actor, "surname"
        elif fits:
            ambiguous.append((item, fits))
        elif item.bare:
            _office_holder_by_surname(kb, date, item)
        elif item.kb_fallback:
            _from_knowledge_base(kb, date, item)
        elif item.fallback is not None:
            # "an effigy of Obama" in 2013 is the president, not the Japanese town: the one
            # office holder of that family name on the story's date comes before the place
            holder = _office_holder(kb, date, item.short)
            if holder is not None:
                item.actor, item.basis = kb.person_actor(holder, date, item.office), "surname"
            else:
                item.actor, item.basis = item.fallback, item.fallback_basis
        else:
            item.drop = True
    # Context is read only once every clear case is settled, so that "Wang told Blinken" can use
    # Blinken even though he comes after Wang.
    for item, fits in ambiguous:
        chosen = story.choose(item, fits)
        if chosen is not None:
            item.actor, item.basis = chosen.actor, "surname"
        else:
            item.candidates = tuple(p.actor for p in fits)


def _link_holder(story: Story, item: Item) -> None:
    if item.actor is not None:
        if item.actor.id in story.people:
            item.basis = "coreference"  # "the Chinese leader" after "Xi Jinping"
        return
    if item.candidates or item.office is None:
        return
    # "the foreign minister" with no country: the one person of the story in that office.
    holders = [p for p in story.people.values() if item.office in p.offices]
    if len(holders) == 1:
        item.actor, item.basis = holders[0].actor, "coreference"
    else:
        item.drop = True


def _from_knowledge_base(kb: KnowledgeBase, date: dt.date | None, item: Item) -> None:
    """A lone name the story never gives in full: the KB's people of that family name."""
    assert item.short is not None
    people = kb.family_name_people(item.short)
    if len(people) > 1:
        active = [p for p in people if any(r.valid_on(date) for r in p.roles)]
        people = tuple(active) or people
    if item.office and len(people) > 1:
        people = tuple(p for p in people if item.office in kb.offices_of(p.id, date)) or people
    if len(people) == 1:
        item.actor, item.basis = kb.person_actor(people[0], date, item.office), "surname"
    elif item.fallback is not None:
        item.actor, item.basis = item.fallback, "title"
    elif people:
        item.candidates = tuple(kb.person_actor(p, date) for p in people[:_MAX_CANDIDATES])
    else:
        item.basis = "name"  # an unknown person: kept unresolved, for the checks stage


def _office_holder_by_surname(kb: KnowledgeBase, date: dt.date | None, item: Item) -> None:
    """An untagged capitalised word is a person only when it is the family name of the one
    person of the knowledge base in office on the story's date ("Trump" in 2019)."""
    assert item.short is not None
    holder = _office_holder(kb, date, item.short)
    if holder is not None:
        item.actor, item.basis = kb.person_actor(holder, date, item.office), "surname"
    else:
        item.drop = True


def _office_holder(kb: KnowledgeBase, date: dt.date | None, family_name: str) -> Person | None:
    """The one person of the knowledge base with this family name in office on ``date``."""
    if date is None:
        return None
    active = [
        p for p in kb.family_name_people(family_name) if any(r.valid_on(date) for r in p.roles)
    ]
    return active[0] if len(active) == 1 else None


PERSON_PRONOUNS = frozenset({"he", "she"})
# "Russia said it would ...", "the rebels said they had ...": a state, body or group
GROUP_PRONOUNS = frozenset({"it", "they"})


def link_pronouns(items: list[Item], doc: Doc, sentence_of: list[int]) -> None:
    """ "he"/"she" as a subject -> the one person before it in the sentence, else the subject
    of the sentence before, when that is a person. Anything less clear stays unresolved."""
    people = [it for it in items if it.actor is not None and it.actor.kind == "person"]
    for item in items:
        if not item.pronoun or doc[item.start].lower_ not in PERSON_PRONOUNS:
            continue
        sentence = sentence_of[item.start]
        before = {
            it.actor.id: it.actor
            for it in people
            if sentence_of[it.start] == sentence and it.start < item.start and it.actor
        }
        if len(before) == 1:
            item.actor, item.basis = next(iter(before.values())), "pronoun"
            continue
        if before:
            continue
        subjects = {
            it.actor.id: it.actor
            for it in people
            if sentence_of[it.start] == sentence - 1
            and it.actor is not None
            and doc[it.start : it.end].root.dep_ in SUBJECT_DEPS
            and doc[it.start : it.end].root.head.dep_ == "ROOT"
        }
        if len(subjects) == 1:
            item.actor, item.basis = next(iter(subjects.values())), "pronoun"


def link_reported_pronouns(items: list[Item], doc: Doc) -> None:
    """ "it"/"they" as the subject of a reported clause -> the reporter, when that is a state,
    body or group: "Syria says it is willing to withdraw", "the ministry said it had". Only
    this shape: elsewhere "it" is as often the weather or the plan as a party."""
    parties = [it for it in items if it.actor is not None and it.actor.kind != "person"]
    for item in items:
        if not item.pronoun or item.actor is not None:
            continue
        token = doc[item.start]
        if token.lower_ not in GROUP_PRONOUNS:
            continue
        clause = token.head
        while clause.dep_ == "conj" and clause.head is not clause:
            clause = clause.head
        if clause.dep_ != "ccomp":
            continue
        reporters = [c for c in clause.head.children if c.dep_ in SUBJECT_DEPS]
        found = {
            it.actor.id: it.actor
            for it in parties
            for reporter in reporters
            if it.start <= reporter.i < it.end and it.actor is not None
        }
        if len(found) == 1:
            item.actor, item.basis = next(iter(found.values())), "pronoun"
