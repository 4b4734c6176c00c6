"""The dates stage: give every event a date, and say how it was obtained."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import re
from collections.abc import Sequence

from communique.dates.grammar import find_time_expressions
from communique.dates.resolve import ResolvedDate, resolve_expression
from communique.quotations import quoted_within
from communique.records import Event

logger = logging.getLogger(__name__)


def date_event(
    event: Event, published: dt.date | None, quoted: Sequence[tuple[int, int]] | None = None
) -> Event:
    """``event`` with ``date``, ``date_basis`` and ``date_precision`` filled.

    Order of evidence: the event's own temporal expression (``time_text``, read from the
    parse by the events coder), then the temporal expression of its sentence nearest to
    the trigger, then the publication date, else unknown. An event the coder marked
    historical ("had signed in the past") is not given the publication date: it happened
    before the story, on a day we do not know. ``quoted`` are the article's quoted regions
    (``quoted_regions``); without them the sentence's own quotation marks are read.
    """
    if event.date is not None:
        return event  # an earlier stage already dated it
    resolved = None
    if event.time_text:
        resolved = resolve_expression(event.time_text, published, future=event.future)
        if resolved is None or resolved.date is None:
            logger.debug("event %s: time expression %r did not resolve", event.id, event.time_text)
    # only the event's own time words can set it in the past: a date read elsewhere in the
    # sentence may belong to another clause ("resume the talks Beijing cut off in 2022")
    own = resolved is not None and resolved.date is not None
    if not own:
        resolved = _sentence_date(event, published, quoted)
    if resolved is not None and resolved.date is not None:
        return dataclasses.replace(
            event,
            date=resolved.date,
            date_basis=resolved.basis,
            date_precision=resolved.precision,
            historical=event.historical
            or (own and is_background(resolved.date, resolved.precision, published)),
        )
    if published is not None and not event.historical:
        return dataclasses.replace(
            event, date=published, date_basis="publication", date_precision="day"
        )
    return dataclasses.replace(event, date=None, date_basis="unknown", date_precision=None)


# A story's news is what happened in about the month before it: an event its own words date
# earlier ("in 2009", "last September", "a deal struck in September" in a December story) is
# background told in passing, as event coders treat it (docs/coding-guide.md, section 1).
BACKGROUND_DAYS = 31


def _period_end(day: dt.date, precision: str | None) -> dt.date:
    if precision == "year":
        return dt.date(day.year, 12, 31)
    if precision == "month":
        following = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        return following - dt.timedelta(days=1)
    if precision == "week":
        return day + dt.timedelta(days=6)
    return day


def is_background(day: dt.date, precision: str | None, published: dt.date | None) -> bool:
    """Whether an event dated ``day`` (at ``precision``) ended over a month before the story."""
    if published is None:
        return False
    return (published - _period_end(day, precision)).days > BACKGROUND_DAYS


_POSSESSIVES = ("'s", "’s")


def _sentence_date(
    event: Event, published: dt.date | None, quoted_in_article: Sequence[tuple[int, int]] | None
) -> ResolvedDate | None:
    """The resolvable expression of the event's sentence nearest to its trigger.

    The small parser often hangs "on Monday" on another word of the clause than the
    trigger ("met on Monday with X" under "with"), so the events coder misses it; the
    sentence still says when. Expressions inside quotation marks are someone's words,
    not the writer's dating of the event, and are skipped.
    """
    sentence = event.sentence
    trigger_at = event.trigger_start - event.start
    if not 0 <= trigger_at <= len(sentence):
        trigger_at = max(sentence.find(event.trigger), 0)
    trigger_end = trigger_at + max(event.trigger_end - event.trigger_start, 0)
    quoted = quoted_within(sentence, event.start, quoted_in_article)
    best: tuple[int, ResolvedDate] | None = None
    for start, end, text in find_time_expressions(sentence):
        if any(s <= start < e for s, e in quoted):
            continue
        if sentence[end : end + 2] in _POSSESSIVES:
            continue  # "last month's attack" dates the attack, not this event
        resolved = resolve_expression(text, published, future=event.future)
        if resolved is None or resolved.date is None:
            continue
        distance = start - trigger_end if start >= trigger_end else max(trigger_at - end, 0)
        if best is None or distance < best[0]:
            best = (distance, resolved)
    return best[1] if best is not None else None


_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+|\n")
_A_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")


def implied_date(text: str, today: dt.date) -> dt.date | None:
    """The latest day a story without a publication date names outright ("on March 5,
    2024", "in 2023": the end of the period), not after ``today``; None when it names none.
    A story is told on or after the latest date it gives, so office holders looked up as of
    that day are the story's own, not today's."""
    latest: dt.date | None = None
    # only a phrase with a year can be dated outright: read just the stretches that hold one
    stretches = (part for part in _SENTENCE_BREAK.split(text) if _A_YEAR.search(part))
    expressions = (e for stretch in stretches for _, _, e in find_time_expressions(stretch))
    for expression in expressions:
        resolved = resolve_expression(expression, None)
        if resolved is None or resolved.date is None or resolved.basis != "explicit":
            continue
        day = min(_period_end(resolved.date, resolved.precision), today)
        latest = day if latest is None else max(latest, day)
    return latest


# How far into a story its lede runs, and how long before publication its news may be.
LEDE_CHARS = 600
NEWS_DAYS = 7


def story_day(events: Sequence[Event], published: dt.date | None) -> dt.date | None:
    """The day of the story's news: the date the lede's first dated act gives itself
    ("police fired on a protester yesterday"), when it is a day in the week before
    publication. None when the lede dates nothing so."""
    if published is None:
        return None
    for event in sorted(events, key=lambda e: e.trigger_start):
        if event.start > LEDE_CHARS:
            break
        if event.future or event.hypothetical or event.historical or event.negated:
            continue
        if event.date_basis in ("explicit", "relative") and event.date_precision == "day":
            assert event.date is not None
            if 0 < (published - event.date).days <= NEWS_DAYS:
                return event.date
    return None


def date_events(
    events: Sequence[Event],
    published: dt.date | None,
    *,
    quoted: Sequence[tuple[int, int]] | None = None,
) -> tuple[Event, ...]:
    """Date each event of one article; see ``date_event`` for the order of evidence. An
    event the text does not date itself is dated by its story's news day (``story_day``)
    when the lede gives one, else by the publication date."""
    dated = [date_event(event, published, quoted) for event in events]
    day = story_day(dated, published)
    if day is None:
        return tuple(dated)
    return tuple(
        dataclasses.replace(event, date=day, date_basis="story")
        if event.date_basis == "publication"
        else event
        for event in dated
    )
