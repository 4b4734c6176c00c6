"""The ``actors`` commands: resolve, show, list, top, import-petrarch, import-csv, coverage."""

from __future__ import annotations

import datetime as dt
import json
import math
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from communique.cli.actor_files import OutOpt, check_out, finish_import
from communique.cli.common import (
    ConfigOpt,
    DbOpt,
    err,
    fail,
    out,
    parse_date,
    require_store,
    settings_from,
)
from communique.errors import CommuniqueError
from communique.records import Actor

# The knowledge base, the store and the analyses are imported inside the commands: the actor
# modules pull in spaCy, which `communique --help` should not wait for.
if TYPE_CHECKING:
    from communique.actors import KnowledgeBase
    from communique.actors.loader import Country, Organisation, Person
    from communique.actors.query import Resolution

app = typer.Typer()
actors_app = typer.Typer(
    help="The actor knowledge base: look people up as of a date, import dictionaries.",
    no_args_is_help=True,
)
app.add_typer(actors_app, name="actors")


class Format(StrEnum):
    table = "table"
    json = "json"


FormatOpt = Annotated[Format, typer.Option("--format", help="table or json.")]
DateOpt = Annotated[
    str | None, typer.Option("--date", help="As of this day (YYYY-MM-DD); default: now.")
]


def _kb(config: Path | None) -> KnowledgeBase:
    from communique.actors import load_knowledge_base  # noqa: PLC0415

    try:
        return load_knowledge_base(settings_from(config, None).actors.user_files)
    except CommuniqueError as exc:
        raise fail(exc) from exc


def _resolve_as_subject(
    kb: KnowledgeBase, name: str, day: dt.date | None, config: Path | None
) -> Resolution:
    # spaCy takes seconds to import: only a phrase no dictionary holds pays for it
    from communique.actors.standalone import resolve_phrase  # noqa: PLC0415
    from communique.nlp import load_pipeline  # noqa: PLC0415

    try:
        nlp = load_pipeline(settings_from(config, None).nlp.model)
    except CommuniqueError as exc:
        raise fail(exc) from exc
    return resolve_phrase(nlp, kb, name, day)


def _actor_json(actor: Actor) -> dict[str, Any]:
    return {
        "name": actor.name,
        "code": actor.code,
        "country": actor.country,
        "sector": actor.sector,
        "role": actor.role,
        "id": actor.id,
        "kind": actor.kind,
    }


def _day(day: dt.date | None) -> str:
    return day.isoformat() if day is not None else ""


@actors_app.command("resolve")
def resolve_command(
    name: Annotated[
        str, typer.Argument(help="A name, surname, title, country word or actor phrase.")
    ],
    date: DateOpt = None,
    output_format: FormatOpt = Format.json,
    config: ConfigOpt = None,
) -> None:
    """Code a name as of a date: {name, code, sector, role, id, candidates}.

    Several fitting people are listed as candidates with no code picked.

    Example: communique actors resolve "Vladimir Putin" --date 2009-01-01
    """
    from communique.actors.query import resolve_text  # noqa: PLC0415

    day = parse_date(date, "--date")
    kb = _kb(config)
    found = resolve_text(kb, name, day)
    if found.actor is None and not found.candidates:
        # not a listed name or title: code the phrase as a sentence's subject would be
        # ("Houthi rebels", "a Ukrainian drone unit"); the parser loads only when needed
        found = _resolve_as_subject(kb, name, day, config)
    empty = dict.fromkeys(("name", "code", "country", "sector", "role", "id", "kind"))
    document = {
        "query": name,
        "date": _day(day) or None,
        **(_actor_json(found.actor) if found.actor is not None else empty),
        "basis": found.basis,
        "candidates": [_actor_json(a) for a in found.candidates],
    }
    if output_format is Format.json:
        out.print_json(json.dumps(document, ensure_ascii=False))
        return
    table = Table(title=f"{name} ({_day(day) or 'now'})")
    for column in ("name", "code", "sector", "role", "id"):
        table.add_column(column)
    for actor in [found.actor] if found.actor is not None else found.candidates:
        table.add_row(actor.name, actor.code, actor.sector or "", actor.role or "", actor.id)
    out.print(table)
    if found.actor is None:
        err.print(
            f"{len(found.candidates)} candidates: ambiguous"
            if found.candidates
            else f"no actor known as {name!r}"
        )


def _roles_table(person: Person) -> Table:
    table = Table(title=f"{person.name}  [dim]{person.id}  {person.source}[/]")
    for column in ("country", "sector", "title", "office", "start", "end"):
        table.add_column(column)
    for role in person.roles:
        table.add_row(
            role.country, role.sector, role.title, role.office, _day(role.start), _day(role.end)
        )
    return table


