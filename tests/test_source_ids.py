"""A record's own id (issue 16): read from JSONL/CSV ``id`` (or the field mapped to it), kept
on the article as ``source_id`` beside the content-hash id, and carried on every event in
every output: code and events formats, the store, GDELT/PLOVER/CSV/Parquet exports, the API."""

from __future__ import annotations

import csv
import datetime as dt
import json
import logging
import warnings
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from communique.cli import app
from communique.export import (
    export_csv,
    export_gdelt,
    export_parquet,
    export_plover,
    import_parquet,
    to_plover,
)
from communique.ingest import article_from_text, read_articles
from communique.records import (
    Actor,
    Article,
    CleanText,
    CodedArticle,
    Event,
    Participant,
    Rejected,
)
from communique.serialize import to_jsonable
from communique.store import SCHEMA_VERSION, EventStore
from communique.store.fragments import sql_string
from communique.store.schema import MIGRATIONS

TEXT = "Secretary of State Antony Blinken met Chinese President Xi Jinping in Beijing on Friday."
USA = Actor("Q707401", "Antony Blinken", "USA", "GOV", "Secretary of State", "person", "USAGOV")
CHN = Actor("Q15031", "Xi Jinping", "CHN", "GOV", "President", "person", "CHNGOV")
DAY = dt.date(2024, 4, 26)
STORY = (
    "WASHINGTON, April 2, 2024 — US President Joe Biden spoke by phone with Chinese President "
    "Xi Jinping on Tuesday, the White House said."
)
OTHER = (
    "MOSCOW, May 3, 2024 — Russian President Vladimir Putin met Chinese President Xi Jinping "
    "in Moscow on Friday, the Kremlin said."
)

runner = CliRunner()


def _read(path: Path, **kwargs: object) -> list[Article | Rejected]:
    return list(read_articles(path, **kwargs))  # type: ignore[arg-type]


def _text(n: int) -> str:
    return f"Story number {n}: {TEXT}"


# -- ingest -------------------------------------------------------------------------------------


def test_jsonl_ids_are_kept_as_strings_beside_the_content_hash(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    records = [
        {"id": "rec-1", "text": _text(1)},
        {"id": 42, "text": _text(2)},
        {"id": 4.5, "text": _text(3)},
        {"id": "  padded  ", "text": _text(4)},
        {"text": _text(5)},
        {"id": None, "text": _text(6)},
        {"id": "", "text": _text(7)},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), "utf-8")
    with caplog.at_level(logging.WARNING):
        articles = _read(path)
    assert all(isinstance(a, Article) for a in articles)
    got = [a.source_id for a in articles if isinstance(a, Article)]
    assert got == ["rec-1", "42", "4.5", "padded", None, None, None]
    first = articles[0]
    assert isinstance(first, Article) and first.id != "rec-1" and len(first.id) >= 16
    assert not caplog.records  # a missing, null or empty id is no problem


@pytest.mark.parametrize(
    ("value", "kind"),
    [({"x": 1}, "dict"), ([1, 2], "list"), (True, "bool"), (float("nan"), "float")],
)
def test_an_id_of_the_wrong_type_is_left_out_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, value: object, kind: str
) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": value, "text": _text(1)}) + "\n", "utf-8")
    with caplog.at_level(logging.WARNING):
        (article,) = _read(path)
    assert isinstance(article, Article) and article.source_id is None
    assert any(f"'id' field is a {kind}" in r.getMessage() for r in caplog.records)


def test_an_id_that_is_not_unicode_rejects_the_record_as_other_fields_do(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "a\\ud800", "text": "' + _text(1) + '"}\n', "utf-8")
    (rejected,) = _read(path)
    assert isinstance(rejected, Rejected) and "'id' field" in rejected.reason


def test_csv_ids_and_a_mapped_id_field(tmp_path: Path) -> None:
    table = tmp_path / "in.csv"
    with table.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "text"])
        writer.writerows([["c-7", _text(1)], ["", _text(2)]])
    assert [a.source_id for a in _read(table) if isinstance(a, Article)] == ["c-7", None]
    mapped = tmp_path / "mapped.jsonl"
    mapped.write_text(json.dumps({"guid": 981, "id": "not this", "body": _text(3)}) + "\n")
    (article,) = _read(mapped, field_map={"id": "guid", "text": "body"})
    assert isinstance(article, Article) and article.source_id == "981"


def test_the_same_text_has_the_same_article_id_whatever_its_source_id() -> None:
    one = article_from_text(TEXT, source_id="a")
    two = article_from_text(TEXT, source_id="b")
    assert one.id == two.id and (one.source_id, two.source_id) == ("a", "b")
    assert article_from_text(TEXT).source_id is None


