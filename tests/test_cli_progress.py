"""Progress of run and code: a total counted up front, a bar with the time left in a terminal,
plain lines on standard error elsewhere, and the summary on lines of its own after it.

The commands run for real (ingest, the run loop, the store) with a coder that finds no events,
so no spaCy model is loaded.
"""

from __future__ import annotations

import gzip
import importlib
import json
import os
import pty
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from communique.cli import app
from communique.cli.progress import StoryProgress, clock_text
from communique.ingest import read_articles
from communique.ingest.sizing import count_inputs
from communique.pipeline import Pipeline
from communique.records import Article, CleanText, CodedArticle, Rejected

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"
PLAIN_LINE = re.compile(r"^coding: (\d+)/(\d+) stories \(\d+%\), \d+ events, \d:\d\d:\d\d elapsed")


class QuickPipeline(Pipeline):
    """Codes every article as a story without events, without loading a model."""

    def code(self, articles: Iterable[Article | Rejected]) -> Iterator[CodedArticle | Rejected]:
        for item in articles:
            if isinstance(item, Rejected):
                yield item
            else:
                yield CodedArticle(item, CleanText(item.id, item.text))


@pytest.fixture
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    # the module, not the function the package exports under the same name
    monkeypatch.setattr(
        importlib.import_module("communique.pipeline.run"), "Pipeline", QuickPipeline
    )
    # the CLI imports the class when a command runs (so that --help does not load spaCy)
    monkeypatch.setattr("communique.pipeline.Pipeline", QuickPipeline)


def _stories(folder: Path, n: int) -> Path:
    folder.mkdir()
    for i in range(n):
        text = f"Story {i}. The mayors of two towns met on Tuesday to talk about road {i}.\n"
        (folder / f"story_{i:02d}.txt").write_text(text, "utf-8")
    return folder


# -- the total ------------------------------------------------------------------------------


