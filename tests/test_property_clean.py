"""clean, property-based: any text at all keeps its length, offsets and story characters.

Extends tests/test_clean_rules.py (which mixes known story and credit lines) with
arbitrary and hostile text: control and zero-width characters, right-to-left marks,
lone carriage returns, and lines built from the cleaner's own triggers.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from communique.clean import clean_article
from communique.ingest import article_from_text
from communique.records import REMOVED_KINDS, Article, CleanText

# Lines the cleaner has rules for, plus story lines and hostile characters.
FRAGMENTS = [
    "The minister met the envoy in the capital on Tuesday to discuss the border.",
    "Advertisement",
    "Enlarge this image",
    "By Jane Roe",
    "Jane Roe/AP Jane Roe/AP",
    "Photo: Jane Roe/AFP",
    "© Harbour Pictures",
    "Share this article",
    "Harbour Fishing Coastal",
    "\u200b\u200d\u2060",
    "\u202eevil\u202c \u2067\u0645\u0631\u062d\u0628\u0627\u2069",
    "\ufeff",
    "   ",
    "",
    "\t",
    "\u00a0",
]

hostile_text = st.one_of(
    st.text(max_size=400),
    st.lists(st.sampled_from(FRAGMENTS), max_size=20).map("\n".join),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=40)), max_size=12).map(
        "\n".join
    ),
)


def _clean(text: str, title: str | None = None) -> tuple[Article, CleanText]:
    article = article_from_text(text, title=title)
    return article, clean_article(article)


def _assert_blanked_only(article: Article, clean: CleanText) -> None:
    original, cleaned = article.text, clean.text
    assert len(cleaned) == len(original)
    inside = [False] * len(original)
    for piece in clean.removed:
        assert piece.kind in REMOVED_KINDS
        assert 0 <= piece.start < piece.end <= len(original)
        assert original[piece.start : piece.end] == piece.text
        assert not cleaned[piece.start : piece.end].strip()
        for offset in range(piece.start, piece.end):
            inside[offset] = True
    spans = sorted((piece.start, piece.end) for piece in clean.removed)
    assert all(end <= start for (_, end), (start, _) in itertools.pairwise(spans))
    # Outside the removed pieces every character is the original one, newlines everywhere.
    for offset, (before, after) in enumerate(zip(original, cleaned, strict=True)):
        if not inside[offset] or before == "\n":
            assert after == before, offset


@settings(max_examples=150, deadline=None)
@given(hostile_text, st.one_of(st.none(), st.sampled_from(FRAGMENTS), st.text(max_size=30)))
def test_any_text_keeps_length_and_blanks_only_removed_pieces(text: str, title: str | None) -> None:
    article, clean = _clean(text, title)
    _assert_blanked_only(article, clean)


# Known defect, kept visible: the cleaner is not idempotent. Its context rules (headline =
# first line, tag line = last line after a break) see a blanked line as a paragraph break on
# a second pass, so cleaning cleaned text can remove more. The pipeline cleans once, so no
# output changes; fixing it means the rules must tell blanked lines from blank ones.
@pytest.mark.xfail(strict=True, reason="cleaner is not idempotent: blanked lines read as breaks")
@pytest.mark.parametrize(
    "text",
    [
        "The minister met the envoy on Tuesday.\nThe minister met the envoy on Tuesday.\nH F",
        "ADVERTISEMENT\n0\n0",
    ],
)
def test_cleaning_twice_is_a_fixed_point(text: str) -> None:
    _, first = _clean(text)
    _, second = _clean(first.text)
    assert second.text == first.text
