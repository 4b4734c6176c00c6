"""Whole-store reads and loads for the export stage: canonical ids, the flat CSV of events,
each table to and from Parquet, and the rows the GDELT tables are written from.

File paths go into DuckDB ``COPY`` statements as SQL string literals with quotes doubled
(``sql_string``), and into table functions as bound parameters, so no path can change the
statement.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from communique.errors import StoreError
from communique.store.dedupe import CANONICAL_SQL, COUNTED_SQL, counted_sql
from communique.store.fragments import sql_string
from communique.store.schema import TABLES

if TYPE_CHECKING:
    from communique.store.database import EventStore

# Tables whose rows belong to one article: imported only for articles the store lacks, so
# importing the same export twice adds nothing.
_ARTICLE_ROWS = ("removed", "mentions", "events", "quotes", "flags", "article_links")
# Tables with a primary key: a row already there wins.
_KEYED = ("articles", "actors", "events", "article_links", "event_links")
_BATCH = 1000  # rows fetched at a time by the streaming readers


def canonical_ids(store: EventStore) -> dict[str, str]:
    """Each linked event's canonical (first-reported) event id; an unlinked event is absent."""
    return dict(store._con.execute(CANONICAL_SQL).fetchall())


_CSV_SELECT = f"""
    SELECT e.id, c.canonical_id, e.article_id, a.source_id, e.date, e.date_basis,
           e.event, e.mode,
           array_to_string(e.context, ';') AS context, e.cameo, e.quad_code, e.goldstein,
           array_to_string(e.actor_codes, ';') AS actor_codes,
           array_to_string(e.actor_ids, ';') AS actor_ids,
           array_to_string(e.recipient_codes, ';') AS recipient_codes,
           array_to_string(e.recipient_ids, ';') AS recipient_ids,
           e.trigger, e.negated, e.future, e.hypothetical, e.historical,
           e.place_name, e.place_country, e.lat, e.lon,
           array_to_string(e.issues, ';') AS issues,
           a.source, a.url, a.published, a.title, e.sentence
    FROM events e
    LEFT JOIN ({CANONICAL_SQL}) c ON c.event_id = e.id
    LEFT JOIN articles a ON a.id = e.article_id
    ORDER BY e.date NULLS LAST, e.article_id, e.start_char, e.id
"""


def copy_events_csv(store: EventStore, path: str | Path) -> int:
    """One CSV row per stored event with its article's source, URL and date; lists joined by
    ``;``. Returns the number of events written."""
    store._con.execute(f"COPY ({_CSV_SELECT}) TO {sql_string(path)} (FORMAT csv, HEADER true)")
    return store.count("events")


def copy_table_parquet(store: EventStore, table: str, path: str | Path) -> int:
    """Table ``table`` (one of ``TABLES``) to the Parquet file ``path``; its row count."""
    if table not in TABLES:  # the name goes into the statement: only our own schema's
        raise StoreError(f"unknown table {table!r}; expected one of {', '.join(TABLES)}")
    store._con.execute(f"COPY {table} TO {sql_string(path)} (FORMAT parquet)")
    return store.count(table)


def load_parquet_tables(store: EventStore, files: Mapping[str, Path]) -> dict[str, int]:
    """Load Parquet files (table name -> file, names from ``TABLES``) in one transaction;
    returns rows added per table.

    Articles already stored are skipped with all their rows, so loading twice, or into a
    store that shares some articles, adds each article once. Columns match by name.
    """
    unknown = set(files) - set(TABLES)
    if unknown:
        raise StoreError(f"unknown tables {', '.join(sorted(unknown))}")
    added: dict[str, int] = {}
    con = store._con
    with store._transaction():
        con.execute("CREATE OR REPLACE TEMP TABLE _new_articles (id VARCHAR)")
        if "articles" in files:
            con.execute(
                "INSERT INTO _new_articles SELECT id FROM read_parquet(?)"
                " WHERE id NOT IN (SELECT id FROM articles)",
                [str(files["articles"])],
            )
        for table, file in files.items():
            before = store.count(table)
            source = "SELECT * FROM read_parquet(?)"
            if table == "articles":
                source += " WHERE id IN (SELECT id FROM _new_articles)"
            elif table in _ARTICLE_ROWS:
                source += " WHERE article_id IN (SELECT id FROM _new_articles)"
            elif table == "rejected":
                source = f"({source} EXCEPT SELECT * FROM rejected)"
            if table in _KEYED:
                source += " ON CONFLICT DO NOTHING"
            con.execute(f"INSERT INTO {table} BY NAME {source}", [str(file)])
            added[table] = store.count(table) - before
        con.execute("DROP TABLE _new_articles")
    return added


