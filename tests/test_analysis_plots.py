"""Dyad charts: a real time axis, the trend with its interval, whole-number event counts.

The same three things are checked in the figure `dyad --plot` draws (matplotlib), in the
trend band the API serves, and in the dashboard's canvas chart (a real browser; skipped
without Debian's Chromium and Playwright). No spaCy model is loaded.
"""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from communique.analysis import dyad_figure, dyad_series, relationship_trend, trend_band
from communique.analysis.dyads import _period_index, _slope
from communique.cli import app
from communique.records import Actor, Article, CleanText, CodedArticle, Event, Participant
from communique.store import EventStore

USA = Actor("cq:state:usa", "United States", "USA", "GOV", None, "state", "USAGOV")
CHN = Actor("cq:state:chn", "China", "CHN", "GOV", None, "state", "CHNGOV")
# (CAMEO, Goldstein, quad class)
MEET, AID, ACCUSE = ("042", 1.9, 1), ("070", 7.0, 2), ("112", -2.0, 3)

# Three events in March 2018, then nothing for four and a half years: a categorical axis
# puts 2018-03 right beside 2022-11.
DATED = [
    (dt.date(2018, 3, 5), AID),
    (dt.date(2018, 3, 9), AID),
    (dt.date(2018, 3, 20), MEET),
    (dt.date(2022, 11, 14), MEET),
    (dt.date(2022, 11, 15), ACCUSE),
    (dt.date(2022, 12, 1), ACCUSE),
    (dt.date(2023, 2, 2), ACCUSE),
    (dt.date(2023, 2, 3), MEET),
]


def _event(n: int, day: dt.date, code: tuple[str, float, int]) -> Event:
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
        actors=(Participant(USA.name, USA, 0, 3),),
        recipients=(Participant(CHN.name, CHN, 4, 8),),
        trigger="met",
        sentence="The United States met China.",
        start=0,
        end=28,
        date=day,
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plots") / "dyad.duckdb"
    with EventStore(path) as store:
        for n, (day, code) in enumerate(DATED):
            e = _event(n, day, code)
            article = Article(e.article_id, e.sentence, title=f"story {n}", published=day)
            store.write(CodedArticle(article, CleanText(article.id, article.text), events=(e,)))
    return path


@pytest.fixture(scope="module")
def series(db: Path) -> pd.DataFrame:
    with EventStore(db, read_only=True) as store:
        return dyad_series(store, "USA", "CHN", "month")


# -- the trend band ---------------------------------------------------------------------------


def test_trend_band_is_the_fitted_line_inside_its_interval(db: Path, series: pd.DataFrame) -> None:
    band = trend_band(series, "month", n_boot=300)
    assert list(band["period"].dt.strftime("%Y-%m")) == ["2018-03", "2022-11", "2022-12", "2023-02"]
    x = _period_index(series["period"], "month")
    slope = _slope(x, series["goldstein_mean"].to_numpy(dtype=float))
    # the line relationship_trend measures: its slope per month, through the periods' means
    assert np.diff(band["fit"]) == pytest.approx(slope * np.diff(x))
    with EventStore(db, read_only=True) as store:
        assert relationship_trend(store, "USA", "CHN", n_boot=300).slope == pytest.approx(slope)
    assert (band["low"] <= band["fit"] + 1e-9).all() and (band["fit"] <= band["high"] + 1e-9).all()
    assert (band["high"] - band["low"]).max() > 0.5  # four noisy periods: a wide band


def test_trend_band_needs_three_periods(series: pd.DataFrame) -> None:
    assert trend_band(series.head(2), "month").empty


# -- the figure of dyad --plot ------------------------------------------------------------------


def _bar_centres(axes: Any) -> list[float]:
    return sorted({round(p.get_x() + p.get_width() / 2, 6) for p in axes.patches})


def test_figure_has_a_time_axis_with_periods_spaced_by_time(series: pd.DataFrame) -> None:
    figure = dyad_figure(series, "USA-CHN", by="month", n_boot=200)
    axes = figure.axes[0]
    assert isinstance(axes.xaxis.get_major_locator(), mdates.AutoDateLocator)
    assert isinstance(axes.xaxis.get_major_formatter(), mdates.ConciseDateFormatter)
    # x positions are dates: March 2018 to February 2023 with every month between
    centres = _bar_centres(axes)
    first, last = (mdates.num2date(c).date() for c in (centres[0], centres[-1]))
    assert (first.year, first.month, last.year, last.month) == (2018, 3, 2023, 2)
    assert len(centres) == 60
    gaps = np.diff(centres)
    assert gaps.min() >= 27 and gaps.max() <= 32  # a month apart, in days
    # the date ticks span the years: 2018 is far from 2022-11, not beside it
    ticks = [mdates.num2date(t).year for t in axes.get_xticks()]
    assert min(ticks) <= 2019 and max(ticks) >= 2022 and len(ticks) >= 3


def test_figure_counts_events_in_whole_numbers(series: pd.DataFrame) -> None:
    axes = dyad_figure(series, by="month", n_boot=200).axes[0]
    low, high = axes.get_ylim()
    shown = [t for t in axes.get_yticks() if low <= t <= high]
    assert shown and all(float(t).is_integer() for t in shown), shown
    assert max(shown) >= 3  # March 2018's three events fit under the top tick


