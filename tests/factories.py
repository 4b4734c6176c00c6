"""Records built by hand for tests of the stages after the event coder."""

from __future__ import annotations

from typing import Any

from communique.records import Event, Participant


def make_event(event_id: str = "e1", **fields: Any) -> Event:
    """An Event as the events coder emits it: date and place still at their defaults."""
    values: dict[str, Any] = {
        "id": event_id,
        "article_id": "a1",
        "event": "CONSULT",
        "mode": None,
        "context": (),
        "cameo": "040",
        "goldstein": 1.0,
        "quad_code": 1,
        "actors": (),
        "recipients": (),
        "trigger": "met",
        "sentence": "The two ministers met.",
        "start": 0,
        "end": 22,
    }
    values.update(fields)
    return Event(**values)


def participant_codes(parts: tuple[Participant, ...]) -> list[str | None]:
    """The actor codes of an event's actors or recipients, None where one is unresolved."""
    return [p.actor.code if p.actor is not None else None for p in parts]


def dyad(event: Event) -> tuple[str, list[str | None], list[str | None]]:
    """An event's type with its actors' and recipients' codes, for one comparison."""
    return event.event, participant_codes(event.actors), participant_codes(event.recipients)


def coded_events(text: str, published: str = "2024-03-05") -> tuple[Event, ...]:
    """The events the whole pipeline codes from ``text``, published on ``published``."""
    from communique.pipeline import code_text  # loads the model: only for marked tests

    return code_text(text, published=published).events
