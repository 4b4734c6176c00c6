"""clean: every removed kind on hand-written snippets, offsets, and the patterns file."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from communique.clean import clean_article, load_rules
from communique.clean.patterns import parse_rules
from communique.errors import DataFileError
from communique.ingest import article_from_text
from communique.records import REMOVED_KINDS, Article, CleanText

PARAGRAPH = (
    "The two harbour towns signed a deal on Tuesday that ends a decade of quarrels over "
    "fishing rights in the bay."
)
LATER = "Officials said the agreement would be reviewed by both councils next spring."


def _clean(text: str, title: str | None = None) -> tuple[Article, CleanText]:
    article = article_from_text(text, title=title)
    return article, clean_article(article)


def _check_offsets(article: Article, clean: CleanText) -> None:
    assert len(clean.text) == len(article.text)
    assert [i for i, c in enumerate(clean.text) if c == "\n"] == [
        i for i, c in enumerate(article.text) if c == "\n"
    ]
    for piece in clean.removed:
        assert piece.kind in REMOVED_KINDS
        assert article.text[piece.start : piece.end] == piece.text
        assert not clean.text[piece.start : piece.end].strip()
    spans = sorted((piece.start, piece.end) for piece in clean.removed)
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans))


def _removed(text: str, title: str | None = None) -> list[tuple[str, str]]:
    article, clean = _clean(text, title)
    _check_offsets(article, clean)
    return [(piece.kind, piece.text) for piece in clean.removed]


@pytest.mark.parametrize(
    "credit",
    [
        "© Coastline Pictures / Video channel",
        "Photo: Jane Roe/AFP",
        "Image credit: Harbour Office",
        "AP Photo/Jane Roe",
        "Jane Roe/AFP/Getty Images",
        "Photograph: Jane Roe/Reuters",
    ],
)
def test_credit_lines(credit: str) -> None:
    text = f"{PARAGRAPH}\n\n{credit}\n\n{LATER}"
    assert _removed(text) == [("credit", credit)]


@pytest.mark.parametrize(
    ("caption", "credit"),
    [
        ("Fishing boats tied up in the old harbour", "© Jane Roe / Getty Images"),
        ("Fishing boats tied up in the old harbour on Monday.", "(Photo: Jane Roe, AP)"),
        ("Fishing boats tied up in the old harbour.", "(Getty Images)"),
        ("Fishing boats tied up in the old harbour.", "(AP Photo/Jane Roe)"),
        ("Fishing boats tied up in the old harbour.", "Photo: Jane Roe/AFP/Getty Images"),
        ("Fishing boats tied up in the old harbour.", "| Jane Roe/AP Photo"),
    ],
)
def test_credit_glued_to_a_caption(caption: str, credit: str) -> None:
    glue = "" if credit.startswith("©") else " "
    text = f"{PARAGRAPH}\n\n{caption}{glue}{credit}\n\n{LATER}"
    assert _removed(text) == [("caption", caption), ("credit", credit)]


def test_agency_first_credit_in_capitals_makes_its_line_a_caption() -> None:
    caption = "The harbour master signs the deal in Portland, Maine, U.S., April 4, 2019."
    credit = "REUTERS/Jane Roe/File Photo TPX IMAGES OF THE DAY"
    text = f"{PARAGRAPH}\n\n{caption} {credit}\n\n{LATER}"
    assert _removed(text) == [("caption", caption), ("credit", credit)]


def test_flattened_photo_gallery_is_removed_item_by_item() -> None:
    items = [
        "Photos: Harbour towns sign a deal The mayors shake hands in 2002. Hide Caption 1 of 2",
        "Photos: Harbour towns sign a deal Fishing boats in the bay. Hide Caption 2 of 2",
    ]
    text = f"{PARAGRAPH}\n\n{' '.join(items)}\n\n{LATER}"
    assert _removed(text) == [("caption", item) for item in items]
    # text before the gallery on its line stays: only the captions go
    removed = _removed(f"{PARAGRAPH} {items[0]}\n\n{LATER}")
    assert removed == [("caption", items[0])]


def test_caption_line_next_to_a_credit_line() -> None:
    text = (
        f"{PARAGRAPH}\n\nThe mayor at the signing ceremony\n© Jane Roe / Harbour Press\n\n{LATER}"
    )
    assert _removed(text) == [
        ("caption", "The mayor at the signing ceremony"),
        ("credit", "© Jane Roe / Harbour Press"),
    ]


def test_truncated_caption_over_two_lines() -> None:
    text = (
        f"{PARAGRAPH}\n\nThe harbour master leaves the town hall after meeting with Sen.\n\n"
        f"Mary Vale (D-ME) on Tu© Jane Roe / Getty Images\n\n{LATER}"
    )
    assert _removed(text) == [
        ("caption", "The harbour master leaves the town hall after meeting with Sen."),
        ("caption", "Mary Vale (D-ME) on Tu"),
        ("credit", "© Jane Roe / Getty Images"),
    ]


def test_finished_paragraph_before_a_credit_is_kept() -> None:
    text = f"{PARAGRAPH}\n\nBoats in the harbour© Jane Roe / Getty Images\n\n{LATER}"
    removed = _removed(text)
    assert ("caption", "Boats in the harbour") in removed
    assert all(PARAGRAPH not in piece for _, piece in removed)


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("Enlarge this image", "toggle"),
        ("toggle caption", "toggle"),
        ("hide caption", "toggle"),
        ("Advertisement", "boilerplate"),
        ("ADVERTISEMENT", "boilerplate"),
        ("Share this article", "boilerplate"),
        ("Story Continued Below", "boilerplate"),
        ("Copyright © 2021 Harbour Press, LLC. Click here for reprint permission.", "boilerplate"),
        ("by Jane Roe", "byline"),
        ("By JANE ROE and JOHN DOE, Associated Press", "byline"),
        ("By Mary K. Vale, Harbour Press", "byline"),
    ],
)
def test_toggle_boilerplate_and_byline_lines(line: str, kind: str) -> None:
    text = f"{PARAGRAPH}\n\n{line}\n\n{LATER}"
    assert _removed(text) == [(kind, line)]


def test_toggle_then_doubled_credit_as_image_widgets_leave_it() -> None:
    line = "Enlarge this image toggle caption Jane Roe/AP Jane Roe/AP"
    assert _removed(f"{PARAGRAPH}\n\n{line}\n\n{LATER}") == [
        ("toggle", "Enlarge this image"),
        ("toggle", "toggle caption"),
        ("credit", "Jane Roe/AP Jane Roe/AP"),
    ]


def test_sentences_starting_with_by_are_story_text() -> None:
    text = f"By Tuesday evening the deal was done.\n\nBy then, {LATER}\n\nBy Monday Morning"
    assert _removed(text) == [("tagline", "By Monday Morning")]


def test_first_line_equal_to_title_is_the_headline() -> None:
    text = f"Harbour Deal Signed\n{PARAGRAPH}\n\n{LATER}"
    assert _removed(text, title="Harbour  deal signed") == [("headline", "Harbour Deal Signed")]


def test_first_line_not_equal_to_title_is_kept() -> None:
    text = f"Harbour towns agree\n\n{PARAGRAPH}\n\n{LATER}"
    assert _removed(text, title="Another title") == []


def test_untitled_first_line_headline_and_standfirst_kept() -> None:
    standfirst = "Both councils hope the deal ends years of quarrels on the water"
    text = f"Harbour Towns Sign Fishing Deal\n\n{standfirst}\n\n{PARAGRAPH}\n\n{LATER}"
    assert _removed(text) == [("headline", "Harbour Towns Sign Fishing Deal")]


def test_first_line_sentence_is_not_a_headline() -> None:
    assert _removed(f"{PARAGRAPH}\n\n{LATER}") == []
    assert _removed(f"Harbour talks\n{PARAGRAPH}") == []  # no blank line after it


def test_repeated_headline_after_byline() -> None:
    headline = "Harbour Towns Sign Fishing Deal"
    text = f"{headline}\n\nby Jane Roe\n{headline}\n\n{PARAGRAPH}"
    assert _removed(text) == [
        ("headline", "Harbour Towns Sign Fishing Deal"),
        ("byline", "by Jane Roe"),
        ("headline", "Harbour Towns Sign Fishing Deal"),
    ]


def test_repeated_title_anywhere() -> None:
    text = f"{PARAGRAPH}\n\nHarbour Deal\n\n{LATER}"
    assert _removed(text, title="Harbour Deal") == [("headline", "Harbour Deal")]


def test_short_repeated_lines_are_kept() -> None:
    text = f"{PARAGRAPH}\n\nJane Roe\nWe agree.\n\nJohn Doe\nWe do not.\n\nJane Roe\nFine. {LATER}"
    assert _removed(text) == []


def test_trailing_tag_line() -> None:
    text = f"{PARAGRAPH}\n\n{LATER}\n\nHarbour Fishing Mary Vale Coastal"
    assert _removed(text) == [("tagline", "Harbour Fishing Mary Vale Coastal")]


@pytest.mark.parametrize(
    "last",
    [
        "Harbour, fishing and the coast.",  # punctuation: a sentence
        "The harbour reopens in May",  # lower-case words: a sentence
        "Harbour",  # one word
    ],
)
def test_last_lines_that_are_not_tag_lines(last: str) -> None:
    assert _removed(f"{PARAGRAPH}\n\n{LATER}\n\n{last}") == []


def test_inline_parenthesised_credit_only_removes_the_credit() -> None:
    text = f"Boats in port on Monday. (Photo: Jane Roe, AP) {LATER}\n\n{PARAGRAPH}"
    assert _removed(text) == [("credit", "(Photo: Jane Roe, AP)")]


def test_dateline_agency_is_not_a_credit() -> None:
    text = f"May 3 (Reuters) - {PARAGRAPH}\n\nHARBOURTON (AP) — {LATER}"
    assert _removed(text) == []


def test_clean_text_keeps_story_and_blanks_the_rest() -> None:
    text = f"{PARAGRAPH}\nAdvertisement\n{LATER}"
    article, clean = _clean(text)
    assert clean.text == f"{PARAGRAPH}\n{' ' * len('Advertisement')}\n{LATER}"
    assert clean.article_id == article.id


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                PARAGRAPH,
                LATER,
                "",
                "Advertisement",
                "by Jane Roe",
                "Boats© Jane Roe / Getty Images",
                "Jane Roe/AP Jane Roe/AP",
                "Harbour Fishing Coastal",
                "  indented line with trailing space  ",
                "Short line",
            ]
        ),
        max_size=12,
    )
)
def test_offsets_hold_for_any_mix_of_lines(lines: list[str]) -> None:
    article, clean = _clean("\n".join(lines))
    _check_offsets(article, clean)
    # a finished story sentence survives whatever surrounds it
    assert (PARAGRAPH in clean.text) == (PARAGRAPH in lines)


def test_shipped_patterns_load_and_cover_every_place() -> None:
    rules = load_rules()
    assert {pattern.where for pattern in rules.patterns} == {"line", "prefix", "suffix", "inline"}
    assert "Sen." in rules.unfinished_abbreviations


BAD_REGEX = """limits:
  tagline_max_words: 8
