"""The grammar of English temporal expressions: one named regex per form.

Both ``find_time_expressions`` (spans in a sentence) and ``resolve_expression``
(calendar arithmetic) read the same table, so a form added here is found and
resolved alike. Month names are matched case-sensitively ("May" the month, not
"may" the verb); everything else ignores case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from communique.calendar import month_alternation, weekday_alternation

NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "a couple of": 2, "a few": 3, "several": 3,
}  # fmt: skip
# Words for which a "few"/"several" count is too vague to date an event.
VAGUE_COUNTS = frozenset({"a few", "several"})

# Month names are matched case-sensitively: "May" the month, not "may" the verb.
MONTH = "(?-i:" + month_alternation(capitalised=True, abbreviation_stops=True) + ")"
WEEKDAY = weekday_alternation()
YEAR = r"(?:1[89]\d\d|20\d\d)"
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
NUMBER = "(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r"|\d{1,3})"
UNIT = r"(?:day|week|month|year)s?"
PART_OF_DAY = r"(?:\s+(?:morning|afternoon|evening|night))?"
MODIFIER = r"(?:(?:early|mid|late|the\s+end\s+of|the\s+start\s+of)[\s-]+)?"
PREPOSITION = r"(?:(?:on|in|during|by|since|until|as\s+of|at|from)\s+)?"

# Point expressions, each with named groups the resolver reads.
_ISO = rf"(?P<iso_y>{YEAR})-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>[0-3]\d)"
_MDY = rf"(?:{WEEKDAY},?\s+)?(?P<mdy_m>{MONTH})\s+(?P<mdy_d>{DAY})(?:,?\s+(?P<mdy_y>{YEAR}))?"
_DMY = (
    rf"(?:{WEEKDAY},?\s+)?(?:the\s+)?(?P<dmy_d>{DAY})\s+(?:of\s+)?(?P<dmy_m>{MONTH})"
    rf"(?:,?\s+(?P<dmy_y>{YEAR}))?"
)
_MONTH_YEAR = rf"{MODIFIER}(?P<my_m>{MONTH})(?:,?\s+(?P<my_y>{YEAR}))"
_YEAR = rf"{MODIFIER}(?P<y_y>{YEAR})"
_RELATIVE_DAY = (
    r"(?P<rd>today|tonight|yesterday|tomorrow|last\s+night"
    r"|this\s+(?:morning|afternoon|evening))" + PART_OF_DAY
)
_RELATIVE_SPAN = (
    r"(?:(?P<rs_mod>earlier|later|early|late)\s+)?(?:in\s+)?"
    r"(?P<rs_which>this|last|next|the\s+past|the\s+coming)\s+(?P<rs_unit>week|month|year)"
)
_AGO = rf"(?P<ago_n>{NUMBER})\s+(?P<ago_u>{UNIT})\s+ago"
_WITHIN = rf"in\s+(?P<in_n>{NUMBER})\s+(?P<in_u>{UNIT})(?:'|'s)?(?:\s+time)?"
_WEEKDAY = rf"(?:(?P<wd_which>last|this|next|on|this\s+past|this\s+coming)\s+)?(?P<wd>{WEEKDAY})"
_WEEKDAY += PART_OF_DAY
_MONTH_RELATIVE = rf"(?P<mr_which>last|this|next|this\s+past|this\s+coming)\s+(?P<mr_m>{MONTH})"
_MONTH_ONLY = (
    rf"(?P<mo_prep>in|during|since|by|until|early|late|mid)[\s-]+{MODIFIER}(?P<mo_m>{MONTH})"
)

POINT_FORMS: tuple[tuple[str, str], ...] = (
    ("iso", _ISO),
    ("mdy", _MDY),
    ("dmy", _DMY),
    ("month_year", _MONTH_YEAR),
    ("relative_day", _RELATIVE_DAY),
    ("relative_span", _RELATIVE_SPAN),
    ("ago", _AGO),
    ("within", _WITHIN),
    ("weekday", _WEEKDAY),
    ("month_relative", _MONTH_RELATIVE),
    ("month_only", _MONTH_ONLY),
    ("year", _YEAR),
)

# A range's ends are simpler: a date, a month (with or without year) or a year.
_END = (
    rf"(?:(?:{MONTH})\s+{DAY}(?:,?\s+{YEAR})?|{DAY}\s+(?:{MONTH})(?:\s+{YEAR})?"
    rf"|(?:{MONTH})(?:\s+{YEAR})?|{YEAR}|{DAY}(?:,?\s+{YEAR})?)"
)
RANGE = (
    rf"(?:(?P<rg_kw>from|between)\s+)?(?P<rg_a>{_END})"
    rf"(?P<rg_conn>\s+(?:to|until|through|till|and)\s+|\s*[–-]\s*)"
    rf"(?P<rg_b>{_END})"
)


@dataclass(frozen=True, slots=True)
class Form:
    """One compiled form of temporal expression."""

    name: str
    pattern: re.Pattern[str]  # matches the expression without a leading preposition


def _compile(body: str) -> re.Pattern[str]:
    return re.compile(body, re.IGNORECASE)


FORMS: tuple[Form, ...] = (
    Form("range", _compile(RANGE)),
    *(Form(name, _compile(body)) for name, body in POINT_FORMS),
)
LEADING_PREPOSITION = _compile(rf"^{PREPOSITION}")
# For scanning sentences: every form, with an optional preposition kept in the span,
# bounded by word edges so "2019" is not found inside "12019".
_SCAN = [
    (form.name, _compile(rf"(?<![\w-]){PREPOSITION}(?:{form.pattern.pattern})(?![\w])"))
    for form in FORMS
]


def find_time_expressions(text: str) -> list[tuple[int, int, str]]:
    """Spans ``(start, end, text)`` of the temporal expressions in ``text``, left to right.

    Where forms overlap the longest span wins ("from March to May 2023" over "March").
    A range needs "from"/"between" or a year/month on both ends to avoid reading
    "5-4 vote" as a range.
    """
    found: list[tuple[int, int]] = []
    for name, pattern in _SCAN:
        for match in pattern.finditer(text):
            if name == "range" and not _plausible_range(match):
                continue
            if name == "year" and not _plausible_year(text, match):
                continue
            if name == "relative_span" and _after_article(text, match.start()):
                continue  # "the next year" counts from the story's events, not from today
            found.append((match.start(), match.end()))
    found.sort(key=lambda span: (span[0], -(span[1] - span[0])))
    chosen: list[tuple[int, int]] = []
    for start, end in found:
        if chosen and start < chosen[-1][1]:
            continue
        chosen.append((start, end))
    return [(start, end, text[start:end]) for start, end in chosen]


def _plausible_range(match: re.Match[str]) -> bool:
    first, second = match.group("rg_a"), match.group("rg_b")
    connector = match.group("rg_conn").strip().lower()
    if connector == "and" and (match.group("rg_kw") or "").lower() != "between":
        return False  # "in 2019 and 2021" names two years, not a span
    month = re.compile(MONTH)
    first_dated = bool(month.search(first) or re.fullmatch(YEAR, first))
    second_dated = bool(month.search(second) or re.search(YEAR, second))
    second_is_day = re.fullmatch(DAY, second) is not None
    return first_dated and (second_dated or (bool(month.search(first)) and second_is_day))


def _after_article(text: str, start: int) -> bool:
    return re.search(r"\b(?:the|that|a)\s+$", text[:start], flags=re.IGNORECASE) is not None


def _plausible_year(text: str, match: re.Match[str]) -> bool:
    # A bare four-digit number is a year after "of" ("the summer of 2019") but not when
    # a noun follows it ("2019 people", "of 2019 ballots"); with a preposition or a
    # modifier ("in 2019", "mid-2023") it always is.
    if not match.group(0)[:1].isdigit():
        return True
    before = text[: match.start()].rstrip().lower()
    after = text[match.end() :].lstrip()
    return before.endswith(" of") and not after[:1].islower()
