"""The event ontology: CAMEO codes with Goldstein values and their PLOVER 2021 types.

Everything here comes from two data files, ``data/events/cameo.tsv`` and
``data/events/plover.yaml``; they are checked against each other when loaded so that a
typo fails at start-up with the file and line, not in the middle of a run.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from communique.datafiles import line_of, load_yaml, read_value, tsv_rows
from communique.errors import DataFileError
from communique.records import QUAD_CLASSES, QuadClass

CAMEO_COLUMNS = ("code", "name", "goldstein", "quad_class", "plover", "mode", "context")
_CODE_RE = re.compile(r"^\d{2,4}$")


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One CAMEO code and what it means in PLOVER."""

    code: str
    name: str
    goldstein: float  # GDELT's Goldstein value, -10 (conflict) .. +10 (cooperation)
    quad_class: QuadClass
    plover: str | None  # None for codes PLOVER has no type for (statements, appeals)
    mode: str | None
    contexts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PloverType:
    """One PLOVER event type and the modes it may take."""

    name: str
    description: str
    modes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Ontology:
    """CAMEO codes and PLOVER types, looked up by code or name."""

    codes: Mapping[str, CameoCode]
    types: Mapping[str, PloverType]
    contexts: frozenset[str]
    # CAMEO code (or prefix) -> (code of announcing that act, code of refusing it).
    announcements: Mapping[str, tuple[str | None, str | None]] = field(default_factory=dict)

    def cameo(self, code: str) -> CameoCode:
        """The CAMEO code; KeyError naming the code when it is not in the ontology."""
        try:
            return self.codes[code]
        except KeyError:
            raise KeyError(f"unknown CAMEO code {code!r}") from None

    def plover(self, name: str) -> PloverType:
        """The PLOVER type; KeyError naming it when it is not one of the 16."""
        try:
            return self.types[name]
        except KeyError:
            raise KeyError(f"unknown PLOVER event type {name!r}") from None

    def has_mode(self, event: str, mode: str) -> bool:
        return event in self.types and mode in self.types[event].modes

    def _announcement(self, code: str) -> tuple[str | None, str | None]:
        for length in range(len(code), 1, -1):
            found = self.announcements.get(code[:length])
            if found is not None:
                return found
        return None, None

    def intent(self, code: str) -> CameoCode | None:
        """What announcing the act ``code`` is: "will meet" AGREE 036, "will strike" THREATEN."""
        intent = self._announcement(code)[0]
        return self.codes[intent] if intent else None

    def refusal(self, code: str) -> CameoCode | None:
        """What refusing the act ``code`` is: "will not lift the embargo" REJECT 1244."""
        refusal = self._announcement(code)[1]
        return self.codes[refusal] if refusal else None


def _data_path(name: str) -> Path:
    return Path(str(resources.files("communique").joinpath("data", "events", name)))


def _load_plover(path: Path) -> tuple[dict[str, PloverType], frozenset[str]]:
    raw = load_yaml(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("event_types"), dict):
        raise DataFileError(path, 1, "expected a mapping with 'event_types' and 'contexts'")
    types: dict[str, PloverType] = {}
    for name, entry in raw["event_types"].items():
        if not isinstance(entry, dict):
            raise DataFileError(path, line_of(raw["event_types"]), f"{name}: expected a mapping")
        line = line_of(entry)
        if not re.fullmatch(r"[A-Z]+", str(name)):
            raise DataFileError(path, line, f"event type {name!r} must be upper-case letters")
        modes = read_value(entry.get("modes"), tuple[str, ...], path, line, "modes")
        types[str(name)] = PloverType(str(name), str(entry.get("description", "")), modes)
    contexts = frozenset(
        read_value(raw.get("contexts"), tuple[str, ...], path, line_of(raw), "contexts")
    )
    if not contexts:
        raise DataFileError(path, line_of(raw), "'contexts' must list at least one context")
    return types, contexts


