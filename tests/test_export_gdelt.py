"""The GDELT 2.0 Events and Mentions export: columns, order, types and values."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from communique.errors import DataFileError
from communique.export import EVENT_COLUMNS, MENTION_COLUMNS, export_gdelt
from communique.export.countries import load_country_codes
from communique.export.gdelt import actor_fields, date_fields, global_event_id, place_fields
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
from communique.serialize import to_jsonable
from communique.store import EventStore
from communique.store.dedupe import merge_events

USA = Actor("Q707401", "Antony Blinken", "USA", "GOV", "Secretary of State", "person", "USAGOV")
CHN = Actor("Q15031", "Xi Jinping", "CHN", "GOV", "President", "person", "CHNGOV")
UN = Actor("Q1065", "United Nations", "IGO", "IGO", None, "organisation", "IGOUNO")
BEIJING = Place("Beijing", "CHN", 39.9042, 116.4074, 1816670, "city", "22")
DAY = dt.date(2024, 4, 26)
TEXT = "Officials said on Friday that Blinken met Xi in Beijing. More talks are planned."


def reported(
    article_id: str, source: str, actor: Actor, recipient: Actor, tone: float | None = None
) -> CodedArticle:
    article = Article(article_id, TEXT, published=DAY, url=f"https://{source}/{article_id}",
                      source=source)  # fmt: skip
    a_start, r_start = (31, 42) if actor is USA else (42, 31)
    event = Event(
        id=f"{article_id}-e1",
        article_id=article_id,
        event="CONSULT",
        mode="visit",
        context=(),
        cameo="042",
        goldstein=1.9,
        quad_code=1,
        actors=(Participant(actor.name, actor, a_start, a_start + 2),),
        recipients=(Participant(recipient.name, recipient, r_start, r_start + 2),),
        trigger="met",
        sentence=TEXT[:56],
        start=0,
        end=56,
        trigger_start=38,
        trigger_end=41,
        date=DAY,
        date_basis="relative",
        place=BEIJING,
        place_basis="sentence",
    )
    mentions = (
        Mention(article_id, "Blinken", 31, 38, 0, USA),
        Mention(article_id, "Xi", 42, 44, 0, CHN),
    )
    return CodedArticle(article, CleanText(article_id, TEXT), mentions, (event,), tone=tone)


@pytest.fixture
def exported(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    with EventStore(tmp_path / "s.duckdb") as store:
        store.write(reported("a1", "wire.example", USA, CHN, -1.5))
        store.write(reported("a2", "paper.example", CHN, USA, 2.5))
        store.write(reported("a3", "radio.example", USA, CHN, 1.0))
        merge_events(store)
        counts = export_gdelt(store, tmp_path / "events.tsv", tmp_path / "mentions.tsv")
    assert counts == (1, 3)
    yield tmp_path / "events.tsv", tmp_path / "mentions.tsv"


def rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_gdelt_events_have_61_columns_and_mentions_16(exported: tuple[Path, Path]) -> None:
    assert len(EVENT_COLUMNS) == len(set(EVENT_COLUMNS)) == 61
    assert len(MENTION_COLUMNS) == 16
    events, mentions = exported
    (row,) = rows(events)
    assert len(row) == 61
    assert [len(r) for r in rows(mentions)] == [16, 16, 16]


def test_gdelt_column_order_matches_the_reference(shared_dir: Path) -> None:
    gdelt = shared_dir / "reference" / "gdelt"
    with (gdelt / "GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv").open(
        encoding="utf-8"
    ) as f:
        reference = [r["tableId"] for r in csv.DictReader(f)]
    assert tuple(reference) == EVENT_COLUMNS
    mention_file = gdelt / "GDELT_2.0_eventMentions_Column_Labels_Header_Row_Sep2016.tsv"
    with mention_file.open(encoding="utf-8") as f:
        names = [line.split("\t")[1] for line in f.read().splitlines()[1:] if line.strip()]
    assert tuple(n for n in names if n != "Add New Fields") == MENTION_COLUMNS


def test_gdelt_round_trip_with_reference_names(
    exported: tuple[Path, Path], shared_dir: Path
) -> None:
    gdelt = shared_dir / "reference" / "gdelt"
    labels = pd.read_csv(gdelt / "GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv")
    strings = labels.loc[labels["dataType"] == "STRING", "tableId"].tolist()
    frame = pd.read_csv(
        exported[0], sep="\t", header=None, names=labels["tableId"].tolist(),
        dtype=dict.fromkeys(strings, "string"),
    )  # fmt: skip
    row = frame.iloc[0]
    assert row["GLOBALEVENTID"] == global_event_id("a1-e1")
    assert frame["SQLDATE"].dtype.kind == "i" and row["SQLDATE"] == 20240426
    assert (row["MonthYear"], row["Year"]) == (202404, 2024)
    assert row["FractionDate"] == pytest.approx(2024 + (4 * 30 + 26) / 365, abs=1e-4)
    assert (row["EventCode"], row["EventBaseCode"], row["EventRootCode"]) == ("042", "042", "04")
    assert (row["Actor1Code"], row["Actor1CountryCode"], row["Actor1Type1Code"]) == (
        "USAGOV", "USA", "GOV",
    )  # fmt: skip
    assert (row["Actor2Code"], row["Actor2Name"]) == ("CHNGOV", "XI JINPING")
    assert frame["GoldsteinScale"].dtype.kind == "f" and row["GoldsteinScale"] == 1.9
    assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == (3, 3, 3)
    assert row["AvgTone"] == pytest.approx(2 / 3, abs=1e-4)
    assert (row["ActionGeo_Type"], row["ActionGeo_CountryCode"]) == (4, "CH")
    assert row["ActionGeo_FullName"] == "Beijing, China"
    assert (row["ActionGeo_ADM1Code"], row["ActionGeo_FeatureID"]) == ("CH22", "1816670")
    assert row["ActionGeo_Lat"] == pytest.approx(39.9042)
    assert row["Actor1Geo_Type"] == 0
    assert row["IsRootEvent"] == 1
    assert row["SOURCEURL"] == "https://wire.example/a1"
    assert len(str(row["DATEADDED"])) == 14


def test_gdelt_mentions_point_at_the_canonical_event(exported: tuple[Path, Path]) -> None:
    mentions = pd.read_csv(
        exported[1], sep="\t", header=None, names=list(MENTION_COLUMNS),
        dtype={"MentionSourceName": "string", "MentionIdentifier": "string"},
    )  # fmt: skip
    assert set(mentions["GLOBALEVENTID"]) == {global_event_id("a1-e1")}
    assert sorted(mentions["MentionSourceName"]) == [
        "paper.example", "radio.example", "wire.example",
    ]  # fmt: skip
    assert set(mentions["MentionType"]) == {1}
    assert set(mentions["SentenceID"]) == {1}
    assert set(mentions["ActionCharOffset"]) == {38}
    assert sorted(mentions["Actor1CharOffset"]) == [31, 31, 42]  # a2 reports it the other way
    assert set(mentions["MentionDocLen"]) == {len(TEXT)}
    assert sorted(mentions["MentionDocTone"]) == [-1.5, 1.0, 2.5]


def test_gdelt_header_option(tmp_path: Path) -> None:
    with EventStore(tmp_path / "s.duckdb") as store:
        store.write(reported("a1", "wire.example", USA, CHN))
        export_gdelt(store, tmp_path / "e.tsv", tmp_path / "m.tsv", header=True)
    assert rows(tmp_path / "e.tsv")[0] == list(EVENT_COLUMNS)
    assert rows(tmp_path / "m.tsv")[0] == list(MENTION_COLUMNS)


def test_gdelt_field_helpers() -> None:
    assert date_fields(None) == [None, None, None, None]
    assert date_fields(dt.date(2024, 1, 2))[:3] == [20240102, 202401, 2024]
    un = actor_fields([to_jsonable(Participant("the UN", UN, 0, 6))])
    assert un[:4] == ["IGOUNO", "UNITED NATIONS", None, "UNO"]
    unresolved = actor_fields([to_jsonable(Participant("gunmen", None, 0, 6))])
    assert unresolved[:3] == [None, "GUNMEN", None]
    country = place_fields(to_jsonable(Place("France", "FRA", feature="country")))
    assert country[:4] == [1, "France", "FR", "FR"]
    us_city = place_fields(to_jsonable(Place("Austin", "USA", feature="city", admin1="TX")))
    assert us_city[:4] == [3, "Austin, United States", "US", "USTX"]
    assert place_fields(None)[0] == 0
    assert global_event_id("x") == global_event_id("x") != global_event_id("y")


def test_country_table_errors_name_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "countries.yaml"
    bad.write_text(
        "- {code: FRA, name: France, fips: FR}\n- {code: DEU, name: Germany, fips: german}\n",
        "utf-8",
    )
    with pytest.raises(DataFileError, match=r"countries.yaml:2: DEU: fips"):
        load_country_codes(bad)
    bad.write_text("- {code: FRA, fips: FR}\n- {code: FRA, fips: FR}\n", "utf-8")
    with pytest.raises(DataFileError, match=r":2: FRA is listed twice"):
        load_country_codes(bad)


def test_gdelt_num_mentions_counts_retellings_within_a_story(tmp_path: Path) -> None:
    # the first outlet tells the meeting three times (its event links two retellings), the
    # other two once each: five mentions in three articles from three sources
    first = reported("a1", "wire.example", USA, CHN)
    told_again = replace(first.events[0], mentions=((57, 81), (90, 120)))
    with EventStore(tmp_path / "s.duckdb") as store:
        store.write(replace(first, events=(told_again,)))
        store.write(reported("a2", "paper.example", CHN, USA))
        store.write(reported("a3", "radio.example", USA, CHN))
        merge_events(store)
        export_gdelt(store, tmp_path / "events.tsv", tmp_path / "mentions.tsv")
    (row,) = rows(tmp_path / "events.tsv")
    named = dict(zip(EVENT_COLUMNS, row, strict=True))
    assert (named["NumMentions"], named["NumSources"], named["NumArticles"]) == ("5", "3", "3")
