"""Who and what the stored events are about most."""

from __future__ import annotations

from typing import TYPE_CHECKING

from communique.store.tallies import actor_ranking, issue_ranking

if TYPE_CHECKING:
    import pandas as pd

    from communique.store import EventStore


def top_actors(store: EventStore, n: int = 20) -> pd.DataFrame:
    """The ``n`` actors in most counted events: ``actor_id, name, country, sector, code,
    events, as_actor, as_recipient, goldstein_mean`` (ties broken by id)."""
    return actor_ranking(store, n)


def top_issues(store: EventStore, n: int = 20) -> pd.DataFrame:
    """The ``n`` issues in most articles: ``issue, articles, mentions, events`` where
    ``mentions`` sums the articles' issue counts and ``events`` counts counted events that
    carry the issue (their own issues, else their article's)."""
    return issue_ranking(store, n)
