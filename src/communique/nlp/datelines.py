"""Where a story's opening dateline ends, read off the parsed text.

A dateline names where the story was filed and who filed it ("BEIJING, June 19 —",
"BRASILIA (Reuters) -"): its place and agency are never parties to the story's events, so
the actors and events stages both leave its words alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

_DASHES = frozenset({"-", "--", "—", "–"})
_DATELINE_TOKENS = 20


def dateline_end(doc: Doc) -> int:
    """Where an opening dateline ends ("BRASILIA (Reuters) -", "Washington (CNN) --"), or 0.

    A dateline names where the story was filed and who filed it: its place and agency are
    never the actors of the story's events. It is the words before the first dash among the
    first tokens, with no verb among them, in capitals or with an agency in brackets.
    """
    # a blanked byline or headline leaves white space before the dateline
    start = next((t.i for t in doc if not t.is_space), len(doc))
    head = doc[start : start + _DATELINE_TOKENS]
    dash = next((t for t in head if t.text in _DASHES), None)
    if dash is None:
        return 0
    before = doc[start : dash.i]
    if not before or any(t.pos_ in {"VERB", "AUX"} for t in before):
        return 0
    shouting = before[0].is_upper and len(before[0].text) > 1
    bracketed = any(t.text == "(" for t in before) and any(t.text == ")" for t in before)
    return dash.idx + len(dash.text) if shouting or bracketed else 0
