"""Whole-store exports: PLOVER JSON lines, a flat CSV of events, and Parquet for every table.

The SQL, and how file paths reach it safely, lives in ``store.bulk``.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from communique.export.plover import to_plover
from communique.store.bulk import (
    canonical_ids,
    copy_events_csv,
    copy_table_parquet,
    load_parquet_tables,
)
from communique.store.schema import TABLES

if TYPE_CHECKING:
    from communique.store import EventStore

logger = logging.getLogger(__name__)


def export_plover(store: EventStore, path: str | Path) -> int:
    """Every stored event as one PLOVER JSON record per line, with its ``canonical_id``."""
    canonical = canonical_ids(store)
    count = 0
    with Path(path).open("w", encoding="utf-8") as out:
        for event in store.events():
            record = to_plover(event)
            record["canonical_id"] = canonical.get(event.id, event.id)
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    logger.info("wrote %d PLOVER records to %s", count, path)
    return count


def export_csv(store: EventStore, path: str | Path) -> int:
    """One row per stored event with its article's source, URL and date; lists joined by
    ``;``. Returns the number of events written."""
    return copy_events_csv(store, path)


def export_parquet(store: EventStore, directory: str | Path) -> dict[str, int]:
    """Every table to ``directory/<table>.parquet``; returns rows written per table."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    for table in TABLES:  # names from our own schema, never from input
        written[table] = copy_table_parquet(store, table, folder / f"{table}.parquet")
    logger.info("exported %s to %s", written, folder)
    return written


def import_parquet(store: EventStore, directory: str | Path) -> dict[str, int]:
    """Load an ``export_parquet`` folder into the store; returns rows added per table.

    Articles already stored are skipped with all their rows, so importing twice, or into a
    store that shares some articles, adds each article once. Missing files are skipped;
    columns are matched by name. After importing into a store that had events of its own,
    run ``link_duplicates`` and ``merge_events`` again to link across both.
    """
    folder = Path(directory)
    files = {t: folder / f"{t}.parquet" for t in TABLES if (folder / f"{t}.parquet").is_file()}
    added = load_parquet_tables(store, files)
    logger.info("imported %s from %s", added, folder)
    return added
