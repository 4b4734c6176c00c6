"""`communique evaluate --format articles`: the coder scored on whole stories coded by hand."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from rich.table import Table

from communique.cli.common import out

if TYPE_CHECKING:
    from communique.pipeline import Pipeline
    from communique.pipeline.article_scoring import ArticleReport

# Where the corpora lie for a checkout beside ../shared (the evaluator never copies them).
DEFAULT_CORPORA = Path("..") / "shared" / "corpora"


def _summary(report: ArticleReport) -> Table:
    table = Table(title=f"{report.source}: strict scores by split")
    for column in ("split", "stories", "type P", "type R", "type F1", "F1 actor+recipient",
                   "date acc", "place acc", "dups/happening"):  # fmt: skip
        table.add_column(column, justify="left" if column == "split" else "right")
    for name, split in sorted(report.splits.items()):
        types, both = split.types, split.with_participants
        table.add_row(
            name,
            str(split.stories),
            f"{types.precision:.3f}",
            f"{types.recall:.3f}",
            f"{types.f1:.3f}",
            f"{both.f1:.3f}",
            f"{split.date.value:.3f} ({split.date.correct}/{split.date.total})",
            f"{split.place.value:.3f} ({split.place.correct}/{split.place.total})",
            f"{split.duplicates_per_happening:.2f}",
        )
    return table


def _per_story(report: ArticleReport) -> Table:
    table = Table(title="per story")
    for column in ("story", "split", "gold", "output", "matched", "with participants"):
        table.add_column(column, justify="left" if column in {"story", "split"} else "right")
    for story in report.stories:
        table.add_row(story.story[:60], story.split, str(story.gold), str(story.output),
                      str(story.matched), str(story.with_participants))  # fmt: skip
    return table


def run(
    gold: Path,
    corpora: Path | None,
    splits: tuple[str, ...],
    pipeline: Pipeline,
    *,
    as_json: bool,
    show_errors: bool,
) -> None:
    """Score and print; errors are shown for the development half only, never for test."""
    from communique.pipeline.article_scoring import evaluate_articles  # noqa: PLC0415

    report = evaluate_articles(gold, corpora or DEFAULT_CORPORA, pipeline=pipeline, splits=splits)
    if as_json:
        data = report.as_dict()
        if show_errors:
            data["dev_errors"] = [list(e) for e in report.dev_errors]
        out.print_json(json.dumps(data))
        return
    out.print(_summary(report))
    out.print(_per_story(report))
    if report.missing:
        out.print(f"{len(report.missing)} gold stories not found in the corpora", markup=False)
    if show_errors:
        for story, kind, text in report.dev_errors:
            out.print(f"{kind:12} {story[:40]}  {text}", markup=False, highlight=False)
