"""Tallies over the counted events for the analysis stage: per-period dyad counts, actor and
issue rankings, the actor network's edges. Each answers with a DataFrame, straight from
DuckDB, so that a million events never pass through Python one by one.

Every value reaches DuckDB as a bound parameter; only fixed fragments written here and in
``store.fragments`` are joined into the statement text.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from communique.store.fragments import COUNTED, dyad, issues_of

if TYPE_CHECKING:
    import pandas as pd

    from communique.store.database import EventStore


def _pair(a: str, b: str) -> dict[str, object]:
    return {"a": a, "a_upper": a.upper(), "b": b, "b_upper": b.upper()}


def dyad_periods(
    store: EventStore,
    a: str,
    b: str,
    by: str,
    since: dt.date | None,
    until: dt.date | None,
    *,
    directed: bool,
    top_issues: int,
) -> pd.DataFrame:
    """Dated, counted events between ``a`` and ``b`` per ``by`` period (a ``date_trunc``
    part, checked by the caller): ``period, events, quad_1..quad_4, goldstein_mean,
    goldstein_sum, top_issues`` (the ``top_issues`` most frequent issue ids), oldest first;
    periods without events are absent."""
    params: dict[str, object] = {**_pair(a, b), "by": by}
    where = [f"({dyad(directed)})", "e.date IS NOT NULL", COUNTED]
    if since is not None:
        where.append("e.date >= $since")
        params["since"] = since
    if until is not None:
        where.append("e.date <= $until")
        params["until"] = until
    sql = f"""
        WITH d AS (
            SELECT CAST(date_trunc($by, e.date) AS DATE) AS period, e.quad_code, e.goldstein,
                   e.id, e.issues AS event_issues, e.article_id
            FROM events e
            WHERE {" AND ".join(where)}
        ),
        counts AS (
            SELECT period, count(*) AS events,
                   count(*) FILTER (WHERE quad_code = 1) AS quad_1,
                   count(*) FILTER (WHERE quad_code = 2) AS quad_2,
                   count(*) FILTER (WHERE quad_code = 3) AS quad_3,
                   count(*) FILTER (WHERE quad_code = 4) AS quad_4,
                   avg(goldstein) AS goldstein_mean, sum(goldstein) AS goldstein_sum
            FROM d GROUP BY period
        ),
        issue_counts AS (
            SELECT period, issue, count(*) AS n
            FROM (
                SELECT d.period, unnest({issues_of("d.event_issues")}) AS issue
                FROM d LEFT JOIN articles a ON a.id = d.article_id
            )
            WHERE issue IS NOT NULL
            GROUP BY period, issue
        ),
        top AS (
            SELECT period, list(issue ORDER BY n DESC, issue)[1:{int(top_issues)}] AS issues
            FROM issue_counts GROUP BY period
        )
        SELECT c.period, c.events, c.quad_1, c.quad_2, c.quad_3, c.quad_4,
               c.goldstein_mean, c.goldstein_sum, coalesce(t.issues, []) AS top_issues
        FROM counts c LEFT JOIN top t USING (period)
        ORDER BY c.period
    """
    return store._con.execute(sql, params).df()


def actor_ranking(store: EventStore, n: int) -> pd.DataFrame:
    """The ``n`` actors in most counted events: ``actor_id, name, country, sector, code,
    events, as_actor, as_recipient, goldstein_mean`` (ties broken by id)."""
    return store._con.execute(
        f"""
        WITH roles AS (
            SELECT unnest(e.actor_ids) AS actor_id, 1 AS as_actor, 0 AS as_recipient,
                   e.goldstein, e.id
            FROM events e WHERE {COUNTED}
            UNION ALL
            SELECT unnest(e.recipient_ids), 0, 1, e.goldstein, e.id
            FROM events e WHERE {COUNTED}
        )
        SELECT r.actor_id, a.name, a.country, a.sector, a.code,
               count(DISTINCT r.id) AS events,
               sum(r.as_actor) AS as_actor, sum(r.as_recipient) AS as_recipient,
               avg(r.goldstein) AS goldstein_mean
        FROM roles r LEFT JOIN actors a ON a.id = r.actor_id
        GROUP BY ALL
        ORDER BY events DESC, r.actor_id
        LIMIT $n
        """,
        {"n": int(n)},
    ).df()


def issue_ranking(store: EventStore, n: int) -> pd.DataFrame:
    """The ``n`` issues in most articles: ``issue, articles, mentions, events`` where
    ``mentions`` sums the articles' issue counts and ``events`` counts counted events that
    carry the issue (their own issues, else their article's)."""
    return store._con.execute(
        f"""
        WITH per_article AS (
            SELECT json_extract_string(x, '$[0]') AS issue,
                   CAST(json_extract(x, '$[1]') AS BIGINT) AS mentions
            FROM (
                SELECT unnest(from_json(issues, '["JSON"]')) AS x
                FROM articles WHERE issues IS NOT NULL
            )
        ),
        articles_per_issue AS (
            SELECT issue, count(*) AS articles, CAST(sum(mentions) AS BIGINT) AS mentions
            FROM per_article GROUP BY issue
        ),
        events_per_issue AS (
            SELECT issue, count(*) AS events
            FROM (
                SELECT DISTINCT e.id, unnest({issues_of()}) AS issue
                FROM events e LEFT JOIN articles a ON a.id = e.article_id
                WHERE {COUNTED}
            )
            GROUP BY issue
        )
        SELECT issue, coalesce(ap.articles, 0) AS articles,
               coalesce(ap.mentions, 0) AS mentions, coalesce(ep.events, 0) AS events
        FROM articles_per_issue ap FULL OUTER JOIN events_per_issue ep USING (issue)
        WHERE issue IS NOT NULL
        ORDER BY articles DESC, events DESC, issue
        LIMIT $n
        """,
        {"n": int(n)},
    ).df()


def actor_edges(store: EventStore, country: str | None = None) -> pd.DataFrame:
    """Who acts on whom in the counted events: ``source, target, events, goldstein_mean,
    goldstein_sum, quad_1..quad_4``, one row per (actor id, recipient id) pair, most events
    first. With ``country`` (ISO3) only events with a participant of that country count."""
    where = COUNTED
    params: dict[str, object] = {}
    if country:
        where += (
            " AND (list_contains(e.actor_countries, $country)"
            " OR list_contains(e.recipient_countries, $country))"
        )
        params["country"] = country.upper()
    return store._con.execute(
        f"""
        WITH pairs AS (
            SELECT e.id, source, target, e.goldstein, e.quad_code
            FROM events e, unnest(e.actor_ids) AS s(source), unnest(e.recipient_ids) AS t(target)
            WHERE {where} AND source <> target
        )
        SELECT source, target, count(*) AS events,
               avg(goldstein) AS goldstein_mean, sum(goldstein) AS goldstein_sum,
               count(*) FILTER (WHERE quad_code = 1) AS quad_1,
               count(*) FILTER (WHERE quad_code = 2) AS quad_2,
               count(*) FILTER (WHERE quad_code = 3) AS quad_3,
               count(*) FILTER (WHERE quad_code = 4) AS quad_4
        FROM pairs GROUP BY source, target
        ORDER BY events DESC, source, target
        """,
        params,
    ).df()


def actors_named(store: EventStore, ids: list[str]) -> pd.DataFrame:
    """The stored actors among ``ids``: ``id, name, country, sector, code``."""
    return store._con.execute(
        "SELECT id, name, country, sector, code FROM actors WHERE list_contains($ids, id)",
        {"ids": ids},
    ).df()
