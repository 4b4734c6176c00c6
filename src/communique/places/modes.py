"""Meeting modes from where a meeting took place.

"Blinken met Xi in Beijing" says "met", but an analyst wants to know it was a visit:
the place is in the recipient's country and not the actor's. Once the places stage
has located an event, the countries of its place and of its participants tell a
visit (CAMEO 042) from hosting (043) and from a meeting at a third location (044).
Meetings whose verb already named the mode ("visited", "hosted", "by phone", "on the
sidelines of") keep it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from communique.events import Ontology, default_ontology
from communique.records import Event, Participant

# Modes that only say "they met"; anything more specific came from the sentence itself.
_GENERIC_MODES = (None, "meet")
_MODE_CODES = {"visit": "042", "host": "043", "third-party": "044"}


def _countries(participants: Sequence[Participant]) -> frozenset[str]:
    return frozenset(
        p.actor.country for p in participants if p.actor is not None and p.actor.country
    )


def meeting_mode(event: Event) -> str | None:
    """visit, host or third-party for a located two-sided meeting; None when it can't tell."""
    if event.event != "CONSULT" or event.mode not in _GENERIC_MODES or event.place is None:
        return None
    where = event.place.country
    actors, recipients = _countries(event.actors), _countries(event.recipients)
    if not where or not actors or not recipients or actors == recipients:
        return None
    if where in recipients and where not in actors:
        return "visit"
    if where in actors and where not in recipients:
        return "host"
    if where not in actors and where not in recipients:
        return "third-party"
    return None


def refine_meeting_modes(
    events: Sequence[Event], ontology: Ontology | None = None
) -> tuple[Event, ...]:
    """Give located generic meetings the mode and CAMEO code their place implies."""
    ontology = ontology or default_ontology()
    refined = []
    for event in events:
        mode = meeting_mode(event)
        if mode is None:
            refined.append(event)
            continue
        code = ontology.cameo(_MODE_CODES[mode])
        refined.append(
            replace(
                event,
                mode=mode,
                cameo=code.code,
                goldstein=code.goldstein,
                quad_code=code.quad_class,
            )
        )
    return tuple(refined)
