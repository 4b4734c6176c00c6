"""communique: news text in, evidenced political event data out.

The public API is small: read articles, code them, store the results::

    from communique import code_text
    coded = code_text("US Secretary of State Antony Blinken met Xi Jinping in Beijing.",
                      published="2024-04-26")
    for event in coded.events:
        print(event.event, event.mode, event.cameo, event.sentence)
"""

from __future__ import annotations

import logging

from communique.errors import (
    CommuniqueError,
    ConfigError,
    DataFileError,
    IngestError,
    ProcessingError,
    StoreError,
)
from communique.records import (
    Actor,
    Article,
    CleanText,
    CodedArticle,
    Event,
    Flag,
    Mention,
    Participant,
    Place,
    Quote,
    Rejected,
    Removed,
)

__version__ = "0.1.0"

# Library code only logs; applications decide where the records go.
logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "Actor",
    "Article",
    "CleanText",
    "CodedArticle",
    "CommuniqueError",
    "ConfigError",
    "DataFileError",
    "Event",
    "Flag",
    "IngestError",
    "Mention",
    "Participant",
    "Place",
    "ProcessingError",
    "Quote",
    "Rejected",
    "Removed",
    "StoreError",
    "__version__",
]