def _entry_json(entry: Person | Organisation | Country) -> dict[str, Any]:
    from communique.actors.loader import Organisation, Person  # noqa: PLC0415

    if isinstance(entry, Person):
        roles = [
            {
                "country": r.country,
                "sector": r.sector,
                "title": r.title,
                "office": r.office,
                "start": _day(r.start) or None,
                "end": _day(r.end) or None,
            }
            for r in entry.roles
        ]
        return {
            "kind": "person",
            "id": entry.id,
            "name": entry.name,
            "aliases": entry.aliases,
            "roles": roles,
            "source": entry.source,
        }
    if isinstance(entry, Organisation):
        return {
            "kind": "organisation",
            "id": entry.id,
            "name": entry.name,
            "aliases": entry.aliases,
            "country": entry.country,
            "sector": entry.sector,
            "cameo": entry.cameo,
            "source": entry.source,
        }
    return {
        "kind": "country",
        "code": entry.code,
        "name": entry.name,
        "names": entry.names,
        "demonyms": entry.demonyms,
        "capitals": entry.capitals,
        "source": entry.source,
    }


@actors_app.command("show")
def show_command(
    name: Annotated[str, typer.Argument(help="A name, alias, surname, id or country code.")],
    output_format: FormatOpt = Format.table,
    config: ConfigOpt = None,
) -> None:
    """Show the knowledge-base entries behind a name: aliases, dated roles, source file:line.

    Example: communique actors show "Wang Yi"
    """
    from communique.actors.loader import Person  # noqa: PLC0415
    from communique.actors.query import find_entries  # noqa: PLC0415

    entries = find_entries(_kb(config), name)
    if output_format is Format.json:
        out.print_json(json.dumps([_entry_json(e) for e in entries], ensure_ascii=False))
    for entry in entries if output_format is Format.table else ():
        if isinstance(entry, Person):
            if entry.aliases:
                out.print(f"[bold]{escape(entry.name)}[/] also: {escape(', '.join(entry.aliases))}")
            out.print(_roles_table(entry))
        else:
            data = _entry_json(entry)
            out.print(" ".join(f"[bold]{k}[/]={v}" for k, v in data.items() if v))
    if not entries:
        err.print(f"no entry named {name!r}", markup=False)
        raise typer.Exit(1)


@actors_app.command("list")
def list_command(
    country: Annotated[str, typer.Option("--country", help="ISO3 country code, e.g. CHN.")],
    date: DateOpt = None,
    office: Annotated[str | None, typer.Option(help="Only this office key.")] = None,
    output_format: FormatOpt = Format.table,
    config: ConfigOpt = None,
) -> None:
    """List who held which role in a country on a date (main offices first).

    Example: communique actors list --country CHN --date 2024-04-26
    """
    from communique.actors.query import office_holders  # noqa: PLC0415

    day = parse_date(date, "--date")
    rows = office_holders(_kb(config), country.upper(), day, office)
    if output_format is Format.json:
        document = [
            {
                "name": p.name,
                "id": p.id,
                "title": r.title,
                "office": r.office,
                "sector": r.sector,
                "start": _day(r.start) or None,
                "end": _day(r.end) or None,
            }
            for p, r in rows
        ]
        out.print_json(json.dumps(document, ensure_ascii=False))
        return
    table = Table(title=f"{country.upper()} on {_day(day) or 'now'}: {len(rows)} roles")
    for column in ("name", "title", "office", "sector", "start", "end", "id"):
        table.add_column(column)
    for person, role in rows:
        table.add_row(
            person.name,
            role.title,
            role.office,
            role.sector,
            _day(role.start),
            _day(role.end),
            person.id,
        )
    out.print(table)


