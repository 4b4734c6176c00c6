"""Commands over a filled store: dedupe, dyad, trend, issues top, network, export, import-parquet.

Analyses and exports first merge events again when articles were stored after the last
``dedupe`` (``ensure_merged``), so five outlets reporting one meeting count once. The
analysis modules (pandas, matplotlib, networkx) are imported inside the commands:
``communique --help`` and ``communique run`` do not pay for them.
"""

from __future__ import annotations

import math
import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from communique.cli.common import (
    EXIT_NOTHING_READ,
    EXIT_USAGE,
    DbOpt,
    err,
    fail,
    out,
    parse_date,
    require_store,
    say_error,
)
from communique.errors import CommuniqueError

if TYPE_CHECKING:
    import pandas as pd

    from communique.analysis import TrendResult
    from communique.store import EventStore
    from communique.store.dedupe import DedupeResult

app = typer.Typer()
issues_app = typer.Typer(help="Issues the stored stories are about.", no_args_is_help=True)
app.add_typer(issues_app, name="issues")

DEFAULT_DB = Path("communique.duckdb")


class Period(StrEnum):
    day = "day"
    week = "week"
    month = "month"


class FrameFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class ExportFormat(StrEnum):
    gdelt = "gdelt"
    plover = "plover"
    csv = "csv"
    parquet = "parquet"


FormatOpt = Annotated[FrameFormat, typer.Option("--format", help="table, csv or json.")]
SinceOpt = Annotated[str | None, typer.Option("--since", help="First day (YYYY-MM-DD).")]
UntilOpt = Annotated[str | None, typer.Option("--until", help="Last day (YYYY-MM-DD).")]
ByOpt = Annotated[Period, typer.Option("--by", help="Period length.")]
SideArg = Annotated[str, typer.Argument(help="ISO3 country, actor id or CAMEO code.")]
BootOpt = Annotated[int, typer.Option("--boot", min=100, help="Bootstrap resamples.")]


def _open(db: Path) -> EventStore:
    """An existing store, opened for writing because stale links are rebuilt in it."""
    from communique.store import EventStore  # noqa: PLC0415

    require_store(db)
    return EventStore(db)


def _refresh(store: EventStore) -> None:
    from communique.store.dedupe import ensure_merged  # noqa: PLC0415 - datasketch, pandas

    started = time.perf_counter()
    if ensure_merged(store) is not None:
        err.print(
            f"[dim]events stored since the last merge: merged again in "
            f"{time.perf_counter() - started:.1f}s[/]"
        )


def _cell(value: Any) -> str:
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:.2f}"
    if isinstance(value, list | tuple) or hasattr(value, "tolist"):
        items = value.tolist() if hasattr(value, "tolist") else value
        return ", ".join(str(v) for v in items)
    if hasattr(value, "strftime"):
        return str(value.strftime("%Y-%m-%d"))
    return "" if value is None else str(value)


def _print_frame(frame: pd.DataFrame, fmt: FrameFormat, title: str) -> None:
    if fmt is FrameFormat.csv:
        flat = frame.copy()
        for column in flat.columns:
            if flat[column].dtype == object:
                flat[column] = [_cell(v) for v in flat[column]]
        flat.to_csv(sys.stdout, index=False, date_format="%Y-%m-%d")
        return
    if fmt is FrameFormat.json:
        sys.stdout.write(frame.to_json(orient="records", date_format="iso", force_ascii=False))
        sys.stdout.write("\n")
        return
    table = Table(title=title)
    for column in frame.columns:
        table.add_column(str(column), justify="left" if frame[column].dtype == object else "right")
    for row in frame.itertuples(index=False):
        table.add_row(*(_cell(v) for v in row))
    out.print(table)


def _trend_line(a: str, b: str, by: str, trend: TrendResult) -> str:
    if math.isnan(trend.slope) or math.isnan(trend.ci_low):
        return f"trend {a}–{b}: {trend.interpretation} ({trend.periods} periods)"
    return (
        f"trend {a}–{b}: mean Goldstein {trend.slope:+.3f} per {by} "
        f"(95% bootstrap interval {trend.ci_low:+.3f} to {trend.ci_high:+.3f}, "
        f"{trend.periods} periods): {trend.interpretation}"
    )


@app.command("dedupe")
def dedupe_command(
    db: DbOpt = DEFAULT_DB,
    threshold: Annotated[
        float, typer.Option(min=0.1, max=1.0, help="Word 5-gram Jaccard similarity of copies.")
    ] = 0.8,
    window_days: Annotated[
        int, typer.Option(min=0, help="Days apart two reports of one happening may be dated.")
    ] = 1,
) -> None:
    """Link near-duplicate articles and merge events that report the same happening.

    Nothing is deleted: the links are rebuilt from the whole store each time.

    Example: communique dedupe --db allsides.duckdb
    """
    from communique.store.dedupe import deduplicate  # noqa: PLC0415 - datasketch, pandas

    try:
        with _open(db) as store:
            started = time.perf_counter()
            result: DedupeResult = deduplicate(store, threshold=threshold, window_days=window_days)
            seconds = time.perf_counter() - started
    except CommuniqueError as exc:
        raise fail(exc) from exc
    out.print(f"duplicate article pairs: {result.duplicate_pairs}")
    out.print(f"canonical events: {result.canonical_events} (of {result.events} events)")
    err.print(f"[dim]deduplicated in {seconds:.1f}s[/]")


