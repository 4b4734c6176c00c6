"""Happenings: event identity as a person merges reports, linked as a run stores them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from communique.cli import app
from communique.records import Actor, Article, CleanText, CodedArticle, Event, Participant, Place
from communique.store import EventStore
from communique.store.dedupe import canonical_events, ensure_merged, happenings_of, merge_events
from communique.store.happenings import HappeningLinker
from communique.store.schema import MIGRATIONS, SCHEMA_VERSION

BIDEN = Actor("Q6279", "Joe Biden", "USA", "GOV", "President", "person", "USAGOV")
BLINKEN = Actor("Q707401", "Antony Blinken", "USA", "GOV", "Secretary", "person", "USAGOV")
XI = Actor("Q15031", "Xi Jinping", "CHN", "GOV", "President", "person", "CHNGOV")
WANG = Actor("Q17351", "Wang Yi", "CHN", "GOV", "Foreign Minister", "person", "CHNGOV")
CHINA = Actor("cq:state:chn", "China", "CHN", "GOV", None, "state", "CHNGOV")
CHN_OFFICIALS = Actor(
    "cq:agent:chn-gov", "Chinese officials", "CHN", "GOV", None, "agent", "CHNGOV"
)
RUSSIA = Actor("cq:state:rus", "Russia", "RUS", "GOV", None, "state", "RUSGOV")
UKRAINE = Actor("cq:state:ukr", "Ukraine", "UKR", "GOV", None, "state", "UKRGOV")
KHARKIV = Actor("cq:place:kharkiv", "Kharkiv", "UKR", None, None, "agent", "UKR")
ODESA = Actor("cq:place:odesa", "Odesa", "UKR", None, None, "agent", "UKR")
BEIJING = Place("Beijing", "CHN", geonameid=1816670, admin1="22")
SHANGHAI = Place("Shanghai", "CHN", geonameid=1796236, admin1="23")
SAN_FRANCISCO = Place("San Francisco", "USA", geonameid=5391959, admin1="CA")
OAKLAND_NY = Place("Woodside", "USA", geonameid=5145067, admin1="NY")
CALIFORNIA = Place("California", "USA", geonameid=5332921, feature="admin1", admin1="CA")
USA_PLACE = Place("United States", "USA", geonameid=6252001, feature="country")
DAY = dt.date(2023, 11, 15)  # a Wednesday


def parts(*actors: Actor) -> tuple[Participant, ...]:
    return tuple(Participant(a.name, a, 0, 5) for a in actors)


def report(
    n: int,
    actors: tuple[Actor, ...] = (BIDEN,),
    recipients: tuple[Actor, ...] = (XI,),
    **fields: Any,
) -> Event:
    values: dict[str, Any] = {
        "id": f"e{n}",
        "article_id": f"a{n}",
        "event": "CONSULT",
        "mode": "meet",
        "context": (),
        "cameo": "040",
        "goldstein": 1.0,
        "quad_code": 1,
        "actors": parts(*actors),
        "recipients": parts(*recipients),
        "trigger": "met",
        "sentence": "A met B.",
        "start": 0,
        "end": 8,
        "date": DAY,
        "date_basis": "explicit",
        "date_precision": "day",
        "place": None,
        "place_basis": "none",
    }
    values.update(fields)
    if values["place"] is not None and values["place_basis"] == "none":
        values["place_basis"] = "sentence"
    return Event(**values)


def store_event(
    store: EventStore, event: Event, published: dt.date = DAY, source: str = ""
) -> None:
    art = Article(event.article_id, "x", published=published, source=source or event.article_id)
    store.write(CodedArticle(art, CleanText(art.id, art.text), events=(event,)))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EventStore]:
    with EventStore(tmp_path / "h.duckdb") as opened:
        yield opened


def merged(store: EventStore, first: Event, second: Event) -> bool:
    store_event(store, first)
    store_event(store, second)
    return merge_events(store) == 1


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        # a visit and the meeting held during it; the host's telling is the other way round
        (report(1, (BLINKEN,), (CHINA,), mode="visit"), report(2, (BLINKEN,), (XI,)), True),
        (report(1, (BIDEN,), (XI,)), report(2, (XI,), (BIDEN,), mode="host"), True),
        # "A and B met" lists both on both sides; "A met B" is directed
        (report(1, (XI, BIDEN), (XI, BIDEN)), report(2, (BIDEN,), (XI,)), True),
        # a generic party matches by country and sector
        (report(1, (BLINKEN,), (CHN_OFFICIALS,)), report(2, (BLINKEN,), (XI,)), True),
        # two different named people are two meetings, even on one day in one city
        (
            report(1, (BLINKEN,), (WANG,), place=BEIJING),
            report(2, (BLINKEN,), (XI,), place=BEIJING),
            False,
        ),
        (report(1, (BIDEN,), (XI,)), report(2, (BIDEN,), (XI,), event="AGREE"), False),
        (report(1, (BIDEN,), (XI,)), report(2, (BIDEN,), (XI,), negated=True), False),
    ],
)
def test_type_family_and_participants(
    store: EventStore, first: Event, second: Event, same: bool
) -> None:
    assert merged(store, first, second) is same


NETANYAHU = Actor(
    "Q43152", "Benjamin Netanyahu", "ISR", "GOV", "Prime Minister", "person", "ISRGOV"
)
USA = Actor("cq:state:usa", "United States", "USA", "GOV", None, "state", "USAGOV")
CUBA = Actor("cq:state:cub", "Cuba", "CUB", "GOV", None, "state", "CUBGOV")
BARACK_OBAMA = Actor("Q76", "Barack Obama", "USA", "GOV", "President", "person", "USAGOV")


@pytest.mark.parametrize(
    ("first", "second", "same"),
    [
        # AllSides: "the two leaders agreed" (Obama, Netanyahu) beside "the United States,
        # China and others agreed" and "an agreement between Havana and Washington": one
        # shared country is not two parties
        (
            report(1, (BARACK_OBAMA, NETANYAHU), (BARACK_OBAMA, NETANYAHU), event="AGREE"),
            report(2, (USA, CHINA), (USA, CHINA), event="AGREE"),
            False,
        ),
        (
            report(1, (CUBA, USA), (CUBA, USA), event="AGREE"),
            report(2, (USA, CHINA), (USA, CHINA), event="AGREE"),
            False,
        ),
        # a mutual telling of one agreement and a directed one still agree
        (
            report(1, (XI, BIDEN), (XI, BIDEN), event="AGREE"),
            report(2, (BIDEN,), (XI,), event="AGREE"),
            True,
        ),
        (
            report(1, (USA, CHINA), (USA, CHINA), event="AGREE"),
            report(2, (BIDEN,), (CHN_OFFICIALS,), event="AGREE"),
            True,
        ),
    ],
)
def test_a_mutual_telling_needs_two_parties_matched(
    store: EventStore, first: Event, second: Event, same: bool
) -> None:
    assert merged(store, first, second) is same


@pytest.mark.parametrize(
    ("other", "same"),
    [
        ({"date": DAY + dt.timedelta(days=1)}, True),  # "yesterday" past midnight
        ({"date": DAY + dt.timedelta(days=3)}, False),  # the same pair meeting again that week
        # "this week": the Monday of the week, and week precision covers the Wednesday
        ({"date": dt.date(2023, 11, 13), "date_precision": "week"}, True),
        ({"date": dt.date(2023, 11, 6), "date_precision": "week"}, False),
        ({"date": dt.date(2023, 11, 1), "date_precision": "month"}, True),
        ({"date": dt.date(2023, 10, 1), "date_precision": "month"}, False),
        ({"date": None}, False),
    ],
)
def test_date_window_depends_on_precision(
    store: EventStore, other: dict[str, Any], same: bool
) -> None:
    assert merged(store, report(1), report(2, **other)) is same


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        (BEIJING, BEIJING, True),
        (BEIJING, SHANGHAI, False),
        (SAN_FRANCISCO, CALIFORNIA, True),  # a city and its state
        (OAKLAND_NY, CALIFORNIA, False),  # a city in another state
        (SAN_FRANCISCO, USA_PLACE, True),  # a town and its country
        (BEIJING, USA_PLACE, False),
        # same name, other gazetteer entry: places are never compared by their names
        (
            Place("Springfield", "USA", geonameid=4409896, admin1="MO"),
            Place("Springfield", "USA", geonameid=4250542, admin1="IL"),
            False,
        ),
    ],
)
def test_places_by_gazetteer_id_and_containment(
    store: EventStore, a: Place, b: Place, same: bool
) -> None:
    assert merged(store, report(1, place=a), report(2, place=b)) is same


def test_a_dateline_place_only_tells_the_country(store: EventStore) -> None:
    dateline = report(2, place=SHANGHAI, place_basis="dateline")
    assert merged(store, report(1, place=BEIJING), dateline)


def test_two_strikes_on_one_day_stay_apart_unless_both_say_where(store: EventStore) -> None:
    strike = {"event": "ASSAULT", "mode": None, "cameo": "195"}
    kharkiv = Place("Kharkiv", "UKR", geonameid=706483)
    odesa = Place("Odesa", "UKR", geonameid=698740)
    # the same two sides on one day, no place: nothing says it is one strike
    assert not merged(store, report(1, (RUSSIA,), (UKRAINE,), **strike),
                      report(2, (RUSSIA,), (UKRAINE,), **strike))  # fmt: skip
    assert merge_events(store) == 2
    store_event(store, report(3, (RUSSIA,), (UKRAINE,), place=kharkiv, **strike))
    store_event(store, report(4, (RUSSIA,), (UKRAINE,), place=kharkiv, **strike))
    store_event(store, report(5, (RUSSIA,), (UKRAINE,), place=odesa, **strike))
    store_event(store, report(6, (RUSSIA,), (KHARKIV,), place=kharkiv, **strike))
    store_event(store, report(7, (RUSSIA,), (ODESA,), place=kharkiv, **strike))
    links = dict(merge_events(store) and store._con.execute("FROM event_links").fetchall())
    assert links["e4"] == links["e3"] == links["e6"]
    assert links["e5"] != links["e3"]
    assert links["e7"] not in (links["e3"], links["e5"])  # Odesa struck is not Kharkiv struck


def test_events_of_one_story_are_never_merged(store: EventStore) -> None:
    first, second = report(1), report(2, article_id="a1")
    art = Article("a1", "x", published=DAY, source="wire")
    store.write(CodedArticle(art, CleanText("a1", "x"), events=(first, second)))
    assert merge_events(store) == 2


def test_num_mentions_counts_every_telling_in_every_story(store: EventStore) -> None:
    # the seed: one meeting told four times in one story, then reported by a second outlet
    store_event(store, report(1, mentions=((10, 20), (30, 40), (50, 60))), source="wire")
    store_event(store, report(2, (XI,), (BIDEN,)), DAY + dt.timedelta(days=1), source="daily")
    assert merge_events(store) == 1
    (row,) = canonical_events(store).to_dict("records")
    assert (row["num_mentions"], row["num_articles"], row["num_sources"]) == (5, 2, 2)
    happening = happenings_of(store)["e2"]
    assert happening.canonical_id == "e1"
    assert (happening.first_report, happening.last_report) == (DAY, DAY + dt.timedelta(days=1))


def test_happenings_of_some_events_count_as_of_all(three_reports: Path) -> None:
    with EventStore(three_reports, read_only=True) as opened:
        every = happenings_of(opened)
        assert happenings_of(opened, ["e3", "e9", "e3", "missing"]) == {
            "e3": every["e3"],
            "e9": every["e9"],
        }
        assert happenings_of(opened, []) == {}
    assert every["e3"].num_articles == 3


def test_linker_links_each_stored_article_as_it_goes(store: EventStore) -> None:
    store_event(store, report(1))
    linker = HappeningLinker(store)  # links what was stored unlinked first
    assert store.count("event_links") == 1
    for n, event in enumerate([report(2, (XI,), (BIDEN,)), report(3, date=DAY + dt.timedelta(3))]):
        store_event(store, event)
        assert linker.add(event.article_id) == (1 if n == 0 else 0)
    links = dict(store._con.execute("FROM event_links").fetchall())
    assert links == {"e1": "e1", "e2": "e1", "e3": "e3"}
    # a rebuild with the same settings gives the same happenings
    assert merge_events(store) == 2
    assert dict(store._con.execute("FROM event_links").fetchall()) == links


def test_linking_a_linked_article_again_changes_nothing(store: EventStore) -> None:
    store_event(store, report(1))
    store_event(store, report(2, (XI,), (BIDEN,)))
    linker = HappeningLinker(store)  # links both: they were stored unlinked
    assert linker.add("a2") == 0  # the API makes its linker after storing the first upload
    store_event(store, report(3))
    assert linker.add("a3") == 1
    assert linker.add("a3") == 0
    assert dict(store._con.execute("FROM event_links").fetchall()) == {
        "e1": "e1",
        "e2": "e1",
        "e3": "e1",
    }


def test_ensure_merged_links_only_the_unlinked_events(store: EventStore) -> None:
    store_event(store, report(1))
    store_event(store, report(2))
    merge_events(store, window_days=0)
    store._con.execute("UPDATE event_links SET canonical_id = 'kept' WHERE event_id = 'e1'")
    store_event(store, report(3, date=DAY + dt.timedelta(days=9)))
    assert ensure_merged(store) is not None
    links = dict(store._con.execute("FROM event_links").fetchall())
    assert links["e1"] == "kept"  # earlier links are left as they are
    assert links["e3"] == "e3"
    assert ensure_merged(store) is None


# -- listings ---------------------------------------------------------------------------------
runner = CliRunner()


@pytest.fixture
def three_reports(tmp_path: Path) -> Path:
    path = tmp_path / "three.duckdb"
    with EventStore(path) as opened:
        for n, source in enumerate(("wire", "daily", "radio"), start=1):
            event = report(n, (BIDEN,), (XI,), place=SAN_FRANCISCO if n == 1 else CALIFORNIA)
            store_event(opened, event, DAY + dt.timedelta(days=n - 1), source)
            HappeningLinker(opened)  # as `communique run` does after each story
        store_event(opened, report(9, (BLINKEN,), (WANG,)), DAY, "wire")
        HappeningLinker(opened)
    return path


def test_events_jsonl_plover_and_csv_carry_the_happening(three_reports: Path) -> None:
    result = runner.invoke(app, ["events", "--db", str(three_reports), "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    records = {r["id"]: r for r in map(json.loads, result.output.splitlines())}
    assert records["e3"]["happening"] == {
        "canonical_id": "e1",
        "num_mentions": 3,
        "num_articles": 3,
        "num_sources": 3,
        "first_report": "2023-11-15",
        "last_report": "2023-11-17",
    }
    assert records["e9"]["happening"]["num_articles"] == 1
    result = runner.invoke(app, ["events", "--db", str(three_reports), "--format", "plover"])
    happenings = [json.loads(line)["happening"] for line in result.output.splitlines()]
    assert {h["canonical_id"] for h in happenings} == {"e1", "e9"}
    result = runner.invoke(app, ["events", "--db", str(three_reports), "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["id"], r["canonical_id"], r["num_articles"]) for r in rows if r["id"] == "e2"] == [
        ("e2", "e1", "3")
    ]


def test_events_happenings_lists_one_row_per_happening(three_reports: Path) -> None:
    args = ["events", "--db", str(three_reports), "--happenings"]
    result = runner.invoke(app, [*args, "--format", "jsonl"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.output.splitlines()]
    assert sorted((r["id"], r["happening"]["num_articles"]) for r in rows) == [("e1", 3), ("e9", 1)]
    result = runner.invoke(app, [*args, "--format", "csv", "--country", "USA", "--limit", "1"])
    (row,) = csv.DictReader(io.StringIO(result.output))
    assert row["num_sources"] in ("3", "1")
    result = runner.invoke(app, [*args, "--format", "table"])
    assert result.exit_code == 0, result.output
    assert "happenings in" in result.output
    assert result.output.count("stories") == 1  # one happening of three stories, one of one


# -- events_view (schema 5) --------------------------------------------------------------------
VIEW_HAPPENING = "canonical_id, num_mentions, num_articles, num_sources, first_report, last_report"


def test_events_view_carries_each_events_happening(three_reports: Path) -> None:
    with EventStore(three_reports, read_only=True) as opened:
        rows = opened._con.execute(f"SELECT id, {VIEW_HAPPENING} FROM events_view").fetchall()
        listed = happenings_of(opened)
    later = DAY + dt.timedelta(days=2)
    assert sorted(rows) == [
        ("e1", "e1", 3, 3, 3, DAY, later),
        ("e2", "e1", 3, 3, 3, DAY, later),
        ("e3", "e1", 3, 3, 3, DAY, later),
        ("e9", "e9", 1, 1, 1, DAY, DAY),
    ]
    # the view counts as every event listing does
    assert {r[0]: r[1:] for r in rows} == {
        i: (h.canonical_id, h.num_mentions, h.num_articles, h.num_sources, h.first_report,
            h.last_report)
        for i, h in listed.items()
    }  # fmt: skip


def test_events_view_counts_retellings_and_unlinked_events(store: EventStore) -> None:
    store_event(store, report(1, mentions=((10, 20), (30, 40), (50, 60))), source="wire")
    store_event(store, report(2, (XI,), (BIDEN,)), DAY + dt.timedelta(days=1), source="daily")
    sql = f"SELECT id, {VIEW_HAPPENING} FROM events_view ORDER BY id"
    # stored without a link: each event is its own happening
    assert [r[:5] for r in store._con.execute(sql).fetchall()] == [
        ("e1", "e1", 4, 1, 1),
        ("e2", "e2", 1, 1, 1),
    ]
    merge_events(store)
    assert [r[:5] for r in store._con.execute(sql).fetchall()] == [
        ("e1", "e1", 5, 2, 2),
        ("e2", "e1", 5, 2, 2),
    ]


def test_a_version_4_store_is_migrated_to_a_view_with_happenings(tmp_path: Path) -> None:
    path = tmp_path / "v4.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_version (version INTEGER)")
    con.execute("INSERT INTO schema_version VALUES (4)")
    for step in range(4):
        for statement in MIGRATIONS[step]:
            con.execute(statement)
    con.execute(
        "INSERT INTO articles (id, text, published, source, source_id)"
        " VALUES ('a1', 'x', DATE '2023-11-15', 'wire', 'rec-1')"
    )
    record = json.dumps({"mentions": [[10, 20]]})
    con.execute(
        "INSERT INTO events (id, article_id, event, date, source_id, record)"
        " VALUES ('e1', 'a1', 'CONSULT', DATE '2023-11-15', 'rec-1', ?)",
        [record],
    )
    before = [d[0] for d in con.execute("SELECT * FROM events_view").description]
    con.close()
    with EventStore(path) as opened:
        version = opened._con.execute("SELECT max(version) FROM schema_version").fetchone()
        cursor = opened._con.execute("SELECT * FROM events_view")
        columns = [d[0] for d in cursor.description]
        row = dict(zip(columns, cursor.fetchone() or (), strict=True))
    assert version == (SCHEMA_VERSION,) and SCHEMA_VERSION >= 5
    assert columns[: len(before)] == before  # everything the view had, in its order
    assert columns[len(before) :] == VIEW_HAPPENING.split(", ")[1:]
    assert (row["source_id"], row["canonical_id"], row["num_mentions"]) == ("rec-1", "e1", 2)
    assert (row["num_articles"], row["num_sources"], row["first_report"]) == (1, 1, DAY)
