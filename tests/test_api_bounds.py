"""The API's work is bounded: a story of many events gives a page of bounded size, the
highlighting is linear, heavy requests run a few at a time beside /health, and identical
uploads at once get one 201.

No spaCy model is loaded: the store is written directly and uploads use a stand-in pipeline.
Nothing here is timed; time and size on a real server are in bench/bench_api.py.
"""

from __future__ import annotations

import dataclasses
import re
import sys
import threading
import time
import warnings
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("jinja2")

from communique.api import create_app, highlight, pages
from communique.api.highlight import MAX_LABELS, MORE, Span, segments
from communique.api.pages import ARTICLE_PAGE_EVENTS
from communique.api.state import HEAVY_AT_ONCE
from communique.config import load_settings
from communique.records import (
    Actor,
    Article,
    CleanText,
    CodedArticle,
    Event,
    Mention,
    Participant,
    Rejected,
)
from communique.store import EventStore

with warnings.catch_warnings():  # starlette warns when it finds httpx rather than httpx2
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TOKEN = "bounds-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
USA = Actor("cq:person:blinken", "Antony Blinken", "USA", "GOV", "Secretary of State")
CHN = Actor("cq:person:wang-yi", "Wang Yi", "CHN", "GOV", "Minister of Foreign Affairs")
SENTENCE = "Blinken met Wang in Beijing. "
EVENTS = 2 * ARTICLE_PAGE_EVENTS + 100  # three pages, the last one short


def heavy_story(article_id: str, events: int) -> CodedArticle:
    """``events`` one-line meetings: the shape of the story whose page was quadratic."""
    text = "Talks, again and again.\n" + SENTENCE * events
    mentions: list[Mention] = []
    coded: list[Event] = []
    for n in range(events):
        at = text.index("Blinken") + n * len(SENTENCE)
        mentions += [
            Mention(article_id, "Blinken", at, at + 7, n + 1, USA),
            Mention(article_id, "Wang", at + 12, at + 16, n + 1, CHN),
        ]
        coded.append(
            Event(
                id=f"{article_id}-{n:05d}",
                article_id=article_id,
                event="CONSULT",
                mode=None,
                context=(),
                cameo="040",
                goldstein=1.0,
                quad_code=1,
                actors=(Participant("Blinken", USA, at, at + 7),),
                recipients=(Participant("Wang", CHN, at + 12, at + 16),),
                trigger="met",
                sentence=SENTENCE.strip(),
                start=at,
                end=at + len(SENTENCE) - 1,
                trigger_start=at + 8,
                trigger_end=at + 11,
            )
        )
    article = Article(article_id, text, title="Many meetings")
    return CodedArticle(article, CleanText(article_id, text), tuple(mentions), tuple(coded))


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bounds") / "bounds.duckdb"
    with EventStore(path) as store:
        store.write(heavy_story("heavy", EVENTS))
        store.write(heavy_story("light", 3))
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    app = create_app(load_settings(), db, token=TOKEN)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def _listed(page: str) -> list[str]:
    return re.findall(r'data-event-id="([^"]+)"', page)


def _marked(page: str) -> int:
    return page.count('<mark class="hl-event hl-trigger"')


# -- the article page ----------------------------------------------------------------------------
def test_a_story_of_many_events_is_shown_a_page_at_a_time(client: TestClient) -> None:
    first = client.get("/view/articles/heavy")
    assert first.status_code == 200
    listed = _listed(first.text)
    assert listed == [f"heavy-{n:05d}" for n in range(ARTICLE_PAGE_EVENTS)]
    assert _marked(first.text) == ARTICLE_PAGE_EVENTS  # only this page's events in the text
    assert f'href="?offset={ARTICLE_PAGE_EVENTS}"' in first.text  # a link to the rest
    assert f"Events 1–{ARTICLE_PAGE_EVENTS} of {EVENTS}" in first.text
    # the text shown is the stretch that holds these events, not the whole story
    shown = re.search(r'<article id="article-text" class="story">(.*?)</article>', first.text, re.S)
    assert shown is not None
    words = re.sub(r"<[^>]+>", "", shown.group(1))
    assert words.startswith("Talks, again and again.")
    assert words.count("Blinken met Wang") == ARTICLE_PAGE_EVENTS  # up to the next page's
    # bounded size: about one event's list item and sentence per listed event
    assert len(first.content) < 1_500 * ARTICLE_PAGE_EVENTS


def test_every_event_is_on_exactly_one_page(client: TestClient) -> None:
    seen: list[str] = []
    offset = 0
    while True:
        page = client.get(f"/view/articles/heavy?offset={offset}").text
        seen += _listed(page)
        if f'href="?offset={offset + ARTICLE_PAGE_EVENTS}"' not in page:
            break
        offset += ARTICLE_PAGE_EVENTS
    assert seen == [f"heavy-{n:05d}" for n in range(EVENTS)]
    last = client.get(f"/view/articles/heavy?offset={2 * ARTICLE_PAGE_EVENTS}").text
    assert _marked(last) == EVENTS - 2 * ARTICLE_PAGE_EVENTS
    assert f'href="?offset={ARTICLE_PAGE_EVENTS}"' in last  # and back
    assert "Characters " in last and '(<a href="?offset=0">from the start</a>)' in last


