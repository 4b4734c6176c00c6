"""Retellings of one happening in a story become one event with several mentions."""

from __future__ import annotations

import datetime as dt

from communique.pipeline.retellings import link_retellings, same_happening
from communique.records import Actor, Participant, Place
from factories import make_event

BLINKEN = Actor("blinken", "Antony Blinken", "USA", "GOV", "person", "USAGOV")
XI = Actor("xi", "Xi Jinping", "CHN", "GOV", "person", "CHNGOV")
WANG = Actor("wang", "Wang Yi", "CHN", "GOV", "person", "CHNGOV")


def _p(actor: Actor) -> Participant:
    return Participant(actor.name, actor, 0, 1)


def _meeting(start: int, a: Actor, b: Actor, **fields: object) -> object:
    return make_event(
        f"e{start}", actors=(_p(a),), recipients=(_p(b),), start=start, end=start + 10, **fields
    )


def test_four_tellings_of_one_meeting_are_one_event() -> None:
    tellings = [_meeting(0, BLINKEN, XI), _meeting(20, XI, BLINKEN), _meeting(40, BLINKEN, XI),
                _meeting(60, BLINKEN, XI)]  # fmt: skip
    linked = link_retellings(tellings)  # type: ignore[arg-type]
    assert len(linked) == 1
    assert set(linked[0].mentions) == {(20, 30), (40, 50), (60, 70)}


def test_other_parties_types_dates_and_places_stay_apart() -> None:
    base = _meeting(0, BLINKEN, XI, date=dt.date(2024, 4, 26), date_basis="explicit")
    others = [
        _meeting(20, BLINKEN, WANG),  # another meeting of the same visit
        _meeting(40, BLINKEN, XI, event="AGREE"),  # another type
        _meeting(60, BLINKEN, XI, date=dt.date(2024, 4, 20), date_basis="explicit"),
        _meeting(80, BLINKEN, XI, negated=True),
    ]
    assert not any(same_happening(base, o) for o in others)  # type: ignore[arg-type]
    beijing = Place("Beijing", "CHN", feature="city")
    shanghai = Place("Shanghai", "CHN", feature="city")
    a = _meeting(0, BLINKEN, XI, place=beijing)
    b = _meeting(20, BLINKEN, XI, place=shanghai)
    assert not same_happening(a, b)  # type: ignore[arg-type]
    assert len(link_retellings([base, *others])) == 5  # type: ignore[list-item]


def test_one_party_events_are_never_merged() -> None:
    one = make_event("a", event="ASSAULT", actors=(_p(XI),), start=0, end=5)
    two = make_event("b", event="ASSAULT", actors=(_p(XI),), start=10, end=15)
    assert len(link_retellings([one, two])) == 2


def test_the_fullest_telling_is_kept_and_order_follows_first_telling() -> None:
    first = _meeting(0, BLINKEN, XI)
    dated = _meeting(20, BLINKEN, XI, date=dt.date(2024, 4, 26), date_basis="explicit")
    other = make_event("x", event="ASSAULT", actors=(_p(WANG),), start=10, end=12)
    linked = link_retellings([first, other, dated])  # type: ignore[list-item]
    assert [e.id for e in linked] == ["e20", "x"]
    assert linked[0].mentions == ((0, 10),)
