"""The checks on stories through the whole pipeline: the seed story and stories written for this."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from typer.testing import CliRunner

from communique.checks import check_article
from communique.cli import app
from communique.ingest import article_from_text, read_articles
from communique.pipeline import Pipeline
from communique.records import Article, CodedArticle

if TYPE_CHECKING:
    from spacy.language import Language

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def pipeline(nlp: Language) -> Pipeline:
    coder = Pipeline()
    coder.nlp = nlp  # the session's model, not a second copy
    return coder


def _check(pipeline: Pipeline, text: str, published: str) -> CodedArticle:
    article = article_from_text(text, published=dt.date.fromisoformat(published))
    (coded,) = pipeline.code([article])
    assert isinstance(coded, CodedArticle)
    return check_article(coded, pipeline.knowledge_base)


def _spans(coded: CodedArticle, kind: str) -> list[list[str]]:
    text = coded.article.text
    return [[text[s:e] for s, e in f.spans] for f in coded.flags if f.kind == kind]


@pytest.fixture(scope="module")
def seed(shared_dir: Path, pipeline: Pipeline) -> CodedArticle:
    (article,) = read_articles(
        [shared_dir / "seeds" / "000_d266b461f1e30434.txt"], published=dt.date(2024, 4, 26)
    )
    assert isinstance(article, Article)
    (coded,) = pipeline.code([article])
    assert isinstance(coded, CodedArticle)
    return check_article(coded, pipeline.knowledge_base)


def test_seed_reports_both_naming_conflicts_with_spans(seed: CodedArticle) -> None:
    conflicts = _spans(seed, "name_conflict")
    assert sorted(conflicts) == [
        ["Chinese Foreign Minister Wang Yijie", "Chinese Foreign Minister Wang Yi"],
        ["Public Security Minister Zhao Kezi", "Public Security Minister Wang Xiaohong"],
    ]


def test_seed_reports_the_zhao_kezhi_office_date(seed: CodedArticle) -> None:
    (flag,) = [f for f in seed.flags if f.kind == "office_date"]
    assert "Zhao Kezhi" in flag.message and "2022-06-24" in flag.message
    assert "Wang Xiaohong" in flag.message
    assert _spans(seed, "office_date") == [["Public Security Minister Zhao Kezi"]]


def test_seed_flags_nothing_about_correctly_named_officials(seed: CodedArticle) -> None:
    text = seed.article.text
    subjects = {text[f.spans[0][0] : f.spans[0][1]] for f in seed.flags}
    assert subjects == {
        "Chinese Foreign Minister Wang Yijie",
        "Public Security Minister Zhao Kezi",
    }
    assert {f.kind for f in seed.flags} == {"name_conflict", "office_date", "name_variant"}


def test_seed_events_with_a_misnamed_recipient_carry_the_flags(seed: CodedArticle) -> None:
    for event in seed.events:
        names = {r.entity_text for r in (*event.actors, *event.recipients)}
        misnamed = bool(
            names & {"Chinese Foreign Minister Wang Yijie", "Public Security Minister Zhao Kezi"}
        )
        assert bool(event.flags) == misnamed, names


def test_two_names_for_one_minister(pipeline: Pipeline) -> None:
    coded = _check(
        pipeline,
        "Japanese Foreign Minister Yoko Kamikawa met Indian officials in Tokyo on Monday. The "
        "talks covered trade and security.\n\nLater, Japanese Foreign Minister Kenji Moriyama "
        "told reporters the meeting had gone well.",
        "2024-03-04",
    )
    assert _spans(coded, "name_conflict") == [
        ["Japanese Foreign Minister Kenji Moriyama", "Japanese Foreign Minister Yoko Kamikawa"]
    ]
    assert "held by Yoko Kamikawa" in coded.flags[0].message
    assert _spans(coded, "name_variant") == []  # the names are not alike


def test_a_minister_out_of_office_but_not_a_former_one(pipeline: Pipeline) -> None:
    story = (
        "{who} Qin Gang met Russian Foreign Minister Sergei Lavrov in Beijing on Tuesday. "
        "The two men discussed the war in Ukraine."
    )
    coded = _check(pipeline, story.format(who="Chinese Foreign Minister"), "2024-04-23")
    assert _spans(coded, "office_date") == [["Chinese Foreign Minister Qin Gang"]]
    assert "held by Wang Yi" in coded.flags[0].message
    assert coded.events and all(coded.flags[0].id in e.flags for e in coded.events)
    former = _check(pipeline, story.format(who="Former Chinese Foreign Minister"), "2024-04-23")
    assert former.flags == ()


def test_a_misspelt_minister(pipeline: Pipeline) -> None:
    coded = _check(
        pipeline,
        "Russian Foreign Minister Sergei Lavrow arrived in Ankara on Monday for talks.",
        "2024-04-22",
    )
    assert _spans(coded, "name_variant") == [["Russian Foreign Minister Sergei Lavrow"]]
    assert "Sergei Lavrov" in coded.flags[0].message


def test_one_meeting_in_two_cities(pipeline: Pipeline) -> None:
    coded = _check(
        pipeline,
        "Secretary of State Antony Blinken met Chinese Foreign Minister Wang Yi in Beijing on "
        "Friday. They spoke about trade.\n\nBlinken met Wang Yi in Tokyo on Friday, officials "
        "said.",
        "2024-04-26",
    )
    assert [f.kind for f in coded.flags] == ["place_conflict"]
    assert "Beijing" in coded.flags[0].message and "Tokyo" in coded.flags[0].message


def test_one_meeting_on_two_days(pipeline: Pipeline) -> None:
    coded = _check(
        pipeline,
        "Secretary of State Antony Blinken met Chinese Foreign Minister Wang Yi in Beijing on "
        "April 24. They spoke about trade.\n\nBlinken met Wang Yi in Beijing on April 25, "
        "officials said.",
        "2024-04-26",
    )
    assert [f.kind for f in coded.flags] == ["date_conflict"]
    assert "2024-04-24" in coded.flags[0].message and "2024-04-25" in coded.flags[0].message


def test_one_quotation_two_speakers(pipeline: Pipeline) -> None:
    words = "We will never accept any interference in our internal affairs from anyone"
    coded = _check(
        pipeline,
        f'"{words}," Chinese Foreign Minister Wang Yi said on Friday.\n\nSecretary of State '
        f'Antony Blinken met officials in Beijing. "{words}," Blinken said.',
        "2024-04-26",
    )
    assert [f.kind for f in coded.flags] == ["quote_conflict"]
    assert "Wang Yi" in coded.flags[0].message and "Antony Blinken" in coded.flags[0].message


def test_check_command_prints_flags_as_json(shared_dir: Path) -> None:
    seed = shared_dir / "seeds" / "000_d266b461f1e30434.txt"
    result = CliRunner().invoke(
        app, ["check", str(seed), "--published", "2024-04-26", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    kinds = sorted(f["kind"] for f in document["flags"])
    assert kinds == [
        "name_conflict",
        "name_conflict",
        "name_variant",
        "name_variant",
        "office_date",
    ]
    evidence = {e["text"] for f in document["flags"] for e in f["evidence"]}
    assert "Public Security Minister Zhao Kezi" in evidence
    assert document["flagged_events"]


def test_check_command_table_and_exit_code_without_flags(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text("Chinese Foreign Minister Wang Yi met Sergei Lavrov in Beijing on Monday.\n")
    result = CliRunner().invoke(app, ["check", str(story), "--published", "2024-04-22"])
    assert result.exit_code == 0, result.output
    assert "no flags" in " ".join(result.stdout.split())  # rich wraps long lines


def test_an_old_title_in_a_passage_set_in_that_term_is_history(pipeline: Pipeline) -> None:
    told = (
        "The deputy ambassador spoke by phone with Secretary of State Hillary Clinton, the "
        "report says."
    )
    past = _check(
        pipeline,
        "Lawmakers questioned officials about the attack on the consulate in September 2012.\n\n"
        f"The report was released by the committee.\n\n{told}",
        "2014-06-10",
    )
    assert past.flags == ()
    # the same words in a passage set in the story's own week give Clinton an office she had left
    present = _check(
        pipeline,
        "Lawmakers questioned officials about the consulate on Monday.\n\n"
        f"The report was released by the committee.\n\n{told}",
        "2014-06-10",
    )
    assert _spans(present, "office_date") == [["Secretary of State Hillary Clinton"]]
    assert "John Kerry" in present.flags[0].message


def test_a_title_in_a_passage_set_years_ago_is_no_naming_conflict(pipeline: Pipeline) -> None:
    now = "Cuban President Raul Castro welcomed the American leader to his capital for talks."
    then = "He was welcomed by Cuban President Fidel Castro."
    past = _check(pipeline, f"{now}\n\nJimmy Carter visited Cuba in 2002. {then}", "2016-03-22")
    assert [f.kind for f in past.flags] == []
    present = _check(
        pipeline, f"{now}\n\nJimmy Carter visited Cuba on Monday. {then}", "2016-03-22"
    )
    assert [f.kind for f in present.flags] == ["name_conflict"]


def test_a_week_does_not_contradict_a_day_in_it(pipeline: Pipeline) -> None:
    coded = _check(
        pipeline,
        "Secretary of State Antony Blinken met Chinese Foreign Minister Wang Yi in Beijing this "
        "week. They spoke about trade.\n\nBlinken met Wang Yi in Beijing on Friday, officials "
        "said.",
        "2024-04-26",
    )
    assert coded.flags == ()


def test_a_name_read_across_a_removed_credit_is_cut_at_the_line_break(
    pipeline: Pipeline,
) -> None:
    coded = _check(
        pipeline,
        "Tillerson Meets Putin At Kremlin, Discuss Tensions Between Russia And U.S.\n\n"
        "Enlarge this image toggle caption Jane Roe/AFP/Getty Images Jane Roe/AFP/Getty Images\n\n"
        "U.S. Secretary of State Rex Tillerson says he had a productive meeting with Russian "
        "President Vladimir Putin on Wednesday.",
        "2017-04-12",
    )
    assert all("\n" not in m.text for m in coded.mentions)
    assert coded.flags == ()
    assert "U.S. Secretary of State Rex Tillerson" in [m.text for m in coded.mentions]
