"""The seed story's quotations: two direct ones and Blinken's indirect statement."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from communique.quotes import extract_quotes
from communique.records import Actor, Mention, Quote

if TYPE_CHECKING:
    from spacy.language import Language

pytestmark = pytest.mark.model

BLINKEN = Actor("cq:person:antony-blinken", "Antony Blinken", "USA", "GOV", kind="person")
WANG_YI = Actor("cq:person:wang-yi", "Wang Yi", "CHN", "GOV", kind="person")
XI = Actor("cq:person:xi-jinping", "Xi Jinping", "CHN", "GOV", kind="person")
USA = Actor("cq:state:usa", "United States", "USA", None, kind="state")
CHINA = Actor("cq:state:chn", "China", "CHN", None, kind="state")


def _actor_for(text: str) -> Actor | None:
    if "Blinken" in text:
        return BLINKEN
    if text.startswith("Wang") and "Xiaohong" not in text:
        return WANG_YI
    if "Xi" in text:
        return XI
    if text in {"US", "USA", "the US"}:
        return USA
    if text == "China":
        return CHINA
    return None


@pytest.fixture(scope="module")
def seed_quotes(nlp: Language, seed_text: str) -> tuple[Quote, ...]:
    doc = nlp(seed_text)
    mentions = [
        Mention("seed", ent.text, ent.start_char, ent.end_char, 0, _actor_for(ent.text))
        for ent in doc.ents
        if ent.label_ in {"PERSON", "GPE", "ORG", "NORP"}
    ]
    return extract_quotes(doc, mentions, "seed")


def test_blinken_obligation_quote(seed_quotes: tuple[Quote, ...]) -> None:
    quote = next(q for q in seed_quotes if q.text.startswith("We have an obligation to our people"))
    assert quote.direct
    assert quote.speaker is not None and quote.speaker.actor == BLINKEN
    assert quote.place_text == "Shanghai"


def test_wang_two_sentence_quote_to_blinken(seed_quotes: tuple[Quote, ...], seed_text: str) -> None:
    quote = next(q for q in seed_quotes if q.text.startswith("Overall, the relationship"))
    assert quote.direct
    assert "But at the same time" in quote.text  # both sentences in one quote
    assert quote.speaker is not None and quote.speaker.actor == WANG_YI
    assert quote.addressee is not None and quote.addressee.actor == BLINKEN
    assert seed_text[quote.start : quote.end] == quote.text


def test_blinken_indirect_statement(seed_quotes: tuple[Quote, ...]) -> None:
    quote = next(q for q in seed_quotes if q.text.startswith("the US is committed to maintaining"))
    assert not quote.direct
    assert quote.speaker is not None and quote.speaker.actor == BLINKEN


def test_exactly_two_direct_quotes(seed_quotes: tuple[Quote, ...]) -> None:
    assert sum(q.direct for q in seed_quotes) == 2
