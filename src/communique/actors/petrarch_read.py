"""Read PETRARCH/Phoenix ``.actors`` files into raw entries: phrase, synonyms, dated codes.

A code line is ``[CODE DATERANGE]`` with ``start-end``, ``>start``, ``<end`` or no range; dates are
YYYYMMDD or YYMMDD, the latter with PETRARCH's own century pivot (years 00-30 are 20YY, 31-99
19YY). PETRARCH's end dates are the last day in office and ours the first day out, so one day is
added. Lines that cannot be read are counted in the report with their reason.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from communique.actors.petrarch_syntax import CODE_RE, dictionary_lines, read_dictionary
from communique.actors.userfile import ImportReport
from communique.errors import DataFileError

# Years 00-30 of a YYMMDD date are 20YY, the rest 19YY (as in PETRARCH, KEDS and TABARI).
CENTURY_PIVOT = 30
# PETRARCH's validation fixtures: dictionaries of fictional states for its unit tests.
FIXTURE_PREFIX = "petr.validate."
FIXTURE_REASON = "a PETRARCH validation fixture (fictional test states), not real actors"
_CODE_AND_DATES = re.compile(r"\s*([A-Za-z~-]*)\s*(.*)", re.DOTALL)  # inside the brackets


@dataclass(slots=True)
class Code:
    code: str
    start: dt.date | None
    end: dt.date | None  # exclusive
    dated: bool
    comment: str | None
    where: str


@dataclass(slots=True)
class Entry:
    name: str
    where: str
    comment: str
    synonyms: list[str] = field(default_factory=list)
    codes: list[Code] = field(default_factory=list)


def parse_date(text: str) -> dt.date:
    """A PETRARCH date: YYYYMMDD, or YYMMDD with the century pivot. Raises ValueError."""
    if len(text) == 8:
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
    if len(text) == 6:
        year = int(text[:2])
        year += 2000 if year <= CENTURY_PIVOT else 1900
        return dt.date(year, int(text[2:4]), int(text[4:]))
    raise ValueError(f"{text!r} is neither YYMMDD nor YYYYMMDD")


def _range(text: str) -> tuple[dt.date | None, dt.date | None]:
    """``start-end``, ``>start``, ``<end`` -> (start, exclusive end). Raises ValueError."""
    text = text.strip()
    day = dt.timedelta(days=1)
    if text[:1] in "<>":
        digits = re.search(r"\d+", text)
        if digits is None:
            raise ValueError("no date after < or >")
        date = parse_date(digits.group())
        return (date, None) if text[0] == ">" else (None, date + day)
    start, sep, end = text.partition("-")
    if not sep:
        raise ValueError(f"{text!r} is not a date range")
    first, last = parse_date(start.strip()), parse_date(end.strip())
    if last < first:
        raise ValueError("the range ends before it starts")
    return first, last + day


def _phrase(text: str) -> str:
    """``VLADIMIR_V._PUTIN_`` -> ``Vladimir V. Putin``."""
    words = text.replace("_", " ").split()
    if len(words) == 1 and len(words[0]) <= 4 and words[0].isalpha():
        return words[0]  # an acronym such as "NATO" stays in capitals
    return " ".join(w.title() if w.isupper() or w.islower() else w for w in words)


def _code(text: str, comment: str | None, where: str, report: ImportReport) -> Code | None:
    bracket = CODE_RE.search(text)
    match = _CODE_AND_DATES.match(bracket.group(1)) if bracket is not None else None
    if match is None:
        report.skip("malformed code line (no [CODE ...])", where)
        return None
    code, dates = match.group(1).upper().strip("~"), match.group(2).strip()
    if not re.fullmatch(r"[A-Z]{3,}", code):
        report.skip("not an actor code (e.g. [---])", where)
        return None
    start = end = None
    if dates:
        try:
            start, end = _range(dates)
        except ValueError:
            report.skip("unreadable date range", where)
            return None
    return Code(code, start, end, bool(dates), comment, where)


def read_actor_file(path: Path, report: ImportReport) -> Iterator[Entry]:
    """The entries of one ``.actors`` file, streamed."""
    entry: Entry | None = None
    for line in dictionary_lines(read_dictionary(path)):
        where = f"{path.name}:{line.number}"
        stripped, comment = line.body.strip(), line.comment
        if "---STOP---" in stripped:
            break
        if not stripped or stripped.startswith("<"):
            continue
        note = comment.strip() or None
        if stripped.startswith("["):
            if entry is None:
                report.skip("code line before any entry", where)
            elif (code := _code(stripped, note, where, report)) is not None:
                entry.codes.append(code)
            continue
        if stripped.startswith("+"):
            if entry is None:
                report.skip("synonym before any entry", where)
            else:
                entry.synonyms.append(_phrase(stripped[1:].split("[")[0]))
            continue
        if entry is not None:
            yield entry
        name, bracket, rest = stripped.partition("[")
        entry = Entry(_phrase(name), where, comment)
        report.entries_read += 1
        if bracket and (code := _code(bracket + rest, note, where, report)) is not None:
            entry.codes.append(code)
    if entry is not None:
        yield entry


def is_fixture(path: Path) -> bool:
    """Whether ``path`` is one of PETRARCH's validation fixtures (``PETR.Validate.*``): test
    dictionaries of fictional states (Tolkien's), which would make "England" a test country."""
    return path.name.lower().startswith(FIXTURE_PREFIX)


def dictionary_files(
    paths: list[Path], report: ImportReport, include_fixtures: bool = False
) -> list[Path]:
    """The ``.actors``/``.agents`` files among ``paths`` (folders are searched, not recursively),
    each once: a file named twice (directly, through a folder or a link, or a copy with the same
    bytes) is read once. Validation fixtures are left out unless ``include_fixtures``. Files left
    out are recorded in ``report.files_skipped`` with the reason."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                p for p in sorted(path.iterdir()) if p.is_file() and dictionary_kind(p) is not None
            )
        elif path.is_file():
            found.append(path)
        else:
            raise DataFileError(path, None, "no such file or folder")
    kept: list[Path] = []
    seen: dict[object, Path] = {}
    for path in found:
        if is_fixture(path) and not include_fixtures:
            report.files_skipped[str(path)] = FIXTURE_REASON
            continue
        try:
            keys = (path.resolve(), hashlib.sha256(path.read_bytes()).hexdigest())
        except OSError as exc:
            raise DataFileError(path, None, f"cannot read dictionary: {exc}") from exc
        first = next((seen[k] for k in keys if k in seen), None)
        if first is not None:
            same = "named more than once" if first == path else f"the same file as {first}"
            report.files_skipped[str(path)] = f"{same}, read once"
            continue
        seen.update(dict.fromkeys(keys, path))
        kept.append(path)
    return kept


def dictionary_kind(path: Path) -> str | None:
    name = path.name.lower()
    if ".actors" in name or name.endswith(".actor"):
        return "actors"
    if ".agents" in name or name.endswith(".agent"):
        return "agents"
    return None
