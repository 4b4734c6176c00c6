"""Name similarity used by the checks: spelling slips, romanisations and given-name extensions."""

from __future__ import annotations

import pytest

from communique.checks import similar_names
from communique.names import edit_distance


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("kezi", "kezhi", 1), ("kitten", "sitting", 3), ("", "abc", 3), ("same", "same", 0)],
)
def test_edit_distance_counts_single_letter_edits(a: str, b: str, distance: int) -> None:
    assert edit_distance(a, b) == distance
    assert edit_distance(b, a) == distance


@pytest.mark.parametrize(
    ("written", "known"),
    [
        ("Zhao Kezi", "Zhao Kezhi"),  # a dropped letter
        ("Wang Yijie", "Wang Yi"),  # a given name extended
        ("Volodymyr Zelenskiy", "Volodymyr Zelensky"),  # another romanisation
        ("Sergey Lavrov", "Sergei Lavrov"),
    ],
)
def test_variants_of_one_name_are_similar(written: str, known: str) -> None:
    assert similar_names(written, known)


@pytest.mark.parametrize(
    ("written", "known"),
    [
        ("Wang Xiaohong", "Zhao Kezhi"),
        ("Wang Yi", "Wang Yi"),  # the same name is not a variant of itself
        ("Li Qiang", "Li Keqiang"),  # different people who share a family name
        ("Kenji Moriyama", "Yoko Kamikawa"),
        ("Yi Wang", "Yijie Wang"),  # only a later token may be extended
    ],
)
def test_different_names_are_not_similar(written: str, known: str) -> None:
    assert not similar_names(written, known)
