"""Charts of analysis results, drawn with matplotlib's Agg canvas (no display needed).

The figure is built with ``matplotlib.figure.Figure`` rather than ``pyplot`` so no global
backend or figure state is touched: safe in servers and threads.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

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


def plot_dyad(
    df: pd.DataFrame, path: str | Path, title: str | None = None, *, by: str | None = None
) -> Path:
    """Stacked bars of events per quad class per period, with mean Goldstein as a line on a
    second axis; ``df`` is a ``dyad_series`` result. With ``by`` (its period) the periods
    without events are drawn as empty. Writes ``path`` (format from its suffix, e.g. .png
    or .svg) and returns it."""
    if by is not None:
        df = with_empty_periods(df, by)
    figure = Figure(figsize=(10, 5), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    labels = [pd.Timestamp(p).strftime("%Y-%m-%d") for p in df["period"]]
    positions = np.arange(len(df))
    bottom = np.zeros(len(df))
    for column, label in QUAD_LABELS.items():
        values = df[column].to_numpy(dtype=float) if len(df) else np.zeros(0)
        axes.bar(positions, values, bottom=bottom, label=label, color=QUAD_COLOURS[column])
        bottom += values
    axes.set_ylim(0, max(1.0, float(bottom.max(initial=0.0))) * 1.15)  # room above the top bar
    axes.set_xlabel("Period")
    axes.set_ylabel("Events")
    step = max(1, len(labels) // 20)  # at most ~20 tick labels, however long the series
    axes.set_xticks(positions[::step], labels[::step], rotation=45, ha="right")
    goldstein = axes.twinx()
    goldstein.plot(positions, df["goldstein_mean"], color="black", marker="o", label="Goldstein")
    goldstein.axhline(0, color="grey", linewidth=0.5)
    goldstein.set_ylim(-10.5, 10.5)
    goldstein.set_ylabel("Mean Goldstein score")
    handles, names = axes.get_legend_handles_labels()
    more_handles, more_names = goldstein.get_legend_handles_labels()
    axes.legend(handles + more_handles, names + more_names, loc="upper left", fontsize="small")
    axes.set_title(title or "Events per period by quad class")
    out = Path(path)
    figure.savefig(out)
    return out