# -- store and exports --------------------------------------------------------------------------


def _coded(article_id: str, source_id: str | None, text: str = TEXT) -> CodedArticle:
    article = Article(article_id, text, title="Talks", published=DAY, url=f"https://x/{article_id}",
                      source="Wire", origin="in.jsonl:1", source_id=source_id)  # fmt: skip
    event = Event(
        id=f"{article_id}-e1",
        article_id=article_id,
        event="CONSULT",
        mode="visit",
        context=("diplomatic",),
        cameo="042",
        goldstein=1.9,
        quad_code=1,
        actors=(Participant("Antony Blinken", USA, 19, 33),),
        recipients=(Participant("Xi Jinping", CHN, 56, 66),),
        trigger="met",
        sentence=text,
        start=0,
        end=len(text),
        date=DAY,
        source_id=source_id,
    )
    return CodedArticle(article, CleanText(article_id, text), events=(event,))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EventStore]:
    with EventStore(tmp_path / "s.duckdb") as opened:
        opened.write(_coded("a1", "rec-1"))
        opened.write(_coded("a2", None, TEXT + " Again."))
        yield opened


def test_store_keeps_source_ids_on_articles_events_and_the_view(store: EventStore) -> None:
    by_article = {e.article_id: e.source_id for e in store.events()}
    assert by_article == {"a1": "rec-1", "a2": None}
    rows = store._con.execute("SELECT id, source_id FROM articles ORDER BY id").fetchall()
    assert rows == [("a1", "rec-1"), ("a2", None)]
    view = store._con.execute("SELECT article_id, source_id FROM events_view ORDER BY 1").fetchall()
    assert view == [("a1", "rec-1"), ("a2", None)]


def _version_3_store(path: Path) -> None:
    """A store as communique wrote it before source ids: schema 3, one article and event."""
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER)")
    con.execute("INSERT INTO schema_version VALUES (3)")
    for step in range(3):
        for statement in MIGRATIONS[step]:
            con.execute(statement)
    record = to_jsonable(_coded("old", None).events[0])
    del record["source_id"]  # event records written before version 4 have no such key
    con.execute("INSERT INTO articles (id, text, published) VALUES ('old', ?, ?)", [TEXT, DAY])
    con.execute(
        "INSERT INTO events (id, article_id, event, date, record)"
        " VALUES ('old-e1', 'old', 'CONSULT', ?, ?)",
        [DAY, json.dumps(record)],
    )
    con.close()


