"""The imported verb patterns as a tab-separated table: written by the importer, read at start-up.

One pattern a line, so thousands load in a few milliseconds and an error names its line
(YAML with line tracking took far longer for the same data). ``#`` lines are the header:
where the patterns came from, under which licence, when, and what was skipped. Columns:

    id          unique, lower-case (petrarch.<block>.<n>)
    lemmas      trigger verbs (spaCy lemmas), space-separated
    event       PLOVER type; cameo: CAMEO code (both checked against the ontology)
    object      a direct object with one of these lemmas is required ("-": none)
    modifier    a compound/adjective child of that object (or of the verb) with one of these
    prep        a preposition on the verb (or its object), with ":" and its object lemmas,
                e.g. "against:" (any object) or "for:asylum refuge"
    particle    a verb particle with one of these words ("off")
    actors, recipients   participant roles in order, as in patterns.yaml
    origin      file and line(s) of the source dictionary the pattern comes from

Every imported pattern is marked ``imported``: on the same word, hand-written patterns are
tried first (``PatternSet.for_lemma``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from communique.compressed import write_text
from communique.datafiles import tsv_rows
from communique.errors import DataFileError
from communique.events.ontology import Ontology
from communique.events.pattern_record import Pattern, check_role

COLUMNS = (
    "id", "lemmas", "event", "cameo", "object", "modifier", "prep", "particle", "actors",
    "recipients", "origin",
)  # fmt: skip
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
_NONE = "-"


def _cell(words: Iterable[str]) -> str:
    text = " ".join(sorted(words))
    return text or _NONE


def pattern_row(pattern: Pattern) -> str:
    """One table line for ``pattern`` (its ``source`` becomes the origin column)."""
    prep = _NONE
    if pattern.preps is not None:
        prep = ";".join(
            f"{word}:{' '.join(sorted(objects))}" for word, objects in sorted(pattern.preps.items())
        )
    cells = (
        pattern.id,
        _cell(pattern.lemmas),
        pattern.event,
        pattern.cameo,
        _cell(pattern.objects),
        _cell(pattern.modifiers),
        prep,
        _cell(pattern.particles),
        " ".join(pattern.actor_roles) or _NONE,
        " ".join(pattern.recipient_roles) or _NONE,
        pattern.source or _NONE,
    )
    return "\t".join(cells)


def write_verb_table(patterns: Sequence[Pattern], header: Sequence[str], path: str | Path) -> None:
    """Write the table: ``header`` lines as ``#`` comments, the column names, one row each."""
    lines = [f"# {h}".rstrip() for h in header]
    lines.append("\t".join(COLUMNS))
    lines.extend(pattern_row(p) for p in patterns)
    write_text(Path(path), "\n".join(lines) + "\n")


def _words(cell: str) -> frozenset[str]:
    return frozenset() if cell == _NONE else frozenset(cell.lower().split())


def _preps(cell: str, path: Path, line: int) -> dict[str, frozenset[str]] | None:
    if cell == _NONE:
        return None
    preps: dict[str, frozenset[str]] = {}
    for part in cell.split(";"):
        word, sep, objects = part.partition(":")
        if not sep or not re.fullmatch(r"[a-z]+", word):
            raise DataFileError(path, line, f"prep {part!r} must be 'word:' or 'word:objects'")
        preps[word] = _words(objects or _NONE)
    return preps


def _row(fields: list[str], path: Path, line: int, ontology: Ontology) -> Pattern:
    if len(fields) != len(COLUMNS):
        raise DataFileError(
            path, line, f"expected {len(COLUMNS)} tab-separated columns, got {len(fields)}"
        )
    pid, lemmas, event, cameo, obj, modifier, prep, particle, actors, recipients, origin = fields
    if not _ID_RE.match(pid):
        raise DataFileError(path, line, f"pattern id {pid!r} must be lower-case")
    if not _words(lemmas):
        raise DataFileError(path, line, f"{pid}: no trigger lemmas")
    if event not in ontology.types:
        raise DataFileError(path, line, f"{pid}: unknown PLOVER event type {event!r}")
    if cameo not in ontology.codes:
        raise DataFileError(path, line, f"{pid}: CAMEO code {cameo!r} is not in the ontology")
    actor_roles = tuple(check_role(r, path, line) for r in actors.split() if r != _NONE)
    recipient_roles = tuple(check_role(r, path, line) for r in recipients.split() if r != _NONE)
    if not actor_roles and not recipient_roles:
        raise DataFileError(path, line, f"{pid}: give actor or recipient roles")
    return Pattern(
        id=pid,
        lemmas=_words(lemmas),
        pos="verb",
        event=event,
        cameo=cameo,
        mode=None,
        contexts=(),
        actor_roles=actor_roles,
        recipient_roles=recipient_roles,
        objects=_words(obj),
        preps=_preps(prep, path, line),
        modifiers=_words(modifier),
        particles=_words(particle),
        source=f"{path.name}:{line} ({origin})",
        imported=True,
    )


def read_verb_table(path: str | Path, ontology: Ontology) -> list[Pattern]:
    """Every pattern of the table; DataFileError naming file and line on a bad row."""
    path = Path(path)
    patterns: list[Pattern] = []
    seen: set[str] = set()
    header = False
    for line, fields in tsv_rows(path):
        if not header:
            if tuple(fields) != COLUMNS:
                raise DataFileError(path, line, f"header must be the columns {' '.join(COLUMNS)}")
            header = True
            continue
        pattern = _row(fields, path, line, ontology)
        if pattern.id in seen:
            raise DataFileError(path, line, f"pattern id {pattern.id!r} appears twice")
        seen.add(pattern.id)
        patterns.append(pattern)
    if not header:
        raise DataFileError(path, None, "no header line: is this a verb table?")
    return patterns
