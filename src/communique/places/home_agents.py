"""Unnamed local agents take the country where the event happened.

"Police fired tear gas at protesters" in a story about Hong Kong: police, protesters,
students, civilians and workers are people of the place they act in, so an event located
in Hong Kong codes them HKGCOP and HKGOPP, as an event coder would; so are unidentified
gunmen. Soldiers, rebels, officials and legislators travel and fight abroad; they keep no
country rather than a guessed one. Where the event has no place, the people a government,
its police or courts act on ("Egyptian police dispersed the demonstrators") are that
state's own.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from communique.records import Event, Participant

# CAMEO sectors of people who act where they live (reporters travel with the powerful).
# Unidentified gunmen (UAF) are coded with the country they strike in, as ICEWS codes
# "Unidentified Gunmen (Mali)".
LOCAL_SECTORS = frozenset({"COP", "CVL", "EDU", "OPP", "LAB", "JUD", "REL", "HLH", "AGR", "UAF"})


def _at_home(participant: Participant, country: str) -> Participant:
    actor = participant.actor
    if actor is None or actor.country or actor.kind != "agent" or actor.sector not in LOCAL_SECTORS:
        return participant
    return dataclasses.replace(
        participant,
        actor=dataclasses.replace(actor, country=country, code=f"{country}{actor.sector}"),
    )


# Sectors of a state acting at home: what a government, its police, courts or legislature do
# to unnamed local people ("Egyptian police dispersed demonstrators") they do in their country.
_STATE_AT_HOME = frozenset({"GOV", "COP", "JUD", "LEG"})


def _state_home(event: Event) -> str | None:
    """The one country of the event's actors, when one of them is that state at home."""
    countries = {p.actor.country for p in event.actors if p.actor is not None and p.actor.country}
    if len(countries) != 1:
        return None
    if not any(p.actor is not None and p.actor.sector in _STATE_AT_HOME for p in event.actors):
        return None
    return countries.pop()


def home_local_agents(events: Sequence[Event]) -> tuple[Event, ...]:
    """Give the countryless local agents of each located event the place's country; where
    the event has no place, its recipients take the country of a state acting at home."""
    homed = []
    for event in events:
        country = event.place.country if event.place is not None else None
        if not country:
            home = _state_home(event)
            homed.append(
                event
                if home is None
                else dataclasses.replace(
                    event, recipients=tuple(_at_home(p, home) for p in event.recipients)
                )
            )
            continue
        homed.append(
            dataclasses.replace(
                event,
                actors=tuple(_at_home(p, country) for p in event.actors),
                recipients=tuple(_at_home(p, country) for p in event.recipients),
            )
        )
    return tuple(homed)
