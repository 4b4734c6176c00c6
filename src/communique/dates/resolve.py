"""Calendar arithmetic: a temporal expression plus a publication date gives a date.

Conventions (so that every consumer reads a ``ResolvedDate`` the same way):

* ``date`` is the first day of what the expression names: the day itself at
  ``"day"`` precision, the Monday at ``"week"`` ("this week", "last week", "the past
  week" starts seven days back), the 1st of the month at ``"month"``, 1 January at ``"year"``.
* ``end`` is set for spans ("from March to May 2023", "last week") and is the
  last day they cover; it is None for a single day, month or year. A span
  counted in weeks, months or years from the publication date ("the past week",
  "the coming month") has that unit as its precision: it does not name one day.
* ``basis`` is ``"explicit"`` when the text names the calendar date, month or year
  (even if the year of "on April 26" is taken from the publication date) and
  ``"relative"`` when it is an offset from the publication date ("yesterday",
  "on Friday", "two years ago").
* Without a publication date, only expressions that carry their own year resolve;
  the clock of the machine is never used.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from communique.calendar import MONTHS, WEEKDAYS, month_number
from communique.dates.grammar import (
    DAY,
    FORMS,
    LEADING_PREPOSITION,
    MONTH,
    NUMBER_WORDS,
    VAGUE_COUNTS,
    YEAR,
)

Precision = Literal["day", "week", "month", "year"]
Basis = Literal["explicit", "relative"]
_PRECISION_ORDER: dict[str, int] = {"day": 0, "week": 1, "month": 2, "year": 3}
# A day named without a year further than this from publication, on the wrong side of it,
# belongs to the neighbouring year; closer, it is taken as written (a slip or a plan).
_YEAR_ROLL_WINDOW = dt.timedelta(days=60)


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    """What a temporal expression pins down; see the module docstring for conventions."""

    date: dt.date | None
    precision: Precision
    basis: Basis
    end: dt.date | None = None


def resolve_expression(
    text: str, published: dt.date | None, *, future: bool = False
) -> ResolvedDate | None:
    """Resolve ``text`` ("on Friday", "in March 2023", "two years ago") to a date.

    ``future`` says the event lies ahead of the publication date: "on Friday" is then
    the next Friday after it instead of the most recent one, and "in March" the next
    March. Returns None for text that is not a temporal expression this grammar knows,
    and for relative expressions when ``published`` is None.
    """
    normal = _normalise(text)
    if not normal:
        return None
    stripped = LEADING_PREPOSITION.sub("", normal, count=1)
    # A bare month ("March") reads as "in March"; trying it last keeps "March 2023" exact.
    for candidate in (normal, stripped, f"in {stripped}"):
        for form in FORMS:
            match = form.pattern.fullmatch(candidate)
            if match is None:
                continue
            resolver = _RESOLVERS[form.name]
            return resolver(match, published, future)
    return None


def _normalise(text: str) -> str:
    text = " ".join(text.split()).strip(" ,;:!?")
    text = text.removesuffix(".") if not re.search(MONTH + r"$", text) else text
    # Month names are matched case-sensitively when scanning; here the text is known to
    # be an expression, so "april 26" is as good as "April 26".
    return re.sub(
        r"\b(" + "|".join(MONTHS) + r")\b",
        lambda m: m.group(1).capitalize(),
        text,
        flags=re.IGNORECASE,
    )


# --------------------------------------------------------------------------- helpers


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _month_number(name: str) -> int:
    number = month_number(name)
    if number is None:  # the grammar's MONTH matched it, so the calendar knows it
        raise ValueError(f"not a month name: {name!r}")
    return number


def _day_number(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _last_day(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def _count(word: str) -> int | None:
    word = " ".join(word.lower().split())
    if word in VAGUE_COUNTS:
        return None
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def _year_for_month(month: int, published: dt.date, future: bool) -> int:
    """The year of a month named without one: the latest one not after publication."""
    if future:
        return published.year if month >= published.month else published.year + 1
    return published.year if month <= published.month else published.year - 1


def _year_for_day(month: int, day: int, published: dt.date, future: bool) -> int:
    """The year of "on November 27" said without one: the publication year, unless that
    puts a past event months after the story ("the November 27 deal" in a January story
    is last year's) or a future one months before it."""
    year = published.year
    candidate = _safe_date(year, month, day)
    if candidate is None:
        return year
    if not future and candidate > published + _YEAR_ROLL_WINDOW:
        return year - 1
    if future and candidate < published - _YEAR_ROLL_WINDOW:
        return year + 1
    return year


def _offset(published: dt.date, count: int, unit: str, sign: int) -> ResolvedDate | None:
    unit = unit.lower().rstrip("s")
    if unit == "day":
        return ResolvedDate(published + dt.timedelta(days=sign * count), "day", "relative")
    if unit == "week":
        return ResolvedDate(published + dt.timedelta(weeks=sign * count), "day", "relative")
    if unit == "month":
        year, month = _shift_month(published.year, published.month, sign * count)
        return ResolvedDate(dt.date(year, month, 1), "month", "relative")
    return ResolvedDate(dt.date(published.year + sign * count, 1, 1), "year", "relative")


# --------------------------------------------------------------------------- resolvers

Match = re.Match[str]
_Resolver = Callable[[Match, "dt.date | None", bool], "ResolvedDate | None"]


def _iso(match: Match, published: dt.date | None, future: bool) -> ResolvedDate | None:
    day = _safe_date(int(match["iso_y"]), int(match["iso_m"]), int(match["iso_d"]))
    return ResolvedDate(day, "day", "explicit") if day else None


def _calendar_day(prefix: str) -> _Resolver:
    def resolve(match: Match, published: dt.date | None, future: bool) -> ResolvedDate | None:
        month = _month_number(match[f"{prefix}_m"])
        if match[f"{prefix}_y"]:
            year = int(match[f"{prefix}_y"])
        elif published is not None:
            year = _year_for_day(month, _day_number(match[f"{prefix}_d"]), published, future)
        else:
            return None
        day = _safe_date(year, month, _day_number(match[f"{prefix}_d"]))
        return ResolvedDate(day, "day", "explicit") if day else None

    return resolve


def _month_year(match: Match, published: dt.date | None, future: bool) -> ResolvedDate | None:
    return ResolvedDate(
        dt.date(int(match["my_y"]), _month_number(match["my_m"]), 1), "month", "explicit"
    )


def _year(match: Match, published: dt.date | None, future: bool) -> ResolvedDate | None:
    return ResolvedDate(dt.date(int(match["y_y"]), 1, 1), "year", "explicit")


def _relative_day(match: Match, published: dt.date | None, future: bool) -> ResolvedDate | None:
    if published is None:
        return None
    word = " ".join(match["rd"].lower().split())
    shift = {"yesterday": -1, "last night": -1, "tomorrow": 1}.get(word, 0)
    return ResolvedDate(published + dt.timedelta(days=shift), "day", "relative")


def _relative_span(match: Match, published: dt.date | None, future: bool) -> ResolvedDate | None:
    if published is None:
        return None
    which = " ".join(match["rs_which"].lower().split())
    unit = match["rs_unit"].lower()
    part = (match["rs_mod"] or "").lower()
    if which == "the past":
        start = {
            "week": published - dt.timedelta(days=7),
            "month": dt.date(*_shift_month(published.year, published.month, -1), 1),
            "year": dt.date(published.year - 1, published.month, 1),
        }[unit]
        # a span's precision is its unit: "the past week" does not name one day
        return ResolvedDate(start, _unit_precision(unit), "relative", end=published)
    if which == "the coming":
        return _relative_span_coming(published, unit)
    step = {"this": 0, "last": -1, "next": 1}[which]
    precision = _unit_precision(unit)
    if unit == "week":
        monday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(weeks=step)
        # a week is a span, not a day: "met this week" does not contradict "met on Friday"
        start, end = monday, monday + dt.timedelta(days=6)
    elif unit == "month":
        year, month = _shift_month(published.year, published.month, step)
        start, end = dt.date(year, month, 1), _last_day(year, month)
    else:
        year = published.year + step
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    # "earlier this month" ends at publication, "later this week" starts there.
    if step == 0 and part == "earlier":
        return ResolvedDate(start, precision, "relative", end=published)
    if step == 0 and part == "later":
        return ResolvedDate(published, precision, "relative", end=end)
    return ResolvedDate(start, precision, "relative", end=end if unit == "week" else None)


def _relative_span_coming(published: dt.date, unit: str) -> ResolvedDate:
    days = {"week": 7, "month": 30, "year": 365}[unit]
    end = published + dt.timedelta(days=days)
    return ResolvedDate(published, _unit_precision(unit), "relative", end=end)


def _unit_precision(unit: str) -> Precision:
    return "week" if unit == "week" else "month" if unit == "month" else "year"


def _ago(match: Match, published: dt.date | None, future: bool) -> ResolvedDate | None:
    count = _count(match["ago_n"])
    if published is None or count is None:
        return None
    return _offset(published, count, match["ago_u"], -1)


def _within(match: Match, published: dt.date | None, future: bool) -> ResolvedDate | None:
    count = _count(match["in_n"])
    # only an act to come is dated "in two weeks"; of a past one, "in 24 years" is a
    # span ("his first visit in 24 years"), no date
    if published is None or count is None or not future:
        return None
    return _offset(published, count, match["in_u"], +1)


def _weekday(match: Match, published: dt.date | None, future: bool) -> ResolvedDate | None:
    if published is None:
        return None
    target = WEEKDAYS[match["wd"].lower()]
    which = " ".join((match["wd_which"] or "").lower().split())
    ahead = (target - published.weekday()) % 7
    behind = (published.weekday() - target) % 7
    if which in {"last", "this past"}:
        day = published - dt.timedelta(days=behind or 7)
    elif which in {"next", "this coming"} or future:
        day = published + dt.timedelta(days=ahead or 7)
    else:
        day = published - dt.timedelta(days=behind)
    return ResolvedDate(day, "day", "relative")


def _month_only(match: Match, published: dt.date | None, future: bool) -> ResolvedDate | None:
    if published is None:
        return None
    month = _month_number(match["mo_m"])
    return ResolvedDate(
        dt.date(_year_for_month(month, published, future), month, 1), "month", "explicit"
    )


def _month_relative(match: Match, published: dt.date | None, future: bool) -> ResolvedDate | None:
    """ "last December": the latest December before the publication month; "next
    January": the first January after it; "this March": the publication year's."""
    if published is None:
        return None
    month = _month_number(match["mr_m"])
    which = " ".join(match["mr_which"].lower().split())
    year = published.year
    if which in {"last", "this past"}:
        year = year if month < published.month else year - 1
    elif which in {"next", "this coming"}:
        year = year if month > published.month else year + 1
    return ResolvedDate(dt.date(year, month, 1), "month", "relative")


_Parts = tuple[int | None, int | None, int | None]


def _parse_end(text: str) -> _Parts:
    year_match = re.search(rf"\b{YEAR}\b", text)
    month_match = re.search(MONTH, text, flags=re.IGNORECASE)
    without_year = re.sub(rf"\b{YEAR}\b", "", text)
    day_match = re.search(rf"\b{DAY}\b", without_year)
    return (
        int(year_match.group(0)) if year_match else None,
        _month_number(month_match.group(0)) if month_match else None,
        _day_number(day_match.group(0)) if day_match else None,
    )


def _range(match: Match, published: dt.date | None, future: bool) -> ResolvedDate | None:
    a_year, a_month, a_day = _parse_end(match["rg_a"])
    b_year, b_month, b_day = _parse_end(match["rg_b"])
    # Each end borrows what it lacks from the other: "April 2-5, 2024", "2 to 5 April".
    if b_month is None and b_day is not None:
        b_month = a_month
    if a_month is None and a_day is not None:
        a_month = b_month
    if a_month is None and a_day is not None:
        return None
    if b_year is None and a_year is not None:
        b_year = a_year if (b_month or 12) >= (a_month or 1) else a_year + 1
    if a_year is None and b_year is not None:
        a_year = b_year if (a_month or 1) <= (b_month or 12) else b_year - 1
    if a_year is None or b_year is None:
        if published is None:
            return None
        a_year = b_year = published.year
    start = _safe_date(a_year, a_month or 1, a_day or 1)
    if b_month is None:
        end: dt.date | None = dt.date(b_year, 12, 31)
    elif b_day is None:
        end = _last_day(b_year, b_month)
    else:
        end = _safe_date(b_year, b_month, b_day)
    if start is None or end is None or end < start:
        return None
    a_precision = "day" if a_day else "month" if a_month else "year"
    b_precision = "day" if b_day else "month" if b_month else "year"
    coarsest = max(a_precision, b_precision, key=_PRECISION_ORDER.__getitem__)
    precision: Precision = (
        "day" if coarsest == "day" else "month" if coarsest == "month" else "year"
    )
    return ResolvedDate(start, precision, "explicit", end=end)


_RESOLVERS: dict[str, _Resolver] = {
    "range": _range,
    "iso": _iso,
    "mdy": _calendar_day("mdy"),
    "dmy": _calendar_day("dmy"),
    "month_year": _month_year,
    "year": _year,
    "relative_day": _relative_day,
    "relative_span": _relative_span,
    "ago": _ago,
    "within": _within,
    "weekday": _weekday,
    "month_relative": _month_relative,
    "month_only": _month_only,
}
