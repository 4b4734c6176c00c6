"""HTML pages: the main text and metadata, extracted with trafilatura."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from communique.ingest.datelines import parse_date

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class HtmlStory:
    """What trafilatura found in a page."""

    text: str
    title: str | None = None
    published: dt.date | None = None
    url: str | None = None
    source: str | None = None


def _find_date(html: str) -> dt.date | None:
    # htmldate is what trafilatura uses; asking it directly with original_date=True
    # prefers the publication date over a "last updated" date.
    from htmldate import find_date  # noqa: PLC0415 - heavy import, only for HTML input

    try:
        found = find_date(html, original_date=True, extensive_search=False)
    except (ValueError, TypeError) as exc:  # htmldate raises on odd input; a missing date is fine
        logger.debug("htmldate failed: %s", exc)
        return None
    return parse_date(found) if found else None


def extract_html(html: str) -> HtmlStory | None:
    """The main text, title, date, URL and site name of a page; None when it has no main text."""
    import trafilatura  # noqa: PLC0415 - heavy import, only for HTML input

    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False
    )
    if document is None:
        return None
    text = getattr(document, "text", None) or ""
    if not text.strip():
        return None
    published = parse_date(getattr(document, "date", None)) or _find_date(html)
    return HtmlStory(
        text=text,
        title=getattr(document, "title", None) or None,
        published=published,
        url=getattr(document, "url", None) or None,
        source=getattr(document, "sitename", None) or None,
    )
