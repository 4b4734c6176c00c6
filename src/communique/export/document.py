"""One coded article as a JSON document: the shape `communique code --format json` prints
and `POST /articles` returns."""

from __future__ import annotations

from typing import Any

from communique.export.plover import to_plover
from communique.records import CodedArticle
from communique.serialize import to_jsonable


def to_document(coded: CodedArticle) -> dict[str, Any]:
    """Article, removed pieces, actors, mentions, PLOVER events, quotes, issues, tone, flags."""
    return {
        "article": to_jsonable(coded.article),
        "removed": to_jsonable(coded.clean.removed),
        "actors": to_jsonable(coded.actors),
        "mentions": to_jsonable(coded.mentions),
        "events": [to_plover(e) for e in coded.events],
        "quotes": to_jsonable(coded.quotes),
        "issues": [{"issue": issue, "count": count} for issue, count in coded.issues],
        "tone": coded.tone,
        "flags": to_jsonable(coded.flags),
    }
