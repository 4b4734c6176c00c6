"""communique: news text in, evidenced political event data out.

The public API is small: read articles, code them, store the results::

    from communique import code_text
    coded = code_text("US Secretary of State Antony Blinken met Xi Jinping in Beijing.",
                      published="2024-04-26")
    for event in coded.events:
        print(event.event, event.mode, event.cameo, event.sentence)
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from communique.ingest import read_articles
    from communique.pipeline import Pipeline, code_text, run
    from communique.store import EventStore

__version__ = "0.1.0"

# The entry points below pull in spaCy and DuckDB: import them on first use, so that
# `import communique` stays cheap for code that only needs the records.
_LAZY = {
    "code_text": "communique.pipeline",
    "Pipeline": "communique.pipeline",
    "run": "communique.pipeline",
    "read_articles": "communique.ingest",
    "EventStore": "communique.store",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'communique' has no attribute {name!r}")


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
    "EventStore",
    "Flag",
    "IngestError",
    "Mention",
    "Participant",
    "Pipeline",
    "Place",
    "ProcessingError",
    "Quote",
    "Rejected",
    "Removed",
    "StoreError",
    "__version__",
    "code_text",
    "read_articles",
    "run",
]
