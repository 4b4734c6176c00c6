"""Event patterns as data: which words, in which syntactic frame, code which event.

A pattern names its trigger lemmas, optional required words around them, the PLOVER
type, mode, contexts and CAMEO code, and the dependency roles that give its actors and
recipients. ``data/events/patterns.yaml`` documents the format; adding a pattern there
needs no code. Every pattern is checked against the ontology when it is loaded.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from communique.errors import DataFileError
from communique.events.datafiles import LINE_KEY, load_yaml_with_lines, string_list
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

POS_VALUES = frozenset({"verb", "noun"})
_PATTERN_KEYS = frozenset(
    {
        "id", "lemmas", "pos", "event", "cameo", "mode", "context", "actors", "recipients",
        "object", "prep", "modifier", "reciprocal", "min_participants", "complement", "transitive",
        "background", "not_complement", "not_object", "particle", LINE_KEY,
    }
)  # fmt: skip
_MODALITY_KEYS = (
    "negators", "negating_heads", "negating_determiners", "future_auxiliaries", "future_heads",
    "future_time_words", "future_phrases", "hypothetical_auxiliaries", "hypothetical_marks",
    "hypothetical_modifiers", "historical_phrases", "reporting_heads",
    "reported_future_auxiliaries", "hypothetical_heads",
)  # fmt: skip
_WORD_LISTS = ("collective_nouns", "anaphoric_objects", "instrument_verbs")
_TOP_KEYS = frozenset(
    {"patterns", "mode_cues", "modality", "context_cues", "fallback_recipients", *_WORD_LISTS,
     LINE_KEY}
)  # fmt: skip
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")


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


def _parse_pattern(entry: Any, path: Path, ontology: Ontology, fallback_line: int) -> Pattern:
    if not isinstance(entry, dict):
        raise DataFileError(path, fallback_line, f"a pattern must be a mapping, got {entry!r}")
    line = int(entry[LINE_KEY])
    unknown = set(entry) - _PATTERN_KEYS
    if unknown:
        raise DataFileError(path, line, f"unknown keys {sorted(unknown)} in pattern")
    pattern_id = str(entry.get("id", ""))
    if not _ID_RE.match(pattern_id):
        raise DataFileError(
            path, line, f"pattern id {pattern_id!r} must be lower-case, e.g. consult.meet"
        )
    lemmas = string_list(entry.get("lemmas"), path, line, "lemmas")
    if not lemmas:
        raise DataFileError(path, line, f"{pattern_id}: 'lemmas' must list at least one word")
    pos = str(entry.get("pos", "verb"))
    if pos not in POS_VALUES:
        raise DataFileError(path, line, f"{pattern_id}: pos {pos!r} must be verb or noun")
    event = str(entry.get("event", ""))
    if event not in ontology.types:
        raise DataFileError(path, line, f"{pattern_id}: unknown PLOVER event type {event!r}")
    cameo = str(entry.get("cameo", ""))
    if cameo not in ontology.codes:
        raise DataFileError(
            path, line, f"{pattern_id}: CAMEO code {cameo!r} is not in the ontology"
        )
    mode = entry.get("mode")
    if mode is not None and not ontology.has_mode(event, str(mode)):
        raise DataFileError(path, line, f"{pattern_id}: {mode!r} is not a mode of {event}")
    contexts = string_list(entry.get("context"), path, line, "context")
    for context in contexts:
        if context not in ontology.contexts:
            raise DataFileError(path, line, f"{pattern_id}: unknown PLOVER context {context!r}")
    actors = tuple(
        check_role(r, path, line) for r in string_list(entry.get("actors"), path, line, "actors")
    )
    recipients = tuple(
        check_role(r, path, line)
        for r in string_list(entry.get("recipients"), path, line, "recipients")
    )
    if not actors and not recipients:
        raise DataFileError(path, line, f"{pattern_id}: give 'actors' or 'recipients' roles")
    preps: dict[str, frozenset[str]] | None = None
    raw_preps = entry.get("prep")
    if raw_preps is not None:
        if not isinstance(raw_preps, dict):
            raise DataFileError(path, line, f"{pattern_id}: 'prep' must map a preposition to words")
        if any(not isinstance(word, str) for word in raw_preps):
            # YAML reads an unquoted "on" or "off" as a boolean: the pattern would never match
            raise DataFileError(path, line, f"{pattern_id}: quote the prepositions in 'prep'")
        preps = {
            str(word): frozenset(string_list(objects, path, line, "prep"))
            for word, objects in raw_preps.items()
            if word != LINE_KEY
        }
    minimum = entry.get("min_participants", 1)
    if not isinstance(minimum, int) or isinstance(minimum, bool) or minimum < 1:
        raise DataFileError(
            path, line, f"{pattern_id}: min_participants must be a whole number >= 1"
        )
    reciprocal = entry.get("reciprocal", False)
    background = entry.get("background", False)
    transitive = entry.get("transitive", False)
    if not all(isinstance(flag, bool) for flag in (reciprocal, background, transitive)):
        raise DataFileError(
            path, line, f"{pattern_id}: reciprocal, background and transitive must be true or false"
        )
    return Pattern(
        id=pattern_id,
        lemmas=frozenset(lemma.lower() for lemma in lemmas),
        pos=pos,
        event=event,
        cameo=cameo,
        mode=str(mode) if mode is not None else None,
        contexts=contexts,
        actor_roles=actors,
        recipient_roles=recipients,
        objects=frozenset(string_list(entry.get("object"), path, line, "object")),
        preps=preps,
        modifiers=frozenset(string_list(entry.get("modifier"), path, line, "modifier")),
        reciprocal=reciprocal,
        min_participants=minimum,
        source=f"{path}:{line}",
        complements=frozenset(string_list(entry.get("complement"), path, line, "complement")),
        background=background,
        transitive=transitive,
        not_complements=frozenset(
            string_list(entry.get("not_complement"), path, line, "not_complement")
        ),
        not_objects=frozenset(string_list(entry.get("not_object"), path, line, "not_object")),
        particles=frozenset(
            w.lower() for w in string_list(entry.get("particle"), path, line, "particle")
        ),
    )


def _parse_mode_cue(entry: Any, path: Path, ontology: Ontology, line: int) -> ModeCue:
    if not isinstance(entry, dict):
        raise DataFileError(path, line, f"a mode cue must be a mapping, got {entry!r}")
    line = int(entry[LINE_KEY])
    event, mode = str(entry.get("event", "")), str(entry.get("mode", ""))
    if not ontology.has_mode(event, mode):
        raise DataFileError(path, line, f"mode cue: {mode!r} is not a mode of {event!r}")
    cameo = entry.get("cameo")
    if cameo is not None and str(cameo) not in ontology.codes:
        raise DataFileError(path, line, f"mode cue: CAMEO code {cameo!r} is not in the ontology")
    unknown = set(entry) - {"event", "mode", "cameo", "phrases", "prep_objects", LINE_KEY}
    if unknown:
        raise DataFileError(path, line, f"mode cue: unknown keys {sorted(unknown)}")
    phrases = string_list(entry.get("phrases"), path, line, "phrases")
    prep_objects = string_list(entry.get("prep_objects"), path, line, "prep_objects")
    if not phrases and not prep_objects:
        raise DataFileError(path, line, "mode cue: give 'phrases' or 'prep_objects'")
    return ModeCue(
        event,
        mode,
        tuple(p.lower() for p in phrases),
        str(cameo) if cameo else None,
        frozenset(w.lower() for w in prep_objects),
    )


def _parse_modality(raw: Any, path: Path) -> Modality:
    if not isinstance(raw, dict):
        raise DataFileError(path, None, "'modality' must be a mapping of word lists")
    line = int(raw[LINE_KEY])
    unknown = set(raw) - set(_MODALITY_KEYS) - {LINE_KEY}
    if unknown:
        raise DataFileError(path, line, f"unknown modality keys {sorted(unknown)}")
    lists = {
        key: tuple(w.lower() for w in string_list(raw.get(key), path, line, key))
        for key in _MODALITY_KEYS
    }
    return Modality(
        negators=frozenset(lists["negators"]),
        negating_heads=frozenset(lists["negating_heads"]),
        negating_determiners=frozenset(lists["negating_determiners"]),
        future_auxiliaries=frozenset(lists["future_auxiliaries"]),
        future_heads=frozenset(lists["future_heads"]),
        future_time_words=frozenset(lists["future_time_words"]),
        future_phrases=lists["future_phrases"],
        hypothetical_auxiliaries=frozenset(lists["hypothetical_auxiliaries"]),
        hypothetical_marks=frozenset(lists["hypothetical_marks"]),
        hypothetical_modifiers=frozenset(lists["hypothetical_modifiers"]),
        historical_phrases=lists["historical_phrases"],
        reporting_heads=frozenset(lists["reporting_heads"]),
        reported_future_auxiliaries=frozenset(lists["reported_future_auxiliaries"]),
        hypothetical_heads=frozenset(lists["hypothetical_heads"]),
    )


def _load_file(
    path: Path, ontology: Ontology
) -> tuple[list[Pattern], list[ModeCue], Modality | None, dict[str, frozenset[str]]]:
    raw = load_yaml_with_lines(path)
    if not isinstance(raw, dict):
        raise DataFileError(
            path, 1, "expected a mapping with 'patterns' (and optionally 'mode_cues')"
        )
    unknown = set(raw) - _TOP_KEYS
    if unknown:
        raise DataFileError(path, raw[LINE_KEY], f"unknown top-level keys {sorted(unknown)}")
    entries = raw.get("patterns") or []
    if not isinstance(entries, list):
        raise DataFileError(path, raw[LINE_KEY], "'patterns' must be a list")
    patterns = [_parse_pattern(entry, path, ontology, raw[LINE_KEY]) for entry in entries]
    cues = [
        _parse_mode_cue(entry, path, ontology, raw[LINE_KEY])
        for entry in raw.get("mode_cues") or []
    ]
    modality = _parse_modality(raw["modality"], path) if "modality" in raw else None
    word_lists = {
        key: frozenset(w.lower() for w in string_list(raw[key], path, raw[LINE_KEY], key))
        for key in _WORD_LISTS
        if key in raw
    }
    raw_cues = raw.get("context_cues") or {}
    if not isinstance(raw_cues, dict):
        raise DataFileError(path, raw[LINE_KEY], "'context_cues' must map a context to words")
    for context, words in ((k, v) for k, v in raw_cues.items() if k != LINE_KEY):
        if context not in ontology.contexts:
            raise DataFileError(path, raw_cues[LINE_KEY], f"unknown PLOVER context {context!r}")
        word_lists[f"context:{context}"] = frozenset(
            w.lower() for w in string_list(words, path, raw_cues[LINE_KEY], context)
        )
    fallback = string_list(raw.get("fallback_recipients"), path, raw[LINE_KEY], "fallback")
    if fallback:
        # kept in order: the roles are tried one after the other
        word_lists["fallback_recipients"] = frozenset(
            f"{n:03d}:{check_role(r, path, raw[LINE_KEY])}" for n, r in enumerate(fallback)
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
