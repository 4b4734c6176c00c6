"""`communique serve`: the command's help, the missing-extra message and store errors."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique.cli import app
from communique.cli.serve import require_api_extra
from communique.errors import ConfigError


def test_serve_help_names_the_options_and_an_example() -> None:
    result = CliRunner().invoke(app, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--db", "--host", "--port"):
        assert option in result.output
    assert "Example:" in result.output


def test_missing_api_extra_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name: None if name == "fastapi" else real(name)
    )
    with pytest.raises(ConfigError, match=r"pip install 'communique\[api\]'"):
        require_api_extra()


def test_serve_on_an_unusable_database_exits_with_the_store_code(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    not_a_db = tmp_path / "notes.duckdb"
    not_a_db.write_text("these are notes, not a database\n", "utf-8")
    result = CliRunner().invoke(app, ["serve", "--db", str(not_a_db), "--port", "8765"])
    assert result.exit_code == 4
