"""Cut an article's text into segments that carry what covers them (events, actors, quotes...).

The dashboard prints each segment as its own element, and the template escapes each
segment's text on its own: markup is built only from these records, never from the
article, so a story containing ``<script>`` shows those characters and runs nothing.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from communique.records import CodedArticle

# Highlight kinds, in the order their classes are listed on a segment.
KINDS = ("removed", "event", "trigger", "actor", "quote", "place", "flag")


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the article text that one record covers."""

    start: int
    end: int
    kind: str  # one of KINDS
    label: str  # shown as the segment's tooltip
    ref: str = ""  # event id for event and trigger spans, so the page can link list and text


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text covered by the same set of spans."""

    text: str
    kinds: tuple[str, ...]
    labels: tuple[str, ...]
    refs: tuple[str, ...]

    @property
    def css(self) -> str:
        return " ".join(f"hl-{kind}" for kind in self.kinds)


def _actor_label(coded: CodedArticle, index: int) -> str:
    mention = coded.mentions[index]
    if mention.actor is None:
        return f"unresolved mention ({mention.basis})"
    role = f", {mention.actor.role}" if mention.actor.role else ""
    return f"{mention.actor.name}{role} [{mention.actor.code}]"


def article_spans(coded: CodedArticle) -> list[Span]:
    """Every highlightable span of ``coded``, in no particular order."""
    spans: list[Span] = [
        Span(r.start, r.end, "removed", f"removed {r.kind}") for r in coded.clean.removed
    ]
    for event in coded.events:
        label = f"{event.event} ({event.cameo}, Goldstein {event.goldstein:+.1f})"
        spans.append(Span(event.start, event.end, "event", label, event.id))
        if event.trigger_end > event.trigger_start:
            spans.append(Span(event.trigger_start, event.trigger_end, "trigger", label, event.id))
        if event.place_text:
            at = event.sentence.find(event.place_text)
            if at >= 0:
                start = event.start + at
                name = event.place.name if event.place else event.place_text
                spans.append(Span(start, start + len(event.place_text), "place", name, event.id))
    spans += [
        Span(m.start, m.end, "actor", _actor_label(coded, i)) for i, m in enumerate(coded.mentions)
    ]
    for quote in coded.quotes:
        speaker = quote.speaker.entity_text if quote.speaker else "unknown speaker"
        spans.append(Span(quote.start, quote.end, "quote", f"quote by {speaker}"))
    for flag in coded.flags:
        spans += [Span(s, e, "flag", f"{flag.severity}: {flag.message}") for s, e in flag.spans]
    return spans


def segments(text: str, spans: Iterable[Span]) -> list[Segment]:
    """``text`` cut at every span edge; adjacent pieces together give back ``text`` exactly."""
    usable = [
        Span(max(s.start, 0), min(s.end, len(text)), s.kind, s.label, s.ref)
        for s in spans
        if s.end > s.start and s.start < len(text) and s.end > 0
    ]
    edges = sorted({0, len(text)} | {s.start for s in usable} | {s.end for s in usable})
    pieces: list[Segment] = []
    for left, right in itertools.pairwise(edges):
        covering = [s for s in usable if s.start <= left and s.end >= right]
        pieces.append(_segment(text[left:right], covering))
    return pieces


def _segment(text: str, covering: Sequence[Span]) -> Segment:
    kinds = tuple(k for k in KINDS if any(s.kind == k for s in covering))
    labels = tuple(dict.fromkeys(s.label for s in covering))
    refs = tuple(dict.fromkeys(s.ref for s in covering if s.ref))
    return Segment(text, kinds, labels, refs)
