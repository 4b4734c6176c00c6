"""Text data files that may be stored gzip-compressed (a name ending in ".gz").

The large generated tables the package ships (the PETRARCH-2 verb table and actor base
layer) are kept compressed: a tenth of their size in the wheel and the repository. Readers
and writers of data files go through here so either form works wherever a path is given.
"""

from __future__ import annotations

import gzip
from pathlib import Path
from typing import Protocol


class _Readable(Protocol):
    @property
    def name(self) -> str: ...

    def read_bytes(self) -> bytes: ...


def read_text(path: _Readable) -> str:
    """The UTF-8 text of ``path`` (a Path or an importlib Traversable), unzipped if ``.gz``."""
    data = path.read_bytes()
    return (gzip.decompress(data) if path.name.endswith(".gz") else data).decode("utf-8")


def write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path``, gzip-compressed when it ends in ``.gz`` (no timestamp in
    the header, so the same text always gives the same bytes)."""
    data = text.encode("utf-8")
    if path.name.endswith(".gz"):
        data = gzip.compress(data, compresslevel=9, mtime=0)
    path.write_bytes(data)
