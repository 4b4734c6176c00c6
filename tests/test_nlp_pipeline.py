"""nlp: the components communique adds to the spaCy pipeline."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
import spacy
from spacy.tokens import Span

from communique.nlp.pipeline import (
    ENTITY_COMPONENT,
    PARAGRAPH_COMPONENT,
    split_entities_at_breaks,
    title_abbreviations,
)

if TYPE_CHECKING:
    from spacy.language import Language


def test_an_entity_run_across_a_paragraph_break_keeps_its_longest_line() -> None:
    doc = spacy.blank("en")("Relations with Venezuela\n\nPresident Donald Trump spoke.")
    venezuela = next(t.i for t in doc if t.text == "Venezuela")
    trump = next(t.i for t in doc if t.text == "Trump")
    doc.ents = [Span(doc, venezuela, trump + 1, label="PERSON")]
    fixed = split_entities_at_breaks(doc)
    assert [(e.text, e.label_) for e in fixed.ents] == [("President Donald Trump", "PERSON")]


def test_entities_within_a_line_are_left_alone() -> None:
    doc = spacy.blank("en")("Antony Blinken met Wang Yi.\n\nThey talked.")
    doc.ents = [Span(doc, 0, 2, label="PERSON"), Span(doc, 3, 5, label="PERSON")]
    assert [e.text for e in split_entities_at_breaks(doc).ents] == ["Antony Blinken", "Wang Yi"]


@pytest.mark.model
def test_the_loaded_pipeline_has_both_components(nlp: Language) -> None:
    assert PARAGRAPH_COMPONENT in nlp.pipe_names
    assert nlp.pipe_names.index(ENTITY_COMPONENT) == nlp.pipe_names.index("ner") + 1
    doc = nlp("Venezuela\n\nPresident Donald Trump met the envoy on Monday.")
    assert all("\n" not in ent.text for ent in doc.ents)


@pytest.mark.model
@pytest.mark.parametrize("title", ["Cmdr.", "Sgt.", "Supt.", "Amb."])
def test_an_abbreviated_title_ends_no_sentence(nlp: Language, title: str) -> None:
    doc = nlp(f"Navy spokesman {title} Dave Benham said the ship was safe.")
    assert title in [t.text for t in doc]
    assert len(list(doc.sents)) == 1


def test_the_abbreviation_list_is_read_and_checked() -> None:
    abbreviations = title_abbreviations()
    assert "Cmdr." in abbreviations
    assert all(a.endswith(".") and " " not in a for a in abbreviations)
