"""One happening once per story: retellings of an event linked into one event.

A story tells its main happening several times: in a subheading, in the lede, in "before
meeting Xi" and "after the meeting". Coded one by one, each telling would count as its own
event. Two events of a story are one happening when they have the same type and modality,
the parties of one are among the parties of the other (at least two resolved parties in
common, so "X met Y" and "X met Z" stay apart, as do two attacks by one group), and their
dates and places do not disagree. The kept event is the fullest telling (most parties, an
explicit date, a place, full names), the others' sentences become its ``mentions``.

It runs after dates and places are resolved, since those tell retellings apart, and before
quotes are linked to events.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from communique.records import Event


def _parties(event: Event) -> frozenset[str]:
    return frozenset(p.actor.id for p in (*event.actors, *event.recipients) if p.actor is not None)


def _kind(event: Event) -> tuple[object, ...]:
    return (event.event, event.negated, event.future, event.hypothetical, event.historical)


def _dates_agree(a: Event, b: Event) -> bool:
    if a.date is None or b.date is None:
        return True
    if "explicit" not in (a.date_basis, b.date_basis):
        return True  # both taken from the story's date: they say nothing about the day
    if a.date_basis == b.date_basis == "explicit":
        # two named days that differ are two meetings, or a conflict the checks must see
        return a.date == b.date
    return abs((a.date - b.date).days) <= 1  # "yesterday" may straddle midnight


def _places_agree(a: Event, b: Event) -> bool:
    if a.place is None or b.place is None:
        return True
    if a.place.country and b.place.country and a.place.country != b.place.country:
        return False
    if "country" in (a.place.feature, b.place.feature):
        return True
    return a.place.name == b.place.name


def same_happening(a: Event, b: Event) -> bool:
    """Whether ``b`` retells ``a`` (see the module's rules)."""
    if _kind(a) != _kind(b):
        return False
    pa, pb = _parties(a), _parties(b)
    if len(pa & pb) < 2 or not (pa <= pb or pb <= pa):
        return False
    return _dates_agree(a, b) and _places_agree(a, b)


def _fullness(event: Event) -> tuple[int, int, int, int]:
    # most parties, then a date of its own ("on Tuesday" as well as "on June 6"), a place,
    # and the fullest names ("President Xi Jinping" rather than "Xi"), each name once: a
    # reciprocal telling lists its parties on both sides
    names = sum(len(text) for text in {p.entity_text for p in (*event.actors, *event.recipients)})
    return (
        len(_parties(event)),
        int(event.date_basis in ("explicit", "relative")),
        int(event.place is not None),
        names,
    )


def link_retellings(events: Sequence[Event]) -> tuple[Event, ...]:
    """The story's events with each happening once; the first telling keeps its place."""
    groups: list[list[Event]] = []
    for event in events:
        for group in groups:
            if all(same_happening(other, event) for other in group):
                group.append(event)
                break
        else:
            groups.append([event])
    linked: list[Event] = []
    for group in groups:  # groups are in the order of their first telling
        if len(group) == 1:
            linked.append(group[0])
            continue
        kept = max(group, key=_fullness)  # max keeps the first of equals
        spans = [(e.start, e.end) for e in group if e is not kept]
        others = tuple(dict.fromkeys(s for s in spans if s != (kept.start, kept.end)))
        linked.append(replace(kept, mentions=(*kept.mentions, *others)))
    return tuple(linked)
