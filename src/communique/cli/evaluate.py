"""The `evaluate` command: score the event coder against coded sentences."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from communique.cli import evaluate_articles
from communique.cli.common import ConfigOpt, ModelOpt, fail, out, settings_from
from communique.errors import CommuniqueError

if TYPE_CHECKING:
    from communique.pipeline.evaluation import Report

app = typer.Typer()


class EvalFormat(StrEnum):
    plover_gsr = "plover-gsr"
    petrarch_xml = "petrarch-xml"
    jsonl = "jsonl"
    conflibert_tsv = "conflibert-tsv"
    articles = "articles"
    actors = "actors"


def _summary_table(report: Report) -> Table:
    table = Table(title=f"{report.source}: {report.sentences} sentences")
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_column("counts", justify="right")
    micro = report.micro
    if micro.tp + micro.fp + micro.fn:
        table.add_row(
            "type precision", f"{micro.precision:.3f}", f"{micro.tp}/{micro.tp + micro.fp}"
        )
        table.add_row("type recall", f"{micro.recall:.3f}", f"{micro.tp}/{micro.tp + micro.fn}")
        table.add_row("type F1", f"{micro.f1:.3f}", "")
        table.add_row("F1 with actors", f"{report.with_actors.f1:.3f}", "")
    for name, ratio in (
        ("CAMEO root accuracy", report.cameo_root),
        ("actor country accuracy", report.actor_country),
        ("recipient country accuracy", report.recipient_country),
        ("PentaClass accuracy", report.penta),
        ("no-event sentences left empty", report.no_event),
    ):
        if ratio.total:
            table.add_row(name, f"{ratio.value:.3f}", f"{ratio.correct}/{ratio.total}")
    return table


def _type_table(report: Report) -> Table:
    table = Table(title="by type")
    for column in ("type", "precision", "recall", "F1", "tp", "fp", "fn"):
        table.add_column(column, justify="left" if column == "type" else "right")
    for name, score in sorted(report.by_type.items()):
        table.add_row(
            name,
            f"{score.precision:.2f}",
            f"{score.recall:.2f}",
            f"{score.f1:.2f}",
            str(score.tp),
            str(score.fp),
            str(score.fn),
        )
    return table


def _confusion_table(report: Report) -> Table:
    table = Table(title="confusion (gold -> predicted, most frequent first)")
    for column in ("gold", "predicted", "count"):
        table.add_column(column, justify="right" if column == "count" else "left")
    for (gold, predicted), count in report.confusion.most_common(25):
        table.add_row(gold, predicted, str(count))
    return table


@app.command("evaluate")
def evaluate_command(
    gold: Annotated[
        Path,
        typer.Argument(
            help="Gold file: GSR JSON lines, TSV, PETRARCH XML, or story gold (file or folder)."
        ),
    ],
    fmt: Annotated[
        EvalFormat | None,
        typer.Option("--format", help="Format of GOLD; guessed from the file name when absent."),
    ] = None,
    corpora: Annotated[
        Path | None,
        typer.Option(
            help="articles: folder of the corpora the stories come from [../shared/corpora]."
        ),
    ] = None,
    split: Annotated[
        str,
        typer.Option(help="articles: the half to score, dev, test or all."),
    ] = "all",
    errors: Annotated[
        bool,
        typer.Option("--errors", help="articles: list the development half's errors (never test)."),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
    limit: Annotated[
        int | None, typer.Option(min=1, help="Score only the first N sentences.")
    ] = None,
    config: ConfigOpt = None,
    model: ModelOpt = None,
) -> None:
    """Run the coder on coded sentences and print precision, recall and F1 by PLOVER type.

    Also CAMEO root accuracy, actor and recipient country accuracy and a confusion table;
    ConfliBERT TSV files give PentaClass accuracy, PETRARCH XML scores CAMEO roots.

    With --format articles, GOLD is a story gold file or folder (eval/articles): every story
    is read from the corpora, coded whole and scored strictly (docs/coding-guide.md).

    Example: communique evaluate ../shared/eval/plover_gsr_dev.jsonl --json
    """
    # The coder pulls in spaCy and the gold readers the event stages: imported here, so
    # that `communique --help` does not wait for them.
    from communique.events.goldsets import GoldFormat, guess_format  # noqa: PLC0415
    from communique.pipeline import Pipeline  # noqa: PLC0415
    from communique.pipeline.actor_scoring import evaluate_actors, format_actor_report  # noqa: PLC0415
    from communique.pipeline.evaluation import evaluate  # noqa: PLC0415

    if fmt is EvalFormat.articles:
        if split not in {"dev", "test", "all"}:
            raise typer.BadParameter("use dev, test or all", param_hint="--split")
        splits = ("dev", "test") if split == "all" else (split,)
        try:
            pipeline = Pipeline(settings_from(config, model))
            evaluate_articles.run(
                gold, corpora, splits, pipeline, as_json=as_json, show_errors=errors
            )
        except CommuniqueError as exc:
            raise fail(exc) from exc
        return
    if fmt is EvalFormat.actors:  # actor phrases (eval/actors): country and sector accuracy
        try:
            scored = evaluate_actors(gold, Pipeline(settings_from(config, model)), corpora)
        except CommuniqueError as exc:
            raise fail(exc) from exc
        if as_json:
            out.print_json(json.dumps(scored.as_dict(show_errors=errors)))
        else:
            out.print(format_actor_report(scored, show_errors=errors), markup=False)
        return
    gold_format = GoldFormat(fmt.value) if fmt is not None else guess_format(gold)
    try:
        pipeline = Pipeline(settings_from(config, model))
        report = evaluate(gold, gold_format, pipeline=pipeline, limit=limit)
    except CommuniqueError as exc:
        raise fail(exc) from exc
    if as_json:
        out.print_json(json.dumps(report.as_dict()))
        return
    out.print(_summary_table(report))
    if report.by_type:
        out.print(_type_table(report))
    out.print(_confusion_table(report))
