"""Who and what the stored events are about most."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from communique.analysis._sql import COUNTED, issues_of

if TYPE_CHECKING:
    from communique.store import EventStore


def top_actors(store: EventStore, n: int = 20) -> pd.DataFrame:
    """The ``n`` actors in most counted events: ``actor_id, name, country, sector, code,
    events, as_actor, as_recipient, goldstein_mean`` (ties broken by id)."""
    return store.con.execute(
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


def top_issues(store: EventStore, n: int = 20) -> pd.DataFrame:
    """The ``n`` issues in most articles: ``issue, articles, mentions, events`` where
    ``mentions`` sums the articles' issue counts and ``events`` counts counted events that
    carry the issue (their own issues, else their article's)."""
    return store.con.execute(
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