# The sentence index of an event: that of the first actor mention inside its sentence span.
_SENTENCES_SQL = """
    SELECT e.id, min(m.sentence) AS sentence
    FROM events e JOIN mentions m
      ON m.article_id = e.article_id AND m.start_char >= e.start_char
     AND m.start_char < e.end_char
    GROUP BY e.id
"""

_HAPPENINGS_SQL = f"""
    WITH c AS ({CANONICAL_SQL}),
    reports AS (
        SELECT c.canonical_id,
               -- every telling, as GDELT counts several references in one document: each
               -- report and each retelling it links within its story (Event.mentions)
               CAST(sum(1 + coalesce(json_array_length(m.record, '$.mentions'), 0)) AS BIGINT)
                   AS num_mentions,
               count(DISTINCT m.article_id) AS num_articles,
               greatest(1, count(DISTINCT a.source)) AS num_sources,  -- no outlet named: one source
               avg(a.tone) AS avg_tone
        FROM c JOIN events m ON m.id = c.event_id
        LEFT JOIN articles a ON a.id = m.article_id
        GROUP BY c.canonical_id
    ),
    sentences AS ({_SENTENCES_SQL})
    SELECT e.id, e.record, r.num_mentions, r.num_sources, r.num_articles, r.avg_tone,
           a.published, a.stored_at, coalesce(a.url, a.origin) AS source_url, s.sentence
    FROM reports r JOIN events e ON e.id = r.canonical_id
    LEFT JOIN articles a ON a.id = e.article_id
    LEFT JOIN sentences s ON s.id = e.id
    WHERE {COUNTED_SQL}
    ORDER BY coalesce(e.date, a.published) NULLS LAST, e.id
"""

_REPORTS_SQL = f"""
    WITH c AS ({CANONICAL_SQL}), sentences AS ({_SENTENCES_SQL})
    SELECT c.canonical_id, e.record, a.stored_at, ca.stored_at AS event_added, a.url,
           a.origin, a.source, length(a.text) AS doc_len, a.tone, s.sentence, a.source_id
    FROM c JOIN events e ON e.id = c.event_id
    JOIN events ce ON ce.id = c.canonical_id
    LEFT JOIN articles a ON a.id = e.article_id
    LEFT JOIN articles ca ON ca.id = ce.article_id
    LEFT JOIN sentences s ON s.id = e.id
    WHERE {counted_sql("ce")}
    ORDER BY c.canonical_id, a.stored_at, e.id
"""


def _stream(store: EventStore, sql: str) -> Iterator[tuple[Any, ...]]:
    cursor = store._con.execute(sql)
    while batch := cursor.fetchmany(_BATCH):
        yield from batch


def counted_happenings(store: EventStore) -> Iterator[tuple[Any, ...]]:
    """One row per counted canonical event, oldest first, streamed: ``id, record (JSON),
    num_mentions, num_sources, num_articles, avg_tone, published, stored_at, source_url,
    sentence`` (the sentence index of its first actor mention, or None)."""
    return _stream(store, _HAPPENINGS_SQL)


def happening_reports(store: EventStore) -> Iterator[tuple[Any, ...]]:
    """One row per event that reports a counted canonical event, streamed: ``canonical_id,
    record (JSON), stored_at, event_added (its canonical event's stored_at), url, origin,
    source, doc_len, tone, sentence, source_id``."""
    return _stream(store, _REPORTS_SQL)
