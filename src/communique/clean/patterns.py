"""The cleaner's knowledge: removal patterns and limits, loaded from YAML and validated once."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, cast

from communique.datafiles import line_of, parse_yaml, read_data_text, read_record, rule
from communique.errors import DataFileError
from communique.records import REMOVED_KINDS, RemovedKind

PLACES = ("line", "prefix", "suffix", "inline")
_WHOLE = rule(minimum=0)


@dataclass(frozen=True, slots=True)
class CleanPattern:
    id: str
    kind: RemovedKind
    where: str  # one of PLACES
    regex: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Limits:
    """The ``limits:`` of a patterns file (this class is also its schema)."""

    glued_caption_max_chars: int = field(default=700, metadata=_WHOLE)
    neighbour_caption_max_chars: int = field(default=250, metadata=_WHOLE)
    headline_max_chars: int = field(default=200, metadata=_WHOLE)
    repeated_line_min_chars: int = field(default=15, metadata=_WHOLE)
    tagline_max_words: int = field(default=8, metadata=_WHOLE)


@dataclass(frozen=True, slots=True)
class CleanRules:
    patterns: tuple[CleanPattern, ...]
    unfinished_abbreviations: frozenset[str]
    limits: Limits
    by_place: dict[str, tuple[CleanPattern, ...]] = field(default_factory=dict)

    def at(self, where: str) -> tuple[CleanPattern, ...]:
        """The patterns for one place (line, prefix, suffix, inline), in file order."""
        return self.by_place.get(where, ())


@dataclass(frozen=True, slots=True, kw_only=True)
class _PatternEntry:
    """One entry of ``patterns:`` as written in the file."""

    id: str
    kind: str = field(metadata=rule(choices=REMOVED_KINDS))
    where: str = field(metadata=rule(choices=PLACES))
    regex: str = field(metadata=rule(keep_spaces=True))


@dataclass(frozen=True, slots=True, kw_only=True)
class _RulesFile:
    """The top level of a patterns file."""

    patterns: Any  # a list of _PatternEntry, checked first
    limits: Any = None  # Limits
    unfinished_abbreviations: tuple[str, ...] = ()


def _pattern(raw: Any, path: Path, fallback_line: int | None, seen: set[str]) -> CleanPattern:
    entry = read_record(raw, _PatternEntry, path, "pattern", fallback_line)
    if entry.id in seen:
        raise DataFileError(path, line_of(raw), f"pattern id {entry.id!r} is used twice")
    seen.add(entry.id)
    regex_line = line_of(raw, "regex")  # the bad regex itself, not the start of the entry
    try:
        regex = re.compile(entry.regex)
    except re.error as exc:
        raise DataFileError(
            path, regex_line, f"pattern {entry.id!r} has a bad regex: {exc}"
        ) from exc
    if regex.fullmatch("") is not None:
        raise DataFileError(path, regex_line, f"pattern {entry.id!r} matches the empty string")
    # ``kind`` was checked against REMOVED_KINDS by its rule
    return CleanPattern(entry.id, cast("RemovedKind", entry.kind), entry.where, regex)


def parse_rules(text: str, path: Path) -> CleanRules:
    """Validate the YAML text of a patterns file; DataFileError names the file and line."""
    raw = parse_yaml(text, path)
    if not isinstance(raw, dict) or not isinstance(raw.get("patterns"), list):
        raise DataFileError(path, 1, "expected a mapping with a 'patterns' list")
    top = read_record(raw, _RulesFile, path, "patterns file")
    limits = read_record(top.limits or {}, Limits, path, "limit", line_of(raw, "limits"))
    seen: set[str] = set()
    patterns = tuple(_pattern(entry, path, line_of(raw), seen) for entry in top.patterns)
    by_place = {where: tuple(p for p in patterns if p.where == where) for where in PLACES}
    return CleanRules(patterns, frozenset(top.unfinished_abbreviations), limits, by_place)


DEFAULT_PATTERNS = "data/clean/patterns.yaml"


@functools.lru_cache(maxsize=8)
def load_rules(path: str | None = None) -> CleanRules:
    """The shipped patterns, or those in ``path``; loaded and validated once per process."""
    file = resources.files("communique").joinpath(DEFAULT_PATTERNS) if path is None else Path(path)
    return parse_rules(read_data_text(file), Path(str(file)))
