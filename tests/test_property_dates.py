"""dates, property-based: the resolver and the scanner never raise on any text.

Extends tests/test_dates_resolve.py (fixed forms, calendar round trips, weekdays) with
arbitrary strings and with relative expressions built from the grammar's own words.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from communique.calendar import WEEKDAYS
from communique.dates import find_time_expressions, resolve_expression

WORDS = [
    "on", "in", "last", "next", "this", "ago", "days", "weeks", "years", "two", "3",
    "yesterday", "today", "tomorrow", "Friday", "March", "2023", "26", "April", "from",
    "to", "between", "and", "since", "within", "the", "-", ",", ".", "  ", "\u200b",
]  # fmt: skip
published_dates = st.one_of(st.none(), st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)))
phrases = st.one_of(
    st.text(max_size=60), st.lists(st.sampled_from(WORDS), max_size=8).map(" ".join)
)


@settings(max_examples=400, deadline=None)
@given(phrases, published_dates, st.booleans())
def test_resolver_never_raises(text: str, published: dt.date | None, future: bool) -> None:
    resolved = resolve_expression(text, published, future=future)
    if resolved is not None:
        assert resolved.precision in ("day", "month", "year")
        assert resolved.basis in ("explicit", "relative")
        if resolved.basis == "relative":
            assert published is not None


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(
        ["yesterday", "today", "tomorrow", "last week", "next month", "this year"]
        + [f"on {day}" for day in WEEKDAYS]
        + [f"{n} {unit} ago" for n in ("two", "3", "ten") for unit in ("days", "weeks", "years")]
    ),
    st.sampled_from(["", "on ", "in ", "since "]),
    st.booleans(),
)
def test_relative_expressions_without_a_publication_date_give_none(
    expression: str, prefix: str, future: bool
) -> None:
    assert resolve_expression(prefix + expression, None, future=future) is None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(phrases, st.sampled_from(WORDS)), max_size=10).map(" ".join))
def test_scanner_spans_are_ordered_and_point_at_their_text(text: str) -> None:
    spans = find_time_expressions(text)
    previous_end = 0
    for start, end, found in spans:
        assert previous_end <= start < end <= len(text)
        assert text[start:end] == found
        previous_end = end
