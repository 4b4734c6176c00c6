"""Row formats: JSON lines and CSV, streamed one row at a time.

Each row comes out as ``(line_number, fields)`` or ``(line_number, reason)`` when the row
cannot be read, so that one bad line never stops the rest of the file.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

Row = tuple[int, dict[str, Any] | str]


def jsonl_rows(lines: Iterable[bytes], max_bytes: int) -> Iterator[Row]:
    """Parse JSON lines; blank lines are skipped, line numbers are 1-based."""
    for number, raw in enumerate(lines, start=1):
        if not raw.strip():
            continue
        if len(raw) > max_bytes:
            yield (
                number,
                (
                    f"line {number} is {len(raw):,} bytes, over the limit of {max_bytes:,} bytes "
                    "(raise it with max_bytes in the [ingest] section of the config)."
                ),
            )
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


def csv_rows(stream: IO[str], max_bytes: int) -> Iterator[Row]:
    """Parse a CSV file with a header row; a row's number is the line it starts on."""
    # News texts are longer than the csv module's default field limit of 128 KiB.
    csv.field_size_limit(max(csv.field_size_limit(), max_bytes))
    reader = csv.reader(stream)
    try:
        header = next(reader, None)
    except (csv.Error, UnicodeDecodeError) as exc:
        yield 1, f"the header row could not be read: {exc}."
        return
    if header is None:
        return
    header = [name.strip() for name in header]
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader, None)
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
