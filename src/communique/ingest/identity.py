"""Stable article identity: the same story text always gets the same id."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")


def normalise_text(text: str) -> str:
    """NFC-normalise, collapse every run of whitespace to one space, strip the ends.

    The id is computed on this form so that rereading a story from a file with other
    line endings, extra blank lines or decomposed accents gives the same id.
    """
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def article_id(text: str) -> str:
    """The sha1 hex digest of the normalised text."""
    return hashlib.sha1(normalise_text(text).encode("utf-8")).hexdigest()