patterns:
  - id: fine
    kind: credit
    where: line
    regex: 'Photo: .+'
  - id: broken
    kind: credit
    where: suffix
    regex: '(unclosed'
"""


def test_bad_regex_names_file_and_line() -> None:
    with pytest.raises(DataFileError) as error:
        parse_rules(BAD_REGEX, Path("my_patterns.yaml"))
    assert error.value.path == "my_patterns.yaml"
    assert error.value.line == 11
    assert "broken" in str(error.value) and "my_patterns.yaml:11" in str(error.value)


@pytest.mark.parametrize(
    ("patch", "message"),
    [
        (("kind: credit\n    where: suffix", "kind: photo\n    where: suffix"), "kind 'photo'"),
        (("where: suffix", "where: middle"), "where 'middle'"),
        (("id: broken", "id: fine"), "used twice"),
        (("tagline_max_words: 8", "tagline_max_words: many"), "whole number"),
        (("tagline_max_words: 8", "taglines: 8"), "unknown limit"),
        (("regex: '(unclosed'", "regex: 'x?'"), "empty string"),
        (("patterns:", "patterns: 3\nother:"), "'patterns' list"),
    ],
)
def test_invalid_patterns_file(patch: tuple[str, str], message: str) -> None:
    with pytest.raises(DataFileError, match=message):
        parse_rules(BAD_REGEX.replace(*patch), Path("p.yaml"))


def test_load_rules_from_a_user_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text("patterns:\n  - {id: promo, kind: boilerplate, where: line, regex: 'PROMO'}\n")
    rules = load_rules(str(path))
    article = article_from_text(f"{PARAGRAPH}\nPROMO\n{LATER}")
    assert [piece.text for piece in clean_article(article, rules).removed] == ["PROMO"]
    with pytest.raises(DataFileError, match="cannot be read"):
        load_rules(str(tmp_path / "missing.yaml"))
