"""ingest: every kind of bad input becomes a Rejected record and reading goes on."""

from __future__ import annotations

import codecs
import gzip
import json
from pathlib import Path

import pytest

from communique.config import IngestSettings
from communique.ingest import read_articles
from communique.records import Article, Rejected

GOOD = "The two councils agreed to share the cost of a new footbridge over the canal."


def _rejected(items: list[Article | Rejected]) -> Rejected:
    assert len(items) == 1, items
    item = items[0]
    assert isinstance(item, Rejected), item
    assert item.stage == "ingest"
    assert item.reason[0].isupper() and item.reason.endswith("."), item.reason
    return item


def test_missing_path(tmp_path: Path) -> None:
    item = _rejected(list(read_articles([tmp_path / "nope.txt"])))
    assert "does not exist" in item.reason


@pytest.mark.parametrize("content", ["", "   \n\t\n  ", "Too short."])
def test_empty_or_short_files(tmp_path: Path, content: str) -> None:
    path = tmp_path / "blank.txt"
    path.write_text(content, "utf-8")
    item = _rejected(list(read_articles([path])))
    assert "min_chars" in item.reason


def test_min_chars_setting_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_text("Short but fine.", "utf-8")
    (item,) = read_articles([path], settings=IngestSettings(min_chars=5))
    assert isinstance(item, Article)


def test_binary_file_with_txt_name(tmp_path: Path) -> None:
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    item = _rejected(list(read_articles([path])))
    assert "binary" in item.reason


def test_mostly_control_characters_is_not_text(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(1, 9)) * 200)
    item = _rejected(list(read_articles([path])))
    assert "non-text" in item.reason or "binary" in item.reason


def test_utf8_bom_and_utf16_are_decoded(tmp_path: Path) -> None:
    with_bom = tmp_path / "bom.txt"
    with_bom.write_bytes(codecs.BOM_UTF8 + GOOD.encode("utf-8"))
    utf16 = tmp_path / "wide.txt"
    utf16.write_bytes(GOOD.encode("utf-16"))  # Python writes a BOM
    for path in (with_bom, utf16):
        (item,) = read_articles([path])
        assert isinstance(item, Article) and item.text == GOOD


def test_latin1_text_is_decoded_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes("Le maire de Besançon a signé l'accord hier soir.".encode("latin-1"))
    (item,) = read_articles([path])
    assert isinstance(item, Article)
    assert "Besançon" in item.text
    assert "latin-1" in caplog.text


def test_invalid_utf8_that_is_not_text(tmp_path: Path) -> None:
    path = tmp_path / "junk.txt"
    path.write_bytes(b"\xff\xfe\xfa" + bytes(range(1, 32)) * 10)
    item = _rejected(list(read_articles([path])))
    assert "not" in item.reason


def test_oversized_file_is_rejected_with_size_limit_and_setting(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_text(GOOD * 10, "utf-8")
    item = _rejected(list(read_articles([path], settings=IngestSettings(max_bytes=100))))
    assert f"{path.stat().st_size:,} bytes" in item.reason
    assert "100 bytes" in item.reason
    assert "[ingest]" in item.reason and "max_bytes" in item.reason


def test_size_is_checked_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50_000_000)  # sparse: 50 MB on paper, nothing on disk

    def refuse(*_args: object, **_kwargs: object) -> bytes:
        raise AssertionError("the file was read before its size was checked")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    item = _rejected(list(read_articles([path])))  # default limit: 20 MB
    assert "50,000,000 bytes" in item.reason
    assert "20,000,000 bytes" in item.reason


def test_gzip_is_limited_by_its_uncompressed_size(tmp_path: Path) -> None:
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(GOOD.encode("utf-8") * 100))
    item = _rejected(list(read_articles([path], settings=IngestSettings(max_bytes=1000))))
    assert "uncompressed" in item.reason


