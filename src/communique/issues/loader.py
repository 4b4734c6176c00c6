"""Load and validate the issue lists: the shipped ``issues.yaml`` and any user files over it.

An issue file is a YAML list of entries ``{id, name, terms, contexts, negative_terms}``.
User files are laid over the shipped list in the order given. A user entry whose ``id``
is new adds an issue; a user entry whose ``id`` already exists EXTENDS that issue (its
terms, contexts and negative terms are appended, its name replaces the old one when
given), unless it says ``replace: true``, in which case it replaces the issue outright.
Extending is the default because the common wish is "also count this phrase".
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from communique.errors import DataFileError
from communique.names import PHRASE_KEY, normalise

logger = logging.getLogger(__name__)

SHIPPED_ISSUES = "issues.yaml"
CONTEXTS_FILE = "plover_contexts.txt"
_LINE_KEY = "__line__"
_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_ALLOWED_KEYS = frozenset({"id", "name", "terms", "contexts", "negative_terms", "replace"})


@dataclass(frozen=True, slots=True)
class Issue:
    """One issue of international politics and the words that signal it."""

    id: str
    name: str
    terms: tuple[str, ...]
    contexts: tuple[str, ...] = ()  # PLOVER contexts that events about this issue get
    negative_terms: tuple[str, ...] = ()  # phrases that cancel overlapping term matches
    origin: str = ""  # "file:line" of the entry that defined it last


@dataclass(frozen=True, slots=True)
class IssueSet:
    """Issues plus the compiled matchers over their terms; build it with ``build_issue_set``."""

    issues: tuple[Issue, ...]
    term_pattern: re.Pattern[str] | None = field(default=None, compare=False, repr=False)
    negative_pattern: re.Pattern[str] | None = field(default=None, compare=False, repr=False)
    # normalised term -> ids of the issues listing it (a term may signal several issues)
    term_issues: Mapping[str, tuple[str, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )
    negative_issues: Mapping[str, tuple[str, ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def get(self, issue_id: str) -> Issue | None:
        for issue in self.issues:
            if issue.id == issue_id:
                return issue
        return None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(issue.id for issue in self.issues)


class _LineLoader(yaml.SafeLoader):
    """A safe loader that records the line of every mapping, so errors can name it."""


def _mapping_with_line(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[_LINE_KEY] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_with_line)


def normalise_term(term: str) -> str:
    """The key a term and the text it matches share: lower case, single spaces."""
    return normalise(term, PHRASE_KEY)


def _term_regex(terms: Sequence[str]) -> re.Pattern[str] | None:
    """One alternation over all terms, longest first, bounded by non-word characters."""
    if not terms:
        return None
    unique = sorted({normalise_term(t) for t in terms}, key=lambda t: (-len(t), t))
    # A space inside a term matches any whitespace run, so phrases may break across lines.
    alternatives = [r"\s+".join(re.escape(word) for word in term.split(" ")) for term in unique]
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def _index(issues: Sequence[Issue], negative: bool) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for issue in issues:
        for term in issue.negative_terms if negative else issue.terms:
            ids = index.setdefault(normalise_term(term), [])
            if issue.id not in ids:
                ids.append(issue.id)
    return {term: tuple(ids) for term, ids in index.items()}


def build_issue_set(issues: Sequence[Issue]) -> IssueSet:
    """Compile the matchers for ``issues``."""
    term_issues = _index(issues, negative=False)
    negative_issues = _index(issues, negative=True)
    return IssueSet(
        issues=tuple(issues),
        term_pattern=_term_regex(list(term_issues)),
        negative_pattern=_term_regex(list(negative_issues)),
        term_issues=term_issues,
        negative_issues=negative_issues,
    )


def load_contexts() -> frozenset[str]:
    """The PLOVER context ids an issue may name."""
    text = (
        resources.files("communique").joinpath("data", "issues", CONTEXTS_FILE).read_text("utf-8")
    )
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def _string_list(
    entry: Mapping[str, Any], key: str, path: str, line: int | None, required: bool
) -> tuple[str, ...]:
    value = entry.get(key)
    if value is None:
        if required:
            raise DataFileError(path, line, f"issue needs a non-empty list `{key}`")
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataFileError(
            path, line, f"`{key}` must be a list of non-empty strings, got {value!r}"
        )
    if required and not value:
        raise DataFileError(path, line, f"issue needs a non-empty list `{key}`")
    return tuple(v.strip() for v in value)


def _parse_entry(
    entry: Any, path: str, known: Mapping[str, Issue], contexts: frozenset[str]
) -> Issue:
    """Validate one entry against the issues known so far; return the new or merged issue."""
    if not isinstance(entry, dict):
        raise DataFileError(path, None, f"each issue must be a mapping, got {entry!r}")
    line = int(entry.get(_LINE_KEY, 0)) or None
    unknown = set(entry) - _ALLOWED_KEYS - {_LINE_KEY}
    if unknown:
        raise DataFileError(
            path,
            line,
            f"unknown keys {sorted(map(str, unknown))}; expected {sorted(_ALLOWED_KEYS)}",
        )
    issue_id = entry.get("id")
    if not isinstance(issue_id, str) or not _ID_PATTERN.match(issue_id):
        raise DataFileError(
            path, line, f"issue id must be a lowercase slug (a-z, 0-9, _), got {issue_id!r}"
        )
    replace = entry.get("replace", False)
    if not isinstance(replace, bool):
        raise DataFileError(path, line, f"`replace` must be true or false, got {replace!r}")
    is_new = issue_id not in known or replace
    name = entry.get("name")
    if name is not None and (not isinstance(name, str) or not name.strip()):
        raise DataFileError(path, line, f"`name` must be a non-empty string, got {name!r}")
    if name is None and is_new:
        raise DataFileError(path, line, f"new issue {issue_id!r} needs a `name`")
    terms = _string_list(entry, "terms", path, line, required=is_new)
    negative_terms = _string_list(entry, "negative_terms", path, line, required=False)
    issue_contexts = _string_list(entry, "contexts", path, line, required=False)
    bad = [c for c in issue_contexts if c not in contexts]
    if bad:
        raise DataFileError(
            path, line, f"unknown PLOVER contexts {bad}; see data/issues/{CONTEXTS_FILE}"
        )
    origin = f"{path}:{line}"
    if is_new:
        return Issue(issue_id, str(name), terms, issue_contexts, negative_terms, origin)
    old = known[issue_id]
    return Issue(
        id=issue_id,
        name=str(name) if name is not None else old.name,
        terms=_merged(old.terms, terms),
        contexts=_merged(old.contexts, issue_contexts),
        negative_terms=_merged(old.negative_terms, negative_terms),
        origin=origin,
    )


def _merged(old: tuple[str, ...], new: tuple[str, ...]) -> tuple[str, ...]:
    seen = {normalise_term(t) for t in old}
    extra = []
    for term in new:
        if normalise_term(term) not in seen:
            seen.add(normalise_term(term))
            extra.append(term)
    return old + tuple(extra)


def _read_entries(text: str, path: str) -> list[Any]:
    try:
        data = yaml.load(text, Loader=_LineLoader)  # _LineLoader is a SafeLoader
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DataFileError(path, line, f"not valid YAML: {exc}") from exc
    if data is None:
        return []
    if not isinstance(data, list):
        raise DataFileError(path, 1, "an issue file must be a YAML list of issues")
    return data


def _lay_over(issues: dict[str, Issue], text: str, path: str, contexts: frozenset[str]) -> None:
    """Add the entries of one file to ``issues`` (in place: the dict is local to load_issues)."""
    seen_here: set[str] = set()
    for entry in _read_entries(text, path):
        issue = _parse_entry(entry, path, issues, contexts)
        # Within one file an id may appear once; across files a repeat extends or replaces.
        if issue.id in seen_here:
            raise DataFileError(
                path, entry.get(_LINE_KEY), f"issue id {issue.id!r} appears twice in this file"
            )
        seen_here.add(issue.id)
        issues[issue.id] = issue


def load_issues(user_files: Sequence[str | Path] = ()) -> IssueSet:
    """Load the shipped issues, lay each user file over them, and compile the matchers.

    Raises DataFileError naming the file and line of the first invalid entry.
    """
    contexts = load_contexts()
    issues: dict[str, Issue] = {}
    shipped = resources.files("communique").joinpath("data", "issues", SHIPPED_ISSUES)
    _lay_over(issues, shipped.read_text("utf-8"), f"data/issues/{SHIPPED_ISSUES}", contexts)
    for user_file in user_files:
        path = Path(user_file)
        try:
            text = path.read_text("utf-8")
        except OSError as exc:
            raise DataFileError(path, None, f"cannot read issue file: {exc}") from exc
        _lay_over(issues, text, str(path), contexts)
    logger.debug("loaded %d issues", len(issues))
    return build_issue_set(list(issues.values()))
