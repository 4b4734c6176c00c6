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


# Cyrillic and Greek letters drawn like Latin ones (after Unicode's confusables, UTS #39).
# "att\u0430cked" with a Cyrillic "a" reads to a person as "attacked" and to the parser as an
# unknown word, so the event is lost; every pair is one character for one, so no offset moves.
_LOOKALIKES = str.maketrans(
    "\u0430\u0435\u043e\u0440\u0441\u0443\u0445\u0455\u0456\u0458\u0501\u04bb\u051b\u051d\u04cf"
    "\u0410\u0412\u0415\u041a\u041c\u041d\u041e\u0420\u0421\u0422\u0425\u0423\u0406\u0408\u0405"
    "\u03bf\u03bd\u0391\u0392\u0395\u0396\u0397\u0399\u039a\u039c\u039d\u039f\u03a1\u03a4\u03a7\u03a5",
    "aeopcyxsijdhqwlABEKMHOPCTXYIJSovABEZHIKMNOPTXY",
)
_LOOKALIKE_CHARS = frozenset(chr(c) for c in _LOOKALIKES)
_WORD = re.compile(r"[^\W\d_]+")


def _latin(char: str) -> bool:
    return char.isascii() or "\u00c0" <= char <= "\u024f"


def _unspoofed(word: re.Match[str]) -> str:
    text = word.group()
    letters = set(text)
    lookalikes = letters & _LOOKALIKE_CHARS
    latin = {c for c in letters if _latin(c)}
    # only a word of Latin letters and look-alikes, with some of each: Russian or Greek
    # words stay as written
    if lookalikes and latin and len(lookalikes) + len(latin) == len(letters):
        return text.translate(_LOOKALIKES)
    return text


def fold_lookalikes(text: str) -> str:
    """``text`` with Cyrillic and Greek look-alike letters inside Latin words made Latin
    ("att\u0430cked" becomes "attacked"); the same length, so offsets hold."""
    if text.isascii():
        return text
    return _WORD.sub(_unspoofed, text)


def repair_text(text: str) -> str:
    """The text ingest stores: invisible characters removed, look-alike letters folded."""
    return fold_lookalikes(strip_invisible(text))


def normalise_text(text: str) -> str:
    """NFC-normalise, drop invisible format characters, collapse every run of whitespace to
    one space, strip the ends.

    The id is computed on this form so that rereading a story from a file with other
    line endings, extra blank lines, decomposed accents or zero-width characters gives the
    same id.
    """
    return _WHITESPACE.sub(" ", repair_text(unicodedata.normalize("NFC", text))).strip()


def article_id(text: str) -> str:
    """The sha1 hex digest of the normalised text."""
    return hashlib.sha1(normalise_text(text).encode("utf-8")).hexdigest()
