"""Small text helpers that several stages share."""

from __future__ import annotations


def trimmed_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``start:end`` of ``text`` without the white space at either end."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
