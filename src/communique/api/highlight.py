"""Cut an article's text into segments that carry what covers them (events, actors, quotes...).

The dashboard prints each segment as its own element, and the template escapes each
segment's text on its own: markup is built only from these records, never from the
article, so a story containing ``<script>`` shows those characters and runs nothing.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass

from communique.records import CodedArticle

# Highlight kinds, in the order their classes are listed on a segment.
KINDS = ("removed", "event", "trigger", "actor", "quote", "place", "flag")
# A segment names at most this many labels (its tooltip) and event ids; of the spans open
# over it at most MAX_SCAN are read, so a pile of overlapping spans costs a bounded amount
# per segment.
MAX_LABELS = 8
MAX_SCAN = 4 * MAX_LABELS
MORE = "…"  # the last label of a segment whose other labels were left out


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


def within(spans: Iterable[Span], start: int, end: int) -> list[Span]:
    """The spans that reach into ``text[start:end]``, cut to it and counted from ``start``."""
    return [
        Span(max(s.start, start) - start, min(s.end, end) - start, s.kind, s.label, s.ref)
        for s in spans
        if s.start < end and s.end > start
    ]


def segments(text: str, spans: Iterable[Span]) -> list[Segment]:
    """``text`` cut at every span edge; adjacent pieces together give back ``text`` exactly.

    One sweep over the edges in order, keeping the spans open at each one: the work is the
    sorting plus a bounded amount per segment (at most ``MAX_LABELS`` labels and refs are
    read from the open spans, innermost first), never segments times spans.
    """
    usable = [
        Span(max(s.start, 0), min(s.end, len(text)), s.kind, s.label, s.ref)
        for s in spans
        if s.end > s.start and s.start < len(text) and s.end > 0
    ]
    edges = sorted({0, len(text)} | {s.start for s in usable} | {s.end for s in usable})
    opening = sorted(range(len(usable)), key=lambda i: usable[i].start)
    closing = sorted(range(len(usable)), key=lambda i: usable[i].end)
    open_spans: dict[int, Span] = {}  # by position in ``usable``; insertion order: by start
    open_kinds = dict.fromkeys(KINDS, 0)
    next_open = next_close = 0
    pieces: list[Segment] = []
    for left, right in itertools.pairwise(edges):
        # open: every span with start <= left < end; edges hold every start and end, so
        # such a span also reaches right
        while next_open < len(opening) and usable[opening[next_open]].start <= left:
            index = opening[next_open]
            open_spans[index] = usable[index]
            open_kinds[usable[index].kind] = open_kinds.get(usable[index].kind, 0) + 1
            next_open += 1
        while next_close < len(closing) and usable[closing[next_close]].end <= left:
            index = closing[next_close]
            if open_spans.pop(index, None) is not None:
                open_kinds[usable[index].kind] -= 1
            next_close += 1
        pieces.append(_segment(text[left:right], open_spans, open_kinds))
    return pieces


def _segment(text: str, open_spans: dict[int, Span], open_kinds: dict[str, int]) -> Segment:
    kinds = tuple(k for k in KINDS if open_kinds[k] > 0)
    labels: dict[str, None] = {}
    refs: dict[str, None] = {}
    read = 0
    left_out = False
    # innermost (latest opened) first: a trigger's own event id and label come before those
    # of the sentences around it; past MAX_SCAN open spans the rest are not read
    for span in reversed(open_spans.values()):
        if read == MAX_SCAN:
            break
        read += 1
        if span.label not in labels:
            if len(labels) < MAX_LABELS:
                labels[span.label] = None
            else:
                left_out = True
        if span.ref and span.ref not in refs and len(refs) < MAX_LABELS:
            refs[span.ref] = None
    shown = tuple(labels)
    if left_out or read < len(open_spans):
        shown = (*shown, MORE)
    return Segment(text, kinds, shown, tuple(refs))
