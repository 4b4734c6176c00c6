"""ingest: publication dates, their basis and the note that explains them."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path

import pytest

from communique.ingest import find_dateline, parse_date, read_articles
from communique.records import Article

BODY = "Two mayors agreed on a shared budget for the river ferry after a long meeting."
DAY = dt.date(2024, 4, 26)


@pytest.mark.parametrize(
    "value",
    [
        "2024-04-26",
        "2024-04-26T09:15:00Z",
        "2024-04-26 09:15:00+02:00",
        "2024/04/26",
        "April 26, 2024",
        "Apr. 26, 2024",
        "Friday, April 26, 2024",
        "26 April 2024",
        " 2024-04-26 ",
        dt.date(2024, 4, 26),
        dt.datetime(2024, 4, 26, 9, 15),
    ],
)
def test_parse_date_accepts_common_forms(value: object) -> None:
    assert parse_date(value) == DAY


@pytest.mark.parametrize("value", ["soon", "2024-13-45", "April 31, 2024", "", 20240426, None])
def test_parse_date_refuses_non_dates(value: object) -> None:
    assert parse_date(value) is None


@pytest.mark.parametrize(
    ("opening", "year", "expected"),
    [
        ("BEIJING, April 26, 2024 — The minister arrived.", None, DAY),
        ("WASHINGTON, D.C., Apr. 26, 2024 - Talks began.", None, DAY),
        ("April 26 (Reuters) - Talks began.", 2024, DAY),
        ("BEIJING, Friday, April 26, 2024: Talks began.", None, DAY),
        ("Ferry deal\n\nFriday, April 26, 2024\n\nTalks began.", None, DAY),
    ],
)
def test_find_dateline(opening: str, year: int | None, expected: dt.date) -> None:
    assert find_dateline(opening, year) == (expected, None)


def test_dateline_without_year_gives_a_note() -> None:
    found, note = find_dateline("April 26 (Reuters) - Talks began.")
    assert found is None
    assert note is not None and "no year" in note


def test_no_dateline_in_ordinary_text() -> None:
    assert find_dateline("The mayor said on April 26, 2024 - quietly - that it was over.") == (
        None,
        None,
    )


def _read_one(path: Path, **kwargs: object) -> Article:
    (item,) = read_articles([path], **kwargs)  # type: ignore[arg-type]
    assert isinstance(item, Article), item
    return item


def _jsonl(tmp_path: Path, row: Mapping[str, object]) -> Path:
    path = tmp_path / "rows.jsonl"
    path.write_text(json.dumps(row) + "\n", "utf-8")
    return path


def test_record_date_wins_over_option_and_dateline(tmp_path: Path) -> None:
    path = _jsonl(tmp_path, {"text": "PARIS, May 3, 2021 — " + BODY, "published": "2024-04-26"})
    article = _read_one(path, published=dt.date(2000, 1, 1))
    assert (article.published, article.published_basis) == (DAY, "record")


def test_option_is_used_when_the_record_has_no_date(tmp_path: Path) -> None:
    path = _jsonl(tmp_path, {"text": "PARIS, May 3, 2021 — " + BODY})
    article = _read_one(path, published=DAY)
    assert (article.published, article.published_basis) == (DAY, "option")


def test_dateline_is_the_last_resort(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Ferry budget agreed\n\nPARIS, May 3, 2021 — " + BODY, "utf-8")
    article = _read_one(path)
    assert (article.published, article.published_basis) == (dt.date(2021, 5, 3), "dateline")


def test_dateline_without_year_takes_the_year_from_the_url(tmp_path: Path) -> None:
    row = {"text": "May 3 (Reuters) - " + BODY, "url": "https://news.example/2021/05/03/ferry"}
    article = _read_one(_jsonl(tmp_path, row))
    assert (article.published, article.published_basis) == (dt.date(2021, 5, 3), "dateline")


def test_no_date_at_all_says_why(tmp_path: Path) -> None:
    article = _read_one(_jsonl(tmp_path, {"text": BODY}))
    assert article.published is None
    assert article.published_basis == "none"
    assert article.published_note == "no date in record, no --published, no dateline"


def test_unparseable_date_is_none_with_the_bad_value_in_the_note(tmp_path: Path) -> None:
    article = _read_one(_jsonl(tmp_path, {"text": BODY, "published": "last Tuesday"}))
    assert article.published is None
    assert article.published_basis == "none"
    assert article.published_note is not None and "'last Tuesday'" in article.published_note


def test_unparseable_record_date_falls_back_to_the_option(tmp_path: Path) -> None:
    article = _read_one(_jsonl(tmp_path, {"text": BODY, "published": "n/a"}), published=DAY)
    assert (article.published, article.published_basis) == (DAY, "option")
    assert article.published_note is not None and "'n/a'" in article.published_note
