"""The dates stage: give every event a date, and say how it was obtained."""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
from collections.abc import Sequence

from communique.dates.resolve import resolve_expression
from communique.records import Event

logger = logging.getLogger(__name__)


def date_event(event: Event, published: dt.date | None) -> Event:
    """``event`` with ``date``, ``date_basis`` and ``date_precision`` filled.

    Order of evidence: the event's own temporal expression, then the publication date,
    else unknown. An event the coder marked historical ("had signed in the past") is
    not given the publication date: it happened before the story, on a day we do not
    know.
    """
    if event.date is not None:
        return event  # an earlier stage already dated it
    if event.time_text:
        resolved = resolve_expression(event.time_text, published, future=event.future)
        if resolved is not None and resolved.date is not None:
            return dataclasses.replace(
                event,
                date=resolved.date,
                date_basis=resolved.basis,
                date_precision=resolved.precision,
            )
        logger.debug("event %s: time expression %r did not resolve", event.id, event.time_text)
    if published is not None and not event.historical:
        return dataclasses.replace(
            event, date=published, date_basis="publication", date_precision="day"
        )
    return dataclasses.replace(event, date=None, date_basis="unknown", date_precision=None)


def date_events(events: Sequence[Event], published: dt.date | None) -> tuple[Event, ...]:
    """Date each event of one article; see ``date_event`` for the order of evidence."""
    return tuple(date_event(event, published) for event in events)
