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
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd
from datasketch import MinHash, MinHashLSH

if TYPE_CHECKING:
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
    rows = store.con.execute(
        "SELECT id, text FROM articles ORDER BY published NULLS LAST, stored_at, id"
    ).fetchall()
    links = find_near_duplicates(
        [(str(i), str(t or "")) for i, t in rows], threshold=threshold, num_perm=num_perm
    )
    with store._transaction():
        store.con.execute("DELETE FROM article_links")
        if links:
            store.con.executemany(
                "INSERT INTO article_links VALUES (?, ?, ?)",
                [[link.article_id, link.duplicate_of, link.similarity] for link in links],
            )
    logger.info("linked %d near-duplicate articles among %d", len(links), len(rows))
    return len(links)


# -- events reported by several articles ------------------------------------------------------
@dataclass(frozen=True, slots=True)
class EventPlace:
    country: str | None
    name: str | None  # lower-cased
    feature: str | None  # Place.feature: city | country | admin1 | region | sea

    def compatible(self, other: EventPlace) -> bool:
        """Same country (when both known) and same name, unless one only names a country:
        "in Beijing" and "in China" can be one happening, "in Beijing" and "in Shanghai"
        cannot."""
        if self.country and other.country and self.country != other.country:
            return False
        if "country" in (self.feature, other.feature):
            return True
        return self.name == other.name


@dataclass(frozen=True, slots=True)
class EventKey:
    """What an event must share with another to be the same happening."""

    id: str
    kind: tuple[str, bool, bool, bool]  # PLOVER type and the negated/future/hypothetical flags
    dyad: frozenset[tuple[str, ...]]  # the two sides, unordered: A met B == B met A
    date: dt.date | None
    place: EventPlace | None
    reported: dt.date | None  # publication date of the article, to pick the canonical one


def _side(ids: Sequence[str] | None, codes: Sequence[str] | None) -> tuple[str, ...]:
    # Actor ids are the sharpest identity; codes ("USAGOV") stand in when nothing resolved.
    chosen = [x for x in (ids or []) if x] or [x for x in (codes or []) if x]
    return tuple(sorted(set(chosen)))


def _compatible(a: EventKey, b: EventKey, window_days: int) -> bool:
    # An undated event could be any happening of its kind: on the AllSides run, merging
    # undated events joined reports years apart ("Trump denied collusion", 2017 and 2019).
    if a.date is None or b.date is None or abs((a.date - b.date).days) > window_days:
        return False
    return a.place is None or b.place is None or a.place.compatible(b.place)


def cluster_events(keys: Sequence[EventKey], *, window_days: int = 1) -> dict[str, str]:
    """Map every event id to its canonical event id.

    Events group by type, modality and dyad; within a group an event joins the first
    cluster whose every member is compatible with it (both dated, within ``window_days``;
    same place when both places are known). Requiring every member, not just one,
    keeps a chain of daily meetings from collapsing into one. The canonical id is the
    earliest-reported member's.
    """
    groups: dict[tuple[object, ...], list[EventKey]] = defaultdict(list)
    for key in keys:
        groups[(key.kind, key.dyad)].append(key)
    canonical: dict[str, str] = {}
    far = dt.date.max
    for members in groups.values():
        members.sort(key=lambda k: (k.date or far, k.reported or far, k.id))
        clusters: list[list[EventKey]] = []
        for key in members:
            for cluster in clusters:
                if all(_compatible(key, other, window_days) for other in cluster):
                    cluster.append(key)
                    break
            else:
                clusters.append([key])
        for cluster in clusters:
            head = min(cluster, key=lambda k: (k.reported or far, k.date or far, k.id))
            for key in cluster:
                canonical[key.id] = head.id
    return canonical


def _event_keys(store: EventStore) -> list[EventKey]:
    rows = store.con.execute(
        """
        SELECT e.id, e.event, coalesce(e.negated, false), coalesce(e.future, false),
               coalesce(e.hypothetical, false), e.actor_ids, e.actor_codes, e.recipient_ids,
               e.recipient_codes, e.date, e.place_country, e.place_name,
               json_extract_string(e.place, '$.feature'), a.published
        FROM events e LEFT JOIN articles a ON a.id = e.article_id
        """
    ).fetchall()
    keys = []
    for (
        event_id,
        kind,
        negated,
        future,
        hypothetical,
        actor_ids,
        actor_codes,
        recipient_ids,
        recipient_codes,
        date,
        place_country,
        place_name,
        place_feature,
        published,
    ) in rows:
        has_place = place_country is not None or place_name is not None
        place = EventPlace(place_country, (place_name or "").lower() or None, place_feature)
        dyad = frozenset([_side(actor_ids, actor_codes), _side(recipient_ids, recipient_codes)])
        if () in dyad:
            # A side nobody identified: "Iran threatened" and "Iran will threaten" share a
            # type, an actor and a day but are rarely one happening, so such events stay apart.
            dyad = frozenset([("#" + str(event_id),)])
        keys.append(
            EventKey(
                id=event_id,
                kind=(kind, bool(negated), bool(future), bool(hypothetical)),
                dyad=dyad,
                date=date,
                place=place if has_place else None,
                reported=published,
            )
        )
    return keys


def merge_events(store: EventStore, *, window_days: int = 1) -> int:
    """Give events that report the same happening one canonical id; returns how many
    canonical events there are. Rebuilds ``event_links`` (every event has a row)."""
    keys = _event_keys(store)
    canonical = cluster_events(keys, window_days=window_days)
    with store._transaction():
        store.con.execute("DELETE FROM event_links")
        if canonical:
            frame = pd.DataFrame(
                {"event_id": list(canonical), "canonical_id": list(canonical.values())}
            )
            store.con.register("_event_links_frame", frame)
            store.con.execute(
                "INSERT INTO event_links SELECT event_id, canonical_id FROM _event_links_frame"
            )
            store.con.unregister("_event_links_frame")
    count = len(set(canonical.values()))
    logger.info("merged %d events into %d canonical events", len(canonical), count)
    return count


def links_stale(store: EventStore) -> bool:
    """True when some stored event has no ``event_links`` row: articles were stored after
    the last ``merge_events`` (which gives every event a row), so counts would double."""
    row = store.con.execute(
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
    """Run ``merge_events`` only when ``links_stale``; returns the canonical event count, or
    None when the links were current. Analyses and exports call it so that their counts
    never double-count; it leaves ``article_links`` alone, because counting does not use
    them and linking articles costs ten times more (AllSides run: 2.9 s against 0.3 s)."""
    if not links_stale(store):
        return None
    logger.info("event links are stale; merging events again")
    return merge_events(store)


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


def canonical_events(store: EventStore) -> pd.DataFrame:
    """One row per canonical event with its report counts (GDELT's NumMentions, NumArticles,
    NumSources) and its first and last report dates (the articles' publication dates)."""
    return store.con.execute(
        f"""
        WITH c AS ({CANONICAL_SQL}),
        reports AS (
            SELECT c.canonical_id,
                   count(*) AS num_mentions,
                   count(DISTINCT e.article_id) AS num_articles,
                   count(DISTINCT a.source) AS num_sources,
                   min(a.published) AS first_report,
                   max(a.published) AS last_report,
                   min(e.date) AS first_date,
                   max(e.date) AS last_date,
                   avg(a.tone) AS avg_tone
            FROM c JOIN events e ON e.id = c.event_id
            LEFT JOIN articles a ON a.id = e.article_id
            GROUP BY c.canonical_id
        )
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
    rows = store.con.execute("SELECT article_id, duplicate_of FROM article_links").fetchall()
    return {str(a): str(b) for a, b in rows}
