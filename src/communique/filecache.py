"""An on-disk cache of built indexes, for the stages whose data takes seconds to index.

The cache lives in ``$COMMUNIQUE_CACHE_DIR``, else ``$XDG_CACHE_HOME/communique``, else
``~/.cache/communique``; ``COMMUNIQUE_CACHE_DIR=off`` turns it off. Each caller keys its entries
by a digest of every file the index is built from and of the code that builds it (``digest``),
so an edit to any of them builds afresh. A cache that cannot be read or written is only logged:
the index is then built in memory, as without a cache. The files are pickles: only this
process's own user writes them, in that user's own cache folder.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

logger = logging.getLogger(__name__)

T = TypeVar("T")
_KEEP = 8  # cache files kept per prefix (one per set of input files); the oldest go first


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off."""
    chosen = os.environ.get("COMMUNIQUE_CACHE_DIR")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "none") else Path(chosen)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "communique"


def digest(parts: Iterable[tuple[str, bytes]]) -> str:
    """A short digest of named byte strings (file contents, code, format versions)."""
    hashed = hashlib.sha256()
    for name, data in parts:
        hashed.update(f"\0{name}\0{len(data)}\0".encode())
        hashed.update(data)
    return hashed.hexdigest()[:32]


def cached(
    prefix: str,
    key: str,
    build: Callable[[], T],
    *,
    dump: Callable[[T], object] = lambda value: value,
    load: Callable[[object], T] | None = None,
) -> T:
    """The value stored under ``prefix`` + ``key``, else ``build()`` stored there.

    ``dump`` turns the value into what is pickled and ``load`` turns that back (for values
    holding read-only mappings, which do not pickle)."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{prefix}{key}.pickle"
    try:
        with path.open("rb") as handle:
            state = pickle.load(handle)
        return load(state) if load is not None else state
    except FileNotFoundError:
        pass
    except (OSError, pickle.UnpicklingError, EOFError, TypeError, AttributeError) as exc:
        logger.warning("cache %s unreadable (%s); building afresh", path, exc)
    value = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, suffix=".tmp", delete=False) as temp:
            pickle.dump(dump(value), temp, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp.name, path)
        _prune(folder, prefix)
    except OSError as exc:
        logger.warning("cache %s not written (%s)", path, exc)
    return value


def _prune(folder: Path, prefix: str) -> None:
    files = sorted(folder.glob(f"{prefix}*.pickle"), key=lambda p: p.stat().st_mtime)
    for old in files[:-_KEEP]:
        old.unlink(missing_ok=True)
