"""The record of one event pattern, shared by the pattern loaders.

``patterns.py`` reads the hand-written YAML files into these and ``verb_table.py`` the
patterns imported from PETRARCH-2's verb dictionary; ``PatternSet`` orders them so that
hand-written patterns are tried before imported ones on the same word.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from communique.errors import DataFileError

# Roles a pattern may draw participants from (``prep:<word>`` adds any preposition).
FIXED_ROLES = frozenset(
    {
        "subject",
        "agent",
        "passive_subject",
        "object",
        "object_phrase",
        "dative",
        "possessor",
        "compound",
        "clause_subject",
        "embedded",
        "complement_subject",
        "complement_phrase",
        "condition_subject",
        "purpose",
        "claimant",
    }
)
_PREP_ROLE = re.compile(r"prep:[a-z]+")


def check_role(role: str, path: str | Path, line: int | None) -> str:
    """``role`` when it is a known role, else DataFileError naming file and line."""
    if role in FIXED_ROLES or _PREP_ROLE.fullmatch(role):
        return role
    raise DataFileError(
        path, line, f"unknown role {role!r}; use one of {sorted(FIXED_ROLES)} or prep:<word>"
    )


@dataclass(frozen=True, slots=True)
class Pattern:
    """One way of saying that an event happened."""

    id: str
    lemmas: frozenset[str]
    pos: str  # verb | noun
    event: str  # PLOVER type
    cameo: str
    mode: str | None
    contexts: tuple[str, ...]
    actor_roles: tuple[str, ...]
    recipient_roles: tuple[str, ...]
    objects: frozenset[str] = frozenset()  # a direct object with one of these lemmas is required
    preps: Mapping[str, frozenset[str]] | None = None  # required preposition -> object lemmas
    modifiers: frozenset[str] = frozenset()  # a compound/amod child with one of these lemmas
    reciprocal: bool = False  # "X and Y met": every actor is also a recipient
    min_participants: int = 1
    source: str = ""  # file:line, for messages
    # A clausal complement with one of these lemmas is required ("claims that X poses ...").
    complements: frozenset[str] = frozenset()
    # Nominal background events ("Russia's invasion of Ukraine"): historical unless the
    # sentence anchors them in time.
    background: bool = False
    # No event when the trigger's to-infinitive is one of these ("declined to comment").
    not_complements: frozenset[str] = frozenset()
    # No event when the object is one of these ("released a statement" frees nobody).
    not_objects: frozenset[str] = frozenset()
    # A verb particle with one of these words is required ("called off", "backed down").
    particles: frozenset[str] = frozenset()
    # Some direct object is required, whatever its word ("returned the manuscripts to Italy",
    # not "returned to the negotiating table").
    transitive: bool = False
    # Imported from another coder's dictionary: tried only when no hand-written pattern
    # on the same word matches.
    imported: bool = False

    @property
    def specificity(self) -> int:
        """Patterns with more requirements are tried first on the same word."""
        required = (
            self.objects,
            self.preps is not None,
            self.modifiers,
            self.complements,
            self.particles,
            self.transitive,
        )
        return sum(1 for r in required if r)

    @property
    def tier_key(self) -> tuple[bool, int]:
        """Sort key on one word: hand-written before imported, then most specific first."""
        return self.imported, -self.specificity