def test_past_the_last_event_and_bad_offsets(client: TestClient) -> None:
    past = client.get(f"/view/articles/heavy?offset={EVENTS}")
    assert past.status_code == 200
    assert _listed(past.text) == []
    assert f"No events from {EVENTS + 1} on" in past.text
    assert client.get("/view/articles/heavy?offset=-1").status_code == 422
    assert client.get(f"/view/articles/heavy?offset={2**63}").status_code == 422
    assert client.get("/view/articles/nothing-here").status_code == 404


def test_a_short_story_is_shown_whole_without_a_pager(client: TestClient) -> None:
    page = client.get("/view/articles/light").text
    assert len(_listed(page)) == 3
    assert 'id="event-pager"' not in page and 'id="text-range"' not in page
    assert "Talks, again and again." in page


def test_the_json_document_keeps_every_event(client: TestClient) -> None:
    body = client.get("/articles/heavy").json()
    assert len(body["events"]) == EVENTS


# -- highlighting ----------------------------------------------------------------------------------
def _lines_run(text: str, spans: list[Span]) -> int:
    """Lines of highlight.py executed by ``segments``: its work, counted, not timed."""
    counted = 0
    module = highlight.__file__

    def trace(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal counted
        if frame.f_code.co_filename != module:
            return None
        if event == "line":
            counted += 1
        return trace

    sys.settrace(trace)
    try:
        segments(text, spans)
    finally:
        sys.settrace(None)
    return counted


def _nested(n: int) -> tuple[str, list[Span]]:
    # n spans nested around the middle of the text: every segment lies under many of them
    text = "x" * (2 * n + 2)
    kinds = ("event", "actor", "flag", "quote")
    spans = [Span(i, len(text) - i, kinds[i % 4], f"label {i}", f"e{i}") for i in range(n)]
    return text, spans


def test_highlighting_work_grows_linearly_with_the_spans() -> None:
    small, large = _lines_run(*_nested(150)), _lines_run(*_nested(600))
    # four times the spans: about four times the work (it was sixteen: segments x spans)
    assert large < 6 * small


def test_a_segment_under_many_spans_names_a_few_innermost_first() -> None:
    text, spans = _nested(300)
    pieces = segments(text, spans)
    assert "".join(p.text for p in pieces) == text
    middle = pieces[len(pieces) // 2]
    assert middle.labels == (*(f"label {i}" for i in range(299, 299 - MAX_LABELS, -1)), MORE)
    assert middle.refs[0] == "e299" and len(middle.refs) == MAX_LABELS
    assert middle.kinds == ("event", "actor", "quote", "flag")
    assert max(len(p.labels) for p in pieces) == MAX_LABELS + 1


# -- heavy requests beside /health ---------------------------------------------------------------
def test_heavy_pages_run_a_few_at_a_time_and_health_answers_meanwhile(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    release = threading.Event()
    lock = threading.Lock()
    running = most = 0

    def held(text: str, spans: Iterable[Span]) -> list[highlight.Segment]:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        release.wait(20)
        with lock:
            running -= 1
        return segments(text, spans)

    monkeypatch.setattr(pages, "segments", held)
    with ThreadPoolExecutor(max_workers=6) as pool:
        views = [pool.submit(client.get, "/view/articles/light") for _ in range(6)]
        deadline = time.monotonic() + 20
        while most < HEAVY_AT_ONCE and time.monotonic() < deadline:
            time.sleep(0.01)
        try:
            # every page slot is taken by a render that will not end: /health and the other
            # reads still answer
            assert client.get("/health").json()["status"] == "ok"
            assert client.get("/events?limit=1").status_code == 200
        finally:
            release.set()
        assert [v.result(timeout=30).status_code for v in views] == [200] * 6
    assert most == HEAVY_AT_ONCE


# -- identical uploads at once -------------------------------------------------------------------
class SlowPipeline:
    """Stands in for the pipeline: codes no events, slowly, so that uploads overlap."""

    def __init__(self) -> None:
        self.coded = 0

    def code(self, articles: Iterable[Article | Rejected]) -> Iterator[CodedArticle | Rejected]:
        for article in articles:
            if isinstance(article, Rejected):
                yield article
                continue
            time.sleep(0.3)
            self.coded += 1
            yield CodedArticle(article, CleanText(article.id, article.text))


def test_identical_uploads_at_once_give_one_201(tmp_path: Path) -> None:
    pipeline = SlowPipeline()
    settings = load_settings()
    settings = dataclasses.replace(settings, api=dataclasses.replace(settings.api, write_burst=20))
    app = create_app(
        settings,
        tmp_path / "uploads.duckdb",
        token=TOKEN,
        pipeline=pipeline,  # type: ignore[arg-type]
    )
    story = {"text": "Blinken met Wang in Beijing on Friday to discuss trade and Taiwan."}
    start = threading.Barrier(12)

    def upload(client: TestClient) -> int:
        start.wait(10)
        return client.post("/articles", json=story, headers=AUTH).status_code

    with TestClient(app) as client, ThreadPoolExecutor(max_workers=12) as pool:
        statuses = list(pool.map(upload, [client] * 12))
        assert client.get("/health").json()["articles"] == 1
    assert sorted(statuses) == [200] * 11 + [201], (statuses, pipeline.coded)
    assert pipeline.coded == 1
