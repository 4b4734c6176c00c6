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

from communique.datafiles import line_of, parse_yaml, read_data_text, read_record, rule
from communique.errors import DataFileError
from communique.names import PHRASE_KEY, normalise

logger = logging.getLogger(__name__)

SHIPPED_ISSUES = "issues.yaml"
CONTEXTS_FILE = "plover_contexts.txt"


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
    # The first words of all terms (None when a term starts with no word character): the
    # matchers are tried only where one of them starts, not at every character of a story.
    first_words: frozenset[str] | None = field(default=None, compare=False, repr=False)

    def get(self, issue_id: str) -> Issue | None:
        for issue in self.issues:
            if issue.id == issue_id:
                return issue
        return None

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(issue.id for issue in self.issues)


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
        first_words=_first_words([*term_issues, *negative_issues]),
    )


def _first_words(terms: Sequence[str]) -> frozenset[str] | None:
    starts = [re.match(r"\w+", term) for term in terms]
    if any(start is None for start in starts):
        return None
    return frozenset(start.group(0).lower() for start in starts if start is not None)


def load_contexts() -> frozenset[str]:
    """The PLOVER context ids an issue may name."""
    text = (
        resources.files("communique").joinpath("data", "issues", CONTEXTS_FILE).read_text("utf-8")
    )
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class _IssueEntry:
    """One entry of an issue file as written (the module docstring says what each key does)."""

    id: str = field(
        metadata=rule(pattern=r"[a-z0-9][a-z0-9_]*", means="a lowercase slug (a-z, 0-9, _)")
    )
    name: str | None = None
    terms: tuple[str, ...] = field(default=(), metadata=rule(one_or_many=False))
    contexts: tuple[str, ...] = field(default=(), metadata=rule(one_or_many=False))
    negative_terms: tuple[str, ...] = field(default=(), metadata=rule(one_or_many=False))
    replace: bool = False


def _parse_entry(
    raw: Any, path: str, known: Mapping[str, Issue], contexts: frozenset[str]
) -> Issue:
    """Validate one entry against the issues known so far; return the new or merged issue."""
    entry = read_record(raw, _IssueEntry, path, "issue")
    line = line_of(raw)
    is_new = entry.id not in known or entry.replace
    if entry.name is None and is_new:
        raise DataFileError(path, line, f"new issue {entry.id!r} needs a `name`")
    if is_new and not entry.terms:
        raise DataFileError(path, line, "issue needs a non-empty list `terms`")
    bad = [c for c in entry.contexts if c not in contexts]
    if bad:
        raise DataFileError(
            path, line, f"unknown PLOVER contexts {bad}; see data/issues/{CONTEXTS_FILE}"
        )
    origin = f"{path}:{line}"
    if is_new:
        name = str(entry.name)
        return Issue(entry.id, name, entry.terms, entry.contexts, entry.negative_terms, origin)
    old = known[entry.id]
    return Issue(
        id=entry.id,
        name=entry.name if entry.name is not None else old.name,
        terms=_merged(old.terms, entry.terms),
        contexts=_merged(old.contexts, entry.contexts),
        negative_terms=_merged(old.negative_terms, entry.negative_terms),
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


def _read_entries(path: Any, where: str) -> list[Any]:
    data = parse_yaml(read_data_text(path), where)
    if data is None:
        return []
    if not isinstance(data, list):
        raise DataFileError(where, 1, "an issue file must be a YAML list of issues")
    return data


def _lay_over(issues: dict[str, Issue], file: Any, path: str, contexts: frozenset[str]) -> None:
    """Add the entries of one file to ``issues`` (in place: the dict is local to load_issues)."""
    seen_here: set[str] = set()
    for entry in _read_entries(file, path):
        issue = _parse_entry(entry, path, issues, contexts)
        # Within one file an id may appear once; across files a repeat extends or replaces.
        if issue.id in seen_here:
            raise DataFileError(
                path, line_of(entry), f"issue id {issue.id!r} appears twice in this file"
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
    _lay_over(issues, shipped, f"data/issues/{SHIPPED_ISSUES}", contexts)
    for user_file in user_files:
        _lay_over(issues, Path(user_file), str(user_file), contexts)
    logger.debug("loaded %d issues", len(issues))
    return build_issue_set(list(issues.values()))
