"""Invisible format characters (zero-width space, direction marks, soft hyphen, BOM) inside
words: removed at ingest, so the word is whole for the parser and the event is coded, with
every offset valid in the stored text."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique import code_text
from communique.ingest import article_from_text, article_id, read_articles
from communique.records import Article

SENTENCE = "The American secretary of state {w} the Chinese foreign minister in Beijing on Friday."
INVISIBLE = {
    "zero-width space": "\u200b",
    "zero-width non-joiner": "\u200c",
    "zero-width joiner": "\u200d",
    "right-to-left mark": "\u200f",
    "right-to-left override": "\u202e",
    "word joiner": "\u2060",
    "first strong isolate": "\u2068",
    "byte-order mark": "\ufeff",
    "soft hyphen": "\u00ad",
}


@pytest.mark.parametrize("char", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_invisible_characters_are_removed_from_the_story(tmp_path: Path, char: str) -> None:
    path = tmp_path / "story.txt"
    path.write_text(SENTENCE.format(w=f"me{char}t") + f" Talks{char} went on.", "utf-8")
    (article,) = read_articles(path)
    assert isinstance(article, Article)
    assert article.text == SENTENCE.format(w="met") + " Talks went on."
    assert article.id == article_id(article.text) == article_id(path.read_text("utf-8"))


def test_a_story_of_invisible_characters_only_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_text("\u200b\u200f\ufeff" * 30, "utf-8")
    (item,) = read_articles(path)
    assert not isinstance(item, Article)
    assert "empty" in item.reason


def test_visible_text_in_other_scripts_is_kept() -> None:
    text = "\u0645\u0631\u062d\u0628\u0627 \u0600\u0661 caf\u00e9 na\u0308ive " + SENTENCE
    assert article_from_text(text).text == text


@pytest.mark.model
@pytest.mark.parametrize("char", INVISIBLE.values(), ids=INVISIBLE.keys())
def test_an_event_behind_an_invisible_character_is_coded_with_valid_offsets(
    nlp: object, char: str
) -> None:
    text = "WASHINGTON - " + SENTENCE.format(w=f"me{char}t") + f"\n\n{char}The talks were frank."
    coded = code_text(text, published="2024-04-26")
    consults = [e for e in coded.events if e.event == "CONSULT"]
    assert consults, [e.event for e in coded.events]
    stored = coded.article.text
    assert char not in stored
    for event in consults:
        assert stored[event.start : event.end] == event.sentence
        assert "met" in stored[event.trigger_start : event.trigger_end]


# Cyrillic and Greek letters drawn like Latin ones, as a spoofed or mis-typed word holds them.
LOOKALIKES = {
    "Cyrillic a": ("m\u0435t", "met"),
    "Cyrillic capital": ("\u0422he", "The"),
    "Greek omicron": ("Chinese f\u03bfreign", "Chinese foreign"),
}


@pytest.mark.parametrize(("spoofed", "plain"), LOOKALIKES.values(), ids=LOOKALIKES.keys())
def test_lookalike_letters_inside_latin_words_are_made_latin(spoofed: str, plain: str) -> None:
    text = SENTENCE.format(w="met").replace(plain, spoofed, 1)
    assert text != SENTENCE.format(w="met")
    article = article_from_text(text)
    assert article.text == SENTENCE.format(w="met")
    assert len(article.text) == len(text)  # one letter for one: no offset moves
    assert article.id == article_id(text)


def test_words_written_in_cyrillic_or_greek_stay_as_written() -> None:
    text = "\u041c\u043e\u0441\u043a\u0432\u0430 and \u0391\u03b8\u03ae\u03bd\u03b1 " + SENTENCE
    assert article_from_text(text).text == text


@pytest.mark.model
def test_an_event_behind_a_lookalike_letter_is_coded(nlp: object) -> None:
    coded = code_text(SENTENCE.format(w="m\u0435t"), published="2024-04-26")
    assert "CONSULT" in [e.event for e in coded.events]
