"""Unnamed local agents take the country where the event happened.

"Police fired tear gas at protesters" in a story about Hong Kong: police, protesters,
students, civilians and workers are people of the place they act in, so an event located
in Hong Kong codes them HKGCOP and HKGOPP, as an event coder would; so are unidentified
gunmen. Soldiers, rebels, officials and legislators travel and fight abroad; they keep no
country rather than a guessed one.
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


def home_local_agents(events: Sequence[Event]) -> tuple[Event, ...]:
    """Give the countryless local agents of each located event the place's country."""
    homed = []
    for event in events:
        country = event.place.country if event.place is not None else None
        if not country:
            homed.append(event)
            continue
        homed.append(
            dataclasses.replace(
                event,
                actors=tuple(_at_home(p, country) for p in event.actors),
                recipients=tuple(_at_home(p, country) for p in event.recipients),
            )
        )
    return tuple(homed)
