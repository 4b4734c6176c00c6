"""GDELT-style tone from the VADER lexicon."""

from __future__ import annotations

import dataclasses

import pytest

from communique.issues import tone, tone_events
from communique.issues.tone import load_lexicon, words
from communique.records import Event


def test_lexicon_loads_from_the_installed_package() -> None:
    lexicon = load_lexicon()
    assert len(lexicon) > 7000
    assert lexicon["good"] > 0 > lexicon["bad"]


def test_sign_of_clearly_positive_and_negative_sentences() -> None:
    assert tone("The leaders praised a wonderful, friendly and successful meeting.") > 0
    assert tone("The brutal attack killed dozens and left the city in terrible fear.") < 0


def test_scale_is_percent_of_words() -> None:
    # 4 words, one positive ("good"): +25; one negative ("bad"): -25.
    assert tone("a good day today") == pytest.approx(25.0)
    assert tone("a bad day today") == pytest.approx(-25.0)
    assert tone("good good good good") == pytest.approx(100.0)
    assert tone("the meeting was held on Monday") == 0.0


def test_no_words_is_neutral() -> None:
    assert tone("") == 0.0
    assert tone("2024 -- 17 !!") == 0.0


def test_curly_apostrophes_are_words() -> None:
    assert words("They don’t agree") == ["they", "don't", "agree"]


def test_tone_events_sets_sentence_tone() -> None:
    event = Event(
        id="e1",
        article_id="art",
        event="ASSAULT",
        mode=None,
        context=(),
        cameo="190",
        goldstein=-10.0,
        quad_code=4,
        actors=(),
        recipients=(),
        trigger="attacked",
        sentence="Rebels attacked and killed villagers.",
        start=0,
        end=37,
    )
    (toned,) = tone_events([event])
    assert toned.tone is not None and toned.tone < 0
    assert dataclasses.replace(toned, tone=None) == event
