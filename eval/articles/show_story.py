"""Print a gold story's text from ../shared/corpora, for annotating it by the coding guide.

    python eval/articles/show_story.py allsides:jPk24JP6NTEWV1Cz
"""

from __future__ import annotations

import sys
from pathlib import Path

from communique.events.article_gold import story_split, story_texts

CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"


def main(argv: list[str]) -> int:
    found = story_texts(CORPORA, argv)
    for name in argv:
        story = found.get(name)
        if story is None:
            print(f"{name}: not in {CORPORA}", file=sys.stderr)
            return 1
        print(f"# {name}  published {story.published}  split {story_split(name)}")
        print(f"# title: {story.title}\n")
        print(story.text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
