"""The one data-file layer: YAML and TSV with line numbers, records checked against a schema."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from communique.compressed import write_text
from communique.datafiles import (
    LineMap,
    line_of,
    load_yaml,
    parse_yaml,
    read_record,
    read_value,
    rule,
    tsv_rows,
)
from communique.errors import DataFileError


@dataclass(frozen=True, slots=True, kw_only=True)
class _Thing:
    id: str = field(metadata=rule(pattern="[a-z]+", means="lower-case letters"))
    colour: str = field(default="red", metadata=rule(choices=("red", "blue")))
    words: tuple[str, ...] = field(default=(), metadata=rule(one_or_many=True, unique=True))
    count: int = field(default=1, metadata=rule(minimum=1))
    flag: bool = False
    day: dt.date | None = field(
        default=None,
        metadata=rule(
            convert=lambda v: dt.date.fromisoformat(v) if isinstance(v, str) else None,
            means="a date",
        ),
    )
    nested: Any = None


def test_yaml_mappings_know_their_lines_and_the_lines_of_their_values() -> None:
    data = parse_yaml("# head\nthings:\n  - id: a\n    regex: x\n  - id: b\n", "f.yaml")
    first, second = data["things"]
    assert isinstance(first, LineMap) and first == {"id": "a", "regex": "x"}
    assert (line_of(data), line_of(first), line_of(second)) == (2, 3, 5)
    assert line_of(first, "regex") == 4
    assert line_of(["not a mapping"], default=7) == 7


def test_yaml_dates_stay_text_and_broken_yaml_names_the_line(tmp_path: Path) -> None:
    assert parse_yaml("day: 2020-13-45\n", "f.yaml") == {"day": "2020-13-45"}
    with pytest.raises(DataFileError, match="not valid YAML") as caught:
        parse_yaml("a: [1,\nb: 2\n", "f.yaml")
    assert caught.value.path == "f.yaml" and caught.value.line is not None
    with pytest.raises(DataFileError, match="cannot read") as missing:
        load_yaml(tmp_path / "absent.yaml")
    assert missing.value.path == str(tmp_path / "absent.yaml")


def test_tsv_rows_read_plain_and_gzip_files_with_line_numbers(tmp_path: Path) -> None:
    text = "# comment\n\na\t b \nc\td\n"
    for name in ("t.tsv", "t.tsv.gz"):
        write_text(tmp_path / name, text)
        assert list(tsv_rows(tmp_path / name)) == [(3, ["a", " b "]), (4, ["c", "d"])]
        assert list(tsv_rows(tmp_path / name, 2)) == [(3, ["a", "b"]), (4, ["c", "d"])]
    write_text(tmp_path / "bad.tsv", "a\tb\nc\n")
    with pytest.raises(DataFileError, match=r"bad\.tsv:2: expected 2 tab-separated fields"):
        list(tsv_rows(tmp_path / "bad.tsv", 2))


def test_a_record_is_read_into_its_schema() -> None:
    raw = parse_yaml(
        "id: abc\ncolour: blue\nwords: [x, ' y ', x, 3]\nflag: true\nday: 2020-01-02\n", "f"
    )
    thing = read_record(raw, _Thing, "f", "thing")
    assert thing == _Thing(
        id="abc", colour="blue", words=("x", "y", "3"), flag=True, day=dt.date(2020, 1, 2)
    )
    one = read_record(parse_yaml("id: abc\nwords: solo\n", "f"), _Thing, "f", "thing")
    assert (one.words, one.colour, one.count) == (("solo",), "red", 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("colour: red\n", "missing required key 'id'"),
        ("id: abc\nshade: red\n", r"unknown keys \['shade'\].*allowed: \['id', 'colour'"),
        ("id: ABC\n", "id must be lower-case letters, got 'ABC'"),
        ("id: abc\ncolour: green\n", "colour 'green' is not one of red, blue"),
        ("id: abc\ncount: 0\n", "count must be a whole number >= 1"),
        ("id: abc\nflag: maybe\n", "'flag' must be true or false"),
        ("id: abc\nwords: [a, [b]]\n", "'words' must be a list of non-empty strings"),
        ("id: abc\nday: soon\n", "'day' must be a date, got 'soon'"),
    ],
)
def test_a_bad_record_names_file_line_and_key(text: str, message: str) -> None:
    raw = parse_yaml("\n\n" + text, "things.yaml")
    with pytest.raises(DataFileError, match=message) as caught:
        read_record(raw, _Thing, "things.yaml", "thing")
    assert (caught.value.path, caught.value.line) == ("things.yaml", 3)


def test_a_record_that_is_not_a_mapping_and_a_single_value() -> None:
    with pytest.raises(DataFileError, match="each thing must be a mapping") as caught:
        read_record(["x"], _Thing, "f", "thing", fallback_line=9)
    assert caught.value.line == 9
    assert read_value(["a", "b"], tuple[str, ...], "f", 1, "k") == ("a", "b")
    with pytest.raises(DataFileError, match="f:4: 'k' must list at least one word"):
        read_value([], tuple[str, ...], "f", 4, "k", at_least_one="word")
