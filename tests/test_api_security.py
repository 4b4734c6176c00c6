"""Service security: tokens on writes, rate limits, no file paths, bound SQL, escaped pages."""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("jinja2")

from communique.api import create_app
from communique.api.ratelimit import TokenBuckets
from communique.config import load_settings
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

with warnings.catch_warnings():  # starlette warns when it finds httpx rather than httpx2
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TOKEN = "security-token-9c1e"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(2)>'
JS_URL = "javascript:alert(3)"
# Hostile names as they would be stored: the page must show them, never run them.
EVIL_NAME = f"Evil {SCRIPT} Corp {IMG}"
EVIL_TITLE = f"Title {SCRIPT}{IMG}"
USA = Actor("cq:state:usa", "United States", "USA", "GOV", None, "state", "USAGOV")
EVIL = Actor(f"cq:org:{IMG}", EVIL_NAME, "CHN", "BUS", None, "organisation", "CHNBUS")
TEXT = f"United States met {EVIL_NAME} in Paris. {SCRIPT} {JS_URL} Nothing else happened."
INJECTIONS = (
    "' OR '1'='1",
    "' OR 1=1 --",
    "1; DROP TABLE events; --",
    "'); DROP TABLE articles; --",
    '" OR ""="',
    "USA' UNION SELECT record FROM events --",
    "%",
    "_",
    "\\",
    "$1",
    "?",
    "NULL",
    "*/ SELECT 1 /*",
)


def _store(path: Path) -> None:
    sentence = f"United States met {EVIL_NAME} in Paris."
    start = TEXT.index("met")
    event = Event(
        id="evil-0",
        article_id="evil",
        event="CONSULT",
        mode=None,
        context=(),
        cameo="040",
        goldstein=1.0,
        quad_code=1,
        actors=(Participant("United States", USA, 0, 13),),
        recipients=(Participant(EVIL_NAME, EVIL, 18, 18 + len(EVIL_NAME)),),
        trigger="met",
        sentence=sentence,
        start=0,
        end=len(sentence),
        trigger_start=start,
        trigger_end=start + 3,
        place_text="Paris",
        date=dt.date(2024, 5, 1),
        date_basis="publication",
        date_precision="day",
        place=Place(f"Paris {SCRIPT}", "FRA", 48.9, 2.35, 2_000_000),
        place_basis="sentence",
        issues=(f"issue{SCRIPT}",),
    )
    article = Article(
        "evil",
        TEXT,
        title=EVIL_TITLE,
        published=dt.date(2024, 5, 1),
        url=JS_URL,
        source=f"Source {IMG}",
    )
    mention = Mention("evil", EVIL_NAME, 18, 18 + len(EVIL_NAME), 0, EVIL)
    coded = CodedArticle(
        article, CleanText("evil", TEXT), (mention,), (event,), (), (), ((SCRIPT, 1),), 0.0
    )
    with EventStore(path) as store:
        store.write(coded)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("security") / "security.duckdb"
    _store(path)
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    # limits off: these tests send many requests; the limits have their own tests below
    settings = load_settings(api__write_per_minute=0, api__read_per_second=0)
    with TestClient(create_app(settings, db, token=TOKEN), raise_server_exceptions=False) as c:
        yield c


def _error(response: Any, *statuses: int) -> dict[str, Any]:
    assert response.status_code in statuses, (response.status_code, response.text[:300])
    body = response.json()
    assert set(body) == {"error"}
    assert body["error"]["status"] == response.status_code
    return dict(body["error"])


# -- auth on every write -----------------------------------------------------------------------


def _write_routes(client: TestClient) -> list[tuple[str, str]]:
    routes = []
    found = list(client.app.routes)  # type: ignore[attr-defined]
    while found:
        route = found.pop()
        # FastAPI keeps an included router's routes behind a wrapper
        found += getattr(getattr(route, "original_router", None), "routes", [])
        for method in getattr(route, "methods", None) or ():
            if method not in ("GET", "HEAD", "OPTIONS"):
                routes.append((method, route.path))
    return routes


def test_there_is_a_write_endpoint_to_guard(client: TestClient) -> None:
    assert ("POST", "/articles") in _write_routes(client)


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer wrong"},
        {"Authorization": f"Basic {TOKEN}"},
        {"Authorization": f"Bearer {TOKEN}x"},
        {"Authorization": f"Bearer {TOKEN[:-1]}"},
    ],
)
def test_every_write_endpoint_refuses_without_the_right_token(
    client: TestClient, headers: dict[str, str]
) -> None:
    for method, path in _write_routes(client):
        response = client.request(method, path, json={"text": "x"}, headers=headers)
        error = _error(response, 401)
        assert error["type"] == "unauthorized"
        assert response.headers["www-authenticate"] == "Bearer"
    assert client.get("/health").json()["articles"] == 1


