"""Evaluation against gold sets: readers, scoring rules and the evaluate command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique.cli.app import app
from communique.errors import DataFileError
from communique.events.goldsets import (
    PENTA_BY_ROOT,
    GoldEvent,
    GoldFormat,
    GoldSentence,
    guess_format,
    read_gold,
    read_petrarch_actors,
)
from communique.pipeline.evaluation import Report, penta_class, score, scored_root, scored_type
from communique.records import Actor, Event, Participant


def _participant(country: str) -> Participant:
    return Participant(country, Actor(f"cq:state:{country}", country, country, "GOV"), 0, 1)


def _event(
    plover: str, cameo: str, actor: str = "USA", recipient: str = "CHN", **flags: bool
) -> Event:
    return Event(
        id=f"{plover}-{cameo}",
        article_id="a",
        event=plover,
        mode=None,
        context=(),
        cameo=cameo,
        goldstein=0.0,
        quad_code=1,
        actors=(_participant(actor),),
        recipients=(_participant(recipient),),
        trigger="x",
        sentence="x",
        start=0,
        end=1,
        trigger_start=0,
        trigger_end=1,
        negated=flags.get("negated", False),
        future=flags.get("future", False),
        hypothetical=flags.get("hypothetical", False),
        historical=False,
        place_text=None,
        time_text=None,
        pattern="test",
    )


_GOLD = GoldSentence(
    "s1",
    "text",
    (GoldEvent(("THREATEN", "COERCE"), "138", frozenset({"USA"}), frozenset({"CHN"})),),
)


def test_alternative_type_matches_and_counts_once() -> None:
    report = Report("t")
    score(report, _GOLD, [_event("COERCE", "172")], GoldFormat.plover_gsr)
    assert (report.by_type["THREATEN"].tp, report.by_type["THREATEN"].fn) == (1, 0)
    assert report.with_actors.tp == 1
    assert (report.actor_country.value, report.recipient_country.value) == (1.0, 1.0)
    assert report.cameo_root.correct == 0  # 17 is not 13


def test_wrong_type_is_a_false_positive_and_a_miss() -> None:
    report = Report("t")
    events = [_event("AID", "070"), _event("AID", "073")]
    score(report, _GOLD, events, GoldFormat.plover_gsr)
    assert report.by_type["THREATEN"].fn == 1
    assert report.by_type["AID"].fp == 2  # strict: every unmatched output event is a false positive
    assert report.confusion[("THREATEN", "AID")] == 1


def test_negated_and_hypothetical_events_are_not_predictions() -> None:
    report = Report("t")
    events = [_event("THREATEN", "130", negated=True), _event("THREATEN", "130", hypothetical=True)]
    score(report, _GOLD, events, GoldFormat.plover_gsr)
    assert report.by_type["THREATEN"].fn == 1
    assert report.micro.fp == 0


def test_wrong_actor_country_fails_only_the_actor_measures() -> None:
    report = Report("t")
    score(report, _GOLD, [_event("THREATEN", "130", actor="RUS")], GoldFormat.plover_gsr)
    assert report.by_type["THREATEN"].tp == 1
    assert report.with_actors.tp == 0
    assert report.actor_country.value == 0.0


def test_events_are_scored_exactly_as_emitted() -> None:
    # the coder, not the scorer, turns an announced visit into AGREE: a future CONSULT that
    # reached the output is scored as the CONSULT it claims to be
    visit = _event("CONSULT", "042", future=True)
    assert (scored_type(visit), scored_root(visit)) == ("CONSULT", "04")
    announced = _event("AGREE", "036")
    assert penta_class([announced]) == 1
    assert penta_class([]) == 0  # no event: statement/appeal class
    assert penta_class([_event("ASSAULT", "190")]) == PENTA_BY_ROOT["19"] == 4


def test_penta_scoring() -> None:
    report = Report("t")
    gold = GoldSentence("p", "text", penta=3)
    score(report, gold, [_event("ACCUSE", "111")], GoldFormat.conflibert_tsv)
    score(report, gold, [], GoldFormat.conflibert_tsv)
    assert (report.penta.correct, report.penta.total) == (1, 2)


def test_petrarch_scoring_compares_roots_and_no_event_records() -> None:
    report = Report("t")
    gold = GoldSentence("x", "t", (GoldEvent((), "064", frozenset({"ARN"}), frozenset({"GON"})),))
    score(report, gold, [_event("COOPERATE", "0641", "ARN", "GON")], GoldFormat.petrarch_xml)
    score(report, GoldSentence("y", "t"), [_event("ASSAULT", "190")], GoldFormat.petrarch_xml)
    assert report.by_type["06"].tp == 1
    assert report.with_actors.tp == 1
    assert (report.no_event.correct, report.no_event.total) == (0, 1)


def test_read_gsr_jsonl_with_reciprocal_actors(tmp_path: Path) -> None:
    record = {
        "id": "g1",
        "text": "Jordan and Britain agreed.",
        "events": [
            {
                "plover": "AGREE",
                "plover_alt": ["SUPPORT"],
                "cameo": "030",
                "actor_codes": ["JOR", "GBR"],
                "recipient_codes": [],
                "reciprocal": True,
            }
        ],
    }
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(record) + "\n\n", "utf-8")
    (sentence,) = read_gold(path)
    (event,) = sentence.events
    assert event.plover == ("AGREE", "SUPPORT")
    assert event.recipient_codes == {"JOR", "GBR"}


def test_bad_gold_lines_name_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "gold.tsv"
    path.write_text("A sentence.\t2\nNo label here\n", "utf-8")
    with pytest.raises(DataFileError, match=":2"):
        read_gold(path)
    broken = tmp_path / "gold.jsonl"
    broken.write_text('{"id": 1}\n', "utf-8")
    with pytest.raises(DataFileError, match=":1"):
        read_gold(broken)


def test_formats_are_guessed_from_names() -> None:
    assert guess_format(Path("a.tsv")) is GoldFormat.conflibert_tsv
    assert guess_format(Path("a.xml")) is GoldFormat.petrarch_xml
    assert guess_format(Path("a.jsonl")) is GoldFormat.plover_gsr


def test_petrarch_xml_and_dictionary(tmp_path: Path) -> None:
    xml = tmp_path / "records.xml"
    xml.write_text(
        """<Validation><Sentences>
