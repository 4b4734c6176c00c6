"""Load test of the HTTP API: requests per second and p99 latency, on 127.0.0.1.

Starts `communique serve` in a subprocess on a free port with a temporary DuckDB file
that already holds one heavy story (``--heavy-events`` one-line meetings, 2,800 by default,
written directly, without coding), then, for a bounded time each and with a fixed number of
concurrent clients:

1. POST /articles with the example stories (each made unique, so every request codes);
2. GET /events with a few filters over what step 1 stored;
3. the heavy story: its article page and its JSON document, each timed and sized alone,
   then six article pages at once while one client asks for /health every 50 ms.

Prints requests/s, p50 and p99 latency and the error count per endpoint, the heavy page's
time and size and /health's latency beside it, then stops the server. Exit status 1 when
any request failed. ``--pages-only`` runs step 3 alone (no spaCy model is loaded).

    python bench/bench_api.py --seconds 20 --concurrency 8
    python bench/bench_api.py --pages-only
"""

from __future__ import annotations

import argparse
import itertools
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from communique.records import (
    Actor,
    Article,
    CleanText,
    CodedArticle,
    Event,
    Mention,
    Participant,
    Place,
)
from communique.store import EventStore

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples" / "articles"
TOKEN = "bench-token"
EVENT_QUERIES = (
    "/events",
    "/events?type=CONSULT",
    "/events?country=CHN&limit=20",
    "/events?dyad=USA,CHN",
    "/events?since=2023-01-01&until=2024-12-31&offset=10",
)


