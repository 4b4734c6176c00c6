"""Score actor resolution on a gold file of actor phrases: country and sector accuracy.

The gold file has one JSON object a line: ``{"phrase", "story", "published", "country",
"sector", "kind", "note"}``, where ``country`` is an ISO3 code, ``IGO`` or ``NGO`` (or null
when the phrase gives none) and ``sector`` a CAMEO sector code (or null). Each phrase is resolved
as the product resolves it, as of its published date: in its own sentence of the story when the
corpora (``../shared/corpora``) hold the story, else as the subject of a one-sentence story
(``resolve_phrase``). A null gold value is matched only by an empty output.

The items are split by a fixed hash: ``test`` when ``int(sha1(f"{story}|{phrase}"), 16)`` is odd,
else ``dev``. Rules may be tuned on the dev half's errors; the test half is reported as totals
only, never item by item, so that it stays a held-back measure.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from communique.actors.knowledge import KnowledgeBase
from communique.actors.query import Resolution
from communique.actors.standalone import resolve_in_sentence, resolve_phrase
from communique.errors import DataFileError
from communique.events.article_gold import story_texts
from communique.pipeline.coder import Pipeline

if TYPE_CHECKING:
    from spacy.language import Language

# Where a sentence ends: a full stop, question or exclamation mark (and a closing quote) before
# a space, or a line break.
_SENTENCE_END = re.compile(r"[.!?][\"”’']?\s+(?=[A-Z\"“‘'])|\n+")

SPLITS = ("dev", "test")
_FIELDS = ("phrase", "story", "published", "country", "sector", "kind", "note")


@dataclass(frozen=True, slots=True)
class GoldPhrase:
    phrase: str
    story: str
    published: dt.date | None
    country: str | None
    sector: str | None
    kind: str
    note: str
    line: int

    @property
    def split(self) -> str:
        return split_of(self.story, self.phrase)


def split_of(story: str, phrase: str) -> str:
    """``test`` when the SHA-1 of ``story|phrase`` is odd, else ``dev``."""
    digest = hashlib.sha1(f"{story}|{phrase}".encode()).hexdigest()
    return "test" if int(digest, 16) % 2 else "dev"


def _optional(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def read_actor_gold(path: Path) -> list[GoldPhrase]:
    """The gold phrases of ``path``; raises DataFileError naming a bad line."""
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise DataFileError(path, None, f"cannot read the gold file: {exc}") from exc
    gold: list[GoldPhrase] = []
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        try:
            item = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise DataFileError(path, number, f"not a JSON object: {exc.msg}") from exc
        if not isinstance(item, dict) or not str(item.get("phrase") or "").strip():
            raise DataFileError(path, number, f"expected an object with {list(_FIELDS)}")
        published = str(item.get("published") or "")[:10]
        try:
            day = dt.date.fromisoformat(published) if published else None
        except ValueError as exc:
            raise DataFileError(path, number, f"published {published!r} is not a date") from exc
        gold.append(
            GoldPhrase(
                phrase=str(item["phrase"]),
                story=str(item.get("story") or ""),
                published=day,
                country=_optional(item.get("country")),
                sector=_optional(item.get("sector")),
                kind=str(item.get("kind") or "other"),
                note=str(item.get("note") or ""),
                line=number,
            )
        )
    return gold


@dataclass(slots=True)
class Tally:
    total: int = 0
    country: int = 0
    sector: int = 0

    def add(self, country_ok: bool, sector_ok: bool) -> None:
        self.total += 1
        self.country += country_ok
        self.sector += sector_ok

    def as_dict(self) -> dict[str, Any]:
        def ratio(n: int) -> float | None:
            return round(n / self.total, 4) if self.total else None

        return {
            "phrases": self.total,
            "country_correct": self.country,
            "sector_correct": self.sector,
            "country_accuracy": ratio(self.country),
            "sector_accuracy": ratio(self.sector),
        }


@dataclass(slots=True)
class ActorReport:
    source: str
    splits: dict[str, Tally] = field(default_factory=lambda: {s: Tally() for s in SPLITS})
    dev_kinds: dict[str, Tally] = field(default_factory=dict)
    dev_errors: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self, show_errors: bool = False) -> dict[str, Any]:
        document: dict[str, Any] = {
            "source": self.source,
            "splits": {name: tally.as_dict() for name, tally in self.splits.items()},
            "dev_by_kind": {k: t.as_dict() for k, t in sorted(self.dev_kinds.items())},
        }
        if show_errors:
            document["dev_errors"] = self.dev_errors
        return document


def sentence_around(text: str, phrase: str) -> tuple[str, int, int] | None:
    """The sentence of ``text`` holding ``phrase``, and the phrase's offsets in it."""
    at = text.find(phrase)
    if at < 0:
        return None
    start = 0
    for match in _SENTENCE_END.finditer(text, 0, at):
        start = match.end()
    after = _SENTENCE_END.search(text, at + len(phrase))
    end = after.start() + 1 if after is not None else len(text)
    sentence = text[start:end].strip()
    offset = text[start:end].index(sentence[:1]) + start if sentence else start
    return sentence, at - offset, at - offset + len(phrase)


