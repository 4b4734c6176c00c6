"""store stage: the embedded DuckDB file."""

from communique.store.database import EventStore
from communique.store.schema import SCHEMA_VERSION, TABLES

__all__ = ["SCHEMA_VERSION", "TABLES", "EventStore"]
