"""Stable article identity: the same story text always gets the same id."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_WHITESPACE = re.compile(r"\s+")
# Characters with no glyph that may sit inside a word: soft hyphen, zero-width space,
# joiners and word joiner, direction marks, embeddings, overrides and isolates, the
# byte-order mark. Inside "me\u200bt" one of them makes the parser see "me" and "t", and
# the event is lost; no letter is lost by removing them. (Visible format characters, such
# as the Arabic number signs, are kept.)
_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)


def strip_invisible(text: str) -> str:
    """``text`` without invisible format characters (see ``_INVISIBLE``).

    Ingest removes them from the story text itself, before it is stored, so every offset
    later stages record (sentences, triggers, actors, removed pieces) is an offset into the
    stored text, as with line endings, which ingest normalises the same way.
    """
    return _INVISIBLE.sub("", text) if _INVISIBLE.search(text) else text


def normalise_text(text: str) -> str:
    """NFC-normalise, drop invisible format characters, collapse every run of whitespace to
    one space, strip the ends.

    The id is computed on this form so that rereading a story from a file with other
    line endings, extra blank lines, decomposed accents or zero-width characters gives the
    same id.
    """
    return _WHITESPACE.sub(" ", strip_invisible(unicodedata.normalize("NFC", text))).strip()


def article_id(text: str) -> str:
    """The sha1 hex digest of the normalised text."""
    return hashlib.sha1(normalise_text(text).encode("utf-8")).hexdigest()
