"""The DuckDB schema, its version, and the migrations between versions.

A migration is a list of SQL statements that takes the schema from version N-1 to N.
``apply_migrations`` runs the missing ones in one transaction, so a store is never
left half-migrated.
"""

from __future__ import annotations

SCHEMA_VERSION = 5

_V1 = [
    """
    CREATE TABLE IF NOT EXISTS articles (
        id VARCHAR PRIMARY KEY,
        title VARCHAR,
        published DATE,
        published_basis VARCHAR,
        published_note VARCHAR,
        url VARCHAR,
        source VARCHAR,
        origin VARCHAR,
        text VARCHAR,
        tone DOUBLE,
        issues JSON,
        stored_at TIMESTAMP DEFAULT current_timestamp
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS removed (
        article_id VARCHAR, kind VARCHAR, text VARCHAR, start_char INTEGER, end_char INTEGER
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS actors (
        id VARCHAR PRIMARY KEY, name VARCHAR, country VARCHAR, sector VARCHAR,
        kind VARCHAR, code VARCHAR
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS mentions (
        article_id VARCHAR, text VARCHAR, start_char INTEGER, end_char INTEGER,
        sentence INTEGER, actor_id VARCHAR, code VARCHAR, country VARCHAR, sector VARCHAR,
        role VARCHAR, basis VARCHAR, candidates JSON
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS events (
        id VARCHAR PRIMARY KEY,
        article_id VARCHAR,
        event VARCHAR, mode VARCHAR, context VARCHAR[],
        cameo VARCHAR, goldstein DOUBLE, quad_code INTEGER,
        actor_codes VARCHAR[], recipient_codes VARCHAR[],
        actor_countries VARCHAR[], recipient_countries VARCHAR[],
        actor_ids VARCHAR[], recipient_ids VARCHAR[],
        actors JSON, recipients JSON,
        trigger VARCHAR, sentence VARCHAR, start_char INTEGER, end_char INTEGER,
        negated BOOLEAN, future BOOLEAN, hypothetical BOOLEAN, historical BOOLEAN,
        date DATE, date_basis VARCHAR, date_precision VARCHAR,
        place JSON, place_name VARCHAR, place_country VARCHAR, lat DOUBLE, lon DOUBLE,
        place_basis VARCHAR, issues VARCHAR[], tone DOUBLE,
        record JSON
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS quotes (
        article_id VARCHAR, text VARCHAR, start_char INTEGER, end_char INTEGER,
        speaker_text VARCHAR, speaker_id VARCHAR, speaker_code VARCHAR,
        addressee_text VARCHAR, addressee_id VARCHAR, direct BOOLEAN, record JSON
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS flags (
        id VARCHAR, article_id VARCHAR, kind VARCHAR, message VARCHAR, severity VARCHAR,
        spans JSON
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS rejected (
        origin VARCHAR, stage VARCHAR, reason VARCHAR, article_id VARCHAR,
        recorded_at TIMESTAMP DEFAULT current_timestamp
    )
    """,
    "CREATE INDEX IF NOT EXISTS events_article ON events(article_id)",
    "CREATE INDEX IF NOT EXISTS events_date ON events(date)",
]

# Version 2: deduplication results (store/dedupe.py). Links live beside the rows they link, so
# nothing is deleted and re-running deduplication only rewrites these two tables.
_V2 = [
    """
    CREATE TABLE IF NOT EXISTS article_links (
        article_id VARCHAR, duplicate_of VARCHAR, similarity DOUBLE,
        PRIMARY KEY (article_id, duplicate_of)
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS event_links (
        event_id VARCHAR PRIMARY KEY, canonical_id VARCHAR
    )
    """,
]

