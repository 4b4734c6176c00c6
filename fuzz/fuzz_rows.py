"""Fuzz the row readers (JSON lines and CSV) and their line splitter with atheris.

    python fuzz/fuzz_rows.py -max_total_time=200          # what `make fuzz` runs
    python fuzz/fuzz_rows.py -runs=10000 fuzz/corpus

Each input picks a chunk size (1 to 64 bytes, so that line ends fall across chunks) and a
budget per line (1 to 4,096 bytes), then its bytes go through:

- ``bounded_lines``, plain and universal, compared with a split of the whole stream: the
  same lines, and an ``Overlong`` with the right length and quote count for each line over
  the budget;
- ``jsonl_rows`` and ``csv_rows``: a row or a reason for each, line numbers rising, a row
  kept only when its line is within the budget, never an exception;
- for valid UTF-8 within the budget, ``csv_rows`` compared with the csv module reading the
  whole text as a file opened with ``newline=""`` (how CSV was read before rows had a
  budget): the same rows, line numbers and reasons.

A mismatch or an exception is a crash: libFuzzer stops with a traceback and saves the input
as ``crash-*``; its closing line ``Done N runs in T second(s)`` gives the inputs tried.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import atheris

with atheris.instrument_imports(include=["communique"]):
    from communique.ingest import tables
    from communique.ingest.tables import Overlong, bounded_lines, csv_rows, jsonl_rows

DICTIONARY = Path(__file__).with_name("rows.dict")
SEEDS = (
    b'\x10\x40{"text": "The minister met the envoy.", "published": "2024-04-26"}\n{"text": 5}\n',
    b'\x03\x20text,title\n"A story\r\nover ""two"" lines",T\n,\n"short",x\r"unclosed\n',
    b"\x01\x08\r\n\r\r\n\n\xef\xbb\xbftext\n",
)


def _whole(data: bytes, universal: bool) -> list[bytes]:
    pieces, at = [], 0
    for end in re.finditer(rb"\r\n|\r|\n" if universal else rb"\n", data):
        pieces.append(data[at : end.end()])
        at = end.end()
    return [*pieces, data[at:]] if at < len(data) else pieces


def _check_lines(data: bytes, budget: int) -> None:
    for universal in (False, True):
        got = list(bounded_lines(io.BytesIO(data).read, budget, universal=universal, count=b'"'))
        wanted = [
            p if len(p) <= budget else Overlong(len(p), p.count(b'"'))
            for p in _whole(data, universal)
        ]
        if got != wanted:
            raise AssertionError(f"lines differ (universal={universal}): {got!r} != {wanted!r}")


def _check_rows(rows: Iterator[tuple[int, Any]], what: str) -> list[tuple[int, Any]]:
    seen = list(rows)
    numbers = [number for number, _ in seen]
    if numbers != sorted(set(numbers)):
        raise AssertionError(f"{what}: line numbers not rising: {numbers}")
    for number, row in seen:
        if isinstance(row, str):
            if not row.strip():
                raise AssertionError(f"{what}: line {number} rejected without a reason")
        elif not isinstance(row, dict):
            raise AssertionError(f"{what}: line {number} gave {type(row).__name__}")
    return seen


def _csv_as_before(text: str) -> Iterator[tuple[int, Any]]:
    """CSV rows as they were read before rows had a budget: the whole text, newline=""."""
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        yield 1, f"the header row could not be read: {exc}."
        return
    if header is None:
        return
    header = [name.strip() for name in header]
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader, None)
        except csv.Error as exc:
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
                f"the CSV row at line {start} has {len(row)} fields but the header has "
                f"{len(header)}.",
            )
            continue
        yield start, dict(zip(header, row, strict=True))


def test_one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    tables.CHUNK = provider.ConsumeIntInRange(1, 64)
    budget = provider.ConsumeIntInRange(1, 4096)
    body = provider.ConsumeBytes(provider.remaining_bytes())
    _check_lines(body, budget)
    lines = _whole(body, universal=False)
    for number, row in _check_rows(jsonl_rows(io.BytesIO(body).read, budget), "jsonl"):
        if isinstance(row, dict) and len(lines[number - 1]) > budget:
            raise AssertionError(f"jsonl: line {number}, over the budget, was read")
    rows = _check_rows(csv_rows(io.BytesIO(body).read, budget), "csv")
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError:
        return
    if len(body) < budget:
        before = list(_csv_as_before(text))
        if rows != before:
            raise AssertionError(f"csv rows differ from the csv module's: {rows} != {before}")


def _arguments(argv: list[str]) -> list[str]:
    args = list(argv)
    if not any(arg.startswith("-dict=") for arg in args[1:]):
        args.append(f"-dict={DICTIONARY}")
    if not any(not arg.startswith("-") for arg in args[1:]):
        seeds = Path(tempfile.mkdtemp(prefix="communique-fuzz-rows-"))
        for number, seed in enumerate(SEEDS):
            (seeds / f"seed{number}").write_bytes(seed)
        args.append(str(seeds))
    return args


def main() -> None:
    logging.disable(logging.CRITICAL)
    atheris.Setup(_arguments(sys.argv), test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
