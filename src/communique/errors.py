"""One exception tree for the whole package.

::

    CommuniqueError                 base: catch this to catch everything communique raises
    ├── ConfigError                 a bad setting, a missing optional extra or model package
    ├── DataFileError               a knowledge file (patterns, actors, issues, ontology) is invalid
    ├── IngestError                 an input could not be read as an article
    ├── ProcessingError             one article failed inside a stage (it becomes a Rejected record)
    └── StoreError                  the database could not be opened, read or written

Every message says what happened, what was expected and what to do about it.
The CLI maps these to exit codes; the HTTP API maps them to one JSON error shape.
"""

from __future__ import annotations

from pathlib import Path


class CommuniqueError(Exception):
    """Base class of every error communique raises on purpose."""


class ConfigError(CommuniqueError):
    """A setting is invalid, or an optional dependency or model package is not installed."""


class DataFileError(CommuniqueError):
    """A data file failed validation; the message names the file and line."""

    def __init__(self, path: str | Path, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {message}")


class IngestError(CommuniqueError):
    """An input could not be read as an article."""


class ProcessingError(CommuniqueError):
    """One article failed inside a pipeline stage."""


class StoreError(CommuniqueError):
    """The event store could not be opened, read or written."""
