"""Quotation marks found on the text alone: pairing, split quotes, paragraphs, apostrophes."""

from __future__ import annotations

from communique.quotations import find_quote_groups, quote_text


def _texts(text: str) -> list[str]:
    return [quote_text(text, group)[0] for group in find_quote_groups(text)]


def test_straight_and_curly_double_quotes() -> None:
    text = 'She said "the port stays open." Later: “The fleet sails at dawn.”'
    assert _texts(text) == ["the port stays open.", "The fleet sails at dawn."]


def test_span_points_at_the_words_without_the_handover_comma() -> None:
    text = "“We will rebuild the bridge,” the mayor said."
    (group,) = find_quote_groups(text)
    words, start, end = quote_text(text, group)
    assert words == "We will rebuild the bridge"
    assert text[start:end] == words


def test_split_quote_is_one_group_with_both_parts() -> None:
    text = "“Our duty,” the envoy said, “is to keep talking.” Then she left."
    (group,) = find_quote_groups(text)
    assert len(group.segments) == 2
    words, start, end = quote_text(text, group)
    assert words == "Our duty is to keep talking."
    assert start == 1 and text[end - 1] == "."


def test_two_separate_sentences_stay_two_quotes() -> None:
    text = "“The talks failed.” The envoy left. “We will return,” she said."
    assert _texts(text) == ["The talks failed.", "We will return"]


def test_quote_continued_in_the_next_paragraph() -> None:
    text = (
        "The minister spoke at length.\n\n"
        "“First, we build roads.\n\n"
        "“Then we build schools,” he said."
    )
    groups = find_quote_groups(text)
    assert len(groups) == 1
    assert len(groups[0].segments) == 2
    assert quote_text(text, groups[0])[0] == "First, we build roads. Then we build schools"


def test_unclosed_quote_without_continuation_ends_at_its_paragraph() -> None:
    text = "He began: “We tried everything\n\nThe room fell silent."
    (group,) = find_quote_groups(text)
    assert quote_text(text, group)[0] == "We tried everything"


def test_apostrophes_are_not_quotes() -> None:
    text = "The country’s leaders don’t agree on the ministers’ plan."
    assert find_quote_groups(text) == ()


def test_single_curly_quotes_inside_words_boundaries() -> None:
    text = "The envoy called it ‘a turning point for the region’ on Monday."
    (group,) = find_quote_groups(text)
    assert group.single
    assert quote_text(text, group)[0] == "a turning point for the region"


def test_single_quotes_nested_in_double_quotes_are_part_of_the_outer_quote() -> None:
    text = "“They called it ‘a farce’ and walked out,” she said."
    groups = find_quote_groups(text)
    assert len(groups) == 1
    assert not groups[0].single


def test_straight_quotes_continued_in_the_next_paragraph() -> None:
    text = 'He read the letter aloud.\n"We asked for help.\n"Nobody came," she added.'
    (group,) = find_quote_groups(text)
    assert quote_text(text, group)[0] == "We asked for help. Nobody came"


def test_inch_marks_are_not_quotes() -> None:
    assert find_quote_groups('The screen measures 15" across and weighs little.') == ()
