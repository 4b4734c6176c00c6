"""Import a CSV of dated roles into a user knowledge base.

One row per role, with a header row. Columns (any order; unknown columns are an error):

| column | required | meaning |
|---|---|---|
| ``name`` | yes | the person's canonical name |
| ``country`` | yes | ISO3 code of the role (or IGO/NGO/IMG) |
| ``sector`` | yes | CAMEO sector code: GOV, MIL, LEG, PTY, ELI, ... |
| ``title`` | yes | office title as written: "Minister of Foreign Affairs" |
| ``start`` / ``end`` | no | YYYY-MM-DD, YYYY-MM or YYYY; end = first day out of office |
| ``id`` | no | Wikidata QID or ``cq:person:<slug>``; made from the name when empty |
| ``aliases`` | no | other names, separated by ``;`` |
| ``office`` | no | office key (foreign_minister, head_of_state, ...); default ``other`` |
| ``place`` / ``note`` | no | the city of a local office; a free note |

Rows with the same id (or, without one, the same name) are one person; the first row listed is
the main role. A row that does not validate is skipped and reported with its line. A row whose id
is a shipped person's replaces that person when the file is laid over the shipped base.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from communique.actors.context import slug
from communique.actors.knowledge import KnowledgeBase
from communique.actors.loader import INTERNATIONAL, Entries, Person, parse_section
from communique.actors.userfile import ImportReport
from communique.datafiles import LineMap
from communique.errors import DataFileError
from communique.names import normalise

REQUIRED_COLUMNS = ("name", "country", "sector", "title")
OPTIONAL_COLUMNS = ("id", "aliases", "office", "start", "end", "place", "note")
_ROLE_COLUMNS = ("country", "sector", "title", "office", "start", "end", "place", "note")


def _cell(row: dict[str, str | None], column: str) -> str | None:
    value = (row.get(column) or "").strip()
    return value or None


def import_roles_csv(path: Path, shipped: KnowledgeBase) -> tuple[Entries, ImportReport]:
    """People with dated roles from a CSV file, with what was skipped and why."""
    report = ImportReport()
    people: dict[str, Person] = {}
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = [c.strip() for c in reader.fieldnames or []]
            missing = [c for c in REQUIRED_COLUMNS if c not in columns]
            unknown = [c for c in columns if c not in REQUIRED_COLUMNS + OPTIONAL_COLUMNS]
            if missing or unknown:
                raise DataFileError(
                    path,
                    1,
                    f"the header needs columns {list(REQUIRED_COLUMNS)} and may have "
                    f"{list(OPTIONAL_COLUMNS)}; missing {missing}, unknown {unknown}",
                )
            reader.fieldnames = columns
            for row in reader:
                report.entries_read += 1
                _add_row(path, reader.line_num, row, shipped, people, report)
    except OSError as exc:
        raise DataFileError(path, None, f"cannot read the CSV file: {exc}") from exc
    except (csv.Error, UnicodeDecodeError) as exc:
        raise DataFileError(path, None, f"not a readable UTF-8 CSV file: {exc}") from exc
    report.written["people"] = len(people)
    return Entries(people=tuple(people.values())), report


def _add_row(
    path: Path,
    line: int,
    row: dict[str, str | None],
    shipped: KnowledgeBase,
    people: dict[str, Person],
    report: ImportReport,
) -> None:
    where = f"{path.name}:{line}"
    name = _cell(row, "name")
    if name is None:
        report.skip("row without a name", where)
        return
    country = _cell(row, "country")
    if country is not None and country not in shipped.countries and country not in INTERNATIONAL:
        report.skip("country not in countries.yaml", where)
        return
    role: dict[str, Any] = {c: _cell(row, c) for c in _ROLE_COLUMNS if _cell(row, c) is not None}
    aliases = [a.strip() for a in (_cell(row, "aliases") or "").split(";") if a.strip()]
    raw = {
        "id": _cell(row, "id") or f"cq:person:{slug(name)}",
        "name": name,
        "aliases": aliases,
        "roles": [LineMap(role, line, {})],
    }
    try:
        (person,) = parse_section("people", str(path), [LineMap(raw, line, {})])
    except DataFileError as exc:
        # the message without its "path:line: " (kept in the example) or the value, so that
        # rows with the same mistake are counted together
        reason = (
            str(exc)
            .removeprefix(f"{exc.path}:{exc.line}: ")
            .split(", got ")[0]
            .split("; expected")[0]
        )
        # a value outside its list is counted by key, whatever the value
        reason = re.sub(r" '[^']*' is not one of .*", " is not a known value", reason)
        report.skip(f"invalid row: {reason}", where)
        return
    previous = people.get(person.id)
    if previous is not None:
        if normalise(previous.name) != normalise(person.name):
            report.skip("id already used by a row with another name", where)
            return
        aliases = [*previous.aliases, *person.aliases]
        person = Person(
            person.id,
            previous.name,
            tuple(dict.fromkeys(aliases)),
            (*previous.roles, *person.roles),
        )
    elif not _cell(row, "id") and any(
        i in shipped.people for i in shipped.names.get(normalise(name), ())
    ):
        report.notes["names also in the shipped base (give its id to replace it)"] += 1
    people[person.id] = person