@dataclass
class Result:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def line(self, name: str) -> str:
        n = len(self.latencies)
        if n == 0:
            return f"{name:<16} no successful request; errors: {len(self.errors)}"
        ordered = sorted(self.latencies)
        p99 = ordered[min(n - 1, int(0.99 * n))]
        return (
            f"{name:<16} {n:>6} requests  {n / self.seconds:8.1f} req/s  "
            f"p50 {statistics.median(ordered) * 1000:7.1f} ms  p99 {p99 * 1000:7.1f} ms  "
            f"errors {len(self.errors)}"
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    exe = Path(sys.executable).with_name("communique")
    # the load test measures throughput, not the rate limiter: switch the limits off
    config = db.with_suffix(".toml")
    config.write_text("[api]\nwrite_per_minute = 0\nread_per_second = 0\n", "utf-8")
    command = [
        str(exe),
        "serve",
        "--db",
        str(db),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--config",
        str(config),
    ]
    env = {**os.environ, "COMMUNIQUE_API_TOKEN": TOKEN}
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_ready(base: str, server: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            stderr = server.stderr.read().decode() if server.stderr else ""
            raise SystemExit(f"server exited early:\n{stderr}")
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise SystemExit(f"server not ready after {timeout:.0f} s")


def load(
    seconds: float, concurrency: int, make_request: Callable[[httpx.Client, int], httpx.Response]
) -> Result:
    """Run ``make_request`` from ``concurrency`` threads until ``seconds`` have passed."""
    result = Result()
    lock = threading.Lock()
    counter = itertools.count()
    stop = time.monotonic() + seconds

    def worker() -> None:
        with httpx.Client(timeout=120) as client:
            while time.monotonic() < stop:
                number = next(counter)
                began = time.perf_counter()
                try:
                    response = make_request(client, number)
                    ok = response.status_code < 400
                    problem = f"{response.status_code}: {response.text[:200]}"
                except httpx.HTTPError as exc:
                    ok, problem = False, repr(exc)
                elapsed = time.perf_counter() - began
                with lock:
                    if ok:
                        result.latencies.append(elapsed)
                    else:
                        result.errors.append(problem)

    began = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.seconds = time.monotonic() - began
    return result


USA = Actor("cq:person:antony-blinken", "Antony Blinken", "USA", "GOV", "Secretary of State")
CHN = Actor("cq:person:wang-yi", "Wang Yi", "CHN", "GOV", "Minister of Foreign Affairs")
BEIJING = Place("Beijing", "CHN", 39.9, 116.4, 1816670)
HEAVY_ID = "heavy-story"
HEAVY_SENTENCE = "Blinken met Wang in Beijing. "


def heavy_story(events: int) -> CodedArticle:
    """One story of ``events`` one-line meetings, each with two actors, a trigger and a place:
    the shape of the 2,800-event story that made the article page quadratic."""
    text = HEAVY_SENTENCE * events
    mentions: list[Mention] = []
    coded: list[Event] = []
    for n in range(events):
        at = n * len(HEAVY_SENTENCE)
        sentence = HEAVY_SENTENCE.strip()
        mentions += [
            Mention(HEAVY_ID, "Blinken", at, at + 7, n, USA),
            Mention(HEAVY_ID, "Wang", at + 12, at + 16, n, CHN),
        ]
        coded.append(
            Event(
                id=f"{HEAVY_ID}-{n}",
                article_id=HEAVY_ID,
                event="CONSULT",
                mode="visit",
                context=(),
                cameo="040",
                goldstein=1.0,
                quad_code=1,
                actors=(Participant("Blinken", USA, at, at + 7),),
                recipients=(Participant("Wang", CHN, at + 12, at + 16),),
                trigger="met",
                sentence=sentence,
                start=at,
                end=at + len(sentence),
                trigger_start=at + 8,
                trigger_end=at + 11,
                place_text="Beijing",
                date=None,
                place=BEIJING,
                place_basis="sentence",
            )
        )
    article = Article(HEAVY_ID, text, title="A heavy story")
    return CodedArticle(
        article, CleanText(HEAVY_ID, text), tuple(mentions), tuple(coded), issues=(("china", 1),)
    )


@dataclass
class Timed:
    seconds: float
    size: int
    status: int


def timed_get(client: httpx.Client, url: str) -> Timed:
    began = time.perf_counter()
    response = client.get(url)
    return Timed(time.perf_counter() - began, len(response.content), response.status_code)


def heavy_pages(base: str, parallel: int = 6) -> tuple[list[str], bool]:
    """The heavy story's page and document alone, then ``parallel`` pages beside /health."""
    lines: list[str] = []
    failed = False
    page = f"{base}/view/articles/{HEAVY_ID}"
    with httpx.Client(timeout=600) as client:
        timed_get(client, page)  # not timed: the first render compiles the template
        for name, url in (("article page", page), ("article JSON", f"{base}/articles/{HEAVY_ID}")):
            runs = [timed_get(client, url) for _ in range(3)]
            failed |= any(r.status != 200 for r in runs)
            best = min(r.seconds for r in runs)
            lines.append(
                f"heavy {name:<13} {best * 1000:8.1f} ms (best of 3)  {runs[0].size:>10,} bytes  "
                f"status {runs[0].status}"
            )
    health: list[float] = []
    done = threading.Event()

    def poll_health() -> None:
        with httpx.Client(timeout=600) as client:
            while not done.is_set():
                health.append(timed_get(client, f"{base}/health").seconds)
                time.sleep(0.05)

    def one_page(results: list[Timed]) -> None:
        with httpx.Client(timeout=600) as client:
            results.append(timed_get(client, page))

    results: list[Timed] = []
    poller = threading.Thread(target=poll_health)
    poller.start()
    began = time.perf_counter()
    threads = [threading.Thread(target=one_page, args=(results,)) for _ in range(parallel)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - began
    done.set()
    poller.join()
    failed |= any(r.status != 200 for r in results)
    ordered = sorted(health)
    lines.append(
        f"{parallel} heavy pages at once: all served in {wall:.2f} s; /health beside them: "
        f"{len(ordered)} requests, p50 {statistics.median(ordered) * 1000:.1f} ms, "
        f"max {ordered[-1] * 1000:.1f} ms"
    )
    return lines, failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0, help="load time per endpoint")
    parser.add_argument("--concurrency", type=int, default=8, help="concurrent clients")
    parser.add_argument("--heavy-events", type=int, default=2800, help="events in the heavy story")
    parser.add_argument(
        "--pages-only", action="store_true", help="only the heavy story's pages (no uploads)"
    )
    args = parser.parse_args()
    stories = [p.read_text("utf-8") for p in sorted(EXAMPLES.glob("*.txt"))]
    if not stories:
        raise SystemExit(f"no example stories in {EXAMPLES}")
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        db = Path(tmp) / "bench.duckdb"
        with EventStore(db) as store:
            store.write(heavy_story(args.heavy_events))
        server = start_server(db, port)
        try:
            wait_ready(base, server)
            if args.pages_only:
                lines, failed = heavy_pages(base)
                print(f"communique API on 127.0.0.1; heavy story of {args.heavy_events:,} events")
                print("\n".join(lines))
                return 1 if failed else 0

            def post(client: httpx.Client, number: int) -> httpx.Response:
                # a numbered last line makes each text new, so each request codes a story
                text = f"{stories[number % len(stories)]}\n\n(bench copy {number})\n"
                body = {"text": text, "published": "2024-04-26"}
                return client.post(f"{base}/articles", json=body, headers=auth)

            def get_events(client: httpx.Client, number: int) -> httpx.Response:
                return client.get(base + EVENT_QUERIES[number % len(EVENT_QUERIES)])

            post(httpx.Client(timeout=120), -1)  # not timed: the first upload loads the model
            posted = load(args.seconds, args.concurrency, post)
            listed = load(args.seconds, args.concurrency, get_events)
            heavy, heavy_failed = heavy_pages(base)
            health = httpx.get(f"{base}/health").json()
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(
        f"communique API on 127.0.0.1, {args.concurrency} concurrent clients, "
        f"{args.seconds:.0f} s per endpoint; store: {health['articles']} articles, "
        f"{health['events']} events"
    )
    print(posted.line("POST /articles"))
    print(listed.line("GET /events"))
    print("\n".join(heavy))
    for problem in (posted.errors + listed.errors)[:5]:
        print("error:", problem)
    return 1 if posted.errors or listed.errors or heavy_failed else 0


if __name__ == "__main__":
    sys.exit(main())
