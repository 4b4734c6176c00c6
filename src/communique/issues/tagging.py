"""Tag articles and events with the issues their words signal."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator, Sequence

from communique.issues.loader import IssueSet, normalise_term
from communique.records import Event

# An event with no issue words in its own sentence inherits at most this many article issues.
MAX_INHERITED_ISSUES = 3


_WORD = re.compile(r"\w+")


def _find(
    pattern: re.Pattern[str], first_words: frozenset[str] | None, text: str
) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, tried only where a word that starts some term starts: one
    alternation over hundreds of terms is slow to try at every character of a story."""
    if first_words is None:
        yield from pattern.finditer(text)
        return
    end = 0
    for word in _WORD.finditer(text):
        if word.start() < end or word.group(0).lower() not in first_words:
            continue
        match = pattern.match(text, word.start())
        if match is not None:
            end = match.end()
            yield match


def find_issue_matches(text: str, issue_set: IssueSet) -> tuple[tuple[str, int, int], ...]:
    """Every (issue id, start, end) where a term of the issue occurs in ``text``.

    Matches are case-insensitive and bounded by non-word characters, so "Taiwanese" matches
    only as itself and "AI" never inside "AIrline". A match that overlaps a negative term of
    the same issue ("potato chips" for semiconductors) does not count.
    """
    if issue_set.term_pattern is None:
        return ()
    cancelled: list[tuple[str, int, int]] = []
    if issue_set.negative_pattern is not None:
        for match in _find(issue_set.negative_pattern, issue_set.first_words, text):
            for issue_id in issue_set.negative_issues.get(normalise_term(match.group(0)), ()):
                cancelled.append((issue_id, match.start(), match.end()))
    found: list[tuple[str, int, int]] = []
    for match in _find(issue_set.term_pattern, issue_set.first_words, text):
        start, end = match.start(), match.end()
        for issue_id in issue_set.term_issues.get(normalise_term(match.group(0)), ()):
            if any(i == issue_id and s < end and start < e for i, s, e in cancelled):
                continue
            found.append((issue_id, start, end))
    return tuple(found)


def tag_article(text: str, issue_set: IssueSet) -> tuple[tuple[str, int], ...]:
    """(issue id, number of matches) for each issue found, most matches first.

    Ties keep the order in which the issues first appear in the text.
    """
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for issue_id, start, _ in find_issue_matches(text, issue_set):
        counts[issue_id] = counts.get(issue_id, 0) + 1
        first.setdefault(issue_id, start)
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], first[item[0]])))


def _event_sentence(event: Event, text: str) -> str:
    if 0 <= event.start < event.end <= len(text):
        return text[event.start : event.end]
    return event.sentence


def tag_events(
    events: Sequence[Event],
    text: str,
    issue_set: IssueSet,
    article_issues: Sequence[tuple[str, int]],
) -> tuple[Event, ...]:
    """Give each event the issues found in its sentence, else the article's top issues.

    ``article_issues`` is what ``tag_article`` returned for ``text``. The PLOVER contexts of
    the event's issues are appended to ``Event.context`` (existing contexts kept first, no
    duplicates); issues already on the event are kept too.
    """
    inherited = tuple(issue_id for issue_id, _ in article_issues[:MAX_INHERITED_ISSUES])
    tagged: list[Event] = []
    for event in events:
        own = tuple(
            issue_id for issue_id, _ in tag_article(_event_sentence(event, text), issue_set)
        )
        issue_ids = _append_new(event.issues, own or inherited)
        contexts = event.context
        for issue_id in issue_ids:
            issue = issue_set.get(issue_id)
            if issue is not None:
                contexts = _append_new(contexts, issue.contexts)
        tagged.append(dataclasses.replace(event, issues=issue_ids, context=contexts))
    return tuple(tagged)


def _append_new(existing: tuple[str, ...], new: Sequence[str]) -> tuple[str, ...]:
    out = list(existing)
    for item in new:
        if item not in out:
            out.append(item)
    return tuple(out)