# Version 3: one view with what an analyst asks of an event, so that plain SQL needs no joins:
# the event, its story (title, date, outlet, url) and the happening it reports (canonical id,
# the event itself until `communique dedupe` links it).
_V3 = [
    """
    CREATE OR REPLACE VIEW events_view AS
    SELECT
        e.id, coalesce(l.canonical_id, e.id) AS canonical_id, e.date, e.event, e.mode,
        e.cameo, e.goldstein, e.quad_code, e.context,
        e.actor_codes, e.recipient_codes, e.actor_countries, e.recipient_countries,
        e.place_name, e.place_country, e.lat, e.lon, e.place_basis, e.date_basis,
        e.negated, e.future, e.hypothetical, e.historical, e.issues, e.tone,
        e.trigger, e.sentence, e.start_char, e.end_char,
        a.id AS article_id, a.title, a.published, a.source, a.url
    FROM events e
    JOIN articles a ON a.id = e.article_id
    LEFT JOIN event_links l ON l.event_id = e.id
    """,
]

# Version 4: the input record's own id (a JSONL/CSV "id" field) beside the content-hash id, on
# each article and each of its events, and in events_view; NULL for stories stored before.
_V4 = [
    "ALTER TABLE articles ADD COLUMN IF NOT EXISTS source_id VARCHAR",
    "ALTER TABLE events ADD COLUMN IF NOT EXISTS source_id VARCHAR",
    """
    CREATE OR REPLACE VIEW events_view AS
    SELECT
        e.id, coalesce(l.canonical_id, e.id) AS canonical_id, e.date, e.event, e.mode,
        e.cameo, e.goldstein, e.quad_code, e.context,
        e.actor_codes, e.recipient_codes, e.actor_countries, e.recipient_countries,
        e.place_name, e.place_country, e.lat, e.lon, e.place_basis, e.date_basis,
        e.negated, e.future, e.hypothetical, e.historical, e.issues, e.tone,
        e.trigger, e.sentence, e.start_char, e.end_char,
        a.id AS article_id, a.title, a.published, a.source, a.url, a.source_id
    FROM events e
    JOIN articles a ON a.id = e.article_id
    LEFT JOIN event_links l ON l.event_id = e.id
    """,
]

# Version 5: events_view carries the happening each event reports, counted as every event
# listing counts it (store/dedupe.py, HAPPENINGS_SQL): its canonical id, its tellings
# (num_mentions: each report and each retelling within one), stories (num_articles) and
# outlets (num_sources), and the publication dates of its first and last report. The
# columns of version 4 keep their names and order; the new ones follow them.
_V5 = [
    """
    CREATE OR REPLACE VIEW events_view AS
    WITH c AS (
        SELECT e.id AS event_id, coalesce(l.canonical_id, e.id) AS canonical_id
        FROM events e LEFT JOIN event_links l ON l.event_id = e.id
    ),
    h AS (
        SELECT c.canonical_id,
               CAST(sum(1 + coalesce(json_array_length(m.record, '$.mentions'), 0)) AS BIGINT)
                   AS num_mentions,
               count(DISTINCT m.article_id) AS num_articles,
               count(DISTINCT ma.source) AS num_sources,
               min(ma.published) AS first_report,
               max(ma.published) AS last_report
        FROM c JOIN events m ON m.id = c.event_id
        LEFT JOIN articles ma ON ma.id = m.article_id
        GROUP BY c.canonical_id
    )
    SELECT
        e.id, c.canonical_id, e.date, e.event, e.mode,
        e.cameo, e.goldstein, e.quad_code, e.context,
        e.actor_codes, e.recipient_codes, e.actor_countries, e.recipient_countries,
        e.place_name, e.place_country, e.lat, e.lon, e.place_basis, e.date_basis,
        e.negated, e.future, e.hypothetical, e.historical, e.issues, e.tone,
        e.trigger, e.sentence, e.start_char, e.end_char,
        a.id AS article_id, a.title, a.published, a.source, a.url, a.source_id,
        h.num_mentions, h.num_articles, h.num_sources, h.first_report, h.last_report
    FROM events e
    JOIN articles a ON a.id = e.article_id
    JOIN c ON c.event_id = e.id
    JOIN h ON h.canonical_id = c.canonical_id
    """,
]

# MIGRATIONS[n] takes the schema from version n to n + 1.
MIGRATIONS: dict[int, list[str]] = {0: _V1, 1: _V2, 2: _V3, 3: _V4, 4: _V5}

TABLES = (
    "articles",
    "removed",
    "actors",
    "mentions",
    "events",
    "quotes",
    "flags",
    "rejected",
    "article_links",
    "event_links",
)