@app.command("dyad")
def dyad_command(
    a: SideArg,
    b: SideArg,
    db: DbOpt = DEFAULT_DB,
    by: ByOpt = Period.month,
    since: SinceOpt = None,
    until: UntilOpt = None,
    directed: Annotated[bool, typer.Option(help="Only A acting on B.")] = False,
    plot: Annotated[
        Path | None,
        typer.Option(help="Draw the series, its trend and interval, to this .png/.svg."),
    ] = None,
    trend: Annotated[bool, typer.Option(help="Also print the relationship trend.")] = False,
    boot: BootOpt = 1000,
    output_format: FormatOpt = FrameFormat.table,
) -> None:
    """Events between two actors or countries per period, by quad class.

    Per period: events per quad class, mean and sum of Goldstein scores, top issues.
    --trend adds the relationship trend (see `trend`); --plot draws the series on a time
    axis with the trend line and its 95% bootstrap interval.

    Example: communique dyad USA CHN --by month --db allsides.duckdb --plot usa_chn.png
    """
    from communique.analysis import dyad_series, relationship_trend  # noqa: PLC0415

    first, last = parse_date(since, "--since"), parse_date(until, "--until")
    try:
        with _open(db) as store:
            _refresh(store)
            frame = dyad_series(store, a, b, by.value, first, last, directed=directed)
            result = (
                relationship_trend(store, a, b, by.value, boot, since=first, until=last)
                if trend
                else None
            )
    except CommuniqueError as exc:
        raise fail(exc) from exc
    _print_frame(frame, output_format, f"{a} – {b} by {by.value}")
    if result is not None:
        err.print(_trend_line(a, b, by.value, result))
    if plot is not None:
        from communique.analysis import plot_dyad  # noqa: PLC0415

        title = f"{a} – {b}: events per {by.value} by quad class"
        plot_dyad(frame, plot, title=title, by=by.value, n_boot=boot)
        err.print(f"plot written to {plot}", markup=False)


@app.command("trend")
def trend_command(
    a: SideArg,
    b: SideArg,
    db: DbOpt = DEFAULT_DB,
    by: ByOpt = Period.month,
    since: SinceOpt = None,
    until: UntilOpt = None,
    boot: BootOpt = 1000,
) -> None:
    """Is the relationship between two actors improving or worsening?

    The slope of mean Goldstein per period with a bootstrap 95% interval; "no clear
    trend" when the interval contains 0, "not enough data" under three periods.

    Example: communique trend USA CHN --by month --db allsides.duckdb
    """
    from communique.analysis import relationship_trend  # noqa: PLC0415

    first, last = parse_date(since, "--since"), parse_date(until, "--until")
    try:
        with _open(db) as store:
            _refresh(store)
            result = relationship_trend(store, a, b, by.value, boot, since=first, until=last)
    except CommuniqueError as exc:
        raise fail(exc) from exc
    out.print(_trend_line(a, b, by.value, result))


@issues_app.command("top")
def issues_top_command(
    db: DbOpt = DEFAULT_DB,
    n: Annotated[int, typer.Option("-n", min=1, help="How many issues.")] = 20,
    output_format: FormatOpt = FrameFormat.table,
) -> None:
    """The issues in most stored articles, with their mention and event counts.

    Example: communique issues top --db allsides.duckdb -n 10
    """
    from communique.analysis import top_issues  # noqa: PLC0415

    try:
        with _open(db) as store:
            _refresh(store)
            frame = top_issues(store, n)
    except CommuniqueError as exc:
        raise fail(exc) from exc
    _print_frame(frame, output_format, "top issues")


