"""The one dateline reader, and the parsing of date values.

A dateline opens a story with where, when and by whom it was filed: "BEIJING, April 26,
2024 —", "KYIV, Ukraine (Reuters) -", "Washington (CNN) --", or a line that is only a date
("Friday, April 26, 2024"). Ingest reads it once into ``Article.dateline``: the publication
date may come from it, the places stage takes its place, and the actors and events stages
leave its words alone (``Dateline.body_start``).
"""

from __future__ import annotations

import datetime as dt
import re

from communique.calendar import month_alternation, month_number, weekday_alternation
from communique.records import Dateline

_MONTH = r"(?P<month>" + month_alternation() + r")\.?"

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
_URL_DATE = re.compile(r"/(?P<year>(?:19|20)\d{2})/(?P<mon>\d{1,2})/(?:(?P<day>\d{1,2})/)?")

# The dateline sits on one of the first lines: a headline or a blanked byline may come first.
_DATELINE_LINES = 3
_DATE_ALONE_CHARS = 40  # a line this short that parses as a date is a date line
_DASH = r"(?:—|–|--|-)"
_AGENCY = r"\((?P<agency>[A-Za-z][A-Za-z .&/-]{0,30})\)"
# Its date: "April 26, 2024 —", "BEIJING, Friday, April 26, 2024:", "April 26 (Reuters) -";
# in the first characters of the line, with or without a place before it.
_DATE_WINDOW = 120
_DATED = re.compile(
    r"^\s*(?:[A-Z][A-Za-z .'’-]{1,40},\s*(?:[A-Z][A-Za-z .'’-]{1,30},\s*)?)?"
    rf"(?:{weekday_alternation()},?\s+)?" + _MONTH + r"\s+(?P<day>\d{1,2})(?:,?\s+(?P<year>\d{4}))?"
    rf"\s*(?:{_AGENCY}\s*)?[-–—:]",
    re.IGNORECASE,
)
# Its place: "BEIJING, April 26 —", "KYIV, Ukraine (Reuters) -", "Washington (CNN) --". Month
# names are capitalised here, as a dateline prints them.
_CAPITAL_MONTH = month_alternation(capitalised=True) + r"\.?"
_DATE_WORDS = rf"{_CAPITAL_MONTH}(?:\s+\d{{1,2}})?(?:,?\s+\d{{4}})?"
_FILED = re.compile(
    r"^\s*(?:(?P<place>[A-Z][A-Za-z.'’ -]{0,40}?)"
    rf"(?:,\s*(?P<region>(?!{_CAPITAL_MONTH}\b)[A-Z][A-Za-z.' ]{{0,30}}?))?"
    rf"(?:,?\s*(?P<date>{_DATE_WORDS}))?)?"
    rf"\s*(?:{_AGENCY})?"
    rf"\s*(?P<dash>{_DASH})\s"
)


