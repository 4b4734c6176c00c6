"""How place names are compared: one normal form for the index and for queries."""

from __future__ import annotations

import re
import unicodedata

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'"})
_LEADING_ARTICLE = re.compile(r"^the\s+")


def strip_accents(text: str) -> str:
    """'Kraków' -> 'Krakow': news text spells names both ways."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def normalise_name(name: str) -> str:
    """The key a name is indexed and looked up under.

    Case, accents, full stops, a leading "the" and runs of spaces do not matter:
    "the U.S." and "US", "Kraków" and "Krakow", "the Gulf" and "Gulf" share a key.
    """
    text = strip_accents(name).translate(_APOSTROPHES).casefold().replace(".", "")
    text = " ".join(text.split()).strip(" ,;:'\"()")
    text = text.replace(" ,", ",")
    return _LEADING_ARTICLE.sub("", text)


def is_usable_alternate(name: str) -> bool:
    """Whether a geonames alternate name is worth indexing for English news text.

    Geonames alternates mix scripts, airport codes ("IEV") and lower-case
    romanisations ("ji fu"); only Latin-script names that look like proper names
    help, and short ones collide with ordinary words.
    """
    if len(name) < 3 or not name[0].isupper() or name.isupper():
        return False
    return strip_accents(name).isascii()
