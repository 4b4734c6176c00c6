"""Import PETRARCH-2's CAMEO verb dictionary as the events stage's imported pattern tier.

    .venv/bin/python scripts/import_petrarch_verbs.py \
        ../shared/reference/petrarch2/dictionaries/CAMEO.2.0.txt \
        --out src/communique/data/events/petrarch_verbs.tsv.gz

Parses the dictionary (synonym sets, verb blocks, patterns), converts what the pattern schema
can express (``communique.events.petrarch_convert``) and writes the table with its provenance,
licence, date and counts read, written and skipped by reason in the header. Prints the counts.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from communique.events.petrarch_convert import (
    BARE_VERB_POLICIES,
    import_petrarch_verbs,
    skipped_lines,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dictionary", type=Path, help="PETRARCH-2 verb dictionary (CAMEO.2.0.txt)")
    parser.add_argument(
        "--out", type=Path, required=True, help="table to write (.tsv, or .tsv.gz compressed)"
    )
    parser.add_argument(
        "--bare-verbs",
        choices=BARE_VERB_POLICIES,
        default="specific",
        help="which verbs to keep without pattern words (default: specific codes only)",
    )
    args = parser.parse_args()
    conversion = import_petrarch_verbs(args.dictionary, args.out, bare_verbs=args.bare_verbs)
    print(
        f"{args.out}: {len(conversion.patterns)} patterns from {conversion.converted} of "
        f"{conversion.read} lines"
    )
    for line in skipped_lines(conversion):
        print(f"  skipped, {line}")


if __name__ == "__main__":
    main()
