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
from typing import TYPE_CHECKING

from communique.events.announcements import as_announcement, fold_agreed_acts
from communique.events.chains import fold_continuations
from communique.events.circumstances import (
    destination_text,
    modality_flags,
    place_text,
    reference_year,
    struck_place_text,
    time_text,
)
from communique.events.matching import Match, find_matches
from communique.events.mention_lookup import MentionIndex
from communique.events.ontology import Ontology, default_ontology
from communique.events.participants import participants_for, resolved, role_tokens
from communique.events.patterns import PatternSet, default_patterns
from communique.nlp.datelines import story_body_start
from communique.records import Event, Mention, Participant

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

logger = logging.getLogger(__name__)


def event_id(article_id: str, trigger_start: int, trigger_end: int, pattern_id: str) -> str:
    """Stable id: the same story coded twice gives the same ids."""
    key = f"{article_id}|{trigger_start}|{trigger_end}|{pattern_id}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def _trigger_span(match: Match) -> tuple[int, int]:
    tokens = [match.trigger, *match.anchors]
    # "met with": keep a directly following preposition in the trigger text.
    following = match.trigger.nbor(1) if match.trigger.i + 1 < len(match.trigger.doc) else None
    if following is not None and following.dep_ == "prep" and following.lower_ in {"with", "by"}:
        tokens.append(following)
    start = min(t.idx for t in tokens)
    end = max(t.idx + len(t.text) for t in tokens)
    return start, end


def _doc_text(doc: Doc) -> str:
    # Doc.text joins every token on each call: once per event made coding quadratic.
    text = doc.user_data.get(_DOC_TEXT_KEY)
    if not isinstance(text, str):
        text = doc.user_data[_DOC_TEXT_KEY] = doc.text
    return text


_DOC_TEXT_KEY = "communique.events.text"


def _sentence_span(trigger: Token) -> tuple[str, int, int]:
    sentence = trigger.sent
    raw = sentence.text
    stripped = raw.strip()
    start = sentence.start_char + (len(raw) - len(raw.lstrip()))
    return stripped, start, start + len(stripped)


def _parties_of(event: Event) -> tuple[Participant, ...]:
    seen: dict[tuple[int, int], Participant] = {}
    for p in (*event.actors, *event.recipients):
        if p.actor is not None:
            seen.setdefault((p.start, p.end), p)
    return tuple(seen.values())


def _from_context(
    match: Match,
    actors: tuple[Participant, ...],
    recipients: tuple[Participant, ...],
    patterns: PatternSet,
    index: MentionIndex,
    earlier: Sequence[Event],
) -> tuple[tuple[Participant, ...], tuple[Participant, ...]]:
    """Fill participants the sentence names only by reference to an earlier event.

    "The ministers agreed" after a meeting: the plural noun stands for the meeting's
    parties. "China denies these allegations": the recipient is whoever made them.
    """
    trigger = match.trigger
    # "the two men met": a plural noun the actors stage read as a generic group ("men",
    # civilians) still points back to the parties of the event before
    generic = all(p.actor is None or p.actor.kind == "agent" for p in actors)
    if generic and earlier:
        subjects = role_tokens(trigger, "subject", match.anchors, index)
        if (
            subjects
            and subjects[0].lemma_.lower() in patterns.collective_nouns
            and subjects[0].tag_ == "NNS"
        ):
            # only a meeting told just before: "the two leaders" three paragraphs on are
            # others (the sentence before is the one the plural can point back to)
            sentence = trigger.sent
            previous = trigger.doc[sentence.start - 1].sent if sentence.start > 0 else sentence
            meeting = next(
                (
                    e
                    for e in reversed(earlier)
                    if len(_parties_of(e)) >= 2 and e.end > previous.start_char
                ),
                None,
            )
            if meeting is not None:
                actors = _parties_of(meeting)
                recipients = recipients if resolved(recipients) else actors
    if not resolved(recipients) and earlier:
        pointing = any(
            c.dep_ == "dobj" and c.lemma_.lower() in patterns.anaphoric_objects
            for c in trigger.children
        )
        # "Moscow denied any interference" after "US agencies accused Russia of ...": a
        # denial answers the latest accusation made against the one who denies; "these
        # allegations" otherwise point back to the latest accusation of all
        against = next((e for e in reversed(earlier) if _accuses(e, actors)), None)
        latest = next((e for e in reversed(earlier) if e.event == "ACCUSE"), None)
        if match.pattern.event == "REJECT" and against is not None:
            recipients = against.actors
        elif pointing and latest is not None and resolved(latest.actors):
            recipients = latest.actors
    return actors, recipients


def _wielded(participant: Participant, doc: Doc) -> bool:
    """ "struck Odesa with drones": a countryless agent after "with" is what was used."""
    actor = participant.actor
    if actor is None or actor.country or actor.kind != "agent":
        return False
    span = doc.char_span(participant.start, participant.end, alignment_mode="expand")
    return span is not None and span.root.dep_ == "pobj" and span.root.head.lower_ == "with"


