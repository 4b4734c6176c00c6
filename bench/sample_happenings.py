"""Happenings on a real corpus: count them and print a sample of merged groups to read by hand.

Reads a store filled by `communique run` (which links each story's events to the happenings
already stored), counts events, happenings and the happenings reported by more than one story
("merged groups"), and prints ``--sample`` merged groups drawn with a fixed seed: each report
with its outlet, publication date, type, parties, date and its precision, place, and
sentence, for a person to judge whether every report in the group tells the same thing that
happened. The judged sample lives in docs/accuracy.md ("Happenings on the AllSides corpus").

Whole AllSides corpus (as in docs/accuracy.md; the run took 36 minutes with one worker):
    communique run ../shared/corpora/allsides/allsides_international_articles.jsonl.gz \\
        --db /tmp/allsides_happenings.duckdb \\
        --map text=content_original --map published=date --map id=ID
    .venv/bin/python bench/sample_happenings.py --db /tmp/allsides_happenings.duckdb \\
        --sample 20 --seed 17
``--relink`` first rebuilds the links of the whole store as `communique dedupe` does (in a
copy of the store when ``--copy`` is given), to compare it with the links made during the run.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import shutil
import sys
import textwrap
from pathlib import Path
from typing import Any

from communique.store import EventStore
from communique.store.dedupe import merge_events

_GROUPS_SQL = """
    SELECT canonical_id, count(*) AS reports, count(DISTINCT article_id) AS stories
    FROM events_view GROUP BY canonical_id
"""

_MEMBERS_SQL = """
    SELECT v.id, v.article_id, v.source, v.published, v.title, v.event, v.mode, v.date,
           e.date_precision, v.place_name, v.place_basis, e.record, v.sentence,
           v.negated, v.future, v.hypothetical, v.historical
    FROM events_view v JOIN events e ON e.id = v.id
    WHERE v.canonical_id = ?
    ORDER BY v.published NULLS LAST, v.id
"""


def _parties(side: list[dict[str, Any]]) -> str:
    names = []
    for party in side:
        actor = party.get("actor") or {}
        name = actor.get("name") or party.get("entity_text") or "?"
        code = actor.get("code") or ""
        names.append(f"{name} [{code}]" if code else name)
    return ", ".join(names) or "-"


def _modality(row: tuple[Any, ...]) -> str:
    marks = [m for m, on in zip(("negated", "future", "if", "past"), row[-4:], strict=True) if on]
    return f" ({', '.join(marks)})" if marks else ""


def print_group(store: EventStore, number: int, canonical_id: str) -> None:
    rows = store._con.execute(_MEMBERS_SQL, [canonical_id]).fetchall()
    print(f"#{number}  happening {canonical_id}: {len(rows)} reports")
    for row in rows:
        (_id, _article, source, published, title, kind, mode, date, precision) = row[:9]
        (place, place_basis, record, sentence) = row[9:13]
        event = json.loads(record)
        who = f"{_parties(event['actors'])} -> {_parties(event['recipients'])}"
        where = f"{place} ({place_basis})" if place else "-"
        print(f"  - {source or '?'} {published} | {(title or '')[:80]}")
        print(f"    {kind}/{mode or '-'}{_modality(row)} {who} | {date} ({precision}) | {where}")
        text = " ".join(str(sentence).split())
        print(textwrap.indent(textwrap.fill(text[:400], 96), "      "))
    print()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--relink", action="store_true", help="rebuild the links first")
    parser.add_argument("--copy", type=Path, help="relink in this copy of the store")
    args = parser.parse_args()
    db: Path = args.db
    if not db.is_file():
        print(f"store not found: {db}", file=sys.stderr)
        return 1
    if args.relink and args.copy:
        shutil.copyfile(db, args.copy)
        db = args.copy
    with EventStore(db, read_only=not args.relink) as store:
        if args.relink:
            merge_events(store)
        groups = store._con.execute(_GROUPS_SQL).fetchall()
        merged = sorted(c for c, _reports, stories in groups if stories > 1)
        sizes = collections.Counter(stories for _c, _r, stories in groups if stories > 1)
        events = sum(reports for _c, reports, _s in groups)
        articles = store.count("articles")
        print(
            f"{articles} stories, {events} events, {len(groups)} happenings; "
            f"{len(merged)} reported by more than one story "
            f"({sum(r for c, r, s in groups if s > 1)} events in them)"
        )
        print("stories per merged happening: " + ", ".join(
            f"{n}: {count}" for n, count in sorted(sizes.items())
        ))  # fmt: skip
        print()
        picked = random.Random(args.seed).sample(merged, min(args.sample, len(merged)))
        for number, canonical_id in enumerate(picked, start=1):
            print_group(store, number, canonical_id)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
