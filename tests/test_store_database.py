"""The DuckDB store: schema, idempotent writes, filters and round trips."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from communique.errors import StoreError
from communique.pipeline import run
from communique.records import (
    Actor,
    Article,
    CleanText,
    CodedArticle,
    Event,
    Mention,
    Participant,
    Place,
    Quote,
    Rejected,
    Removed,
)
from communique.store import SCHEMA_VERSION, EventStore
from communique.store.reading import load_coded

BLINKEN = Actor("Q707401", "Antony Blinken", "USA", "GOV", "Secretary of State", "person", "USAGOV")
XI = Actor("Q15031", "Xi Jinping", "CHN", "GOV", "President", "person", "CHNGOV")


def make_coded(article_id: str = "a1", *, n_events: int = 1) -> CodedArticle:
    text = "Blinken met Xi in Beijing on Friday. Photo credit."
    article = Article(article_id, text, title="t", published=dt.date(2024, 4, 26))
    clean = CleanText(article_id, text[:37] + " " * 13, (Removed("credit", text[37:], 37, 50),))
    mentions = (
        Mention(article_id, "Blinken", 0, 7, 0, BLINKEN),
        Mention(article_id, "Xi", 12, 14, 0, XI),
    )
    events = tuple(
        Event(
            id=f"{article_id}-e{i}",
            article_id=article_id,
            event="CONSULT",
            mode="visit",
            context=("diplomatic",),
            cameo="042",
            goldstein=1.9,
            quad_code=1,
            actors=(Participant("Blinken", BLINKEN, 0, 7),),
            recipients=(Participant("Xi", XI, 12, 14),),
            trigger="met",
            sentence=text[:36],
            start=0,
            end=36,
            date=dt.date(2024, 4, 26),
            date_basis="relative",
            date_precision="day",
            place=Place("Beijing", "CHN", 39.9, 116.4, 1816670),
            place_basis="sentence",
        )
        for i in range(n_events)
    )
    return CodedArticle(article, clean, mentions, events)


def test_store_creates_schema_with_version(tmp_path: Path) -> None:
    with EventStore(tmp_path / "s.duckdb") as store:
        version = store._con.execute("SELECT version FROM schema_version").fetchone()
    assert version == (SCHEMA_VERSION,)


def test_store_write_is_idempotent(tmp_path: Path) -> None:
    with EventStore(tmp_path / "s.duckdb") as store:
        assert store.write(make_coded()) is True
        assert store.write(make_coded()) is False
        assert store.count("articles") == 1
        assert store.count("events") == 1
        assert store.count("mentions") == 2
        assert store.count("removed") == 1
        assert store.count("actors") == 2


def test_store_event_round_trip_keeps_every_field(tmp_path: Path) -> None:
    coded = make_coded()
    with EventStore(tmp_path / "s.duckdb") as store:
        store.write(coded)
        (event,) = list(store.events())
    assert event == coded.events[0]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"country": "chn"}, 1),
        ({"country": "RUS"}, 0),
        ({"actor": "Q707401"}, 1),
        ({"actor": "blinken"}, 1),
        ({"actor": "USAGOV"}, 1),
        ({"event_type": "consult"}, 1),
        ({"event_type": "ASSAULT"}, 0),
        ({"since": dt.date(2024, 4, 27)}, 0),
        ({"until": dt.date(2024, 4, 26)}, 1),
    ],
)
def test_store_event_filters(tmp_path: Path, filters: dict[str, object], expected: int) -> None:
    with EventStore(tmp_path / "s.duckdb") as store:
        store.write(make_coded())
        assert len(list(store.events(**filters))) == expected  # type: ignore[arg-type]


def test_store_filters_bind_injection_strings(tmp_path: Path) -> None:
    with EventStore(tmp_path / "s.duckdb") as store:
        store.write(make_coded())
        assert list(store.events(actor="x' OR 1=1 --")) == []
        assert list(store.events(country="'; DROP TABLE events; --")) == []
        assert store.count("events") == 1


def test_store_records_rejected_inputs(tmp_path: Path) -> None:
    with EventStore(tmp_path / "s.duckdb") as store:
        store.write_rejected(Rejected("bad.txt", "ingest", "binary file"))
        row = store._con.execute("SELECT origin, stage, reason FROM rejected").fetchone()
    assert row == ("bad.txt", "ingest", "binary file")


def test_store_records_each_rejection_once(tmp_path: Path) -> None:
    with EventStore(tmp_path / "s.duckdb") as store:
        first = Rejected("bad.jsonl:3", "ingest", "Line 3 is not valid JSON.")
        assert store.write_rejected(first)
        assert not store.write_rejected(first)
        assert store.write_rejected(Rejected("bad.jsonl:3", "ingest", "Line 3 is empty."))
        assert store.write_rejected(Rejected("b.txt", "nlp", "too long", article_id="x"))
        assert not store.write_rejected(Rejected("b.txt", "nlp", "too long", article_id="x"))
        assert store.count("rejected") == 3


def test_rerunning_over_bad_inputs_adds_no_rejected_rows(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "rows.jsonl").write_text('{"text": "unterminated\n[1, 2]\n')
    with EventStore(tmp_path / "s.duckdb") as store:
        for _ in range(3):  # every run still reports its rejections; the store keeps one each
            summary = run([tmp_path / "empty.txt", tmp_path / "rows.jsonl"], store)
            assert summary.rejected == 3
            assert store.count("rejected") == 3


def test_store_failed_write_leaves_no_half_article(tmp_path: Path) -> None:
    coded = make_coded()
    with EventStore(tmp_path / "s.duckdb") as store:
        store._con.execute("DROP TABLE quotes")  # force a failure after the article row
        bad = CodedArticle(
            coded.article,
            coded.clean,
            coded.mentions,
            coded.events,
            quotes=(Quote("a1", "q", 0, 1, None),),
        )
        with pytest.raises(StoreError, match="cannot store article a1"):
            store.write(bad)
        assert store.count("articles") == 0
        assert store.count("events") == 0


def test_store_read_only_missing_file_says_how_to_create(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="communique run"):
        EventStore(tmp_path / "missing.duckdb", read_only=True)


def test_store_refuses_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    EventStore(path).close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE schema_version SET version = 99")
    con.close()
    with pytest.raises(StoreError, match="newer"):
        EventStore(path)
    # read-only too: "open it for writing to migrate" would be advice that cannot work
    with pytest.raises(StoreError, match="newer than this communique") as raised:
        EventStore(path, read_only=True)
    assert "migrate" not in str(raised.value)


def test_store_non_database_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(StoreError, match="cannot open database"):
        EventStore(path)


def test_store_count_rejects_unknown_table(tmp_path: Path) -> None:
    with EventStore(tmp_path / "s.duckdb") as store, pytest.raises(StoreError, match="unknown"):
        store.count("sqlite_master; --")


@pytest.mark.parametrize("wildcard", ["%", "_", "name", "actor", "null"])
def test_store_actor_filter_treats_wildcards_and_keys_literally(
    tmp_path: Path, wildcard: str
) -> None:
    with EventStore(tmp_path / "s.duckdb") as store:
        store.write(make_coded())
        assert list(store.events(actor=wildcard)) == []
        assert len(list(store.events(actor="xi"))) == 1


def test_store_events_view_joins_story_and_happening(tmp_path: Path) -> None:
    with EventStore(tmp_path / "s.duckdb") as store:
        store.write(make_coded())
        row = store._con.execute(
            "SELECT id, canonical_id, event, title, published, place_name, actor_codes"
            " FROM events_view"
        ).fetchone()
    assert row == (
        "a1-e0",
        "a1-e0",
        "CONSULT",
        "t",
        dt.date(2024, 4, 26),
        "Beijing",
        ["USAGOV"],
    )


def test_store_migrates_an_older_schema_in_place(tmp_path: Path) -> None:
    from communique.store.schema import MIGRATIONS

    path = tmp_path / "old.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER)")
    con.execute("INSERT INTO schema_version VALUES (1)")
    for statement in MIGRATIONS[0]:
        con.execute(statement)
    con.close()
    with EventStore(path) as store:
        assert store._con.execute("SELECT version FROM schema_version").fetchone() == (
            SCHEMA_VERSION,
        )
        assert store._con.execute("SELECT count(*) FROM events_view").fetchone() == (0,)


def test_a_generic_actor_is_named_by_each_story_s_own_words(tmp_path: Path) -> None:
    def with_officials(article_id: str, words: str) -> CodedArticle:
        officials = Actor("cq:agent:usa-gov", words, "USA", "GOV", "officials", "agent", "USAGOV")
        coded = make_coded(article_id)
        text = f"{words} met Xi in Beijing on Friday."
        mention = Mention(article_id, words, 0, len(words), 0, officials)
        return replace(coded, article=replace(coded.article, text=text), mentions=(mention,))

    store = EventStore(tmp_path / "s.duckdb")
    store.write(with_officials("a1", "Pentagon officials"))
    store.write(with_officials("a2", "State Department officials"))
    second = load_coded(store, "a2")
    assert second is not None
    assert [a.name for a in second.actors] == ["State Department officials"]
    store.close()
