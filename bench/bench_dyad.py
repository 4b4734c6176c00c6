"""How fast is a dyad series over one million events? Not a test: run it by hand.

    .venv/bin/python bench/bench_dyad.py [--events 1000000] [--db /tmp/bench_dyad.duckdb]

The events are synthetic and generated inside DuckDB (generate_series), so building the
file takes seconds; then dyad_series runs a few times and the best and median are printed.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import tempfile
import time
from pathlib import Path

import duckdb

from communique.analysis import dyad_series, relationship_trend
from communique.analysis.dyads import Period
from communique.store import EventStore

logger = logging.getLogger("bench_dyad")

COUNTRIES = ["USA", "CHN", "RUS", "UKR", "FRA", "DEU", "GBR", "IND", "JPN", "BRA", "IRN", "ISR"]

# Twelve countries, random dyads, four quad classes, dates spread over five years.
FILL = """
INSERT INTO events (id, article_id, event, cameo, goldstein, quad_code,
                    actor_codes, recipient_codes, actor_countries, recipient_countries,
                    actor_ids, recipient_ids, negated, future, hypothetical, historical,
                    date, issues)
SELECT 'e' || i, 'a' || (i // 3),
       ['CONSULT', 'COOPERATE', 'ACCUSE', 'ASSAULT'][q], ['042', '061', '112', '190'][q],
       [1.9, 6.0, -2.0, -10.0][q], q,
       [c1 || 'GOV'], [c2 || 'GOV'], [c1], [c2], ['Q' || h1], ['Q' || h2],
       false, false, false, false,
       DATE '2020-01-01' + CAST(i % 1826 AS INTEGER), []
FROM (
    SELECT i, 1 + CAST(hash(i) % 4 AS INTEGER) AS q,
           $countries[1 + CAST(hash(i * 7) % 12 AS INTEGER)] AS c1,
           $countries[1 + CAST(hash(i * 13) % 12 AS INTEGER)] AS c2,
           hash(i * 7) % 12 AS h1, hash(i * 13) % 12 AS h2
    FROM generate_series(1, $n) AS t(i)
)
"""


def build(path: Path, n: int) -> None:
    path.unlink(missing_ok=True)
    with EventStore(path):  # creates the schema
        pass
    # synthetic rows straight into the file: the store's own door only writes coded articles
    with duckdb.connect(str(path)) as con:
        started = time.perf_counter()
        con.execute(FILL, {"n": n, "countries": COUNTRIES})
        print(f"generated {n:,} events in {time.perf_counter() - started:.2f}s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "bench.duckdb")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    build(args.db, args.events)
    with EventStore(args.db) as store:
        periods: tuple[Period, ...] = ("day", "week", "month")
        for by in periods:
            times = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                frame = dyad_series(store, "USA", "CHN", by)
                times.append(time.perf_counter() - started)
            print(
                f"dyad_series USA-CHN by {by}: {len(frame)} periods, "
                f"{int(frame['events'].sum()):,} events; best {min(times) * 1000:.0f} ms, "
                f"median {statistics.median(times) * 1000:.0f} ms"
            )
        started = time.perf_counter()
        trend = relationship_trend(store, "USA", "CHN", "month")
        print(f"relationship_trend: {trend} in {(time.perf_counter() - started) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
