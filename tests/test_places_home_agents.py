"""Unnamed local agents (police, protesters) take the country of the event's place."""

from __future__ import annotations

from communique.places import home_local_agents
from communique.records import Actor, Participant, Place
from factories import make_event

HONG_KONG = Place("Hong Kong", "HKG", feature="country")


def _agent(text: str, sector: str, country: str | None = None) -> Participant:
    actor = Actor(f"cq:agent:{sector.lower()}", text, country, sector, text, "agent")
    return Participant(text, actor, 0, len(text))


def test_police_and_protesters_are_of_the_place() -> None:
    event = make_event(
        event="ASSAULT",
        actors=(_agent("police", "COP"), _agent("gunmen", "UAF")),
        recipients=(_agent("protesters", "OPP"),),
        place=HONG_KONG,
    )
    (homed,) = home_local_agents([event])
    # unidentified gunmen too, as ICEWS codes "Unidentified Gunmen (Hong Kong)"
    assert [p.actor.code for p in (*homed.actors, *homed.recipients) if p.actor] == [
        "HKGCOP",
        "HKGUAF",
        "HKGOPP",
    ]


def test_travellers_named_countries_and_unplaced_events_stay() -> None:
    soldiers = _agent("troops", "MIL")  # soldiers fight abroad: no guessed country
    french_police = _agent("French police", "COP", "FRA")
    located = make_event(actors=(soldiers,), recipients=(french_police,), place=HONG_KONG)
    unplaced = make_event(actors=(_agent("police", "COP"),))
    assert home_local_agents([located, unplaced]) == (located, unplaced)
