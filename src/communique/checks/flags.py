"""Find what in a coded story does not add up, and attach the flags to the story and its events.

Each flag's first span is its subject (the mention, trigger or sentence that is suspect); the
other spans are evidence. An event carries a flag when one of its participants or its trigger
overlaps the subject span, so a flagged mention marks the events coded from it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import replace

from communique.actors import KnowledgeBase
from communique.checks.consistency import (
    place_and_date_findings,
    quote_findings,
    removed_text_findings,
)
from communique.checks.names import Finding, name_findings
from communique.records import CodedArticle, Event, Flag

FLAG_KINDS = (
    "name_conflict",
    "office_date",
    "name_variant",
    "removed_text_event",
    "place_conflict",
    "date_conflict",
    "quote_conflict",
)
SEVERITIES = ("info", "warning", "error")


def flag_id(article_id: str, kind: str, spans: Iterable[tuple[int, int]]) -> str:
    """Stable id: the same story checked again gives the same ids."""
    key = f"{article_id}|{kind}|" + ";".join(f"{s}-{e}" for s, e in spans)
    return "flag:" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def find_flags(coded: CodedArticle, kb: KnowledgeBase) -> tuple[Flag, ...]:
    """Every flag of one coded story, in a stable order (by kind, then by first span)."""
    findings: list[Finding] = [
        *name_findings(coded, kb),
        *removed_text_findings(coded),
        *place_and_date_findings(coded),
        *quote_findings(coded),
    ]
    flags: dict[str, Flag] = {}
    for f in findings:
        fid = flag_id(coded.article.id, f.kind, f.spans)
        flags.setdefault(fid, Flag(fid, coded.article.id, f.kind, f.message, f.severity, f.spans))
    return tuple(
        sorted(flags.values(), key=lambda f: (FLAG_KINDS.index(f.kind), f.spans[:1], f.id))
    )


def _event_spans(event: Event) -> list[tuple[int, int]]:
    spans = [(p.start, p.end) for p in (*event.actors, *event.recipients)]
    if event.trigger_end > event.trigger_start:
        spans.append((event.trigger_start, event.trigger_end))
    return spans


def attach_flags(coded: CodedArticle, flags: tuple[Flag, ...]) -> CodedArticle:
    """The story with ``flags`` set, and each flag's id on the events its subject span touches."""
    events = []
    for event in coded.events:
        ids = list(event.flags)
        for flag in flags:
            if not flag.spans or flag.id in ids:
                continue
            start, end = flag.spans[0]
            if any(s < end and start < e for s, e in _event_spans(event)):
                ids.append(flag.id)
        events.append(replace(event, flags=tuple(ids)) if len(ids) != len(event.flags) else event)
    return replace(coded, flags=flags, events=tuple(events))


def check_article(coded: CodedArticle, kb: KnowledgeBase) -> CodedArticle:
    """Run every check on a coded story and attach the flags (the pipeline's checks stage)."""
    return attach_flags(coded, find_flags(coded, kb))
