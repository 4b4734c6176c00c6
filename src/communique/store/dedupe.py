"""Deduplication: near-duplicate articles and events reported by several articles.

Nothing is deleted. Near-duplicate articles (syndicated copies, updated versions) are
recorded in ``article_links``; events that report the same happening share a canonical
event id in ``event_links``. ``canonical_events`` then counts, like GDELT's Mentions table,
how many mentions, articles and outlets reported each happening and when it was first and
last reported.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from communique.store.happenings import HappeningLinker, cluster_reports, read_reports

if TYPE_CHECKING:
    import pandas as pd
    from datasketch import MinHash

    from communique.store.database import EventStore

logger = logging.getLogger(__name__)

_WORD = re.compile(r"\w+", re.UNICODE)
LSH_SLACK = 0.15


# -- near-duplicate articles ------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class DuplicateLink:
    """``article_id`` is a near copy of the earlier ``duplicate_of``."""

    article_id: str
    duplicate_of: str
    similarity: float  # Jaccard similarity of the two articles' word shingles


def shingles(text: str, size: int = 5) -> frozenset[str]:
    """Lower-cased word ``size``-grams; a text shorter than ``size`` words is one shingle."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < size:
        return frozenset([" ".join(words)]) if words else frozenset()
    return frozenset(" ".join(words[i : i + size]) for i in range(len(words) - size + 1))


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


def _minhash(items: Iterable[str], num_perm: int) -> MinHash:
    # datasketch (scipy) takes a third of a second to import: only finding copies needs it
    from datasketch import MinHash  # noqa: PLC0415

    sketch = MinHash(num_perm=num_perm, seed=1)
    sketch.update_batch([item.encode("utf-8") for item in items])  # vectorised: ~20x update()
    return sketch


def find_near_duplicates(
    texts: Sequence[tuple[str, str]], *, threshold: float = 0.8, num_perm: int = 128
) -> list[DuplicateLink]:
    """Near-duplicate pairs among ``(article_id, text)`` given oldest first.

    MinHash LSH proposes candidates; the exact Jaccard similarity of the shingle sets
    confirms them, so the LSH's false positives never become links. Each later article is
    linked to the earliest article it copies.
    """
    from datasketch import MinHashLSH  # noqa: PLC0415

    # The LSH index runs below the threshold: a pair just above it is found only about half
    # the time at the threshold itself, and the exact check removes the extra candidates.
    lsh = MinHashLSH(threshold=max(0.1, threshold - LSH_SLACK), num_perm=num_perm)
    shingle_sets: dict[str, frozenset[str]] = {}
    order: dict[str, int] = {}
    links: list[DuplicateLink] = []
    for position, (article_id, text) in enumerate(texts):
        if article_id in order:
            continue
        grams = shingles(text)
        if not grams:
            continue
        sketch = _minhash(grams, num_perm)
        candidates = sorted(lsh.query(sketch), key=order.__getitem__)
        for candidate in candidates:
            similarity = jaccard(grams, shingle_sets[candidate])
            if similarity >= threshold:
                links.append(DuplicateLink(article_id, candidate, round(similarity, 4)))
                break
        lsh.insert(article_id, sketch)
        shingle_sets[article_id] = grams
        order[article_id] = position
    return links


def link_duplicates(store: EventStore, *, threshold: float = 0.8, num_perm: int = 128) -> int:
    """Find near-duplicate articles in the store and record them in ``article_links``.

    Returns the number of pairs found. The table is rebuilt each time, so running it again
    after more articles were stored gives the same links as one run over everything.
    """
    rows = store._con.execute(
        "SELECT id, text FROM articles ORDER BY published NULLS LAST, stored_at, id"
    ).fetchall()
    links = find_near_duplicates(
        [(str(i), str(t or "")) for i, t in rows], threshold=threshold, num_perm=num_perm
    )
    with store._transaction():
        store._con.execute("DELETE FROM article_links")
        if links:
            store._con.executemany(
                "INSERT INTO article_links VALUES (?, ?, ?)",
                [[link.article_id, link.duplicate_of, link.similarity] for link in links],
            )
    logger.info("linked %d near-duplicate articles among %d", len(links), len(rows))
    return len(links)


# -- events reported by several articles ------------------------------------------------------
# Which events report one happening is decided in store/happenings.py.


