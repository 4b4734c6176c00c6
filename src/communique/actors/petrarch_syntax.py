"""The syntax every PETRARCH dictionary shares: how a file's lines, comments and codes are read.

PETRARCH's ``.actors``, ``.agents`` and verb dictionaries (``CAMEO.2.0.txt``) are written the
same way at this level (PETRARCH-2 ``PETRreader``; ``../shared/reference/petrarch2/
DICTIONARY_FORMAT.md``):

- ``#`` starts a comment that runs to the end of the line; actor files keep it as a note.
- ``<!-- ... -->`` is a comment too, and may span lines.
- ``[...]`` holds a code: ``[USAGOV]``, ``[~GOV]``, ``[USA 950101-991231]``, ``[040]``.

This module is the one reader of that syntax; what each kind of dictionary says on its lines
is read by ``petrarch_read`` (actors), ``petrarch_agents`` and ``events.petrarch_verbs``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from communique.errors import DataFileError

CODE_RE = re.compile(r"\[([^\]]*)\]")  # a [code] bracket; group 1 is what it holds


@dataclass(frozen=True, slots=True)
class DictionaryLine:
    """One line of a dictionary with its comments taken out."""

    number: int  # 1-based
    body: str  # the text before any "#", HTML comments removed, right-stripped
    comment: str  # the text after the first "#" ("" when there is none), as written


def read_dictionary(path: Path) -> str:
    """The text of a dictionary file (the dictionaries hold some Latin-1 bytes: replaced)."""
    try:
        return path.read_text("utf-8", errors="replace")
    except OSError as exc:
        raise DataFileError(path, None, f"cannot read the dictionary: {exc}") from exc


def dictionary_lines(text: str) -> Iterator[DictionaryLine]:
    """Every line of ``text`` (split at newlines only), without its comments."""
    in_comment = False
    lines = text.split("\n")
    if lines and not lines[-1]:
        lines.pop()  # the newline that ends the last line starts no line of its own
    for number, raw in enumerate(lines, start=1):
        kept, in_comment = _outside_html_comments(raw, in_comment)
        body, _, comment = kept.partition("#")
        yield DictionaryLine(number, body.rstrip(), comment)


def _outside_html_comments(text: str, in_comment: bool) -> tuple[str, bool]:
    """The parts of one line outside ``<!-- -->``, and whether a comment is still open."""
    out = ""
    while text:
        if in_comment:
            end = text.find("-->")
            if end < 0:
                return out, True
            text, in_comment = text[end + 3 :], False
        else:
            start = text.find("<!--")
            if start < 0:
                return out + text, False
            out, text, in_comment = out + text[:start], text[start + 4 :], True
    return out, in_comment
