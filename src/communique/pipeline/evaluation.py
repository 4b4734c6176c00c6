"""Evaluate the event coder on coded sentences: precision, recall and F1 by PLOVER type.

Each gold sentence is coded on its own, as a one-sentence story without a date (the
gold sets are c. 1990-2005 wire sentences, so only country-level actor resolution
matters). Scoring is strict (``docs/accuracy.md`` states the rules): an output event
matches a gold event when its ``event`` field, exactly as the coder emits it, is the gold
type or an accepted alternative; each gold event matches at most one output event and
every other output event is a false positive. "With actors" also needs some output actor
country among the gold actor codes and likewise for recipients (an empty gold list
matches anything); a right type with wrong participants is a false positive there.
Events the product does not count as facts (negated, hypothetical, future or
historical, as analyses leave them out: ``factual``) are not scored; a sentence with no
event predicts none.

For ConfliBERT's PentaClass sentences the prediction is the class of the CAMEO root of
the first factual event; a sentence without one is predicted as class 0 ("make a
statement / appeal"), since communique deliberately codes no statements or appeals.

The PETRARCH-2 unit tests are coded with their own dictionaries (``petrarch_eval``: the
Validate verbs converted by the PETRARCH importer, actors and agents as mentions), and
CAMEO codes are compared by root.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from communique.actors import resolve_mentions
from communique.events import code_events
from communique.events.goldsets import (
    PENTA_BY_ROOT,
    GoldEvent,
    GoldFormat,
    GoldSentence,
    guess_format,
    read_gold,
)
from communique.ingest import article_from_text
from communique.pipeline.coder import Pipeline
from communique.pipeline.petrarch_eval import code_with_dictionaries
from communique.records import CodedArticle, Event, Participant

if TYPE_CHECKING:
    pass

NO_EVENT = "none"


def factual(events: Iterable[Event]) -> list[Event]:
    """The events the product counts as facts, as analyses and exports do (``counted_sql``):
    not negated, hypothetical, future (an announced act is AGREE or THREATEN, itself a
    fact) or background told in passing (``historical``)."""
    return [e for e in events if not (e.negated or e.hypothetical or e.future or e.historical)]


def scored_type(event: Event) -> str:
    """The PLOVER type scored: the ``event`` field exactly as the coder emits it."""
    return event.event


def scored_root(event: Event) -> str:
    """The CAMEO root scored: that of the code the coder emits."""
    return event.cameo[:2]


def _countries(participants: Sequence[Participant]) -> set[str]:
    return {p.actor.country for p in participants if p.actor is not None and p.actor.country}


def _participants_match(event: Event, gold: GoldEvent) -> bool:
    actors_ok = not gold.actor_codes or bool(_countries(event.actors) & gold.actor_codes)
    recipients_ok = not gold.recipient_codes or bool(
        _countries(event.recipients) & gold.recipient_codes
    )
    return actors_ok and recipients_ok


@dataclass
class TypeScore:
    """Counts for one PLOVER type."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Ratio:
    """A share with its counts, e.g. correct actor countries among scored events."""

    correct: int = 0
    total: int = 0

    @property
    def value(self) -> float:
        return self.correct / self.total if self.total else 0.0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.correct += int(ok)

    def as_dict(self) -> dict[str, float | int]:
        return {"correct": self.correct, "total": self.total, "value": round(self.value, 4)}


@dataclass
class Report:
    """Everything `communique evaluate` prints."""

    source: str
    sentences: int = 0
    by_type: dict[str, TypeScore] = field(default_factory=dict)
    with_actors: TypeScore = field(default_factory=TypeScore)
    cameo_root: Ratio = field(default_factory=Ratio)
    actor_country: Ratio = field(default_factory=Ratio)
    recipient_country: Ratio = field(default_factory=Ratio)
    penta: Ratio = field(default_factory=Ratio)
    no_event: Ratio = field(default_factory=Ratio)  # gold "no event" sentences left empty
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)

    def type_score(self, plover: str) -> TypeScore:
        return self.by_type.setdefault(plover, TypeScore())

    @property
    def micro(self) -> TypeScore:
        total = TypeScore()
        for score in self.by_type.values():
            total.tp += score.tp
            total.fp += score.fp
            total.fn += score.fn
        return total

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "sentences": self.sentences,
            "micro": self.micro.as_dict(),
            "with_actors": self.with_actors.as_dict(),
            "by_type": {k: v.as_dict() for k, v in sorted(self.by_type.items())},
            "cameo_root_accuracy": self.cameo_root.as_dict(),
            "actor_country_accuracy": self.actor_country.as_dict(),
            "recipient_country_accuracy": self.recipient_country.as_dict(),
            "penta_class_accuracy": self.penta.as_dict(),
            "no_event_accuracy": self.no_event.as_dict(),
            "confusion": [
                {"gold": g, "predicted": p, "count": n}
                for (g, p), n in sorted(self.confusion.items())
            ],
        }


def _pair(
    golds: Sequence[GoldEvent],
    events: Sequence[Event],
    type_ok: Callable[[GoldEvent, Event], bool],
) -> list[Event | None]:
    """Strict one-to-one matching: for each gold event, the output event it matches or None.

    Each output event matches at most one gold event; among the candidates of the right type
    one whose participants also match is preferred, so that a correct event is never spent
    on the wrong gold event.
    """
    free = list(events)
    pairs: list[Event | None] = []
    for gold in golds:
        candidates = [e for e in free if type_ok(gold, e)]
        best = next((e for e in candidates if _participants_match(e, gold)), None)
        chosen = best or (candidates[0] if candidates else None)
        if chosen is not None:
            free.remove(chosen)
        pairs.append(chosen)
    return pairs


