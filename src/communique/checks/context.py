"""Reading the words around a mention: is the office it names told as history, is it a headline?

An old title is right in a sentence about the past ("then-President Obama", "Obama's defense
secretary, Ash Carter", "in 2015, Foreign Minister X said"), so the office checks look here before
they flag anything. These are rules about how news copy is written, not about particular stories.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence

from communique.dates import ResolvedDate, find_time_expressions, resolve_expression
from communique.quotations import find_quote_groups, quoted_regions

# A sentence ends at . ! or ? (and a closing quote) before a space and a capital, unless the word
# before the dot is a short abbreviation ("Sen.", "Mr.", "Gen.").
_SENTENCE_END = re.compile(
    r"(?<![A-Z][a-z])(?<![A-Z][a-z][a-z])(?<!\b[A-Z])[.!?][\"”’']?\s+(?=[A-Z\"“])"
)
# Words just before a title that say it is not held now, or belongs to another's time in office:
# "former", "then-", "the late", "under", "Obama's (defense secretary)". A plain "to"/"for" is
# not enough: "Blinken spoke to Foreign Minister X", "spokesman for Prime Minister Y" are present.
_PAST_BEFORE = re.compile(
    r"(\b(former|then|ex|late|erstwhile|outgoing|under|during|appointed by|nominated by|ousted|"
    r"toppled|deposed|overthrown|assassinated|slain)[\s-]*"
    r"|['’]s\s+(?:(?:first|second|third|last)\s+)?)$",
    re.IGNORECASE,
)
_PAST_TITLE = re.compile(r"\b(former|then|ex|late|erstwhile|outgoing)\b", re.IGNORECASE)
# Words in a sentence that mark it as history.
_HISTORY_WORDS = re.compile(
    r"\b(ago|previously|predecessors?|successors?|had been|who was|served as|at the time|back then|"
    r"in the past|then-|(?:during|under|in)\s+the\s+\w+\s+administration)\b",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
# "when Trump was flanked by Secretary of State X": a clause set in the past.
_PAST_CLAUSE = re.compile(r"\bwhen\b[^.;]*\b(?:was|were|had)\b", re.IGNORECASE)
# "President Obama's decision": what a former office holder did in office.
_POSSESSIVE_AFTER = re.compile(r"^['’]s?\b")


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of the sentence holding the characters ``start:end`` (by punctuation, within
    its line)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    begin = line_start
    for match in _SENTENCE_END.finditer(text, line_start, start + 1):
        begin = match.end()
    found = _SENTENCE_END.search(text, end, line_end)
    return begin, found.start() + 1 if found else line_end


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence holding the characters ``start:end`` (by punctuation, within its line)."""
    begin, finish = sentence_bounds(text, start, end)
    return text[begin:finish]


# A narrative keeps the time its last time expression set ("Last year we were told ... The
# diplomat spoke with Secretary of State X"), but not for long: the mention's own paragraph and
# the two before it, and no more than this many characters back.
SETTING_PARAGRAPHS = 3
SETTING_MAX_CHARS = 1500


def passage_setting(
    text: str, start: int, end: int, published: dt.date | None
) -> tuple[dt.date, dt.date] | None:
    """First and last day of the time the passage around ``start:end`` is set in.

    The time expression in the mention's own sentence nearest to it, else the last one before
    the sentence within its paragraph and the two before; None when there is none or it does
    not resolve against ``published``.
    """
    if published is None:
        return None
    begin, finish = sentence_bounds(text, start, end)
    own = find_time_expressions(text[begin:finish])
    if own:
        middle = start - begin
        nearest = min(own, key=lambda found: abs((found[0] + found[1]) // 2 - middle))
        return _days_of(resolve_expression(nearest[2], published))
    paragraph = text.rfind("\n", 0, begin) + 1  # where the mention's own paragraph starts
    earlier = 0
    while earlier < SETTING_PARAGRAPHS - 1 and paragraph > 0:
        line_start = text.rfind("\n", 0, paragraph - 1) + 1
        earlier += bool(text[line_start : paragraph - 1].strip())  # blank lines do not count
        paragraph = line_start
    window = max(paragraph, begin - SETTING_MAX_CHARS)
    before = find_time_expressions(text[window:begin])
    return _days_of(resolve_expression(before[-1][2], published)) if before else None


def _days_of(resolved: ResolvedDate | None) -> tuple[dt.date, dt.date] | None:
    if resolved is None or resolved.date is None:
        return None
    first = resolved.date
    if resolved.end is not None:
        return first, resolved.end
    if resolved.precision == "year":
        return first, dt.date(first.year, 12, 31)
    if resolved.precision == "month":
        return first, first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return first, first


def told_as_history(
    text: str,
    start: int,
    end: int,
    published: dt.date | None,
    quoted: Sequence[tuple[int, int]] | None = None,
) -> bool:
    """Whether the title at ``start:end`` is probably used of the past, where an old title fits.

    ``quoted`` are the article's quoted regions (``quoted_regions``); found in ``text``
    when not given.
    """
    before = text[max(0, start - 25) : start].rstrip(" \u00a0")
    if _PAST_BEFORE.search(before + " ") or _PAST_BEFORE.search(before):
        return True
    if _PAST_TITLE.search(text[max(0, start - 40) : start]):
        return True  # "a former associate counsel to President X"
    if _POSSESSIVE_AFTER.match(text[end : end + 3]):
        return True
    if quoted is None:
        quoted = quoted_regions(find_quote_groups(text))
    if any(open_at < start and end <= close_at for open_at, close_at in quoted):
        return True  # quoted words keep the titles of their own time ("the now Vice President")
    sentence = sentence_around(text, start, end)
    if _PAST_CLAUSE.search(sentence):
        return True
    years = {m.group(0) for m in _YEAR.finditer(sentence)}
    if published is not None and years - {str(published.year)}:
        return True
    return bool(_HISTORY_WORDS.search(sentence))


def in_headline(text: str, start: int, end: int) -> bool:
    """Whether a mention sits in a headline or sub-head: a line, or a run of words before a colon
    ("Update at 1:55 p.m. Egyptian President Predicts Cease-Fire: ..."), nearly all capitalised."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start : line_end if line_end != -1 else len(text)]
    sentence = sentence_around(text, start, end)
    offset = sentence.find(text[start:end])
    head = sentence[: sentence.find(":", offset)] if ":" in sentence[offset:] else ""
    return (
        _title_case(line)
        or _title_case(head[head.rfind(".") + 1 :])
        or _title_case(sentence, share=1.0, least=4)
    )


_SMALL_WORDS = frozenset(
    ["a", "an", "the", "of", "in", "on", "to", "for", "and", "with", "at", "by", "as"]
)


def _title_case(words_text: str, share: float = 0.8, least: int = 3) -> bool:
    """Whether (nearly) every word but the small ones starts with a capital, as in headlines."""
    words = words_text.split()
    capital = [w for w in words if w[:1].isupper()]
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    return least <= len(words) <= 20 and len(capital) >= share * max(1, len(content))


def past_title(title: str) -> bool:
    """Whether a title says its office is no longer held ("former", "then-", "the late")."""
    return bool(_PAST_TITLE.search(title))
