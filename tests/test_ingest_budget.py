"""Reading within a byte budget: a row over ``max_bytes`` is skipped as it is read, never held
whole, for JSONL and CSV, gzipped or not, and for standard input; the next row is read.

The huge rows are tens of megabytes, written in pieces, against a budget lowered to 1 MB:
memory is measured with tracemalloc (peak of what Python allocated while reading), not time.
"""

from __future__ import annotations

import gzip
import io
import json
import re
import sys
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from communique.config import IngestSettings
from communique.ingest import read_articles
from communique.ingest import tables as tables_module
from communique.ingest.sizing import count_inputs
from communique.ingest.tables import Overlong, bounded_lines
from communique.records import Article, Rejected

BUDGET = IngestSettings(max_bytes=1_000_000)
HUGE = 40 * 1024 * 1024  # the huge row: forty times the budget
PIECE = 1 << 20
# the budget and a chunk or two; the csv module keeps a field as 4-byte characters
PEAK = 6 * BUDGET.max_bytes
STORY = "The foreign minister met the envoy in the capital on Tuesday to discuss the border."


def _peak(work: Callable[[], list[Any]]) -> tuple[list[Any], int]:
    tracemalloc.start()
    try:
        items = work()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return items, peak


def _huge(write: Callable[[bytes], Any], size: int, filler: bytes = b"x") -> None:
    piece = filler * (PIECE // len(filler))
    for _ in range(size // len(piece)):
        write(piece)


def _open(path: Path) -> BinaryIO:
    if path.suffix == ".gz":
        return gzip.open(path, "wb", compresslevel=1)  # type: ignore[return-value]
    return path.open("wb")


def _jsonl(path: Path) -> Path:
    with _open(path) as out:
        out.write(json.dumps({"text": STORY + " One."}).encode() + b"\n")
        out.write(b'{"text": "')
        _huge(out.write, HUGE)
        out.write(b'"}\n')
        out.write(json.dumps({"text": STORY + " Three."}).encode() + b"\n")
    return path


def _csv(path: Path) -> Path:
    with _open(path) as out:
        out.write(f'text,title\n"{STORY} One.",first\n'.encode())
        out.write(b'"')
        _huge(out.write, HUGE)  # one physical line
        out.write(b'",huge line\n')
        out.write(b'"')
        _huge(out.write, 3 * PIECE, b"many short lines in one quoted field\r\n" * 1000)
        out.write(b'",huge field\n')
        out.write(f'"{STORY} Four.",fourth\n'.encode())
    return path


def _read(path: Path) -> list[Article | Rejected]:
    return list(read_articles(path, settings=BUDGET))


def _texts(items: list[Article | Rejected]) -> list[str]:
    return [item.text.rsplit(" ", 1)[-1] for item in items if isinstance(item, Article)]


@pytest.mark.parametrize("name", ["rows.jsonl.gz", "rows.jsonl"])
def test_a_huge_jsonl_line_is_skipped_in_bounded_memory(tmp_path: Path, name: str) -> None:
    path = _jsonl(tmp_path / name)
    items, peak = _peak(lambda: _read(path))
    assert peak < PEAK, f"peak {peak:,} bytes while reading a {HUGE:,}-byte line"
    assert _texts(items) == ["One.", "Three."]
    (rejected,) = [item for item in items if isinstance(item, Rejected)]
    assert rejected.origin == f"{path}:2"
    assert f"Line 2 is {HUGE + 13:,} bytes, over the limit of 1,000,000 bytes" in rejected.reason
    assert "reading went on at the next line" in rejected.reason


@pytest.mark.parametrize("name", ["rows.csv.gz", "rows.csv"])
def test_a_huge_csv_row_is_skipped_in_bounded_memory(tmp_path: Path, name: str) -> None:
    path = _csv(tmp_path / name)
    items, peak = _peak(lambda: _read(path))
    assert peak < PEAK, f"peak {peak:,} bytes while reading a {HUGE:,}-byte row"
    assert _texts(items) == ["One.", "Four."]
    rejected = [item for item in items if isinstance(item, Rejected)]
    assert [r.origin for r in rejected] == [f"{path}:3", f"{path}:4"]
    assert f"at line 3 is {HUGE + 13:,} bytes, over the limit" in rejected[0].reason
    # the quoted field's many lines are one row, skipped whole: no row per line
    assert "at line 4 is" in rejected[1].reason
    assert "reading went on at the next row" in rejected[1].reason


def test_an_unclosed_quote_skips_to_the_end_once(tmp_path: Path) -> None:
    path = tmp_path / "open.csv"
    with path.open("wb") as out:
        out.write(f'text,title\n"{STORY} One.",first\n"never closed\n'.encode())
        _huge(out.write, 4 * PIECE, b"row,row\n" * 1024)
    items = _read(path)
    assert _texts(items) == ["One."]
    (rejected,) = [item for item in items if isinstance(item, Rejected)]
    assert "never closed runs to the end of the file" in rejected.reason


class _Stream(io.RawIOBase):
    """Standard input of ``size`` bytes made up as it is read: nothing is held."""

    def __init__(self, head: bytes, size: int, filler: bytes, tail: bytes) -> None:
        piece = filler * (PIECE // len(filler)) if filler else b""
        middle = [piece] * (size // len(piece)) if piece else []
        self.parts: Iterator[bytes] = iter([head, *middle, tail])
        self.pending = memoryview(b"")
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if not self.pending:
            self.pending = memoryview(next(self.parts, b""))
        size = min(len(buffer), len(self.pending))
        buffer[:size] = self.pending[:size]
        self.pending = self.pending[size:]
        self.given += size
        return size


def _stdin(monkeypatch: pytest.MonkeyPatch, stream: _Stream) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(stream)))


def test_stdin_json_lines_are_streamed_within_the_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    head = json.dumps({"text": STORY + " One."}).encode() + b'\n{"text": "'
    tail = b'"}\n' + json.dumps({"text": STORY + " Three."}).encode() + b"\n"
    _stdin(monkeypatch, _Stream(head, HUGE, b"x", tail))
    items, peak = _peak(lambda: list(read_articles("-", settings=BUDGET)))
    assert peak < PEAK, f"peak {peak:,} bytes while reading {HUGE:,} bytes of stdin"
    assert _texts(items) == ["One.", "Three."]
    (rejected,) = [item for item in items if isinstance(item, Rejected)]
    assert rejected.origin == "<stdin>:2"
    assert "over the limit" in rejected.reason


def test_stdin_over_the_budget_that_is_no_json_is_not_read_on(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stream = _Stream(STORY.encode() + b"\n", HUGE, b"more words ", b"")
    _stdin(monkeypatch, stream)
    items, peak = _peak(lambda: list(read_articles("-", settings=BUDGET)))
    (rejected,) = items
    assert isinstance(rejected, Rejected)
    assert rejected.origin == "<stdin>"
    assert re.search(r"more than 1,000,000 bytes, over the limit", rejected.reason)
    assert stream.given < 2 * BUDGET.max_bytes  # the rest was never read
    assert peak < PEAK


def test_stdin_within_the_budget_is_one_story_or_json_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _stdin(monkeypatch, _Stream(STORY.encode(), 0, b"", b"\n{not json"))
    (story,) = read_articles("-", settings=BUDGET)
    assert isinstance(story, Article) and story.text.endswith("{not json")
    lines = json.dumps({"text": STORY}) + "\n\n  " + json.dumps({"text": STORY + "!"})
    _stdin(monkeypatch, _Stream(lines.encode(), 0, b"", b""))
    assert [item.origin for item in read_articles("-", settings=BUDGET)] == [
        "<stdin>:1",
        "<stdin>:3",
    ]


# -- the line splitter itself --------------------------------------------------------------------
def _expected(data: bytes, limit: int, universal: bool, count: bytes) -> list[bytes | Overlong]:
    ends = re.finditer(rb"\r\n|\r|\n" if universal else rb"\n", data)
    pieces, at = [], 0
    for end in ends:
        pieces.append(data[at : end.end()])
        at = end.end()
    if at < len(data):
        pieces.append(data[at:])
    return [
        p if len(p) <= limit else Overlong(len(p), p.count(count) if count else 0) for p in pieces
    ]


@settings(max_examples=300, deadline=None)
@given(
    st.binary(max_size=60).map(lambda b: bytes(b'ab"\r\n'[x % 5] for x in b)),
    st.integers(1, 12),
    st.integers(1, 9),
    st.booleans(),
    st.sampled_from([b"", b'"']),
)
def test_lines_are_cut_as_a_whole_stream_would_be(
    data: bytes, limit: int, chunk: int, universal: bool, count: bytes
) -> None:
    # tiny chunks put every line end, "\r\n" included, across chunk boundaries
    original = tables_module.CHUNK
    tables_module.CHUNK = chunk
    try:
        got = list(bounded_lines(io.BytesIO(data).read, limit, universal=universal, count=count))
    finally:
        tables_module.CHUNK = original
    assert got == _expected(data, limit, universal, count)


@pytest.mark.parametrize("make", [_jsonl, _csv])
@pytest.mark.parametrize("suffix", ["", ".gz"])
def test_counting_for_the_progress_bar_is_bounded_too(
    tmp_path: Path, make: Callable[[Path], Path], suffix: str
) -> None:
    path = make(tmp_path / f"rows{'.jsonl' if make is _jsonl else '.csv'}{suffix}")
    total, peak = _peak(lambda: [count_inputs(path)])
    assert peak < PEAK, f"peak {peak:,} bytes while counting"
    assert total == [len(_read(path))]
