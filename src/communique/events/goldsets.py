"""Readers for coded sentences ("gold sets") that the event coder is evaluated against.

Three formats are read: the PLOVER gold-standard records as JSON lines (``plover-gsr``,
also used for our own ``jsonl`` sets), ConfliBERT's ``sentence<TAB>label`` PentaClass
files (``conflibert-tsv``) and the PETRARCH-2 unit-test XML (``petrarch-xml``) with its
actor dictionary. Readers only parse: running the coder and scoring live in
``communique.pipeline.evaluation``, the one layer that may use every stage.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from communique.errors import DataFileError

# CAMEO root -> ConfliBERT PentaClass (0 statement/appeal, 1 verbal cooperation,
# 2 material cooperation, 3 verbal conflict, 4 material conflict).
PENTA_BY_ROOT: dict[str, int] = {
    **{f"{r:02d}": 0 for r in (1, 2)},
    **{f"{r:02d}": 1 for r in (3, 4, 5)},
    **{f"{r:02d}": 2 for r in (6, 7, 8)},
    **{f"{r:02d}": 3 for r in (9, 10, 11, 12, 13, 16)},
    **{f"{r:02d}": 4 for r in (14, 15, 17, 18, 19, 20)},
}


class GoldFormat(StrEnum):
    plover_gsr = "plover-gsr"
    jsonl = "jsonl"
    conflibert_tsv = "conflibert-tsv"
    petrarch_xml = "petrarch-xml"


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One coded event: accepted PLOVER types (first = the label), CAMEO code, countries."""

    plover: tuple[str, ...] = ()
    cameo: str | None = None
    actor_codes: frozenset[str] = frozenset()
    recipient_codes: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class GoldSentence:
    """A sentence with its expected events (none means "no event"), or a PentaClass label."""

    id: str
    text: str
    events: tuple[GoldEvent, ...] = ()
    penta: int | None = None
    published: str | None = None


def guess_format(path: Path) -> GoldFormat:
    """The format implied by a file's name: .tsv, .xml, else the GSR JSON lines."""
    name = path.name.lower()
    if name.endswith(".tsv"):
        return GoldFormat.conflibert_tsv
    if name.endswith(".xml"):
        return GoldFormat.petrarch_xml
    return GoldFormat.plover_gsr


def read_gold(path: Path, fmt: GoldFormat | None = None) -> list[GoldSentence]:
    """Every sentence of a gold file; DataFileError (file and line) when it is malformed."""
    fmt = fmt or guess_format(path)
    if not path.is_file():
        raise DataFileError(path, None, "gold file not found")
    if fmt is GoldFormat.conflibert_tsv:
        return list(_read_tsv(path))
    if fmt is GoldFormat.petrarch_xml:
        return list(_read_petrarch(path))
    return list(_read_jsonl(path))


def _codes(value: object) -> frozenset[str]:
    return frozenset(str(v).upper() for v in value) if isinstance(value, list) else frozenset()


def _read_jsonl(path: Path) -> Iterator[GoldSentence]:
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                events = []
                for raw in record.get("events") or []:
                    types = [str(raw["plover"]), *(str(t) for t in raw.get("plover_alt") or [])]
                    actors, recipients = (
                        _codes(raw.get("actor_codes")),
                        _codes(raw.get("recipient_codes")),
                    )
                    if raw.get("reciprocal"):
                        recipients = recipients | actors
                    cameo = raw.get("cameo")
                    events.append(
                        GoldEvent(tuple(types), str(cameo) if cameo else None, actors, recipients)
                    )
                yield GoldSentence(
                    str(record.get("id", number)),
                    str(record["text"]),
                    tuple(events),
                    published=record.get("published"),
                )
            except (KeyError, TypeError, ValueError) as exc:
                raise DataFileError(path, number, f"not a gold record: {exc}") from exc


def _read_tsv(path: Path) -> Iterator[GoldSentence]:
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            text, sep, label = line.rstrip("\n").rpartition("\t")
            if not sep or label.strip() not in {"0", "1", "2", "3", "4"}:
                raise DataFileError(path, number, "expected 'sentence<TAB>label' with label 0-4")
            yield GoldSentence(f"{path.stem}-{number}", text, penta=int(label))


def _read_petrarch(path: Path) -> Iterator[GoldSentence]:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise DataFileError(path, exc.position[0], f"invalid XML: {exc}") from exc
    for node in root.iter("Sentence"):
        text_node = node.find("Text")
        if text_node is None or not (text_node.text or "").strip():
            continue
        events = []
        for coding in node.findall("EventCoding"):
            code = coding.get("eventcode")
            if code is None:  # <EventCoding noevents="True">
                continue
            events.append(
                GoldEvent(
                    (),
                    code,
                    frozenset({coding.get("sourcecode", "")[:3].upper()}),
                    frozenset({coding.get("targetcode", "")[:3].upper()}),
                )
            )
        date = node.get("date", "")
        published = f"{date[:4]}-{date[4:6]}-{date[6:8]}" if len(date) == 8 else None
        text = " ".join((text_node.text or "").split())
        yield GoldSentence(node.get("id", ""), text, tuple(events), published=published)


@dataclass(frozen=True, slots=True)
class DictionaryActor:
    """A PETRARCH actor-dictionary phrase: upper-case words; the last may be a prefix."""

    words: tuple[str, ...]
    prefix: bool  # TABARI convention: no trailing "_" means the last word is a stem
    code: str


_CODE_RE = re.compile(r"\[([A-Za-z0-9~-]+)")


def read_petrarch_actors(path: Path) -> list[DictionaryActor]:
    """The phrases of a PETRARCH ``actors.txt`` with the country part of their first code.

    Only what unit-test evaluation needs: primary phrases, ``+`` synonyms and the first
    code of an entry (dated code blocks keep their first code).
    """
    entries: list[tuple[str, str | None]] = []  # (phrase, code of its entry)
    group: list[str] = []
    group_code: str | None = None

    def close() -> None:
        entries.extend((phrase, group_code) for phrase in group)

    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip() or line.lstrip().startswith("<!--") or line.startswith("<"):
            continue
        stripped = line.strip()
        if raw[:1] in {" ", "\t"} and stripped.startswith("["):
            if group_code is None:
                match = _CODE_RE.match(stripped)
                group_code = match.group(1) if match else None
            continue
        if stripped.startswith("+"):
            group.append(stripped[1:].strip())
            continue
        if stripped.startswith(("-", "!")):
            continue
        close()
        phrase, _, rest = stripped.partition("[")
        group = [phrase.strip()]
        match = _CODE_RE.search("[" + rest) if rest else None
        group_code = match.group(1) if match else None
    close()
    actors = []
    for phrase, code in entries:
        if not code or code.startswith(("-", "~")) or not phrase:
            continue
        cleaned = phrase.replace("_", " ").strip()
        if not cleaned:
            continue
        actors.append(
            DictionaryActor(
                tuple(cleaned.upper().split()), not phrase.endswith("_"), code[:3].upper()
            )
        )
    return actors
