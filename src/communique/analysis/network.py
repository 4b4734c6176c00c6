"""The actor network: who acts on whom, how often, and how cooperatively.

Nodes are resolved actors (by id); a directed edge runs from each actor of an event to
each of its recipients. Writers give GraphML (Gephi, yEd, networkx) and node-link JSON
(d3 and most JavaScript graph libraries).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import pandas as pd

from communique.store.tallies import actor_edges, actors_named

if TYPE_CHECKING:
    from communique.store import EventStore


def actor_network(
    store: EventStore, country: str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``(nodes, edges)``: nodes ``id, name, country, sector, code, events``; edges ``source,
    target, events, goldstein_mean, goldstein_sum, quad_1..quad_4``. With ``country`` only
    events with a participant of that country (ISO3) are included."""
    edges = actor_edges(store, country)
    return _nodes(store, edges), edges


def _nodes(store: EventStore, edges: pd.DataFrame) -> pd.DataFrame:
    """Every actor at an end of an edge, with the number of events it takes part in."""
    ends = pd.concat(
        [
            edges[["source", "events"]].rename(columns={"source": "id"}),
            edges[["target", "events"]].rename(columns={"target": "id"}),
        ]
    )
    degree = ends.groupby("id", as_index=False)["events"].sum()
    known = actors_named(store, degree["id"].tolist())
    nodes = degree.merge(known, on="id", how="left")
    nodes = nodes[["id", "name", "country", "sector", "code", "events"]]
    return nodes.sort_values(["events", "id"], ascending=[False, True], ignore_index=True)


def _clean(value: Any) -> Any:
    """GraphML and JSON take plain scalars; drop missing values, unwrap numpy ones."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value


def to_graph(nodes: pd.DataFrame, edges: pd.DataFrame) -> nx.DiGraph:
    graph = nx.DiGraph()
    for row in nodes.to_dict("records"):
        attributes = {k: _clean(v) for k, v in row.items() if k != "id"}
        graph.add_node(row["id"], **{k: v for k, v in attributes.items() if v is not None})
    for row in edges.to_dict("records"):
        attributes = {k: _clean(v) for k, v in row.items() if k not in ("source", "target")}
        graph.add_edge(
            row["source"], row["target"], **{k: v for k, v in attributes.items() if v is not None}
        )
    return graph


def write_graphml(nodes: pd.DataFrame, edges: pd.DataFrame, path: str | Path) -> None:
    nx.write_graphml(to_graph(nodes, edges), str(path))


def write_network_json(nodes: pd.DataFrame, edges: pd.DataFrame, path: str | Path) -> None:
    """Node-link JSON: ``{"nodes": [{id, ...}], "links": [{source, target, ...}]}``."""
    document = {
        "nodes": [{k: _clean(v) for k, v in row.items()} for row in nodes.to_dict("records")],
        "links": [{k: _clean(v) for k, v in row.items()} for row in edges.to_dict("records")],
    }
    Path(path).write_text(json.dumps(document, ensure_ascii=False, indent=2), "utf-8")
