"""SQL fragments the store's queries share, so that every listing, tally and export counts
the same events and matches a side the same way."""

from __future__ import annotations

from pathlib import Path

from communique.store.dedupe import COUNTED_SQL

# Counted events: factual and canonical (see store.dedupe). Expects events aliased ``e``.
COUNTED = COUNTED_SQL


def issues_of(event_issues: str = "e.issues") -> str:
    """The issue ids of an event: its own (``event_issues``) when the issues stage set them,
    else its article's. Expects the articles table aliased as ``a``; ``articles.issues`` is
    JSON ``[[issue, count], ...]``."""
    return f"""
        CASE WHEN len(coalesce({event_issues}, [])) > 0 THEN {event_issues}
             ELSE coalesce(json_extract_string(a.issues, '$[*][0]'), [])
        END
    """


def side(prefix: str, param: str) -> str:
    """``prefix`` side (actor/recipient) of ``e`` matches the bound ``$param`` (country code,
    actor id or CAMEO code; ``$param_upper`` is the upper-cased form for codes)."""
    return (
        f"(list_contains(e.{prefix}_countries, ${param}_upper)"
        f" OR list_contains(e.{prefix}_ids, ${param})"
        f" OR list_contains(e.{prefix}_codes, ${param}_upper))"
    )


def dyad(directed: bool) -> str:
    """Events between ``$a`` and ``$b``: a acts on b, and b on a unless ``directed``."""
    forward = f"({side('actor', 'a')} AND {side('recipient', 'b')})"
    if directed:
        return forward
    return f"({forward} OR ({side('actor', 'b')} AND {side('recipient', 'a')}))"


def sql_string(value: str | Path) -> str:
    """``value`` (a path) as a SQL string literal, single quotes doubled: for ``COPY ... TO``,
    which takes no bound parameter for its file."""
    return "'" + str(value).replace("'", "''") + "'"
