"""Scoring happenings: do several reports of one thing that happened end up as one happening?

The gold (``eval/happenings/reports.jsonl``) is a set of invented short reports, one JSON
object a line: ``id``, ``text``, ``published``, ``source``, ``event`` (the PLOVER type of
the happening the report is about) and ``group`` (reports with the same group report the
same happening; groups that share parties, days or places are near-misses that must stay
apart). Each report is coded by the whole pipeline and stored in a fresh store exactly as
``communique run`` stores it, linking as it goes. A report's happening is that of its
first factual event of the gold type; a report with no such event is a happening of its own
(so a coding miss costs recall). Scored pairwise: every pair of reports the gold puts
together and the store puts together is a true positive.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from communique.pipeline.coder import Pipeline
from communique.records import Article, CodedArticle, Event
from communique.store import EventStore
from communique.store.dedupe import happenings_of
from communique.store.happenings import HappeningLinker


@dataclass(frozen=True, slots=True)
class GoldReport:
    id: str
    text: str
    published: dt.date
    source: str
    event: str
    group: str


@dataclass(frozen=True, slots=True)
class PairScore:
    reports: int
    groups: int
    true_pairs: int  # pairs the gold puts together
    found_pairs: int  # pairs the store puts together
    correct_pairs: int  # both
    uncoded: tuple[str, ...]  # reports with no factual event of the gold type
    predicted: Mapping[str, str]  # report id -> its happening (canonical event id)

    @property
    def precision(self) -> float:
        return self.correct_pairs / self.found_pairs if self.found_pairs else 1.0

    @property
    def recall(self) -> float:
        return self.correct_pairs / self.true_pairs if self.true_pairs else 1.0


def read_gold(path: Path) -> list[GoldReport]:
    reports = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        reports.append(
            GoldReport(
                item["id"],
                item["text"],
                dt.date.fromisoformat(item["published"]),
                item["source"],
                item["event"],
                item["group"],
            )
        )
    return reports


def pairwise(gold: Mapping[str, str], predicted: Mapping[str, str]) -> tuple[int, int, int]:
    """(gold pairs, predicted pairs, pairs in both) over the reports both label."""
    true = found = correct = 0
    for a, b in itertools.combinations(sorted(gold), 2):
        same_gold = gold[a] == gold[b]
        same_predicted = predicted[a] == predicted[b]
        true += same_gold
        found += same_predicted
        correct += same_gold and same_predicted
    return true, found, correct


def _main_event(coded: CodedArticle, event_type: str) -> Event | None:
    for event in coded.events:
        if event.event == event_type and not (
            event.negated or event.future or event.hypothetical or event.historical
        ):
            return event
    return None


def score_happenings(
    reports: Sequence[GoldReport], *, pipeline: Pipeline | None = None, window_days: int = 1
) -> PairScore:
    """Code and store every report in order, linking as ``communique run`` does; score."""
    pipeline = pipeline if pipeline is not None else Pipeline()
    articles = [
        Article(
            id=f"happening-eval-{r.id}",
            text=r.text,
            published=r.published,
            published_basis="record",
            source=r.source,
            origin=r.id,
        )
        for r in reports
    ]
    main: dict[str, str] = {}
    uncoded: list[str] = []
    with EventStore(":memory:") as store:
        linker = HappeningLinker(store, window_days=window_days)
        for report, coded in zip(reports, pipeline.code(articles), strict=True):
            if not isinstance(coded, CodedArticle):
                uncoded.append(report.id)
                continue
            store.write(coded)
            linker.add(coded.article.id)
            event = _main_event(coded, report.event)
            if event is None:
                uncoded.append(report.id)
            else:
                main[report.id] = event.id
        linked = happenings_of(store, main.values())
    predicted = {
        r.id: linked[main[r.id]].canonical_id if r.id in main else f"uncoded:{r.id}"
        for r in reports
    }
    true, found, correct = pairwise({r.id: r.group for r in reports}, predicted)
    return PairScore(
        reports=len(reports),
        groups=len({r.group for r in reports}),
        true_pairs=true,
        found_pairs=found,
        correct_pairs=correct,
        uncoded=tuple(uncoded),
        predicted=predicted,
    )
