"""The one quotation finder: direct quotations by their quotation marks, on the text alone.

It is a core module, so that every stage agrees on what lies inside a quotation: the
quotes stage builds Quote records from its groups, and the dates, places and checks
stages pass over what ``quoted_regions`` covers (someone's words, not the writer's).

A quotation is a ``QuoteGroup`` of one or more ``Segment``s:

* a quote split around its attribution (“We have an obligation,” Blinken said, “to manage
  relations.”) is ONE group of two segments, so it becomes one Quote record;
* a quote that runs over several paragraphs (the opening mark of a paragraph is not closed
  at its end, and the next paragraph opens with a quotation mark again, as newspapers
  print it) is one group with a segment per paragraph.

Double marks (straight "…" and curly “…”) are always considered. Single curly marks ‘…’ are
only taken outside double quotes, and the caller keeps them only when a speech verb
attributes them, since ’ is also the apostrophe.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from communique.records import QuoteGroup, Segment
from communique.textspans import trimmed_span

__all__ = [
    "SENTENCE_END",
    "QuoteGroup",
    "Segment",
    "find_quote_groups",
    "quote_text",
    "quoted_regions",
    "quoted_within",
]

_PARAGRAPH = re.compile(r"[^\n]+")
_LETTER_OR_DIGIT = re.compile(r"\w")
# The end of a sentence: terminal punctuation followed by space, a closing mark or the end.
SENTENCE_END = re.compile(r"[.!?](?=[\s\"”’)]|$)")


def _segment(
    text: str, open_mark: int, close_mark: int | None, para_end: int, single: bool = False
) -> Segment | None:
    content_end = close_mark if close_mark is not None else para_end
    start, end = trimmed_span(text, open_mark + 1, content_end)
    if start >= end:
        return None
    return Segment(open_mark, close_mark, start, end, para_end, single)


def _double_segments(text: str, para_start: int, para_end: int) -> list[Segment]:
    """Pair the double quotation marks of one paragraph."""
    segments: list[Segment] = []
    open_at: int | None = None
    for pos in range(para_start, para_end):
        char = text[pos]
        if char == "“":
            open_at = pos  # a second opening mark means the first was never closed: restart
        elif char == "”" and open_at is not None:
            segment = _segment(text, open_at, pos, para_end)
            if segment is not None:
                segments.append(segment)
            open_at = None
        elif char == '"':
            if open_at is None:
                following = text[pos + 1] if pos + 1 < para_end else " "
                if not following.isspace():
                    open_at = pos
            else:
                segment = _segment(text, open_at, pos, para_end)
                if segment is not None:
                    segments.append(segment)
                open_at = None
    if open_at is not None:
        segment = _segment(text, open_at, None, para_end)
        if segment is not None:
            segments.append(segment)
    return segments


def _single_segments(
    text: str, para_start: int, para_end: int, taken: list[Segment]
) -> list[Segment]:
    """‘…’ spans outside double quotes: ‘ after a space, ’ not followed by a letter."""
    segments: list[Segment] = []
    pos = para_start
    while pos < para_end:
        if text[pos] != "‘" or any(s.open_mark <= pos <= (s.close_mark or s.end) for s in taken):
            pos += 1
            continue
        before = text[pos - 1] if pos > para_start else " "
        if not (before.isspace() or before in "([—-:"):
            pos += 1
            continue
        close = pos + 1
        while close < para_end:
            after = text[close + 1] if close + 1 < para_end else " "
            if text[close] == "’" and not _LETTER_OR_DIGIT.match(after):
                break
            close += 1
        if close >= para_end:
            break
        segment = _segment(text, pos, close, para_end, single=True)
        if segment is not None:
            segments.append(segment)
        pos = close + 1
    return segments


def _is_split_pair(text: str, first: Segment, second: Segment) -> bool:
    """True when ``second`` continues ``first`` around an attribution in the same sentence."""
    if first.close_mark is None or first.paragraph_end != second.paragraph_end:
        return False
    if first.single != second.single:
        return False
    gap = text[first.close_mark + 1 : second.open_mark]
    ends_with_comma = text[first.start : first.end].endswith(",") or gap.lstrip().startswith(",")
    return (
        ends_with_comma
        and len(gap) <= 120
        and SENTENCE_END.search(gap) is None
        and gap.rstrip().endswith((",", ":"))
    )


def _opens_paragraph(text: str, segment: Segment, para_starts: dict[int, int]) -> bool:
    para_start = para_starts.get(segment.paragraph_end)
    if para_start is None:
        return False
    return text[para_start : segment.open_mark].strip() == ""


def find_quote_groups(text: str) -> tuple[QuoteGroup, ...]:
    """All direct quotations in ``text``, each as a group of segments, in text order."""
    segments: list[Segment] = []
    para_starts: dict[int, int] = {}
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
    for para_start, para_end in paragraphs:
        para_starts[para_end] = para_start
        doubles = _double_segments(text, para_start, para_end)
        singles = _single_segments(text, para_start, para_end, doubles)
        segments.extend(sorted(doubles + singles, key=lambda s: s.open_mark))
    groups: list[list[Segment]] = []
    for segment in segments:
        if groups:
            last = groups[-1][-1]
            continues_paragraph = (
                last.close_mark is None
                and last.paragraph_end < segment.paragraph_end
                and _opens_paragraph(text, segment, para_starts)
                and _next_paragraph(paragraphs, last.paragraph_end) == segment.paragraph_end
            )
            if continues_paragraph or _is_split_pair(text, last, segment):
                groups[-1].append(segment)
                continue
        groups.append([segment])
    return tuple(QuoteGroup(tuple(group)) for group in groups)


def _next_paragraph(paragraphs: list[tuple[int, int]], para_end: int) -> int | None:
    for index, (_, end) in enumerate(paragraphs):
        if end == para_end and index + 1 < len(paragraphs):
            return paragraphs[index + 1][1]
    return None


def quote_text(text: str, group: QuoteGroup) -> tuple[str, int, int]:
    """The words of a quotation and its span.

    Segments are joined with one space and the comma that hands over to the attribution
    ("obligation," Blinken said) is dropped. The span runs from the first word of the first
    segment to the last word of the last, so for a split quote it covers the attribution.
    """
    parts: list[str] = []
    start, end = group.start, group.end
    for index, segment in enumerate(group.segments):
        part = text[segment.start : segment.end]
        if part.endswith(","):
            part = part[:-1].rstrip()
            if index == len(group.segments) - 1:
                end = segment.start + len(part)
        parts.append(part)
    return " ".join(p for p in parts if p), start, end


def quoted_regions(groups: Sequence[QuoteGroup]) -> list[tuple[int, int]]:
    """(opening mark, closing mark) offsets of each double-quoted passage of ``groups``
    (``find_quote_groups``'s, or ``CleanText.quotations``).

    A quotation left open runs to its paragraph's end. Single marks are left out: ’ is
    also the apostrophe, and only a speech verb (which the quotes stage reads off the
    parse) tells a ‘quotation’ from a stray one.
    """
    return [
        (s.open_mark, s.close_mark if s.close_mark is not None else s.paragraph_end)
        for group in groups
        for s in group.segments
        if not s.single
    ]


def quoted_within(
    passage: str, offset: int, quoted: Sequence[tuple[int, int]] | None
) -> list[tuple[int, int]]:
    """The quoted regions of ``passage`` (which starts at ``offset`` of the article), in
    offsets relative to it.

    Taken from the article's regions ``quoted`` when the caller has them, so that a sentence
    in the middle of a quotation of several sentences is inside it too; else found in
    ``passage`` alone.
    """
    if quoted is None:
        return quoted_regions(find_quote_groups(passage))
    end = offset + len(passage)
    return [(s - offset, e - offset) for s, e in quoted if s < end and e > offset]
