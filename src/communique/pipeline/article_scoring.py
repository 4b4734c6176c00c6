"""Score the coder on whole stories coded by hand (``eval/articles``, docs/coding-guide.md).

Each story is read from the corpora, coded by the pipeline exactly as ``communique code``
codes it, and its output events are matched strictly to the gold events: an output event
matches a gold event when its ``event`` is the gold type (or an accepted alternative) and
one of its tellings (its sentence, or a retelling linked to it) holds one of the gold
event's evidence snippets; each gold event matches at most one output event and each output
event at most one gold event; every other output event is a false positive. Events the
product itself does not count as facts (negated, hypothetical, future, historical: see
``evaluation.factual``) are not scored, as in the sentence sets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from communique.events.article_gold import (
    GoldParticipant,
    GoldStory,
    GoldStoryEvent,
    evidence_spans,
    read_article_gold,
    story_texts,
)
from communique.ingest import article_from_text
from communique.pipeline.coder import Pipeline
from communique.pipeline.evaluation import Ratio, TypeScore, factual
from communique.records import CodedArticle, Event, Participant

SPLITS = ("dev", "test")


def gold_files(path: Path) -> list[Path]:
    """The gold files at ``path``: the file itself, or every ``gold_*.jsonl`` in a folder."""
    return sorted(path.glob("gold_*.jsonl")) if path.is_dir() else [path]


@dataclass
class StoryScore:
    """The figures of one story, for the per-story table."""

    story: str
    split: str
    gold: int = 0
    output: int = 0
    matched: int = 0
    with_participants: int = 0


@dataclass
class SplitReport:
    """Strict scores over the stories of one split."""

    stories: int = 0
    types: TypeScore = field(default_factory=TypeScore)
    with_participants: TypeScore = field(default_factory=TypeScore)
    by_type: dict[str, TypeScore] = field(default_factory=dict)
    date: Ratio = field(default_factory=Ratio)
    place: Ratio = field(default_factory=Ratio)
    duplicates: int = 0  # output events of a happening beyond the first

    @property
    def duplicates_per_happening(self) -> float:
        return self.duplicates / self.types.tp if self.types.tp else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "stories": self.stories,
            "type": self.types.as_dict(),
            "with_actor_and_recipient": self.with_participants.as_dict(),
            "date_accuracy": self.date.as_dict(),
            "place_accuracy": self.place.as_dict(),
            "duplicates_per_happening": round(self.duplicates_per_happening, 4),
            "by_type": {k: v.as_dict() for k, v in sorted(self.by_type.items())},
        }


@dataclass
class ArticleReport:
    """The report of ``communique evaluate --format articles``."""

    source: str
    splits: dict[str, SplitReport] = field(default_factory=dict)
    stories: list[StoryScore] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # gold stories not found in the corpora
    # (story, kind, gold or output event) for the dev half only: errors one may study
    dev_errors: list[tuple[str, str, str]] = field(default_factory=list)

    def split(self, name: str) -> SplitReport:
        return self.splits.setdefault(name, SplitReport())

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "splits": {k: v.as_dict() for k, v in sorted(self.splits.items())},
            "stories": [vars(s) for s in self.stories],
            "missing": self.missing,
        }


def _same(gold: GoldParticipant, output: Participant) -> bool:
    actor = output.actor
    if actor is None:
        return False
    if gold.country is not None:
        return actor.country == gold.country
    return gold.sector is not None and actor.sector == gold.sector


def _side_matches(golds: Sequence[GoldParticipant], outputs: Sequence[Participant]) -> bool:
    return not golds or any(_same(g, o) for g in golds for o in outputs)


def participants_match(gold: GoldStoryEvent, event: Event) -> bool:
    """Some actor equals some gold actor, and likewise for recipients (empty gold: any)."""
    return _side_matches(gold.actors, event.actors) and _side_matches(
        gold.recipients, event.recipients
    )


def tellings(event: Event) -> tuple[tuple[int, int], ...]:
    """The spans of the sentences that tell ``event``: its own, then linked retellings."""
    return ((event.start, event.end), *event.mentions)


def _overlaps(spans: Iterable[tuple[int, int]], located: Sequence[tuple[int, int]]) -> bool:
    return any(s < e_end and e_start < e for s, e in spans for e_start, e_end in located)


def date_matches(gold: GoldStoryEvent, event: Event) -> bool:
    """The output date equals the gold date at the gold date's precision."""
    if event.date is None or gold.date is None:
        return False
    if gold.date_precision == "year":
        return event.date.year == gold.date.year
    if gold.date_precision == "month":
        return (event.date.year, event.date.month) == (gold.date.year, gold.date.month)
    if gold.date_precision == "week":
        return abs((event.date - gold.date).days) <= 3
    return event.date == gold.date


