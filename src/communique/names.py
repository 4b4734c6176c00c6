"""How names and phrases are compared: one normaliser, with named forms, and string distances.

A *key* is what two spellings of one name share, so that an index built from data files and the
text a story writes meet in one dictionary look-up. Stages differ on what may differ between two
spellings of the same thing; those differences are the fields of ``KeyForm`` and the named forms
below, not separate normalisers:

- ``NAME_KEY`` (people, organisations, countries, agent terms, towns an actor is qualified with):
  "the U.S." = "US", "Putin's" = "Putin", "al-Assad" = "al Assad", "[Vladimir] Putin" =
  "Vladimir Putin";
- ``PLACE_KEY`` (the gazetteers): as names, but hyphens stay ("Guinea-Bissau" is not "Guinea
  Bissau"), and the punctuation a place is quoted or listed with is trimmed ("(Paris)", "Paris,");
- ``PHRASE_KEY`` (issue terms, lines the cleaner compares): only case and spacing; the key keeps
  the text's own letters, because a regular expression built from it must still find the text.

Distances go through ``rapidfuzz``.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from rapidfuzz.distance import Indel, Levenshtein

__all__ = [
    "NAME_KEY",
    "PHRASE_KEY",
    "PLACE_KEY",
    "SITE_WORDS",
    "KeyForm",
    "edit_distance",
    "fold_accents",
    "normalise",
    "similarity",
]

# Words that, capitalised after a place name, make it the name of a site ("Victoria Park",
# "Washington Square", "Oxford Street"): the site's city is not the one its name starts with.
# fmt: off
SITE_WORDS = frozenset({
    "park", "square", "street", "road", "avenue", "boulevard", "lane", "gardens", "garden",
    "hotel", "bridge", "hall", "stadium", "university", "college", "school", "hospital",
    "mosque", "church", "cathedral", "temple", "palace", "tower", "building", "centre",
    "center", "mall", "market",
})
# fmt: on

# Typographic apostrophes: news text and data files write "Côte d’Ivoire" and "Cote d'Ivoire".
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})


@dataclass(frozen=True, slots=True)
class KeyForm:
    """What two spellings of one name may differ in and still share a key."""

    # Accents, typographic apostrophes and case beyond lower case ("Kraków" = "Krakow",
    # "d’Ivoire" = "d'Ivoire", "Straße" = "Strasse"). Off: lower case only, the text's own letters.
    fold_spelling: bool = True
    drop_dots: bool = True  # "U.S." = "US", "St. Louis" = "St Louis"
    hyphens_as_spaces: bool = False  # "al-Assad" = "al Assad"
    # An editor's brackets are not part of the name: "[Russian President Vladimir] Putin".
    drop_brackets: bool = False
    drop_possessive: bool = False  # "Putin's" = "Putin", "the Taliban'" = "the Taliban"
    # Characters trimmed from both ends (and a space before a comma closed up): the punctuation
    # a name is quoted or listed with.
    trim: str = ""
    drop_leading_the: bool = True  # "the Gulf" = "Gulf"


NAME_KEY = KeyForm(hyphens_as_spaces=True, drop_brackets=True, drop_possessive=True)
PLACE_KEY = KeyForm(trim=" ,;:'\"()")
PHRASE_KEY = KeyForm(fold_spelling=False, drop_dots=False, drop_leading_the=False)


def fold_accents(text: str) -> str:
    """'Kraków' -> 'Krakow': news text spells names both ways."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def normalise(text: str, form: KeyForm = NAME_KEY) -> str:
    """The key ``text`` is indexed and looked up under, in ``form``; spaces always collapse."""
    # The actor stage keys every candidate phrase: plain ASCII skips the Unicode work.
    if not form.fold_spelling:
        text = text.lower()
    elif text.isascii():
        text = (text.replace("`", "'") if "`" in text else text).lower()
    else:
        text = fold_accents(text).translate(_APOSTROPHES).casefold()
    if form.drop_dots:
        text = text.replace(".", "")
    if form.hyphens_as_spaces:
        text = text.replace("-", " ")
    if form.drop_brackets:
        text = text.replace("[", "").replace("]", "")
    if form.drop_possessive and text.endswith("'"):
        text = text[:-1]
    elif form.drop_possessive and text.endswith("'s"):
        text = text[:-2]
    text = " ".join(text.split())
    if form.trim:
        text = text.strip(form.trim).replace(" ,", ",")
    if form.drop_leading_the and text.startswith("the "):
        text = text[4:]
    return text


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: insertions, deletions and substitutions of one character."""
    return int(Levenshtein.distance(a, b))


def similarity(a: str, b: str) -> float:
    """How alike two strings are, 0 to 1: twice the longest common subsequence over both lengths.

    The measure ``difflib.SequenceMatcher.ratio`` approximates (difflib counts greedy matching
    blocks, and on strings of 200 characters or more ignores its "popular" characters, so it can
    only score lower).
    """
    return float(Indel.normalized_similarity(a, b))
