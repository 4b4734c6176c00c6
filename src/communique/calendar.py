"""The calendar's words: month and weekday names and their abbreviations, in one place.

Every stage that reads a date or has to tell a date from a name (the dateline reader, the
temporal-expression grammar, the consistency checks) takes its words from here, so that
"Sept." or "Thurs." is known to all of them or to none.
"""

from __future__ import annotations

MONTH_NAMES: tuple[str, ...] = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
# Abbreviations as newspapers print them; "Sept." beside "Sep.". May, June and July are
# short enough to be written out.
MONTH_ABBREVIATIONS: dict[str, int] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
MONTHS: dict[str, int] = {
    **{name: number for number, name in enumerate(MONTH_NAMES, start=1)},
    **MONTH_ABBREVIATIONS,
}
WEEKDAY_NAMES: tuple[str, ...] = (
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
)  # fmt: skip
WEEKDAYS: dict[str, int] = {name: number for number, name in enumerate(WEEKDAY_NAMES)}
# Month and day names that are also words or places ("March", "Sunday", "May").
CALENDAR_WORDS: frozenset[str] = frozenset(MONTH_NAMES) | frozenset(WEEKDAY_NAMES)


def month_number(name: str) -> int | None:
    """The month (1-12) a name or abbreviation stands for, in any case, with or without a stop."""
    return MONTHS.get(name.lower().rstrip("."))


def month_alternation(*, capitalised: bool = False, abbreviation_stops: bool = False) -> str:
    """A regex alternation (no group) of every month name and abbreviation, longest first.

    Longest first, so that "March" is not read as "Mar" + "ch". ``capitalised`` spells the
    names with a capital ("May" the month, not "may" the verb, when matched case-sensitively);
    ``abbreviation_stops`` lets the abbreviations, and only them, take a full stop ("Sept."),
    so that "in June." does not swallow the sentence's end.
    """
    parts = [
        (name.capitalize() if capitalised else name)
        + (r"\.?" if abbreviation_stops and name in MONTH_ABBREVIATIONS else "")
        for name in sorted(MONTHS, key=len, reverse=True)
    ]
    return "(?:" + "|".join(parts) + ")"


def weekday_alternation() -> str:
    """A regex alternation (no group) of the weekday names."""
    return "(?:" + "|".join(WEEKDAY_NAMES) + ")"