<Sentence date="19950101" id="D-1" category="DEMO">
<EventCoding sourcecode="ARN" targetcode="GONGOV" eventcode="064"></EventCoding>
<Text>
Arnor restored ties with
Gondor.
</Text></Sentence>
<Sentence date="19950102" id="D-2"><EventCoding noevents="True"></EventCoding>
<Text>Nothing happened.</Text></Sentence>
</Sentences></Validation>""",
        "utf-8",
    )
    first, second = read_gold(xml)
    assert (first.text, first.published) == ("Arnor restored ties with Gondor.", "1995-01-01")
    assert first.events[0].recipient_codes == {"GON"}
    assert second.events == ()
    actors = tmp_path / "actors.txt"
    actors.write_text(
        "<!-- comment -->\nARNOR_  [ARN]\nGONDOR [GON]\n+MINAS_TIRITH\n"
        "GOLLUM # note\n+SMEAGOL\n\t[HOB < 950601]\n\t[HOBGOV 19950601 - 19990815]\n",
        "utf-8",
    )
    entries = {(a.words, a.prefix, a.code) for a in read_petrarch_actors(actors)}
    assert (("ARNOR",), False, "ARN") in entries
    assert (("MINAS", "TIRITH"), True, "GON") in entries
    assert (("SMEAGOL",), True, "HOB") in entries


@pytest.mark.model
def test_evaluate_command_on_a_small_gold_file(tmp_path: Path) -> None:
    records = [
        {
            "id": "1",
            "text": "Russian troops attacked Ukraine on Monday.",
            "events": [
                {"plover": "ASSAULT", "cameo": "190", "actor_codes": ["RUS"],
                 "recipient_codes": ["UKR"]}
            ],
        },
        {
            "id": "2",
            "text": "France urged Germany to cut interest rates.",
            "events": [
                {"plover": "REQUEST", "cameo": "020", "actor_codes": ["FRA"],
                 "recipient_codes": ["DEU"]}
            ],
        },
    ]  # fmt: skip
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records), "utf-8")
    result = CliRunner().invoke(app, ["evaluate", str(path), "--format", "plover-gsr", "--json"])
    assert result.exit_code == 0, result.output
    figures = json.loads(result.output)
    assert figures["sentences"] == 2
    assert figures["micro"]["tp"] == 2
    assert figures["actor_country_accuracy"]["value"] == 1.0
    table = CliRunner().invoke(app, ["evaluate", str(path)])
    assert table.exit_code == 0 and "type F1" in table.output


def test_evaluate_command_reports_a_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["evaluate", str(tmp_path / "none.jsonl")])
    assert result.exit_code == 3
