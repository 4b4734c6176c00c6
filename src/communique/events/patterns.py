"""Event patterns as data: which words, in which syntactic frame, code which event.

A pattern names its trigger lemmas, optional required words around them, the PLOVER
type, mode, contexts and CAMEO code, and the dependency roles that give its actors and
recipients. ``data/events/patterns.yaml`` documents the format; adding a pattern there
needs no code. Every pattern is checked against the ontology when it is loaded.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from communique.datafiles import line_of, load_yaml, read_record, read_value, rule, schema_keys
from communique.errors import DataFileError
from communique.events.ontology import Ontology, default_ontology
from communique.events.pattern_record import FIXED_ROLES, Pattern, check_role
from communique.events.verb_table import read_verb_table

__all__ = [
    "FIXED_ROLES",
    "Modality",
    "ModeCue",
    "Pattern",
    "PatternSet",
    "default_patterns",
    "load_patterns",
]

POS_VALUES = ("verb", "noun")
_WORDS = rule(one_or_many=True)


@dataclass(frozen=True, slots=True, kw_only=True)
class _PatternEntry:
    """One entry of ``patterns:`` as written in the file (``patterns.yaml`` documents it)."""

    id: str = field(
        metadata=rule(pattern=r"[a-z0-9][a-z0-9_.-]*", means="lower-case, e.g. consult.meet")
    )
    lemmas: tuple[str, ...] = field(metadata=rule(one_or_many=True, at_least_one="word"))
    pos: str = field(default="verb", metadata=rule(choices=POS_VALUES))
    event: str
    cameo: str
    mode: str | None = None
    context: tuple[str, ...] = field(default=(), metadata=_WORDS)
    actors: tuple[str, ...] = field(default=(), metadata=_WORDS)
    recipients: tuple[str, ...] = field(default=(), metadata=_WORDS)
    object: tuple[str, ...] = field(default=(), metadata=_WORDS)
    prep: Any = None  # preposition -> words; checked by _preps
    modifier: tuple[str, ...] = field(default=(), metadata=_WORDS)
    reciprocal: bool = False
    min_participants: int = field(default=1, metadata=rule(minimum=1))
    complement: tuple[str, ...] = field(default=(), metadata=_WORDS)
    transitive: bool = False
    background: bool = False
    not_complement: tuple[str, ...] = field(default=(), metadata=_WORDS)
    not_object: tuple[str, ...] = field(default=(), metadata=_WORDS)
    particle: tuple[str, ...] = field(default=(), metadata=_WORDS)


@dataclass(frozen=True, slots=True, kw_only=True)
class _ModeCueEntry:
    event: str
    mode: str
    cameo: str | None = None
    phrases: tuple[str, ...] = field(default=(), metadata=_WORDS)
    prep_objects: tuple[str, ...] = field(default=(), metadata=_WORDS)


@dataclass(frozen=True, slots=True, kw_only=True)
class _ModalityEntry:
    negators: tuple[str, ...] = field(default=(), metadata=_WORDS)
    negating_heads: tuple[str, ...] = field(default=(), metadata=_WORDS)
    negating_determiners: tuple[str, ...] = field(default=(), metadata=_WORDS)
    negating_subjects: tuple[str, ...] = field(default=(), metadata=_WORDS)
    future_auxiliaries: tuple[str, ...] = field(default=(), metadata=_WORDS)
    future_heads: tuple[str, ...] = field(default=(), metadata=_WORDS)
    future_time_words: tuple[str, ...] = field(default=(), metadata=_WORDS)
    future_phrases: tuple[str, ...] = field(default=(), metadata=_WORDS)
    hypothetical_auxiliaries: tuple[str, ...] = field(default=(), metadata=_WORDS)
    hypothetical_marks: tuple[str, ...] = field(default=(), metadata=_WORDS)
    hypothetical_modifiers: tuple[str, ...] = field(default=(), metadata=_WORDS)
    historical_phrases: tuple[str, ...] = field(default=(), metadata=_WORDS)
    reporting_heads: tuple[str, ...] = field(default=(), metadata=_WORDS)
    reported_future_auxiliaries: tuple[str, ...] = field(default=(), metadata=_WORDS)
    hypothetical_heads: tuple[str, ...] = field(default=(), metadata=_WORDS)


@dataclass(frozen=True, slots=True, kw_only=True)
class _PatternFile:
    """The top level of a pattern file."""

    patterns: Any = None  # a list of _PatternEntry
    mode_cues: Any = None  # a list of _ModeCueEntry
    modality: Any = None  # a _ModalityEntry
    context_cues: Any = None  # PLOVER context -> words
    fallback_recipients: tuple[str, ...] = field(default=(), metadata=_WORDS)
    collective_nouns: tuple[str, ...] | None = field(default=None, metadata=_WORDS)
    anaphoric_objects: tuple[str, ...] | None = field(default=None, metadata=_WORDS)
    instrument_verbs: tuple[str, ...] | None = field(default=None, metadata=_WORDS)
    party_nouns: tuple[str, ...] | None = field(default=None, metadata=_WORDS)


@dataclass(frozen=True, slots=True)
class ModeCue:
    """A phrase in the sentence that sets the mode of events of one type."""

    event: str
    mode: str
    phrases: tuple[str, ...]  # anywhere in the sentence, lower-cased
    cameo: str | None = None
    # Lemmas of the object of a preposition on the trigger: "met Xi at the G20 summit".
    prep_objects: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Modality:
    """The words that mark an event as negated, future, hypothetical or historical."""

    negators: frozenset[str]
    negating_heads: frozenset[str]
    negating_determiners: frozenset[str]
    future_auxiliaries: frozenset[str]
    future_heads: frozenset[str]
    future_time_words: frozenset[str]
    future_phrases: tuple[str, ...]
    hypothetical_auxiliaries: frozenset[str]
    hypothetical_marks: frozenset[str]
    hypothetical_modifiers: frozenset[str]
    historical_phrases: tuple[str, ...]
    # "said he would meet": in reported speech "would" is the future seen from the past.
    reporting_heads: frozenset[str] = frozenset()
    reported_future_auxiliaries: frozenset[str] = frozenset()
    # Verbs whose complement is threatened or requested, not done ("threatened to ban").
    hypothetical_heads: frozenset[str] = frozenset()
    # Subjects that say nobody did it ("nobody recognises", "none of them met").
    negating_subjects: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class PatternSet:
    """All patterns, the mode cues and the modality words, ready for the coder."""

    patterns: tuple[Pattern, ...]
    mode_cues: tuple[ModeCue, ...]
    modality: Modality
    # Plural nouns that stand for the parties of an earlier event ("the ministers agreed").
    collective_nouns: frozenset[str] = frozenset()
    # Objects that point back to an earlier accusation ("China denies these allegations").
    anaphoric_objects: frozenset[str] = frozenset()
    # Verbs whose object is what is fired or thrown ("fired a missile"), never a recipient.
    instrument_verbs: frozenset[str] = frozenset()
    # Nouns naming who acts: a noun compounded onto them says what kind of party they are
    # ("aid agencies"), never what is acted on, so it does not meet a pattern's object.
    party_nouns: frozenset[str] = frozenset()
    # PLOVER context -> words in the sentence that put an event in it ("troops": military).
    context_cues: tuple[tuple[str, frozenset[str]], ...] = ()
    # Roles tried for a recipient when a pattern's own roles name none ("sanctions against X").
    fallback_recipients: tuple[str, ...] = ()
    # (lemma, pos) -> patterns, hand-written then imported, each most specific first;
    # built once, looked up for every word.
    _index: Mapping[tuple[str, str], tuple[Pattern, ...]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        index: dict[tuple[str, str], list[Pattern]] = {}
        for pattern in self.patterns:
            for lemma in pattern.lemmas:
                index.setdefault((lemma, pattern.pos), []).append(pattern)
        ordered = {
            key: tuple(sorted(found, key=lambda p: p.tier_key)) for key, found in index.items()
        }
        object.__setattr__(self, "_index", ordered)

    def for_lemma(self, lemma: str, pos: str) -> tuple[Pattern, ...]:
        """Patterns triggered by ``lemma`` as ``pos``: hand-written first, most specific first."""
        return self._index.get((lemma, pos), ())


def _lower(words: Iterable[str]) -> frozenset[str]:
    return frozenset(word.lower() for word in words)


def _preps(raw: Any, path: Path, line: int | None, pattern_id: str) -> dict[str, frozenset[str]]:
    if not isinstance(raw, dict):
        raise DataFileError(path, line, f"{pattern_id}: 'prep' must map a preposition to words")
    if any(not isinstance(word, str) for word in raw):
        # YAML reads an unquoted "on" or "off" as a boolean: the pattern would never match
        raise DataFileError(path, line, f"{pattern_id}: quote the prepositions in 'prep'")
    return {
        word: frozenset(read_value(objects, tuple[str, ...], path, line, "prep", one_or_many=True))
        for word, objects in raw.items()
    }


def _parse_pattern(raw: Any, path: Path, ontology: Ontology, fallback_line: int | None) -> Pattern:
    entry = read_record(raw, _PatternEntry, path, "pattern", fallback_line)
    line, pattern_id = line_of(raw), entry.id
    if entry.event not in ontology.types:
        raise DataFileError(path, line, f"{pattern_id}: unknown PLOVER event type {entry.event!r}")
    if entry.cameo not in ontology.codes:
        raise DataFileError(
            path, line, f"{pattern_id}: CAMEO code {entry.cameo!r} is not in the ontology"
        )
    if entry.mode is not None and not ontology.has_mode(entry.event, entry.mode):
        raise DataFileError(
            path, line, f"{pattern_id}: {entry.mode!r} is not a mode of {entry.event}"
        )
    for context in entry.context:
        if context not in ontology.contexts:
            raise DataFileError(path, line, f"{pattern_id}: unknown PLOVER context {context!r}")
    actors = tuple(check_role(r, path, line) for r in entry.actors)
    recipients = tuple(check_role(r, path, line) for r in entry.recipients)
    if not actors and not recipients:
        raise DataFileError(path, line, f"{pattern_id}: give 'actors' or 'recipients' roles")
    return Pattern(
        id=pattern_id,
        lemmas=_lower(entry.lemmas),
        pos=entry.pos,
        event=entry.event,
        cameo=entry.cameo,
        mode=entry.mode,
        contexts=entry.context,
        actor_roles=actors,
        recipient_roles=recipients,
        objects=frozenset(entry.object),
        preps=None if entry.prep is None else _preps(entry.prep, path, line, pattern_id),
        modifiers=frozenset(entry.modifier),
        reciprocal=entry.reciprocal,
        min_participants=entry.min_participants,
        source=f"{path}:{line}",
        complements=frozenset(entry.complement),
        background=entry.background,
        transitive=entry.transitive,
        not_complements=frozenset(entry.not_complement),
        not_objects=frozenset(entry.not_object),
        particles=_lower(entry.particle),
    )


def _parse_mode_cue(raw: Any, path: Path, ontology: Ontology, fallback_line: int | None) -> ModeCue:
    entry = read_record(raw, _ModeCueEntry, path, "mode cue", fallback_line)
    line = line_of(raw)
    if not ontology.has_mode(entry.event, entry.mode):
        raise DataFileError(
            path, line, f"mode cue: {entry.mode!r} is not a mode of {entry.event!r}"
        )
    if entry.cameo is not None and entry.cameo not in ontology.codes:
        raise DataFileError(
            path, line, f"mode cue: CAMEO code {entry.cameo!r} is not in the ontology"
        )
    if not entry.phrases and not entry.prep_objects:
        raise DataFileError(path, line, "mode cue: give 'phrases' or 'prep_objects'")
    return ModeCue(
        entry.event,
        entry.mode,
        tuple(p.lower() for p in entry.phrases),
        entry.cameo,
        _lower(entry.prep_objects),
    )


def _parse_modality(raw: Any, path: Path) -> Modality:
    entry = read_record(raw, _ModalityEntry, path, "modality")
    lists = {
        key: tuple(w.lower() for w in getattr(entry, key)) for key in schema_keys(_ModalityEntry)
    }
    phrases = ("future_phrases", "historical_phrases")  # kept in order
    words: dict[str, Any] = {
        key: found if key in phrases else frozenset(found) for key, found in lists.items()
    }
    return Modality(**words)


def _load_file(
    path: Path, ontology: Ontology
) -> tuple[list[Pattern], list[ModeCue], Modality | None, dict[str, frozenset[str]]]:
    raw = load_yaml(path)
    if not isinstance(raw, dict):
        raise DataFileError(
            path, 1, "expected a mapping with 'patterns' (and optionally 'mode_cues')"
        )
    top = read_record(raw, _PatternFile, path, "pattern file (top-level keys)")
    line = line_of(raw)
    entries = top.patterns or []
    if not isinstance(entries, list):
        raise DataFileError(path, line, "'patterns' must be a list")
    patterns = [_parse_pattern(entry, path, ontology, line) for entry in entries]
    cues = [_parse_mode_cue(entry, path, ontology, line) for entry in top.mode_cues or []]
    modality = _parse_modality(top.modality, path) if top.modality is not None else None
    word_lists = {
        key: _lower(words)
        for key in ("collective_nouns", "anaphoric_objects", "instrument_verbs", "party_nouns")
        if (words := getattr(top, key)) is not None
    }
    raw_cues = top.context_cues or {}
    if not isinstance(raw_cues, dict):
        raise DataFileError(path, line, "'context_cues' must map a context to words")
    for context, words in raw_cues.items():
        cues_line = line_of(raw_cues, str(context))
        if context not in ontology.contexts:
            raise DataFileError(path, cues_line, f"unknown PLOVER context {context!r}")
        word_lists[f"context:{context}"] = _lower(
            read_value(words, tuple[str, ...], path, cues_line, str(context), one_or_many=True)
        )
    if top.fallback_recipients:
        # kept in order: the roles are tried one after the other
        word_lists["fallback_recipients"] = frozenset(
            f"{n:03d}:{check_role(r, path, line)}" for n, r in enumerate(top.fallback_recipients)
        )
    return patterns, cues, modality, word_lists


def _data_path(name: str) -> Path:
    return Path(str(resources.files("communique").joinpath("data", "events", name)))


IMPORTED_VERBS = "petrarch_verbs.tsv.gz"


def load_patterns(
    paths: Iterable[str | Path] = (),
    *,
    ontology: Ontology | None = None,
    include_default: bool = True,
    include_imported: bool = True,
) -> PatternSet:
    """Load the shipped patterns (unless ``include_default`` is false) and then ``paths``.

    Three tiers: the verb patterns imported from PETRARCH-2 (``petrarch_verbs.tsv.gz``, left
    out when ``include_imported`` or ``include_default`` is false), the hand-written
    ``patterns.yaml``, then user files. On one word, imported patterns are tried only
    when no other matches; a pattern in a later file replaces an earlier one with the
    same id. Raises DataFileError naming the file and line.
    """
    ontology = ontology or default_ontology()
    files = ([_data_path("patterns.yaml")] if include_default else []) + [Path(p) for p in paths]
    by_id: dict[str, Pattern] = {}
    imported: dict[str, Pattern] = {}
    if include_default and include_imported:
        imported = {p.id: p for p in read_verb_table(_data_path(IMPORTED_VERBS), ontology)}
    cues: list[ModeCue] = []
    modality: Modality | None = None
    word_lists: dict[str, frozenset[str]] = {}
    for path in files:
        seen_here: set[str] = set()
        patterns, file_cues, file_modality, file_lists = _load_file(path, ontology)
        for key, words in file_lists.items():
            word_lists[key] = word_lists.get(key, frozenset()) | words
        for pattern in patterns:
            if pattern.id in seen_here:
                raise DataFileError(
                    path, None, f"pattern id {pattern.id!r} appears twice ({pattern.source})"
                )
            seen_here.add(pattern.id)
            by_id[pattern.id] = pattern
        cues.extend(file_cues)
        modality = file_modality or modality
    if modality is None:
        where = files[0] if files else "<no pattern files>"
        raise DataFileError(where, None, "no 'modality' section found in any pattern file")
    # hand-written and user patterns first; an imported one a file redefines is dropped
    base = tuple(p for pid, p in imported.items() if pid not in by_id)
    return PatternSet(
        (*by_id.values(), *base),
        tuple(cues),
        modality,
        fallback_recipients=tuple(
            role.split(":", 1)[1] for role in sorted(word_lists.get("fallback_recipients", ()))
        ),
        collective_nouns=word_lists.get("collective_nouns", frozenset()),
        anaphoric_objects=word_lists.get("anaphoric_objects", frozenset()),
        instrument_verbs=word_lists.get("instrument_verbs", frozenset()),
        party_nouns=word_lists.get("party_nouns", frozenset()),
        context_cues=tuple(
            (key.removeprefix("context:"), words)
            for key, words in sorted(word_lists.items())
            if key.startswith("context:")
        ),
    )


@functools.lru_cache(maxsize=1)
def default_patterns() -> PatternSet:
    """The shipped patterns (imported tier included), loaded once per process."""
    return load_patterns()
