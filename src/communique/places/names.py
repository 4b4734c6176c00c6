"""Which geonames alternate names the gazetteer indexes (keys: ``communique.names.PLACE_KEY``)."""

from __future__ import annotations

from communique.names import fold_accents


def is_usable_alternate(name: str) -> bool:
    """Whether a geonames alternate name is worth indexing for English news text.

    Geonames alternates mix scripts, airport codes ("IEV") and lower-case
    romanisations ("ji fu"); only Latin-script names that look like proper names
    help, and short ones collide with ordinary words.
    """
    if len(name) < 3 or not name[0].isupper() or name.isupper():
        return False
    return fold_accents(name).isascii()
