"""The example articles are well-formed, dated, in range, and all described in EXPECTED.md.

These stories are the project's demo and test fixtures, so a broken front matter or a story
missing from EXPECTED.md would silently weaken every test that uses them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

ARTICLES = Path(__file__).resolve().parents[1] / "examples" / "articles"
TXT_FILES = sorted(ARTICLES.glob("*.txt"))
HTML_FILES = sorted(ARTICLES.glob("*.html"))
JSONL_FILES = sorted(ARTICLES.glob("*.jsonl"))
EXPECTED = ARTICLES.parent / "EXPECTED.md"  # outside the input folder: not a story

FIRST_DAY = dt.date(2019, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)
MIN_WORDS, MAX_WORDS = 180, 400
JSONL_FIELDS = {"id", "title", "published", "source", "url", "text"}
MODES = {"visit", "host", "phone", "multilateral", "none"}
STATUSES = {"happened", "negated", "future", "background"}
PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}  # fmt: skip
MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
# "BEIJING, April 26, 2024 —" or "NUSA DUA, Indonesia, Nov. 14, 2022 —"
DATELINE = re.compile(r"^[A-Z][A-Z .'-]+,(?: [^,\n]+,)? ([A-Z][a-z]+)\.? (\d{1,2}), (\d{4}) —")
# Elements that never have a closing tag, so they must not stay on the open-tag stack.
VOID_TAGS = {"area", "br", "hr", "img", "input", "link", "meta", "source", "wbr"}
# An expected date is a day, a month, a year, or unknown.
EXPECTED_DATE = re.compile(r"^(?:\d{4}-\d{2}-\d{2}|\d{4}-\d{2}|\d{4}|—)$")


def split_front_matter(raw: str) -> tuple[dict[str, object], str]:
    """The YAML between the opening and closing ``---`` lines, and the body after them."""
    match = re.match(r"---\n(.*?)\n---\n(.*)", raw, re.DOTALL)
    if match is None:
        raise ValueError("no front matter delimited by --- lines")
    meta = yaml.safe_load(match.group(1))
    if not isinstance(meta, dict):
        raise ValueError("front matter is not a mapping")
    return meta, match.group(2)


def as_date(value: object) -> dt.date:
    """A front-matter or JSON date: YAML already gives ``date``; JSON gives an ISO string."""
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10])
    raise TypeError(f"not a date: {value!r}")


def dateline_date(body: str) -> dt.date | None:
    """The date a story's dateline gives, or None when the story has no dateline."""
    for line in body.splitlines():
        match = DATELINE.match(line)
        if match:
            month = MONTHS[match.group(1)[:3].lower()]
            return dt.date(int(match.group(3)), month, int(match.group(2)))
    return None


