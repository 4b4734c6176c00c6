"""Commands that code stories and list stored events: run, code, events."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from communique.cli.common import (
    EXIT_NOTHING_READ,
    UNDATED_EFFECT,
    ConfigOpt,
    DbOpt,
    MapOpt,
    ModelOpt,
    PublishedOpt,
    code_stories,
    count_stories,
    err,
    events_of,
    fail,
    out,
    parse_date,
    parse_map,
    require_store,
    say_error,
    say_rejected,
    settings_from,
)
from communique.cli.happenings import (
    HAPPENING_COLUMNS,
    happening_cells,
    happenings_listed,
    print_happenings,
    reports_cell,
    with_happening,
)
from communique.cli.progress import StoryProgress
from communique.errors import CommuniqueError
from communique.records import CodedArticle, Event
from communique.serialize import to_jsonable

# The pipeline, the store and the exports are imported inside the commands: they pull in
# spaCy, duckdb and pandas, which `communique --help` should not wait for.
if TYPE_CHECKING:
    from communique.store.dedupe import Happening

app = typer.Typer()


class CodeFormat(StrEnum):
    json = "json"
    plover = "plover"
    table = "table"


class RunEngine(StrEnum):
    local = "local"
    ray = "ray"


class EventsFormat(StrEnum):
    table = "table"
    csv = "csv"
    jsonl = "jsonl"
    plover = "plover"


@app.command("run")
def run_command(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, or - for stdin.")],
    db: DbOpt = Path("communique.duckdb"),
    published: PublishedOpt = None,
    field_map: MapOpt = None,
    workers: Annotated[int, typer.Option(min=1, help="Processes that code in parallel.")] = 1,
    engine: Annotated[
        RunEngine, typer.Option(help="local: processes on this machine; ray: Ray Data actors.")
    ] = RunEngine.local,
    address: Annotated[
        str | None,
        typer.Option(help="Ray cluster to join (auto, ray://host:10001); default: a local Ray."),
    ] = None,
    config: ConfigOpt = None,
    model: ModelOpt = None,
) -> None:
    """Read stories, code their events and store everything in a DuckDB file.

    Rerunning on the same input adds nothing twice; an interrupted run resumes.

    Example: communique run examples/articles --db demo.duckdb
    """
    from communique.pipeline import run  # noqa: PLC0415
    from communique.store import EventStore  # noqa: PLC0415

    date = parse_date(published, "--published")
    try:
        settings = settings_from(config, model)
        with EventStore(db) as store:
            with StoryProgress(err, count_stories(paths)) as progress:
                summary = run(
                    paths,
                    store,
                    settings=settings,
                    published=date,
                    field_map=parse_map(field_map),
                    workers=workers,
                    engine=engine.value,
                    address=address,
                    on_item=lambda item: progress.advance(events_of(item)),
                    on_skipped=lambda _article: progress.advance(),
                )
            # after the bar has ended: the summary starts on a line of its own
            table = Table(title=f"communique run → {db}")
            table.add_column("stories read", justify="right")
            table.add_column("stored", justify="right")
            table.add_column("already stored", justify="right")
            table.add_column("rejected", justify="right")
            table.add_column("events", justify="right")
            table.add_column("undated", justify="right")
            table.add_row(
                *(
                    str(v)
                    for v in (
                        summary.read,
                        summary.stored,
                        summary.already_stored,
                        summary.rejected,
                        summary.events,
                        summary.undated,
                    )
                )
            )
            out.print(table)
            if summary.undated:
                stories = "story has" if summary.undated == 1 else "stories have"
                err.print(
                    f"warning: {summary.undated} stored {stories} no publication date; "
                    f"give one with --published or a date field: {UNDATED_EFFECT}",
                    markup=False,
                )
            for rejected in summary.rejected_reasons[:20]:
                say_rejected(rejected)
    except CommuniqueError as exc:
        raise fail(exc) from exc
    if summary.read == 0 and summary.rejected > 0:
        say_error("nothing could be read; see the rejected inputs above")
        raise typer.Exit(EXIT_NOTHING_READ)


@app.command("code")
def code_command(
    path: Annotated[str, typer.Argument(help="A file, a folder, or - for stdin.")],
    published: PublishedOpt = None,
    output_format: Annotated[CodeFormat, typer.Option("--format")] = CodeFormat.json,
    field_map: MapOpt = None,
    config: ConfigOpt = None,
    model: ModelOpt = None,
) -> None:
    """Code stories and print the results without storing them.

    json: one document per story (article, removed pieces, actors, mentions, events,
    quotes, issues); plover: one PLOVER JSON line per event; table: a readable summary.

    Example: communique code story.txt --published 2024-04-26 --format plover
    """
    for coded in code_stories(
        [path], published=published, field_map=field_map, config=config, model=model
    ):
        _print_coded(coded, output_format)


def _print_coded(coded: CodedArticle, fmt: CodeFormat) -> None:
    from communique.export import to_document, to_plover  # noqa: PLC0415

    if fmt is CodeFormat.json:
        sys.stdout.write(json.dumps(to_document(coded), ensure_ascii=False, indent=2) + "\n")
    elif fmt is CodeFormat.plover:
        for event in coded.events:
            sys.stdout.write(json.dumps(to_plover(event), ensure_ascii=False) + "\n")
    else:
        title = coded.article.title or coded.article.origin
        if coded.article.source_id is not None:
            title = f"{title} (id {coded.article.source_id})"
        _events_table(list(coded.events), title=title)


def _names(participants: tuple[Any, ...]) -> str:
    return ", ".join(
        f"{p.actor.name} ({p.actor.code})" if p.actor else p.entity_text for p in participants
    )


def _modality(e: Event) -> str:
    marks = [n for n in ("negated", "future", "hypothetical", "historical") if getattr(e, n)]
    return ",".join(marks)


# Below this console width the table keeps one line per field that fits: the trigger words
# stand for the sentence, and mode, CAMEO code and modality are left to the other formats.
_WIDE_TABLE = 140
_SHORT_MARKS = {"negated": "not", "future": "future", "hypothetical": "if", "historical": "past"}


def _date_text(event: Event) -> str:
    """The date as precise as the story gives it: "2000" for a year, "2022-08" for a month."""
    if event.date is None:
        return ""
    if event.date_precision == "year":
        return str(event.date.year)
    if event.date_precision == "month":
        return event.date.strftime("%Y-%m")
    return event.date.isoformat()


def _events_table(
    events: list[Event], *, title: str, linked: Mapping[str, Happening] | None = None
) -> None:
    wide = out.width >= _WIDE_TABLE
    table = Table(title=Text(title, style="table.title"), show_lines=wide)  # never markup
    columns = ["date", "event", "mode", "cameo", "actor", "recipient", "place", "modality"]
    if not wide:
        columns = ["date", "event", "actor", "recipient", "place"]
    elif any(e.source_id is not None for e in events):
        columns.insert(0, "source id")  # the input record's own id, to join back to it
    if linked is not None and wide:
        columns.append("reports")  # the happening's stories and outlets
    for column in columns:
        table.add_column(column, overflow="fold", no_wrap=column in ("date", "cameo"))
    table.add_column("evidence" if wide else "trigger", overflow="fold", ratio=1)
    for e in events:
        values = {
            "source id": escape(e.source_id or ""),  # an id like "[12]" is not markup
            "date": _date_text(e),
            "event": e.event,
            "mode": e.mode or "",
            "cameo": e.cameo,
            "actor": _names(e.actors),
            "recipient": _names(e.recipients),
            "place": e.place.name if e.place else "",
            "modality": _modality(e),
            "reports": reports_cell(linked.get(e.id)) if linked is not None else "",
        }
        evidence = e.sentence.strip() if wide else e.trigger
        marks = [_SHORT_MARKS[m] for m in values["modality"].split(",") if m]
        if not wide and marks:
            # no modality column here: a background or negated event must still say so
            values["event"] = f"{e.event} ({','.join(marks)})"
        table.add_row(*(values[c] for c in columns), evidence)
    out.print(table)


_CSV_COLUMNS = (
    "id",
    "date",
    "event",
    "mode",
    "cameo",
    "goldstein",
    "quad_code",
    "actor",
    "actor_code",
    "recipient",
    "recipient_code",
    "place",
    "place_country",
    "negated",
    "future",
    "hypothetical",
    "article_id",
    "source_id",
    "start",
    "end",
    "sentence",
)


def _csv_row(e: Event) -> list[Any]:
    def codes(ps: tuple[Any, ...]) -> str:
        return ";".join(p.actor.code for p in ps if p.actor)

    return [
        e.id,
        e.date.isoformat() if e.date else "",
        e.event,
        e.mode or "",
        e.cameo,
        e.goldstein,
        e.quad_code,
        _names(e.actors),
        codes(e.actors),
        _names(e.recipients),
        codes(e.recipients),
        e.place.name if e.place else "",
        e.place.country if e.place else "",
        e.negated,
        e.future,
        e.hypothetical,
        e.article_id,
        e.source_id or "",
        e.start,
        e.end,
        e.sentence.strip(),
    ]


@app.command("events")
def events_command(
    db: DbOpt = Path("communique.duckdb"),
    actor: Annotated[str | None, typer.Option(help="Actor id, code or name.")] = None,
    country: Annotated[str | None, typer.Option(help="ISO3 code of actor or recipient.")] = None,
    event_type: Annotated[str | None, typer.Option("--type", help="PLOVER type.")] = None,
    since: Annotated[str | None, typer.Option(help="First date, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(help="Last date, YYYY-MM-DD.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many events.")] = None,
    output_format: Annotated[EventsFormat, typer.Option("--format")] = EventsFormat.table,
    happenings: Annotated[
        bool,
        typer.Option(
            "--happenings",
            help="One row per happening that a matching event reports, with its reports.",
        ),
    ] = False,
) -> None:
    """List stored events, filtered, each with the happening it reports.

    Every format gives each event's happening: its canonical id and how many tellings,
    stories and outlets reported it, first and last. --happenings lists each happening once.

    Example: communique events --db demo.duckdb --country CHN --type CONSULT --format csv
    """
    from communique.store import EventStore  # noqa: PLC0415
    from communique.store.dedupe import happenings_of  # noqa: PLC0415

    start, end = parse_date(since, "--since"), parse_date(until, "--until")
    require_store(db)
    try:
        with EventStore(db, read_only=True) as store:
            events = list(
                store.events(
                    actor=actor,
                    country=country,
                    event_type=event_type,
                    since=start,
                    until=end,
                    limit=None if happenings else limit,
                )
            )
            if happenings:
                canonical, linked = happenings_listed(store, events, limit)
                print_happenings(
                    canonical, linked, output_format.value, title=f"happenings in {db}"
                )
            else:
                linked = happenings_of(store, [e.id for e in events])
                _print_events(events, output_format, title=f"events in {db}", linked=linked)
    except CommuniqueError as exc:
        raise fail(exc) from exc


def _print_events(
    events: list[Event], fmt: EventsFormat, *, title: str, linked: Mapping[str, Happening]
) -> None:
    from communique.export import to_plover  # noqa: PLC0415

    if fmt is EventsFormat.table:
        _events_table(events, title=title, linked=linked)
    elif fmt is EventsFormat.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow((*_CSV_COLUMNS, *HAPPENING_COLUMNS))
        for e in events:
            writer.writerow([*_csv_row(e), *happening_cells(linked.get(e.id))])
    elif fmt is EventsFormat.jsonl:
        for e in events:
            record = with_happening(to_jsonable(e), linked.get(e.id))
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    else:
        for e in events:
            record = with_happening(to_plover(e), linked.get(e.id))
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
