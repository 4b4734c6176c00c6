"""Dyad series and relationship trends on hand-made events."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from communique.analysis import dyad_series, plot_dyad, relationship_trend
from communique.analysis.dyads import interpret, trend_of
from communique.errors import CommuniqueError
from communique.records import Actor, Article, CleanText, CodedArticle, Event, Participant
from communique.store import EventStore
from communique.store.dedupe import merge_events

USA = Actor("Q707401", "Antony Blinken", "USA", "GOV", None, "person", "USAGOV")
CHN = Actor("Q15031", "Xi Jinping", "CHN", "GOV", None, "person", "CHNGOV")
RUS = Actor("Q7747", "Vladimir Putin", "RUS", "GOV", None, "person", "RUSGOV")
# (CAMEO, Goldstein, quad) of a few event types.
MEET, AID, ACCUSE, ATTACK = ("042", 1.9, 1), ("070", 7.0, 2), ("112", -2.0, 3), ("190", -10.0, 4)


def event(
    n: int,
    actor: Actor,
    recipient: Actor,
    day: dt.date,
    code: tuple[str, float, int] = MEET,
    **extra: object,
) -> Event:
    cameo, goldstein, quad = code
    return Event(
        id=f"e{n}",
        article_id=f"a{n}",
        event="CONSULT",
        mode=None,
        context=(),
        cameo=cameo,
        goldstein=goldstein,
        quad_code=quad,
        actors=(Participant(actor.name, actor, 0, 3),),
        recipients=(Participant(recipient.name, recipient, 4, 8),),
        trigger="met",
        sentence="s",
        start=0,
        end=9,
        date=day,
        **extra,  # type: ignore[arg-type]
    )


def store_events(
    store: EventStore, events: list[Event], issues: tuple[tuple[str, int], ...] = ()
) -> None:
    for e in events:
        art = Article(e.article_id, "text", published=e.date, source=f"src{e.article_id}")
        store.write(CodedArticle(art, CleanText(art.id, art.text), events=(e,), issues=issues))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EventStore]:
    with EventStore(tmp_path / "s.duckdb") as opened:
        yield opened


def test_dyad_series_counts_quad_classes_and_goldstein_per_month(store: EventStore) -> None:
    jan, feb = dt.date(2024, 1, 10), dt.date(2024, 2, 3)
    store_events(
        store,
        [
            event(1, USA, CHN, jan, MEET),
            event(2, CHN, USA, jan, ACCUSE),  # the other direction counts too
            event(3, USA, CHN, jan, AID),
            event(4, USA, CHN, feb, ATTACK),
            event(5, USA, RUS, feb, ATTACK),  # another dyad
            event(6, USA, CHN, feb, MEET, negated=True),  # did not happen
        ],
        issues=(("TAIWAN", 2), ("TRADE", 1)),
    )
    frame = dyad_series(store, "usa", "CHN", "month")
    assert frame["period"].dt.strftime("%Y-%m-%d").tolist() == ["2024-01-01", "2024-02-01"]
    assert frame["events"].tolist() == [3, 1]
    assert frame[["quad_1", "quad_2", "quad_3", "quad_4"]].values.tolist() == [
        [1, 1, 1, 0],
        [0, 0, 0, 1],
    ]
    assert frame["goldstein_sum"].tolist() == pytest.approx([6.9, -10.0])
    assert frame["goldstein_mean"].tolist() == pytest.approx([2.3, -10.0])
    assert list(frame["top_issues"][0]) == ["TAIWAN", "TRADE"]


def test_dyad_series_directed_keeps_one_direction(store: EventStore) -> None:
    day = dt.date(2024, 1, 10)
    store_events(store, [event(1, USA, CHN, day), event(2, CHN, USA, day, ACCUSE)])
    assert dyad_series(store, "USA", "CHN", "day", directed=True)["events"].tolist() == [1]
    assert dyad_series(store, "CHN", "USA", "day", directed=True)["quad_3"].tolist() == [1]


def test_dyad_series_by_actor_id_week_and_date_range(store: EventStore) -> None:
    days = [dt.date(2024, 1, 1), dt.date(2024, 1, 3), dt.date(2024, 1, 9), dt.date(2024, 2, 1)]
    store_events(store, [event(i, USA, CHN, d) for i, d in enumerate(days)])
    weekly = dyad_series(store, "Q707401", "Q15031", "week")
    assert weekly["events"].tolist() == [2, 1, 1]
    ranged = dyad_series(store, "USA", "CHN", "day", since=days[1], until=days[2])
    assert ranged["events"].tolist() == [1, 1]


def test_dyad_series_counts_a_merged_happening_once(store: EventStore) -> None:
    day = dt.date(2024, 1, 10)
    store_events(store, [event(1, USA, CHN, day), event(2, CHN, USA, day)])
    assert dyad_series(store, "USA", "CHN", "day")["events"].tolist() == [2]
    merge_events(store)
    assert dyad_series(store, "USA", "CHN", "day")["events"].tolist() == [1]


def test_dyad_series_rejects_unknown_period_and_binds_codes(store: EventStore) -> None:
    store_events(store, [event(1, USA, CHN, dt.date(2024, 1, 1))])
    with pytest.raises(CommuniqueError, match="unknown period"):
        dyad_series(store, "USA", "CHN", "year")  # type: ignore[arg-type]
    assert dyad_series(store, "USA' OR 1=1 --", "CHN").empty
    assert store.count("events") == 1


def monthly(store: EventStore, goldstein_by_month: list[tuple[str, float, int]]) -> None:
    events = []
    for month, code in enumerate(goldstein_by_month, start=1):
        for k in range(2):
            events.append(event(month * 10 + k, USA, CHN, dt.date(2024, month, 5 + k), code))
    store_events(store, events)


def test_trend_is_improving_when_goldstein_rises(store: EventStore) -> None:
    monthly(store, [ATTACK, ATTACK, ACCUSE, ACCUSE, MEET, MEET, AID, AID])
    trend = relationship_trend(store, "USA", "CHN", "month", n_boot=500)
    assert trend.periods == 8
    assert trend.slope > 0
    assert trend.ci_low > 0
    assert trend.interpretation == "improving"


def test_trend_is_worsening_when_goldstein_falls(store: EventStore) -> None:
    monthly(store, [AID, AID, MEET, MEET, ACCUSE, ACCUSE, ATTACK, ATTACK])
    assert relationship_trend(store, "CHN", "USA", n_boot=500).interpretation == "worsening"


def test_trend_of_flat_or_noisy_series_is_no_clear_trend(store: EventStore) -> None:
    monthly(store, [MEET] * 6)
    flat = relationship_trend(store, "USA", "CHN", n_boot=200)
    assert flat.slope == pytest.approx(0.0)
    assert flat.interpretation == "no clear trend"
    x = [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    y = [1.9, -10.0, 7.0, -2.0, 1.9, -10.0]
    _, low, high = trend_of(np.array(x), np.array(y), n_boot=500, seed=1)
    assert low < 0 < high
    assert interpret(low, high) == "no clear trend"


def test_trend_needs_three_periods(store: EventStore) -> None:
    monthly(store, [MEET, AID])
    trend = relationship_trend(store, "USA", "CHN")
    assert trend.interpretation == "not enough data"
    assert math.isnan(trend.slope)


def test_trend_is_reproducible_with_a_seed(store: EventStore) -> None:
    monthly(store, [ATTACK, MEET, ACCUSE, AID, MEET])
    first = relationship_trend(store, "USA", "CHN", n_boot=300, seed=7)
    assert relationship_trend(store, "USA", "CHN", n_boot=300, seed=7) == first


def test_plot_dyad_writes_a_png(store: EventStore, tmp_path: Path) -> None:
    monthly(store, [ATTACK, MEET, AID])
    path = plot_dyad(dyad_series(store, "USA", "CHN"), tmp_path / "dyad.png", title="USA-CHN")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert path.stat().st_size > 5000
