"""The happening of each listed event, and ``events --happenings``: one row per happening.

A happening is what several events report (``store.happenings``): every event listing
carries its canonical id, how many tellings (``num_mentions``), stories
(``num_articles``) and outlets (``num_sources``) reported it, and its first and last
report.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from communique.cli.common import out
from communique.records import Event
from communique.serialize import to_jsonable

# The store and the exports are imported where they are used: `communique --help` should
# not wait for duckdb, datasketch and pandas.
if TYPE_CHECKING:
    from communique.store import EventStore
    from communique.store.dedupe import Happening

HAPPENING_COLUMNS = (
    "canonical_id",
    "num_mentions",
    "num_articles",
    "num_sources",
    "first_report",
    "last_report",
)


def happening_cells(happening: Happening | None) -> list[Any]:
    """The CSV cells of ``HAPPENING_COLUMNS`` (empty when the event has none)."""
    if happening is None:
        return [""] * len(HAPPENING_COLUMNS)
    values = happening.to_dict()
    return ["" if values[c] is None else values[c] for c in HAPPENING_COLUMNS]


def reports_cell(happening: Happening | None) -> str:
    """A table cell: "3 stories, 2 outlets" (and the tellings when there are more)."""
    if happening is None:
        return ""
    h = happening
    cell = f"{h.num_articles} {'story' if h.num_articles == 1 else 'stories'}"
    cell += f", {h.num_sources} {'outlet' if h.num_sources == 1 else 'outlets'}"
    if h.num_mentions > h.num_articles:
        cell += f", {h.num_mentions} tellings"
    return cell


def with_happening(record: dict[str, Any], happening: Happening | None) -> dict[str, Any]:
    return {**record, "happening": happening.to_dict() if happening else None}


def happenings_listed(
    store: EventStore, events: Sequence[Event], limit: int | None = None
) -> tuple[list[Event], dict[str, Happening]]:
    """The happenings that ``events`` report, once each in the order of their first listed
    report, as their canonical events; with each canonical event's happening."""
    from communique.store.dedupe import happenings_of  # noqa: PLC0415
    from communique.store.reading import events_by_id  # noqa: PLC0415

    linked = happenings_of(store, [e.id for e in events])
    wanted = list(dict.fromkeys(linked[e.id].canonical_id for e in events if e.id in linked))
    if limit is not None:
        wanted = wanted[:limit]
    stored = events_by_id(store, wanted)
    canonical = [stored[i] for i in wanted if i in stored]
    return canonical, happenings_of(store, wanted)


def _names(event: Event, side: str) -> str:
    parties = event.actors if side == "actor" else event.recipients
    return ", ".join(p.actor.name if p.actor else p.entity_text for p in parties)


def print_happenings(
    canonical: Sequence[Event], linked: Mapping[str, Happening], fmt: str, *, title: str
) -> None:
    """One row per happening: its canonical (first-reported) event and its reports."""
    from communique.export import to_plover  # noqa: PLC0415

    if fmt == "jsonl":
        for e in canonical:
            record = with_happening(to_jsonable(e), linked.get(e.id))
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif fmt == "plover":
        for e in canonical:
            record = with_happening(to_plover(e), linked.get(e.id))
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow(("date", "event", "actor", "recipient", "place", *HAPPENING_COLUMNS))
        for e in canonical:
            writer.writerow(
                [
                    e.date.isoformat() if e.date else "",
                    e.event,
                    _names(e, "actor"),
                    _names(e, "recipient"),
                    e.place.name if e.place else "",
                    *happening_cells(linked.get(e.id)),
                ]
            )
    else:
        table = Table(title=Text(title, style="table.title"))
        for column in ("date", "event", "actor", "recipient", "place", "reports", "first", "last"):
            table.add_column(column, overflow="fold")
        for e in canonical:
            h = linked.get(e.id)
            table.add_row(
                Text(e.date.isoformat() if e.date else ""),
                Text(e.event),
                Text(_names(e, "actor")),
                Text(_names(e, "recipient")),
                Text(e.place.name if e.place else ""),
                Text(reports_cell(h)),
                Text(h.first_report.isoformat() if h and h.first_report else ""),
                Text(h.last_report.isoformat() if h and h.last_report else ""),
            )
        out.print(table)