def _score_typed(report: Report, gold: GoldSentence, events: list[Event]) -> None:
    """PLOVER-type scoring of one sentence (gold events carry PLOVER types), strictly."""
    pairs = _pair(gold.events, events, lambda g, e: scored_type(e) in g.plover)
    for gold_event, best in zip(gold.events, pairs, strict=True):
        label = gold_event.plover[0]
        score = report.type_score(label)
        if best is not None:
            score.tp += 1
            report.confusion[(label, label)] += 1
            if gold_event.cameo:
                report.cameo_root.add(scored_root(best) == gold_event.cameo[:2])
            if gold_event.actor_codes:
                report.actor_country.add(bool(_countries(best.actors) & gold_event.actor_codes))
            if gold_event.recipient_codes:
                report.recipient_country.add(
                    bool(_countries(best.recipients) & gold_event.recipient_codes)
                )
        else:
            score.fn += 1
            report.confusion[(label, scored_type(events[0]) if events else NO_EVENT)] += 1
        ok = best is not None and _participants_match(best, gold_event)
        report.with_actors.tp += int(ok)
        report.with_actors.fn += int(not ok)
        # a right type with the wrong participants is also a wrong event with actors
        report.with_actors.fp += int(best is not None and not ok)
    used = {id(e) for e in pairs if e is not None}
    for event in events:
        if id(event) in used:
            continue
        wrong = scored_type(event)
        report.type_score(wrong).fp += 1
        report.with_actors.fp += 1
        if not gold.events:
            report.confusion[(NO_EVENT, wrong)] += 1


def _score_cameo(report: Report, gold: GoldSentence, events: list[Event]) -> None:
    """CAMEO-root scoring (PETRARCH unit tests): types are CAMEO roots, matched strictly."""
    if not gold.events:
        report.no_event.add(not events)
    pairs = _pair(gold.events, events, lambda g, e: scored_root(e) == (g.cameo or "")[:2])
    for gold_event, best in zip(gold.events, pairs, strict=True):
        root = (gold_event.cameo or "")[:2]
        score = report.type_score(root)
        report.cameo_root.add(best is not None)
        if best is not None:
            score.tp += 1
            report.confusion[(root, root)] += 1
            report.actor_country.add(bool(_countries(best.actors) & gold_event.actor_codes))
            report.recipient_country.add(
                bool(_countries(best.recipients) & gold_event.recipient_codes)
            )
        else:
            score.fn += 1
            report.confusion[(root, scored_root(events[0]) if events else NO_EVENT)] += 1
        ok = best is not None and _participants_match(best, gold_event)
        report.with_actors.tp += int(ok)
        report.with_actors.fn += int(not ok)
        report.with_actors.fp += int(best is not None and not ok)
    used = {id(e) for e in pairs if e is not None}
    for event in events:
        if id(event) in used:
            continue
        report.type_score(scored_root(event)).fp += 1
        report.with_actors.fp += 1
        if not gold.events:
            report.confusion[(NO_EVENT, scored_root(event))] += 1


def penta_class(events: Sequence[Event]) -> int:
    """ConfliBERT PentaClass of a sentence: its first factual event's CAMEO root, else 0."""
    for event in events:
        return PENTA_BY_ROOT.get(scored_root(event), 0)
    return 0


def _score_penta(report: Report, gold: GoldSentence, events: list[Event]) -> None:
    predicted = penta_class(events)
    assert gold.penta is not None
    report.penta.add(predicted == gold.penta)
    report.confusion[(str(gold.penta), str(predicted))] += 1


def score(report: Report, gold: GoldSentence, events: Iterable[Event], fmt: GoldFormat) -> None:
    """Add one coded sentence to ``report``."""
    report.sentences += 1
    facts = factual(events)
    if fmt is GoldFormat.conflibert_tsv:
        _score_penta(report, gold, facts)
    elif fmt is GoldFormat.petrarch_xml:
        _score_cameo(report, gold, facts)
    else:
        _score_typed(report, gold, facts)


def _code_with_pipeline(
    sentences: Sequence[GoldSentence], pipeline: Pipeline
) -> Iterator[tuple[Event, ...]]:
    articles = [article_from_text(s.text, origin=s.id) for s in sentences]
    for result in pipeline.code(articles):
        yield result.events if isinstance(result, CodedArticle) else ()


def _code_types_only(
    sentences: Sequence[GoldSentence], pipeline: Pipeline
) -> Iterator[tuple[Event, ...]]:
    for sentence, doc in zip(sentences, pipeline.nlp.pipe(s.text for s in sentences), strict=True):
        mentions = resolve_mentions(doc, sentence.id, None, pipeline.knowledge_base)
        yield code_events(
            doc, mentions, sentence.id, patterns=pipeline.patterns, require_actor=False
        )


def evaluate(
    path: Path,
    fmt: GoldFormat | None = None,
    *,
    pipeline: Pipeline | None = None,
    limit: int | None = None,
    types_only: bool = False,
) -> Report:
    """Code every sentence of the gold file at ``path`` and score the events.

    ``types_only`` keeps events whose participants did not resolve to an actor, to
    measure event typing apart from actor resolution; the default scores the coder as
    it codes stories.
    """
    fmt = fmt or guess_format(path)
    sentences = read_gold(path, fmt)[:limit]
    pipeline = pipeline or Pipeline()
    report = Report(source=str(path))
    if fmt is GoldFormat.petrarch_xml:
        # PETRARCH's own Validate verbs, actors, agents and discards beside the tests
        coded = code_with_dictionaries(sentences, pipeline, path.parent)
    elif types_only:
        coded = _code_types_only(sentences, pipeline)
    else:
        coded = _code_with_pipeline(sentences, pipeline)
    for gold, events in zip(sentences, coded, strict=True):
        score(report, gold, events, fmt)
    return report
