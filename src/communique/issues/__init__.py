"""issues stage: the issues an article and its events are about, and their tone."""

from communique.issues.loader import Issue, IssueSet, build_issue_set, load_issues
from communique.issues.tagging import find_issue_matches, tag_article, tag_events
from communique.issues.tone import tone, tone_events

__all__ = [
    "Issue",
    "IssueSet",
    "build_issue_set",
    "find_issue_matches",
    "load_issues",
    "tag_article",
    "tag_events",
    "tone",
    "tone_events",
]
