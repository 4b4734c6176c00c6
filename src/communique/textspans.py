"""Small text helpers that several stages share."""

from __future__ import annotations


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """(open, close) offsets of each quotation in ``text``, straight or curly quotes.

    Dates and places inside quotation marks belong to the speaker's words, not to the
    event the sentence reports, so later stages skip them.
    """
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for index, char in enumerate(text):
        if char in '\u201c\u201d"':
            if opened is None and char != "\u201d":
                opened = index
            elif opened is not None and char != "\u201c":
                spans.append((opened, index))
                opened = None
    return spans