def place_matches(gold: GoldStoryEvent, event: Event) -> bool:
    """Same country, and one name contains the other (case-insensitive)."""
    if gold.place is None or event.place is None:
        return False
    if gold.place.country and event.place.country != gold.place.country:
        return False
    ours, theirs = event.place.name.casefold(), gold.place.text.casefold()
    return ours in theirs or theirs in ours


def score_story(
    report: ArticleReport, gold: GoldStory, text: str, events: Sequence[Event]
) -> StoryScore:
    """Match one story's output events to its gold events and add the counts."""
    split = report.split(gold.split)
    split.stories += 1
    outputs = factual(events)
    located = [[s for s in evidence_spans(text, g.evidence) if s is not None] for g in gold.events]
    free = list(outputs)
    story = StoryScore(gold.story, gold.split, len(gold.events), len(outputs))
    for gold_event, spans in zip(gold.events, located, strict=True):
        candidates = [
            e for e in free if e.event in gold_event.types and _overlaps(tellings(e), spans)
        ]
        split.duplicates += max(0, len(candidates) - 1)
        best = next((e for e in candidates if participants_match(gold_event, e)), None)
        chosen = best or (candidates[0] if candidates else None)
        by_type = split.by_type.setdefault(gold_event.event, TypeScore())
        if chosen is None:
            split.types.fn += 1
            split.with_participants.fn += 1
            by_type.fn += 1
            if gold.split == "dev":
                report.dev_errors.append((gold.story, "missed", _describe_gold(gold_event)))
            continue
        free.remove(chosen)
        split.types.tp += 1
        by_type.tp += 1
        story.matched += 1
        if best is not None:
            split.with_participants.tp += 1
            story.with_participants += 1
        else:
            split.with_participants.fn += 1
            split.with_participants.fp += 1
            if gold.split == "dev":
                report.dev_errors.append(
                    (
                        gold.story,
                        "participants",
                        f"{_describe_gold(gold_event)} || {_describe(chosen)}",
                    )
                )
        for kind, known, right in (
            ("date", gold_event.date is not None, date_matches),
            ("place", gold_event.place is not None, place_matches),
        ):
            if not known:
                continue
            ok = right(gold_event, chosen)
            (split.date if kind == "date" else split.place).add(ok)
            if not ok and gold.split == "dev":
                report.dev_errors.append(
                    (gold.story, kind, f"{_describe_gold(gold_event)} || {_describe(chosen)}")
                )
    for event in free:
        split.types.fp += 1
        split.with_participants.fp += 1
        split.by_type.setdefault(event.event, TypeScore()).fp += 1
        if gold.split == "dev":
            report.dev_errors.append((gold.story, "spurious", _describe(event)))
    report.stories.append(story)
    return story


def _codes(participants: Iterable[Participant]) -> str:
    return ",".join(
        f"{p.entity_text}={(p.actor.country or '-') + (p.actor.sector or '') if p.actor else '?'}"
        for p in participants
    )


def _describe(event: Event) -> str:
    return (
        f"{event.event} [{_codes(event.actors)}] -> [{_codes(event.recipients)}] "
        f"{event.date} ({event.date_basis}, {event.time_text}) "
        f"@{event.place.name if event.place else None} «{event.trigger}» in: {event.sentence[:160]}"
    )


def _describe_gold(gold: GoldStoryEvent) -> str:
    def side(ps: Sequence[GoldParticipant]) -> str:
        return ",".join(f"{p.text}={p.country or '-'}{p.sector or ''}" for p in ps)

    sides = f"[{side(gold.actors)}] -> [{side(gold.recipients)}]"
    place = f" @{gold.place.text}" if gold.place else ""
    return f"{gold.event} {sides} {gold.date}{place} «{gold.evidence[0]}»"


def evaluate_articles(
    gold_path: Path,
    corpora: Path,
    *,
    pipeline: Pipeline | None = None,
    splits: Sequence[str] = SPLITS,
) -> ArticleReport:
    """Code every gold story of ``splits`` from ``corpora`` and score it strictly."""
    stories = [s for s in read_article_gold(gold_files(gold_path)) if s.split in splits]
    texts = story_texts(corpora, (s.story for s in stories))
    report = ArticleReport(source=str(gold_path))
    pipeline = pipeline or Pipeline()
    found = [s for s in stories if s.story in texts]
    report.missing = [s.story for s in stories if s.story not in texts]
    articles = [
        article_from_text(
            texts[s.story].text,
            title=texts[s.story].title or None,
            published=s.published or _date(texts[s.story].published),
            origin=s.story,
        )
        for s in found
    ]
    for gold, result in zip(found, pipeline.code(articles), strict=True):
        events = result.events if isinstance(result, CodedArticle) else ()
        text = result.article.text if isinstance(result, CodedArticle) else texts[gold.story].text
        score_story(report, gold, text, events)
    return report


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None