def merge_events(store: EventStore, *, window_days: int = 1) -> int:
    """Give events that report the same happening one canonical id; returns how many
    canonical events there are. Rebuilds ``event_links`` (every event has a row), so it
    re-links the whole store with other settings; ``communique run`` links as it stores
    (``happenings.HappeningLinker``)."""
    canonical = cluster_reports(read_reports(store), window_days=window_days)
    with store._transaction():
        store._con.execute("DELETE FROM event_links")
        if canonical:
            import pandas as pd  # noqa: PLC0415 - pandas costs 0.2 s to import; only here

            frame = pd.DataFrame(
                {"event_id": list(canonical), "canonical_id": list(canonical.values())}
            )
            store._con.register("_event_links_frame", frame)
            store._con.execute(
                "INSERT INTO event_links SELECT event_id, canonical_id FROM _event_links_frame"
            )
            store._con.unregister("_event_links_frame")
    count = len(set(canonical.values()))
    logger.info("merged %d events into %d canonical events", len(canonical), count)
    return count


def links_stale(store: EventStore) -> bool:
    """True when some stored event has no ``event_links`` row: articles were stored after
    the last ``merge_events`` (which gives every event a row), so counts would double."""
    row = store._con.execute(
        "SELECT EXISTS (SELECT 1 FROM events e"
        " WHERE NOT EXISTS (SELECT 1 FROM event_links l WHERE l.event_id = e.id))"
    ).fetchone()
    return bool(row and row[0])


@dataclass(frozen=True, slots=True)
class DedupeResult:
    duplicate_pairs: int  # near-duplicate article pairs recorded in article_links
    canonical_events: int  # distinct happenings after merging
    events: int  # stored events


def deduplicate(store: EventStore, *, threshold: float = 0.8, window_days: int = 1) -> DedupeResult:
    """``link_duplicates`` then ``merge_events``: both tables rebuilt from the whole store."""
    pairs = link_duplicates(store, threshold=threshold)
    canonical = merge_events(store, window_days=window_days)
    return DedupeResult(pairs, canonical, store.count("events"))


def ensure_merged(store: EventStore) -> int | None:
    """Link the events stored without a happening (``links_stale``) to the store's
    happenings, the others left as they are; returns the canonical event count, or None
    when the links were current. ``communique run`` links as it stores, so this only has
    work after a store was filled another way (an older communique, an import); analyses
    and exports call it so that their counts never double-count."""
    if not links_stale(store):
        return None
    logger.info("events stored without a happening; linking them")
    HappeningLinker(store)
    row = store._con.execute("SELECT count(DISTINCT canonical_id) FROM event_links").fetchone()
    return int(row[0]) if row else 0


def counted_sql(alias: str = "e") -> str:
    """SQL condition: the event aliased ``alias`` counts in analyses and exports.

    It counts when it happened (not negated, future, hypothetical, or background told in
    passing: ``historical``) and it is the canonical
    report of its happening: copies merged by ``merge_events`` are left out, so five outlets
    reporting one meeting count once. Before ``merge_events`` has run every event is its own
    canonical event.
    """
    return f"""
        NOT coalesce({alias}.negated, false) AND NOT coalesce({alias}.future, false)
        AND NOT coalesce({alias}.hypothetical, false) AND NOT coalesce({alias}.historical, false)
        AND NOT EXISTS (
            SELECT 1 FROM event_links l
            WHERE l.event_id = {alias}.id AND l.canonical_id <> {alias}.id
        )
    """


COUNTED_SQL = counted_sql()

# The canonical id of every event: itself until merge_events has linked it.
CANONICAL_SQL = """
    SELECT e.id AS event_id, coalesce(l.canonical_id, e.id) AS canonical_id
    FROM events e LEFT JOIN event_links l ON l.event_id = e.id
"""


# One row per happening: its reports counted like GDELT's NumMentions (every telling,
# retellings in one story included), NumArticles and NumSources, and its first and last
# report (the articles' publication dates).
HAPPENINGS_SQL = f"""
    SELECT c.canonical_id,
           CAST(sum(1 + coalesce(json_array_length(e.record, '$.mentions'), 0)) AS BIGINT)
               AS num_mentions,
           count(DISTINCT e.article_id) AS num_articles,
           count(DISTINCT a.source) AS num_sources,
           min(a.published) AS first_report,
           max(a.published) AS last_report,
           min(e.date) AS first_date,
           max(e.date) AS last_date,
           avg(a.tone) AS avg_tone
    FROM ({CANONICAL_SQL}) c JOIN events e ON e.id = c.event_id
    LEFT JOIN articles a ON a.id = e.article_id
    GROUP BY c.canonical_id
"""

