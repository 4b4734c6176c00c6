"""date_events and find_time_expressions: the dates stage as other stages use it."""

from __future__ import annotations

import csv
import datetime as dt
import itertools
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from communique.dates import (
    date_events,
    find_time_expressions,
    implied_date,
    resolve_expression,
)
from communique.records import Event
from factories import make_event

FRIDAY = dt.date(2024, 4, 26)


def test_time_text_gives_its_date_basis_and_precision() -> None:
    [event] = date_events([make_event(time_text="in March 2023")], FRIDAY)
    assert (event.date, event.date_basis, event.date_precision) == (
        dt.date(2023, 3, 1),
        "explicit",
        "month",
    )


def test_relative_time_text_is_relative() -> None:
    [event] = date_events([make_event(time_text="yesterday")], FRIDAY)
    assert (event.date, event.date_basis, event.date_precision) == (
        dt.date(2024, 4, 25),
        "relative",
        "day",
    )


def test_no_time_text_falls_back_to_publication_date() -> None:
    [event] = date_events([make_event()], FRIDAY)
    assert (event.date, event.date_basis, event.date_precision) == (FRIDAY, "publication", "day")


def _told(event_id: str, at: int, **fields: object) -> Event:
    return make_event(event_id, start=at, end=at + 40, trigger_start=at + 5, **fields)


def test_an_undated_event_takes_the_news_day_its_lede_gives() -> None:
    lede = _told("e1", 0, time_text="yesterday")
    later = _told("e2", 900)
    dated = date_events([lede, later], FRIDAY)
    assert [(e.date, e.date_basis) for e in dated] == [
        (dt.date(2024, 4, 25), "relative"),
        (dt.date(2024, 4, 25), "story"),
    ]
    # a day the lede gives for background (a month back) or for a plan is no news day
    for lede in (
        _told("e1", 0, time_text="on March 2"),
        _told("e1", 0, time_text="tomorrow", future=True),
    ):
        assert date_events([lede, later], FRIDAY)[1].date_basis == "publication"
    # nor does an act dated far down the story set it
    assert date_events([_told("e1", 900, time_text="yesterday"), later], FRIDAY)[1].date == FRIDAY


def test_unresolvable_time_text_falls_back_to_publication_date() -> None:
    [event] = date_events([make_event(time_text="at some point")], FRIDAY)
    assert (event.date, event.date_basis) == (FRIDAY, "publication")


def test_story_without_publication_date_leaves_date_unknown() -> None:
    events = date_events(
        [make_event("e1"), make_event("e2", time_text="on Friday")], published=None
    )
    assert [(e.date, e.date_basis, e.date_precision) for e in events] == [
        (None, "unknown", None),
        (None, "unknown", None),
    ]


def test_story_without_publication_date_still_uses_explicit_years() -> None:
    [event] = date_events([make_event(time_text="April 26, 2024")], published=None)
    assert (event.date, event.date_basis) == (dt.date(2024, 4, 26), "explicit")


def test_future_events_take_the_next_weekday() -> None:
    past, future = date_events(
        [
            make_event("e1", time_text="on Monday"),
            make_event("e2", time_text="on Monday", future=True),
        ],
        FRIDAY,
    )
    assert past.date == dt.date(2024, 4, 22)
    assert future.date == dt.date(2024, 4, 29)


def test_historical_event_without_time_is_not_given_the_publication_date() -> None:
    [event] = date_events([make_event(historical=True)], FRIDAY)
    assert (event.date, event.date_basis) == (None, "unknown")


def test_events_keep_their_order_and_other_fields() -> None:
    events = [make_event(f"e{i}", trigger=f"t{i}") for i in range(3)]
    dated = date_events(events, FRIDAY)
    assert [e.id for e in dated] == ["e0", "e1", "e2"]
    assert [e.trigger for e in dated] == ["t0", "t1", "t2"]


def test_finds_expressions_with_their_prepositions_and_offsets() -> None:
    sentence = "The envoy arrived on Friday, April 26, and said the talks began in March 2023."
    spans = find_time_expressions(sentence)
    assert [text for _, _, text in spans] == ["on Friday, April 26", "in March 2023"]
    for start, end, text in spans:
        assert sentence[start:end] == text


