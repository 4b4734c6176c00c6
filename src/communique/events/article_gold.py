"""Whole-story gold: events a careful coder found in a news story (docs/coding-guide.md).

One JSON object a line: the story's id (``allsides:<ID>`` or ``wikinews:<url>``), its
publication date and its events, each with type, participants, date, place and verbatim
evidence snippets that locate it in the text. The texts themselves are never stored with
the gold: ``story_texts`` reads them from the corpora in ``../shared/corpora``.

Only reading and checking live here; coding and scoring are in
``communique.pipeline.article_scoring``.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from communique.errors import DataFileError

PLOVER_TYPES = frozenset(
    {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
        "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    }
)  # fmt: skip
PRECISIONS = frozenset({"day", "week", "month", "year"})
MAX_EVIDENCE_WORDS = 15
_CODE_RE = re.compile(r"^[A-Z]{3}$")


@dataclass(frozen=True, slots=True)
class GoldParticipant:
    """An actor or recipient as the coder wrote it: words, country and sector codes."""

    text: str
    country: str | None
    sector: str | None


@dataclass(frozen=True, slots=True)
class GoldPlace:
    text: str
    country: str | None


@dataclass(frozen=True, slots=True)
class GoldStoryEvent:
    """One happening of a story, located by its evidence snippets."""

    event: str
    alt: tuple[str, ...]
    actors: tuple[GoldParticipant, ...]
    recipients: tuple[GoldParticipant, ...]
    evidence: tuple[str, ...]
    date: dt.date | None = None
    date_precision: str | None = None
    place: GoldPlace | None = None
    intended: str | None = None
    mode: str | None = None

    @property
    def types(self) -> frozenset[str]:
        return frozenset({self.event, *self.alt})


@dataclass(frozen=True, slots=True)
class GoldStory:
    story: str  # corpus:key
    published: dt.date | None
    events: tuple[GoldStoryEvent, ...]
    line: int = 0

    @property
    def split(self) -> str:
        return story_split(self.story)


def story_split(story: str) -> str:
    """``test`` when the SHA-1 of the story id, read as a number, is odd, else ``dev``."""
    return "test" if int(hashlib.sha1(story.encode("utf-8")).hexdigest(), 16) % 2 else "dev"


def normalise_space(text: str) -> str:
    return " ".join(text.split())


def _code(value: Any, what: str, path: Path, line: int) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str) or not _CODE_RE.match(value):
        raise DataFileError(path, line, f"{what} {value!r} must be a three-letter code or null")
    return value


def _participants(raw: Any, path: Path, line: int, what: str) -> tuple[GoldParticipant, ...]:
    if not isinstance(raw, list):
        raise DataFileError(path, line, f"'{what}' must be a list of participants")
    found = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise DataFileError(path, line, f"each of '{what}' needs a 'text' string")
        found.append(
            GoldParticipant(
                item["text"],
                _code(item.get("country"), f"{what} country", path, line),
                _code(item.get("sector"), f"{what} sector", path, line),
            )
        )
    return tuple(found)


def _type(value: Any, path: Path, line: int) -> str:
    if value not in PLOVER_TYPES:
        raise DataFileError(path, line, f"{value!r} is not a PLOVER event type")
    return str(value)


def _event(raw: Any, path: Path, line: int) -> GoldStoryEvent:
    if not isinstance(raw, dict):
        raise DataFileError(path, line, "each event must be a JSON object")
    evidence = raw.get("evidence")
    if (
        not isinstance(evidence, list)
        or not evidence
        or not all(isinstance(e, str) and e.strip() for e in evidence)
    ):
        raise DataFileError(path, line, "'evidence' must list at least one snippet")
    for snippet in evidence:
        if len(snippet.split()) > MAX_EVIDENCE_WORDS:
            raise DataFileError(
                path, line, f"evidence over {MAX_EVIDENCE_WORDS} words: {snippet[:60]!r}..."
            )
    date = raw.get("date")
    precision = raw.get("date_precision")
    try:
        parsed = dt.date.fromisoformat(date) if date else None
    except (TypeError, ValueError) as exc:
        raise DataFileError(path, line, f"date {date!r} must be YYYY-MM-DD") from exc
    if parsed is not None and precision not in PRECISIONS:
        raise DataFileError(
            path, line, f"date_precision {precision!r} must be one of {sorted(PRECISIONS)}"
        )
    place = raw.get("place")
    if place is not None and not (isinstance(place, dict) and isinstance(place.get("text"), str)):
        raise DataFileError(path, line, "'place' must be null or {text, country}")
    intended = raw.get("intended")
    return GoldStoryEvent(
        event=_type(raw.get("event"), path, line),
        alt=tuple(_type(t, path, line) for t in raw.get("alt") or []),
        actors=_participants(raw.get("actors", []), path, line, "actors"),
        recipients=_participants(raw.get("recipients", []), path, line, "recipients"),
        evidence=tuple(normalise_space(e) for e in evidence),
        date=parsed,
        date_precision=str(precision) if parsed is not None else None,
        place=GoldPlace(place["text"], _code(place.get("country"), "place country", path, line))
        if place
        else None,
        intended=_type(intended, path, line) if intended else None,
        mode=str(raw["mode"]) if raw.get("mode") else None,
    )


def read_article_gold(paths: Iterable[Path]) -> list[GoldStory]:
    """Every story of the gold files; DataFileError names file and line of a bad record."""
    stories: list[GoldStory] = []
    seen: dict[str, str] = {}
    for path in paths:
        with path.open(encoding="utf-8") as fh:
            for number, text in enumerate(fh, start=1):
                if not text.strip():
                    continue
                try:
                    record = json.loads(text)
                except ValueError as exc:
                    raise DataFileError(path, number, f"not JSON: {exc}") from exc
                story = record.get("story") if isinstance(record, dict) else None
                if not isinstance(story, str) or ":" not in story:
                    raise DataFileError(
                        path, number, "'story' must be 'allsides:ID' or 'wikinews:URL'"
                    )
                if story in seen:
                    raise DataFileError(path, number, f"{story} is also coded at {seen[story]}")
                seen[story] = f"{path}:{number}"
                published = record.get("published")
                events = record.get("events")
                if not isinstance(events, list):
                    raise DataFileError(path, number, "'events' must be a list (empty for none)")
                stories.append(
                    GoldStory(
                        story,
                        dt.date.fromisoformat(published) if published else None,
                        tuple(_event(e, path, number) for e in events),
                        number,
                    )
                )
    return stories


@dataclass(frozen=True, slots=True)
class CorpusStory:
    story: str
    title: str
    text: str
    published: str | None


def _allsides(corpora: Path) -> Iterator[CorpusStory]:
    path = corpora / "allsides" / "allsides_international_articles.jsonl.gz"
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            yield CorpusStory(
                f"allsides:{row['ID']}",
                row.get("title") or "",
                row["content_original"],
                row.get("date"),
            )


def _wikinews(corpora: Path) -> Iterator[CorpusStory]:
    csv.field_size_limit(1 << 30)
    for path in sorted((corpora / "wikinews").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                yield CorpusStory(f"wikinews:{row['url']}", row["title"], row["text"], row["date"])


def story_texts(corpora: Path, wanted: Iterable[str]) -> dict[str, CorpusStory]:
    """The corpus stories named in ``wanted``, read from ``corpora`` (../shared/corpora)."""
    names = set(wanted)
    found: dict[str, CorpusStory] = {}
    readers = {"allsides": _allsides, "wikinews": _wikinews}
    for corpus in sorted({n.split(":", 1)[0] for n in names}):
        reader = readers.get(corpus)
        if reader is None:
            raise DataFileError(
                corpora, None, f"unknown corpus {corpus!r}: use allsides or wikinews"
            )
        for story in reader(corpora):
            if story.story in names:
                found[story.story] = story
    return found


def evidence_spans(text: str, evidence: Iterable[str]) -> list[tuple[int, int] | None]:
    """Where each snippet lies in ``text`` (whitespace-insensitive), or None when absent."""
    flat_chars: list[str] = []
    where: list[int] = []  # for each character of the flattened text, its offset in ``text``
    for match in re.finditer(r"\S+", text):
        if flat_chars:
            flat_chars.append(" ")
            where.append(match.start() - 1)
        flat_chars.extend(match.group())
        where.extend(range(match.start(), match.end()))
    flat = "".join(flat_chars)
    spans: list[tuple[int, int] | None] = []
    for snippet in evidence:
        wanted = normalise_space(snippet)
        at = flat.find(wanted) if wanted else -1
        spans.append(None if at < 0 else (where[at], where[at + len(wanted) - 1] + 1))
    return spans
