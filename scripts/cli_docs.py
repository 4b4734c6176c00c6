"""Write docs/cli.md from the commands' own --help, so the reference cannot drift.

Usage: python scripts/cli_docs.py [--check]
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer
from typer.testing import CliRunner

from communique.cli import app

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def _help(runner: CliRunner, args: list[str]) -> str:
    result = runner.invoke(
        app, [*args, "--help"], prog_name="communique", env={"COLUMNS": "100", "NO_COLOR": "1"}
    )
    if result.exit_code != 0:
        raise RuntimeError(f"`communique {' '.join(args)} --help` failed: {result.output}")
    return result.output.rstrip()


def command_paths() -> list[list[str]]:
    """Every command and sub-command, as argument lists."""
    click_app = typer.main.get_command(app)
    paths: list[list[str]] = []

    def walk(command: object, prefix: list[str]) -> None:
        sub = getattr(command, "commands", None)
        if not sub:
            paths.append(prefix)
            return
        if prefix:
            paths.append(prefix)
        for name in sorted(sub):
            walk(sub[name], [*prefix, name])

    walk(click_app, [])
    return [p for p in paths if p]


def resolve_command(path: list[str]) -> object:
    """The click command object for a command path."""
    command: object = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    return command


def render() -> str:
    os.environ["TERMINAL_WIDTH"] = "100"
    runner = CliRunner()
    parts = [
        "# Command-line reference",
        "",
        "Generated from `--help` by `make docs` (`scripts/cli_docs.py`); `make test` checks it.",
        "",
        "```",
        _help(runner, []),
        "```",
    ]
    for path in command_paths():
        parts += ["", f"## communique {' '.join(path)}", "", "```", _help(runner, path), "```"]
    return "\n".join(parts) + "\n"


def main() -> None:
    text = render()
    if "--check" in sys.argv:
        if not DOC.exists() or DOC.read_text("utf-8") != text:
            sys.exit("docs/cli.md is out of date: run `python scripts/cli_docs.py`")
        return
    DOC.write_text(text, "utf-8")


if __name__ == "__main__":
    main()
