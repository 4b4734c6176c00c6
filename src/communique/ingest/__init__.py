"""ingest stage: files, folders and stdin in; ``Article`` records (or ``Rejected``) out.

Formats: .txt, .md (with optional front matter), .html/.htm (trafilatura), .jsonl and
.csv (one story per row), each optionally gzipped; folders are read recursively in
sorted order, and ``-`` reads stdin. Bad input never stops a run: it becomes a
``Rejected`` record whose reason says what was wrong and what to do.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from communique.config import IngestSettings
from communique.ingest.build import Found, build_article, normalise_newlines
from communique.ingest.datelines import (
    find_dateline,
    opening_end,
    parse_date,
    read_dateline,
    year_from_url,
)
from communique.ingest.identity import article_id, normalise_text
from communique.ingest.readers import SUPPORTED, Options, read_inputs
from communique.records import Article, Rejected

__all__ = [
    "SUPPORTED",
    "article_from_text",
    "article_id",
    "find_dateline",
    "normalise_text",
    "opening_end",
    "parse_date",
    "read_articles",
    "read_dateline",
    "year_from_url",
]


def read_articles(
    paths: Iterable[str | Path] | str | Path,
    *,
    published: dt.date | None = None,
    field_map: Mapping[str, str] | None = None,
    settings: IngestSettings | None = None,
) -> Iterator[Article | Rejected]:
    """Stream one Article per story (or one Rejected per bad input) from ``paths``.

    ``published`` is used for stories whose record carries no date; ``field_map`` maps
    our field names (text, published, title, url, source, id) to a JSONL/CSV file's names.
    A record's ``id`` is kept as the article's ``source_id``.
    """
    options = Options(published, dict(field_map or {}), settings or IngestSettings())
    if isinstance(paths, str | Path):  # one path given bare: not a sequence of characters
        paths = [paths]
    yield from read_inputs(iter(paths), options)


def article_from_text(
    text: str,
    *,
    title: str | None = None,
    published: dt.date | str | None = None,
    url: str | None = None,
    source: str | None = None,
    origin: str = "<memory>",
    source_id: str | None = None,
) -> Article:
    """An Article from a string, for library users; never rejects (even an empty text)."""
    found = Found(
        text=normalise_newlines(text),
        origin=origin,
        title=title,
        date_value=published,
        url=url,
        source=source,
        source_id=source_id,
    )
    # min_chars=0: a caller who hands us a string wants an Article back, not a verdict.
    built = build_article(found, None, IngestSettings(min_chars=0))
    if isinstance(built, Rejected):  # pragma: no cover - min_chars=0 accepts every text
        raise AssertionError(built.reason)
    return built
