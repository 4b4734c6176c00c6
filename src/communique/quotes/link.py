"""Tie quotations to the events coded from the same sentences."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from communique.records import Event, Quote


def _spans(quote: Quote) -> list[tuple[int, int]]:
    """The quotation and its attribution: the speaker and addressee words lie in it."""
    spans = [(quote.start, quote.end)]
    for participant in (quote.speaker, quote.addressee):
        if participant is not None:
            spans.append((participant.start, participant.end))
    return spans


def link_quotes(quotes: Sequence[Quote], events: Sequence[Event]) -> tuple[Quote, ...]:
    """Each quote with ``event_ids`` set to the events whose sentence overlaps it.

    An event counts when its sentence span overlaps the quotation or the words of its
    speaker or addressee (the attribution). Ids already on a quote are kept first.
    """
    linked: list[Quote] = []
    for quote in quotes:
        ids = list(quote.event_ids)
        spans = _spans(quote)
        for event in events:
            if event.id in ids:
                continue
            if any(event.start < end and start < event.end for start, end in spans):
                ids.append(event.id)
        linked.append(dataclasses.replace(quote, event_ids=tuple(ids)))
    return tuple(linked)
