"""Soak test of the HTTP API: concurrent uploads and queries, then nothing lost or doubled.

Starts `communique serve` on 127.0.0.1 (a free port, a temporary DuckDB file, the token in
the environment) and, for a bounded time, runs uploaders that post distinct generated
stories (every fifth one a repeat of an earlier story, on purpose) beside readers that
query the JSON endpoints and the dashboard pages. Then it stops the server, opens the
store and checks that every story the server accepted (201 or 200) is stored exactly once.

Prints requests by endpoint with status counts and p50/p99 latency, crashes (5xx and
connection errors), and stories accepted against stored. Exit status 1 on any crash, a
lost or doubled story, or a wrong answer to a repeat.

    python bench/soak_api.py --seconds 180 --uploaders 4 --readers 4
"""

from __future__ import annotations

import argparse
import collections
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import httpx

from communique.ingest.identity import article_id

TOKEN = "soak-token"
HOST = "127.0.0.1"  # never anything else: the soak only talks to its own server
MAX_REQUESTS_PER_WORKER = 100_000  # a second bound beside the clock
COUNTRIES = (
    ("United States", "Washington"),
    ("China", "Beijing"),
    ("Russia", "Moscow"),
    ("France", "Paris"),
    ("Japan", "Tokyo"),
    ("India", "New Delhi"),
    ("Brazil", "Brasilia"),
    ("Germany", "Berlin"),
)
VERBS = (
    "met officials from",
    "criticized",
    "signed a trade agreement with",
    "imposed sanctions on",
    "called for talks with",
    "accused",
    "sent aid to",
)
READS = (
    "/events",
    "/events?type=CONSULT",
    "/events?country=CHN&limit=20",
    "/events?dyad=USA,CHN",
    "/events?actor=china&since=2024-01-01",
    "/dyads/USA/CHN?by=month",
    "/issues",
    "/health",
    "/actors/resolve?name=Blinken&date=2024-04-26",
    "/",
    "/view/events?country=RUS",
    "/view/dyads/USA/RUS",
)


def story(number: int) -> str:
    """A short, distinct news story; the same number always gives the same text."""
    rng = random.Random(number)
    (a, a_city), (b, _) = rng.sample(COUNTRIES, 2)
    verb = rng.choice(VERBS)
    return (
        f"{a_city.upper()} — {a} {verb} {b} on Tuesday, officials said. "
        f"The government of {b} said it would respond after consultations. "
        f"Analysts in {a_city} described the move as significant. (Soak story {number}.)\n"
    )


