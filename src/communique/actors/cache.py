"""An on-disk cache of built knowledge bases, keyed by a digest of every file they are read from.

Parsing the YAML of the base layer (tens of thousands of people) takes seconds; unpickling the
built indexes takes a fraction of one. The cache lives in ``$COMMUNIQUE_CACHE_DIR``, else
``$XDG_CACHE_HOME/communique``, else ``~/.cache/communique``; ``COMMUNIQUE_CACHE_DIR=off``
turns it off. The key covers the bytes of each data file and of the code that builds the
base (``knowledge.py``, ``loader.py``, ``lexicon.py``, this module), so an edit to any of
them builds afresh. A cache that cannot be read or written is only logged: the base is then built in
memory, as without a cache. The files are pickles: only this process's own user writes them,
in that user's own cache folder.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from communique.actors.knowledge import KnowledgeBase

logger = logging.getLogger(__name__)

# Bump when the pickled layout changes in a way the code digest would not show.
_FORMAT = "1"
_PREFIX = "actors-"
_KEEP = 8  # cache files kept (one per set of user files); the oldest go first


def _code_digest() -> str:
    digest = hashlib.sha256(_FORMAT.encode())
    here = Path(__file__).parent
    for module in ("knowledge.py", "loader.py", "cache.py", "lexicon.py"):
        digest.update((here / module).read_bytes())
    # the cached indexes are keyed by the shared name normaliser
    digest.update((here.parent / "names.py").read_bytes())
    return digest.hexdigest()


# Read once, when the stage is imported: a process that runs for long must key its cache by
# the code it runs, not by a newer version of the files written since.
_CODE_DIGEST = _code_digest()


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off."""
    chosen = os.environ.get("COMMUNIQUE_CACHE_DIR")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "none") else Path(chosen)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "communique"


def fingerprint(files: Iterable[tuple[str, bytes]]) -> str:
    """Digest of the named file contents and of the code that builds the base."""
    digest = hashlib.sha256(_CODE_DIGEST.encode())
    for name, data in files:
        digest.update(f"\0{name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()[:32]


def _state(kb: KnowledgeBase) -> dict[str, Any]:
    """The fields of ``kb``, with read-only mappings as plain dicts (which pickle)."""
    state = {}
    for f in dataclasses.fields(kb):
        value = getattr(kb, f.name)
        state[f.name] = dict(value) if isinstance(value, MappingProxyType) else value
    return state


def _from_state(state: Mapping[str, Any]) -> KnowledgeBase:
    from communique.actors.knowledge import KnowledgeBase  # noqa: PLC0415 - a cycle otherwise

    values: dict[str, Any] = {
        k: MappingProxyType(v) if isinstance(v, dict) else v for k, v in state.items()
    }
    return KnowledgeBase(**values)


def cached(key: str, build: Callable[[], KnowledgeBase]) -> KnowledgeBase:
    """The knowledge base stored under ``key``, else ``build()`` stored there."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{_PREFIX}{key}.pickle"
    try:
        with path.open("rb") as handle:
            return _from_state(pickle.load(handle))
    except FileNotFoundError:
        pass
    except (OSError, pickle.UnpicklingError, EOFError, TypeError, AttributeError) as exc:
        logger.warning("actor cache %s unreadable (%s); building afresh", path, exc)
    kb = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, suffix=".tmp", delete=False) as temp:
            pickle.dump(_state(kb), temp, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temp.name, path)
        _prune(folder)
    except OSError as exc:
        logger.warning("actor cache %s not written (%s)", path, exc)
    return kb


def _prune(folder: Path) -> None:
    files = sorted(folder.glob(f"{_PREFIX}*.pickle"), key=lambda p: p.stat().st_mtime)
    for old in files[:-_KEEP]:
        old.unlink(missing_ok=True)
