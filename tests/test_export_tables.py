"""PLOVER JSON lines, CSV, and the Parquet round trip of every table."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from communique.export import export_csv, export_parquet, export_plover, import_parquet
from communique.records import (
    Actor,
    Article,
    CleanText,
    CodedArticle,
    Event,
    Flag,
    Mention,
    Participant,
    Place,
    Quote,
    Rejected,
    Removed,
)
from communique.store import TABLES, EventStore
from communique.store.dedupe import link_duplicates, merge_events
from communique.store.fragments import sql_string

USA = Actor("Q707401", "Antony Blinken", "USA", "GOV", "Secretary of State", "person", "USAGOV")
CHN = Actor("Q15031", "Xi Jinping", "CHN", "GOV", "President", "person", "CHNGOV")
DAY = dt.date(2024, 4, 26)
TEXT = "Blinken met Xi in Beijing on Friday, and they spoke about trade. Photo: agency."


def coded(article_id: str, source: str, text: str = TEXT) -> CodedArticle:
    article = Article(article_id, text, title="Talks", published=DAY, url=f"https://{source}/x",
                      source=source, origin=f"{source}.jsonl:1")  # fmt: skip
    blinken = Participant("Blinken", USA, 0, 7)
    xi = Participant("Xi", CHN, 12, 14)
    event = Event(
        id=f"{article_id}-e1",
        article_id=article_id,
        event="CONSULT",
        mode="visit",
        context=("diplomatic",),
        cameo="042",
        goldstein=1.9,
        quad_code=1,
        actors=(blinken,),
        recipients=(xi,),
        trigger="met",
        sentence=text[:64],
        start=0,
        end=64,
        date=DAY,
        date_basis="relative",
        date_precision="day",
        place=Place("Beijing", "CHN", 39.9, 116.4, 1816670),
        place_basis="sentence",
        flags=(f"{article_id}-f1",),
    )
    credit = Removed("credit", text[65:], 65, len(text))
    return CodedArticle(
        article,
        CleanText(article_id, text[:65] + " " * (len(text) - 65), (credit,)),
        (Mention(article_id, "Blinken", 0, 7, 0, USA), Mention(article_id, "Xi", 12, 14, 0, CHN)),
        (event,),
        (Quote(article_id, "we spoke about trade", 40, 60, blinken, xi, direct=False),),
        (Flag(f"{article_id}-f1", article_id, "date", "relative date", "info", ((31, 37),)),),
        issues=(("TRADE", 1),),
        tone=0.5,
    )


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EventStore]:
    with EventStore(tmp_path / "s.duckdb") as opened:
        opened.write(coded("a1", "wire.example"))
        opened.write(coded("a2", "paper.example", TEXT.replace("agency", "archive")))
        opened.write_rejected(Rejected("bad.bin", "ingest", "binary file"))
        link_duplicates(opened)
        merge_events(opened)
        yield opened


def test_sql_string_doubles_quotes() -> None:
    assert sql_string("it's") == "'it''s'"


def test_export_plover_writes_one_record_per_event(store: EventStore, tmp_path: Path) -> None:
    assert export_plover(store, tmp_path / "events.jsonl") == 2
    records = [json.loads(line) for line in (tmp_path / "events.jsonl").read_text().splitlines()]
    assert [r["id"] for r in records] == ["a1-e1", "a2-e1"]
    assert {r["canonical_id"] for r in records} == {"a1-e1"}
    assert records[0]["event"] == "CONSULT"
    assert records[0]["actor"][0]["code"] == "USA"
    assert records[0]["event_loc"]["resolved_place"] == "Beijing"


def test_export_csv_flattens_events(store: EventStore, tmp_path: Path) -> None:
    path = tmp_path / "it's events.csv"  # a quote in the path must not break the statement
    assert export_csv(store, path) == 2
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["id"] for r in rows] == ["a1-e1", "a2-e1"]
    assert rows[0]["cameo"] == "042"
    assert rows[0]["actor_codes"] == "USAGOV"
    assert rows[1]["canonical_id"] == "a1-e1"
    assert rows[1]["source"] == "paper.example"


def snapshot(store: EventStore) -> dict[str, list[tuple[object, ...]]]:
    return {
        table: sorted(store._con.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
        for table in TABLES
    }


def test_parquet_round_trip_of_every_table(store: EventStore, tmp_path: Path) -> None:
    folder = tmp_path / "it's parquet"
    written = export_parquet(store, folder)
    assert set(written) == set(TABLES)
    assert all((folder / f"{table}.parquet").is_file() for table in TABLES)
    assert written["articles"] == 2 and written["article_links"] == 1
    assert written["event_links"] == 2
    before = snapshot(store)
    assert all(before[table] for table in TABLES)  # every table has rows to carry
    with EventStore(tmp_path / "copy.duckdb") as copy:
        added = import_parquet(copy, folder)
        assert added == {table: len(rows) for table, rows in before.items()}
        assert snapshot(copy) == before
        assert list(copy.events()) == list(store.events())
        assert import_parquet(copy, folder) == dict.fromkeys(TABLES, 0)  # idempotent
        assert snapshot(copy) == before


def test_import_parquet_skips_articles_already_stored(store: EventStore, tmp_path: Path) -> None:
    export_parquet(store, tmp_path / "p")
    with EventStore(tmp_path / "other.duckdb") as other:
        other.write(coded("a1", "wire.example"))
        added = import_parquet(other, tmp_path / "p")
        assert added["articles"] == 1
        assert added["events"] == 1
        assert added["mentions"] == 2
        assert other.count("events") == 2
