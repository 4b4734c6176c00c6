"""Faults around a run: unusable, locked or full database files and a worker that dies.

Each must end in a clear StoreError/ProcessingError (exit code 4 from the CLI for the
store), never a traceback, and never leave half an article in the database.

How each fault is made, given that CI runs as root (where ``chmod 444`` stops nothing):
an unusable path is a file used as a folder, a folder, or a file that is not DuckDB; a
read-only database is one opened with ``read_only=True``; the lock is held by a second
process; a full disk is RLIMIT_FSIZE in a child process (writes past it fail with EFBIG,
as they would with ENOSPC), which needs no mount and no root.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from communique.cli.app import app
from communique.config import load_settings
from communique.errors import ProcessingError, StoreError
from communique.ingest import article_from_text
from communique.pipeline import parallel, run
from communique.records import Article, CleanText, CodedArticle, Event, Participant, Rejected
from communique.store import EventStore

STORY = "The minister met the envoy in the capital on Tuesday to discuss the border. {n}"


def coded(article: Article, events: int = 3) -> CodedArticle:
    """A coded article without the model: ``events`` events on its first sentence."""
    made = tuple(
        Event(
            id=f"{article.id}-{i}",
            article_id=article.id,
            event="CONSULT",
            mode=None,
            context=(),
            cameo="040",
            goldstein=1.0,
            quad_code=1,
            actors=(Participant("The minister", None, 0, 12),),
            recipients=(Participant("the envoy", None, 17, 26),),
            trigger="met",
            sentence=article.text,
            start=0,
            end=len(article.text),
        )
        for i in range(events)
    )
    return CodedArticle(article, CleanText(article.id, article.text), events=made)


def assert_whole_articles(path: Path, events_each: int) -> int:
    """Every stored article has all its events; returns the number of articles."""
    with duckdb.connect(str(path), read_only=True) as con:
        rows = con.execute(
            "SELECT a.id, count(e.id) FROM articles a LEFT JOIN events e ON e.article_id = a.id "
            "GROUP BY a.id"
        ).fetchall()
        orphans = con.execute(
            "SELECT count(*) FROM events WHERE article_id NOT IN (SELECT id FROM articles)"
        ).fetchone()
    assert orphans == (0,)
    assert all(count == events_each for _, count in rows), rows
    return len(rows)


# -- unusable database paths --------------------------------------------------------------
def _under_a_file(tmp_path: Path) -> Path:
    (tmp_path / "plain").write_text("x")
    return tmp_path / "plain" / "events.duckdb"


def _a_folder(tmp_path: Path) -> Path:
    (tmp_path / "folder.duckdb").mkdir()
    return tmp_path / "folder.duckdb"


def _not_duckdb(tmp_path: Path) -> Path:
    path = tmp_path / "garbage.duckdb"
    path.write_bytes(os.urandom(8192))
    return path


@pytest.mark.parametrize("make_path", [_under_a_file, _a_folder, _not_duckdb])
def test_unusable_database_path_is_a_store_error_and_exit_4(
    tmp_path: Path, make_path: Callable[[Path], Path]
) -> None:
    path = make_path(tmp_path)
    with pytest.raises(StoreError, match="cannot open database"):
        EventStore(path)
    story = tmp_path / "story.txt"
    story.write_text(STORY.format(n=1))
    result = CliRunner().invoke(app, ["run", str(story), "--db", str(path)])
    assert result.exit_code == 4, result.output
    assert "cannot open database" in result.output


def _damage_a_data_block(path: Path, tmp_path: Path) -> Path:
    """A copy of the store with one block damaged that opening does not read, but reading
    the events does: the file opens, then a query fails its checksum."""
    data = path.read_bytes()
    block = 262_144  # DuckDB's block size; the first 12 kB are the file headers
    for offset in range(12_288, len(data), block):
        damaged = bytearray(data)
        damaged[offset + 8 : offset + 72] = bytes(
            b ^ 0xFF for b in damaged[offset + 8 : offset + 72]
        )
        copy = tmp_path / f"damaged_{offset}.duckdb"
        copy.write_bytes(bytes(damaged))
        try:
            con = duckdb.connect(str(copy), read_only=True)
        except duckdb.Error:
            continue  # a block read on opening: that is the open error tested above
        try:
            con.execute("SELECT * FROM events").fetchall()
        except duckdb.Error as exc:
            if "checksum" in str(exc):
                return copy
        finally:
            con.close()
    pytest.skip("no data block of this store could be damaged without breaking its opening")


@pytest.fixture(scope="module")
def damaged_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("damaged")
    path = folder / "events.duckdb"
    with EventStore(path) as store:
        for n in range(300):
            store.write(coded(article_from_text(STORY.format(n=n) * 20), events=5))
    return _damage_a_data_block(path, folder)


@pytest.mark.parametrize(
    "command",
    [
        ["events"],
        ["events", "--format", "csv"],
        ["actors", "top"],
        ["dedupe"],
        ["issues", "top"],
        ["dyad", "USA", "CHN"],
        ["network"],
        ["export", "--format", "plover", "--out", "{tmp}/out.jsonl"],
    ],
)
def test_a_damaged_store_is_exit_4_with_one_sentence_on_every_read_command(
    damaged_db: Path, tmp_path: Path, command: list[str]
) -> None:
    db = tmp_path / "copy.duckdb"  # commands that refresh links open it for writing
    db.write_bytes(damaged_db.read_bytes())
    args = [part.format(tmp=tmp_path) for part in command]
    result = CliRunner().invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == 4, result.output
    assert "Traceback" not in result.output and "duckdb.Error" not in result.output
    assert result.output.startswith("error: cannot use database"), result.output
    assert "damaged" in result.output


def test_a_damaged_store_is_a_store_error_in_the_library(damaged_db: Path) -> None:
    with (
        pytest.raises(StoreError, match="checksum"),
        EventStore(damaged_db, read_only=True) as store,
    ):
        list(store.events())


def test_read_only_store_refuses_writes_with_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "events.duckdb"
    EventStore(path).close()
    article = article_from_text(STORY.format(n=1))
    with EventStore(path, read_only=True) as store:
        with pytest.raises(StoreError, match="cannot store article"):
            store.write(coded(article))
        with pytest.raises(StoreError):
            store.write_rejected(Rejected("x.txt", "ingest", "empty"))
    assert assert_whole_articles(path, 3) == 0


# -- a database locked by another process ----------------------------------------------------
@pytest.fixture
def locked_db(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "locked.duckdb"
    EventStore(path).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys; con = duckdb.connect(sys.argv[1]); print('ready', flush=True);"
            " sys.stdin.read()",
            str(path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "ready"
    try:
        yield path
    finally:
        holder.communicate("", timeout=30)


def test_locked_database_is_a_store_error(locked_db: Path) -> None:
    with pytest.raises(StoreError, match="another process"):
        EventStore(locked_db)


def test_locked_database_gives_exit_code_4(locked_db: Path, tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(STORY.format(n=1))
    result = CliRunner().invoke(app, ["run", str(story), "--db", str(locked_db)])
    assert result.exit_code == 4, result.output
    assert "lock" in result.output.lower()


# -- a full disk ---------------------------------------------------------------------------
_FILL_DISK = textwrap.dedent(
    """
    import resource, signal, sys
    sys.path[:0] = [sys.argv[2]]
    from test_hostile_faults import STORY, coded
    from communique.errors import StoreError
    from communique.ingest import article_from_text
    from communique.store import EventStore

    store = EventStore(sys.argv[1])
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG errors instead of a signal
    resource.setrlimit(resource.RLIMIT_FSIZE, (1_500_000, 1_500_000))
    try:
        for n in range(100_000):
            store.write(coded(article_from_text(STORY.format(n=n) * 60)))
    except StoreError as exc:
        print("StoreError:", exc)
        sys.exit(0)
    except Exception as exc:
        print("other error:", type(exc).__name__, exc)
        sys.exit(1)
    print("never full")
    sys.exit(1)
    """
)


def test_full_disk_gives_a_store_error_and_whole_articles(tmp_path: Path) -> None:
    path = tmp_path / "full.duckdb"
    done = subprocess.run(
        [sys.executable, "-c", _FILL_DISK, str(path), str(Path(__file__).parent)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "StoreError:" in done.stdout
    # Reopening replays what was committed: whole articles only, and the store still works.
    stored = assert_whole_articles(path, 3)
    assert stored > 0
    with EventStore(path) as store:
        assert store.write(coded(article_from_text("A last story after the disk was freed.")))
    assert assert_whole_articles(path, 3) == stored + 1


_FILL_DISK_OVER_HTTP = textwrap.dedent(
    """
    import json, resource, signal, sys, warnings
    sys.path[:0] = [sys.argv[2]]
    from test_hostile_faults import STORY, _FakePipeline
    from communique.api import create_app
    from communique.config import load_settings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    settings = load_settings(api__write_per_minute=0)
    app = create_app(settings, sys.argv[1], token="t", pipeline=_FakePipeline(kill=False))
    client = TestClient(app, raise_server_exceptions=False)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG errors instead of a signal
    resource.setrlimit(resource.RLIMIT_FSIZE, (1_500_000, 1_500_000))
    for n in range(100_000):
        body = {"text": STORY.format(n=n) * 60}
        response = client.post("/articles", json=body, headers={"Authorization": "Bearer t"})
        if response.status_code != 201:
            print(json.dumps({"status": response.status_code, "body": response.json()}))
            sys.exit(0)
    sys.exit(1)
    """
)


def test_a_full_disk_over_http_is_a_503_without_server_paths(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    path = tmp_path / "served" / "full.duckdb"
    path.parent.mkdir()
    done = subprocess.run(
        [sys.executable, "-c", _FILL_DISK_OVER_HTTP, str(path), str(Path(__file__).parent)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    answer = json.loads(done.stdout.strip().splitlines()[-1])
    assert answer["status"] == 503, answer
    error = answer["body"]["error"]
    assert error["type"] == "store_error"
    assert "full.duckdb" in error["message"]  # which file failed, but not where it lies
    assert str(tmp_path) not in error["message"] and "/" not in error["message"], error


# -- a worker process killed mid-run --------------------------------------------------------
class _FakePipeline:
    """Codes without the model; dies by SIGKILL on a story that says KILL."""

    def __init__(self, kill: bool) -> None:
        self.kill = kill
        self.settings = load_settings()

    def warm_up(self) -> None:
        pass

    def code(self, items: list[Article | Rejected]) -> Iterator[CodedArticle | Rejected]:
        for item in items:
            if isinstance(item, Rejected):
                yield item
            elif self.kill and "KILL" in item.text:
                os.kill(os.getpid(), signal.SIGKILL)
            else:
                yield coded(item)


@pytest.mark.skipif(sys.platform == "win32", reason="needs fork and SIGKILL")
def test_killed_worker_is_a_clear_error_and_rerun_resumes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stories = tmp_path / "stories"
    stories.mkdir()
    for n in range(60):
        marker = " KILL" if n == 45 else ""
        (stories / f"{n:03}.txt").write_text(STORY.format(n=n) + marker)
    db = tmp_path / "events.duckdb"
    # The forked workers inherit the parent's pipeline: here, one that needs no model.
    monkeypatch.setattr(parallel, "_WORKER_PIPELINE", None)
    fake: Any = _FakePipeline(kill=True)
    with EventStore(db) as store, pytest.raises(ProcessingError, match="worker process died"):
        run([stories], store, workers=2, pipeline=fake)
    first = assert_whole_articles(db, 3)
    assert first < 60

    monkeypatch.setattr(parallel, "_WORKER_PIPELINE", None)
    fake = _FakePipeline(kill=False)
    with EventStore(db) as store:
        summary = run([stories], store, workers=2, pipeline=fake)
    assert summary.already_stored == first
    assert summary.stored == 60 - first
    assert assert_whole_articles(db, 3) == 60