def test_figure_draws_the_trend_and_its_interval(series: pd.DataFrame) -> None:
    goldstein = dyad_figure(series, by="month", n_boot=200).axes[1]
    (line,) = [artist for artist in goldstein.lines if artist.get_gid() == "trend"]
    (interval,) = [c for c in goldstein.collections if c.get_gid() == "trend-interval"]
    band = trend_band(series, "month", n_boot=200)
    assert np.asarray(line.get_ydata(), dtype=float) == pytest.approx(band["fit"].to_numpy())
    # the band's outline covers the interval from its lowest to its highest value
    ys = np.concatenate([path.vertices[:, 1] for path in interval.get_paths()])
    assert ys.min() == pytest.approx(band["low"].min())
    assert ys.max() == pytest.approx(band["high"].max())
    labels = goldstein.get_legend_handles_labels()[1]
    assert "Goldstein trend" in labels and "Trend 95% interval" in labels


def test_figure_without_enough_periods_has_no_trend(series: pd.DataFrame) -> None:
    goldstein = dyad_figure(series.head(2), by="month").axes[1]
    assert not [artist for artist in goldstein.lines if artist.get_gid() == "trend"]


def test_dyad_plot_command_draws_the_time_axis_figure(db: Path, tmp_path: Path) -> None:
    plot = tmp_path / "usa_chn.svg"
    args = ["dyad", "USA", "CHN", "--db", str(db), "--plot", str(plot), "--boot", "200"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    drawn = plot.read_text("utf-8")
    assert 'id="trend"' in drawn and 'id="trend-interval"' in drawn
    assert "<!-- 2019 -->" in drawn and "<!-- 2022 -->" in drawn  # year ticks on a time axis


# -- the API's trend band -----------------------------------------------------------------------

pytest.importorskip("fastapi")


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[Any]:
    from communique.api import create_app
    from communique.config import load_settings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient

    with TestClient(create_app(load_settings(), db), raise_server_exceptions=False) as test:
        yield test


def test_api_serves_the_trend_line_and_interval_per_period(client: Any) -> None:
    body = client.get("/dyads/USA/CHN").json()
    band = body["trend"]["band"]
    assert [b["period"] for b in band] == [p["period"] for p in body["series"]]
    assert all(b["low"] <= b["fit"] <= b["high"] for b in band)
    assert body["trend"]["interpretation"] in {"improving", "worsening", "no clear trend"}
    assert client.get("/dyads/USA/CHN?until=2022-11-30").json()["trend"]["band"] == []


# -- the dashboard's chart in a browser ---------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def chart(db: Path) -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    uvicorn = pytest.importorskip("uvicorn")
    from communique.api import create_app
    from communique.config import load_settings

    port = _free_port()
    config = uvicorn.Config(
        create_app(load_settings(), db), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the test server did not start in 30 s"
        time.sleep(0.05)
    try:
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM),
                headless=True,
                args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"],
            )
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"http://127.0.0.1:{port}/view/dyads/USA/CHN?by=month")
            page.wait_for_selector("#dyad-chart[data-drawn='true']", timeout=15_000)
            yield page
            browser.close()
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.mark.slow
def test_dashboard_chart_has_a_time_axis(chart: Any) -> None:
    drawn = chart.evaluate("document.getElementById('dyad-chart').chart")
    assert drawn["xAxis"] == "time" == chart.get_attribute("#dyad-chart", "data-x-axis")
    assert drawn["domain"] == ["2018-03-01", "2023-03-01"]
    bars = {b["period"]: b["x"] for b in drawn["bars"]}
    # bars sit where their dates are: Nov to Dec 2022 is a month, Mar 2018 to Nov 2022 is 56
    month = bars["2022-12-01"] - bars["2022-11-01"]
    assert bars["2022-11-01"] - bars["2018-03-01"] == pytest.approx(56 * month, rel=0.03)
    labels = [t["label"] for t in drawn["timeTicks"]]
    assert {"2019", "2020", "2021", "2022"} <= set(labels)
    xs = [t["x"] for t in drawn["timeTicks"]]
    assert xs == sorted(xs)


@pytest.mark.slow
def test_dashboard_chart_counts_in_whole_numbers_and_draws_the_trend(chart: Any) -> None:
    drawn = chart.evaluate("document.getElementById('dyad-chart').chart")
    assert drawn["countTicks"] == [0, 1, 2, 3]
    assert chart.get_attribute("#dyad-chart", "data-count-ticks") == "0,1,2,3"
    assert chart.get_attribute("#dyad-chart", "data-trend") == "line+interval"
    trend = drawn["trend"]
    assert [t["period"] for t in trend] == ["2018-03-01", "2022-11-01", "2022-12-01", "2023-02-01"]
    # on the canvas a higher score is drawn higher up: a smaller y
    assert all(t["high"] <= t["fit"] <= t["low"] for t in trend)
    assert "trend:" in chart.inner_text("#chart-status")
    assert "95% interval" in chart.inner_text("#chart-status")
