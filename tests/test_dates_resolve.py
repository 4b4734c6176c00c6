"""resolve_expression: every date form the grammar knows, against a fixed publication date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from communique.calendar import WEEKDAYS
from communique.dates import ResolvedDate, find_time_expressions, resolve_expression

D = dt.date
FRIDAY = D(2024, 4, 26)  # the publication date of most cases below: a Friday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # explicit calendar dates
        ("April 26, 2024", ResolvedDate(D(2024, 4, 26), "day", "explicit")),
        ("26 April 2024", ResolvedDate(D(2024, 4, 26), "day", "explicit")),
        ("2024-04-26", ResolvedDate(D(2024, 4, 26), "day", "explicit")),
        ("Sept. 11, 2001", ResolvedDate(D(2001, 9, 11), "day", "explicit")),
        ("on the 5th of May", ResolvedDate(D(2024, 5, 5), "day", "explicit")),
        ("on April 3", ResolvedDate(D(2024, 4, 3), "day", "explicit")),
        ("on Friday, April 19", ResolvedDate(D(2024, 4, 19), "day", "explicit")),
        ("april 2, 2023", ResolvedDate(D(2023, 4, 2), "day", "explicit")),
        # months
        ("in March", ResolvedDate(D(2024, 3, 1), "month", "explicit")),
        ("in April", ResolvedDate(D(2024, 4, 1), "month", "explicit")),
        ("in May", ResolvedDate(D(2023, 5, 1), "month", "explicit")),  # after April: last year
        ("in late March", ResolvedDate(D(2024, 3, 1), "month", "explicit")),
        ("in March 2023", ResolvedDate(D(2023, 3, 1), "month", "explicit")),
        ("December 2021", ResolvedDate(D(2021, 12, 1), "month", "explicit")),
        # years
        ("in 2019", ResolvedDate(D(2019, 1, 1), "year", "explicit")),
        ("since 2022", ResolvedDate(D(2022, 1, 1), "year", "explicit")),
        ("mid-2023", ResolvedDate(D(2023, 1, 1), "year", "explicit")),
        # relative days
        ("today", ResolvedDate(FRIDAY, "day", "relative")),
        ("Tonight", ResolvedDate(FRIDAY, "day", "relative")),
        ("this morning", ResolvedDate(FRIDAY, "day", "relative")),
        ("yesterday", ResolvedDate(D(2024, 4, 25), "day", "relative")),
        ("last night", ResolvedDate(D(2024, 4, 25), "day", "relative")),
        ("tomorrow", ResolvedDate(D(2024, 4, 27), "day", "relative")),
        ("three days ago", ResolvedDate(D(2024, 4, 23), "day", "relative")),
        ("10 days ago", ResolvedDate(D(2024, 4, 16), "day", "relative")),
        # relative weeks, months, years
        ("this week", ResolvedDate(D(2024, 4, 22), "week", "relative", end=D(2024, 4, 28))),
        ("last week", ResolvedDate(D(2024, 4, 15), "week", "relative", end=D(2024, 4, 21))),
        ("next week", ResolvedDate(D(2024, 4, 29), "week", "relative", end=D(2024, 5, 5))),
        ("the past week", ResolvedDate(D(2024, 4, 19), "week", "relative", end=FRIDAY)),
        ("last month", ResolvedDate(D(2024, 3, 1), "month", "relative")),
        ("next month", ResolvedDate(D(2024, 5, 1), "month", "relative")),
        ("earlier this month", ResolvedDate(D(2024, 4, 1), "month", "relative", end=FRIDAY)),
        ("later this month", ResolvedDate(FRIDAY, "month", "relative", end=D(2024, 4, 30))),
        ("last year", ResolvedDate(D(2023, 1, 1), "year", "relative")),
        ("earlier this year", ResolvedDate(D(2024, 1, 1), "year", "relative", end=FRIDAY)),
        ("two years ago", ResolvedDate(D(2022, 1, 1), "year", "relative")),
        ("six months ago", ResolvedDate(D(2023, 10, 1), "month", "relative")),
        # weekdays, looking back from a Friday
        ("on Friday", ResolvedDate(FRIDAY, "day", "relative")),
        ("on Thursday", ResolvedDate(D(2024, 4, 25), "day", "relative")),
        ("Saturday", ResolvedDate(D(2024, 4, 20), "day", "relative")),
        ("on Monday morning", ResolvedDate(D(2024, 4, 22), "day", "relative")),
        ("last Friday", ResolvedDate(D(2024, 4, 19), "day", "relative")),
        ("next Friday", ResolvedDate(D(2024, 5, 3), "day", "relative")),
        # ranges
        (
            "from March to May 2023",
            ResolvedDate(D(2023, 3, 1), "month", "explicit", end=D(2023, 5, 31)),
        ),
        (
            "between 2019 and 2021",
            ResolvedDate(D(2019, 1, 1), "year", "explicit", end=D(2021, 12, 31)),
        ),
        ("April 2-5", ResolvedDate(D(2024, 4, 2), "day", "explicit", end=D(2024, 4, 5))),
        (
            "from December to February 2024",
            ResolvedDate(D(2023, 12, 1), "month", "explicit", end=D(2024, 2, 29)),
        ),
        (
            "from 2019 to March 2021",
            ResolvedDate(D(2019, 1, 1), "year", "explicit", end=D(2021, 3, 31)),
        ),
    ],
)
def test_resolves_each_form(text: str, expected: ResolvedDate) -> None:
    assert resolve_expression(text, FRIDAY) == expected


@pytest.mark.parametrize(
    ("text", "future", "expected"),
    [
        ("on Friday", False, D(2024, 4, 26)),  # published on a Friday: that very day
        ("on Friday", True, D(2024, 5, 3)),  # "will meet on Friday": the next one
        ("on Monday", False, D(2024, 4, 22)),
        ("on Monday", True, D(2024, 4, 29)),
        ("Sunday", False, D(2024, 4, 21)),
        ("Sunday", True, D(2024, 4, 28)),
        ("in March", True, D(2025, 3, 1)),  # a future March after an April story
        ("in June", True, D(2024, 6, 1)),
    ],
)
def test_weekdays_and_months_before_and_after_publication(
    text: str, future: bool, expected: dt.date
) -> None:
    resolved = resolve_expression(text, FRIDAY, future=future)
    assert resolved is not None
    assert resolved.date == expected


@pytest.mark.parametrize(
    "text",
    ["today", "yesterday", "on Friday", "last week", "in March", "two years ago", "on April 26"],
)
def test_relative_expressions_need_a_publication_date(text: str) -> None:
    assert resolve_expression(text, None) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("April 26, 2024", D(2024, 4, 26)),
        ("in March 2023", D(2023, 3, 1)),
        ("since 2022", D(2022, 1, 1)),
        ("between 2019 and 2021", D(2019, 1, 1)),
    ],
)
def test_expressions_with_a_year_resolve_without_publication_date(
    text: str, expected: dt.date
) -> None:
    resolved = resolve_expression(text, None)
    assert resolved is not None
    assert resolved.date == expected


@pytest.mark.parametrize(
    "text",
    ["", "hello", "the talks", "February 30, 2024", "a few days ago", "several weeks ago"],
)
def test_unknown_or_impossible_text_gives_none(text: str) -> None:
    assert resolve_expression(text, FRIDAY) is None


def test_month_later_than_publication_month_falls_in_previous_year() -> None:
    resolved = resolve_expression("in November", D(2024, 2, 10))
    assert resolved == ResolvedDate(D(2023, 11, 1), "month", "explicit")


@given(st.dates(min_value=D(1800, 1, 1), max_value=D(2099, 12, 31)))
def test_any_calendar_date_round_trips_in_three_spellings(day: dt.date) -> None:
    for spelling in (
        day.isoformat(),
        f"{day:%B} {day.day}, {day.year}",
        f"{day.day} {day:%B} {day.year}",
    ):
        resolved = resolve_expression(spelling, None)
        assert resolved == ResolvedDate(day, "day", "explicit"), spelling


@given(
    st.dates(min_value=D(1900, 1, 8), max_value=D(2099, 12, 24)), st.sampled_from(list(WEEKDAYS))
)
def test_weekdays_land_within_a_week_on_the_right_side(published: dt.date, weekday: str) -> None:
    past = resolve_expression(f"on {weekday}", published)
    future = resolve_expression(f"on {weekday}", published, future=True)
    assert past is not None
    assert future is not None
    assert past.date is not None
    assert future.date is not None
    assert past.date.strftime("%A").lower() == weekday == future.date.strftime("%A").lower()
    assert 0 <= (published - past.date).days < 7
    assert 0 < (future.date - published).days <= 7


def test_day_without_year_months_after_publication_is_last_year() -> None:
    resolved = resolve_expression("November 27", D(2020, 1, 11))
    assert resolved is not None and resolved.date == D(2019, 11, 27)


def test_future_day_without_year_months_before_publication_is_next_year() -> None:
    resolved = resolve_expression("on January 20", D(2020, 11, 5), future=True)
    assert resolved is not None and resolved.date == D(2021, 1, 20)


def test_day_without_year_close_to_publication_keeps_its_year() -> None:
    resolved = resolve_expression("on May 5", D(2024, 4, 26))
    assert resolved is not None and resolved.date == D(2024, 5, 5)


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("last December", D(2020, 11, 2), D(2019, 12, 1)),
        ("last March", D(2020, 11, 2), D(2020, 3, 1)),
        ("next January", D(2020, 11, 2), D(2021, 1, 1)),
        ("this March", D(2020, 11, 2), D(2020, 3, 1)),
    ],
)
def test_month_named_relative_to_publication(
    text: str, published: dt.date, expected: dt.date
) -> None:
    assert resolve_expression(text, published) == ResolvedDate(expected, "month", "relative")


def test_month_named_relative_is_found_in_sentences() -> None:
    found = find_time_expressions("Officials warned the administration last December that")
    assert [text for _, _, text in found] == ["last December"]


def test_in_a_span_dates_only_an_act_to_come() -> None:
    assert resolve_expression("in two weeks", FRIDAY, future=True) == ResolvedDate(
        D(2024, 5, 10), "day", "relative"
    )
    # "his first visit in 24 years": a span, not the year 2048
    assert resolve_expression("in 24 years", FRIDAY) is None
