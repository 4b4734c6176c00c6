"""ingest, property-based: any bytes under any supported name give Articles or Rejecteds.

Never an exception, never an empty article, and every Rejected says why.
"""

from __future__ import annotations

import codecs
import gzip
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from communique.config import IngestSettings
from communique.ingest import read_articles
from communique.records import Article, Rejected

NAMES = ("story.txt", "story.md", "page.html", "rows.jsonl", "rows.csv", "story.txt.gz")
STORY = "The minister met the envoy in the capital on Tuesday to discuss the border."
# Pieces that steer random bytes towards each format's edge cases.
PIECES = [
    STORY,
    "\n",
    "\r\n",
    "\r",
    "---\ntitle: t\ndate: 2024-04-26\n---\n",
    '{"text": "' + STORY + '", "published": "2024-04-26"}',
    '{"text": 5}',
    "[1, 2]",
    "{",
    "text,published\n",
    '"multi\nline", 2024-01-01\n',
    '"unterminated',
    "<html><body><article><p>",
    "</p></article></body></html>",
    "<script>alert(1)</script>",
    '<a href="javascript:alert(1)">x</a>',
    "&amp;&#0;&#x110000;&bogus;",
    "<!DOCTYPE x [<!ENTITY a 'aaaa'>]>&a;",
    "\u200b\u202e\ufeff",
    "\x00",
    "\x85\u2028",
]
SMALL = IngestSettings(max_bytes=5_000, min_chars=20)


def _bytes() -> st.SearchStrategy[bytes]:
    texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=30)), max_size=12)
    encoded = st.tuples(texts.map("".join), st.sampled_from(["utf-8", "utf-16", "latin-1"])).map(
        lambda pair: pair[0].encode(pair[1], errors="replace")
    )
    with_bom = encoded.map(lambda data: codecs.BOM_UTF8 + data)
    return st.one_of(st.binary(max_size=600), encoded, with_bom)


def _read(name: str, data: bytes) -> list[Article | Rejected]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
        items = list(read_articles(path, settings=SMALL))
    for item in items:
        if isinstance(item, Rejected):
            assert item.stage == "ingest"
            assert item.reason.strip()
            assert item.origin.startswith(str(path))
        else:
            assert isinstance(item, Article)
            assert len(item.text.strip()) >= SMALL.min_chars
            assert len(item.id) == 40
    return items


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(NAMES), _bytes())
def test_any_bytes_in_any_supported_file_give_records(name: str, data: bytes) -> None:
    _read(name, data)


@settings(max_examples=40, deadline=None)
@given(st.sampled_from(("story.txt", "page.html")), _bytes())
def test_whole_files_give_exactly_one_record(name: str, data: bytes) -> None:
    assert len(_read(name, data)) == 1


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=50), st.sampled_from(("story.txt", "page.html", "story.txt.gz")))
def test_files_over_the_limit_are_rejected_for_their_size(head: bytes, name: str) -> None:
    (item,) = _read(name, head + b"a" * (SMALL.max_bytes + 1))
    assert isinstance(item, Rejected)
    assert "over the limit" in item.reason
