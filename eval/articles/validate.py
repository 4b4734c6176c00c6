"""Check gold files against the coding guide: schema, and every evidence snippet in its story.

    python eval/articles/validate.py eval/articles/gold_*.jsonl
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from communique.errors import DataFileError
from communique.events.article_gold import evidence_spans, read_article_gold, story_texts

CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"


def main(argv: list[str]) -> int:
    try:
        stories = read_article_gold(Path(a) for a in argv)
    except DataFileError as exc:
        print(exc, file=sys.stderr)
        return 1
    texts = story_texts(CORPORA, (s.story for s in stories))
    problems = 0
    types: Counter[str] = Counter()
    for story in stories:
        corpus = texts.get(story.story)
        if corpus is None:
            print(f"line {story.line}: {story.story} not found in {CORPORA}")
            problems += 1
            continue
        for event in story.events:
            types[event.event] += 1
            for snippet, span in zip(event.evidence, evidence_spans(corpus.text, event.evidence)):
                if span is None:
                    print(f"line {story.line}: {story.story}: evidence not in text: {snippet!r}")
                    problems += 1
    print(f"{len(stories)} stories, {sum(types.values())} events, {problems} problems")
    print(", ".join(f"{t} {n}" for t, n in types.most_common()))
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