def _make(year: str | int, month: str | int, day: str | int) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def parse_date(value: object) -> dt.date | None:
    """Read a date from a record value; None when it is not a date we understand.

    Accepts ``datetime.date``/``datetime`` objects, YYYY-MM-DD, ISO datetimes,
    2024/04/26, "April 26, 2024" and "26 April 2024". (``dateutil`` would read far more,
    and guess the parts a value lacks from today's date: a record date it cannot be sure
    of is better refused and reported.)
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
            return _make(match["year"], month_number(match["month"]) or 0, match["day"])
    return None


def year_from_url(url: str | None) -> int | None:
    """The year in a URL path like ``/2016/09/20/``, which many news sites use."""
    if not url:
        return None
    match = _URL_DATE.search(url)
    return int(match["year"]) if match else None


def _opening_lines(text: str) -> list[tuple[int, str]]:
    """The first few non-blank lines of ``text``, each with its offset."""
    lines: list[tuple[int, str]] = []
    offset = 0
    for line in text.split("\n"):
        if line.strip():
            lines.append((offset, line))
            if len(lines) == _DATELINE_LINES:
                break
        offset += len(line) + 1
    return lines


def opening_end(text: str) -> int:
    """Where the lines the dateline reader looks at end: blanking before it may change them."""
    lines = _opening_lines(text)
    if len(lines) < _DATELINE_LINES:
        return len(text)
    offset, line = lines[-1]
    return offset + len(line)


def _dated(line: str, year: int | None) -> tuple[dt.date | None, str | None, int] | None:
    """The date a line gives as a dateline, a note when it gives none, and where it ends."""
    if len(line) <= _DATE_ALONE_CHARS:
        alone = parse_date(line)
        if alone is not None:
            return alone, None, len(line.rstrip())
    match = _DATED.match(line[:_DATE_WINDOW])
    if match is None:
        return None
    month = month_number(match["month"]) or 0
    shown = match.group(0).strip()
    if match["year"] is not None:
        found = _make(match["year"], month, match["day"])
    elif year is not None:
        found = _make(year, month, match["day"])
    else:
        return None, f"the dateline {shown!r} has no year", match.end()
    if found is None:
        return None, f"the dateline {shown!r} is not a valid date", match.end()
    return found, None, match.end()


def _filed(line: str) -> re.Match[str] | None:
    """A "PLACE, date (Agency) —" match that looks like a dateline, not like a sentence.

    An all-capitals place, or a place followed by a date or a news agency in brackets:
    "Washington —" in mixed case opens sentences too often to be trusted on its own.
    """
    match = _FILED.match(line)
    if match is None:
        return None
    if match["place"] is None:
        return match if match["agency"] else None  # "(CNN) -- Lawmakers voted."
    return match if _shouting(match["place"]) or match["date"] or match["agency"] else None


def _shouting(place: str) -> bool:
    letters = [char for char in place if char.isalpha()]
    return bool(letters) and all(char.isupper() for char in letters)


def _place_name(match: re.Match[str]) -> str | None:
    if match["place"] is None:
        return None
    place = match["place"].strip(" -")
    name = place.title() if _shouting(place) else place
    if match["region"]:
        region = match["region"].strip()
        name = f"{name}, {region.title() if region.isupper() and len(region) > 3 else region}"
    return name


def read_dateline(text: str, year: int | None = None) -> Dateline | None:
    """The dateline among the first lines of ``text``, or None.

    Its place and agency come from the first of those lines that reads "PLACE, date
    (Agency) —"; its date from the first that shows a date as a dateline does (which may
    be a line of its own, above). A date without a year ("April 26 (Reuters) -") is
    completed with ``year`` (from the URL) when given; otherwise ``note`` says what was
    missing.
    """
    dated: tuple[dt.date | None, str | None, int] | None = None
    dated_at = dated_line = 0
    filed: re.Match[str] | None = None
    filed_at = 0
    for offset, line in _opening_lines(text):
        indent = len(line) - len(line.lstrip())
        if dated is None:
            dated, dated_at, dated_line = _dated(line, year), offset + indent, offset
        if filed is None:
            filed, filed_at = _filed(line.strip()), offset + indent
    if filed is not None:
        start, end = filed_at, filed_at + filed.end("dash")
        place, agency = _place_name(filed), filed["agency"]
    elif dated is not None:
        start, end = dated_at, dated_line + dated[2]
        place, agency = None, None
    else:
        return None
    date, note = (dated[0], dated[1]) if dated is not None else (None, None)
    # the dateline's words are no part of the story only when it opens the text
    body_start = end if filed is not None and not text[:start].strip() else 0
    return Dateline(start, end, place, date, agency.strip() if agency else None, note, body_start)


def find_dateline(text: str, year: int | None = None) -> tuple[dt.date | None, str | None]:
    """The date of the dateline of ``text``, and a note if it shows one that is unusable."""
    dateline = read_dateline(text, year)
    return (dateline.date, dateline.note) if dateline is not None else (None, None)
