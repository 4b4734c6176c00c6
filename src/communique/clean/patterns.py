"""The cleaner's knowledge: removal patterns and limits, loaded from YAML and validated once."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from communique.errors import DataFileError
from communique.records import REMOVED_KINDS, RemovedKind

PLACES = ("line", "prefix", "suffix", "inline")
_LIMIT_NAMES = (
    "glued_caption_max_chars",
    "neighbour_caption_max_chars",
    "headline_max_chars",
    "repeated_line_min_chars",
    "tagline_max_words",
)
_LINE_KEY = "__line__"
_KEY_LINES = "__key_lines__"  # the line of each key's value, to point at the bad regex itself


@dataclass(frozen=True, slots=True)
class CleanPattern:
    id: str
    kind: RemovedKind
    where: str  # one of PLACES
    regex: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class Limits:
    glued_caption_max_chars: int = 700
    neighbour_caption_max_chars: int = 250
    headline_max_chars: int = 200
    repeated_line_min_chars: int = 15
    tagline_max_words: int = 8


@dataclass(frozen=True, slots=True)
class CleanRules:
    patterns: tuple[CleanPattern, ...]
    unfinished_abbreviations: frozenset[str]
    limits: Limits
    by_place: dict[str, tuple[CleanPattern, ...]] = field(default_factory=dict)

    def at(self, where: str) -> tuple[CleanPattern, ...]:
        """The patterns for one place (line, prefix, suffix, inline), in file order."""
        return self.by_place.get(where, ())


class _LineLoader(yaml.SafeLoader):
    """A safe loader that remembers the line of every mapping, for error messages."""


def _mapping_with_line(loader: _LineLoader, node: yaml.MappingNode) -> dict[str, Any]:
    mapping = {str(key): value for key, value in loader.construct_mapping(node, deep=True).items()}
    mapping[_LINE_KEY] = node.start_mark.line + 1
    mapping[_KEY_LINES] = {str(key.value): value.start_mark.line + 1 for key, value in node.value}
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def _pattern(entry: Any, path: Path, fallback_line: int, seen: set[str]) -> CleanPattern:
    if not isinstance(entry, dict):
        raise DataFileError(
            path, fallback_line, "each pattern must be a mapping with id/kind/where/regex"
        )
    line = int(entry.get(_LINE_KEY, fallback_line))
    missing = [
        key for key in ("id", "kind", "where", "regex") if not isinstance(entry.get(key), str)
    ]
    if missing:
        raise DataFileError(path, line, f"pattern is missing text field(s) {missing}")
    unknown = sorted(set(entry) - {"id", "kind", "where", "regex", _LINE_KEY, _KEY_LINES})
    if unknown:
        raise DataFileError(path, line, f"pattern {entry['id']!r} has unknown key(s) {unknown}")
    if entry["id"] in seen:
        raise DataFileError(path, line, f"pattern id {entry['id']!r} is used twice")
    seen.add(entry["id"])
    if entry["kind"] not in REMOVED_KINDS:
        raise DataFileError(
            path, line, f"kind {entry['kind']!r} is not one of {', '.join(REMOVED_KINDS)}"
        )
    if entry["where"] not in PLACES:
        raise DataFileError(
            path, line, f"where {entry['where']!r} is not one of {', '.join(PLACES)}"
        )
    regex_line = int(entry.get(_KEY_LINES, {}).get("regex", line))
    try:
        regex = re.compile(entry["regex"])
    except re.error as exc:
        raise DataFileError(
            path, regex_line, f"pattern {entry['id']!r} has a bad regex: {exc}"
        ) from exc
    if regex.fullmatch("") is not None:
        raise DataFileError(path, regex_line, f"pattern {entry['id']!r} matches the empty string")
    return CleanPattern(entry["id"], entry["kind"], entry["where"], regex)


def parse_rules(text: str, path: Path) -> CleanRules:
    """Validate the YAML text of a patterns file; DataFileError names the file and line."""
    try:
        raw = yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass: no arbitrary objects
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise DataFileError(
            path, mark.line + 1 if mark else None, f"not valid YAML: {exc}"
        ) from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("patterns"), list):
        raise DataFileError(path, 1, "expected a mapping with a 'patterns' list")
    top_line = int(raw.get(_LINE_KEY, 1))
    limits_raw = raw.get("limits") or {}
    if not isinstance(limits_raw, dict):
        raise DataFileError(path, top_line, "'limits' must be a mapping")
    limits_line = int(limits_raw.get(_LINE_KEY, top_line))
    values: dict[str, int] = {}
    for name, value in limits_raw.items():
        if name in (_LINE_KEY, _KEY_LINES):
            continue
        if name not in _LIMIT_NAMES:
            raise DataFileError(path, limits_line, f"unknown limit {name!r}; known: {_LIMIT_NAMES}")
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise DataFileError(path, limits_line, f"limit {name} must be a whole number >= 0")
        values[name] = value
    seen: set[str] = set()
    patterns = tuple(_pattern(entry, path, top_line, seen) for entry in raw["patterns"])
    abbreviations = raw.get("unfinished_abbreviations") or []
    if not isinstance(abbreviations, list) or not all(isinstance(a, str) for a in abbreviations):
        raise DataFileError(path, top_line, "'unfinished_abbreviations' must be a list of strings")
    by_place = {where: tuple(p for p in patterns if p.where == where) for where in PLACES}
    return CleanRules(patterns, frozenset(abbreviations), Limits(**values), by_place)


DEFAULT_PATTERNS = "data/clean/patterns.yaml"


@functools.lru_cache(maxsize=8)
def load_rules(path: str | None = None) -> CleanRules:
    """The shipped patterns, or those in ``path``; loaded and validated once per process."""
    if path is None:
        resource = resources.files("communique").joinpath(DEFAULT_PATTERNS)
        return parse_rules(resource.read_text("utf-8"), Path(str(resource)))
    file = Path(path)
    try:
        text = file.read_text("utf-8")
    except OSError as exc:
        raise DataFileError(file, None, f"cannot be read: {exc}") from exc
    return parse_rules(text, file)