def test_longest_expression_wins() -> None:
    spans = find_time_expressions("Exports fell from March to May 2023, officials said.")
    assert [text for _, _, text in spans] == ["from March to May 2023"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Officials may meet again soon.",  # the verb, not the month
        "The court ruled 5-4 against the plan.",  # a score, not a range
        "Some 2019 delegates attended.",  # a count, not a year
        "They returned the next year.",  # counted from the story's events
        "She marched with 2,000 people.",
    ],
)
def test_does_not_find_look_alikes(sentence: str) -> None:
    assert find_time_expressions(sentence) == []


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Talks resumed two years ago in Geneva.", ["two years ago"]),
        ("The minister will travel next week and again in June.", ["next week", "in June"]),
        ("Prices have risen since 2022.", ["since 2022"]),
        ("The rally took place between 2019 and 2021.", ["between 2019 and 2021"]),
        ("Voters went to the polls in 2019 and 2021.", ["in 2019"]),
        ("Yesterday the council met; tomorrow it votes.", ["Yesterday", "tomorrow"]),
        ("The summit ran from April 2-5, 2024.", ["from April 2-5, 2024"]),
    ],
)
def test_finds_expressions_in_sentences(sentence: str, expected: list[str]) -> None:
    assert [text for _, _, text in find_time_expressions(sentence)] == expected


def test_every_expression_found_in_wikinews_resolves(shared_dir: Path) -> None:
    """The scanner and the resolver share one grammar, so whatever one finds the other reads."""
    path = shared_dir / "corpora" / "wikinews" / "wikinews_2019.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    found = unresolved = 0
    for row in rows:
        published = dt.date.fromisoformat(row["date"][:10])
        for _, _, text in find_time_expressions(row["text"]):
            found += 1
            resolved = resolve_expression(text, published)
            if resolved is None and "few" not in text and "several" not in text:
                unresolved += 1
    assert found > 300
    assert unresolved <= found // 100


@given(st.text(max_size=300))
def test_scanning_any_text_gives_ordered_disjoint_spans_that_resolve_or_not(text: str) -> None:
    spans = find_time_expressions(text)
    for (_, end, _), (start, _, _) in itertools.pairwise(spans):
        assert end <= start
    for start, end, found in spans:
        assert text[start:end] == found
        resolve_expression(found, FRIDAY)  # must not raise


def test_expression_in_the_sentence_dates_an_event_the_parse_missed() -> None:
    sentence = "The envoy met on Monday with rebel leaders in Doha."
    event = make_event(sentence=sentence, trigger_start=10, trigger_end=13, end=len(sentence))
    [dated] = date_events([event], FRIDAY)
    assert (dated.date, dated.date_basis, dated.date_precision) == (
        dt.date(2024, 4, 22),
        "relative",
        "day",
    )


def test_the_sentence_expression_nearest_the_trigger_wins() -> None:
    sentence = "Elected in 2019, the president met the envoy on Wednesday."
    start = sentence.index("met")
    event = make_event(
        sentence=sentence, trigger_start=start, trigger_end=start + 3, end=len(sentence)
    )
    [dated] = date_events([event], FRIDAY)
    assert dated.date == dt.date(2024, 4, 24)


def test_dates_inside_quotation_marks_do_not_date_the_event() -> None:
    sentence = 'The minister met the envoy and said "we will sign it on Monday".'
    event = make_event(sentence=sentence, trigger_start=13, trigger_end=16, end=len(sentence))
    [dated] = date_events([event], FRIDAY)
    assert dated.date_basis == "publication"


def test_a_possessive_date_dates_its_noun_not_the_event() -> None:
    sentence = "The president denied responsibility for last month's attack."
    start = sentence.index("denied")
    event = make_event(
        sentence=sentence, trigger_start=start, trigger_end=start + 6, end=len(sentence)
    )
    [dated] = date_events([event], FRIDAY)
    assert (dated.date, dated.date_basis) == (FRIDAY, "publication")


def test_an_undated_story_implies_the_latest_day_it_names() -> None:
    text = "The first visit since 2018 ended on June 19, 2023; talks resume on Friday."
    assert implied_date(text, FRIDAY) == dt.date(2023, 6, 19)  # "on Friday" needs a date
    assert implied_date("They met in 2023.", FRIDAY) == dt.date(2023, 12, 31)
    assert implied_date("They will meet in 2030.", FRIDAY) == FRIDAY  # never after today
    assert implied_date("They met on Friday.", FRIDAY) is None
