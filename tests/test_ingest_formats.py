"""ingest: every reader and format, gzip, folders, stdin and field maps."""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import sys
from pathlib import Path

import pytest

from communique.ingest import article_from_text, article_id, read_articles
from communique.records import Article, Rejected

STORY = (
    "Harbour talks resume\n\n"
    "The port authorities of two neighbouring towns met on Tuesday to settle a quarrel "
    "over fishing rights.\n"
)


def _only_article(items: list[Article | Rejected]) -> Article:
    assert len(items) == 1, items
    item = items[0]
    assert isinstance(item, Article), item
    return item


def test_txt_file_is_one_story_with_path_origin(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(STORY, "utf-8")
    article = _only_article(list(read_articles([path])))
    assert article.text == STORY
    assert article.origin == str(path)
    assert article.id == article_id(STORY)
    assert article.published is None and article.published_basis == "none"


def test_windows_line_endings_are_normalised(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_bytes(STORY.replace("\n", "\r\n").encode("utf-8"))
    assert _only_article(list(read_articles([path]))).text == STORY


def test_markdown_front_matter_is_metadata_not_text(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text(
        "---\ntitle: Harbour talks resume\ndate: 2023-05-02\nsource: Coast Courier\n"
        "url: https://example.org/harbour\nauthor: ignored\n---\n\n" + STORY,
        "utf-8",
    )
    article = _only_article(list(read_articles([path])))
    assert article.title == "Harbour talks resume"
    assert article.published == dt.date(2023, 5, 2)
    assert article.published_basis == "front-matter"
    assert article.source == "Coast Courier"
    assert article.url == "https://example.org/harbour"
    assert article.text == STORY
    assert "---" not in article.text


def test_plain_text_front_matter_is_metadata_too(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("---\ntitle: Harbour talks resume\ndate: 2023-05-02\n---\n" + STORY, "utf-8")
    article = _only_article(list(read_articles([path])))
    assert (article.title, article.published) == ("Harbour talks resume", dt.date(2023, 5, 2))
    assert article.text == STORY


def test_plain_text_opening_with_a_rule_keeps_all_its_text(tmp_path: Path) -> None:
    # a rule of dashes around prose is the story's own, not front matter
    text = "---\nHarbour talks: a quarrel settled\nThe towns met.\n---\n" + STORY
    path = tmp_path / "story.txt"
    path.write_text(text, "utf-8")
    article = _only_article(list(read_articles([path])))
    assert article.text == text and article.title is None


def test_the_example_folder_holds_only_dated_titled_stories() -> None:
    examples = Path(__file__).parent.parent / "examples" / "articles"
    articles = [a for a in read_articles([examples]) if isinstance(a, Article)]
    assert articles and all(a.published is not None for a in articles)
    assert not any(a.text.lstrip().startswith("---") for a in articles)
    assert not any("EXPECTED" in a.origin for a in articles)
    assert all(a.title for a in articles if a.origin.endswith((".txt", ".md")))


def test_markdown_without_front_matter_keeps_all_text(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text("# " + STORY, "utf-8")
    article = _only_article(list(read_articles([path])))
    assert article.text.startswith("# Harbour")
    assert article.title is None


HTML = """<html><head><title>Harbour talks resume | Coast Courier</title>
<meta property="og:title" content="Harbour talks resume">
<meta property="article:published_time" content="2023-05-02T09:30:00Z">
</head><body><nav>Home | World | Sport</nav><article><h1>Harbour talks resume</h1>
<p>The port authorities of two neighbouring towns met on Tuesday to settle a long quarrel
over fishing rights in the bay they share.</p>
<p>Both sides said they would meet again in June, after the summer catch has been counted
and the figures have been checked by an independent surveyor.</p>
</article><footer>All rights reserved</footer></body></html>"""


def test_html_main_text_title_and_date(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(HTML, "utf-8")
    article = _only_article(list(read_articles([path])))
    assert "fishing rights" in article.text
    assert "Home | World" not in article.text
    assert "All rights reserved" not in article.text
    assert article.title == "Harbour talks resume"
    assert article.published == dt.date(2023, 5, 2)
    assert article.published_basis == "html-metadata"


def test_html_without_main_text_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "empty.htm"
    path.write_text("<html><head><title>x</title></head><body></body></html>", "utf-8")
    (item,) = read_articles([path])
    assert isinstance(item, Rejected)
    assert "no main text" in item.reason


def test_jsonl_rows_have_line_origins(tmp_path: Path) -> None:
    path = tmp_path / "stories.jsonl"
    rows = [
        {"id": "a", "text": STORY, "published": "2023-05-02", "title": "Harbour", "source": "CC"},
        {"text": STORY.replace("Tuesday", "Wednesday"), "url": "https://example.org/2"},
    ]
    path.write_text(json.dumps(rows[0]) + "\n\n" + json.dumps(rows[1]) + "\n", "utf-8")
    first, second = read_articles([path])
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.origin == f"{path}:1"
    assert second.origin == f"{path}:3"  # the blank line 2 is skipped but counted
    assert first.published == dt.date(2023, 5, 2) and first.published_basis == "record"
    assert first.title == "Harbour" and first.source == "CC"
    assert second.url == "https://example.org/2" and second.published is None


def test_field_map_reads_other_field_names(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    row = {"content_original": STORY, "date": "2019-04-15", "headline": "Harbour"}
    path.write_text(json.dumps(row) + "\n", "utf-8")
    field_map = {"text": "content_original", "published": "date", "title": "headline"}
    article = _only_article(list(read_articles([path], field_map=field_map)))
    assert article.text == STORY
    assert article.published == dt.date(2019, 4, 15)
    assert article.title == "Harbour"


def test_csv_rows_start_lines_with_multiline_fields(tmp_path: Path) -> None:
    path = tmp_path / "stories.csv"
    path.write_text(
        'url,date,title,text\nhttps://example.org/1,2020-01-03,One,"First story line.\n\n'
        'It goes on over several lines about the harbour."\n'
        "https://example.org/2,2020-01-04,Two,A second short story about the fishing fleet.\n",
        "utf-8",
    )
    first, second = read_articles([path], field_map={"published": "date"})
    assert isinstance(first, Article) and isinstance(second, Article)
    assert first.origin == f"{path}:2"
    assert second.origin == f"{path}:5"
    assert first.text.startswith("First story line.\n\nIt goes on")
    assert second.published == dt.date(2020, 1, 4)


@pytest.mark.parametrize("name", ["story.txt.gz", "story.md.gz"])
def test_gzipped_whole_files(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(gzip.compress(STORY.encode("utf-8")))
    assert _only_article(list(read_articles([path]))).text == STORY


def test_gzipped_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "stories.jsonl.gz"
    path.write_bytes(gzip.compress((json.dumps({"text": STORY}) + "\n").encode("utf-8")))
    article = _only_article(list(read_articles([path])))
    assert article.origin == f"{path}:1"


def test_folders_are_read_recursively_sorted_skipping_hidden(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".cache").mkdir()
    (tmp_path / "b" / "two.txt").write_text(STORY + "Second.", "utf-8")
    (tmp_path / "a.txt").write_text(STORY + "First.", "utf-8")
    (tmp_path / ".hidden.txt").write_text(STORY + "Hidden.", "utf-8")
    (tmp_path / ".cache" / "x.txt").write_text(STORY + "Cached.", "utf-8")
    items = list(read_articles([tmp_path]))
    assert [Path(item.origin).name for item in items] == ["a.txt", "two.txt"]
    assert all(isinstance(item, Article) for item in items)


def test_reading_is_lazy(tmp_path: Path) -> None:
    for index in range(3):
        (tmp_path / f"{index}.txt").write_text(f"{STORY} Number {index}.", "utf-8")
    stream = read_articles([tmp_path])
    first = next(stream)
    assert isinstance(first, Article) and first.origin.endswith("0.txt")


def test_stdin_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(STORY))
    article = _only_article(list(read_articles(["-"])))
    assert article.text == STORY
    assert article.origin == "<stdin>"


def test_stdin_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = "\n".join(json.dumps({"text": f"{STORY} Copy {n}."}) for n in range(2))
    monkeypatch.setattr(sys, "stdin", io.StringIO(lines + "\n"))
    items = list(read_articles(["-"]))
    assert [item.origin for item in items] == ["<stdin>:1", "<stdin>:2"]
    assert all(isinstance(item, Article) for item in items)


def test_ids_are_stable_across_whitespace_and_rereading(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(STORY, "utf-8")
    first = _only_article(list(read_articles([path])))
    again = _only_article(list(read_articles([path])))
    assert first == again
    assert article_id("  Harbour  talks\n\nresume ") == article_id("Harbour talks resume")
    assert article_id("Cafe\u0301 talks") == article_id("Caf\u00e9 talks")  # NFC
    assert article_id("Harbour talks resume") != article_id("Harbour talks resumed")
    assert len(article_id("x")) == 40


def test_article_from_text() -> None:
    article = article_from_text(STORY, title="Harbour", published="2023-05-02", url="u")
    assert article.id == article_id(STORY)
    assert article.published == dt.date(2023, 5, 2)
    assert article.published_basis == "record"
    assert article.origin == "<memory>"
    assert article.title == "Harbour"


def test_a_single_path_may_be_given_bare(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text(STORY, "utf-8")
    assert _only_article(list(read_articles(str(path)))).origin == str(path)
    assert _only_article(list(read_articles(path))).origin == str(path)


def test_gzipped_html(tmp_path: Path) -> None:
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(HTML.encode("utf-8")))
    article = _only_article(list(read_articles([path])))
    assert "fishing rights" in article.text and article.published == dt.date(2023, 5, 2)


def test_html_without_a_date_has_none(tmp_path: Path) -> None:
    path = tmp_path / "undated.html"
    meta = '<meta property="article:published_time" content="2023-05-02T09:30:00Z">'
    assert meta in HTML
    path.write_text(HTML.replace(meta, ""), "utf-8")
    article = _only_article(list(read_articles([path])))
    assert article.published is None
    assert article.published_basis == "none"
    with_option = _only_article(list(read_articles([path], published=dt.date(2023, 5, 9))))
    assert with_option.published_basis == "option"
