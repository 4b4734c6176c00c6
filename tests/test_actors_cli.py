"""The `communique actors` commands, run through Typer's test runner."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import communique
from communique.cli.app import app
from communique.records import Actor, Article, CleanText, CodedArticle, Event, Participant
from communique.store import EventStore

runner = CliRunner()


def invoke(*args: str) -> Any:
    result = runner.invoke(app, ["actors", *args])
    assert result.exit_code == 0, result.output
    return result


def resolved(*args: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(invoke("resolve", *args, "--format", "json").stdout)
    return document


def test_resolve_prints_the_documented_json_shape() -> None:
    document = resolved("Vladimir Putin", "--date", "2009-01-01")
    assert {"name", "code", "sector", "role", "id", "candidates"} <= set(document)
    assert document["code"] == "RUSGOV"
    assert (document["sector"], document["role"]) == ("GOV", "Prime Minister")
    assert document["candidates"] == []


def test_resolve_codes_a_former_office_holder_as_elite() -> None:
    document = resolved("Antony Blinken", "--date", "2026-01-01")
    assert (document["code"], document["sector"]) == ("USAELI", "ELI")
    assert document["role"] == "former Secretary of State"
    assert resolved("Antony Blinken", "--date", "2024-04-26")["code"] == "USAGOV"


def test_resolve_titles_capitals_and_ambiguous_surnames() -> None:
    assert resolved("the Chinese foreign minister", "--date", "2023-06-18")["name"] == "Qin Gang"
    assert resolved("the Chinese foreign minister", "--date", "2024-04-26")["name"] == "Wang Yi"
    assert resolved("Beijing")["code"] == "CHNGOV"
    wang = resolved("Wang", "--date", "2024-04-26")
    assert wang["code"] is None
    assert "Wang Yi" in {c["name"] for c in wang["candidates"]} and len(wang["candidates"]) > 1
    unknown = resolved("Zorblax Quintavious")
    assert unknown["id"] is None and unknown["candidates"] == []


@pytest.mark.model
def test_resolve_codes_a_phrase_no_dictionary_lists_by_its_words() -> None:
    # no entry holds this phrase: its country word and its head noun code it
    fighters = resolved("Sudanese paramilitary fighters", "--date", "2024-01-12")
    assert (fighters["country"], fighters["sector"]) == ("SDN", "UAF")


def test_resolve_table_and_bad_date() -> None:
    table = invoke("resolve", "Xi Jinping", "--date", "2024-04-26", "--format", "table")
    assert "CHNGOV" in table.stdout
    bad = runner.invoke(app, ["actors", "resolve", "Xi Jinping", "--date", "2024-13-01"])
    assert bad.exit_code == 2


def test_list_gives_the_office_holders_of_a_day() -> None:
    rows = json.loads(
        invoke("list", "--country", "CHN", "--date", "2024-04-26", "--format", "json").stdout
    )
    offices = {(row["name"], row["office"]) for row in rows}
    assert ("Wang Yi", "foreign_minister") in offices
    assert ("Xi Jinping", "head_of_state") in offices
    assert "Qin Gang" not in {name for name, _ in offices}
    assert rows[0]["office"] == "head_of_state"  # main offices first
    table = invoke("list", "--country", "chn", "--date", "2023-06-18").stdout
    assert "Qin Gang" in table


def test_show_lists_aliases_and_dated_roles() -> None:
    (entry,) = json.loads(invoke("show", "Blinken", "--format", "json").stdout)
    assert entry["id"] == "Q707401" and "Tony Blinken" in entry["aliases"]
    assert {"start": "2021-01-26", "end": "2025-01-20"}.items() <= entry["roles"][0].items()
    assert "people/usa.yaml" in entry["source"]
    assert "2021-01-26" in invoke("show", "Antony Blinken").stdout
    missing = runner.invoke(app, ["actors", "show", "Zorblax Quintavious"])
    assert missing.exit_code == 1


def test_import_csv_then_resolve_through_the_config(tmp_path: Path) -> None:
    roles = tmp_path / "roles.csv"
    roles.write_text(
        "name,country,sector,title,start,end\n"
        "Jane Example,GBR,GOV,Minister of State,2024-07-05,\n"
        "Jane Example,GBR,LEG,Member of Parliament,2019-12-12,2024-07-05\n"
        "Nobody,XXX,GOV,Minister,2020,\n",
        "utf-8",
    )
    out = tmp_path / "mine.yaml"
    result = invoke("import-csv", str(roles), "--out", str(out))
    assert "country not in countries.yaml" in result.stdout and "roles.csv:4" in result.stdout
    config = tmp_path / "my.toml"
    config.write_text(f'[actors]\nuser_files = ["{out.as_posix()}"]\n', "utf-8")
    document = resolved("Jane Example", "--date", "2022-01-01", "--config", str(config))
    assert (document["code"], document["role"]) == ("GBRLEG", "Member of Parliament")
    assert resolved("Jane Example")["id"] is None  # not without the config


def test_import_petrarch_prints_counts_and_reasons(tmp_path: Path) -> None:
    folder = tmp_path / "dicts"
    folder.mkdir()
    (folder / "Mini.actors.txt").write_text(
        "ERNST_EXAMPLE_\n\t[DEUGOV 980101-051122]\n\t[DEUELI]\nLOST_SOUL_\n\t[ZZZGOV >20010101]\n",
        "utf-8",
    )
    out = tmp_path / "p.yaml"
    result = invoke("import-petrarch", str(folder), "--out", str(out))
    assert "unknown country code" in result.stdout and "Mini.actors.txt:5" in result.stdout
    assert "user_files" in result.stdout
    config = tmp_path / "p.toml"
    config.write_text(f'[actors]\nuser_files = ["{out.as_posix()}"]\n', "utf-8")
    assert resolved("Ernst Example", "--date", "2000-01-01", "--config", str(config))["code"] == (
        "DEUGOV"
    )


def test_import_petrarch_names_the_fixture_files_it_leaves_out(tmp_path: Path) -> None:
    folder = tmp_path / "dicts"
    folder.mkdir()
    (folder / "Mini.actors.txt").write_text("ERNST_EXAMPLE_\n\t[DEUGOV >980101]\n", "utf-8")
    (folder / "PETR.Validate.actors.txt").write_text("ENGLAND  [UNK]\n", "utf-8")
    config = tmp_path / "p.toml"
    out = tmp_path / "p.yaml"
    config.write_text(f'[actors]\nuser_files = ["{out.as_posix()}"]\n', "utf-8")
    result = invoke("import-petrarch", str(folder), "--out", str(out))
    lines = [line for line in result.stdout.splitlines() if "PETR.Validate.actors.txt" in line]
    assert len(lines) == 1 and "fixture" in lines[0] and "--include-fixtures" in lines[0]
    assert resolved("England", "--config", str(config))["country"] != "UNK"

    invoke("import-petrarch", str(folder), "--out", str(out), "--include-fixtures")
    assert resolved("England", "--config", str(config))["country"] == "UNK"


def test_importers_never_write_into_the_package(tmp_path: Path) -> None:
    package = Path(str(communique.__file__)).parent
    roles = tmp_path / "roles.csv"
    roles.write_text("name,country,sector,title\nA B,FRA,GOV,Minister\n", "utf-8")
    target = package / "data" / "actors" / "user.yaml"
    result = runner.invoke(app, ["actors", "import-csv", str(roles), "--out", str(target)])
    assert result.exit_code == 2 and not target.exists()


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    blinken = Actor("Q707401", "Antony Blinken", "USA", "GOV", None, "person", "USAGOV")
    wang = Actor("cq:person:wang-yi", "Wang Yi", "CHN", "GOV", None, "person", "CHNGOV")
    path = tmp_path / "s.duckdb"
    with EventStore(path) as store:
        for n, (actor, recipient) in enumerate([(blinken, wang), (wang, blinken), (blinken, wang)]):
            event = Event(
                id=f"e{n}",
                article_id=f"a{n}",
                event="CONSULT",
                mode=None,
                context=(),
                cameo="042",
                goldstein=1.9,
                quad_code=1,
                actors=(Participant(actor.name, actor, 0, 3),),
                recipients=(Participant(recipient.name, recipient, 4, 8),),
                trigger="met",
                sentence=f"story {n}",
                start=0,
                end=9,
                date=dt.date(2024, 4, 26),
            )
            article = Article(f"a{n}", f"story {n}", published=event.date, source=f"src{n}")
            text = CleanText(article.id, article.text)
            store.write(CodedArticle(article, text, events=(event,)))
    return path


def test_top_prints_the_actors_in_most_events(store_path: Path) -> None:
    result = invoke("top", "--db", str(store_path), "--n", "1")
    # both took part in all three events: the tie goes to the smaller id
    assert "Q707401" in result.stdout and "wang-yi" not in result.stdout
    assert "+1.90" in result.stdout
    assert "cq:person:w" in invoke("top", "--db", str(store_path), "--n", "2").stdout
    missing = runner.invoke(app, ["actors", "top", "--db", str(store_path.with_name("x.duckdb"))])
    assert missing.exit_code == 2  # a missing store is a usage error, as for every command


def test_coverage_is_a_markdown_table_of_the_shipped_base() -> None:
    text = invoke("coverage", "--cutoff", "2025-12-31").stdout
    assert "Cut-off date: 2025-12-31" in text
    rows = {line.split(" | ")[0].strip("| "): line for line in text.splitlines() if "|" in line}
    china = rows["CHN"].split(" | ")
    assert china[1] == "China" and int(china[2]) >= 5 and int(china[4]) >= 3
    assert "foreign_minister" in china[5]
    assert "international organisations" in rows["IGO"]