# The happening of every event: its canonical id and the happening's report counts.
EVENT_HAPPENING_SQL = f"""
    SELECT c.event_id, h.canonical_id, h.num_mentions, h.num_articles, h.num_sources,
           h.first_report, h.last_report
    FROM ({CANONICAL_SQL}) c JOIN ({HAPPENINGS_SQL}) h ON h.canonical_id = c.canonical_id
"""


# The same for the events in ``$ids`` only: the happenings they report are counted, not every
# happening in the store (a page of 50 events in a store of 46,000: 0.04 s instead of 0.3 s).
_WANTED_HAPPENING_SQL = f"""
    WITH c AS ({CANONICAL_SQL}),
    wanted AS (SELECT event_id, canonical_id FROM c WHERE list_contains($ids, event_id)),
    members AS (
        SELECT c.event_id, c.canonical_id FROM c
        WHERE c.canonical_id IN (SELECT canonical_id FROM wanted)
    ),
    h AS (
        SELECT m.canonical_id,
               CAST(sum(1 + coalesce(json_array_length(e.record, '$.mentions'), 0)) AS BIGINT)
                   AS num_mentions,
               count(DISTINCT e.article_id) AS num_articles,
               count(DISTINCT a.source) AS num_sources,
               min(a.published) AS first_report,
               max(a.published) AS last_report
        FROM members m JOIN events e ON e.id = m.event_id
        LEFT JOIN articles a ON a.id = e.article_id
        GROUP BY m.canonical_id
    )
    SELECT w.event_id, h.canonical_id, h.num_mentions, h.num_articles, h.num_sources,
           h.first_report, h.last_report
    FROM wanted w JOIN h ON h.canonical_id = w.canonical_id
"""


@dataclass(frozen=True, slots=True)
class Happening:
    """The happening an event reports, as every event listing shows it."""

    canonical_id: str
    num_mentions: int  # tellings: every report, and every retelling within a report
    num_articles: int
    num_sources: int  # distinct outlets
    first_report: dt.date | None  # publication date of the first and last report
    last_report: dt.date | None

    def to_dict(self) -> dict[str, object]:
        """JSON-ready, dates as YYYY-MM-DD: the ``happening`` object of event listings."""
        return {
            "canonical_id": self.canonical_id,
            "num_mentions": self.num_mentions,
            "num_articles": self.num_articles,
            "num_sources": self.num_sources,
            "first_report": self.first_report.isoformat() if self.first_report else None,
            "last_report": self.last_report.isoformat() if self.last_report else None,
        }


def happenings_of(
    store: EventStore, event_ids: Iterable[str] | None = None
) -> dict[str, Happening]:
    """``event id -> Happening`` for the given events (every stored event when None)."""
    if event_ids is None:
        rows = store._con.execute(EVENT_HAPPENING_SQL).fetchall()
    else:
        ids = list(dict.fromkeys(event_ids))
        if not ids:
            return {}
        rows = store._con.execute(_WANTED_HAPPENING_SQL, {"ids": ids}).fetchall()
    return {
        str(row[0]): Happening(str(row[1]), int(row[2]), int(row[3]), int(row[4]), row[5], row[6])
        for row in rows
    }


def canonical_events(store: EventStore) -> pd.DataFrame:
    """One row per canonical event with its report counts (GDELT's NumMentions, NumArticles,
    NumSources) and its first and last report dates (the articles' publication dates)."""
    return store._con.execute(
        f"""
        WITH reports AS ({HAPPENINGS_SQL})
        SELECT r.canonical_id, e.event, e.mode, e.cameo, e.quad_code, e.goldstein,
               coalesce(e.date, r.first_date) AS date, e.actor_ids, e.actor_codes,
               e.actor_countries, e.recipient_ids, e.recipient_codes, e.recipient_countries,
               e.place_name, e.place_country, e.sentence, e.article_id,
               r.num_mentions, r.num_articles, r.num_sources, r.first_report, r.last_report,
               r.avg_tone
        FROM reports r JOIN events e ON e.id = r.canonical_id
        ORDER BY date NULLS LAST, r.canonical_id
        """
    ).df()


def duplicate_links(store: EventStore) -> Mapping[str, str]:
    """``article_id -> duplicate_of`` as recorded by the last ``link_duplicates``."""
    rows = store._con.execute("SELECT article_id, duplicate_of FROM article_links").fetchall()
    return {str(a): str(b) for a, b in rows}
