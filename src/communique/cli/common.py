"""What every command shares: consoles, exit codes, option types and error mapping."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from communique.cli.progress import StoryProgress
from communique.config import load_settings
from communique.errors import CommuniqueError, ConfigError, DataFileError, StoreError
from communique.records import CodedArticle, Rejected

if TYPE_CHECKING:
    from communique.config import Settings

out = Console()
err = Console(stderr=True)

EXIT_NOTHING_READ = 1
EXIT_USAGE = 2
EXIT_CONFIG = 3
EXIT_STORE = 4


def parse_date(value: str | None, option: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        say_error(f"{option} {value!r} is not a date; use YYYY-MM-DD")
        raise typer.Exit(EXIT_USAGE) from None


def parse_map(pairs: list[str] | None) -> dict[str, str] | None:
    if not pairs:
        return None
    mapping = {}
    for pair in pairs:
        ours, sep, theirs = pair.partition("=")
        if not sep or not ours or not theirs:
            say_error(f"--map {pair!r} must look like text=content_original")
            raise typer.Exit(EXIT_USAGE)
        mapping[ours.strip()] = theirs.strip()
    return mapping


def settings_from(config: Path | None, model: str | None) -> Settings:
    return load_settings(config, nlp__model=model)


def say_error(message: str) -> None:
    """An error line. The message is printed as text: brackets in a path, a JSON key or a
    reason ("[ingest]", "[/x]") are shown as written, never read as console markup."""
    err.print(f"[red]error:[/] {escape(message)}")


def say_rejected(rejected: Rejected) -> None:
    """A rejected input, its stage and reason, printed as text (see ``say_error``)."""
    err.print(
        f"[yellow]rejected[/] {escape(rejected.origin)} ({escape(rejected.stage)}): "
        f"{escape(rejected.reason)}"
    )


def require_store(db: Path) -> None:
    """A command that reads a store names one that exists: else a usage error (exit 2), the
    same for every command."""
    if not db.exists():
        say_error(f"database {db} does not exist; create it with `communique run PATHS --db {db}`")
        raise typer.Exit(EXIT_USAGE)


def fail(exc: CommuniqueError) -> typer.Exit:
    say_error(str(exc))
    if isinstance(exc, StoreError):
        return typer.Exit(EXIT_STORE)
    if isinstance(exc, ConfigError | DataFileError):
        return typer.Exit(EXIT_CONFIG)
    return typer.Exit(EXIT_NOTHING_READ)


ConfigOpt = Annotated[Path | None, typer.Option("--config", help="TOML file laid over defaults.")]
ModelOpt = Annotated[str | None, typer.Option("--model", help="Installed spaCy pipeline package.")]
PublishedOpt = Annotated[
    str | None,
    typer.Option("--published", help="Publication date (YYYY-MM-DD) for stories without one."),
]
MapOpt = Annotated[
    list[str] | None,
    typer.Option("--map", help="Field name mapping for JSONL/CSV, e.g. --map text=content."),
]
DbOpt = Annotated[Path, typer.Option("--db", help="DuckDB file.")]


def count_stories(paths: Sequence[str]) -> int | None:
    """The progress total of reading ``paths``: stories and rejected inputs, counted before
    the run (JSONL and CSV files row by row); None when standard input is among them."""
    from communique.ingest.sizing import count_inputs  # noqa: PLC0415

    if not err.is_terminal:
        return count_inputs(paths)
    with err.status("counting the stories to read", spinner="dots"):
        return count_inputs(paths)


def events_of(item: CodedArticle | Rejected) -> int:
    return 0 if isinstance(item, Rejected) else len(item.events)


# What a story without a publication date loses, said wherever one is coded.
UNDATED_EFFECT = (
    "relative dates (on Friday, last week) stay unresolved and office holders are looked "
    "up as of the latest date the story names (today when it names none)"
)


def code_stories(
    paths: Sequence[str],
    *,
    published: str | None,
    field_map: list[str] | None,
    config: Path | None,
    model: str | None,
) -> Iterator[CodedArticle]:
    """Code stories without storing them, reporting rejected inputs on stderr.

    Exits with EXIT_NOTHING_READ when no story could be coded, and maps library errors
    to their exit codes, so that every command that codes on the fly behaves alike.
    """
    from communique.ingest import read_articles  # noqa: PLC0415
    from communique.pipeline import Pipeline  # noqa: PLC0415

    date = parse_date(published, "--published")
    read = rejected = 0
    total = count_stories(paths)
    # Progress only over many stories, and no bar between stories printed to the same
    # terminal: there the output is its own progress.
    shown = total is not None and total > 1 and not (err.is_terminal and out.is_terminal)
    progress = StoryProgress(err, total) if shown else None
    try:
        pipeline = Pipeline(settings_from(config, model))
        items = read_articles(
            paths,
            published=date,
            field_map=parse_map(field_map),
            settings=pipeline.settings.ingest,
        )
        with progress or nullcontext():
            for result in pipeline.code(items):
                if progress is not None:
                    progress.advance(events_of(result))
                if isinstance(result, Rejected):
                    rejected += 1
                    say_rejected(result)
                    continue
                read += 1
                if result.article.published is None:
                    err.print(
                        f"warning: {result.article.origin}: no publication date found; give "
                        f"one with --published: {UNDATED_EFFECT}",
                        markup=False,
                    )
                yield result
    except CommuniqueError as exc:
        raise fail(exc) from exc
    if read == 0:
        if rejected == 0:
            say_error(f"no story found in {' '.join(paths)}")
        raise typer.Exit(EXIT_NOTHING_READ)
