"""clean stage: remove what web scraping leaves in a story's text.

Photo credits, image captions, widget toggles ("Enlarge this image"), boilerplate
("Advertisement"), bylines, repeated headlines and trailing tag lines are found line by
line (see ``cleaner``) with patterns from ``data/clean/patterns.yaml``.

Offsets are never remapped: every removed piece is *blanked* (replaced by spaces, with
newlines kept), so ``CleanText.text`` has exactly the length of ``Article.text`` and any
offset found in the cleaned text - a sentence, a mention, an event - points at the same
characters in the original text. Later stages can therefore quote ``Article.text`` as
evidence without an offset map, and ``CleanText.removed`` says what was blanked and why.
"""

from __future__ import annotations

import logging

from communique.clean.cleaner import (
    Findings,
    apply_patterns,
    first_line_headline,
    neighbour_captions,
    repeated_lines,
    split_lines,
    trailing_tags,
)
from communique.clean.patterns import CleanRules, load_rules
from communique.ingest import opening_end, read_dateline, year_from_url
from communique.quotations import find_quote_groups
from communique.records import Article, CleanText, Dateline, Removed

__all__ = [
    "CleanRules",
    "blank_out",
    "body_dateline",
    "body_of",
    "clean_article",
    "find_removals",
    "load_rules",
]

logger = logging.getLogger(__name__)


def find_removals(text: str, title: str | None, rules: CleanRules) -> tuple[Removed, ...]:
    """Every piece of ``text`` that is not story text, in text order."""
    lines = split_lines(text)
    found = Findings()
    for line in lines:
        if not line.blank:
            apply_patterns(text, line, rules, found)
    first_line_headline(text, lines, title, rules, found)
    repeated_lines(text, lines, title, rules, found)
    neighbour_captions(text, lines, rules, found)
    trailing_tags(text, lines, rules, found)
    return tuple(sorted(found.pieces, key=lambda piece: piece.start))


def blank_out(text: str, removed: tuple[Removed, ...]) -> str:
    """``text`` with every removed piece replaced by spaces; newlines stay where they were."""
    chars = list(text)
    for piece in removed:
        for offset in range(max(piece.start, 0), min(piece.end, len(chars))):
            if chars[offset] != "\n":
                chars[offset] = " "
    return "".join(chars)


def clean_article(article: Article, rules: CleanRules | None = None) -> CleanText:
    """The story body of ``article``: same length as its text, non-story pieces blanked."""
    rules = rules or load_rules()
    removed = find_removals(article.text, article.title, rules)
    if removed:
        logger.debug("%s: removed %d pieces", article.origin, len(removed))
    return body_of(article, removed)


def body_of(article: Article, removed: tuple[Removed, ...]) -> CleanText:
    """The ``CleanText`` of ``article`` once ``removed`` is known: its text with the pieces
    blanked, the dateline of that text and its quotations (found here, once, for every
    later stage)."""
    text = blank_out(article.text, removed)
    dateline = body_dateline(article, text, removed)
    return CleanText(article.id, text, removed, dateline, find_quote_groups(text))


def body_dateline(article: Article, text: str, removed: tuple[Removed, ...]) -> Dateline | None:
    """The dateline of the cleaned ``text``.

    Blanking keeps every offset, so the dateline ingest read stays right as it is unless a
    piece blanked among the opening lines the reader looks at: a blanked headline or byline
    brings the next line into them ("Headline / By X / Photo: Y / BEIJING —"), and a blanked
    credit may be the line that looked like a dateline. Only then is the cleaned opening read
    again, by the same reader; likewise for an Article made by hand, whose dateline nobody
    read.
    """
    window = opening_end(article.text)
    if article.dateline is not None and not any(piece.start < window for piece in removed):
        return article.dateline
    return read_dateline(text, year_from_url(article.url))
