"""Top actors, top issues and the actor network on hand-made events."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from communique.analysis import (
    actor_network,
    top_actors,
    top_issues,
    write_graphml,
    write_network_json,
)
from communique.records import (
    Actor,
    Article,
    CleanText,
    CodedArticle,
    Event,
    Mention,
    Participant,
)
from communique.store import EventStore

USA = Actor("Q707401", "Antony Blinken", "USA", "GOV", None, "person", "USAGOV")
CHN = Actor("Q15031", "Xi Jinping", "CHN", "GOV", None, "person", "CHNGOV")
WANG = Actor("Q57502", "Wang Yi", "CHN", "GOV", None, "person", "CHNGOV")
FRA = Actor("Q3052772", "Emmanuel Macron", "FRA", "GOV", None, "person", "FRAGOV")
DAY = dt.date(2024, 4, 26)


def event(n: int, actor: Actor, recipient: Actor, goldstein: float, quad: int) -> Event:
    return Event(
        id=f"e{n}",
        article_id=f"a{n}",
        event="CONSULT",
        mode=None,
        context=(),
        cameo="042",
        goldstein=goldstein,
        quad_code=quad,
        actors=(Participant(actor.name, actor, 0, 3),),
        recipients=(Participant(recipient.name, recipient, 4, 8),),
        trigger="met",
        sentence="s",
        start=0,
        end=9,
        date=DAY,
    )


def write(store: EventStore, e: Event, issues: tuple[tuple[str, int], ...] = ()) -> None:
    art = Article(e.article_id, "text", published=DAY, source="wire")
    mentions = tuple(
        Mention(art.id, p.entity_text, p.start, p.end, 0, p.actor)
        for p in (*e.actors, *e.recipients)
    )
    store.write(CodedArticle(art, CleanText(art.id, art.text), mentions, (e,), issues=issues))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EventStore]:
    with EventStore(tmp_path / "s.duckdb") as opened:
        write(opened, event(1, USA, CHN, 1.9, 1), (("TAIWAN", 3), ("TRADE", 1)))
        write(opened, event(2, USA, CHN, -2.0, 3), (("TAIWAN", 1),))
        write(opened, event(3, USA, WANG, 1.9, 1), (("UKRAINE", 2),))
        write(opened, event(4, FRA, USA, 6.0, 2))
        yield opened


def test_top_actors_ranks_by_events(store: EventStore) -> None:
    frame = top_actors(store, n=2)
    assert frame["actor_id"].tolist() == ["Q707401", "Q15031"]
    usa = frame.iloc[0]
    assert (usa["events"], usa["as_actor"], usa["as_recipient"]) == (4, 3, 1)
    assert usa["name"] == "Antony Blinken"
    assert usa["goldstein_mean"] == pytest.approx((1.9 - 2.0 + 1.9 + 6.0) / 4)


def test_top_issues_counts_articles_mentions_and_events(store: EventStore) -> None:
    frame = top_issues(store)
    rows = {
        r["issue"]: (r["articles"], r["mentions"], r["events"]) for r in frame.to_dict("records")
    }
    assert rows == {"TAIWAN": (2, 4, 2), "TRADE": (1, 1, 1), "UKRAINE": (1, 2, 1)}
    assert frame["issue"].tolist()[0] == "TAIWAN"


def test_actor_network_nodes_and_edges(store: EventStore) -> None:
    nodes, edges = actor_network(store)
    by_pair = {(r["source"], r["target"]): r for r in edges.to_dict("records")}
    assert set(by_pair) == {("Q707401", "Q15031"), ("Q707401", "Q57502"), ("Q3052772", "Q707401")}
    usa_xi = by_pair[("Q707401", "Q15031")]
    assert (usa_xi["events"], usa_xi["quad_1"], usa_xi["quad_3"]) == (2, 1, 1)
    assert usa_xi["goldstein_sum"] == pytest.approx(-0.1)
    assert nodes["id"].tolist()[0] == "Q707401"
    assert dict(zip(nodes["id"], nodes["events"], strict=True))["Q707401"] == 4
    assert set(nodes["name"]) == {"Antony Blinken", "Xi Jinping", "Wang Yi", "Emmanuel Macron"}


def test_actor_network_filtered_by_country(store: EventStore) -> None:
    nodes, edges = actor_network(store, country="fra")
    assert edges[["source", "target"]].values.tolist() == [["Q3052772", "Q707401"]]
    assert sorted(nodes["id"]) == ["Q3052772", "Q707401"]
    empty_nodes, empty_edges = actor_network(store, country="XXX")
    assert empty_nodes.empty and empty_edges.empty


def test_network_writers(store: EventStore, tmp_path: Path) -> None:
    nodes, edges = actor_network(store)
    write_graphml(nodes, edges, tmp_path / "g.graphml")
    graph = nx.read_graphml(tmp_path / "g.graphml")
    assert graph.number_of_nodes() == 4
    assert graph.number_of_edges() == 3
    assert graph.nodes["Q15031"]["name"] == "Xi Jinping"
    assert graph.edges["Q707401", "Q15031"]["events"] == 2
    write_network_json(nodes, edges, tmp_path / "g.json")
    document = json.loads((tmp_path / "g.json").read_text("utf-8"))
    assert len(document["nodes"]) == 4
    first = document["links"][0]
    assert (first["source"], first["target"], first["events"]) == ("Q707401", "Q15031", 2)
    assert {(link["source"], link["target"]) for link in document["links"]} == set(
        zip(edges["source"], edges["target"], strict=True)
    )