def test_a_version_3_store_is_migrated_and_its_events_have_no_source_id(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    _version_3_store(path)
    with EventStore(path) as store:
        assert store._con.execute("SELECT max(version) FROM schema_version").fetchone() == (
            SCHEMA_VERSION,
        )
        assert [(e.id, e.source_id) for e in store.events()] == [("old-e1", None)]
        assert store.write(_coded("new", "rec-9", TEXT + " New."))
        got = store._con.execute("SELECT id, source_id FROM events_view ORDER BY id").fetchall()
    assert got == [("new-e1", "rec-9"), ("old-e1", None)]


def test_plover_csv_and_gdelt_exports_carry_the_source_id(
    store: EventStore, tmp_path: Path
) -> None:
    assert to_plover(next(e for e in store.events() if e.article_id == "a1"))["source_id"] == (
        "rec-1"
    )
    export_plover(store, tmp_path / "p.jsonl")
    lines = (tmp_path / "p.jsonl").read_text("utf-8").splitlines()
    assert {json.loads(line)["article_id"]: json.loads(line)["source_id"] for line in lines} == {
        "a1": "rec-1",
        "a2": None,
    }
    export_csv(store, tmp_path / "e.csv")
    with (tmp_path / "e.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert {r["article_id"]: r["source_id"] for r in rows} == {"a1": "rec-1", "a2": ""}
    export_gdelt(store, tmp_path / "events.tsv", tmp_path / "mentions.tsv", header=True)
    with (tmp_path / "mentions.tsv").open(encoding="utf-8") as handle:
        mentions = list(csv.DictReader(handle, delimiter="\t"))
    assert sorted(m["Extras"] for m in mentions) == ["", "rec-1"]


def test_parquet_round_trip_keeps_source_ids_and_reads_older_exports(
    store: EventStore, tmp_path: Path
) -> None:
    folder = tmp_path / "parquet"
    export_parquet(store, folder)
    with EventStore(tmp_path / "copy.duckdb") as copy:
        import_parquet(copy, folder)
        assert {e.article_id: e.source_id for e in copy.events()} == {"a1": "rec-1", "a2": None}
        assert copy._con.execute("SELECT source_id FROM articles WHERE id = 'a1'").fetchone() == (
            "rec-1",
        )
    # an export written before version 4 has no source_id columns: it still imports
    for table in ("articles", "events"):
        file = sql_string(folder / f"{table}.parquet")
        old = duckdb.connect()
        rows = old.sql(f"SELECT * EXCLUDE (source_id) FROM read_parquet({file})").fetchall()
        assert rows
        old.execute(
            f"COPY (SELECT * EXCLUDE (source_id) FROM read_parquet({file})) TO"
            f" {sql_string(tmp_path / f'{table}.parquet')} (FORMAT parquet)"
        )
        old.close()
        (tmp_path / f"{table}.parquet").replace(folder / f"{table}.parquet")
    with EventStore(tmp_path / "older.duckdb") as older:
        import_parquet(older, folder)
        assert older.count("events") == 2
        assert {e.article_id: e.source_id for e in older.events()} == {"a1": "rec-1", "a2": None}
        assert older._con.execute("SELECT count(source_id) FROM articles").fetchone() == (0,)


# -- API ----------------------------------------------------------------------------------------


def test_api_article_and_events_carry_the_source_id(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    pytest.importorskip("jinja2")
    from communique.api import create_app
    from communique.config import load_settings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    db = tmp_path / "api.duckdb"
    with EventStore(db) as filled:
        filled.write(_coded("a1", "rec-1"))
    with TestClient(create_app(load_settings(), db, token=None)) as client:
        article = client.get("/articles/a1").json()
        events = client.get("/events").json()["events"]
    assert article["article"]["source_id"] == "rec-1"
    assert [e["source_id"] for e in article["events"]] == ["rec-1"]
    assert [e["source_id"] for e in events] == ["rec-1"]


@pytest.mark.model
def test_api_upload_keeps_the_given_source_id(tmp_path: Path) -> None:
    pytest.importorskip("fastapi")
    pytest.importorskip("jinja2")
    from communique.api import create_app
    from communique.config import load_settings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    with TestClient(create_app(load_settings(), tmp_path / "u.duckdb", token="t")) as client:
        posted = client.post(
            "/articles",
            json={"text": STORY, "source_id": "upload-1"},
            headers={"Authorization": "Bearer t"},
        )
        assert posted.status_code == 201, posted.text
        body = posted.json()
        stored = client.get(f"/articles/{body['article']['id']}").json()
    assert body["article"]["source_id"] == stored["article"]["source_id"] == "upload-1"
    assert body["events"] and {e["source_id"] for e in stored["events"]} == {"upload-1"}


# -- end to end through the command line --------------------------------------------------------


@pytest.mark.model
def test_cli_ids_in_jsonl_come_out_of_code_and_of_events_after_run(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(
        json.dumps({"id": "wire-001", "text": STORY})
        + "\n"
        + json.dumps({"id": 1002, "text": OTHER})
        + "\n",
        "utf-8",
    )
    coded = runner.invoke(app, ["code", str(corpus), "--format", "plover"])
    assert coded.exit_code == 0, coded.output
    plover = [json.loads(line) for line in coded.stdout.splitlines() if line.startswith("{")]
    assert plover and {p["source_id"] for p in plover} == {"wire-001", "1002"}

    document = runner.invoke(app, ["code", str(corpus), "--format", "json"])
    assert document.exit_code == 0, document.output
    assert '"source_id": "wire-001"' in document.stdout

    db = tmp_path / "ids.duckdb"
    stored = runner.invoke(app, ["run", str(corpus), "--db", str(db)])
    assert stored.exit_code == 0, stored.output
    listed = runner.invoke(app, ["events", "--db", str(db), "--format", "jsonl"])
    assert listed.exit_code == 0, listed.output
    events = [json.loads(line) for line in listed.stdout.splitlines() if line.startswith("{")]
    assert len(events) == len(plover)
    by_id = {p["id"]: p["source_id"] for p in plover}
    assert {e["id"]: e["source_id"] for e in events} == by_id

    table = runner.invoke(app, ["events", "--db", str(db), "--format", "csv"])
    rows = list(csv.DictReader(table.stdout.splitlines()))
    assert {r["id"]: r["source_id"] for r in rows} == by_id


@pytest.mark.model
def test_cli_map_names_the_id_field(tmp_path: Path) -> None:
    corpus = tmp_path / "mapped.csv"
    with corpus.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows([["guid", "content"], ["row-[7]", STORY]])
    result = runner.invoke(
        app,
        ["code", str(corpus), "--format", "plover", "--map", "id=guid", "--map", "text=content"],
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")]
    assert lines and {p["source_id"] for p in lines} == {"row-[7]"}
