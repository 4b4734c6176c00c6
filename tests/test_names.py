"""The one name normaliser (its named forms) and the string distances names are compared with."""

from __future__ import annotations

import difflib

import pytest

from communique.names import (
    NAME_KEY,
    PHRASE_KEY,
    PLACE_KEY,
    KeyForm,
    fold_accents,
    normalise,
    similarity,
)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("the U.S.", "US"),
        ("Putin's", "Putin"),
        ("Putin’s", "Putin"),  # a typographic apostrophe
        ("the Taliban'", "Taliban"),
        ("[Russian President Vladimir] Putin", "Russian President Vladimir Putin"),
        ("al-Assad", "al Assad"),
        ("Sa`id", "Sa'id"),  # a backtick written for an ayn
        ("Kraków", "krakow"),
        ("  Xi   Jinping ", "xi jinping"),
        ("Straße", "Strasse"),
    ],
)
def test_name_key_ignores_what_two_spellings_of_a_name_differ_in(a: str, b: str) -> None:
    assert normalise(a) == normalise(b) == normalise(a, NAME_KEY)


def test_place_key_keeps_hyphens_and_trims_list_punctuation() -> None:
    assert normalise("Guinea-Bissau", PLACE_KEY) == "guinea-bissau"
    assert normalise("(Paris)", PLACE_KEY) == "paris"
    assert normalise("Paris , France;", PLACE_KEY) == "paris, france"
    assert normalise("the  Gulf", PLACE_KEY) == "gulf"
    assert normalise("Putin's", PLACE_KEY) == "putin's"  # no possessive in a place key


def test_phrase_key_keeps_the_texts_own_letters() -> None:
    # a regular expression built from the key must still find the text: only case and spaces go
    assert normalise("Human\n  Rights", PHRASE_KEY) == "human rights"
    assert normalise("The U.S. Straße", PHRASE_KEY) == "the u.s. straße"
    assert normalise("Côte d’Ivoire", PHRASE_KEY) == "côte d’ivoire"


def test_forms_are_options_of_one_normaliser() -> None:
    bare = KeyForm(drop_dots=False, drop_leading_the=False)
    assert normalise("The U.S.", bare) == "the u.s."
    assert normalise("The U.S.", KeyForm()) == "us"


def test_fold_accents_leaves_ascii_alone() -> None:
    assert fold_accents("Zürich, Ñuñoa") == "Zurich, Nunoa"
    text = "plain"
    assert fold_accents(text) is text


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("we will not give up an inch of our land", "we will not give up an inch of land"),
        ("completely different words here", "nothing alike at all in this one"),
        ("", "abc"),
    ],
)
def test_similarity_is_never_below_difflibs_ratio(a: str, b: str) -> None:
    # difflib counts greedy matching blocks; the longest common subsequence is at least as long
    ours = similarity(a, b)
    assert 0.0 <= ours <= 1.0
    assert ours >= difflib.SequenceMatcher(None, a, b).ratio() - 1e-9
    assert similarity(a, a or "x") == (1.0 if a else 0.0)
