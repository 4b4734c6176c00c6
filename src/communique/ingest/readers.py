"""Dispatch over inputs: files by extension, gzip, folders and stdin.

Everything is streamed: a folder or a JSONL file yields one story at a time. Whole-file
formats (.txt, .md, .html) are size-checked *before* they are read, so a huge file costs
nothing; row formats (.jsonl, .csv) are checked line by line instead, because a corpus of
many stories is rightly bigger than any one story: each row has the budget of one story
(``max_bytes``), and a longer line is skipped as it is read, never held whole (see
tables). Standard input is read up to one story's budget: beyond that only JSON lines,
streamed the same way, can be read from it. Only regular files are opened (see filekinds):
a pipe or a device, named or found, is rejected with its kind.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import itertools
import logging
import os
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, cast

from communique.config import IngestSettings
from communique.ingest.build import (
    STAGE,
    Found,
    article_from_row,
    build_article,
    normalise_newlines,
)
from communique.ingest.filekinds import (
    FOLDER,
    MISSING,
    REGULAR,
    NotRegular,
    kind_of,
    not_regular_reason,
    open_regular,
)
from communique.ingest.html import extract_html
from communique.ingest.tables import Read, Row, csv_rows, jsonl_rows
from communique.ingest.text import NotText, decode, split_front_matter
from communique.records import Article, Rejected

logger = logging.getLogger(__name__)

WHOLE_FILE_FORMATS = (".txt", ".md", ".html", ".htm")
ROW_FORMATS = (".jsonl", ".csv")
SUPPORTED = (*WHOLE_FILE_FORMATS, *ROW_FORMATS)
STDIN_ORIGIN = "<stdin>"

Item = Article | Rejected


@dataclass(frozen=True, slots=True)
class Options:
    published: dt.date | None
    field_map: dict[str, str]
    settings: IngestSettings


def format_of(path: Path) -> tuple[str | None, bool]:
    """The story format (".txt", ".jsonl", ...) and whether the file is gzipped."""
    suffixes = [suffix.lower() for suffix in path.suffixes]
    compressed = bool(suffixes) and suffixes[-1] == ".gz"
    if compressed:
        suffixes = suffixes[:-1]
    if suffixes and suffixes[-1] in SUPPORTED:
        return suffixes[-1], compressed
    return None, compressed


def _too_big(size: int, limit: int, what: str) -> str:
    return (
        f"{what[0].upper()}{what[1:]} is {size:,} bytes, over the limit of {limit:,} bytes; "
        "raise max_bytes in the [ingest] section of the config to read it."
    )


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def read_inputs(paths: Iterator[str | Path], options: Options) -> Iterator[Item]:
    """Every story, or a Rejected record, for each path in turn."""
    for entry in paths:
        if str(entry) == "-":
            yield from read_stdin(options)
        else:
            yield from _read_path(Path(entry), options, named=True)


def _read_path(path: Path, options: Options, *, named: bool) -> Iterator[Item]:
    """A path named by the caller or found in a folder; only regular files are read.

    Anything else found (a pipe, a device, a link loop, a link to a folder) is recorded as
    rejected with its kind, so nothing in a folder is passed over without a trace.
    """
    try:
        kind = kind_of(path)
    except OSError as exc:
        yield Rejected(str(path), STAGE, f"The path could not be examined: {exc.strerror}.")
        return
    if kind == REGULAR:
        yield from read_file(path, options)
    elif kind == FOLDER and named:
        for child in sorted(path.rglob("*")):
            # rglob itself walks real sub-folders (never linked ones); hidden files are skipped
            if not _is_hidden(child, path) and not (child.is_dir() and not child.is_symlink()):
                yield from _read_path(child, options, named=False)
    elif kind == MISSING:
        yield Rejected(str(path), STAGE, f"The path {path} does not exist.")
    else:
        yield Rejected(str(path), STAGE, not_regular_reason(path, kind))


def read_file(path: Path, options: Options) -> Iterator[Item]:
    """One file: a story, or one item per row for JSONL/CSV."""
    origin = str(path)
    fmt, compressed = format_of(path)
    if fmt is None:
        yield Rejected(
            origin,
            STAGE,
            f"The file name {path.name} has an extension communique does not read; supported: "
            f"{', '.join(SUPPORTED)} (and the same with .gz).",
        )
        return
    limit = options.settings.max_bytes
    try:
        with open_regular(path) as raw:
            if fmt in ROW_FORMATS:
                with gzip.GzipFile(fileobj=raw, mode="rb") if compressed else raw as handle:
                    yield from _rows(cast(IO[bytes], handle).read, fmt, origin, options)
                return
            size = os.fstat(raw.fileno()).st_size
            if size > limit:
                yield Rejected(origin, STAGE, _too_big(size, limit, "the file"))
                return
            if compressed:
                with gzip.GzipFile(fileobj=raw, mode="rb") as handle:
                    data = handle.read(limit + 1)  # never inflate more than the limit
                what = "the uncompressed text"
            else:
                data = raw.read(limit + 1)  # it may have grown since it was measured
                what = "the file"
            if len(data) > limit:
                yield Rejected(origin, STAGE, _too_big(len(data), limit, what))
                return
    except NotRegular as exc:  # swapped for a pipe or a device after it was looked at
        yield Rejected(origin, STAGE, not_regular_reason(path, exc.kind))
        return
    except (OSError, EOFError, zlib.error) as exc:
        yield Rejected(origin, STAGE, f"The file could not be read: {exc}.")
        return
    yield from _whole_file(data, fmt, origin, options)


def _rows(read: Read, fmt: str, origin: str, options: Options) -> Iterator[Item]:
    limit = options.settings.max_bytes
    rows: Iterator[Row] = jsonl_rows(read, limit) if fmt == ".jsonl" else csv_rows(read, limit)
    for number, row in rows:
        row_origin = f"{origin}:{number}"
        if isinstance(row, str):
            yield Rejected(row_origin, STAGE, row[0].upper() + row[1:])
        else:
            yield article_from_row(
                row, row_origin, options.field_map, options.published, options.settings
            )


def _whole_file(data: bytes, fmt: str, origin: str, options: Options) -> Iterator[Item]:
    try:
        decoded = decode(data)
    except NotText as exc:
        yield Rejected(origin, STAGE, f"The file was not read: {exc}.")
        return
    if decoded.note:
        logger.warning("%s: %s", origin, decoded.note)
    text = normalise_newlines(decoded.text)
    if fmt in (".html", ".htm"):
        story = extract_html(text) if text.strip() else None
        if story is None:
            yield Rejected(origin, STAGE, "The page has no main text that could be extracted.")
            return
        found = Found(
            text=story.text,
            origin=origin,
            title=story.title,
            html_date=story.published,
            url=story.url,
            source=story.source,
        )
    elif fmt in (".md", ".txt"):
        front = split_front_matter(text, strict=fmt == ".txt")
        fields = front.fields
        found = Found(
            text=front.body.lstrip("\n"),
            origin=origin,
            title=fields.get("title"),
            date_value=fields.get("published", fields.get("date")),
            date_basis="front-matter",
            url=fields.get("url"),
            source=fields.get("source"),
        )
    else:  # pragma: no cover - every whole-file format is handled above
        found = Found(text=text, origin=origin)
    yield build_article(found, options.published, options.settings)


def _stdin_reader() -> Read:
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        read: Read = buffer.read
        return read
    # a text stream put in place of stdin (tests, embedding): no bytes to stream from
    return io.BytesIO(sys.stdin.read().encode("utf-8")).read


def _read_up_to(read: Read, size: int) -> bytes:
    """Up to ``size`` bytes, fewer only at the end: a pipe answers a read with what it has."""
    parts: list[bytes] = []
    wanted = size
    while wanted > 0 and (part := read(min(wanted, 1 << 20))):
        parts.append(part)
        wanted -= len(part)
    return b"".join(parts)


def _json_lines(data: bytes) -> bool:
    """Every non-blank line starts with ``{`` (and there is one)."""
    lines = (line for line in io.BytesIO(data) if line.strip())
    first = next(lines, None)
    return first is not None and all(
        line.lstrip().startswith(b"{") for line in itertools.chain((first,), lines)
    )


def read_stdin(options: Options) -> Iterator[Item]:
    """Standard input: JSON lines when every non-empty line starts with ``{``, else one story.

    At most one story's budget (``max_bytes``) is read before deciding. Input that is longer
    is no one story: it is read on as JSON lines, a line at a time, when it starts with
    ``{``, and rejected unread otherwise.
    """
    limit = options.settings.max_bytes
    read = _stdin_reader()
    head = _read_up_to(read, limit + 1)
    if len(head) <= limit:  # all of it
        if _json_lines(head):
            yield from _rows(io.BytesIO(head).read, ".jsonl", STDIN_ORIGIN, options)
        else:
            yield from _whole_file(head, ".txt", STDIN_ORIGIN, options)
        return
    if head.lstrip().startswith(b"{"):
        first: io.BytesIO | None = io.BytesIO(head)
        del head  # held by ``first`` only, and let go once it is read

        def head_then_rest(size: int) -> bytes:
            nonlocal first
            if first is not None:
                if part := first.read(size):
                    return part
                first = None
            return read(size)

        yield from _rows(head_then_rest, ".jsonl", STDIN_ORIGIN, options)
        return
    reason = (
        f"Standard input is more than {limit:,} bytes, over the limit of {limit:,} bytes for "
        "one story, and is not JSON lines (which are read a line at a time); raise max_bytes "
        "in the [ingest] section of the config to read it."
    )
    yield Rejected(STDIN_ORIGIN, STAGE, reason)
