"""The dashboard in a real browser: Debian's headless Chromium driven by Playwright.

The server runs in a thread on a free port of 127.0.0.1. The test uploads the seed story
through the page, finds its meetings highlighted, checks that a story containing
``<script>`` runs nothing, and that the dyad chart is drawn. Screenshots go to the test's
temporary folder, or to $COMMUNIQUE_SCREENSHOTS when it is set.

Skips when Chromium (/usr/bin/chromium), Playwright or ../shared is missing. Playwright's
own browser download is never used.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

import uvicorn

from communique.api import create_app
from communique.config import load_settings

pytestmark = [pytest.mark.slow, pytest.mark.model]

CHROMIUM = Path("/usr/bin/chromium")
TOKEN = "browser-token"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOSTILE = (
    "Officials met in Geneva on Monday to discuss the ceasefire. "
    '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> '
    "The talks ended without an agreement."
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("browser") / "browser.duckdb"
    app = create_app(load_settings(), db, token=TOKEN)
    app.state.api.pipeline.warm_up()  # load the model before the page's upload times out
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    instance = uvicorn.Server(config)
    thread = threading.Thread(target=instance.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not instance.started:
        if time.monotonic() > deadline:
            pytest.fail("the test server did not start in 30 s")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    instance.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page(server: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000},
        )
        tab = context.new_page()
        outside: list[str] = []

        def local_only(route: Any) -> None:
            if route.request.url.startswith(server):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        tab.route("**/*", local_only)
        tab.outside_requests = outside
        yield tab
        context.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    wanted = os.environ.get("COMMUNIQUE_SCREENSHOTS")
    folder = Path(wanted) if wanted else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _upload(page: Any, server: str, text: str, published: str) -> None:
    page.goto(f"{server}/")
    page.fill("#story-text", text)
    page.fill("#story-published", published)
    page.fill("#api-token", TOKEN)
    page.click("#upload-button")
    page.wait_for_url("**/view/articles/**", timeout=120_000)


def test_upload_seed_story_highlights_meetings(
    page: Any, server: str, seed_text: str, shots: Path
) -> None:
    _upload(page, server, seed_text, "2024-04-26")
    triggers = page.locator("#article-text mark.hl-trigger")
    assert triggers.count() >= 2
    meetings = [t for t in triggers.all_inner_texts() if re.match(r"(?i)me(e)?t", t)]
    assert meetings, triggers.all_inner_texts()
    consult = page.locator("#event-list li", has_text="CONSULT")
    assert consult.count() >= 2
    assert page.locator("#actor-list li", has_text="Blinken").count() == 1
    page.screenshot(path=str(shots / "article.png"), full_page=True)
    assert page.outside_requests == []


def test_wrong_token_shows_the_error(page: Any, server: str) -> None:
    page.goto(f"{server}/")
    page.fill("#story-text", "Officials met in Geneva on Monday to discuss the ceasefire.")
    page.fill("#api-token", "wrong")
    page.click("#upload-button")
    page.wait_for_selector("#upload-status.error")
    assert "wrong bearer token" in page.inner_text("#upload-status")


def test_script_in_a_story_does_not_run(page: Any, server: str, shots: Path) -> None:
    _upload(page, server, HOSTILE, "2024-05-06")
    page.wait_for_timeout(300)  # give an injected handler (there should be none) time to fire
    assert page.evaluate("window.__pwned") is None
    assert "<script>window.__pwned = 1</script>" in page.inner_text("#article-text")
    page.screenshot(path=str(shots / "article_script.png"), full_page=True)


def test_dyad_view_draws_the_chart(page: Any, server: str, shots: Path) -> None:
    page.goto(f"{server}/view/dyads/USA/CHN?by=day")
    page.wait_for_selector("#dyad-chart[data-drawn='true']", timeout=15_000)
    assert int(page.get_attribute("#dyad-chart", "data-periods")) >= 1
    painted = page.evaluate(
        """() => {
            const c = document.getElementById('dyad-chart');
            const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0;
            for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
            return n;
        }"""
    )
    assert painted > 2_000  # axes, bars, line and legend, not an empty canvas
    page.screenshot(path=str(shots / "dyad.png"), full_page=True)


def test_event_table_and_map(page: Any, server: str, shots: Path) -> None:
    page.goto(f"{server}/view/events?type=CONSULT")
    rows = page.locator("#event-table tbody tr")
    assert rows.count() >= 2
    assert all("CONSULT" in t for t in rows.all_inner_texts())
    page.screenshot(path=str(shots / "events.png"), full_page=True)
    page.goto(f"{server}/view/map")
    assert page.locator("#event-map circle.event-point").count() >= 1
    page.screenshot(path=str(shots / "map.png"), full_page=True)
    assert page.outside_requests == []
