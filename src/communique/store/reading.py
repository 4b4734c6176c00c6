"""Reading the store for the API, the dashboard and the CLI: filtered pages of events, whole
articles, events by id.

Every filter value reaches DuckDB as a bound parameter; only fixed SQL fragments written
here are joined into the statement text.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from communique.clean import body_of
from communique.ingest import read_dateline, year_from_url
from communique.records import (
    Actor,
    Article,
    CodedArticle,
    Event,
    Flag,
    Mention,
    Quote,
    Removed,
)
from communique.serialize import from_jsonable
from communique.store.database import EventStore
from communique.store.fragments import issues_of

# DuckDB's LIMIT and OFFSET are 64-bit signed integers: a larger offset is the client's
# mistake (a 422), never one for DuckDB to fail on (a 500).
MAX_OFFSET = 2**63 - 1


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What GET /events and the event table filter on; None means "any"."""

    actor: str | None = None  # actor id, CAMEO code or part of a name
    country: str | None = None  # ISO3 of the actor or the recipient
    dyad: tuple[str, str] | None = None  # two countries, ids or codes, either direction
    event_type: str | None = None  # PLOVER type
    issue: str | None = None  # issue id of the event (or of its article)
    since: dt.date | None = None
    until: dt.date | None = None


def _side(prefix: str) -> str:
    # countries and codes are stored upper-case; ids keep their spelling
    return (
        f"(list_contains(e.{prefix}_countries, upper(?)) OR list_contains(e.{prefix}_ids, ?)"
        f" OR list_contains(e.{prefix}_codes, upper(?)))"
    )


def _names(column: str) -> str:
    # the participants' actor names and words, one a line: matching the JSON text itself
    # would let "name" or "null" match the keys and so every event
    return (
        f"lower(array_to_string(list_concat(json_extract_string({column}, '$[*].actor.name'),"
        f" json_extract_string({column}, '$[*].entity_text')), chr(10)))"
    )


def _literal_like(text: str) -> str:
    # a name part is matched as typed: "%" or "_" in it must not act as LIKE wildcards
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _where(wanted: EventFilter) -> tuple[str, list[object]]:
    clauses: list[str] = []
    params: list[object] = []
    if wanted.actor:
        like = f"%{_literal_like(wanted.actor.lower())}%"
        clauses.append(
            f"({_side('actor')} OR {_side('recipient')}"
            f" OR {_names('e.actors')} LIKE ? ESCAPE '\\'"
            f" OR {_names('e.recipients')} LIKE ? ESCAPE '\\')"
        )
        params += [wanted.actor] * 6 + [like, like]
    if wanted.country:
        clauses.append(
            "(list_contains(e.actor_countries, upper(?))"
            " OR list_contains(e.recipient_countries, upper(?)))"
        )
        params += [wanted.country] * 2
    if wanted.dyad:
        a, b = wanted.dyad
        clauses.append(
            f"(({_side('actor')} AND {_side('recipient')})"
            f" OR ({_side('actor')} AND {_side('recipient')}))"
        )
        params += [a] * 3 + [b] * 3 + [b] * 3 + [a] * 3
    if wanted.event_type:
        clauses.append("e.event = upper(?)")
        params.append(wanted.event_type)
    if wanted.issue:
        clauses.append(f"list_contains({issues_of()}, ?)")
        params.append(wanted.issue)
    if wanted.since:
        clauses.append("e.date >= ?")
        params.append(wanted.since)
    if wanted.until:
        clauses.append("e.date <= ?")
        params.append(wanted.until)
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


_FROM = " FROM events e LEFT JOIN articles a ON a.id = e.article_id"


def count_events(store: EventStore, wanted: EventFilter) -> int:
    where, params = _where(wanted)
    row = store._con.execute("SELECT count(*)" + _FROM + where, params).fetchone()
    return int(row[0]) if row else 0


def page_of_events(store: EventStore, wanted: EventFilter, limit: int, offset: int) -> list[Event]:
    """One page of matching events, oldest first, in a stable order."""
    where, params = _where(wanted)
    sql = (
        "SELECT e.record"
        + _FROM
        + where
        + " ORDER BY e.date NULLS LAST, e.article_id, e.start_char, e.id LIMIT ? OFFSET ?"
    )
    rows = store._con.execute(sql, [*params, int(limit), int(offset)]).fetchall()
    return [from_jsonable(Event, json.loads(record)) for (record,) in rows]


def events_by_id(store: EventStore, ids: list[str]) -> dict[str, Event]:
    """The stored events among ``ids``, by id; an id not stored is absent."""
    rows = store._con.execute(
        "SELECT id, record FROM events WHERE list_contains(?, id)", [ids]
    ).fetchall()
    return {str(i): from_jsonable(Event, json.loads(record)) for i, record in rows}


@dataclass(frozen=True, slots=True)
class ArticleSummary:
    id: str
    title: str | None  # the article's title, else the start of its text
    published: dt.date | None
    events: int


def recent_articles(store: EventStore, limit: int = 20) -> list[ArticleSummary]:
    rows = store._con.execute(
        "SELECT a.id, coalesce(a.title, left(ltrim(a.text), 70)), a.published, count(e.id)"
        " FROM articles a"
        " LEFT JOIN events e ON e.article_id = a.id"
        " GROUP BY a.id, a.title, a.text, a.published, a.stored_at"
        " ORDER BY a.stored_at DESC, a.id LIMIT ?",
        [int(limit)],
    ).fetchall()
    return [ArticleSummary(r[0], r[1], r[2], int(r[3])) for r in rows]


