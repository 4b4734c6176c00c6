"""What the command line says when something is missing or wrong: one sentence with the cause
and the fix, a documented exit code, no traceback; and help without rendering artifacts."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from communique.cli import app
from communique.cli.common import EXIT_CONFIG
from communique.pipeline import ray_engine

runner = CliRunner()

# Ray's own error for `ray.init(address="auto")` with no cluster running (ray 2.x).
NO_CLUSTER = (
    "Could not find any running Ray instance. Please specify the one to connect to by setting "
    "`--address` flag or `RAY_ADDRESS` environment variable."
)


class FakeRay:
    """Stands in for the ray module: a test must not depend on a cluster being up or down."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def is_initialized(self) -> bool:
        return False

    def init(self, **_kwargs: Any) -> None:
        raise self.error


def run_on_ray(tmp_path: Path, address: str) -> Any:
    story = tmp_path / "story.txt"
    story.write_text("Joe Biden met Xi Jinping in Beijing on Friday.\n", "utf-8")
    args = ["run", str(story), "--db", str(tmp_path / "x.duckdb"), "--engine", "ray"]
    return runner.invoke(app, [*args, "--address", address], env={"COLUMNS": "300"})


def one_error_line(result: Any) -> str:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert "Traceback" not in result.output
    assert len(lines) == 1, result.output
    assert lines[0].startswith("error: ")
    return lines[0]


def test_ray_address_with_no_cluster_is_one_sentence_and_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ray_engine, "_import_ray", lambda: FakeRay(ConnectionError(NO_CLUSTER)))
    result = run_on_ray(tmp_path, "auto")
    assert result.exit_code == EXIT_CONFIG
    line = one_error_line(result)
    assert "no running Ray cluster" in line and "'auto'" in line  # the cause
    assert "ray start --head" in line and "leave out --address" in line  # the fixes


def test_a_malformed_ray_address_is_one_sentence_and_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    error = ValueError("Invalid address format: nonsense")
    monkeypatch.setattr(ray_engine, "_import_ray", lambda: FakeRay(error))
    result = run_on_ray(tmp_path, "nonsense")
    assert result.exit_code == EXIT_CONFIG
    line = one_error_line(result)
    assert "Invalid address format" in line and "ray://host:10001" in line


def test_ray_not_installed_names_the_extra_to_install(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` now fails as if not installed
    result = run_on_ray(tmp_path, "auto")
    assert result.exit_code == EXIT_CONFIG
    line = one_error_line(result)
    assert "not installed" in line and "pip install 'communique[ray]'" in line


def command_paths(command: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """The app and every command and sub-command under it, as argument tuples."""
    paths = [prefix]
    for name, sub in sorted(getattr(command, "commands", {}).items()):
        paths += command_paths(sub, (*prefix, name))
    return paths


def test_help_shows_no_value_type_beside_flags() -> None:
    import typer

    paths = command_paths(typer.main.get_command(app))
    assert ("actors", "import-petrarch") in paths and ("dyad",) in paths
    for path in paths:
        result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0, (path, result.output)
        assert "<bool>" not in result.output, path
        (line,) = [line for line in result.output.splitlines() if "--help" in line]
        assert "<" not in line, (path, line)
    # options that take a value still show its type
    result = runner.invoke(app, ["run", "--help"], env={"COLUMNS": "200"})
    assert "<path>" in result.output
