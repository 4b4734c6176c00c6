"""The on-disk cache of built knowledge bases (see ``communique.filecache``).

Parsing the YAML of the base layer (tens of thousands of people) takes seconds; unpickling the
built indexes takes a fraction of one. The key covers the bytes of each data file and of the
code that builds the base (``knowledge.py``, ``loader.py``, ``lexicon.py``, this module, the
name normaliser), so an edit to any of them builds afresh.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from communique.filecache import cache_dir as shared_cache_dir
from communique.filecache import cached as cached_file
from communique.filecache import digest

if TYPE_CHECKING:
    from communique.actors.knowledge import KnowledgeBase

# Bump when the pickled layout changes in a way the code digest would not show.
_FORMAT = "1"
_PREFIX = "actors-"


def _code_digest() -> str:
    here = Path(__file__).parent
    modules = [here / m for m in ("knowledge.py", "loader.py", "cache.py", "lexicon.py")]
    # the cached indexes are keyed by the shared name normaliser
    modules.append(here.parent / "names.py")
    return digest([("format", _FORMAT.encode())] + [(p.name, p.read_bytes()) for p in modules])


# Read once, when the stage is imported: a process that runs for long must key its cache by
# the code it runs, not by a newer version of the files written since.
_CODE_DIGEST = _code_digest()


def cache_dir() -> Path | None:
    """The cache folder, or None when caching is off."""
    return shared_cache_dir()


def fingerprint(files: Iterable[tuple[str, bytes]]) -> str:
    """Digest of the named file contents and of the code that builds the base."""
    return digest([("code", _CODE_DIGEST.encode()), *files])


def _state(kb: KnowledgeBase) -> dict[str, Any]:
    """The fields of ``kb``, with read-only mappings as plain dicts (which pickle)."""
    state = {}
    for f in dataclasses.fields(kb):
        value = getattr(kb, f.name)
        state[f.name] = dict(value) if isinstance(value, MappingProxyType) else value
    return state


def _from_state(state: object) -> KnowledgeBase:
    from communique.actors.knowledge import KnowledgeBase  # noqa: PLC0415 - a cycle otherwise

    assert isinstance(state, Mapping)
    values: dict[str, Any] = {
        k: MappingProxyType(v) if isinstance(v, dict) else v for k, v in state.items()
    }
    return KnowledgeBase(**values)


def cached(key: str, build: Callable[[], KnowledgeBase]) -> KnowledgeBase:
    """The knowledge base stored under ``key``, else ``build()`` stored there."""
    return cached_file(_PREFIX, key, build, dump=_state, load=_from_state)
