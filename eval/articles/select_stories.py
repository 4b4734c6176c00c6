"""Choose the stories of the article gold set (issue 14), deterministically.

Reads ../shared/corpora (AllSides and Wikinews), keeps political news of a length a
careful coder can annotate whole (180-650 words), and takes stories in the order of a
fixed hash of their key, at most a few per region, so that the set is varied in place
and event type. Prints one JSON line per chosen story: corpus, key, published, title,
words, region. The choice depends only on the corpora and this file.

    python eval/articles/select_stories.py --count 64 > /tmp/stories.jsonl
"""

from __future__ import annotations

import argparse
import csv
import gzip
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

CORPORA = Path(__file__).resolve().parents[3] / "shared" / "corpora"

# Words that make a story likely to hold codable political events.
EVENT_WORDS = re.compile(
    r"\b(met|meeting|talks|visit(ed)?|sanction(s|ed)?|attack(s|ed)?|strikes?|troops|"
    r"accus(ed|es)|protest(s|ers)?|aid|agree(d|ment)|ceasefire|minister|president|"
    r"arrest(ed)?|killed|warn(ed|s)|threat(en(ed)?)?|deni(ed|es)|reject(ed|s)?|expel(led)?)\b",
    re.I,
)
REGIONS = {
    "middle_east": r"Israel|Gaza|Iran|Iraq|Syria|Yemen|Saudi|Lebanon|Turkey|Houthi|Palestin",
    "europe": r"Ukrain|Russia|Kremlin|Moscow|Germany|France|Britain|Brexit|EU\b|NATO|Poland|Serbia|Kosovo",
    "east_asia": r"China|Beijing|Taiwan|North Korea|Pyongyang|South Korea|Japan|Hong Kong",
    "south_asia": r"India|Pakistan|Afghan|Taliban|Bangladesh|Sri Lanka|Kashmir|Myanmar",
    "africa": r"Nigeria|Sudan|Ethiopia|Somalia|Kenya|Congo|Libya|Egypt|Mali|Niger\b|Zimbabwe|South Africa",
    "americas": r"Venezuela|Mexico|Brazil|Colombia|Cuba|Bolivia|Chile|Peru|Argentina|Nicaragua|Haiti",
}


def _hash(key: str) -> str:
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


def read_stories(corpora: Path):
    with gzip.open(corpora / "allsides" / "allsides_international_articles.jsonl.gz", "rt") as fh:
        for line in fh:
            row = json.loads(line)
            yield "allsides", str(row["ID"]), row["date"], row["title"], row["content_original"]
    csv.field_size_limit(10**8)
    for name in ("wikinews_2019.csv", "wikinews_2020.csv"):
        with (corpora / "wikinews" / name).open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                yield "wikinews", row["url"], row["date"], row["title"], row["text"]


def region_of(text: str) -> str | None:
    counts = {r: len(re.findall(p, text)) for r, p in REGIONS.items()}
    best = max(counts, key=lambda r: counts[r])
    return best if counts[best] >= 1 else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=64)
    parser.add_argument("--corpora", type=Path, default=CORPORA)
    parser.add_argument("--per-region", type=int, default=12)
    parser.add_argument("--wikinews-share", type=float, default=0.35)
    args = parser.parse_args()
    candidates = []
    for corpus, key, date, title, text in read_stories(args.corpora):
        words = len(text.split())
        if not 150 <= words <= 700 or len(EVENT_WORDS.findall(text)) < 5:
            continue
        region = region_of(text)
        if region is None:
            continue
        candidates.append((_hash(f"{corpus}:{key}"), corpus, key, date, title, words, region))
    candidates.sort()
    chosen: list[tuple] = []
    per_region: Counter[str] = Counter()
    wiki_quota = round(args.count * args.wikinews_share)
    per_corpus = {"wikinews": wiki_quota, "allsides": args.count - wiki_quota}
    taken: Counter[str] = Counter()
    for cand in candidates:
        _, corpus, _, _, _, _, region = cand
        if per_region[region] >= args.per_region or taken[corpus] >= per_corpus[corpus]:
            continue
        chosen.append(cand)
        per_region[region] += 1
        taken[corpus] += 1
        if len(chosen) == args.count:
            break
    # Too few in some region or corpus: fill up in hash order, regions no longer capped.
    for cand in candidates:
        if len(chosen) >= args.count:
            break
        if cand not in chosen and taken[cand[1]] < per_corpus[cand[1]]:
            chosen.append(cand)
            per_region[cand[6]] += 1
            taken[cand[1]] += 1
    for _, corpus, key, date, title, words, region in chosen:
        print(json.dumps({"corpus": corpus, "key": key, "published": date[:10], "title": title,
                          "words": words, "region": region}))
    print(dict(per_region), dict(taken), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
