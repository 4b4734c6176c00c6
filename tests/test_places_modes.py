"""Meeting modes inferred from the meeting's place and the participants' countries."""

from __future__ import annotations

import pytest

from communique.places import meeting_mode, refine_meeting_modes
from communique.records import Actor, Event, Participant, Place


def _p(name: str, country: str) -> Participant:
    return Participant(name, Actor(f"cq:{name}", name, country, "GOV", code=f"{country}GOV"), 0, 1)


def _meeting(
    actors: list[str], recipients: list[str], place: str | None, mode: str | None = "meet"
) -> Event:
    return Event(
        id="e",
        article_id="a",
        event="CONSULT",
        mode=mode,
        context=(),
        cameo="040",
        goldstein=1.0,
        quad_code=1,
        actors=tuple(_p(c.lower(), c) for c in actors),
        recipients=tuple(_p(c.lower(), c) for c in recipients),
        trigger="met",
        sentence="s",
        start=0,
        end=1,
        place=Place("somewhere", place) if place else None,
    )


@pytest.mark.parametrize(
    ("actors", "recipients", "place", "expected"),
    [
        (["USA"], ["CHN"], "CHN", "visit"),
        (["CHN"], ["USA"], "CHN", "host"),
        (["USA"], ["CHN"], "USA", "host"),
        (["USA"], ["CHN"], "IDN", "third-party"),
        (["USA", "CHN"], ["USA", "CHN"], "CHN", None),  # reciprocal: no side is the visitor
        (["USA"], ["CHN", "USA"], "USA", None),  # place in both sides' countries
        (["USA"], ["CHN"], None, None),  # not located
    ],
)
def test_places_meeting_mode_from_place(
    actors: list[str], recipients: list[str], place: str | None, expected: str | None
) -> None:
    assert meeting_mode(_meeting(actors, recipients, place)) == expected


def test_places_refine_sets_cameo_and_goldstein() -> None:
    (visit,) = refine_meeting_modes([_meeting(["USA"], ["CHN"], "CHN")])
    assert (visit.mode, visit.cameo, visit.goldstein, visit.quad_code) == ("visit", "042", 1.9, 1)
    (host,) = refine_meeting_modes([_meeting(["CHN"], ["USA"], "CHN")])
    assert (host.mode, host.cameo, host.goldstein) == ("host", "043", 2.8)


def test_places_refine_keeps_modes_the_sentence_named() -> None:
    phone = _meeting(["USA"], ["CHN"], "CHN", mode="phone")
    assert refine_meeting_modes([phone]) == (phone,)


def test_places_refine_ignores_other_event_types() -> None:
    from dataclasses import replace

    aid = replace(_meeting(["USA"], ["TWN"], "TWN"), event="AID", cameo="072")
    assert refine_meeting_modes([aid]) == (aid,)
