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

from communique.errors import CommuniqueError
from communique.store.tallies import dyad_periods

if TYPE_CHECKING:
    from communique.store import EventStore

logger = logging.getLogger(__name__)

Period = Literal["day", "week", "month"]
PERIODS: tuple[str, ...] = ("day", "week", "month")
TOP_ISSUES_PER_PERIOD = 3


def _check_period(by: str) -> None:
    if by not in PERIODS:
        raise CommuniqueError(f"unknown period {by!r}; expected one of {', '.join(PERIODS)}")


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
    Only dated, counted events (see ``store.fragments.COUNTED``) are included; periods without
    events are absent.
    """
    _check_period(by)
    frame = dyad_periods(
        store, a, b, by, since, until, directed=directed, top_issues=TOP_ISSUES_PER_PERIOD
    )
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