@dataclass
class Tally:
    """What the workers saw; every field is guarded by ``lock``."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: dict[str, collections.Counter[str]] = field(
        default_factory=lambda: collections.defaultdict(collections.Counter)
    )
    latencies: dict[str, list[float]] = field(default_factory=lambda: collections.defaultdict(list))
    accepted: dict[str, int] = field(default_factory=dict)  # article id -> story number
    repeat_problems: list[str] = field(default_factory=list)
    crashes: list[str] = field(default_factory=list)

    def record(self, endpoint: str, status: str, seconds: float) -> None:
        with self.lock:
            self.statuses[endpoint][status] += 1
            self.latencies[endpoint].append(seconds)
            if status.startswith("5") or not status[0].isdigit():
                self.crashes.append(f"{endpoint}: {status}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def start_server(db: Path, port: int, log: Path, writes: int) -> subprocess.Popen[bytes]:
    # the soak measures storage under load, not the limiter (tests/test_api_security.py
    # covers that): uploads get a higher rate than the default; reads keep the default
    config = db.with_name("soak.toml")
    config.write_text(f"[api]\nwrite_per_minute = {writes}\nwrite_burst = 20\n", "utf-8")
    exe = Path(sys.executable).with_name("communique")
    command = [str(exe), "serve", "--db", str(db), "--host", HOST, "--port", str(port)]
    command += ["--config", str(config)]
    env = {**os.environ, "COMMUNIQUE_API_TOKEN": TOKEN}
    with log.open("wb") as out:
        return subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)


def wait_ready(base: str, server: subprocess.Popen[bytes], log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"server exited early:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"server not ready after {timeout:.0f} s")


def timed(
    tally: Tally, endpoint: str, send: httpx.Client, method: str, url: str, **kw: Any
) -> httpx.Response | None:
    began = time.perf_counter()
    try:
        response = send.request(method, url, **kw)
    except httpx.HTTPError as exc:
        tally.record(endpoint, type(exc).__name__, time.perf_counter() - began)
        return None
    tally.record(endpoint, str(response.status_code), time.perf_counter() - began)
    return response


def uploader(base: str, worker: int, workers: int, stop: float, tally: Tally) -> None:
    auth = {"Authorization": f"Bearer {TOKEN}"}
    numbers = range(worker, worker + workers * MAX_REQUESTS_PER_WORKER, workers)
    with httpx.Client(timeout=300) as client:
        for count, number in enumerate(numbers):
            if time.monotonic() >= stop:
                return
            # every fifth upload repeats a story some worker has (probably) sent already
            repeat = count % 5 == 4
            text = story(random.Random(number).randrange(max(number, 1)) if repeat else number)
            response = timed(
                tally,
                "POST /articles (repeat)" if repeat else "POST /articles",
                client,
                "POST",
                f"{base}/articles",
                json={"text": text, "published": "2024-04-26"},
                headers=auth,
            )
            if response is None:
                continue
            if response.status_code == 429:
                time.sleep(float(response.headers.get("retry-after", "1")))
            elif response.status_code in (200, 201):
                stored_id = response.json()["article"]["id"]
                with tally.lock:
                    if stored_id != article_id(text):
                        tally.repeat_problems.append(f"id {stored_id} for a text hashing else")
                    if response.status_code == 201 and stored_id in tally.accepted:
                        tally.repeat_problems.append(f"{stored_id} created twice")
                    tally.accepted.setdefault(stored_id, number)


def reader(base: str, worker: int, stop: float, tally: Tally) -> None:
    with httpx.Client(timeout=120) as client:
        for count in range(MAX_REQUESTS_PER_WORKER):
            if time.monotonic() >= stop:
                return
            path = READS[(worker + count) % len(READS)]
            endpoint = "GET " + path.split("?")[0]
            response = timed(tally, endpoint, client, "GET", base + path)
            if response is not None and response.status_code == 429:
                time.sleep(float(response.headers.get("retry-after", "1")))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def report(tally: Tally, stored: collections.Counter[str], seconds: float, args: object) -> int:
    print(f"soak: {seconds:.0f} s on {HOST}, {args}")
    total = 0
    for endpoint in sorted(tally.statuses):
        counts = tally.statuses[endpoint]
        times = tally.latencies[endpoint]
        total += sum(counts.values())
        print(
            f"  {endpoint:<28} {sum(counts.values()):>6} requests  "
            f"p50 {statistics.median(times) * 1000:8.1f} ms  "
            f"p99 {percentile(times, 0.99) * 1000:8.1f} ms  statuses {dict(sorted(counts.items()))}"
        )
    accepted = set(tally.accepted)
    lost = accepted - set(stored)
    doubled = [i for i, n in stored.items() if n > 1]
    unexpected = set(stored) - accepted
    print(f"  requests tried: {total}; crashes (5xx, connection errors): {len(tally.crashes)}")
    print(
        f"  stories accepted: {len(accepted)}; stored: {sum(stored.values())}; lost: {len(lost)};"
        f" stored twice: {len(doubled)}; stored but never acknowledged: {len(unexpected)}"
    )
    for problem in (tally.crashes + tally.repeat_problems)[:10]:
        print("  problem:", problem)
    failed = tally.crashes or tally.repeat_problems or lost or doubled
    return 1 if failed else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--seconds", type=float, default=180.0, help="load time (default 180)")
    parser.add_argument("--uploaders", type=int, default=4, help="concurrent uploaders")
    parser.add_argument("--readers", type=int, default=4, help="concurrent readers")
    parser.add_argument(
        "--write-per-minute",
        type=int,
        default=600,
        help="[api] write_per_minute for the server (default 600; the shipped default is 60)",
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db, log = Path(tmp) / "soak.duckdb", Path(tmp) / "server.log"
        port = free_port()
        base = f"http://{HOST}:{port}"
        server = start_server(db, port, log, args.write_per_minute)
        tally = Tally()
        try:
            wait_ready(base, server, log, timeout=300)
            began = time.monotonic()
            stop = began + args.seconds
            threads = [
                threading.Thread(target=uploader, args=(base, i, args.uploaders, stop, tally))
                for i in range(args.uploaders)
            ] + [
                threading.Thread(target=reader, args=(base, i, stop, tally))
                for i in range(args.readers)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            seconds = time.monotonic() - began
        finally:
            server.terminate()
            server.wait(timeout=60)
        con = duckdb.connect(str(db), read_only=True)
        stored = collections.Counter(
            i for (i,) in con.execute("SELECT id FROM articles").fetchall()
        )
        con.close()
    return report(tally, stored, seconds, vars(args))


if __name__ == "__main__":
    sys.exit(main())
