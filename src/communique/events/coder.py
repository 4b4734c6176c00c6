"""The event coder: a parsed Doc and its actor mentions in, PLOVER/CAMEO events out.

For each word that matches a pattern (patterns.yaml), the participants are read from
the dependency parse (participants.py), the place, time and modality from the words
around the trigger (circumstances.py), and the codes from the ontology (ontology.py).
One happening gives one event: "X met Y and Z" has two recipients, "X and Y met" two
actors who are each other's recipients. Events without a resolved actor are dropped.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from communique.events.circumstances import modality_flags, place_text, reference_year, time_text
from communique.events.ontology import Ontology, default_ontology
from communique.events.participants import MentionIndex, participants_for, role_tokens
from communique.events.patterns import Pattern, PatternSet, default_patterns
from communique.records import Event, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

logger = logging.getLogger(__name__)

# Dependents only a verb takes: a word that has them is a verb whatever its tag says
# (the small model tags "meet" in "If Putin and Zelensky meet" as a noun).
_VERB_DEPS = frozenset({"nsubj", "nsubjpass", "aux", "auxpass", "dobj", "mark"})


def _word_class(token: Token) -> str | None:
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


def event_id(article_id: str, trigger_start: int, trigger_end: int, pattern_id: str) -> str:
    """Stable id: the same story coded twice gives the same ids."""
    key = f"{article_id}|{trigger_start}|{trigger_end}|{pattern_id}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _has_modifier(token: Token, lemmas: frozenset[str]) -> bool:
    return any(
        c.dep_ in {"compound", "amod", "nmod"} and c.lemma_.lower() in lemmas
        for c in token.children
    )


def _requirements_met(token: Token, pattern: Pattern) -> tuple[Token, ...] | None:
    """The anchor words when ``token`` meets the pattern's requirements, else None."""
    anchors: list[Token] = []
    if pattern.objects:
        objects = [
            c
            for c in token.children
            if c.dep_ in {"dobj", "nsubjpass"}
            and (c.lemma_.lower() in pattern.objects or c.lower_ in pattern.objects)
        ]
        if not objects:
            return None
        anchors.append(objects[0])
    if pattern.preps is not None:
        found = None
        for child in token.children:
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
    if pattern.modifiers:
        host = anchors[0] if pattern.objects else token
        if not _has_modifier(host, pattern.modifiers):
            return None
    return tuple(anchors)


def find_matches(doc: Doc, patterns: PatternSet) -> list[Match]:
    """Every trigger in the doc with its pattern; verbs first, so "held talks" is one event."""
    matches: list[Match] = []
    consumed: set[int] = set()
    for wanted_pos in ("verb", "noun"):
        for token in doc:
            if _word_class(token) != wanted_pos or token.i in consumed:
                continue
            lemma = token.lemma_.lower()
            candidates = patterns.for_lemma(lemma, wanted_pos)
            if not candidates and token.lower_ != lemma:
                candidates = patterns.for_lemma(token.lower_, wanted_pos)
            for pattern in candidates:
                anchors = _requirements_met(token, pattern)
                if anchors is None:
                    continue
                matches.append(Match(token, pattern, anchors))
                consumed.update(a.i for a in anchors)
                consumed.add(token.i)
                break
    return sorted(matches, key=lambda m: m.trigger.i)


def _trigger_span(match: Match) -> tuple[int, int]:
    tokens = [match.trigger, *match.anchors]
    # "met with": keep a directly following preposition in the trigger text.
    following = match.trigger.nbor(1) if match.trigger.i + 1 < len(match.trigger.doc) else None
    if following is not None and following.dep_ == "prep" and following.lower_ in {"with", "by"}:
        tokens.append(following)
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    return start, end


def _sentence_span(trigger: Token) -> tuple[str, int, int]:
    sentence = trigger.sent
    raw = sentence.text
    stripped = raw.strip()
    start = sentence.start_char + (len(raw) - len(raw.lstrip()))
    return stripped, start, start + len(stripped)


def _build_event(
    match: Match,
    index: MentionIndex,
    article_id: str,
    patterns: PatternSet,
    ontology: Ontology,
    story_year: int | None,
) -> Event | None:
    pattern, trigger = match.pattern, match.trigger
    actors = participants_for(trigger, pattern.actor_roles, match.anchors, index)
    recipients = participants_for(trigger, pattern.recipient_roles, match.anchors, index)
    actor_spans = {(p.start, p.end) for p in actors}
    recipients = tuple(p for p in recipients if (p.start, p.end) not in actor_spans)
    if pattern.reciprocal and not recipients and len(actors) >= 2:
        recipients = actors
    distinct = actor_spans | {(p.start, p.end) for p in recipients}
    if len(distinct) < pattern.min_participants:
        return None
    if not any(p.actor is not None for p in (*actors, *recipients)):
        return None
    code = ontology.cameo(pattern.cameo)
    mode = pattern.mode or code.mode
    sentence, start, end = _sentence_span(trigger)
    cameo = code
    prep_objects = {
        g.lemma_.lower()
        for host in (trigger, *match.anchors)
        for c in host.children
        if c.dep_ == "prep"
        for g in c.children
        if g.dep_ == "pobj"
    }
    for cue in patterns.mode_cues:
        if cue.event != pattern.event:
            continue
        if any(p in sentence.lower() for p in cue.phrases) or cue.prep_objects & prep_objects:
            mode = cue.mode
            cameo = ontology.cameo(cue.cameo) if cue.cameo else code
            break
    trigger_start, trigger_end = _trigger_span(match)
    role_heads = [
        t
        for roles in (pattern.actor_roles, pattern.recipient_roles)
        for role in roles
        for t in role_tokens(trigger, role, match.anchors, index)
    ]
    when = time_text(trigger, match.anchors)
    flags = modality_flags(trigger, when, patterns.modality, story_year)
    return Event(
        id=event_id(article_id, trigger_start, trigger_end, pattern.id),
        article_id=article_id,
        event=pattern.event,
        mode=mode,
        context=pattern.contexts or cameo.contexts,
        cameo=cameo.code,
        goldstein=cameo.goldstein,
        quad_code=cameo.quad_class,
        actors=actors,
        recipients=recipients,
        trigger=trigger.doc.text[trigger_start:trigger_end],
        sentence=sentence,
        start=start,
        end=end,
        trigger_start=trigger_start,
        trigger_end=trigger_end,
        negated=flags.negated,
        future=flags.future,
        hypothetical=flags.hypothetical,
        historical=flags.historical,
        place_text=place_text(trigger, match.anchors, role_heads, (*actors, *recipients)),
        time_text=when,
        pattern=pattern.id,
    )


def code_events(
    doc: Doc,
    mentions: Sequence[Mention],
    article_id: str,
    *,
    patterns: PatternSet | None = None,
    ontology: Ontology | None = None,
    published_year: int | None = None,
) -> tuple[Event, ...]:
    """Code the events in ``doc`` whose participants are among ``mentions``.

    ``patterns`` and ``ontology`` default to the shipped data (loaded once and cached).
    ``published_year`` helps tell historical background ("in 2019 X visited") from news.
    """
    patterns = patterns or default_patterns()
    ontology = ontology or default_ontology()
    index = MentionIndex(mentions)
    story_year = reference_year(doc, published_year)
    events: list[Event] = []
    for match in find_matches(doc, patterns):
        event = _build_event(match, index, article_id, patterns, ontology, story_year)
        if event is not None:
            events.append(event)
    logger.debug("article %s: %d events", article_id, len(events))
    return tuple(events)