def _parse_cameo_row(
    path: Path,
    line: int,
    fields: list[str],
    types: Mapping[str, PloverType],
    contexts: frozenset[str],
) -> CameoCode:
    if len(fields) != len(CAMEO_COLUMNS):
        raise DataFileError(
            path, line, f"expected {len(CAMEO_COLUMNS)} tab-separated columns, got {len(fields)}"
        )
    code, name, goldstein_text, quad_text, plover, mode, context_text = (f.strip() for f in fields)
    if not _CODE_RE.match(code):
        raise DataFileError(path, line, f"CAMEO code {code!r} must be 2 to 4 digits")
    try:
        goldstein = float(goldstein_text)
    except ValueError:
        raise DataFileError(path, line, f"goldstein {goldstein_text!r} is not a number") from None
    if not -10.0 <= goldstein <= 10.0:
        raise DataFileError(path, line, f"goldstein {goldstein} is outside -10..10")
    quad_class = int(quad_text) if quad_text in {"1", "2", "3", "4"} else 0
    if quad_class not in QUAD_CLASSES:
        raise DataFileError(path, line, f"quad_class {quad_text!r} must be 1, 2, 3 or 4")
    if plover and plover not in types:
        raise DataFileError(path, line, f"unknown PLOVER type {plover!r}")
    if mode and (not plover or mode not in types[plover].modes):
        raise DataFileError(path, line, f"mode {mode!r} is not a mode of {plover or 'no type'}")
    row_contexts = tuple(c.strip() for c in context_text.split(";") if c.strip())
    for context in row_contexts:
        if context not in contexts:
            raise DataFileError(path, line, f"unknown PLOVER context {context!r}")
    return CameoCode(
        code,
        name,
        goldstein,
        quad_class,
        plover or None,
        mode or None,
        row_contexts,
    )


def _load_announcements(
    path: Path, codes: Mapping[str, CameoCode]
) -> dict[str, tuple[str | None, str | None]]:
    found: dict[str, tuple[str | None, str | None]] = {}
    header_seen = False
    for line, fields in tsv_rows(path):
        cells = [f.strip() for f in fields] + [""] * (3 - len(fields))
        if not header_seen:
            header_seen = True
            if cells[:3] != ["code", "intent", "refusal"]:
                raise DataFileError(path, line, "header must be the columns code intent refusal")
            continue
        code, intent, refusal = cells[:3]
        for value in (code, intent, refusal):
            if value and value not in codes:
                raise DataFileError(path, line, f"CAMEO code {value!r} is not in cameo.tsv")
        if intent and codes[intent].plover not in {"AGREE", "THREATEN"}:
            raise DataFileError(path, line, f"intent {intent} must be an AGREE or THREATEN code")
        if refusal and codes[refusal].plover != "REJECT":
            raise DataFileError(path, line, f"refusal {refusal} must be a REJECT code")
        found[code] = (intent or None, refusal or None)
    return found


def load_ontology(
    cameo_path: str | Path | None = None,
    plover_path: str | Path | None = None,
    announcements_path: str | Path | None = None,
) -> Ontology:
    """Load and cross-check the CAMEO table and the PLOVER types (shipped files by default)."""
    plover_file = Path(plover_path) if plover_path is not None else _data_path("plover.yaml")
    cameo_file = Path(cameo_path) if cameo_path is not None else _data_path("cameo.tsv")
    announcements_file = (
        Path(announcements_path)
        if announcements_path is not None
        else _data_path("announcements.tsv")
    )
    types, contexts = _load_plover(plover_file)
    codes: dict[str, CameoCode] = {}
    header_seen = False
    for line, fields in tsv_rows(cameo_file):
        if not header_seen:
            header_seen = True
            if tuple(f.strip() for f in fields) != CAMEO_COLUMNS:
                expected = " ".join(CAMEO_COLUMNS)
                raise DataFileError(cameo_file, line, f"header must be the columns {expected}")
            continue
        entry = _parse_cameo_row(cameo_file, line, fields, types, contexts)
        if entry.code in codes:
            raise DataFileError(cameo_file, line, f"CAMEO code {entry.code} is listed twice")
        codes[entry.code] = entry
    if not codes:
        raise DataFileError(cameo_file, None, "no CAMEO codes found")
    announcements = _load_announcements(announcements_file, codes)
    return Ontology(codes=codes, types=types, contexts=contexts, announcements=announcements)


@functools.lru_cache(maxsize=1)
def default_ontology() -> Ontology:
    """The shipped ontology, loaded once per process."""
    return load_ontology()
