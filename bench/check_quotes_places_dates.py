"""Check the quotes, dates and places stages on the Wikinews stories.

Codes the stories of ../shared/corpora/wikinews/*.csv (url, date, title, text) and prints:
how many events have a place (and by place basis), how many have a date basis other than
"publication" (and by basis and precision), how many quotes have a resolved speaker (an
actor) and how many have any speaker. It also writes a sample of events and quotes, drawn
with a fixed seed, to /tmp/wikinews_sample.json and .csv for a person to judge; the judged
table lives in docs/accuracy.md ("Quotes, dates and places on Wikinews").

Example: .venv/bin/python bench/check_quotes_places_dates.py --sample 30 --seed 5
"""

from __future__ import annotations

import argparse
import collections
import csv
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

from communique.ingest import read_articles
from communique.pipeline import Pipeline
from communique.records import CodedArticle, Event, Quote, Rejected

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpora" / "wikinews"
SAMPLE_STEM = Path("/tmp/wikinews_sample")


def _share(part: int, whole: int) -> str:
    return f"{part:>6} / {whole:<6} {100 * part / whole if whole else 0.0:5.1f}%"


def _event_row(coded: CodedArticle, event: Event) -> dict[str, Any]:
    place = event.place
    return {
        "kind": "event",
        "story": coded.article.title or coded.article.origin,
        "published": str(coded.article.published),
        "sentence": " ".join(event.sentence.split()),
        "event": event.event,
        "trigger": event.trigger,
        "place_text": event.place_text,
        "place": f"{place.name} ({place.country}, {place.feature})" if place else None,
        "place_basis": event.place_basis,
        "time_text": event.time_text,
        "date": str(event.date) if event.date else None,
        "date_basis": event.date_basis,
        "date_precision": event.date_precision,
    }


def _quote_row(coded: CodedArticle, quote: Quote) -> dict[str, Any]:
    speaker = quote.speaker
    addressee = quote.addressee
    text = coded.article.text
    return {
        "kind": "quote",
        "story": coded.article.title or coded.article.origin,
        "published": str(coded.article.published),
        "text": " ".join(quote.text.split())[:300],
        "direct": quote.direct,
        "speaker": speaker.entity_text if speaker else None,
        "speaker_actor": speaker.actor.name if speaker and speaker.actor else None,
        "addressee": addressee.entity_text if addressee else None,
        "place_text": quote.place_text,
        "date_text": quote.date_text,
        "context": " ".join(text[max(0, quote.start - 120) : quote.end + 120].split()),
    }


def _report_events(events: list[Event]) -> None:
    total = len(events)
    placed = sum(1 for event in events if event.place is not None)
    not_publication = sum(1 for event in events if event.date_basis != "publication")
    print(f"events: {total}")
    print(f"  with a place:                 {_share(placed, total)}")
    for basis, count in collections.Counter(e.place_basis for e in events).most_common():
        print(f"    place_basis {basis:<10}     {_share(count, total)}")
    print(f"  date basis not publication:   {_share(not_publication, total)}")
    for basis, count in collections.Counter(e.date_basis for e in events).most_common():
        print(f"    date_basis {basis:<11}     {_share(count, total)}")
    precisions = collections.Counter((e.date_basis, e.date_precision) for e in events)
    for (basis, precision), count in precisions.most_common():
        print(f"    {basis:<11} {precision or '-':<6}          {_share(count, total)}")


def _report_quotes(quotes: list[Quote]) -> None:
    total = len(quotes)
    direct = sum(1 for quote in quotes if quote.direct)
    resolved = sum(1 for q in quotes if q.speaker is not None and q.speaker.actor is not None)
    any_speaker = sum(1 for quote in quotes if quote.speaker is not None)
    with_place = sum(1 for quote in quotes if quote.place_text)
    with_date = sum(1 for quote in quotes if quote.date_text)
    print(f"quotes: {total} ({direct} direct, {total - direct} indirect)")
    print(f"  with a resolved speaker:      {_share(resolved, total)}")
    print(f"  with any speaker:             {_share(any_speaker, total)}")
    print(f"  with a place said:            {_share(with_place, total)}")
    print(f"  with a date said:             {_share(with_date, total)}")
    unresolved = collections.Counter(
        " ".join(q.speaker.entity_text.split()).lower()
        for q in quotes
        if q.speaker is not None and q.speaker.actor is None
    )
    common = ", ".join(f"{words} ({count})" for words, count in unresolved.most_common(15))
    print(f"  most frequent unresolved speakers: {common}")


def _write_sample(sample: list[dict[str, Any]]) -> None:
    SAMPLE_STEM.with_suffix(".json").write_text(json.dumps(sample, indent=1), "utf-8")
    columns = sorted({key for row in sample for key in row})
    with SAMPLE_STEM.with_suffix(".csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(sample)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=30, help="events and quotes to sample")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--limit", type=int, default=0, help="code only the first N stories")
    args = parser.parse_args()
    files = sorted(CORPUS.glob("*.csv"))
    if not files:
        print(f"corpus not found: {CORPUS}", file=sys.stderr)
        return 1
    pipeline = Pipeline()
    items = read_articles(files, field_map={"published": "date"})
    stories = rejected = 0
    events: list[tuple[CodedArticle, Event]] = []
    quotes: list[tuple[CodedArticle, Quote]] = []
    began = time.perf_counter()
    for result in pipeline.code(items):
        if isinstance(result, Rejected):
            rejected += 1
            print(f"rejected {result.origin} ({result.stage}): {result.reason}", file=sys.stderr)
            continue
        stories += 1
        events.extend((result, event) for event in result.events)
        quotes.extend((result, quote) for quote in result.quotes)
        if args.limit and stories >= args.limit:
            break
    seconds = time.perf_counter() - began

    print(f"stories coded: {stories} (rejected {rejected}) in {seconds:.0f} s")
    _report_events([event for _, event in events])
    _report_quotes([quote for _, quote in quotes])
    rng = random.Random(args.seed)
    half = args.sample // 2
    sample = [_event_row(c, e) for c, e in rng.sample(events, min(half, len(events)))]
    drawn = rng.sample(quotes, min(args.sample - half, len(quotes)))
    sample += [_quote_row(c, q) for c, q in drawn]
    _write_sample(sample)
    print(f"sample of {len(sample)} written to {SAMPLE_STEM}.json and .csv")
    return 0


if __name__ == "__main__":
    sys.exit(main())
