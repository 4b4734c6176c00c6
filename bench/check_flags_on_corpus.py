"""Run the checks on AllSides stories: count flags by kind and print a sample to judge by hand.

Counts flags in the first ``--stories`` stories with at least one event from
../shared/corpora/allsides/allsides_international_articles.jsonl.gz, counts the flags by kind
and prints ``--sample`` flags (drawn with a fixed seed; it reads on, up to ``--most`` stories,
when the first ones have too few flags) with their evidence and sentence, for a
person to mark each as correct or false. The judged table lives in docs/accuracy.md ("Checks").

Example: .venv/bin/python bench/check_flags_on_corpus.py --stories 200 --sample 30
Whole corpus (as in docs/accuracy.md), about 17 minutes on one core, then seconds per rerun:
    .venv/bin/python bench/check_flags_on_corpus.py --stories 6000 --most 6000 --sample 30 \
        --cache /tmp/allsides_coded.pkl
"""

from __future__ import annotations

import argparse
import collections
import pickle
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from communique.checks import check_article
from communique.ingest import read_articles
from communique.pipeline import Pipeline
from communique.records import Article, CodedArticle, Flag, Rejected

REPO = Path(__file__).resolve().parents[1]
CORPUS = (
    REPO.parent / "shared" / "corpora" / "allsides" / "allsides_international_articles.jsonl.gz"
)


def _context(coded: CodedArticle, flag: Flag, width: int = 160) -> str:
    text = coded.article.text
    start, end = flag.spans[0]
    return " ".join(text[max(0, start - width) : min(len(text), end + width)].split())


def _coded(
    pipeline: Pipeline, items: Iterator[Article | Rejected], cache: Path | None
) -> Iterator[CodedArticle | Rejected]:
    """Coded stories, from ``cache`` when it exists (checks can then be tuned in seconds)."""
    if cache is not None and cache.is_file():
        with cache.open("rb") as stream:
            yield from pickle.load(stream)
        return
    kept: list[CodedArticle] = []
    try:
        for result in pipeline.code(items):
            if isinstance(result, CodedArticle) and result.events:
                kept.append(result)
            yield result
    finally:
        if cache is not None:
            with cache.open("wb") as stream:
                pickle.dump(kept, stream)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=200)
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument(
        "--cache", type=Path, help="pickle of the coded stories: written once, then reused"
    )
    parser.add_argument("--skip", type=int, default=0, help="stories with events to pass over")
    parser.add_argument("--most", type=int, default=800, help="stories read at most for the sample")
    args = parser.parse_args()
    if not CORPUS.is_file():
        print(f"corpus not found: {CORPUS}", file=sys.stderr)
        return 1
    pipeline = Pipeline()
    items = read_articles([CORPUS], field_map={"text": "content_original", "published": "date"})
    kinds: collections.Counter[str] = collections.Counter()
    flagged: list[tuple[CodedArticle, Flag]] = []
    stories = with_flags = skipped = 0
    counted: tuple[int, int, int, collections.Counter[str]] = (0, 0, 0, kinds)
    began = time.perf_counter()
    for result in _coded(pipeline, items, args.cache):
        if isinstance(result, Rejected) or not result.events:
            continue
        if skipped < args.skip:
            skipped += 1
            continue
        checked = check_article(result, pipeline.knowledge_base)
        stories += 1
        with_flags += bool(checked.flags)
        for flag in checked.flags:
            kinds[flag.kind] += 1
            flagged.append((checked, flag))
        if stories == args.stories:
            counted = (stories, with_flags, len(flagged), collections.Counter(kinds))
        # past --stories, read on only until there are --sample flags to judge
        if stories >= args.stories and (len(flagged) >= args.sample or stories >= args.most):
            break
    seconds = time.perf_counter() - began
    counted = counted if stories >= args.stories else (stories, with_flags, len(flagged), kinds)
    print(f"{counted[0]} stories with events, {counted[1]} with flags, {counted[2]} flags")
    for kind, count in counted[3].most_common():
        print(f"  {kind:20} {count}")
    print(f"sample drawn from {len(flagged)} flags in {stories} stories ({seconds:.0f} s)")
    sample = random.Random(args.seed).sample(flagged, min(args.sample, len(flagged)))
    for n, (coded, flag) in enumerate(sample, 1):
        print(
            f"\n#{n} {flag.kind} ({flag.severity}) {coded.article.origin} {coded.article.published}"
        )
        print(f"   {flag.message}")
        for start, end in flag.spans:
            print(f"   evidence [{start}:{end}] {coded.article.text[start:end]!r}")
        print(f"   context: …{_context(coded, flag)}…")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