@actors_app.command("top")
def top_command(
    db: DbOpt = Path("communique.duckdb"),
    n: Annotated[int, typer.Option("--n", min=1, help="How many actors.")] = 20,
) -> None:
    """The actors in most counted events of a store (as actor or recipient).

    Example: communique actors top --db demo.duckdb --n 10
    """
    from communique.analysis import top_actors  # noqa: PLC0415
    from communique.store import EventStore  # noqa: PLC0415

    require_store(db)
    try:
        with EventStore(db, read_only=True) as store:
            frame = top_actors(store, n)
    except CommuniqueError as exc:
        raise fail(exc) from exc
    table = Table(title=f"top {n} actors in {db}")
    columns = ("name", "code", "events", "as_actor", "as_recipient", "goldstein_mean", "actor_id")
    for column in columns:
        right = column in columns[2:6]
        table.add_column(column, justify="right" if right else "left", no_wrap=column == "name")
    for row in frame.itertuples(index=False):
        goldstein = row.goldstein_mean
        table.add_row(
            str(row.name or row.actor_id),  # no name when the actor was never stored
            str(row.code or ""),
            str(int(row.events)),
            str(int(row.as_actor)),
            str(int(row.as_recipient)),
            "" if goldstein is None or math.isnan(goldstein) else f"{goldstein:+.2f}",
            str(row.actor_id),
        )
    out.print(table)


@actors_app.command("import-petrarch")
def import_petrarch_command(
    paths: Annotated[
        list[Path], typer.Argument(help="Folders of .actors/.agents files, or the files.")
    ],
    out_path: OutOpt = Path("communique-actors.yaml"),
    include_fixtures: Annotated[
        bool,
        typer.Option(
            "--include-fixtures",
            help="Also import PETRARCH's validation fixtures (PETR.Validate.*: fictional states).",
        ),
    ] = False,
    config: ConfigOpt = None,
) -> None:
    """Import PETRARCH/Phoenix .actors and .agents dictionaries into a user knowledge base.

    Dated codes such as [RUSGOV >20040309] become dated roles (YYMMDD years 00-30 are 20YY,
    31-99 19YY); entries the shipped base already knows are skipped. PETRARCH's test
    dictionaries (PETR.Validate.*) are left out unless --include-fixtures, and a file named
    twice is read once; the files left out are listed. The shipped files are never changed:
    lay the output over them with `\\[actors] user_files` in a --config TOML file.

    Example: communique actors import-petrarch ../shared/reference/petrarch2/dictionaries
    """
    from communique.actors.petrarch import import_petrarch  # noqa: PLC0415
    from communique.actors.petrarch_read import CENTURY_PIVOT  # noqa: PLC0415

    check_out(out_path)
    kb = _kb(config)
    try:
        entries, report = import_petrarch(paths, kb, include_fixtures)
    except CommuniqueError as exc:
        raise fail(exc) from exc
    sources = ", ".join(str(p) for p in paths)
    header = [f"Imported from PETRARCH dictionaries ({sources}); century pivot {CENTURY_PIVOT}."]
    finish_import(out_path, entries, report, header)


@actors_app.command("import-csv")
def import_csv_command(
    path: Annotated[Path, typer.Argument(help="CSV file, one row per dated role.")],
    out_path: OutOpt = Path("communique-actors.yaml"),
    config: ConfigOpt = None,
) -> None:
    """Import a CSV of dated roles into a user knowledge base.

    Columns: name, country, sector, title (required); id, aliases (;-separated), office, start,
    end, place, note. Rows with the same id (or name) are one person, first row = main role.

    Example: communique actors import-csv roles.csv --out my-actors.yaml
    """
    from communique.actors.roles_csv import import_roles_csv  # noqa: PLC0415

    check_out(out_path)
    kb = _kb(config)
    try:
        entries, report = import_roles_csv(path, kb)
    except CommuniqueError as exc:
        raise fail(exc) from exc
    finish_import(out_path, entries, report, [f"Imported from {path}."])


@actors_app.command("coverage")
def coverage_command(
    cutoff: Annotated[str, typer.Option(help="Cut-off date of the data.")] = "2025-12-31",
    config: ConfigOpt = None,
) -> None:
    """Print the knowledge base's coverage as a Markdown table, one row per country.

    People and roles per country, and the offices with a holder on the cut-off date.

    Example: communique actors coverage --cutoff 2025-12-31 > coverage.md
    """
    from communique.actors.query import coverage  # noqa: PLC0415

    day = parse_date(cutoff, "--cutoff")
    assert day is not None
    kb = _kb(config)
    rows = coverage(kb, day)
    total_roles = sum(r.roles for r in rows)
    print(
        f"{len(kb.people)} people with {total_roles} roles in {len(rows)} countries and "
        f"international bodies; {len(kb.organisations)} organisations; {len(kb.countries)} "
        f"countries. Cut-off date: {day.isoformat()}.\n"
    )
    print("| code | country | people | roles | roles held on the cut-off | offices then held |")
    print("|---|---|---:|---:|---:|---|")
    for r in rows:
        offices = ", ".join(r.offices)
        print(f"| {r.country} | {r.name} | {r.people} | {r.roles} | {r.current} | {offices} |")
