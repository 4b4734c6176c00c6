"""What every command shares: consoles, exit codes, option types and error mapping."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from communique.config import Settings, load_settings
from communique.errors import CommuniqueError, ConfigError, DataFileError, StoreError

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
        err.print(f"[red]error:[/] {option} {value!r} is not a date; use YYYY-MM-DD")
        raise typer.Exit(EXIT_USAGE) from None


def parse_map(pairs: list[str] | None) -> dict[str, str] | None:
    if not pairs:
        return None
    mapping = {}
    for pair in pairs:
        ours, sep, theirs = pair.partition("=")
        if not sep or not ours or not theirs:
            err.print(f"[red]error:[/] --map {pair!r} must look like text=content_original")
            raise typer.Exit(EXIT_USAGE)
        mapping[ours.strip()] = theirs.strip()
    return mapping


def settings_from(config: Path | None, model: str | None) -> Settings:
    return load_settings(config, nlp__model=model)


def fail(exc: CommuniqueError) -> typer.Exit:
    err.print(f"[red]error:[/] {exc}")
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


def progress_bar() -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.completed} stories"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )
