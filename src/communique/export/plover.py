"""PLOVER JSON records, with the manual's data-field names.

One record per event: ``id``, ``date``, ``actor``, ``recipient`` (lists of
``{entity_text, identifier_text, code, sector}``), ``event``, ``mode``, ``context``,
``quad_code``, ``event_loc``, ``event_text``, ``text_info {start, end}``, plus our own
``article_id`` (the hash of the story's text), ``source_id`` (the input record's own id, or
null), ``cameo {code, goldstein}`` and the modality flags.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from communique.places import event_location
from communique.records import Event, Participant


def _participant(p: Participant) -> dict[str, Any]:
    actor = p.actor
    return {
        "entity_text": p.entity_text,
        "identifier_text": actor.name if actor else None,
        "code": actor.country if actor else None,
        "sector": actor.sector if actor else None,
        "actor_id": actor.id if actor else None,
        "role": actor.role if actor else None,
    }


def to_plover(event: Event) -> dict[str, Any]:
    """One event as a PLOVER record."""
    return {
        "id": event.id,
        "date": event.date.isoformat() if event.date else None,
        "date_basis": event.date_basis,
        "date_precision": event.date_precision,
        "actor": [_participant(p) for p in event.actors],
        "recipient": [_participant(p) for p in event.recipients],
        "event": event.event,
        "intended_event": event.intended,
        "mode": event.mode,
        "context": list(event.context),
        "quad_code": event.quad_code,
        "event_loc": event_location(event),
        "event_text": event.sentence,
        "event_trigger": event.trigger,
        "text_info": {"start": event.start, "end": event.end},
        "article_id": event.article_id,
        "source_id": event.source_id,
        "cameo": {"code": event.cameo, "goldstein": event.goldstein},
        "negated": event.negated,
        "future": event.future,
        "hypothetical": event.hypothetical,
        "historical": event.historical,
        "issues": list(event.issues),
        "flags": list(event.flags),
        "mentions": [{"start": s, "end": e} for s, e in event.mentions],
    }


def to_plover_records(events: Sequence[Event]) -> list[dict[str, Any]]:
    return [to_plover(e) for e in events]
