"""The run, code and events commands, end to end through the real pipeline."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique.cli import app
from communique.cli.common import EXIT_CONFIG, EXIT_NOTHING_READ, EXIT_USAGE

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"
STORY = (
    "WASHINGTON, April 2, 2024 — US President Joe Biden spoke by phone with Chinese President "
    "Xi Jinping on Tuesday, the White House said.\n\n"
    "Secretary of State Antony Blinken will visit Beijing later this month.\n\n"
    "Photo: Jane Doe / Reuters\n"
)

runner = CliRunner()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    result = runner.invoke(app, ["run", str(EXAMPLES), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


@pytest.mark.model
def test_cli_code_json_document_from_stdin() -> None:
    result = runner.invoke(app, ["code", "-", "--published", "2024-04-02"], input=STORY)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert set(doc) >= {"article", "removed", "actors", "mentions", "events", "quotes", "issues"}
    assert doc["article"]["published"] == "2024-04-02"
    assert [r["kind"] for r in doc["removed"]] == ["credit"]
    (call,) = [e for e in doc["events"] if e["mode"] == "phone"]
    assert call["event"] == "CONSULT" and call["date"] == "2024-04-02"
    assert {a["code"] for a in call["actor"]} == {"USA"}
    assert {a["code"] for a in call["recipient"]} == {"CHN"}
    # "will visit Beijing": PLOVER codes the announcement (AGREE) and keeps the visit to come
    (visit,) = [e for e in doc["events"] if e["intended_event"]]
    assert (visit["event"], visit["intended_event"], visit["future"]) == ("AGREE", "CONSULT", False)


@pytest.mark.model
def test_cli_code_plover_lines_use_manual_field_names() -> None:
    result = runner.invoke(app, ["code", "-", "--format", "plover"], input=STORY)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records
    for record in records:
        assert {
            "id",
            "date",
            "actor",
            "recipient",
            "event",
            "mode",
            "context",
            "quad_code",
            "event_loc",
            "event_text",
            "text_info",
            "article_id",
            "cameo",
            "negated",
        } <= set(record)
        assert set(record["actor"][0]) >= {"entity_text", "identifier_text", "code", "sector"}
        assert isinstance(record["cameo"]["code"], str)
        span = record["text_info"]
        assert STORY[span["start"] : span["end"]] == record["event_text"]


@pytest.mark.model
def test_cli_code_table_prints_evidence() -> None:
    result = runner.invoke(
        app, ["code", "-", "--format", "table"], input=STORY, env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert "CONSULT" in result.stdout and "phone" in result.stdout


@pytest.mark.model
def test_cli_code_table_fits_a_narrow_terminal() -> None:
    # 80 columns: one short column per field, the trigger words standing for the sentence
    result = runner.invoke(
        app, ["code", "-", "--format", "table"], input=STORY, env={"COLUMNS": "80"}
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "trigger" in result.stdout and "spoke by" in result.stdout
    assert max(len(line) for line in lines) <= 80
    assert len(lines) < 30  # two events, not a column of six-letter fragments


@pytest.mark.model
def test_cli_run_stores_examples_and_rerun_adds_nothing(demo_db: Path) -> None:
    again = runner.invoke(app, ["run", str(EXAMPLES), "--db", str(demo_db)])
    assert again.exit_code == 0, again.output
    assert "already stored" in again.stdout
    import duckdb

    con = duckdb.connect(str(demo_db), read_only=True)
    articles = con.execute("SELECT count(*) FROM articles").fetchone()
    events = con.execute("SELECT count(*), count(DISTINCT id) FROM events").fetchone()
    con.close()
    assert articles is not None and articles[0] >= 17
    assert events is not None and events[0] == events[1] > 0


@pytest.mark.model
@pytest.mark.parametrize("fmt", ["table", "csv", "jsonl", "plover"])
def test_cli_events_formats(demo_db: Path, fmt: str) -> None:
    result = runner.invoke(
        app, ["events", "--db", str(demo_db), "--type", "CONSULT", "--format", fmt]
    )
    assert result.exit_code == 0, result.output
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert rows and {r["event"] for r in rows} == {"CONSULT"}
    elif fmt in {"jsonl", "plover"}:
        lines = [json.loads(line) for line in result.stdout.splitlines()]
        assert lines and all(line["event"] == "CONSULT" for line in lines)


@pytest.mark.model
def test_cli_events_filters_by_country_and_date(demo_db: Path) -> None:
    result = runner.invoke(
        app,
        [
            "events",
            "--db",
            str(demo_db),
            "--country",
            "CHN",
            "--since",
            "2024-01-01",
            "--until",
            "2024-12-31",
            "--format",
            "jsonl",
        ],
    )
    assert result.exit_code == 0, result.output
    events = [json.loads(line) for line in result.stdout.splitlines()]
    assert events
    for event in events:
        assert "2024-01-01" <= event["date"] <= "2024-12-31"
        countries = {
            p["actor"]["country"] for p in event["actors"] + event["recipients"] if p["actor"]
        }
        assert "CHN" in countries


def test_cli_run_exits_1_when_nothing_could_be_read(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    result = runner.invoke(app, ["run", str(tmp_path), "--db", str(tmp_path / "x.duckdb")])
    assert result.exit_code == EXIT_NOTHING_READ
    assert "binary.txt" in result.stderr and "empty.txt" in result.stderr


def test_cli_bad_published_date_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["code", "-", "--published", "26/04/2024"], input=STORY)
    assert result.exit_code == EXIT_USAGE
    assert "YYYY-MM-DD" in result.stderr


def test_cli_missing_model_names_the_package_to_install() -> None:
    result = runner.invoke(app, ["code", "-", "--model", "en_core_web_nonexistent"], input=STORY)
    assert result.exit_code == EXIT_CONFIG
    assert "pip install en-core-web-nonexistent" in result.stderr


def test_cli_events_on_missing_database_is_a_usage_error_as_everywhere(tmp_path: Path) -> None:
    # the same missing store gives the same exit code from every command that reads one
    for args in (["events"], ["actors", "top"], ["dyad", "USA", "CHN"]):
        result = runner.invoke(app, [*args, "--db", str(tmp_path / "none.duckdb")])
        assert result.exit_code == EXIT_USAGE, args
        assert "communique run" in result.stderr
    assert not (tmp_path / "none.duckdb").exists()


@pytest.mark.model
def test_a_story_without_a_date_is_reported_never_silently_today(tmp_path: Path) -> None:
    text = "Iran and Iraq held talks on Friday.\n"
    coded = runner.invoke(app, ["code", "-", "--format", "plover"], input=text)
    assert coded.exit_code == 0, coded.output
    assert "no publication date" in coded.output
    dated = runner.invoke(
        app, ["code", "-", "--format", "plover", "--published", "2024-04-26"], input=text
    )
    assert "no publication date" not in dated.output
    story = tmp_path / "stories" / "undated.txt"
    story.parent.mkdir()
    story.write_text(text, "utf-8")
    stored = runner.invoke(app, ["run", str(story.parent), "--db", str(tmp_path / "u.duckdb")])
    assert stored.exit_code == 0, stored.output
    assert "1 stored story has no publication date" in " ".join(stored.output.split())


@pytest.mark.model
def test_a_narrow_table_still_marks_background_events() -> None:
    result = runner.invoke(
        app,
        ["code", "-", "--format", "table", "--published", "2024-04-26"],
        input="In 2019, Iran and Iraq held talks in Baghdad.\n",
        env={"COLUMNS": "80"},
    )
    assert result.exit_code == 0, result.output
    assert "(past)" in result.stdout


@pytest.mark.model
def test_a_table_shows_a_date_as_precise_as_the_story_gives_it() -> None:
    result = runner.invoke(
        app,
        ["code", "-", "--format", "table", "--published", "2024-04-26"],
        input="In 2019, Iran and Iraq held talks in Baghdad.\n",
        env={"COLUMNS": "80"},
    )
    assert result.exit_code == 0, result.output
    assert "2019 " in result.stdout and "2019-01-01" not in result.stdout


@pytest.mark.model
def test_every_column_of_a_stored_events_table_has_its_header(tmp_path: Path) -> None:
    db = tmp_path / "t.duckdb"
    story = tmp_path / "story.txt"
    story.write_text("Iran and Iraq held talks in Baghdad on Friday.\n", "utf-8")
    stored = runner.invoke(app, ["run", str(story), "--db", str(db), "--published", "2024-04-26"])
    assert stored.exit_code == 0, stored.output
    for width in ("80", "200"):
        result = runner.invoke(
            app, ["events", "--db", str(db), "--format", "table"], env={"COLUMNS": width}
        )
        assert result.exit_code == 0, result.output
        header = next(line for line in result.stdout.splitlines() if "date" in line)
        cells = [c.strip() for c in header.strip("┃ ").split("┃")]
        assert all(cells), header  # no column without a name
        assert ("reports" in cells) == (width == "200")


@pytest.mark.model
def test_brackets_in_paths_and_reasons_are_printed_as_written(tmp_path: Path) -> None:
    folder = tmp_path / "[" / "x] stories"  # its path holds "[/x]", a closing markup tag
    folder.mkdir(parents=True)
    (folder / "good.txt").write_text("Iran and Iraq held talks in Baghdad on Friday.\n", "utf-8")
    (folder / "short.jsonl").write_text('{"text": "x"}\n', "utf-8")
    result = runner.invoke(app, ["code", str(folder), "--published", "2024-04-26"])
    assert result.exit_code == 0, result.output  # a markup error would end the command
    said = " ".join(result.output.split())
    assert "[/x] stories" in said and "[ingest] section" in said
