"""The reading every PETRARCH dictionary shares: lines, '#' and '<!-- -->' comments, codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from communique.actors.petrarch_syntax import CODE_RE, dictionary_lines, read_dictionary
from communique.errors import DataFileError


def test_comments_are_taken_out_and_lines_keep_their_numbers() -> None:
    text = "<!-- head -->\nFRANCE [FRA] # a note\n<!--\n# inside\n-->\nBODY <!-- x --> [A]\n"
    lines = list(dictionary_lines(text))
    assert [(line.number, line.body, line.comment) for line in lines] == [
        (1, "", ""),
        (2, "FRANCE [FRA]", " a note"),
        (3, "", ""),
        (4, "", ""),
        (5, "", ""),
        (6, "BODY  [A]", ""),
    ]
    assert CODE_RE.findall(lines[1].body) == ["FRA"]


def test_an_unreadable_dictionary_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="cannot read the dictionary") as caught:
        read_dictionary(tmp_path / "absent.txt")
    assert caught.value.path == str(tmp_path / "absent.txt")
    (tmp_path / "latin.txt").write_bytes(b"CAF\xc9 [FRA]\n")
    assert read_dictionary(tmp_path / "latin.txt") == "CAF\ufffd [FRA]\n"