def test_count_inputs_matches_what_reading_yields(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text("One story about a meeting of two mayors.\n", "utf-8")
    (folder / "sub" / "b.md").write_text("---\ntitle: B\n---\nAnother story, long enough.\n")
    (folder / ".hidden.txt").write_text("never read\n", "utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF")  # rejected: one item
    (folder / "empty.txt").write_text("", "utf-8")  # rejected: one item
    rows = [{"text": f"Row {i}: the two mayors met again on Tuesday."} for i in range(5)]
    jsonl = "\n".join(json.dumps(r) for r in rows[:3]) + "\n\n\nnot json\n"
    (folder / "rows.jsonl").write_text(jsonl, "utf-8")
    with gzip.open(folder / "more.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write("\n".join(json.dumps(r) for r in rows) + "\n")
    (folder / "table.csv").write_text(
        'text,title\n"A story\nover two lines, about the mayors",T1\n,\n"Second row story",T2\n',
        "utf-8",
    )
    (folder / "broken.jsonl.gz").write_bytes(b"not gzip at all")
    named = [folder, tmp_path / "missing.txt"]
    assert count_inputs(named) == len(list(read_articles(named))) == 17


def test_count_inputs_has_no_total_for_stdin(tmp_path: Path) -> None:
    assert count_inputs([tmp_path, "-"]) is None
    assert count_inputs(tmp_path / "one.txt") == 1  # a bare path, missing: one rejection


# -- plain lines ----------------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_plain_lines_every_n_stories_with_the_time_left() -> None:
    stream, clock = StringIO(), Clock()
    console = Console(file=stream, force_terminal=False, width=40)
    with StoryProgress(console, 10, every=5, seconds=60.0, clock=clock) as progress:
        assert not progress.terminal
        clock.now += 8.0  # the model loads before the first story is done
        for _ in range(6):
            progress.advance(events=2)
            clock.now += 1.0
    lines = stream.getvalue().splitlines()
    assert lines == [
        "coding: 5/10 stories (50%), 10 events, 0:00:12 elapsed, about 0:00:05 left",
        # the closing line: the total counted up front was one guess, this is the count
        "coding: 6/6 stories (100%), 12 events, 0:00:14 elapsed",
    ]  # each on one line, never folded to the 40-column width


def test_plain_lines_every_few_seconds_and_none_before_the_first_story() -> None:
    stream, clock = StringIO(), Clock()
    with StoryProgress(Console(file=stream), None, seconds=10.0, clock=clock) as progress:
        clock.now += 30.0
        assert stream.getvalue() == ""  # nothing to say yet, however long the model loads
        for _ in range(3):
            progress.advance()
            clock.now += 6.0
    assert stream.getvalue().splitlines() == [
        "coding: 1 story, 0 events, 0:00:30 elapsed",
        "coding: 3 stories, 0 events, 0:00:42 elapsed",
    ]


def test_no_closing_line_when_the_command_fails() -> None:
    stream = StringIO()
    with pytest.raises(RuntimeError), StoryProgress(Console(file=stream), 4, every=10) as progress:
        progress.advance()
        raise RuntimeError("store full")
    assert stream.getvalue() == ""


def test_clock_text() -> None:
    assert [clock_text(s) for s in (0, 59.6, 3661, -3)] == [
        "0:00:00",
        "0:01:00",
        "1:01:01",
        "0:00:00",
    ]


# -- the commands ---------------------------------------------------------------------------


def test_run_piped_prints_plain_progress_on_stderr_and_the_summary_on_stdout(
    tmp_path: Path, quick: None
) -> None:
    folder = _stories(tmp_path / "stories", 3)
    db = tmp_path / "p.duckdb"
    result = runner.invoke(app, ["run", str(folder), "--db", str(db)], env={"COLUMNS": "100"})
    assert result.exit_code == 0, result.output
    progress = [m.groups() for m in map(PLAIN_LINE.match, result.stderr.splitlines()) if m]
    assert progress == [("1", "3"), ("2", "3"), ("3", "3")]
    assert "━" not in result.stderr and "\r" not in result.stderr  # no bar when piped
    lines = result.stdout.splitlines()
    assert lines[0].strip().startswith("communique run →")  # the summary starts its own line
    assert any("stories read" in line for line in lines[1:4])
    assert "coding" not in result.stdout

    again = runner.invoke(app, ["run", str(folder), "--db", str(db)], env={"COLUMNS": "100"})
    assert again.exit_code == 0, again.output
    # stories already stored count toward the total as well
    assert "coding: 3/3 stories (100%)" in again.stderr
    assert "already stored" in again.stdout


def test_code_over_many_files_shows_progress_apart_from_its_output(
    tmp_path: Path, quick: None
) -> None:
    folder = _stories(tmp_path / "stories", 4)
    result = runner.invoke(
        app, ["code", str(folder), "--format", "json", "--published", "2024-05-01"]
    )
    assert result.exit_code == 0, result.output
    assert "coding: 4/4 stories (100%), 0 events" in result.stderr
    assert "coding" not in result.stdout
    one = runner.invoke(app, ["code", str(folder / "story_00.txt"), "--published", "2024-05-01"])
    assert one.exit_code == 0, one.output
    assert "coding:" not in one.stderr  # one story: its output is its own progress


# The same command in a terminal: a pseudo-terminal is both outputs, as in a shell.
RUNNER = """
import importlib, sys
sys.path.insert(0, sys.argv.pop(1))
from test_cli_progress import QuickPipeline
importlib.import_module("communique.pipeline.run").Pipeline = QuickPipeline
from communique.cli.app import main
sys.argv = ["communique", *sys.argv[1:]]
main()
"""


def _in_a_terminal(args: list[str]) -> tuple[int, str]:
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "120", "TERM": "xterm-256color"}
    env.pop("NO_COLOR", None)
    command = [sys.executable, "-c", RUNNER, str(Path(__file__).parent), *args]
    process = subprocess.Popen(
        command, stdin=subprocess.DEVNULL, stdout=follower, stderr=follower, env=env
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the terminal's other end is closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return process.wait(timeout=120), b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.slow
def test_run_in_a_terminal_draws_a_bar_with_total_and_time_left(tmp_path: Path) -> None:
    folder = _stories(tmp_path / "stories", 5)
    db = tmp_path / "t.duckdb"
    code, shown = _in_a_terminal(["run", str(folder), "--db", str(db)])
    assert code == 0, shown
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown)
    assert "5/5 stories" in plain and "elapsed" in plain and "left" in plain
    assert "━" in plain  # a bar, not a bare spinner
    # The summary's title is a line of its own: nothing of the bar is left before it.
    (title_line,) = [line for line in plain.split("\n") if "communique run →" in line]
    assert title_line.strip().startswith("communique run →"), title_line
    assert not re.search(r"coding: \d", plain)  # no plain lines in a terminal