def test_corrupt_gzip(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt.gz"
    path.write_bytes(b"not gzip at all, just text pretending")
    item = _rejected(list(read_articles([path])))
    assert "could not be read" in item.reason


def test_unknown_extension_lists_the_supported_ones(tmp_path: Path) -> None:
    path = tmp_path / "story.docx"
    path.write_text(GOOD, "utf-8")
    item = _rejected(list(read_articles([path])))
    assert ".txt" in item.reason and ".jsonl" in item.reason and ".gz" in item.reason


def test_bad_jsonl_lines_are_rejected_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    lines = [
        json.dumps({"text": GOOD}),
        '{"text": "unterminated',
        json.dumps({"body": GOOD}),
        json.dumps({"text": ["a", "list"]}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": "   "}),
        json.dumps({"text": GOOD + " Again."}),
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    items = list(read_articles([path]))
    assert [type(item).__name__ for item in items] == [
        "Article",
        "Rejected",
        "Rejected",
        "Rejected",
        "Rejected",
        "Rejected",
        "Article",
    ]
    reasons = {
        item.origin.rsplit(":", 1)[1]: item.reason for item in items if isinstance(item, Rejected)
    }
    assert (
        "Line 2 is not valid JSON (Unterminated string" in reasons["2"] and "column" in reasons["2"]
    )
    assert "no 'text' field" in reasons["3"] and "field_map" in reasons["3"]
    assert "is a list, not a string" in reasons["4"]
    assert "not an object" in reasons["5"]
    assert "empty" in reasons["6"]


def test_invalid_utf8_in_one_jsonl_line(tmp_path: Path) -> None:
    path = tmp_path / "rows.jsonl"
    path.write_bytes(json.dumps({"text": GOOD}).encode() + b'\n{"text": "\xff\xfe"}\n')
    first, second = read_articles([path])
    assert isinstance(first, Article)
    assert isinstance(second, Rejected) and "UTF-8" in second.reason


def test_csv_row_without_text_and_short_row(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    path.write_text(f"title,text\nOne,{GOOD}\nTwo,\nThree\n", "utf-8")
    first, second, third = read_articles([path])
    assert isinstance(first, Article)
    assert isinstance(second, Rejected) and "empty" in second.reason
    assert isinstance(third, Rejected) and "1 fields but the header has 2" in third.reason


def test_one_bad_input_does_not_stop_the_others(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, "utf-8")
    items = list(read_articles([tmp_path / "missing.txt", good]))
    assert isinstance(items[0], Rejected) and isinstance(items[1], Article)


def test_a_crafted_record_is_rejected_and_the_next_one_read(tmp_path: Path) -> None:
    # a lone surrogate escape or a title with one: rejected with its reason; a URL that is an
    # object: left out, the story kept; the good record after them is still read
    lines = [
        '{"text": "' + GOOD + ' \\ud800"}',
        json.dumps({"text": GOOD + " Two.", "url": {"x": 1}}),
        '{"text": "' + GOOD + ' Three.", "title": "T \\udc80"}',
        json.dumps({"text": GOOD + " Four."}),
    ]
    path = tmp_path / "crafted.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    items = list(read_articles([path]))
    reasons = [item.reason for item in items if isinstance(item, Rejected)]
    kinds = ["Rejected", "Article", "Rejected", "Article"]
    assert [type(item).__name__ for item in items] == kinds
    assert "'text' field holds an unpaired surrogate" in reasons[0]
    assert "'title' field holds an unpaired surrogate" in reasons[1]
    kept = items[1]
    assert isinstance(kept, Article) and kept.url is None


def test_a_file_mixing_utf8_and_latin1_keeps_both(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "pasted.txt"
    utf8 = "Le maire de Besançon a signé l'accord, "
    path.write_bytes(utf8.encode("utf-8") + "puis il a quitté Orléans.".encode("latin-1"))
    (item,) = read_articles([path])
    assert isinstance(item, Article)
    assert item.text == utf8 + "puis il a quitté Orléans."
    assert "latin-1" in caplog.text


def test_windows_1252_quotes_are_read_as_quotes(tmp_path: Path) -> None:
    path = tmp_path / "quotes.txt"
    path.write_bytes(b"The minister said \x93we will not give up\x94 on Friday evening.")
    (item,) = read_articles([path])
    assert isinstance(item, Article)
    assert "\u201cwe will not give up\u201d" in item.text
