"""Charts of analysis results, drawn with matplotlib's Agg canvas (no display needed).

The figure is built with ``matplotlib.figure.Figure`` rather than ``pyplot`` so no global
backend or figure state is touched: safe in servers and threads.
"""

from __future__ import annotations

from pathlib import Path

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from communique.analysis.dyads import trend_band

QUAD_LABELS = {
    "quad_1": "Verbal cooperation",
    "quad_2": "Material cooperation",
    "quad_3": "Verbal conflict",
    "quad_4": "Material conflict",
}
QUAD_COLOURS = {"quad_1": "#9ecae1", "quad_2": "#3182bd", "quad_3": "#fdae6b", "quad_4": "#e6550d"}


# dyad_series periods start on the first day, the Monday, and the first of the month.
_FREQUENCIES = {"day": "D", "week": "W-MON", "month": "MS"}


def with_empty_periods(df: pd.DataFrame, by: str) -> pd.DataFrame:
    """``df`` with a zero row for every period between its first and last that had no
    event, so that a chart's time axis keeps its scale (quiet years stay visible)."""
    if df.empty or by not in _FREQUENCIES:
        return df
    periods = pd.to_datetime(df["period"])
    every = pd.date_range(periods.min(), periods.max(), freq=_FREQUENCIES[by])
    full = df.assign(period=periods).set_index("period").reindex(every)
    for column in ("events", "quad_1", "quad_2", "quad_3", "quad_4"):
        full[column] = full[column].fillna(0).astype("int64")
    full["goldstein_sum"] = full["goldstein_sum"].fillna(0.0)
    # goldstein_mean stays NaN where nothing happened: the line breaks instead of faking 0.
    return full.rename_axis("period").reset_index()


_PERIOD_LENGTH = {
    "day": pd.DateOffset(days=1),
    "week": pd.DateOffset(weeks=1),
    "month": pd.DateOffset(months=1),
}
TREND_COLOUR = "#6a3d9a"


def _infer_period(periods: pd.Series) -> str:
    """The period of a series drawn without ``by``: the smallest gap between its periods."""
    stamps = pd.to_datetime(periods).sort_values()
    if len(stamps) < 2:
        return "month"
    gap = stamps.diff().dropna().min().days
    return "day" if gap < 7 else "week" if gap < 28 else "month"


def _centres(starts: pd.Series, length: pd.DateOffset) -> np.ndarray:
    """The middle of each period: where its bar, its Goldstein point and its trend value go."""
    return np.asarray((starts + ((starts + length) - starts) / 2).to_numpy())


def dyad_figure(
    df: pd.DataFrame,
    title: str | None = None,
    *,
    by: str | None = None,
    trend: bool = True,
    n_boot: int = 1000,
    seed: int = 0,
) -> Figure:
    """Stacked bars of events per quad class per period on a time axis (periods spaced by
    the time between them), mean Goldstein as a line on a second axis with its trend line
    and the trend's 95% bootstrap band (``trend_band``; from three periods on), and whole
    numbers on the event-count axis. ``df`` is a ``dyad_series`` result; with ``by`` (its
    period) the periods without events are drawn as empty and the line breaks there."""
    period = by if by in _PERIOD_LENGTH else _infer_period(df["period"]) if len(df) else "month"
    series = df
    if by is not None:
        df = with_empty_periods(df, by)
    figure = Figure(figsize=(10, 5), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    starts = pd.to_datetime(df["period"]) if len(df) else pd.Series(dtype="datetime64[ns]")
    length = _PERIOD_LENGTH[period]
    ends = starts + length
    # each bar fills 80% of its own period (months differ in length), centred on it
    centres = _centres(starts, length)
    widths = ((ends - starts) * 0.8).to_numpy()
    bottom = np.zeros(len(df))
    for column, label in QUAD_LABELS.items():
        values = df[column].to_numpy(dtype=float) if len(df) else np.zeros(0)
        axes.bar(
            centres, values, width=widths, bottom=bottom, label=label, color=QUAD_COLOURS[column]
        )
        bottom += values
    axes.set_ylim(0, max(1.0, float(bottom.max(initial=0.0))) * 1.15)  # room above the top bar
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))  # events come in whole numbers
    axes.set_xlabel("Period")
    axes.set_ylabel("Events")
    locator = mdates.AutoDateLocator(minticks=3, maxticks=12)  # type: ignore[no-untyped-call]
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    if len(df):
        margin = (ends.max() - starts.min()) * 0.01
        axes.set_xlim(starts.min() - margin, ends.max() + margin)
    goldstein = axes.twinx()
    goldstein.plot(centres, df["goldstein_mean"], color="black", marker="o", label="Goldstein")
    goldstein.axhline(0, color="grey", linewidth=0.5)
    if trend and len(series):
        band = trend_band(series, period, n_boot=n_boot, seed=seed)
        if len(band):
            mid = _centres(pd.to_datetime(band["period"]), length)
            goldstein.fill_between(
                mid,
                band["low"].to_numpy(),
                band["high"].to_numpy(),
                color=TREND_COLOUR,
                alpha=0.15,
                linewidth=0,
                label="Trend 95% interval",
                gid="trend-interval",
            )
            goldstein.plot(
                mid,
                band["fit"].to_numpy(),
                color=TREND_COLOUR,
                linestyle="--",
                linewidth=1.5,
                label="Goldstein trend",
                gid="trend",
            )
    goldstein.set_ylim(-10.5, 10.5)
    goldstein.set_ylabel("Mean Goldstein score")
    handles, names = axes.get_legend_handles_labels()
    more_handles, more_names = goldstein.get_legend_handles_labels()
    # below the plot, where it hides no bar, point or band
    figure.legend(
        handles + more_handles,
        names + more_names,
        loc="outside lower center",
        ncols=4,
        fontsize="small",
        frameon=False,
    )
    axes.set_title(title or "Events per period by quad class")
    return figure


def plot_dyad(
    df: pd.DataFrame,
    path: str | Path,
    title: str | None = None,
    *,
    by: str | None = None,
    trend: bool = True,
    n_boot: int = 1000,
) -> Path:
    """Draw ``dyad_figure`` of a ``dyad_series`` result to ``path`` (format from its suffix,
    e.g. .png or .svg) and return it."""
    out = Path(path)
    dyad_figure(df, title, by=by, trend=trend, n_boot=n_boot).savefig(out)
    return out