def _resolve(
    nlp: Language, kb: KnowledgeBase, item: GoldPhrase, stories: dict[str, Any]
) -> Resolution:
    story = stories.get(item.story)
    found = sentence_around(story.text, item.phrase) if story is not None else None
    if found is None:
        return resolve_phrase(nlp, kb, item.phrase, item.published)
    sentence, start, end = found
    in_story = resolve_in_sentence(nlp, kb, sentence, start, end, item.published)
    if in_story.actor is not None:
        return in_story
    # the gold phrase is an actor: one the sentence reads as a place or a modifier ("sanctions
    # on Iran") is resolved on its own
    return resolve_phrase(nlp, kb, item.phrase, item.published)


def score_actor_phrases(
    gold: Iterable[GoldPhrase],
    pipeline: Pipeline | None = None,
    source: str = "",
    corpora: Path | None = None,
) -> ActorReport:
    """Resolve every gold phrase and tally country and sector accuracy by split and kind."""
    pipeline = pipeline or Pipeline()
    nlp, kb = pipeline.nlp, pipeline.knowledge_base
    gold = list(gold)
    stories: dict[str, Any] = {}
    if corpora is not None and corpora.is_dir():
        stories = story_texts(corpora, {item.story for item in gold})
    report = ActorReport(source)
    for item in gold:
        found = _resolve(nlp, kb, item, stories)
        country = found.actor.country if found.actor is not None else None
        sector = found.actor.sector if found.actor is not None else None
        country_ok, sector_ok = country == item.country, sector == item.sector
        split = item.split
        report.splits[split].add(country_ok, sector_ok)
        if split != "dev":
            continue  # the test half is reported as totals only
        report.dev_kinds.setdefault(item.kind, Tally()).add(country_ok, sector_ok)
        if not (country_ok and sector_ok):
            report.dev_errors.append(
                {
                    "line": item.line,
                    "phrase": item.phrase,
                    "kind": item.kind,
                    "gold": [item.country, item.sector],
                    "got": [country, sector],
                    "basis": found.basis,
                    "name": found.actor.name if found.actor is not None else None,
                    "candidates": len(found.candidates),
                }
            )
    return report


def evaluate_actors(
    path: Path, pipeline: Pipeline | None = None, corpora: Path | None = None
) -> ActorReport:
    """Score the actor gold file at ``path``; stories are read from ``corpora``
    (default: ``../shared/corpora`` beside the gold file's repository, when it exists)."""
    if corpora is None:
        corpora = path.resolve().parents[2] / ".." / "shared" / "corpora"
    return score_actor_phrases(read_actor_gold(path), pipeline, str(path), corpora)


def format_actor_report(report: ActorReport, show_errors: bool = False) -> str:
    """A plain-text table: each split's totals, then the dev half by kind (and its errors)."""
    rows: list[tuple[str, ...]] = [("split", "kind", "phrases", "country", "sector")]

    def row(split: str, kind: str, tally: Tally) -> tuple[str, ...]:
        if not tally.total:
            return (split, kind, "0", "-", "-")
        return (
            split,
            kind,
            str(tally.total),
            f"{tally.country / tally.total:.3f}",
            f"{tally.sector / tally.total:.3f}",
        )

    rows += [row(name, "all", tally) for name, tally in report.splits.items()]
    rows += [row("dev", kind, tally) for kind, tally in sorted(report.dev_kinds.items())]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [f"{report.source}: actor country and sector accuracy"]
    for r in rows:
        cells = zip(r, widths, strict=True)
        lines.append(
            "  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(cells))
        )
    if show_errors:
        lines.append(f"dev errors ({len(report.dev_errors)}): line, kind, phrase, gold -> got")
        for e in report.dev_errors:
            gold, got = "/".join(map(str, e["gold"])), "/".join(map(str, e["got"]))
            lines.append(
                f"  {e['line']:>4} {e['kind']:<12} {e['phrase']!r}: {gold} -> {got} "
                f"({e['basis']}: {e['name']})"
            )
    return "\n".join(lines)
