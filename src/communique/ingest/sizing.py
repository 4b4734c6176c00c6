"""How many items ``read_articles`` will yield, counted before the run, for a progress total.

The count walks the paths as the readers do (folders in sorted order, hidden files skipped,
only regular files opened) without decoding, extracting or building any story: a whole-file
story or an input that will be rejected counts one; a JSONL file counts its non-blank lines
and a CSV file its non-empty rows after the header. It is an estimate only where reading can
find less than the count (a CSV row that ends the file), never a reason to reject anything.
Standard input cannot be read twice, so a run that reads it has no total (``None``).
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import IO, cast

from communique.ingest.filekinds import FOLDER, REGULAR, NotRegular, kind_of, open_regular
from communique.ingest.readers import ROW_FORMATS, format_of
from communique.ingest.tables import Overlong, bounded_lines, csv_rows

# Per line or row while counting: a longer one is still one item (a row, or its rejection),
# so counting needs no more than this much memory whatever the reader's max_bytes.
_BUDGET = 1 << 20


def count_inputs(paths: Iterable[str | Path] | str | Path) -> int | None:
    """The number of stories and rejected inputs that reading ``paths`` yields, or ``None``
    when one of them is standard input (``-``)."""
    if isinstance(paths, str | Path):
        paths = [paths]
    total = 0
    for entry in paths:
        if str(entry) == "-":
            return None
        total += _count_path(Path(entry), named=True)
    return total


def _count_path(path: Path, *, named: bool) -> int:
    try:
        kind = kind_of(path)
    except OSError:
        return 1  # rejected: the path could not be examined
    if kind == REGULAR:
        return _count_file(path)
    if kind == FOLDER and named:
        total = 0
        for child in sorted(path.rglob("*")):
            hidden = any(part.startswith(".") for part in child.relative_to(path).parts)
            if not hidden and not (child.is_dir() and not child.is_symlink()):
                total += _count_path(child, named=False)
        return total
    return 1  # missing, a link to a folder, a pipe or a device: one rejection each


def _count_file(path: Path) -> int:
    fmt, compressed = format_of(path)
    if fmt not in ROW_FORMATS:
        return 1  # one story, or one rejection (unknown extension, too big, not text)
    try:
        with open_regular(path) as raw:
            if not compressed:
                return _rows_in(raw, fmt)
            with gzip.GzipFile(fileobj=raw, mode="rb") as unzipped:
                return _rows_in(cast(IO[bytes], unzipped), fmt)
    except (OSError, EOFError, zlib.error, NotRegular):
        return 1  # the reader reports it as one rejection


def _rows_in(handle: IO[bytes], fmt: str) -> int:
    # lines and rows are cut as the readers cut them, within a budget: a huge line costs a
    # chunk of memory here too, never its length
    if fmt == ".jsonl":
        lines = bounded_lines(handle.read, _BUDGET)
        return sum(1 for line in lines if isinstance(line, Overlong) or line.strip())
    rows = 0
    try:  # one item per row or rejection, exactly what the reader yields
        for _ in csv_rows(handle.read, _BUDGET):
            rows += 1
    except (EOFError, zlib.error, OSError):
        return rows + 1  # the reader stops here with one rejection
    return rows