def load_coded(
    store: EventStore, article_id: str, *, events: tuple[int, int] | None = None
) -> CodedArticle | None:
    """A stored article rebuilt as the ``CodedArticle`` the pipeline wrote, or None.

    ``events`` = (offset, limit) loads only that page of its events, in text order (the
    article page shows a story's events a page at a time); None loads them all.
    """
    row = store._con.execute(
        "SELECT id, text, title, published, published_basis, published_note, url, source,"
        " origin, tone, issues, source_id FROM articles WHERE id = ?",
        [article_id],
    ).fetchone()
    if row is None:
        return None
    article = Article(
        id=row[0],
        text=row[1],
        title=row[2],
        published=row[3],
        published_basis=row[4],
        published_note=row[5],
        url=row[6],
        source=row[7],
        origin=row[8],
        source_id=row[11],
        # derived from the text, so read again rather than stored: as ingest read it
        dateline=read_dateline(row[1], year_from_url(row[6])),
    )
    removed = tuple(
        Removed(kind, text, start, end)
        for kind, text, start, end in store._con.execute(
            "SELECT kind, text, start_char, end_char FROM removed WHERE article_id = ?"
            " ORDER BY start_char",
            [article_id],
        ).fetchall()
    )
    return CodedArticle(
        article=article,
        clean=body_of(article, removed),
        mentions=_mentions(store, article_id),
        events=_records(store, Event, "events", article_id, events),
        quotes=_records(store, Quote, "quotes", article_id),
        flags=_flags(store, article_id),
        issues=tuple((str(i), int(n)) for i, n in json.loads(row[10] or "[]")),
        tone=row[9],
    )


def _records(
    store: EventStore,
    cls: type[Any],
    table: str,
    article_id: str,
    window: tuple[int, int] | None = None,
) -> tuple[Any, ...]:
    # table is one of two literals passed by load_coded, never user input; events are paged,
    # so their order is total (quotes have no id)
    order = "start_char, id" if table == "events" else "start_char"
    sql = f"SELECT record FROM {table} WHERE article_id = ? ORDER BY {order}"
    params: list[object] = [article_id]
    if window is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [int(window[1]), int(window[0])]
    rows = store._con.execute(sql, params).fetchall()
    return tuple(from_jsonable(cls, json.loads(record)) for (record,) in rows)


def count_article_events(store: EventStore, article_id: str) -> int:
    row = store._con.execute(
        "SELECT count(*) FROM events WHERE article_id = ?", [article_id]
    ).fetchone()
    return int(row[0]) if row else 0


def _mentions(store: EventStore, article_id: str) -> tuple[Mention, ...]:
    # A generic actor ("Chinese officials": cq:agent:chn-gov) is one row of the actors
    # table for every story; its name there is the first story's words, so each story
    # names it by its own mention.
    rows = store._con.execute(
        "SELECT m.text, m.start_char, m.end_char, m.sentence, m.actor_id, CASE WHEN a.kind ="
        " 'agent' THEN m.text ELSE coalesce(a.name, m.actor_id) END, m.country, m.sector,"
        " m.role, coalesce(a.kind, 'person'), m.code, m.basis"
        " FROM mentions m LEFT JOIN actors a ON a.id = m.actor_id WHERE m.article_id = ?"
        " ORDER BY m.start_char",
        [article_id],
    ).fetchall()
    mentions = []
    for (
        text,
        start,
        end,
        sentence,
        actor_id,
        name,
        country,
        sector,
        role,
        kind,
        code,
        basis,
    ) in rows:
        actor = (
            Actor(actor_id, name, country, sector, role, kind, code or "")
            if actor_id is not None
            else None
        )
        mentions.append(Mention(article_id, text, start, end, sentence, actor, (), basis))
    return tuple(mentions)


def _flags(store: EventStore, article_id: str) -> tuple[Flag, ...]:
    rows = store._con.execute(
        "SELECT id, kind, message, severity, spans FROM flags WHERE article_id = ? ORDER BY id",
        [article_id],
    ).fetchall()
    return tuple(
        Flag(
            fid,
            article_id,
            kind,
            message,
            severity,
            tuple((int(s), int(e)) for s, e in json.loads(spans or "[]")),
        )
        for fid, kind, message, severity, spans in rows
    )


@dataclass(frozen=True, slots=True)
class PlacePoint:
    name: str
    country: str | None
    lat: float
    lon: float
    events: int


def event_places(store: EventStore, wanted: EventFilter) -> list[PlacePoint]:
    """Located events grouped by place, most events first."""
    where, params = _where(wanted)
    located = "e.lat IS NOT NULL AND e.lon IS NOT NULL"
    where = f"{where} AND {located}" if where else f" WHERE {located}"
    rows = store._con.execute(
        "SELECT e.place_name, e.place_country, e.lat, e.lon, count(*) AS n"
        + _FROM
        + where
        + " GROUP BY ALL ORDER BY n DESC, e.place_name",
        params,
    ).fetchall()
    return [PlacePoint(r[0] or "?", r[1], float(r[2]), float(r[3]), int(r[4])) for r in rows]
