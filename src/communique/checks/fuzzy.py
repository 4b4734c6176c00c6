"""Whether two personal names are probably the same name written differently.

Two tests, both on normalised names (lower case, no accents):

- spelling: an edit distance of at most one per six letters ("Zhao Kezi" / "Zhao Kezhi",
  "Zelenskiy" / "Zelensky"), after folding the letter pairs romanisations disagree on;
- extension: the same family-name token and one given name the start of the other
  ("Wang Yi" / "Wang Yijie"), a common slip of scraped and machine-translated copy.

Callers pass only people with the same country and office, so the loose tests stay precise.
"""

from __future__ import annotations

from collections.abc import Sequence

from communique.names import edit_distance, normalise

# Letter groups that different romanisations of one name write differently.
_FOLDS = (("zh", "z"), ("kh", "k"), ("ch", "c"), ("sh", "s"), ("ts", "c"), ("y", "i"), ("j", "i"))


def _fold(name: str) -> str:
    for many, one in _FOLDS:
        name = name.replace(many, one)
    return name


def similar_names(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` are likely the same person's name (but not the same string)."""
    ka, kb_ = normalise(a), normalise(b)
    if ka == kb_ or not ka or not kb_:
        return False
    ta, tb = ka.split(), kb_.split()
    if len(ta) == len(tb) >= 2 and _extension(ta, tb):
        return True
    fa, fb = _fold(ka), _fold(kb_)
    allowed = max(1, min(len(fa), len(fb)) // 6)
    return fa == fb or (min(len(fa), len(fb)) >= 6 and edit_distance(fa, fb) <= allowed)


def _extension(ta: list[str], tb: list[str]) -> bool:
    """All tokens equal but one, and of that one, one is the start of the other (two letters+)."""
    differing = [(x, y) for x, y in zip(ta, tb, strict=True) if x != y]
    if len(differing) != 1:
        return False
    x, y = differing[0]
    short, long_ = sorted((x, y), key=len)
    return len(short) >= 2 and long_.startswith(short) and differing[0] != (ta[0], tb[0])


def close_names(name: str, candidates: Sequence[tuple[str, str]]) -> list[str]:
    """Ids of the candidates (id, name) whose name is similar to ``name``."""
    return [cid for cid, cname in candidates if similar_names(name, cname)]