class PageReader(HTMLParser):
    """Collects what the checks need from one example page."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""
        self.published: str | None = None
        self.open_tags: list[str] = []
        self.seen: set[str] = set()
        self.article_h1 = ""
        self.article_paragraphs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.add(tag)
        if tag == "meta":
            fields = dict(attrs)
            if fields.get("property") == "article:published_time":
                self.published = fields.get("content")
            return
        if tag in VOID_TAGS:
            return
        if tag == "p" and "article" in self.open_tags:
            self.article_paragraphs.append("")
        self.open_tags.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.open_tags:
            # Drop everything opened after it too, so a stray unclosed tag cannot stick.
            del self.open_tags[len(self.open_tags) - 1 - self.open_tags[::-1].index(tag) :]

    def handle_data(self, data: str) -> None:
        if not self.open_tags:
            return
        innermost = self.open_tags[-1]
        if innermost == "title":
            self.title += data
        elif "article" in self.open_tags and innermost == "h1":
            self.article_h1 += data
        elif "article" in self.open_tags and "p" in self.open_tags and self.article_paragraphs:
            self.article_paragraphs[-1] += data


def read_page(path: Path) -> PageReader:
    reader = PageReader()
    reader.feed(path.read_text("utf-8"))
    reader.close()
    return reader


def jsonl_records() -> list[tuple[str, dict[str, object]]]:
    """Every JSON-lines story as (``file.jsonl#id``, record)."""
    records = []
    for path in JSONL_FILES:
        for line in path.read_text("utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                records.append((f"{path.name}#{record['id']}", record))
    return records


def expected_sections() -> dict[str, str]:
    """EXPECTED.md cut into sections keyed by the story named in each ``## `key` `` heading."""
    parts = re.split(r"^## `([^`]+)`\s*$", EXPECTED.read_text("utf-8"), flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def table_rows(section: str, heading: str) -> list[list[str]]:
    """The body rows of the table that follows ``heading:`` in a section."""
    after = section.split(f"\n{heading}:\n", 1)
    if len(after) < 2:
        return []
    rows = []
    for line in after[1].strip().splitlines():
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    # Drop the header and the |---| separator.
    return rows[2:]


def in_range(day: dt.date) -> bool:
    return FIRST_DAY <= day <= LAST_DAY


def word_count(text: str) -> int:
    return len(text.split())


# -- plain text stories ---------------------------------------------------------------------


@pytest.mark.parametrize("path", TXT_FILES, ids=lambda p: p.name)
def test_txt_front_matter_is_complete_and_dated_in_range(path: Path) -> None:
    meta, body = split_front_matter(path.read_text("utf-8"))
    for field in ("title", "source"):
        value = meta.get(field)
        assert isinstance(value, str) and value.strip(), f"front matter lacks {field}"
    published = as_date(meta.get("date"))
    assert in_range(published)
    assert path.name.startswith(published.isoformat()), "file name must start with the date"
    assert MIN_WORDS <= word_count(body) <= MAX_WORDS


@pytest.mark.parametrize("path", TXT_FILES, ids=lambda p: p.name)
def test_txt_dateline_agrees_with_front_matter(path: Path) -> None:
    meta, body = split_front_matter(path.read_text("utf-8"))
    from_dateline = dateline_date(body)
    if from_dateline is None:
        pytest.skip("story has no dateline")
    assert from_dateline == as_date(meta["date"])


def test_front_matter_reader_rejects_a_story_without_it() -> None:
    with pytest.raises(ValueError, match="front matter"):
        split_front_matter("BEIJING, April 26, 2024 — A story with no header.\n")


def test_dateline_reader_handles_abbreviated_months_and_regions() -> None:
    assert dateline_date("NUSA DUA, Indonesia, Nov. 14, 2022 — Text") == dt.date(2022, 11, 14)
    assert dateline_date("BEIJING, April 26, 2024 — Text") == dt.date(2024, 4, 26)
    assert dateline_date("No dateline here, April 26, 2024 — Text") is None


# -- HTML pages -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", HTML_FILES, ids=lambda p: p.name)
def test_html_page_has_title_date_and_article(path: Path) -> None:
    page = read_page(path)
    assert page.title.strip()
    assert page.published is not None, "missing article:published_time meta"
    assert path.name.startswith(as_date(page.published).isoformat())
    assert in_range(as_date(page.published))
    assert page.article_h1.strip()
    assert len(page.article_paragraphs) >= 3
    story = " ".join(page.article_paragraphs)
    assert MIN_WORDS <= word_count(story) <= MAX_WORDS


@pytest.mark.parametrize("path", HTML_FILES, ids=lambda p: p.name)
def test_html_page_has_furniture_outside_the_story(path: Path) -> None:
    page = read_page(path)
    assert {"nav", "footer"} <= page.seen


# -- JSON lines -----------------------------------------------------------------------------


def test_jsonl_records_have_the_documented_fields() -> None:
    records = jsonl_records()
    assert records
    for key, record in records:
        assert set(record) == JSONL_FIELDS, key
        assert all(isinstance(record[name], str) and record[name] for name in JSONL_FIELDS), key
        assert in_range(as_date(record["published"])), key
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(record["published"])), key
        assert str(record["url"]).startswith("https://example.org/"), key
        assert MIN_WORDS <= word_count(str(record["text"])) <= MAX_WORDS, key
    ids = [key for key, _ in records]
    assert len(ids) == len(set(ids)), "JSON-lines ids must be unique"


@pytest.mark.parametrize("path", JSONL_FILES, ids=lambda p: p.name)
def test_every_jsonl_line_is_one_json_object(path: Path) -> None:
    lines = path.read_text("utf-8").splitlines()
    assert len(lines) >= 3
    for number, line in enumerate(lines, start=1):
        assert isinstance(json.loads(line), dict), f"{path.name}:{number}"


# -- the collection as a whole and EXPECTED.md ----------------------------------------------


def story_keys() -> list[str]:
    return [p.name for p in TXT_FILES + HTML_FILES] + [key for key, _ in jsonl_records()]


def test_collection_has_enough_stories_of_each_format() -> None:
    assert len(story_keys()) >= 10
    assert len(HTML_FILES) >= 2
    assert len(JSONL_FILES) >= 1


def test_expected_md_describes_exactly_the_stories_present() -> None:
    assert set(expected_sections()) == set(story_keys())


def test_expected_md_lists_kinds_and_enough_non_meeting_stories() -> None:
    kinds = {}
    for key, section in expected_sections().items():
        match = re.search(r"^Kind: (meeting|non-meeting)$", section, re.MULTILINE)
        assert match, f"{key}: no Kind line"
        kinds[key] = match.group(1)
    assert sum(kind == "non-meeting" for kind in kinds.values()) >= 3
    assert sum(kind == "meeting" for kind in kinds.values()) >= 3


@pytest.mark.parametrize("key", sorted(expected_sections()) if EXPECTED.exists() else [])
def test_expected_md_tables_use_the_documented_values(key: str) -> None:
    section = expected_sections()[key]
    meetings = table_rows(section, "Meetings")
    events = table_rows(section, "Other events")
    assert meetings or events, f"{key}: no table"
    for row in meetings:
        assert len(row) == 6, row
        _actor, _recipient, _place, date, mode, status = row
        assert EXPECTED_DATE.match(date), row
        assert mode in MODES, row
        assert status in STATUSES, row
        # A meeting that did not happen, or has not yet, has no mode of its own.
        assert (mode == "none") == (status in {"negated", "future"}), row
    for row in events:
        assert len(row) == 6, row
        assert row[0] in PLOVER_TYPES, row
        assert EXPECTED_DATE.match(row[4]), row
    if re.search(r"^Kind: meeting$", section, re.MULTILINE):
        assert any(row[5] == "happened" for row in meetings), f"{key}: no meeting happened"
