"""Write knowledge-base entries as a user file, and the report every importer returns.

Importers build the loader's own dataclasses (``Person``, ``Role``, ...) and this module writes
them in the format ``[actors] user_files`` reads. The output is written line by line with every
string JSON-quoted (a JSON string is a valid YAML double-quoted scalar), which is exact for any
name and fast enough for tens of thousands of entries.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from communique.actors.loader import AgentTerm, Country, Entries, Organisation, Person, Role
from communique.compressed import write_text
from communique.errors import DataFileError

# How many example lines an import report keeps for each reason a line was skipped.
EXAMPLES_PER_REASON = 3


@dataclass(slots=True)
class ImportReport:
    """What an importer read, wrote and skipped (mutable while the import runs)."""

    entries_read: int = 0
    written: Counter[str] = field(default_factory=Counter)  # section -> entries written
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> lines skipped
    examples: dict[str, list[str]] = field(default_factory=dict)  # reason -> ["file:line", ...]
    notes: Counter[str] = field(default_factory=Counter)  # things dropped inside kept entries
    files_skipped: dict[str, str] = field(default_factory=dict)  # file -> why it was not read

    def skip(self, reason: str, where: str, count: int = 1) -> None:
        """Count ``count`` lines skipped for ``reason``, keeping the first few places."""
        self.skipped[reason] += count
        examples = self.examples.setdefault(reason, [])
        if len(examples) < EXAMPLES_PER_REASON:
            examples.append(where)

    @property
    def lines_skipped(self) -> int:
        return sum(self.skipped.values())


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _list(texts: Iterable[str]) -> str:
    return "[" + ", ".join(_q(t) for t in texts) + "]"


def _date(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _mapping(pairs: Iterable[tuple[str, str | None]]) -> str:
    return "{" + ", ".join(f"{key}: {value}" for key, value in pairs if value is not None) + "}"


def _text(value: str | None) -> str | None:
    return _q(value) if value is not None else None


def _role_line(role: Role, compact: bool = False) -> str:
    start, end = _date(role.start), _date(role.end)
    return _mapping(
        [
            ("country", _q(role.country)),
            ("sector", _q(role.sector)),
            ("title", _q(role.title)),
            ("office", None if compact and role.office == "other" else _q(role.office)),
            ("start", _text(start)),
            ("end", _text(end)),
            ("place", _text(role.place)),
            ("note", _text(role.note)),
        ]
    )


def _write_person(out: TextIO, person: Person, compact: bool) -> None:
    if compact:  # one line: "office" left out where it is the default, "other"
        roles = "[" + ", ".join(_role_line(r, compact) for r in person.roles) + "]"
        aliases = _list(person.aliases) if person.aliases else None
        fields = [("id", _q(person.id)), ("name", _q(person.name)), ("aliases", aliases)]
        out.write(f"  - {_mapping([*fields, ('roles', roles)])}\n")
        return
    out.write(f"  - id: {_q(person.id)}\n    name: {_q(person.name)}\n")
    if person.aliases:
        out.write(f"    aliases: {_list(person.aliases)}\n")
    out.write("    roles:\n")
    for role in person.roles:
        out.write(f"      - {_role_line(role)}\n")


def _country_line(country: Country) -> str:
    return _mapping(
        [
            ("code", _q(country.code)),
            ("name", _q(country.name)),
            ("names", _list(country.names) if country.names else None),
            ("demonyms", _list(country.demonyms) if country.demonyms else None),
            ("capitals", _list(country.capitals) if country.capitals else None),
        ]
    )


def _organisation_line(org: Organisation) -> str:
    return _mapping(
        [
            ("id", _q(org.id)),
            ("name", _q(org.name)),
            ("aliases", _list(org.aliases) if org.aliases else None),
            ("country", _q(org.country)),
            ("sector", _q(org.sector)),
            ("kind", _q(org.kind)),
            ("cameo", _text(org.cameo)),
        ]
    )


def _agent_line(agent: AgentTerm) -> str:
    return _mapping(
        [
            ("terms", _list(agent.terms)),
            ("sector", _q(agent.sector)),
            ("office", _text(agent.office)),
            ("country", _text(agent.country)),
        ]
    )


def write_user_file(
    path: Path, entries: Entries, header: Iterable[str] = (), compact: bool = False
) -> None:
    """Write ``entries`` to ``path`` as a user knowledge-base file (replacing the file);
    ``compact`` writes each person on one line."""
    # written whole, then stored (gzip-compressed when the name ends in ".gz")
    out = io.StringIO()
    for line in header:
        out.write(f"# {line}\n")
    sections: list[tuple[str, Iterable[str]]] = [
        ("countries", (_country_line(c) for c in entries.countries)),
        ("organisations", (_organisation_line(o) for o in entries.organisations)),
        ("agents", (_agent_line(a) for a in entries.agents)),
    ]
    for name, lines in sections:
        out.write(f"{name}:\n")
        for line in lines:
            out.write(f"  - {line}\n")
    out.write("people:\n")
    for person in entries.people:
        _write_person(out, person, compact)
    try:
        write_text(path, out.getvalue())
    except OSError as exc:
        raise DataFileError(path, None, f"cannot write the actor file: {exc}") from exc
