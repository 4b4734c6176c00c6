"""Row formats: JSON lines and CSV, streamed one row at a time within a byte budget.

Each row comes out as ``(line_number, fields)`` or ``(line_number, reason)`` when the row
cannot be read, so that one bad line never stops the rest of the file. Lines are cut from
the stream in chunks (``bounded_lines``): a line over the budget is counted as it goes by
and dropped, never held whole, so a 1 GiB line in a 1 MB ``.jsonl.gz`` costs one chunk of
memory and reading goes on at the next line.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

Row = tuple[int, dict[str, Any] | str]
Read = Callable[[int], bytes]  # read(n): up to n bytes, b"" at the end

CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class Overlong:
    """A line longer than the budget, skipped: only its length was kept (and how many times
    the byte ``bounded_lines`` was asked to count occurs in it)."""

    size: int
    counted: int = 0


def bounded_lines(
    read: Read, max_bytes: int, *, universal: bool = False, count: bytes = b""
) -> Iterator[bytes | Overlong]:
    """The lines of a byte stream, each with its line end, none over ``max_bytes`` bytes.

    A longer line is read past in chunks and yields an ``Overlong`` with its length (and the
    number of ``count`` bytes in it) in its place. Lines end at ``\\n``, or with
    ``universal`` also at ``\\r`` and ``\\r\\n``. At most ``max_bytes`` plus one chunk is
    held at any time.
    """
    held = bytearray()  # the start of the current line, while it is within the budget
    skipped = 0  # bytes of the current line read past, once it is over the budget
    counted = 0  # ``count`` bytes among them
    carriage = False  # the last line ended with "\r" at a chunk's end: a "\n" may follow
    while chunk := read(CHUNK):
        at = 0
        if carriage:  # the line held ended with "\r" at the last chunk's end: finish it
            carriage = False
            at = 1 if chunk.startswith(b"\n") else 0
            if skipped or len(held) + at > max_bytes:
                dropped = held.count(count) if count else 0
                yield Overlong(skipped + len(held) + at, counted + dropped)
                skipped = counted = 0
            else:
                held += chunk[:at]
                yield bytes(held)
            held.clear()
        newline = -1  # the next "\n" (len(chunk): none), looked for again only once passed
        while at < len(chunk):
            if newline < at:
                newline = chunk.find(b"\n", at) % (len(chunk) + 1)  # -1 -> len(chunk)
            end = _line_end(chunk, at, newline, universal)
            found = end >= 0
            if not found:
                end = len(chunk)
            elif universal and end == len(chunk) and chunk.endswith(b"\r"):
                found, carriage = False, True  # "\r" or the start of "\r\n": see the next chunk
            if skipped or len(held) + end - at > max_bytes:
                skipped += len(held) + end - at
                if count:
                    counted += held.count(count) + chunk.count(count, at, end)
                held.clear()
                if found:
                    yield Overlong(skipped, counted)
                    skipped = counted = 0
            elif not found:
                held += chunk[at:]
            elif held:
                held += chunk[at:end]
                yield bytes(held)
                held.clear()
            else:
                yield chunk[at:end]
            at = end
    if skipped:
        yield Overlong(skipped, counted)
    elif held:
        yield bytes(held)


def _line_end(chunk: bytes, at: int, newline: int, universal: bool) -> int:
    """Where the line from ``at`` ends in ``chunk`` (past its line end), or -1; ``newline`` is
    the first "\\n" from ``at`` on, ``len(chunk)`` if there is none."""
    if universal:  # "\\r" alone ends a line too, and "\\r\\n" is one line end
        cr = chunk.find(b"\r", at, newline)
        if cr >= 0:
            return cr + 2 if cr + 1 == newline < len(chunk) else cr + 1
    return newline + 1 if newline < len(chunk) else -1


def _too_long(what: str, size: int, max_bytes: int) -> str:
    return (
        f"{what} is {size:,} bytes, over the limit of {max_bytes:,} bytes; it was skipped and "
        "reading went on at the next line (raise max_bytes in the [ingest] section of the "
        "config to read it)."
    )


def jsonl_rows(read: Read, max_bytes: int) -> Iterator[Row]:
    """Parse JSON lines; blank lines are skipped, line numbers are 1-based."""
    for number, raw in enumerate(bounded_lines(read, max_bytes), start=1):
        if isinstance(raw, Overlong):
            yield number, _too_long(f"line {number}", raw.size, max_bytes)
            continue
        if not raw.strip():
            continue
        try:
            decoded = raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            yield number, f"line {number} is not valid UTF-8 ({exc.reason} at byte {exc.start})."
            continue
        try:
            value = json.loads(decoded.rstrip("\r\n"))
        except json.JSONDecodeError as exc:
            yield number, f"line {number} is not valid JSON ({exc.msg}, column {exc.colno})."
            continue
        if not isinstance(value, dict):
            kind = type(value).__name__
            yield number, f"line {number} is a JSON {kind}, not an object with a text field."
            continue
        yield number, value


class _RowTooLong(Exception):
    """The row being read went over the budget."""


class _CsvLines:
    """csv.reader's input: decoded lines, with the bytes and quotes of the current row counted.

    A line over the budget, or a row whose lines together go over it, raises _RowTooLong
    through the reader (which starts afresh when asked for the next row); ``skip_row`` then
    reads past the rest of that row without keeping it.
    """

    def __init__(self, read: Read, max_bytes: int) -> None:
        self.lines = bounded_lines(read, max_bytes, universal=True, count=b'"')
        self.max_bytes = max_bytes
        self.number = 0  # lines read so far
        self.row_bytes = 0
        self.row_quotes = 0

    def __iter__(self) -> _CsvLines:
        return self

    def start_row(self) -> None:
        self.row_bytes = self.row_quotes = 0

    def _take(self) -> bytes | Overlong | None:
        line = next(self.lines, None)
        if line is None:
            return None
        self.number += 1
        if isinstance(line, Overlong):
            self.row_bytes += line.size
            self.row_quotes += line.counted
        else:
            self.row_bytes += len(line)
            self.row_quotes += line.count(b'"')
        return line

    def __next__(self) -> str:
        line = self._take()
        if line is None:
            raise StopIteration
        if isinstance(line, Overlong) or self.row_bytes > self.max_bytes:
            raise _RowTooLong
        return line.decode("utf-8-sig" if self.number == 1 else "utf-8")

    def skip_row(self) -> bool:
        """Read past the rest of a row that went over the budget, up to the line end where its
        quotes balance (a quoted field may hold line breaks); False if the file ends first."""
        while self.row_quotes % 2:
            if self._take() is None:
                return False
        return True


def _row_too_long(what: str, lines: _CsvLines) -> str:
    ended = lines.skip_row()
    size, limit = lines.row_bytes, lines.max_bytes
    if not ended:
        return (
            f"{what} is {size:,} bytes, over the limit of {limit:,} bytes: a quoted field "
            "that is never closed runs to the end of the file, which was skipped (raise "
            "max_bytes in the [ingest] section of the config to read it)."
        )
    return (
        f"{what} is {size:,} bytes, over the limit of {limit:,} bytes; it was skipped and "
        "reading went on at the next row (raise max_bytes in the [ingest] section of the "
        "config to read it)."
    )


def csv_rows(read: Read, max_bytes: int) -> Iterator[Row]:
    """Parse a CSV file with a header row; a row's number is the line it starts on."""
    # News texts are longer than the csv module's default field limit of 128 KiB.
    csv.field_size_limit(max(csv.field_size_limit(), max_bytes))
    lines = _CsvLines(read, max_bytes)
    reader = csv.reader(lines)
    try:
        header = next(reader, None)
    except _RowTooLong:
        yield 1, _row_too_long("the header row", lines) + " Without it no row can be read."
        return
    except (csv.Error, UnicodeDecodeError) as exc:
        yield 1, f"the header row could not be read: {exc}."
        return
    if header is None:
        return
    header = [name.strip() for name in header]
    while True:
        start = lines.number + 1
        lines.start_row()
        try:
            row = next(reader, None)
        except _RowTooLong:
            yield start, _row_too_long(f"the CSV row at line {start}", lines)
            continue
        except (csv.Error, UnicodeDecodeError) as exc:
            yield (
                start,
                f"the CSV row at line {start} could not be read ({exc}); "
                "the rest of the file was skipped.",
            )
            return
        if row is None:
            return
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            yield (
                start,
                (
                    f"the CSV row at line {start} has {len(row)} fields but the header has "
                    f"{len(header)}."
                ),
            )
            continue
        yield start, dict(zip(header, row, strict=True))
