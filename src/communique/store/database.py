"""EventStore: the embedded DuckDB file that holds articles, events and everything beside them.

Each article is written in one transaction with all its rows, so a crash never
leaves half an article. Articles are keyed by their content hash: storing the same
story again is a no-op, which makes reruns idempotent and resumable.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb

from communique.errors import StoreError
from communique.records import CodedArticle, Event, Participant, Rejected
from communique.serialize import from_jsonable, to_jsonable
from communique.store.schema import MIGRATIONS, SCHEMA_VERSION, TABLES

logger = logging.getLogger(__name__)


# The participants' actor names and entity words, lower-cased, one a line.
_PARTICIPANT_WORDS = (
    "lower(array_to_string(list_concat("
    "json_extract_string(actors, '$[*].actor.name'),"
    " json_extract_string(actors, '$[*].entity_text'),"
    " json_extract_string(recipients, '$[*].actor.name'),"
    " json_extract_string(recipients, '$[*].entity_text')), chr(10)))"
)


def _codes(participants: Sequence[Participant], attr: str) -> list[str]:
    values = (getattr(p.actor, attr) if p.actor is not None else None for p in participants)
    return [v for v in values if v]


def _dumps(value: Any) -> str:
    return json.dumps(to_jsonable(value), ensure_ascii=False)


class EventStore:
    """A DuckDB-backed store. Use as a context manager, or call ``close()``."""

    def __init__(self, path: str | Path = "communique.duckdb", *, read_only: bool = False) -> None:
        self.path = str(path)
        if read_only and self.path != ":memory:" and not Path(self.path).exists():
            raise StoreError(
                f"database {self.path} does not exist; create it with `communique run PATHS "
                f"--db {self.path}`"
            )
        try:
            self._con = duckdb.connect(self.path, read_only=read_only)
        except duckdb.Error as exc:
            raise StoreError(
                f"cannot open database {self.path}: {exc}. Is another process writing to it, "
                "or is the file not a DuckDB database?"
            ) from exc
        try:
            if not read_only:
                self._migrate()
            else:
                self._check_version()
        except duckdb.Error as exc:  # a damaged catalog: reading the version fails
            self._con.close()
            raise self.failure(exc) from exc
        except BaseException:
            self._con.close()
            raise

    def failure(self, exc: duckdb.Error) -> StoreError:
        """A failure inside DuckDB as one sentence: which database, and DuckDB's reason."""
        logger.debug("DuckDB error on %s", self.path, exc_info=exc)
        lines = str(exc).strip().splitlines()
        reason = lines[0].rstrip(".") if lines else type(exc).__name__
        if "corrupt" in reason.lower() or "checksum" in reason.lower():
            reason += (
                "; the file is damaged: restore it from a copy or rebuild it with `communique run`"
            )
        return StoreError(f"cannot use database {self.path}: {reason}")

    def _too_new(self, version: int) -> StoreError:
        return StoreError(
            f"database {self.path} has schema version {version}, newer than this "
            f"communique ({SCHEMA_VERSION}); upgrade communique"
        )

    # -- schema -------------------------------------------------------------------------------
    def _current_version(self) -> int:
        self._con.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER)")
        row = self._con.execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def _check_version(self) -> None:
        row = self._con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_version'"
        ).fetchone()
        version = 0
        if row and row[0]:
            got = self._con.execute("SELECT max(version) FROM schema_version").fetchone()
            version = int(got[0]) if got and got[0] is not None else 0
        if version > SCHEMA_VERSION:  # migrating cannot help: only a newer communique can
            raise self._too_new(version)
        if version != SCHEMA_VERSION:
            raise StoreError(
                f"database {self.path} has schema version {version}, this communique needs "
                f"{SCHEMA_VERSION}; open it once for writing (e.g. `communique run`) to migrate it"
            )

    def _migrate(self) -> None:
        version = self._current_version()
        if version > SCHEMA_VERSION:
            raise self._too_new(version)
        if version == SCHEMA_VERSION:
            return
        with self._transaction():
            for step in range(version, SCHEMA_VERSION):
                for statement in MIGRATIONS[step]:
                    self._con.execute(statement)
            self._con.execute("DELETE FROM schema_version")
            self._con.execute("INSERT INTO schema_version VALUES (?)", [SCHEMA_VERSION])
        logger.info("migrated %s from schema %s to %s", self.path, version, SCHEMA_VERSION)

    class _Tx:
        def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
            self._con = con

        def __enter__(self) -> None:
            self._con.execute("BEGIN TRANSACTION")

        def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
            self._con.execute("ROLLBACK" if exc_type else "COMMIT")

    def _transaction(self) -> EventStore._Tx:
        return EventStore._Tx(self._con)

    # -- writing ------------------------------------------------------------------------------
    def has_article(self, article_id: str) -> bool:
        row = self._con.execute("SELECT 1 FROM articles WHERE id = ?", [article_id]).fetchone()
        return row is not None

    def write(self, coded: CodedArticle) -> bool:
        """Store one coded article with all its rows; False if it was already stored."""
        article = coded.article
        if self.has_article(article.id):
            return False
        try:
            with self._transaction():
                self._insert_article(coded)
        except duckdb.Error as exc:
            raise StoreError(
                f"cannot store article {article.id} ({article.origin}): {exc}"
            ) from exc
        return True

    def _insert_rows(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        """``executemany`` as one multi-row INSERT per 500 rows: the same rows, written about
        twice as fast, since DuckDB runs ``executemany`` one statement per row."""
        values = sql.index("VALUES (") + len("VALUES ")
        group = sql[values : sql.index(")", values) + 1]  # "(?,?,...)": one row's placeholders
        head, tail = sql[:values], sql[values + len(group) :]
        for first in range(0, len(rows), 500):
            chunk = rows[first : first + 500]
            self._con.execute(
                head + ",".join([group] * len(chunk)) + tail, [v for row in chunk for v in row]
            )

    def _insert_article(self, coded: CodedArticle) -> None:
        a = coded.article
        self._con.execute(
            "INSERT INTO articles (id, title, published, published_basis, published_note, url,"
            " source, origin, text, tone, issues, source_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            [
                a.id,
                a.title,
                a.published,
                a.published_basis,
                a.published_note,
                a.url,
                a.source,
                a.origin,
                a.text,
                coded.tone,
                _dumps(coded.issues),
                a.source_id,
            ],
        )
        if coded.clean.removed:
            self._insert_rows(
                "INSERT INTO removed VALUES (?,?,?,?,?)",
                [[a.id, r.kind, r.text, r.start, r.end] for r in coded.clean.removed],
            )
        for actor in coded.actors:
            self._con.execute(
                "INSERT INTO actors VALUES (?,?,?,?,?,?) ON CONFLICT DO NOTHING",
                [actor.id, actor.name, actor.country, actor.sector, actor.kind, actor.code],
            )
        if coded.mentions:
            self._insert_rows(
                "INSERT INTO mentions VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                [
                    [
                        a.id,
                        m.text,
                        m.start,
                        m.end,
                        m.sentence,
                        m.actor.id if m.actor else None,
                        m.actor.code if m.actor else None,
                        m.actor.country if m.actor else None,
                        m.actor.sector if m.actor else None,
                        m.actor.role if m.actor else None,
                        m.basis,
                        _dumps([c.id for c in m.candidates]),
                    ]
                    for m in coded.mentions
                ],
            )
        if coded.events:
            self._insert_rows(
                "INSERT INTO events VALUES (" + ",".join(["?"] * 37) + ") ON CONFLICT DO NOTHING",
                [_event_row(e) for e in coded.events],
            )
        if coded.quotes:
            self._insert_rows(
                "INSERT INTO quotes VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [
                    [
                        a.id,
                        q.text,
                        q.start,
                        q.end,
                        q.speaker.entity_text if q.speaker else None,
                        q.speaker.actor.id if q.speaker and q.speaker.actor else None,
                        q.speaker.actor.code if q.speaker and q.speaker.actor else None,
                        q.addressee.entity_text if q.addressee else None,
                        q.addressee.actor.id if q.addressee and q.addressee.actor else None,
                        q.direct,
                        _dumps(q),
                    ]
                    for q in coded.quotes
                ],
            )
        if coded.flags:
            self._insert_rows(
                "INSERT INTO flags VALUES (?,?,?,?,?,?)",
                [[f.id, a.id, f.kind, f.message, f.severity, _dumps(f.spans)] for f in coded.flags],
            )

    def write_rejected(self, rejected: Rejected) -> bool:
        """Record one rejection; False if the same verdict on the same input is recorded.

        A rerun over the same files meets the same bad inputs again: like articles, each is
        recorded once. A different reason (the file changed) is a new row.
        """
        key = [rejected.origin, rejected.stage, rejected.reason, rejected.article_id]
        try:
            row = self._con.execute(
                "INSERT INTO rejected (origin, stage, reason, article_id) SELECT ?, ?, ?, ?"
                " WHERE NOT EXISTS (SELECT 1 FROM rejected WHERE origin = ? AND stage = ?"
                " AND reason = ? AND article_id IS NOT DISTINCT FROM ?)",
                [*key, *key],
            ).fetchone()
        except duckdb.Error as exc:  # read-only, full disk: a StoreError, not a traceback
            raise StoreError(f"cannot store the rejection of {rejected.origin}: {exc}") from exc
        return bool(row and row[0])

    # -- reading ------------------------------------------------------------------------------
    def events(
        self,
        *,
        actor: str | None = None,
        country: str | None = None,
        event_type: str | None = None,
        since: dt.date | None = None,
        until: dt.date | None = None,
        limit: int | None = None,
    ) -> Iterator[Event]:
        """Stored events matching every filter given (all parameters are bound, never spliced)."""
        where: list[str] = []
        params: list[object] = []
        if actor:
            where.append(
                "(list_contains(actor_ids, ?) OR list_contains(recipient_ids, ?)"
                " OR list_contains(actor_codes, ?) OR list_contains(recipient_codes, ?)"
                f" OR contains({_PARTICIPANT_WORDS}, ?))"
            )
            # a literal substring of names and words, never a LIKE pattern over the JSON text,
            # where "%", "_" or a key name would match every event
            params += [actor, actor, actor.upper(), actor.upper(), actor.lower()]
        if country:
            where.append(
                "(list_contains(actor_countries, ?) OR list_contains(recipient_countries, ?))"
            )
            params += [country.upper(), country.upper()]
        if event_type:
            where.append("event = ?")
            params.append(event_type.upper())
        if since:
            where.append("date >= ?")
            params.append(since)
        if until:
            where.append("date <= ?")
            params.append(until)
        sql = "SELECT record FROM events"
        if where:
            sql += " WHERE " + " AND ".join(where)
        sql += " ORDER BY date NULLS LAST, article_id, start_char, id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(int(limit))
        for (record,) in self._con.execute(sql, params).fetchall():
            yield from_jsonable(Event, json.loads(record))

    def count(self, table: str) -> int:
        if table not in TABLES:
            raise StoreError(f"unknown table {table!r}; expected one of {', '.join(TABLES)}")
        row = self._con.execute(
            f"SELECT count(*) FROM {table}"
        ).fetchone()  # table checked against TABLES above
        return int(row[0]) if row else 0

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        if not isinstance(exc, duckdb.Error):
            self.close()
            return
        # A query in the block failed inside DuckDB (a damaged block, a full disk): to the
        # caller that is a store error like a failed open, with DuckDB's reason in one line.
        try:
            self.close()
        except duckdb.Error:
            logger.debug("closing %s after an error failed too", self.path, exc_info=True)
        raise self.failure(exc) from exc


def _event_row(e: Event) -> list[Any]:
    place = e.place
    return [
        e.id,
        e.article_id,
        e.event,
        e.mode,
        list(e.context),
        e.cameo,
        e.goldstein,
        e.quad_code,
        _codes(e.actors, "code"),
        _codes(e.recipients, "code"),
        _codes(e.actors, "country"),
        _codes(e.recipients, "country"),
        _codes(e.actors, "id"),
        _codes(e.recipients, "id"),
        _dumps(e.actors),
        _dumps(e.recipients),
        e.trigger,
        e.sentence,
        e.start,
        e.end,
        e.negated,
        e.future,
        e.hypothetical,
        e.historical,
        e.date,
        e.date_basis,
        e.date_precision,
        _dumps(place) if place else None,
        place.name if place else None,
        place.country if place else None,
        place.lat if place else None,
        place.lon if place else None,
        e.place_basis,
        list(e.issues),
        e.tone,
        _dumps(e),
        e.source_id,  # added by schema version 4, so the last column
    ]
