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
