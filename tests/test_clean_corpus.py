"""clean (and ingest) on real text: the seed story and AllSides snippets from ../shared."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from communique.clean import clean_article
from communique.ingest import read_articles
from communique.records import Article, CleanText

pytestmark = pytest.mark.shared

ALLSIDES_MAP = {"text": "content_original", "published": "date"}


def _check_offsets(article: Article, clean: CleanText) -> None:
    assert len(clean.text) == len(article.text)
    for piece in clean.removed:
        assert article.text[piece.start : piece.end] == piece.text
        assert not clean.text[piece.start : piece.end].strip()


def _seed(shared_dir: Path) -> Article:
    (article,) = read_articles([shared_dir / "seeds" / "000_d266b461f1e30434.txt"])
    assert isinstance(article, Article)
    return article


def test_seed_removals(shared_dir: Path) -> None:
    article = _seed(shared_dir)
    clean = clean_article(article)
    _check_offsets(article, clean)
    removed = [(piece.kind, piece.text) for piece in clean.removed]
    headline = (
        "Antony Blinken's Diplomatic Mission in Beijing: Meeting with Xi Jinping and Officials"
    )
    bloomberg = "© Bloomberg Television / Youtube channel"
    assert removed == [
        ("headline", headline),
        ("byline", "by Sededin Dedovic"),
        ("headline", headline),
        ("credit", bloomberg),
        ("caption", "Blinken and Wang Discuss US-China Relations in Beijing"),
        ("credit", bloomberg),
        ("caption", removed[6][1]),
        ("caption", "John Fetterman (D-PA) on Ma"),
        ("credit", "© Anna Moneymaker / Getty Images"),
        ("tagline", "Beijing Xi Jinping Chinese"),
    ]
    assert removed[6][1].startswith("Shou Zi Chew") and removed[6][1].endswith("Sen.")


def test_seed_keeps_every_real_paragraph(shared_dir: Path) -> None:
    article = _seed(shared_dir)
    clean = clean_article(article)
    removed_lines = {piece.text for piece in clean.removed}
    paragraphs = [line for line in article.text.split("\n") if line.endswith(".")]
    kept = [line for line in paragraphs if line not in removed_lines]
    assert len(paragraphs) - len(kept) == 1  # only the truncated caption ending in "Sen."
    for line in kept:
        assert line in clean.text
    standfirst = "Blinken met with Xi after talks with Chinese Foreign Minister Wang Yi"
    assert standfirst in clean.text


def _allsides(shared_dir: Path) -> Iterator[Article]:
    path = shared_dir / "corpora" / "allsides" / "allsides_international_articles.jsonl.gz"
    for item in read_articles([path], field_map=ALLSIDES_MAP):
        assert isinstance(item, Article), item
        yield item


def _first(shared_dir: Path, wanted: Callable[[Article], bool]) -> Article:
    for article in _allsides(shared_dir):
        if wanted(article):
            return article
    pytest.skip("no matching AllSides article")


def _line_with(article: Article, pattern: str) -> str:
    return next(line for line in article.text.split("\n") if re.search(pattern, line))


@pytest.mark.parametrize(
    ("marker", "kinds"),
    [
        (r"^Enlarge this image toggle caption ", {"toggle", "credit"}),  # NPR image widget
        (r"\(AP Photo/[^)]*\)$", {"caption", "credit"}),  # AP caption with credit
        (r"\. Photograph: [^.]+$", {"caption", "credit"}),  # Guardian caption
        (r"^Copyright © \d{4} The Washington Times", {"boilerplate"}),
        (r"^Story Continued Below$", {"boilerplate"}),
        (r"^Photos: .* Hide Caption \d+ of \d+$", {"caption"}),  # CNN gallery
        (r"\d{4}\. REUTERS/[A-Z][^/]+$", {"caption", "credit"}),  # Reuters caption
    ],
)
def test_allsides_forms_are_removed(shared_dir: Path, marker: str, kinds: set[str]) -> None:
    article = _first(shared_dir, lambda a: re.search(marker, a.text, re.MULTILINE) is not None)
    clean = clean_article(article)
    _check_offsets(article, clean)
    line = _line_with(article, marker)
    start = article.text.index(line)
    on_line = [p for p in clean.removed if start <= p.start and p.end <= start + len(line)]
    assert {piece.kind for piece in on_line} == kinds
    assert not clean.text[start : start + len(line)].strip()


def test_allsides_sample_is_cleaned_conservatively(shared_dir: Path) -> None:
    """Long finished paragraphs without any credit marker are never removed."""
    credit_marker = re.compile(
        r"Photo|Getty|©|Copyright|/AP|AFP|Reuters|caption|Image|Sign up", re.IGNORECASE
    )
    checked = 0
    for article in itertools.islice(_allsides(shared_dir), 300):
        clean = clean_article(article)
        _check_offsets(article, clean)
        removed = {piece.text for piece in clean.removed}
        lines = article.text.split("\n")
        for line in lines:
            story_like = len(line) > 200 and line.rstrip().endswith(".")
            if story_like and not credit_marker.search(line) and lines.count(line) == 1:
                assert line.strip() not in removed, (article.origin, line)
                checked += 1
    assert checked > 1000


def test_allsides_reads_with_a_field_map(shared_dir: Path) -> None:
    first = next(_allsides(shared_dir))
    assert first.published_basis == "record" and first.published is not None
    assert first.origin.endswith(".jsonl.gz:1")
    assert first.title and first.source and first.url