@app.command("network")
def network_command(
    db: DbOpt = DEFAULT_DB,
    country: Annotated[
        str | None, typer.Option(help="Only events with a participant of this ISO3 country.")
    ] = None,
    out_path: Annotated[
        Path | None, typer.Option("--out", help="Write .graphml or .json (node-link).")
    ] = None,
    n: Annotated[int, typer.Option("-n", min=1, help="Edges shown without --out.")] = 20,
) -> None:
    """The actor network: who acts on whom, how often, how cooperatively.

    Without --out the busiest edges are shown as a table.

    Example: communique network --country CHN --db allsides.duckdb --out chn.graphml
    """
    import pandas as pd  # noqa: PLC0415

    from communique.analysis import actor_network, write_graphml, write_network_json  # noqa: PLC0415

    if out_path is not None and out_path.suffix.lower() not in (".graphml", ".json"):
        say_error(f"--out {out_path} must end in .graphml or .json")
        raise typer.Exit(EXIT_USAGE)
    try:
        with _open(db) as store:
            _refresh(store)
            nodes, edges = actor_network(store, country)
    except CommuniqueError as exc:
        raise fail(exc) from exc
    if out_path is None:
        # An actor seen only in events has no row in ``actors``: show its id instead.
        pairs = zip(nodes["id"], nodes["name"], strict=True)
        names = {i: name for i, name in pairs if isinstance(name, str)}
        shown = edges.head(n)
        quads = shown[["quad_1", "quad_2", "quad_3", "quad_4"]].astype(str)
        shown = pd.DataFrame(
            {
                "actor": [names.get(s, s) for s in shown["source"]],
                "recipient": [names.get(t, t) for t in shown["target"]],
                "events": shown["events"],
                "goldstein_mean": shown["goldstein_mean"],
                "quads 1/2/3/4": quads.agg("/".join, axis=1),
            }
        )
        title = f"actor network: {len(nodes)} actors, {len(edges)} edges"
        _print_frame(shown, FrameFormat.table, title)
        return
    if out_path.suffix.lower() == ".graphml":
        write_graphml(nodes, edges, out_path)
    else:
        write_network_json(nodes, edges, out_path)
    out.print(f"{len(nodes)} actors and {len(edges)} edges written to {out_path}", markup=False)


@app.command("export")
def export_command(
    output_format: Annotated[ExportFormat, typer.Option("--format", help="Output format.")],
    out_path: Annotated[
        Path,
        typer.Option(
            "--out", help="A file (plover, csv) or a folder (gdelt: two TSV files; parquet)."
        ),
    ],
    db: DbOpt = DEFAULT_DB,
    header: Annotated[bool, typer.Option(help="GDELT files with a header row.")] = False,
) -> None:
    """Export the store as GDELT, PLOVER, CSV or Parquet.

    gdelt: GDELT 2.0 Events and Mentions tables (tab-separated, one row per canonical
    event); plover: PLOVER JSON lines; csv: one row per event; parquet: every table.

    Example: communique export --format gdelt --out gdelt/ --db allsides.duckdb
    """
    from communique.export import export_csv, export_gdelt, export_parquet, export_plover  # noqa: PLC0415

    try:
        with _open(db) as store:
            _refresh(store)
            if output_format is ExportFormat.gdelt:
                out_path.mkdir(parents=True, exist_ok=True)
                events_file = out_path / "gdelt.export.CSV"
                mentions_file = out_path / "gdelt.mentions.CSV"
                events, mentions = export_gdelt(store, events_file, mentions_file, header=header)
                message = f"{events} events → {events_file}, {mentions} mentions → {mentions_file}"
            elif output_format is ExportFormat.parquet:
                written = export_parquet(store, out_path)
                message = f"{sum(written.values())} rows in {len(written)} tables → {out_path}"
            elif output_format is ExportFormat.plover:
                message = f"{export_plover(store, out_path)} PLOVER records → {out_path}"
            else:
                message = f"{export_csv(store, out_path)} events → {out_path}"
    except CommuniqueError as exc:
        raise fail(exc) from exc
    except OSError as exc:
        say_error(f"cannot write {out_path}: {exc}")
        raise typer.Exit(EXIT_USAGE) from exc
    out.print(message)


@app.command("import-parquet")
def import_parquet_command(
    directory: Annotated[Path, typer.Argument(help="A folder written by export --format parquet.")],
    db: DbOpt = DEFAULT_DB,
) -> None:
    """Load a Parquet export into a store (created if missing).

    Articles already stored are skipped with all their rows, so importing twice adds
    nothing.

    Example: communique import-parquet parquet/ --db merged.duckdb
    """
    from communique.export import import_parquet  # noqa: PLC0415
    from communique.store import EventStore  # noqa: PLC0415
    from communique.store.schema import TABLES  # noqa: PLC0415

    if not directory.is_dir():
        say_error(f"{directory} is not a folder")
        raise typer.Exit(EXIT_USAGE)
    if not any((directory / f"{table}.parquet").is_file() for table in TABLES):
        say_error(
            f"{directory} holds no table of a Parquet export (articles.parquet, "
            f"events.parquet, ...); write one with `communique export --format parquet --out "
            f"{directory}`"
        )
        raise typer.Exit(EXIT_NOTHING_READ)
    try:
        with EventStore(db) as store:
            added = import_parquet(store, directory)
    except CommuniqueError as exc:
        raise fail(exc) from exc
    articles, events = added.get("articles", 0), added.get("events", 0)
    if not any(added.values()):
        message = f"nothing added to {db}: every article in {directory} is in it already"
        out.print(message, markup=False, highlight=False)
        return
    table = Table()
    table.add_column("table")
    table.add_column("rows added", justify="right")
    for name, rows in added.items():
        table.add_row(name, f"{rows:,}")
    out.print(table)
    summary = (
        f"imported {directory} into {db}: {articles:,} new "
        f"{'article' if articles == 1 else 'articles'} with {events:,} "
        f"{'event' if events == 1 else 'events'}, {sum(added.values()):,} rows in all"
    )
    out.print(summary, markup=False, highlight=False)
