"""The store commands: dedupe, dyad, trend, issues top, network, export, import-parquet."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
import pytest
from typer.testing import CliRunner

from communique.cli import app
from communique.records import (
    Actor,
    Article,
    CleanText,
    CodedArticle,
    Event,
    Mention,
    Participant,
    Place,
)
from communique.store import EventStore

if TYPE_CHECKING:
    from spacy.language import Language

runner = CliRunner()

USA = Actor("Q707401", "Antony Blinken", "USA", "GOV", "Secretary of State", "person", "USAGOV")
CHN = Actor("Q15031", "Xi Jinping", "CHN", "GOV", "President", "person", "CHNGOV")
RUS = Actor("Q7747", "Vladimir Putin", "RUS", "GOV", "President", "person", "RUSGOV")
BEIJING = Place("Beijing", "CHN", 39.9, 116.4, 1816670)

# Invented text, long enough that two copies differing in one sentence stay near duplicates.
WIRE = (
    "Officials from the two governments spent most of Friday in a guest house on the edge of "
    "the capital, going through a long list of disputes over trade, visas and the return of "
    "journalists who had been expelled last year. Diplomats on both sides described the "
    "atmosphere as businesslike and said neither delegation had expected a breakthrough. A "
    "second round is planned for the autumn, when the deputy ministers will meet again to "
    "review what progress the working groups have made on the smaller questions, such as "
    "flight numbers and the opening of a consulate in the south. Business groups welcomed "
    "the talks but warned that tariffs on machinery and farm goods were still hurting "
    "exporters, and several asked for a timetable to remove them before the end of the year."
)

# Event kinds as PLOVER type, CAMEO code, Goldstein score and quad class.
CONSULT = ("CONSULT", "042", 1.9, 1)
AID = ("AID", "070", 7.0, 2)
ACCUSE = ("ACCUSE", "112", -2.0, 3)


def coded(
    article_id: str,
    published: dt.date,
    events: list[tuple[tuple[str, str, float, int], Actor, Actor]],
    *,
    source: str = "Outlet",
    text: str | None = None,
    issues: tuple[tuple[str, int], ...] = (),
) -> CodedArticle:
    body = text or f"Story {article_id}: Blinken met Xi in Beijing."
    article = Article(article_id, body, title=article_id, published=published, source=source)
    built = tuple(
        Event(
            id=f"{article_id}-e{i}",
            article_id=article_id,
            event=kind,
            mode=None,
            context=(),
            cameo=cameo,
            goldstein=goldstein,
            quad_code=quad,
            actors=(Participant(actor.name, actor, 0, 7),),
            recipients=(Participant(recipient.name, recipient, 12, 14),),
            trigger="met",
            sentence=body[:40],
            start=0,
            end=40,
            date=published,
            date_basis="published",
            date_precision="day",
            place=BEIJING,
            place_basis="sentence",
        )
        for i, ((kind, cameo, goldstein, quad), actor, recipient) in enumerate(events)
    )
    # The store learns actors' names from mentions.
    people = {a.id: a for _, actor, recipient in events for a in (actor, recipient)}
    mentions = tuple(Mention(article_id, a.name, 0, 7, 0, a) for a in people.values())
    clean = CleanText(article_id, body)
    return CodedArticle(article, clean, mentions, built, issues=issues)


def fill(path: Path, items: list[CodedArticle]) -> Path:
    with EventStore(path) as store:
        for item in items:
            store.write(item)
    return path


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    """USA-CHN over three months: mean Goldstein -2, then 1.9, then 7 (rising); one RUS event;
    one article is a near copy of another and reports the same consultation."""
    copy = WIRE.replace("Business groups welcomed", "Trade associations praised")
    return fill(
        tmp_path / "s.duckdb",
        [
            coded("jan", dt.date(2024, 1, 10), [(ACCUSE, CHN, USA)], issues=(("trade", 3),)),
            coded("feb", dt.date(2024, 2, 5), [(CONSULT, USA, CHN)], text=WIRE, source="Wire"),
            coded(
                "feb-copy",
                dt.date(2024, 2, 6),  # reprinted a day later: "feb" is the canonical report
                [(CONSULT, CHN, USA)],
                text=copy,
                source="Reprint",
                issues=(("trade", 1), ("diplomacy", 2)),
            ),
            coded("mar", dt.date(2024, 3, 20), [(AID, USA, CHN), (CONSULT, RUS, CHN)]),
        ],
    )


def invoke(*args: str) -> tuple[int, str]:
    """Exit code and output; messages are unwrapped because rich folds them to the width."""
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def said(output: str) -> str:
    return " ".join(output.split())


def rows(output: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(output)))


def test_dedupe_prints_pairs_and_canonical_events(store_path: Path) -> None:
    code, output = invoke("dedupe", "--db", str(store_path))
    assert code == 0, output
    assert "duplicate article pairs: 1" in output
    # 5 events: the two February consultations are one happening (A met B == B met A).
    assert "canonical events: 4 (of 5 events)" in output


def test_dyad_counts_per_month_and_rebuilds_stale_links(store_path: Path) -> None:
    # No dedupe was run: the command must merge first, so February counts once, not twice.
    code, output = invoke("dyad", "USA", "CHN", "--db", str(store_path), "--format", "csv")
    assert code == 0, output
    table = rows(output[output.index("period") :])
    assert [r["period"][:10] for r in table] == ["2024-01-01", "2024-02-01", "2024-03-01"]
    assert [r["events"] for r in table] == ["1", "1", "1"]
    assert [r["quad_3"] for r in table] == ["1", "0", "0"]
    assert [float(r["goldstein_mean"]) for r in table] == [-2.0, 1.9, 7.0]
    assert table[0]["top_issues"] == "trade"


def test_dyad_directed_and_date_window(store_path: Path) -> None:
    code, output = invoke(
        "dyad", "USA", "CHN", "--db", str(store_path), "--directed", "--format", "json",
        "--since", "2024-02-01",
    )  # fmt: skip
    assert code == 0, output
    records = json.loads(output[output.index("[") :])
    # Only USA acting on CHN from February: the canonical Feb consultation and March aid.
    assert [r["events"] for r in records] == [1, 1]
    assert [r["goldstein_sum"] for r in records] == [1.9, 7.0]


def test_dyad_plot_and_trend(store_path: Path, tmp_path: Path) -> None:
    plot = tmp_path / "usa_chn.png"
    code, output = invoke(
        "dyad", "USA", "CHN", "--db", str(store_path), "--plot", str(plot), "--trend",
        "--boot", "200",
    )  # fmt: skip
    assert code == 0, output
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "USA – CHN by month" in output
    assert "trend USA–CHN" in output
    assert "3 periods" in output


def test_trend_reports_rising_relationship(tmp_path: Path) -> None:
    scores = [ACCUSE, ACCUSE, CONSULT, CONSULT, AID, AID]
    items = [
        coded(f"m{i}", dt.date(2023, i + 1, 15), [(kind, USA, CHN)])
        for i, kind in enumerate(scores)
    ]
    db = fill(tmp_path / "t.duckdb", items)
    code, output = invoke("trend", "USA", "CHN", "--db", str(db))
    assert code == 0, output
    assert "improving" in output
    assert "6 periods" in output


def test_trend_with_too_few_periods_says_so(store_path: Path) -> None:
    code, output = invoke("trend", "USA", "RUS", "--db", str(store_path))
    assert code == 0, output
    assert "not enough data" in output


def test_issues_top_ranks_by_articles(store_path: Path) -> None:
    code, output = invoke("issues", "top", "--db", str(store_path), "--format", "csv")
    assert code == 0, output
    table = rows(output[output.index("issue") :])
    assert [(r["issue"], r["articles"], r["mentions"]) for r in table] == [
        ("trade", "2", "4"),
        ("diplomacy", "1", "2"),
    ]


def test_network_writes_graphml_and_json(store_path: Path, tmp_path: Path) -> None:
    graphml = tmp_path / "net.graphml"
    code, output = invoke("network", "--db", str(store_path), "--out", str(graphml))
    assert code == 0, output
    # CHN accuses USA, USA on CHN (February's two reports merged, and March), RUS on CHN.
    assert "3 actors and 3 edges" in output
    assert "<graphml" in graphml.read_text("utf-8")

    document = tmp_path / "chn.json"
    code, output = invoke(
        "network", "--db", str(store_path), "--country", "rus", "--out", str(document)
    )
    assert code == 0, output
    network = json.loads(document.read_text("utf-8"))
    assert {n["id"] for n in network["nodes"]} == {RUS.id, CHN.id}
    assert [(e["source"], e["target"]) for e in network["links"]] == [(RUS.id, CHN.id)]


def test_network_table_and_bad_suffix(store_path: Path) -> None:
    code, output = invoke("network", "--db", str(store_path))
    assert code == 0, output
    assert "3 actors, 3 edges" in said(output)
    assert "Vladimir Putin" in output  # names, not ids
    code, output = invoke("network", "--db", str(store_path), "--out", "net.txt")
    assert code == 2
    assert ".graphml or .json" in output


def test_export_formats(store_path: Path, tmp_path: Path) -> None:
    code, output = invoke(
        "export", "--db", str(store_path), "--format", "gdelt", "--out", str(tmp_path / "g")
    )
    assert code == 0, output
    events = (tmp_path / "g" / "gdelt.export.CSV").read_text("utf-8").splitlines()
    mentions = (tmp_path / "g" / "gdelt.mentions.CSV").read_text("utf-8").splitlines()
    assert (len(events), len(mentions)) == (4, 5)  # one row per happening, one per report

    plover = tmp_path / "events.jsonl"
    code, output = invoke(
        "export", "--db", str(store_path), "--format", "plover", "--out", str(plover)
    )
    assert code == 0, output
    records = [json.loads(line) for line in plover.read_text("utf-8").splitlines()]
    assert len(records) == 5
    assert len({r["canonical_id"] for r in records}) == 4

    flat = tmp_path / "events.csv"
    code, output = invoke("export", "--db", str(store_path), "--format", "csv", "--out", str(flat))
    assert code == 0, output
    assert len(rows(flat.read_text("utf-8"))) == 5


def test_parquet_round_trip_is_idempotent(store_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "pq"
    assert invoke("dedupe", "--db", str(store_path))[0] == 0  # so article_links has a row
    code, output = invoke(
        "export", "--db", str(store_path), "--format", "parquet", "--out", str(folder)
    )
    assert code == 0, output
    assert (folder / "events.parquet").is_file()
    other = tmp_path / "other.duckdb"
    code, output = invoke("import-parquet", str(folder), "--db", str(other))
    assert code == 0, output
    # a readable summary, not a raw dict: a row per table and a sentence
    assert "{" not in output and '"articles"' not in output
    added = {m[1]: int(m[2]) for m in re.finditer(r"│ (\w+)\s+│\s+([\d,]+) │", output)}
    assert (added["articles"], added["events"], added["article_links"]) == (4, 5, 1)
    assert "4 new articles with 5 events" in said(output)
    code, output = invoke("import-parquet", str(folder), "--db", str(other))
    assert code == 0, output
    assert "nothing added to" in said(output) and "is in it already" in said(output)


def test_import_parquet_of_a_folder_without_an_export_says_so(tmp_path: Path) -> None:
    db = tmp_path / "new.duckdb"
    code, output = invoke("import-parquet", str(tmp_path), "--db", str(db))
    assert code == 1
    assert "holds no table of a Parquet export" in said(output)
    assert "communique export --format parquet" in said(output)
    assert not db.exists()


def test_missing_store_and_folder_are_usage_errors(tmp_path: Path) -> None:
    missing = str(tmp_path / "none.duckdb")
    for args in (["dyad", "USA", "CHN"], ["dedupe"], ["issues", "top"], ["trend", "A", "B"]):
        code, output = invoke(*args, "--db", missing)
        assert code == 2, (args, output)
        assert "does not exist" in said(output)
    assert not Path(missing).exists()
    code, output = invoke("import-parquet", str(tmp_path / "nothing"), "--db", missing)
    assert code == 2
    code, output = invoke("dyad", "USA", "CHN", "--db", missing, "--since", "June")
    assert code == 2


# Three outlets, in words written for this test, reporting one meeting on Tuesday 6 June 2023.
OUTLETS = {
    "ledger.md": (
        "Northern Ledger",
        "2023-06-07",
        "PARIS — French President Emmanuel Macron met German Chancellor Olaf Scholz in Paris on "
        "Tuesday to discuss electricity prices and the future of the European power market.\n\n"
        "The two leaders spent about three hours together at the Elysee Palace, aides said.",
    ),
    "times.md": (
        "Coastal Times",
        "2023-06-07",
        "German Chancellor Olaf Scholz met French President Emmanuel Macron in Paris on Tuesday, "
        "with energy costs at the top of their agenda.\n\nOfficials from both governments "
        "described the talks as frank. Neither leader spoke to reporters after the session.",
    ),
    "herald.md": (
        "Valley Herald",
        "2023-06-08",
        "Emmanuel Macron, the French president, met Olaf Scholz, the German chancellor, in Paris "
        "on Tuesday as households in both countries struggle with high power bills.\n\nA "
        "spokesman for the chancellor said the meeting had been planned for several weeks.",
    ),
}


@pytest.mark.model
def test_three_outlets_one_meeting_is_one_event(nlp: Language, tmp_path: Path) -> None:
    from communique.pipeline import run
    from communique.store.dedupe import canonical_events, deduplicate

    folder = tmp_path / "stories"
    folder.mkdir()
    for name, (source, published, body) in OUTLETS.items():
        front = f"---\ntitle: {source} report\nsource: {source}\npublished: {published}\n---\n"
        (folder / name).write_text(front + body + "\n", "utf-8")
    with EventStore(tmp_path / "three.duckdb") as store:
        summary = run([folder], store)
        assert summary.stored == 3
        result = deduplicate(store)
        assert result.duplicate_pairs == 0  # three different texts, not copies
        meetings = canonical_events(store)
    # The meeting itself: one country on each side. ("Officials from both governments
    # described the talks" is coded separately, with both countries on both sides.)
    one_each = [
        {*actors, *recipients} == {"FRA", "DEU"} and len(actors) == len(recipients) == 1
        for actors, recipients in zip(
            meetings["actor_countries"], meetings["recipient_countries"], strict=True
        )
    ]
    meetings = meetings[(meetings["event"] == "CONSULT").to_numpy() & one_each]
    assert len(meetings) == 1, meetings
    (meeting,) = meetings.to_dict("records")
    assert (meeting["num_articles"], meeting["num_sources"]) == (3, 3)
    assert str(meeting["date"])[:10] == "2023-06-06"


def test_plot_keeps_empty_months_on_the_time_axis(store_path: Path) -> None:
    from communique.analysis import dyad_series
    from communique.analysis.plots import with_empty_periods

    with EventStore(store_path) as store:
        frame = dyad_series(store, "USA", "CHN", "month", until=dt.date(2024, 1, 31))
    frame = pd.concat([frame, frame.assign(period=pd.Timestamp("2024-04-01"))], ignore_index=True)
    full = with_empty_periods(frame, "month")
    assert [p.month for p in full["period"]] == [1, 2, 3, 4]
    assert full["events"].tolist() == [1, 0, 0, 1]
    assert full["goldstein_mean"].isna().tolist() == [False, True, True, False]
