"""The check command: code stories and report what in them does not add up."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Annotated, Any

import typer
from rich.table import Table

from communique.cli.common import (
    ConfigOpt,
    MapOpt,
    ModelOpt,
    PublishedOpt,
    code_stories,
    out,
)
from communique.records import CodedArticle, Flag

app = typer.Typer()


class CheckFormat(StrEnum):
    table = "table"
    json = "json"


@app.command("check")
def check_command(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, or - for stdin.")],
    published: PublishedOpt = None,
    output_format: Annotated[CheckFormat, typer.Option("--format")] = CheckFormat.table,
    field_map: MapOpt = None,
    config: ConfigOpt = None,
    model: ModelOpt = None,
) -> None:
    """Code stories (without storing them) and list what does not add up in each.

    Flags are findings, not errors: the exit code is 0 whenever a story could be read.

    Example: communique check story.txt --published 2024-04-26 --format table
    """
    # the pipeline runs the checks: each story arrives with its flags attached
    for coded in code_stories(
        paths, published=published, field_map=field_map, config=config, model=model
    ):
        _print(coded, output_format)


def flag_document(coded: CodedArticle) -> dict[str, Any]:
    """One story's flags as JSON, each with the text of its evidence spans."""
    text = coded.article.text
    return {
        "article_id": coded.article.id,
        "origin": coded.article.origin,
        "published": coded.article.published.isoformat() if coded.article.published else None,
        "flags": [_flag_json(flag, text) for flag in coded.flags],
        "flagged_events": {e.id: list(e.flags) for e in coded.events if e.flags},
    }


def _flag_json(flag: Flag, text: str) -> dict[str, Any]:
    return {
        "id": flag.id,
        "kind": flag.kind,
        "severity": flag.severity,
        "message": flag.message,
        "evidence": [{"start": s, "end": e, "text": text[s:e]} for s, e in flag.spans],
    }


_SEVERITY_STYLE = {"error": "red", "warning": "yellow", "info": "cyan"}


def _print(coded: CodedArticle, fmt: CheckFormat) -> None:
    if fmt is CheckFormat.json:
        sys.stdout.write(json.dumps(flag_document(coded), ensure_ascii=False) + "\n")
        return
    title = coded.article.title or coded.article.origin
    if not coded.flags:
        out.print(f"{title}: no flags", markup=False)
        return
    table = Table(title=f"{title}: {len(coded.flags)} flag(s)", show_lines=True)
    for column in ("kind", "severity", "message", "evidence"):
        table.add_column(column)
    for flag in coded.flags:
        style = _SEVERITY_STYLE.get(flag.severity, "")
        evidence = "\n".join(f"[{s}:{e}] {coded.article.text[s:e]}" for s, e in flag.spans)
        table.add_row(flag.kind, f"[{style}]{flag.severity}[/]", flag.message, evidence)
    out.print(table)
