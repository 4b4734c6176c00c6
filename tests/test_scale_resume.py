"""A run killed with SIGKILL and run again stores every story exactly once."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from communique.pipeline import run
from communique.store import EventStore

pytestmark = [pytest.mark.slow, pytest.mark.model]

STORIES = 60
KILL_AFTER = 5  # stored stories seen before the kill: some, and far from all
PUBLISHED = "2024-05-01"

# `communique run`, with the run's per-article "stored <id>" debug line switched on, so
# the test sees each commit as it happens (a read-only connection cannot open a DuckDB
# file that another process is writing).
RUNNER = """
import logging, sys
from communique.cli.app import main
logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")
logging.getLogger("communique.pipeline.run").setLevel(logging.DEBUG)
sys.argv = ["communique", *sys.argv[1:]]
main()
"""


def _write_stories(folder: Path) -> None:
    folder.mkdir()
    for i in range(STORIES):
        text = (
            f"Story {i}. US Secretary of State Antony Blinken met Chinese Foreign Minister "
            f"Wang Yi in Beijing on Friday for talks on trade quota number {i}. "
            f"China condemned the sanctions announced in round {i}, and the two sides "
            "agreed to meet again next month.\n"
        )
        (folder / f"story_{i:03d}.txt").write_text(text, "utf-8")


def _command(folder: Path, db: Path) -> list[str]:
    return [
        sys.executable,
        "-c",
        RUNNER,
        "run",
        str(folder),
        "--db",
        str(db),
        "--published",
        PUBLISHED,
    ]


def _stored_rows(db: Path) -> tuple[list[str], list[str], int]:
    with EventStore(db, read_only=True) as store:
        origins = [row[0] for row in store._con.execute("SELECT origin FROM articles").fetchall()]
        event_ids = [row[0] for row in store._con.execute("SELECT id FROM events").fetchall()]
        removed = store.count("removed")
    return origins, event_ids, removed


def test_killed_run_resumes_without_loss_or_duplicates(tmp_path: Path) -> None:
    folder = tmp_path / "stories"
    _write_stories(folder)
    db = tmp_path / "killed.duckdb"
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "120"}

    process = subprocess.Popen(
        _command(folder, db), stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=env
    )
    assert process.stderr is not None
    seen = 0
    try:
        for line in process.stderr:
            if line.startswith("communique.pipeline.run: stored "):
                seen += 1
                if seen >= KILL_AFTER:
                    process.send_signal(signal.SIGKILL)
                    break
    finally:
        process.kill()
        process.wait(timeout=60)
        process.stderr.close()
    assert seen >= KILL_AFTER, "the run ended before it stored anything"
    assert process.returncode == -signal.SIGKILL

    stored_before, _, _ = _stored_rows(db)
    assert KILL_AFTER <= len(stored_before) < STORIES, "the kill must land mid-run"

    rerun = subprocess.run(
        _command(folder, db), capture_output=True, text=True, env=env, timeout=600, check=False
    )
    assert rerun.returncode == 0, rerun.stderr

    origins, event_ids, removed = _stored_rows(db)
    expected = sorted(str(path) for path in folder.iterdir())
    assert sorted(origins) == expected  # nothing lost, nothing twice
    assert len(event_ids) == len(set(event_ids))

    # The resumed store holds what one uninterrupted run would have written.
    with EventStore(tmp_path / "clean.duckdb") as store:
        run([folder], store, published=dt.date.fromisoformat(PUBLISHED))
    clean_origins, clean_events, clean_removed = _stored_rows(tmp_path / "clean.duckdb")
    assert sorted(clean_origins) == expected
    assert sorted(event_ids) == sorted(clean_events)
    assert removed == clean_removed