def _accuses(event: Event, parties: Sequence[Participant]) -> bool:
    """An accusation with resolved accusers aimed at one of ``parties`` (same actor or state)."""
    if event.event != "ACCUSE" or not resolved(event.actors):
        return False
    ours = {(p.actor.id, p.actor.country) for p in parties if p.actor is not None}
    ids = {actor_id for actor_id, _ in ours}
    countries = {country for _, country in ours if country}
    return any(
        p.actor is not None and (p.actor.id in ids or p.actor.country in countries)
        for p in event.recipients
    )


def _contexts(base: tuple[str, ...], trigger: Token, patterns: PatternSet) -> tuple[str, ...]:
    """The pattern's contexts, then those the sentence's words cue ("troops": military)."""
    if not patterns.context_cues:
        return base
    lemmas = {t.lemma_.lower() for t in trigger.sent}
    cued = [c for c, words in patterns.context_cues if c not in base and lemmas & words]
    return (*base, *cued)


def _build_event(
    match: Match,
    index: MentionIndex,
    article_id: str,
    patterns: PatternSet,
    ontology: Ontology,
    story_year: int | None,
    earlier: Sequence[Event] = (),
    require_actor: bool = True,
) -> Event | None:
    pattern, trigger = match.pattern, match.trigger
    actors = participants_for(trigger, pattern.actor_roles, match.anchors, index)
    recipients = participants_for(trigger, pattern.recipient_roles, match.anchors, index)
    actors, recipients = _from_context(match, actors, recipients, patterns, index, earlier)
    actor_spans = {(p.start, p.end) for p in actors}
    # "Nor is it just the TPP that Democrats oppose": whoever acts is not also its target
    # (a meeting among X and Y is, and is built below)
    actor_ids = {p.actor.id for p in actors if p.actor is not None}
    recipients = tuple(
        p
        for p in recipients
        if (p.start, p.end) not in actor_spans
        and (pattern.reciprocal or p.actor is None or p.actor.id not in actor_ids)
        and not (pattern.event == "ASSAULT" and _wielded(p, trigger.doc))
    )
    if resolved(actors) and not resolved(recipients) and patterns.fallback_recipients:
        # "imposed sanctions against Russia", "fired at an Armenian position": the target
        # named in the usual places, when the pattern's own roles name none; only for an
        # event whose doer is known ("an official said Arnor will ..." aims at nobody)
        for role in patterns.fallback_recipients:
            fired = role == "object" and trigger.lemma_.lower() in patterns.instrument_verbs
            found = tuple(
                p
                for p in participants_for(trigger, (role,), match.anchors, index)
                if p.actor is not None
                and (p.start, p.end) not in actor_spans
                # "fired a missile into the sea": a weapon (a countryless agent) is no
                # target; "fired the minister" still names one
                and not (fired and p.actor.kind == "agent" and not p.actor.country)
                and not (pattern.event == "ASSAULT" and _wielded(p, trigger.doc))
            )
            if found:
                recipients = found
                break
    if pattern.reciprocal and not recipients and (len(actors) >= 2 or _one_group(actors, trigger)):
        recipients = actors  # "X and Y met"; "EU foreign ministers met": among themselves
    if pattern.event == "CONSULT" and _press_only(recipients):
        return None  # "speaking to Reuters", "told reporters": news-making, not consultation
    if pattern.event == "REQUEST" and _asks_a_question(trigger):
        return None  # "was asked why X has not acted": a question, not an appeal
    distinct = actor_spans | {(p.start, p.end) for p in recipients}
    if len(distinct) < pattern.min_participants and not (
        recipients == actors and _one_group(actors, trigger)
    ):
        return None
    if require_actor and not any(p.actor is not None for p in (*actors, *recipients)):
        return None
    if (
        require_actor
        and not resolved(actors)
        and not any(p.actor is not None and p.actor.country for p in recipients)
    ):
        # "civilians were killed", "people were injured": a toll with nobody who did it and
        # no state it befell tells an analyst nothing; the attack itself is coded elsewhere
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
    # A background event named by a noun and not anchored in time happened before the story.
    historical = flags.historical or (pattern.background and when is None)
    return Event(
        id=event_id(article_id, trigger_start, trigger_end, pattern.id),
        article_id=article_id,
        event=pattern.event,
        mode=mode,
        context=_contexts(pattern.contexts or cameo.contexts, trigger, patterns),
        cameo=cameo.code,
        goldstein=cameo.goldstein,
        quad_code=cameo.quad_class,
        actors=actors,
        recipients=recipients,
        trigger=_doc_text(trigger.doc)[trigger_start:trigger_end],
        sentence=sentence,
        start=start,
        end=end,
        trigger_start=trigger_start,
        trigger_end=trigger_end,
        negated=flags.negated,
        future=flags.future,
        hypothetical=flags.hypothetical,
        historical=historical,
        place_text=place_text(trigger, match.anchors, role_heads, (*actors, *recipients))
        or (destination_text(trigger) if mode == "visit" else None)
        or (
            struck_place_text(trigger, (*actors, *recipients))
            if pattern.event == "ASSAULT"
            else None
        ),
        time_text=when,
        pattern=pattern.id,
    )