def test_the_token_is_compared_in_constant_time(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    import hmac

    seen: list[tuple[bytes, bytes]] = []

    def spy(a: bytes, b: bytes) -> bool:
        seen.append((a, b))
        return hmac.compare_digest(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    client.post("/articles", json={"text": "x"}, headers={"Authorization": "Bearer guess"})
    assert (b"guess", TOKEN.encode()) in seen


# -- rate limits -------------------------------------------------------------------------------


def test_token_bucket_refills_with_time() -> None:
    now = [0.0]
    buckets = TokenBuckets(per_second=2.0, burst=3, clock=lambda: now[0])
    assert [buckets.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert buckets.take("a") == pytest.approx(0.5)
    assert buckets.take("b") == 0.0  # another address has its own bucket
    now[0] = 0.5
    assert buckets.take("a") == 0.0
    assert buckets.take("a") > 0
    now[0] = 100.0
    assert [buckets.take("a") for _ in range(3)] == [0.0, 0.0, 0.0]  # never above the burst
    assert buckets.take("a") > 0


def test_a_zero_rate_turns_the_limit_off() -> None:
    buckets = TokenBuckets(per_second=0, burst=1)
    assert not buckets.enabled
    assert all(buckets.take("a") == 0.0 for _ in range(1000))


def test_writes_over_the_limit_get_429_with_retry_after(db: Path) -> None:
    settings = load_settings(api__write_per_minute=6, api__write_burst=2)
    client = TestClient(create_app(settings, db, token=TOKEN), raise_server_exceptions=False)
    # refused for the token, but each attempt still spends the bucket: guessing is limited too
    for _ in range(2):
        _error(client.post("/articles", json={"text": "x"}), 401)
    response = client.post("/articles", json={"text": "x"}, headers=AUTH)
    error = _error(response, 429)
    assert error["type"] == "rate_limited"
    assert int(response.headers["retry-after"]) == 10  # one token per 10 s
    assert response.headers["content-security-policy"]
    assert client.get("/health").status_code == 200  # reads have their own bucket


def test_reads_over_the_limit_get_429(db: Path) -> None:
    settings = load_settings(api__read_per_second=1, api__read_burst=3)
    client = TestClient(create_app(settings, db, token=TOKEN), raise_server_exceptions=False)
    assert [client.get("/health").status_code for _ in range(3)] == [200] * 3
    response = client.get("/events")
    assert _error(response, 429)["type"] == "rate_limited"
    assert int(response.headers["retry-after"]) >= 1


# -- no path from a request to the file system -------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/static/../../../../etc/passwd",
        "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2f..%2f..%2fetc%2fpasswd",
        "/static/%2e%2e%2fapp.py",
        "/static/../app.py",
        "/static/..%5capp.py",
        "/static//etc/passwd",
        "/static/%2fetc%2fpasswd",
        "/static/%252e%252e/app.py",
        "/static/templates/../../app.py",
        "/static/",
        "/articles/..%2F..%2Fetc%2Fpasswd",
        "/articles/../../etc/passwd",
        "/view/articles/%2e%2e%2fapp.py",
        "/view/articles/..%5c..%5capp.py",
        "/view/dyads/..%2f/app.py",
        "/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
    ],
)
def test_no_path_reaches_a_file_outside_static(client: TestClient, path: str) -> None:
    response = client.get(path, follow_redirects=False)
    assert response.status_code in (307, 404, 422), (path, response.status_code)
    assert "root:" not in response.text
    assert "create_app" not in response.text
    if response.status_code == 307:  # only "/static" -> "/static/", on this server
        assert response.headers["location"].endswith("/static/")


def test_static_serves_only_its_own_files(client: TestClient) -> None:
    assert client.get("/static/dashboard.css").status_code == 200
    _error(client.get("/static/no-such-file.js"), 404)


@pytest.mark.parametrize("side", ["x/../y", "//evil.example", "a\r\nSet-Cookie: x=1", " ", "a\\b"])
def test_dyad_form_refuses_sides_that_are_not_one_path_segment(
    client: TestClient, side: str
) -> None:
    response = client.get("/view/dyads", params={"a": side, "b": "CHN"}, follow_redirects=False)
    assert _error(response, 422)["type"] == "validation_error"


def test_dyad_form_redirects_on_this_server_whatever_the_host_header(client: TestClient) -> None:
    response = client.get(
        "/view/dyads?a=USA&b=CHN", headers={"Host": "evil.example"}, follow_redirects=False
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/view/dyads/USA/CHN"


# -- SQL with bound parameters -----------------------------------------------------------------


def _table_counts(client: TestClient) -> tuple[int, int, int]:
    health = client.get("/health").json()
    return health["articles"], health["events"], client.get("/events").json()["total"]


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_strings_in_every_event_filter_match_nothing(
    client: TestClient, value: str
) -> None:
    before = _table_counts(client)
    assert before == (1, 1, 1)
    for name in ("actor", "country", "type", "issue"):
        response = client.get("/events", params={name: value})
        assert response.status_code == 200, (name, value, response.text[:300])
        assert response.json()["total"] == 0, (name, value)
        assert response.json()["events"] == []
    for dyad in (f"{value},CHN", f"USA,{value}"):
        response = client.get("/events", params={"dyad": dyad})
        assert response.status_code in (200, 422), (dyad, response.text[:300])
        if response.status_code == 200:
            assert response.json()["total"] == 0, dyad
    for name in ("since", "until", "limit", "offset"):
        _error(client.get("/events", params={name: value}), 422)
    assert _table_counts(client) == before


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_strings_in_paths_and_other_queries(client: TestClient, value: str) -> None:
    before = _table_counts(client)
    segment = quote(value, safe="")
    for a, b in ((segment, "CHN"), ("USA", segment)):
        response = client.get(f"/dyads/{a}/{b}")
        if response.status_code == 404:  # "\\" and "%" are fine; only a lone "/" would split
            continue
        assert response.status_code == 200, (value, response.text[:300])
        assert response.json()["series"] == []
    for by in (value,):
        assert client.get("/dyads/USA/CHN", params={"by": by}).status_code == 422
    resolved = client.get("/actors/resolve", params={"name": value})
    assert resolved.status_code == 200
    assert resolved.json()["name"] == value
    _error(client.get(f"/articles/{segment}"), 404)
    _error(client.get(f"/view/articles/{segment}"), 404)
    _error(client.get("/issues", params={"n": value}), 422)
    assert _table_counts(client) == before


@pytest.mark.parametrize("value", INJECTIONS)
def test_injection_strings_in_dashboard_queries(client: TestClient, value: str) -> None:
    before = _table_counts(client)
    for name in ("actor", "country", "type", "issue"):
        page = client.get("/view/events", params={name: value})
        assert page.status_code == 200, (name, value)
        assert "/view/articles/evil" not in page.text, (name, value)
    for name in ("country", "type"):  # the map's two filters
        map_page = client.get("/view/map", params={name: value})
        assert map_page.status_code == 200
        assert "<circle" not in map_page.text, (name, value)
    for name in ("since", "until", "offset"):
        _error(client.get("/view/events", params={name: value}), 422)
    page = client.get(f"/view/dyads/{quote(value, safe='')}/CHN")
    assert page.status_code in (200, 404)
    assert _table_counts(client) == before


def test_the_filters_still_find_the_stored_event(client: TestClient) -> None:
    # the injection tests above prove "no extra rows" only if a real filter does match
    assert client.get("/events", params={"actor": "evil"}).json()["total"] == 1
    assert client.get("/events", params={"dyad": "USA,CHN"}).json()["total"] == 1
    assert "/view/articles/evil" in client.get("/view/events", params={"country": "usa"}).text
    assert "<circle" in client.get("/view/map").text


# -- escaping ----------------------------------------------------------------------------------


def _assert_inert(page: str, where: str) -> None:
    assert "<script>alert" not in page, where
    assert "<img src=x" not in page, where
    assert 'href="javascript:' not in page, where
    assert "onerror=alert" not in page or "onerror=alert(2)&gt;" in page, where


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/view/articles/evil",
        "/view/events",
        "/view/events?actor=evil",
        f"/view/events?actor={quote(SCRIPT)}&issue={quote(IMG)}",
        f"/view/events?dyad={quote('USA,' + IMG)}",
        "/view/map",
        f"/view/map?country={quote(SCRIPT)}",
        "/view/dyads",
        "/view/dyads/USA/CHN",
        f"/view/dyads/{quote(SCRIPT.replace('/', ''), safe='')}/{quote(IMG, safe='')}",
    ],
)
def test_every_page_escapes_stored_and_requested_text(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200, (path, response.text[:300])
    assert response.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    _assert_inert(response.text, path)


def test_article_page_shows_the_hostile_text_escaped(client: TestClient) -> None:
    page = client.get("/view/articles/evil").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Evil &lt;script&gt;" in page
    assert "Title &lt;script&gt;" in page


def test_error_pages_for_hostile_paths_are_json_not_html(client: TestClient) -> None:
    hostile = f"{IMG}<script>alert(1)"
    response = client.get(f"/view/articles/{quote(hostile, safe='')}")
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["error"]["message"] == f"no article with id {hostile!r}"
