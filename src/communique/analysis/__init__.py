"""analysis stage: dyad series, trends, rankings, actor networks and charts over the store."""

from communique.analysis.dyads import TrendResult, dyad_series, relationship_trend, trend_band
from communique.analysis.network import actor_network, write_graphml, write_network_json
from communique.analysis.plots import dyad_figure, plot_dyad
from communique.analysis.rankings import top_actors, top_issues

__all__ = [
    "TrendResult",
    "actor_network",
    "dyad_figure",
    "dyad_series",
    "plot_dyad",
    "relationship_trend",
    "top_actors",
    "top_issues",
    "trend_band",
    "write_graphml",
    "write_network_json",
]
