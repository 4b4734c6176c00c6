"""The whole-story gold (eval/articles) and its strict scorer (issue 14)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from communique.errors import DataFileError
from communique.events.article_gold import evidence_spans, read_article_gold, story_split
from communique.pipeline.article_scoring import ArticleReport, score_story
from communique.records import Actor, Participant, Place
from factories import make_event

REPO = Path(__file__).resolve().parents[1]
TEXT = "Russia attacked Ukraine on Monday.  Ukraine   denied the claims. Talks ended."
USA = Actor("usa", "United States", "USA", "GOV", "state", "USAGOV")
RUS = Actor("rus", "Russia", "RUS", "GOV", "state", "RUSGOV")
UKR = Actor("ukr", "Ukraine", "UKR", "GOV", "state", "UKRGOV")


def _record(**event: object) -> str:
    base = {
        "event": "ASSAULT",
        "actors": [{"text": "Russia", "country": "RUS", "sector": "GOV"}],
        "recipients": [{"text": "Ukraine", "country": "UKR", "sector": None}],
        "date": "2024-01-01",
        "date_precision": "day",
        "evidence": ["Russia attacked Ukraine"],
    }
    base.update(event)
    return json.dumps({"story": "allsides:x", "published": "2024-01-02", "events": [base]})


def _gold(tmp_path: Path, line: str) -> Path:
    path = tmp_path / "gold_a.jsonl"
    path.write_text(line + "\n", "utf-8")
    return path


def test_split_is_fixed_by_the_hash_of_the_story_id() -> None:
    for story in ("allsides:a", "allsides:b", "wikinews:https://x"):
        odd = int(hashlib.sha1(story.encode()).hexdigest(), 16) % 2
        assert story_split(story) == ("test" if odd else "dev")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"event": "MEET"}, "not a PLOVER event type"),
        ({"evidence": ["one two three four five six seven eight nine ten a b c d e f"]}, "over 15"),
        ({"evidence": []}, "at least one snippet"),
        ({"date": "2024-13-01"}, "YYYY-MM-DD"),
        ({"date_precision": "hour"}, "date_precision"),
        ({"actors": [{"text": "x", "country": "Russia"}]}, "three-letter code"),
    ],
)
def test_bad_records_name_file_and_line(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    with pytest.raises(DataFileError, match=rf"gold_a.jsonl:1: .*{message}"):
        read_article_gold([_gold(tmp_path, _record(**change))])


def test_evidence_is_found_whatever_the_spacing() -> None:
    spans = evidence_spans(TEXT, ["Ukraine denied the claims", "not there"])
    assert spans[1] is None
    start, end = spans[0]  # type: ignore[misc]
    assert TEXT[start:end] == "Ukraine   denied the claims"


def _event(
    event: str,
    start: int,
    end: int,
    actors: tuple[Actor, ...],
    recipients: tuple[Actor, ...],
    **f: object,
) -> object:
    return make_event(
        f"{event}{start}",
        event=event,
        start=start,
        end=end,
        actors=tuple(Participant(a.name, a, 0, 1) for a in actors),
        recipients=tuple(Participant(a.name, a, 0, 1) for a in recipients),
        **f,
    )


def test_strict_matching_one_to_one_and_duplicates_are_false_positives(tmp_path: Path) -> None:
    (gold,) = read_article_gold([_gold(tmp_path, _record())])
    right = _event("ASSAULT", 0, 34, (RUS,), (UKR,), date=dt.date(2024, 1, 1))
    again = _event("ASSAULT", 0, 34, (RUS,), (USA,))  # the same telling coded twice
    wrong_type = _event("AGREE", 0, 34, (RUS,), (UKR,))
    elsewhere = _event("ASSAULT", 66, 78, (RUS,), (UKR,))  # right type, wrong sentence
    report = ArticleReport("t")
    score_story(report, gold, TEXT, [right, again, wrong_type, elsewhere])  # type: ignore[list-item]
    split = report.split(gold.split)
    assert (split.types.tp, split.types.fp, split.types.fn) == (1, 3, 0)
    assert split.with_participants.tp == 1
    assert split.duplicates == 1
    assert split.date.value == 1.0


def test_wrong_recipient_counts_against_participants_only(tmp_path: Path) -> None:
    (gold,) = read_article_gold(
        [_gold(tmp_path, _record(place={"text": "Kyiv", "country": "UKR"}))]
    )
    event = _event("ASSAULT", 0, 34, (RUS,), (USA,), place=Place("Kyiv", "UKR"))
    report = ArticleReport("t")
    score_story(report, gold, TEXT, [event])  # type: ignore[list-item]
    split = report.split(gold.split)
    assert split.types.tp == 1
    assert (split.with_participants.tp, split.with_participants.fp) == (0, 1)
    assert split.place.value == 1.0


def test_a_linked_retelling_locates_the_event(tmp_path: Path) -> None:
    (gold,) = read_article_gold([_gold(tmp_path, _record(evidence=["Talks ended"]))])
    event = _event("ASSAULT", 0, 34, (RUS,), (UKR,), mentions=((66, 78),))
    report = ArticleReport("t")
    score_story(report, gold, TEXT, [event])  # type: ignore[list-item]
    assert report.split(gold.split).types.tp == 1


def test_events_the_product_does_not_count_are_not_scored(tmp_path: Path) -> None:
    (gold,) = read_article_gold([_gold(tmp_path, _record())])
    hypothetical = _event("ASSAULT", 0, 34, (RUS,), (UKR,), hypothetical=True)
    background = _event("AGREE", 0, 34, (RUS,), (UKR,), historical=True)
    report = ArticleReport("t")
    score_story(report, gold, TEXT, [hypothetical, background])  # type: ignore[list-item]
    split = report.split(gold.split)
    assert (split.types.tp, split.types.fp, split.types.fn) == (0, 0, 1)


def test_the_project_gold_is_valid_and_split_in_halves() -> None:
    stories = read_article_gold(sorted((REPO / "eval" / "articles").glob("gold_*.jsonl")))
    assert len(stories) >= 60
    halves = {s.split for s in stories}
    assert halves == {"dev", "test"}
    assert sum(len(s.events) for s in stories) >= 200
