"""Fuzz the text and HTML readers with atheris: any bytes in, an Article or a Rejected out.

    python fuzz/fuzz_readers.py -max_total_time=200         # what `make fuzz` runs
    python fuzz/fuzz_readers.py -runs=10000 fuzz/corpus     # with a seed folder

Each input is written under a name the fuzzer picks (.txt, .md, .html, .jsonl, .csv, with
or without .gz) and read through ``communique.ingest.read_articles``, the path every run
takes. An exception, a record of the wrong type, or a Rejected without a reason is a crash.
libFuzzer's closing line ``Done N runs in T second(s)`` gives the number of inputs tried;
a crash stops the run with a traceback, the input saved as ``crash-*``, and exit code 1.
The formats' tokens (``readers.dict``) and a few seed stories steer the bytes towards
each reader; both are passed to libFuzzer unless the command line names its own.
"""

from __future__ import annotations

import gzip
import logging
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports():
    from communique.config import IngestSettings
    from communique.ingest import read_articles
    from communique.ingest.html import extract_html
    from communique.ingest.text import NotText, decode
    from communique.records import Article, Rejected

NAMES = (
    "story.txt",
    "story.md",
    "page.html",
    "rows.jsonl",
    "rows.csv",
    "story.txt.gz",
    "page.html.gz",
)
SETTINGS = IngestSettings(max_bytes=200_000, min_chars=20)
FOLDER = Path(tempfile.mkdtemp(prefix="communique-fuzz-"))
DICTIONARY = Path(__file__).with_name("readers.dict")
STORY = "The minister met the envoy in the capital on Tuesday to discuss the border."
SEEDS = (
    b"\x00" + STORY.encode(),
    b"\x02<html><head><title>T</title></head><body><article><p>"
    + STORY.encode()
    + b"</p></article></body></html>",
    b"\x03" + f'{{"text": "{STORY}", "published": "2024-04-26"}}\n{{"text": 5}}\n'.encode(),
    b"\x04" + f'text,published\n"{STORY}\nsecond line",2024-04-26\n'.encode(),
    b"\x01---\ntitle: T\ndate: 2024-04-26\n---\n" + STORY.encode(),
)


def _check(items: list[Article | Rejected]) -> None:
    for item in items:
        if isinstance(item, Rejected):
            if not item.reason.strip() or item.stage != "ingest":
                raise AssertionError(f"Rejected without a reason: {item!r}")
        elif not isinstance(item, Article) or len(item.text.strip()) < SETTINGS.min_chars:
            raise AssertionError(f"not a valid Article: {item!r}")


def test_one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    name = NAMES[provider.ConsumeIntInRange(0, len(NAMES) - 1)]
    body = provider.ConsumeBytes(provider.remaining_bytes())
    path = FOLDER / name
    path.write_bytes(gzip.compress(body, compresslevel=1) if name.endswith(".gz") else body)
    _check(list(read_articles(path, settings=SETTINGS)))
    # The HTML extractor on its own, on whatever the bytes decode to.
    try:
        text = decode(body).text
    except NotText:
        return
    story = extract_html(text) if text.strip() else None
    if story is not None and not story.text.strip():
        raise AssertionError("extract_html returned an empty story")


def _arguments(argv: list[str]) -> list[str]:
    """The command line plus the dictionary and a seed folder, unless it names its own."""
    args = list(argv)
    if not any(arg.startswith("-dict=") for arg in args[1:]):
        args.append(f"-dict={DICTIONARY}")
    if not any(not arg.startswith("-") for arg in args[1:]):
        seeds = Path(tempfile.mkdtemp(prefix="communique-fuzz-seeds-"))
        for number, seed in enumerate(SEEDS):
            (seeds / f"seed{number}").write_bytes(seed)
        args.append(str(seeds))
    return args


def main() -> None:
    logging.disable(logging.CRITICAL)  # trafilatura logs every page it cannot parse
    atheris.Setup(_arguments(sys.argv), test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
