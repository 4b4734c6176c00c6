"""Where a story's body opens, after its opening dateline.

A dateline names where the story was filed and who filed it ("BEIJING, June 19 —",
"BRASILIA (Reuters) -"): its place and agency are never parties to the story's events, so
the actors and events stages both leave its words alone. Ingest reads the dateline once
(``communique.ingest.read_dateline``) and the clean stage keeps it right for the cleaned
text (``CleanText.dateline``); the pipeline hands its ``body_start`` on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from communique.ingest import read_dateline

if TYPE_CHECKING:
    from spacy.tokens import Doc


def story_body_start(doc: Doc, known: int | None = None) -> int:
    """Where the body of the story in ``doc`` opens: ``known`` (``Dateline.body_start``) when
    the caller has it, else read off the text by the one dateline reader; 0 without one."""
    if known is not None:
        return known
    dateline = read_dateline(doc.text)
    return dateline.body_start if dateline is not None else 0
