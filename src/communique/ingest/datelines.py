"""Publication dates: parsing date values and finding a dateline at the start of a story."""

from __future__ import annotations

import datetime as dt
import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"

# ISO dates and datetimes ("2024-04-26", "2024-04-26T10:00:00Z"), and 2024/04/26 or 2024.04.26.
_NUMERIC = re.compile(r"(?P<year>\d{4})[-/.](?P<mon>\d{1,2})[-/.](?P<day>\d{1,2})(?:[T ].*)?")
# "April 26, 2024", "Apr. 26 2024", "Friday, April 26, 2024"
_MONTH_FIRST = re.compile(
    r"(?:[a-z]+,?\s+)?" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})",
    re.IGNORECASE,
)
# "26 April 2024", "26 Apr. 2024"
_DAY_FIRST = re.compile(
    r"(?:[a-z]+,?\s+)?(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(?P<year>\d{4})",
    re.IGNORECASE,
)

# A dateline opens the story: "BEIJING, April 26, 2024 —", "April 26 (Reuters) -",
# "WASHINGTON (AP) — April 26, 2024:". It must sit in the first characters of the text.
_DATELINE_WINDOW = 120
_DATELINE = re.compile(
    r"^\s*(?:[A-Z][A-Za-z .'’-]{1,40},\s*(?:[A-Z][A-Za-z .'’-]{1,30},\s*)?)?"
    r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
    + _MONTH
    + r"\s+(?P<day>\d{1,2})(?:,?\s+(?P<year>\d{4}))?"
    r"\s*(?:\([A-Za-z .]{1,30}\)\s*)?[-–—:]",
    re.IGNORECASE,
)
_URL_DATE = re.compile(r"/(?P<year>(?:19|20)\d{2})/(?P<mon>\d{1,2})/(?:(?P<day>\d{1,2})/)?")


def _make(year: str | int, month: str | int, day: str | int) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def parse_date(value: object) -> dt.date | None:
    """Read a date from a record value; None when it is not a date we understand.

    Accepts ``datetime.date``/``datetime`` objects, YYYY-MM-DD, ISO datetimes,
    2024/04/26, "April 26, 2024" and "26 April 2024".
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    numeric = _NUMERIC.fullmatch(text)
    if numeric:
        return _make(numeric["year"], numeric["mon"], numeric["day"])
    for pattern in (_MONTH_FIRST, _DAY_FIRST):
        match = pattern.fullmatch(text)
        if match:
            return _make(match["year"], _MONTHS[match["month"].lower()], match["day"])
    return None


def year_from_url(url: str | None) -> int | None:
    """The year in a URL path like ``/2016/09/20/``, which many news sites use."""
    if not url:
        return None
    match = _URL_DATE.search(url)
    return int(match["year"]) if match else None


def find_dateline(text: str, year: int | None = None) -> tuple[dt.date | None, str | None]:
    """The date of a dateline opening one of the first three lines, and a note if unusable.

    A dateline without a year ("April 26 (Reuters) -") gives a date only when ``year``
    is known from elsewhere (the URL); otherwise the note says what was missing.
    """
    match = None
    # The dateline opens the story body, which may sit below a headline line or two.
    for paragraph in [line for line in text.split("\n", 8)[:8] if line.strip()][:3]:
        alone = parse_date(paragraph) if len(paragraph) <= 40 else None
        if alone is not None:  # a line that is only a date ("Friday, January 4, 2019")
            return alone, None
        match = _DATELINE.match(paragraph[:_DATELINE_WINDOW])
        if match is not None:
            break
    if match is None:
        return None, None
    month = _MONTHS[match["month"].lower()]
    if match["year"] is not None:
        found = _make(match["year"], month, match["day"])
    elif year is not None:
        found = _make(year, month, match["day"])
    else:
        return None, f"the dateline {match.group(0).strip()!r} has no year"
    if found is None:
        return None, f"the dateline {match.group(0).strip()!r} is not a valid date"
    return found, None
