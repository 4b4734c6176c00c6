"""checks stage: point out what in a story does not add up (names, offices, places, quotes)."""

from communique.checks.flags import (
    FLAG_KINDS,
    SEVERITIES,
    attach_flags,
    check_article,
    find_flags,
    flag_id,
)
from communique.checks.fuzzy import similar_names

__all__ = [
    "FLAG_KINDS",
    "SEVERITIES",
    "attach_flags",
    "check_article",
    "find_flags",
    "flag_id",
    "similar_names",
]