# A "sentence" longer than this is not prose (a table, a list run together, a hostile
# input): each event costs the length of its sentence, so one such sentence with
# thousands of triggers would cost minutes. Real news sentences stay far below it.
MAX_SENTENCE_TOKENS = 400


def _oversized_sentences(doc: Doc) -> list[tuple[int, int]]:
    spans = [(sent.start, sent.end) for sent in doc.sents if len(sent) > MAX_SENTENCE_TOKENS]
    if spans:
        logger.warning(
            "%d sentence(s) over %d tokens not coded for events", len(spans), MAX_SENTENCE_TOKENS
        )
    return spans


# Sectors whose members meet and deal with one another as such (officials, lawmakers, forces,
# parties, courts; international bodies code their own sector).
_GROUPS_THAT_CONFER = frozenset(
    {"GOV", "LEG", "MIL", "PTY", "JUD", "COP", "SPY", "REB", "IGO", "NGO", "UNO"}
)


def _one_group(participants: Sequence[Participant], trigger: Token) -> bool:
    """One resolved party named in the plural ("EU foreign ministers", "Leaders of the
    African Union"): a group whose members can meet one another."""
    actor = participants[0].actor if len(participants) == 1 else None
    if actor is None or not actor.country or actor.sector not in _GROUPS_THAT_CONFER:
        return False  # "the two men discussed the war": people at large hold no talks
    if trigger.pos_ != "VERB" or any(c.dep_ in {"xcomp", "ccomp"} for c in trigger.children):
        # "as Chinese officials confirmed at this meeting": a noun's parties are not the
        # clause's subject alone; "agreed to provide aid for Poland": the act names its own
        # recipient
        return False
    span = trigger.doc.char_span(
        participants[0].start, participants[0].end, alignment_mode="expand"
    )
    return span is not None and span.root.tag_ in {"NNS", "NNPS"}


_QUESTION_WORDS = frozenset({"why", "what", "whether", "how", "who", "when", "where", "which"})


def _asks_a_question(trigger: Token) -> bool:
    """A clause on the trigger that opens with a question word, or "the question" as its
    object: "asked why the US has not intervened", "asked the question"."""
    for child in trigger.children:
        if child.dep_ == "dobj" and child.lemma_.lower() == "question":
            return True
        if child.dep_ in {"ccomp", "advcl", "xcomp"}:
            first = child.left_edge
            if first.i < child.i and first.lower_ in _QUESTION_WORDS:
                return True
    return False


def _press_only(participants: Sequence[Participant]) -> bool:
    return bool(participants) and all(
        p.actor is not None and p.actor.sector == "MED" for p in participants
    )


def code_events(
    doc: Doc,
    mentions: Sequence[Mention],
    article_id: str,
    *,
    patterns: PatternSet | None = None,
    ontology: Ontology | None = None,
    published_year: int | None = None,
    require_actor: bool = True,
    body_start: int | None = None,
) -> tuple[Event, ...]:
    """Code the events in ``doc`` whose participants are among ``mentions``.

    ``patterns`` and ``ontology`` default to the shipped data (loaded once and cached).
    ``published_year`` helps tell historical background ("in 2019 X visited") from news.
    ``require_actor=False`` keeps events none of whose participants resolved to an actor
    (for measuring event typing on its own; stories are coded with the default).
    ``body_start`` is where the story opens after its dateline (``Dateline.body_start``;
    read off the text when not given): the dateline's words are no participants.
    """
    patterns = patterns or default_patterns()
    ontology = ontology or default_ontology()
    filed = story_body_start(doc, body_start)
    index = MentionIndex([m for m in mentions if m.start >= filed], opens_at=filed)
    story_year = reference_year(doc, published_year)
    events: list[Event] = []
    told: list[tuple[Event, Token]] = []
    oversized = _oversized_sentences(doc)
    for match in find_matches(doc, patterns):
        if any(start <= match.trigger.i < end for start, end in oversized):
            continue
        event = _build_event(
            match, index, article_id, patterns, ontology, story_year, events, require_actor
        )
        if event is not None:
            events.append(as_announcement(event, ontology))
            told.append((events[-1], match.trigger))
    events = [event for event, _ in fold_agreed_acts(fold_continuations(told))]
    logger.debug("article %s: %d events", article_id, len(events))
    return tuple(events)
