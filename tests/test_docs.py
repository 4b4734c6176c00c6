"""Documentation that must match the code: the CLI reference and the public API."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

import communique

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))
cli_docs = importlib.import_module("cli_docs")


def test_docs_cli_reference_is_current() -> None:
    expected = cli_docs.render()
    assert (REPO / "docs" / "cli.md").read_text("utf-8") == expected, (
        "docs/cli.md is out of date: run `make docs`"
    )


@pytest.mark.parametrize("path", cli_docs.command_paths(), ids=" ".join)
def test_docs_every_command_has_help_with_an_example(path: list[str]) -> None:
    from typer.testing import CliRunner

    from communique.cli import app

    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    click_command = cli_docs.resolve_command(path)
    if getattr(click_command, "commands", None):
        return  # a group: its sub-commands carry the examples
    assert "Example:" in (click_command.help or ""), f"`communique {' '.join(path)}` has no Example"


def test_docs_public_api_exports_exist() -> None:
    for name in communique.__all__:
        assert hasattr(communique, name), name
    assert "code_text" in communique.__all__


def test_docs_readme_shows_the_two_commands() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    assert "make demo" in readme and "make test" in readme
