"""What the ``actors import-*`` commands share: the --out option, its check, and writing the
user file with the import report."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

import communique
from communique.cli.common import EXIT_USAGE, fail, out, say_error
from communique.errors import CommuniqueError

if TYPE_CHECKING:
    from communique.actors.loader import Entries
    from communique.actors.userfile import ImportReport

OutOpt = Annotated[
    Path,
    typer.Option(
        "--out",
        help="User knowledge-base file to write (replaced if it exists). Use it with "
        '`\\[actors] user_files = ["communique-actors.yaml"]` in a --config TOML file '
        "(relative paths are read from the current folder).",
    ),
]


def check_out(path: Path) -> None:
    """--out is a user file: never one inside the package, which an upgrade replaces."""
    package = Path(str(communique.__file__)).resolve().parent
    if path.resolve().is_relative_to(package):
        say_error(f"--out {path} is inside the package; write it elsewhere")
        raise typer.Exit(EXIT_USAGE)


def finish_import(
    out_path: Path, entries: Entries, report: ImportReport, header: list[str]
) -> None:
    """Write the user file, check that it loads over the shipped base, print the counts."""
    from communique.actors import load_knowledge_base  # noqa: PLC0415
    from communique.actors.petrarch_read import FIXTURE_REASON  # noqa: PLC0415
    from communique.actors.userfile import write_user_file  # noqa: PLC0415

    try:
        write_user_file(out_path, entries, header)
        load_knowledge_base([out_path])
    except CommuniqueError as exc:
        raise fail(exc) from exc
    table = Table(title=f"imported → {out_path}")
    for column in ("entries read", "people", "organisations", "agents", "countries", "skipped"):
        table.add_column(column, justify="right")
    written = report.written
    table.add_row(
        str(report.entries_read),
        *(str(written[k]) for k in ("people", "organisations", "agents", "countries")),
        str(report.lines_skipped),
    )
    out.print(table)
    for name, reason in report.files_skipped.items():
        hint = "; --include-fixtures imports it" if reason == FIXTURE_REASON else ""
        line = f"file not imported: {name}: {reason}{hint}"
        out.print(line, markup=False, highlight=False, soft_wrap=True)
    if report.skipped:
        out.print("lines skipped, by reason (first examples):", markup=False)
    for reason, count in report.skipped.most_common():
        examples = ", ".join(report.examples.get(reason, []))
        out.print(f"{count:>8}  {reason}  ({examples})", markup=False, highlight=False)
    for note, count in report.notes.most_common():
        out.print(f"{note}: {count}", markup=False, highlight=False)
    out.print(f'Use it with --config: [actors] user_files = ["{out_path}"]', markup=False)
