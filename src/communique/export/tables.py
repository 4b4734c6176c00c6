"""Whole-store exports: PLOVER JSON lines, a flat CSV of events, and Parquet for every table.

File paths go into DuckDB ``COPY`` statements as SQL string literals with quotes doubled
(``sql_string``), and into table functions as bound parameters, so no path can change the
statement.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from communique.export.plover import to_plover
from communique.store.dedupe import CANONICAL_SQL
from communique.store.schema import TABLES

if TYPE_CHECKING:
    from communique.store import EventStore

logger = logging.getLogger(__name__)

# Tables whose rows belong to one article: imported only for articles the store lacks, so
# importing the same export twice adds nothing.
_ARTICLE_ROWS = ("removed", "mentions", "events", "quotes", "flags", "article_links")
# Tables with a primary key: a row already there wins.
_KEYED = ("articles", "actors", "events", "article_links", "event_links")


def sql_string(value: str | Path) -> str:
    """``value`` as a SQL string literal (single quotes doubled)."""
    return "'" + str(value).replace("'", "''") + "'"


def export_plover(store: EventStore, path: str | Path) -> int:
    """Every stored event as one PLOVER JSON record per line, with its ``canonical_id``."""
    canonical = dict(store.con.execute(CANONICAL_SQL).fetchall())
    count = 0
    with Path(path).open("w", encoding="utf-8") as out:
        for event in store.events():
            record = to_plover(event)
            record["canonical_id"] = canonical.get(event.id, event.id)
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    logger.info("wrote %d PLOVER records to %s", count, path)
    return count


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


def export_csv(store: EventStore, path: str | Path) -> int:
    """One row per stored event with its article's source, URL and date; lists joined by
    ``;``. Returns the number of events written."""
    store.con.execute(f"COPY ({_CSV_SELECT}) TO {sql_string(path)} (FORMAT csv, HEADER true)")
    row = store.con.execute("SELECT count(*) FROM events").fetchone()
    return int(row[0]) if row else 0


def export_parquet(store: EventStore, directory: str | Path) -> dict[str, int]:
    """Every table to ``directory/<table>.parquet``; returns rows written per table."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    for table in TABLES:  # names from our own schema, never from input
        target = folder / f"{table}.parquet"
        store.con.execute(f"COPY {table} TO {sql_string(target)} (FORMAT parquet)")
        written[table] = store.count(table)
    logger.info("exported %s to %s", written, folder)
    return written


def _count(store: EventStore, sql: str, params: list[object]) -> int:
    row = store.con.execute(sql, params).fetchone()
    return int(row[0]) if row else 0


def import_parquet(store: EventStore, directory: str | Path) -> dict[str, int]:
    """Load an ``export_parquet`` folder into the store; returns rows added per table.

    Articles already stored are skipped with all their rows, so importing twice, or into a
    store that shares some articles, adds each article once. Missing files are skipped;
    columns are matched by name. After importing into a store that had events of its own,
    run ``link_duplicates`` and ``merge_events`` again to link across both.
    """
    folder = Path(directory)
    files = {t: folder / f"{t}.parquet" for t in TABLES if (folder / f"{t}.parquet").is_file()}
    added: dict[str, int] = {}
    with store._transaction():
        store.con.execute("CREATE OR REPLACE TEMP TABLE _new_articles (id VARCHAR)")
        if "articles" in files:
            store.con.execute(
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
            store.con.execute(f"INSERT INTO {table} BY NAME {source}", [str(file)])
            added[table] = store.count(table) - before
        store.con.execute("DROP TABLE _new_articles")
    logger.info("imported %s from %s", added, folder)
    return added
