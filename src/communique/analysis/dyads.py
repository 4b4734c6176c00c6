"""How two actors or countries treat each other over time.

``dyad_series`` counts events per period and quad class with their Goldstein scores;
``relationship_trend`` asks whether the mean Goldstein score rises or falls, with a
bootstrap interval so that a few noisy periods do not read as a trend.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from communique.analysis._sql import COUNTED, dyad, issues_of
from communique.errors import CommuniqueError

if TYPE_CHECKING:
    from communique.store import EventStore

logger = logging.getLogger(__name__)

Period = Literal["day", "week", "month"]
PERIODS: tuple[str, ...] = ("day", "week", "month")
TOP_ISSUES_PER_PERIOD = 3


def _check_period(by: str) -> None:
    if by not in PERIODS:
        raise CommuniqueError(f"unknown period {by!r}; expected one of {', '.join(PERIODS)}")


def _params(a: str, b: str) -> dict[str, object]:
    return {"a": a, "a_upper": a.upper(), "b": b, "b_upper": b.upper()}


def dyad_series(
    store: EventStore,
    a: str,
    b: str,
    by: Period = "month",
    since: dt.date | None = None,
    until: dt.date | None = None,
    *,
    directed: bool = False,
) -> pd.DataFrame:
    """Events between ``a`` and ``b`` (ISO3 country codes, actor ids or CAMEO actor codes) per
    period: ``period, events, quad_1..quad_4, goldstein_mean, goldstein_sum, top_issues``.

    Undirected by default (a on b and b on a); ``directed=True`` keeps only a acting on b.
    Only dated, counted events (see ``analysis._sql.COUNTED``) are included; periods without
    events are absent.
    """
    _check_period(by)
    params: dict[str, object] = {**_params(a, b), "by": by}
    where = [f"({dyad(directed)})", "e.date IS NOT NULL", COUNTED]
    if since is not None:
        where.append("e.date >= $since")
        params["since"] = since
    if until is not None:
        where.append("e.date <= $until")
        params["until"] = until
    sql = f"""
        WITH d AS (
            SELECT CAST(date_trunc($by, e.date) AS DATE) AS period, e.quad_code, e.goldstein,
                   e.id, e.issues AS event_issues, e.article_id
            FROM events e
            WHERE {" AND ".join(where)}
        ),
        counts AS (
            SELECT period, count(*) AS events,
                   count(*) FILTER (WHERE quad_code = 1) AS quad_1,
                   count(*) FILTER (WHERE quad_code = 2) AS quad_2,
                   count(*) FILTER (WHERE quad_code = 3) AS quad_3,
                   count(*) FILTER (WHERE quad_code = 4) AS quad_4,
                   avg(goldstein) AS goldstein_mean, sum(goldstein) AS goldstein_sum
            FROM d GROUP BY period
        ),
        issue_counts AS (
            SELECT period, issue, count(*) AS n
            FROM (
                SELECT d.period, unnest({issues_of("d.event_issues")}) AS issue
                FROM d LEFT JOIN articles a ON a.id = d.article_id
            )
            WHERE issue IS NOT NULL
            GROUP BY period, issue
        ),
        top AS (
            SELECT period, list(issue ORDER BY n DESC, issue)[1:{TOP_ISSUES_PER_PERIOD}] AS issues
            FROM issue_counts GROUP BY period
        )
        SELECT c.period, c.events, c.quad_1, c.quad_2, c.quad_3, c.quad_4,
               c.goldstein_mean, c.goldstein_sum, coalesce(t.issues, []) AS top_issues
        FROM counts c LEFT JOIN top t USING (period)
        ORDER BY c.period
    """
    frame = store.con.execute(sql, params).df()
    frame["period"] = pd.to_datetime(frame["period"])
    for column in ("events", "quad_1", "quad_2", "quad_3", "quad_4"):
        frame[column] = frame[column].astype("int64")
    return frame


@dataclass(frozen=True, slots=True)
class TrendResult:
    """The slope of mean Goldstein per period, with its bootstrap 95% interval."""

    slope: float  # Goldstein points per period; nan with fewer than 3 periods
    ci_low: float
    ci_high: float
    periods: int
    interpretation: str  # improving | worsening | no clear trend | not enough data


def _period_index(periods: pd.Series, by: str) -> np.ndarray:
    """Periods as numbers counted in ``by`` units from the first, so gaps keep their width."""
    stamps = pd.to_datetime(periods)
    if by == "month":
        months = stamps.dt.year * 12 + stamps.dt.month
        return np.asarray(months - months.min(), dtype=float)
    days = (stamps - stamps.min()).dt.days
    return np.asarray(days / (7 if by == "week" else 1), dtype=float)


def _slope(x: np.ndarray, y: np.ndarray) -> float:
    spread = x - x.mean()
    denominator = float((spread**2).sum())
    if denominator == 0.0:
        return float("nan")
    return float((spread * (y - y.mean())).sum() / denominator)


def trend_of(
    x: np.ndarray, y: np.ndarray, *, n_boot: int = 1000, seed: int = 0
) -> tuple[float, float, float]:
    """OLS slope of ``y`` on ``x`` and the 2.5/97.5 percentiles of a pairs bootstrap."""
    slope = _slope(x, y)
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(x), size=(n_boot, len(x)))
    boot = np.array([_slope(x[i], y[i]) for i in draws])
    boot = boot[~np.isnan(boot)]  # a resample of one repeated period has no slope
    if boot.size == 0:
        return slope, float("nan"), float("nan")
    return slope, float(np.percentile(boot, 2.5)), float(np.percentile(boot, 97.5))


def trend_band(series: pd.DataFrame, by: str, *, n_boot: int = 1000, seed: int = 0) -> pd.DataFrame:
    """The trend line of mean Goldstein over a ``dyad_series`` frame, with its interval.

    One row per period that has a mean Goldstein score: ``period``, ``fit`` (the least-squares
    line that ``relationship_trend`` measures the slope of) and ``low``/``high``, the 2.5 and
    97.5 percentiles of the lines fitted to the same pairs bootstrap resamples, so the band
    is as wide as the data allow the line to move. Empty with fewer than three periods.
    """
    columns = ["period", "fit", "low", "high"]
    known = series[series["goldstein_mean"].notna()]
    if len(known) < 3:
        return pd.DataFrame(
            {c: pd.Series(dtype="datetime64[ns]" if c == "period" else float) for c in columns}
        )
    x = _period_index(known["period"], by)
    y = known["goldstein_mean"].to_numpy(dtype=float)
    slope = _slope(x, y)
    fit = y.mean() + slope * (x - x.mean())
    rng = np.random.default_rng(seed)
    lines = []
    # the resamples trend_of draws for the slope's interval (same seed, same draws)
    for rows in rng.integers(0, len(x), size=(n_boot, len(x))):
        drawn_x, drawn_y = x[rows], y[rows]
        drawn_slope = _slope(drawn_x, drawn_y)
        if not np.isnan(drawn_slope):  # a resample of one repeated period has no line
            lines.append(drawn_y.mean() + drawn_slope * (x - drawn_x.mean()))
    if lines:
        low, high = np.percentile(np.array(lines), [2.5, 97.5], axis=0)
    else:
        low = high = np.full(len(x), np.nan)
    return pd.DataFrame(
        {"period": pd.to_datetime(known["period"]).to_numpy(), "fit": fit, "low": low, "high": high}
    )


def interpret(ci_low: float, ci_high: float) -> str:
    if np.isnan(ci_low) or np.isnan(ci_high):
        return "not enough data"
    if ci_low > 0:
        return "improving"
    if ci_high < 0:
        return "worsening"
    return "no clear trend"


def relationship_trend(
    store: EventStore,
    a: str,
    b: str,
    by: Period = "month",
    n_boot: int = 1000,
    seed: int = 0,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> TrendResult:
    """Is the relationship between ``a`` and ``b`` improving (mean Goldstein rising)?

    "no clear trend" when the 95% bootstrap interval of the slope contains 0, "not enough
    data" with fewer than three periods.
    """
    series = dyad_series(store, a, b, by, since, until)
    count = len(series)
    if count < 3:
        return TrendResult(float("nan"), float("nan"), float("nan"), count, "not enough data")
    x = _period_index(series["period"], by)
    y = series["goldstein_mean"].to_numpy(dtype=float)
    slope, low, high = trend_of(x, y, n_boot=n_boot, seed=seed)
    result = TrendResult(slope, low, high, count, interpret(low, high))
    logger.debug("trend %s-%s by %s: %s", a, b, by, result)
    return result
