"""Analyses count happenings, not reports: three outlets' reports of one meeting are one
event in dyad series, trends, networks and rankings, whether the store was linked as
`communique run` links it or is linked by the analysis command itself."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique.analysis import (
    actor_network,
    dyad_series,
    relationship_trend,
    top_actors,
    top_issues,
)
from communique.cli import app
from communique.records import Actor, Article, CleanText, CodedArticle, Event, Participant
from communique.store import EventStore
from communique.store.happenings import HappeningLinker

BIDEN = Actor("Q6279", "Joe Biden", "USA", "GOV", "President", "person", "USAGOV")
XI = Actor("Q15031", "Xi Jinping", "CHN", "GOV", "President", "person", "CHNGOV")
NOV = dt.date(2023, 11, 15)


def meeting(n: int, day: dt.date, goldstein: float, *, reverse: bool = False) -> Event:
    actor, recipient = (XI, BIDEN) if reverse else (BIDEN, XI)
    return Event(
        id=f"e{n}",
        article_id=f"a{n}",
        event="CONSULT",
        mode="meet",
        context=(),
        cameo="040",
        goldstein=goldstein,
        quad_code=1,
        actors=(Participant(actor.name, actor, 0, 5),),
        recipients=(Participant(recipient.name, recipient, 10, 15),),
        trigger="met",
        sentence="Biden met Xi.",
        start=0,
        end=13,
        date=day,
        date_basis="explicit",
        date_precision="day",
        issues=("trade",),
    )


def store_reports(store: EventStore, *, link: bool) -> None:
    """One meeting reported by three outlets (their Goldstein values differ: 1, 4 and 7),
    and one meeting in each of the next two months reported once."""
    reports = [
        (meeting(1, NOV, 1.0), "wire", NOV),
        (meeting(2, NOV, 4.0, reverse=True), "daily", NOV + dt.timedelta(days=1)),
        (meeting(3, NOV, 7.0), "radio", NOV + dt.timedelta(days=1)),
        (meeting(4, dt.date(2023, 12, 5), 2.0), "wire", dt.date(2023, 12, 5)),
        (meeting(5, dt.date(2024, 1, 9), 3.0), "wire", dt.date(2024, 1, 9)),
    ]
    linker = HappeningLinker(store) if link else None  # as `communique run` makes one
    for event, source, published in reports:
        art = Article(event.article_id, "Biden met Xi.", published=published, source=source)
        store.write(
            CodedArticle(art, CleanText(art.id, art.text), events=(event,), issues=(("trade", 1),))
        )
        if linker is not None:
            linker.add(art.id)  # and links each story as it is stored


def test_linked_as_run_links_the_analyses_count_the_happening_once(tmp_path: Path) -> None:
    with EventStore(tmp_path / "s.duckdb") as store:
        store_reports(store, link=True)
        series = dyad_series(store, "USA", "CHN", "month")
        trend = relationship_trend(store, "USA", "CHN", "month", n_boot=100)
        _, edges = actor_network(store)
        actors = top_actors(store).set_index("actor_id")["events"].to_dict()
        issues = top_issues(store).set_index("issue")["events"].to_dict()
    assert series["events"].tolist() == [1, 1, 1]
    # November's mean is its happening's first report, not the mean of its three reports
    assert series["goldstein_mean"].tolist() == [1.0, 2.0, 3.0]
    assert trend.periods == 3
    assert edges[["source", "target", "events"]].values.tolist() == [["Q6279", "Q15031", 3]]
    assert actors == {"Q15031": 3, "Q6279": 3}
    assert issues == {"trade": 3}


def test_unlinked_reports_count_three_times(tmp_path: Path) -> None:
    # what the analyses would say of the same store without happenings
    with EventStore(tmp_path / "s.duckdb") as store:
        store_reports(store, link=False)
        series = dyad_series(store, "USA", "CHN", "month")
    assert series["events"].tolist() == [3, 1, 1]


runner = CliRunner()


@pytest.mark.parametrize(
    ("args", "events"),
    [
        (["dyad", "USA", "CHN", "--by", "month", "--format", "json"], [1, 1, 1]),
        (["issues", "top", "--format", "json"], [3]),
    ],
)
def test_analysis_commands_link_an_unlinked_store_first(
    tmp_path: Path, args: list[str], events: list[int]
) -> None:
    db = tmp_path / "s.duckdb"
    with EventStore(db) as store:
        store_reports(store, link=False)
    result = runner.invoke(app, [*args, "--db", str(db)])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [row["events"] for row in rows] == events


def test_network_command_counts_the_happening_once(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    with EventStore(db) as store:
        store_reports(store, link=False)
    out = tmp_path / "net.json"
    result = runner.invoke(app, ["network", "--db", str(db), "--out", str(out)])
    assert result.exit_code == 0, result.output
    graph = json.loads(out.read_text("utf-8"))
    links = graph.get("links", graph.get("edges"))
    assert [(e["source"], e["target"], e["events"]) for e in links] == [("Q6279", "Q15031", 3)]
