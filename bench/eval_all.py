"""`make eval`: score the event coder on every development gold set in ../shared/eval.

Prints the figures and writes them, with the date and the command, into docs/accuracy.md
between the markers MARK_START and MARK_END (the rest of that file is kept).
Sets that are missing are skipped with a note, so the script runs anywhere.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Mapping
from pathlib import Path

from communique.events.goldsets import GoldFormat
from communique.pipeline import Pipeline
from communique.pipeline.article_scoring import ArticleReport, evaluate_articles
from communique.pipeline.evaluation import Report, TypeScore, evaluate
from communique.pipeline.happening_scoring import read_gold, score_happenings

REPO = Path(__file__).resolve().parents[1]
EVAL = REPO.parent / "shared" / "eval"
CORPORA = REPO.parent / "shared" / "corpora"
ARTICLES = REPO / "eval" / "articles"
HAPPENINGS = REPO / "eval" / "happenings" / "reports.jsonl"
SETS = (
    ("PLOVER GSR (dev)", "plover_gsr_dev.jsonl", GoldFormat.plover_gsr),
    ("ConfliBERT PentaClass (dev)", "conflibert_cameo_class_dev.tsv", GoldFormat.conflibert_tsv),
    (
        "PETRARCH-2 unit tests",
        "petrarch2_unit/PETR.UnitTest.records.xml",
        GoldFormat.petrarch_xml,
    ),
)


def _pct(value: float) -> str:
    return f"{value:.3f}"


def _row(name: str, mode: str, report: Report, seconds: float) -> str:
    micro = report.micro
    cells = [
        name,
        mode,
        str(report.sentences),
        _pct(micro.precision) if micro.tp + micro.fp else "–",
        _pct(micro.recall) if micro.tp + micro.fn else "–",
        _pct(micro.f1) if micro.tp + micro.fp + micro.fn else "–",
        _pct(report.with_actors.f1) if report.with_actors.tp + report.with_actors.fn else "–",
        _pct(report.cameo_root.value) if report.cameo_root.total else "–",
        _pct(report.actor_country.value) if report.actor_country.total else "–",
        _pct(report.recipient_country.value) if report.recipient_country.total else "–",
        _pct(report.penta.value) if report.penta.total else "–",
        f"{seconds:.0f}",
    ]
    return "| " + " | ".join(cells) + " |"


def _type_rows(by_type: Mapping[str, TypeScore]) -> list[str]:
    rows = [
        "| type | precision | recall | F1 | gold | found | missed | false positives |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for name, score in sorted(by_type.items()):
        rows.append(
            f"| {name} | {_pct(score.precision)} | {_pct(score.recall)} | {_pct(score.f1)} "
            f"| {score.tp + score.fn} | {score.tp} | {score.fn} | {score.fp} |"
        )
    return rows


def _article_rows(report: ArticleReport, seconds: float) -> list[str]:
    rows = [
        "| half | stories | type P | type R | type F1 | F1 with actor and recipient "
        "| date accuracy | place accuracy | duplicates per happening | s |",
        "|" + "---|" * 10,
    ]
    for name in ("test", "dev"):
        split = report.splits.get(name)
        if split is None:
            continue
        types = split.types
        rows.append(
            f"| **{name}** | {split.stories} | {_pct(types.precision)} | {_pct(types.recall)} "
            f"| {_pct(types.f1)} | {_pct(split.with_participants.f1)} "
            f"| {_pct(split.date.value)} ({split.date.correct}/{split.date.total}) "
            f"| {_pct(split.place.value)} ({split.place.correct}/{split.place.total}) "
            f"| {split.duplicates_per_happening:.2f} | {seconds:.0f} |"
        )
    return rows


def _article_section(pipeline: Pipeline) -> list[str]:
    if not (CORPORA.is_dir() and any(ARTICLES.glob("gold_*.jsonl"))):
        print(f"skipped the story gold: {CORPORA} or {ARTICLES} missing", file=sys.stderr)
        return []
    start = time.perf_counter()
    report = evaluate_articles(ARTICLES, CORPORA, pipeline=pipeline)
    rows = _article_rows(report, time.perf_counter() - start)
    print("\n".join(rows))
    test = report.splits.get("test")
    # the test half is described only by its counts: its stories are never read for errors
    by_type = ["#### Test half: by type", "", *_type_rows(test.by_type), ""] if test else []
    return [
        "### Whole stories (issue 14): the project's own gold, scored strictly",
        "",
        "`communique evaluate eval/articles --format articles`: stories from `../shared/corpora`",
        "coded whole by hand by `docs/coding-guide.md`, split by a hash of the story id; the",
        "**test** half is only scored, never studied. The rules of the strict match are in the",
        "guide's section 7.",
        "",
        *rows,
        "",
        *by_type,
    ]


def happening_section(pipeline: Pipeline) -> list[str]:
    """Pairwise precision and recall of happenings on eval/happenings (issue 17)."""
    start = time.perf_counter()
    score = score_happenings(read_gold(HAPPENINGS), pipeline=pipeline)
    seconds = time.perf_counter() - start
    rows = [
        "| reports | groups | gold pairs | pairs found | right | pairwise P | pairwise R "
        "| reports without their event | s |",
        "|" + "---|" * 9,
        f"| {score.reports} | {score.groups} | {score.true_pairs} | {score.found_pairs} "
        f"| {score.correct_pairs} | {_pct(score.precision)} | {_pct(score.recall)} "
        f"| {len(score.uncoded)} | {seconds:.0f} |",
    ]
    print("\n".join(rows))
    return [
        "### Happenings (issue 17): reports of one happening linked into one",
        "",
        "`eval/happenings/reports.jsonl`: short reports written for this set, in groups that",
        "each report one happening (other outlets, wordings, place and date precisions,",
        "reciprocal and directed tellings) beside near-misses that must stay apart (the same",
        "pair meeting twice in a week, two strikes on one day, a meeting and a pact signed at",
        "it). Each report is coded by the whole pipeline and stored as `communique run` stores",
        "it, linking as it goes; pairs of reports are scored (`pipeline/happening_scoring.py`).",
        "",
        *rows,
        "",
    ]


MARK_START = "<!-- make eval: start -->"
MARK_END = "<!-- make eval: end -->"


def replace_section(path: Path, section: str) -> str:
    """The file at ``path`` with the text between the markers replaced by ``section``."""
    block = f"{MARK_START}\n{section.rstrip()}\n{MARK_END}"
    old = path.read_text("utf-8") if path.exists() else ""
    if MARK_START in old and MARK_END in old:
        head, _, rest = old.partition(MARK_START)
        _, _, tail = rest.partition(MARK_END)
        return head + block + tail
    return (old.rstrip() + "\n\n" if old else "") + block + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "accuracy.md")
    parser.add_argument("--eval-dir", type=Path, default=EVAL)
    args = parser.parse_args(argv)
    pipeline = Pipeline()
    pipeline.warm_up()
    header = (
        "| set | coding | sentences | type P | type R | type F1 | F1 with actors "
        "| CAMEO root | actor country | recipient country | PentaClass | s |"
    )
    rows = [header, "|" + "---|" * 12]
    details: list[str] = []
    for name, relative, fmt in SETS:
        path = args.eval_dir / relative
        if not path.is_file():
            print(f"skipped {name}: {path} not found", file=sys.stderr)
            continue
        modes = (
            ("stories", "types only") if fmt is not GoldFormat.petrarch_xml else ("own dictionary",)
        )
        for mode in modes:
            start = time.perf_counter()
            report = evaluate(path, fmt, pipeline=pipeline, types_only=mode == "types only")
            seconds = time.perf_counter() - start
            rows.append(_row(name, mode, report, seconds))
            print(rows[-1])
            if mode != "types only" and report.by_type:
                details += ["", f"#### {name}: by type", "", *_type_rows(report.by_type)]
    stories = _article_section(pipeline)
    happenings = happening_section(pipeline)
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    text = "\n".join(
        [
            "### Event coding, scored strictly",
            "",
            f"Measured {today} with `make eval` (`python bench/eval_all.py`).",
            "",
            *stories,
            *happenings,
            "### Development sentence sets (`../shared/eval`; part of each set is held back)",
            "",
            *rows,
            "",
            "How to read it:",
            "",
            "- Strict scoring everywhere: the `event` field exactly as the coder emits it (an",
            "  announced meeting is AGREE, an announced attack THREATEN: no re-typing at scoring",
            "  time); each gold event matches at most one output event and every other output",
            "  event is a false positive. Events the product does not count as facts (negated,",
            "  hypothetical, future, historical background), and analyses leave out, are not",
            "  scored. *F1 with actors* also needs a gold actor and recipient among ours (empty",
            "  gold lists match anything); a right type with wrong participants is a false",
            "  positive there.",
            "- *stories*: each sentence is coded as a one-sentence story without a date by the",
            "  whole pipeline, so events need a participant the actors stage resolves (as in",
            "  production). *types only* keeps events whose participants did not resolve, to",
            "  measure event typing apart from actor resolution.",
            "- PentaClass: the class of the CAMEO root of the sentence's first factual event; a",
            "  sentence without one counts as class 0 (statement/appeal), since communique codes",
            "  no plain statements.",
            "- PETRARCH-2 unit tests: fictional actors and the suite's own dictionaries (verbs",
            "  converted by the same importer as the shipped verb patterns, actors and agents);",
            "  CAMEO roots are compared, so this row tests the coding mechanics.",
            "",
            *details,
            "",
        ]
    )
    args.out.write_text(replace_section(args.out, text), encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
