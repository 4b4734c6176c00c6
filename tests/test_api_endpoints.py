"""The HTTP API over a store filled with hand-made records: every endpoint, errors, auth, limits.

No spaCy model is loaded here: the store is written directly, and uploads are refused
(or rejected) before coding starts. Coding through the API is in test_api_upload.py.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("jinja2")

from communique.api import create_app
from communique.api.errors import without_paths
from communique.api.highlight import Span, segments
from communique.config import load_settings
from communique.ingest import article_id
from communique.records import (
    Actor,
    Article,
    CleanText,
    CodedArticle,
    Event,
    Flag,
    Mention,
    Participant,
    Place,
    Quote,
)
from communique.store import EventStore

with warnings.catch_warnings():  # starlette warns when it finds httpx rather than httpx2
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TOKEN = "test-token-7f3a"
USA = Actor("cq:state:usa", "United States", "USA", "GOV", None, "state", "USAGOV")
CHN = Actor("cq:state:chn", "China", "CHN", "GOV", None, "state", "CHNGOV")
RUS = Actor("cq:state:rus", "Russia", "RUS", "GOV", None, "state", "RUSGOV")
BEIJING = Place("Beijing", "CHN", 39.9, 116.4, 1816670)
HOSTILE = '<script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">'


def _event(
    article_id: str,
    n: int,
    text: str,
    sentence: str,
    trigger: str,
    *,
    kind: str,
    actor: Actor,
    recipient: Actor,
    date: dt.date,
    quad: int,
    goldstein: float,
    issues: tuple[str, ...] = (),
) -> Event:
    start = text.index(sentence)
    t_start = text.index(trigger, start)
    return Event(
        id=f"{article_id}-{n}",
        article_id=article_id,
        event=kind,
        mode=None,
        context=(),
        cameo="040" if quad == 1 else "173",
        goldstein=goldstein,
        quad_code=quad,
        actors=(Participant(actor.name, actor, start, start + 5),),
        recipients=(Participant(recipient.name, recipient, start + 10, start + 15),),
        trigger=trigger,
        sentence=sentence,
        start=start,
        end=start + len(sentence),
        trigger_start=t_start,
        trigger_end=t_start + len(trigger),
        place_text="Beijing" if "Beijing" in sentence else None,
        date=date,
        date_basis="publication",
        date_precision="day",
        place=BEIJING if "Beijing" in sentence else None,
        place_basis="sentence" if "Beijing" in sentence else "none",
        issues=issues,
    )


def _coded(article_id: str, text: str, published: dt.date, events: list[Event]) -> CodedArticle:
    article = Article(article_id, text, title=f"story {article_id}", published=published)
    mentions = tuple(
        Mention(article_id, a.name, text.index(a.name), text.index(a.name) + len(a.name), 0, a)
        for a in (USA, CHN, RUS)
        if a.name in text
    )
    quote = Quote(
        article_id, "we talked", text.index("we talked"), text.index("we talked") + 9, None
    )
    flag = Flag(f"{article_id}-f", article_id, "test", "a flag", "warning", ((0, 5),))
    return CodedArticle(
        article,
        CleanText(article_id, text),
        mentions,
        tuple(events),
        (quote,),
        (flag,),
        (("taiwan", 2),),
        0.5,
    )


def fill(store: EventStore) -> None:
    jan = "United States met China in Beijing. China said we talked. Russia was absent."
    store.write(
        _coded(
            "art-jan",
            jan,
            dt.date(2024, 1, 10),
            [
                _event(
                    "art-jan",
                    0,
                    jan,
                    "United States met China in Beijing.",
                    "met",
                    kind="CONSULT",
                    actor=USA,
                    recipient=CHN,
                    date=dt.date(2024, 1, 10),
                    quad=1,
                    goldstein=1.0,
                    issues=("taiwan",),
                ),
            ],
        )
    )
    mar = "China sanctioned United States firms. Russia met China. Then we talked again."
    store.write(
        _coded(
            "art-mar",
            mar,
            dt.date(2024, 3, 5),
            [
                _event(
                    "art-mar",
                    0,
                    mar,
                    "China sanctioned United States firms.",
                    "sanctioned",
                    kind="COERCE",
                    actor=CHN,
                    recipient=USA,
                    date=dt.date(2024, 3, 5),
                    quad=4,
                    goldstein=-8.0,
                    issues=("trade",),
                ),
                _event(
                    "art-mar",
                    1,
                    mar,
                    "Russia met China.",
                    "met",
                    kind="CONSULT",
                    actor=RUS,
                    recipient=CHN,
                    date=dt.date(2024, 3, 6),
                    quad=1,
                    goldstein=1.0,
                ),
            ],
        )
    )
    evil = f"United States met China. {HOSTILE} Afterwards we talked."
    store.write(
        _coded(
            "art-evil",
            evil,
            dt.date(2024, 3, 20),
            [
                _event(
                    "art-evil",
                    0,
                    evil,
                    "United States met China.",
                    "met",
                    kind="CONSULT",
                    actor=USA,
                    recipient=CHN,
                    date=dt.date(2024, 3, 20),
                    quad=1,
                    goldstein=1.0,
                )
            ],
        )
    )


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("api") / "api.duckdb"
    with EventStore(path) as store:
        fill(store)
    return path


@pytest.fixture(scope="module")
def client(db: Path) -> Iterator[TestClient]:
    app = create_app(load_settings(), db, token=TOKEN, max_body_bytes=5_000)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _is_error(response: Any, status: int) -> dict[str, Any]:
    body = response.json()
    assert response.status_code == status
    assert set(body) == {"error"}
    assert set(body["error"]) == {"type", "message", "status"}
    assert body["error"]["status"] == status
    assert body["error"]["message"]
    return dict(body["error"])


# -- reading -----------------------------------------------------------------------------------
def test_health_counts_the_store(client: TestClient) -> None:
    body = client.get("/health").json()
    assert body["status"] == "ok"
    assert (body["articles"], body["events"], body["uploads"]) == (3, 4, True)


def test_openapi_lists_every_endpoint(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/articles",
        "/articles/{article_id}",
        "/events",
        "/dyads/{a}/{b}",
        "/issues",
        "/actors/resolve",
        "/health",
    ):
        assert path in paths
    assert "/view/map" not in paths  # dashboard pages stay out of the API schema
    _is_error(client.get("/docs"), 404)  # Swagger UI would load scripts from a CDN


@pytest.mark.parametrize(
    ("query", "ids"),
    [
        ("", ["art-jan-0", "art-mar-0", "art-mar-1", "art-evil-0"]),
        ("type=consult", ["art-jan-0", "art-mar-1", "art-evil-0"]),
        ("country=rus", ["art-mar-1"]),
        ("actor=CHNGOV", ["art-jan-0", "art-mar-0", "art-mar-1", "art-evil-0"]),
        ("actor=russia", ["art-mar-1"]),
        ("dyad=USA,CHN", ["art-jan-0", "art-mar-0", "art-evil-0"]),
        ("dyad=CHN-USA", ["art-jan-0", "art-mar-0", "art-evil-0"]),
        ("issue=trade", ["art-mar-0"]),
        ("issue=taiwan", ["art-jan-0", "art-mar-1", "art-evil-0"]),  # own issue, else article's
        ("since=2024-03-01&until=2024-03-06", ["art-mar-0", "art-mar-1"]),
        ("country=' OR 1=1 --", []),
    ],
)
def test_events_filters(client: TestClient, query: str, ids: list[str]) -> None:
    body = client.get(f"/events?{query}").json()
    assert [e["id"] for e in body["events"]] == ids
    assert body["total"] == len(ids)


def test_the_largest_offset_is_an_empty_page(client: TestClient) -> None:
    body = client.get(f"/events?offset={2**63 - 1}").json()
    assert (body["events"], body["next"]) == ([], None)
    assert client.get(f"/view/events?offset={2**63 - 1}").status_code == 200


def test_events_pages_through_everything_once(client: TestClient) -> None:
    seen: list[str] = []
    offset: int | None = 0
    while offset is not None:
        body = client.get(f"/events?limit=3&offset={offset}").json()
        assert len(body["events"]) <= 3
        seen += [e["id"] for e in body["events"]]
        offset = body["next"]
    assert seen == ["art-jan-0", "art-mar-0", "art-mar-1", "art-evil-0"]


def test_events_are_plover_records(client: TestClient) -> None:
    event = client.get("/events?limit=1").json()["events"][0]
    assert event["event"] == "CONSULT"
    assert event["actor"][0]["code"] == "USA"
    assert event["recipient"][0]["code"] == "CHN"
    assert event["event_loc"]["resolved_place"] == "Beijing"
    assert event["text_info"] == {"start": 0, "end": 35}


def test_get_article_returns_the_stored_document(client: TestClient) -> None:
    body = client.get("/articles/art-mar").json()
    assert body["article"]["published"] == "2024-03-05"
    assert [e["id"] for e in body["events"]] == ["art-mar-0", "art-mar-1"]
    assert {a["code"] for a in body["actors"]} == {"USAGOV", "CHNGOV", "RUSGOV"}
    assert body["quotes"][0]["text"] == "we talked"
    assert body["issues"] == [{"issue": "taiwan", "count": 2}]
    assert body["flags"][0]["spans"] == [[0, 5]]
    assert body["links"]["view"] == "/view/articles/art-mar"


def test_dyad_series_counts_quads_by_month(client: TestClient) -> None:
    body = client.get("/dyads/USA/CHN").json()
    assert [(p["period"], p["events"], p["quad_1"], p["quad_4"]) for p in body["series"]] == [
        ("2024-01-01", 1, 1, 0),
        ("2024-03-01", 2, 1, 1),
    ]
    assert body["series"][1]["goldstein_mean"] == pytest.approx(-3.5)
    assert body["trend"]["interpretation"] == "not enough data"


def test_dyad_directed_and_bad_period(client: TestClient) -> None:
    body = client.get("/dyads/CHN/USA?directed=true").json()
    assert [p["events"] for p in body["series"]] == [1]
    _is_error(client.get("/dyads/USA/CHN?by=year"), 422)


def test_issues_ranks_by_articles(client: TestClient) -> None:
    issues = client.get("/issues").json()["issues"]
    assert issues[0] == {"issue": "taiwan", "articles": 3, "mentions": 6, "events": 3}
    assert {"issue": "trade", "articles": 0, "mentions": 0, "events": 1} in issues


def test_resolve_actor_as_of_a_date(client: TestClient) -> None:
    body = client.get("/actors/resolve?name=Blinken&date=2024-04-26").json()
    assert [(a["name"], a["code"]) for a in body["actors"]] == [("Antony Blinken", "USAGOV")]
    assert client.get("/actors/resolve?name=Nobody%20Atall").json()["actors"] == []
    _is_error(client.get("/actors/resolve"), 422)


# -- one error shape -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("method", "url", "status", "kind"),
    [
        ("get", "/articles/missing", 404, "not_found"),
        ("get", "/no/such/page", 404, "not_found"),
        ("delete", "/events", 405, "method_not_allowed"),
        ("get", "/events?limit=0", 422, "validation_error"),
        ("get", "/events?since=yesterday", 422, "validation_error"),
        ("get", "/events?dyad=USA", 422, "validation_error"),
        ("get", "/view/articles/missing", 404, "not_found"),
        # past DuckDB's 64-bit OFFSET: the client's error, not the server's
        ("get", f"/events?offset={2**63}", 422, "validation_error"),
        ("get", f"/view/events?offset={2**63}", 422, "validation_error"),
        ("get", f"/events?offset={10**40}", 422, "validation_error"),
    ],
)
def test_every_error_has_one_shape(
    client: TestClient, method: str, url: str, status: int, kind: str
) -> None:
    assert _is_error(getattr(client, method)(url), status)["type"] == kind


@pytest.mark.parametrize(
    ("message", "shown"),
    [
        ('Could not write file "/srv/news/full.duckdb.wal": File too large', '"full.duckdb.wal"'),
        ("cannot use database /srv/news/events.duckdb: damaged", "database events.duckdb:"),
        ("file C:\\data\\events.duckdb.", "file events.duckdb."),
        ("reading '/etc/communique/site.toml' line 3", "'site.toml'"),
    ],
)
def test_error_messages_lose_server_paths(message: str, shown: str) -> None:
    cleaned = without_paths(message)
    assert shown in cleaned
    assert "/srv" not in cleaned and "/etc" not in cleaned and "C:" not in cleaned


def test_relative_names_and_urls_are_kept_in_error_messages() -> None:
    message = "events in demo.duckdb, see https://example.org/a/b and/or 1/2"
    assert without_paths(message) == message


def test_internal_errors_keep_the_shape_and_hide_details(db: Path) -> None:
    app = create_app(load_settings(), db, token=TOKEN)
    app.state.api.store.close()  # every query now fails inside DuckDB
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        client = TestClient(app, raise_server_exceptions=False)
    error = _is_error(client.get("/events"), 500)
    assert "duckdb" not in error["message"].lower()


# -- uploads: auth and limits --------------------------------------------------------------------
def test_upload_refused_without_token(client: TestClient) -> None:
    response = client.post("/articles", json={"text": "Biden met Xi in Woodside."})
    assert _is_error(response, 401)["type"] == "unauthorized"
    assert response.headers["www-authenticate"] == "Bearer"


def test_upload_refused_with_wrong_token(client: TestClient) -> None:
    response = client.post(
        "/articles", json={"text": "Biden met Xi."}, headers={"Authorization": "Bearer nope"}
    )
    _is_error(response, 401)


def test_upload_refused_when_server_has_no_token(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COMMUNIQUE_API_TOKEN", raising=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        client = TestClient(create_app(load_settings(), db), raise_server_exceptions=False)
    response = client.post("/articles", json={"text": "Biden met Xi."}, headers=AUTH)
    assert _is_error(response, 403)["type"] == "uploads_disabled"
    assert client.get("/health").json()["uploads"] is False


def test_token_comes_from_the_environment(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COMMUNIQUE_API_TOKEN", "from-env")
    app = create_app(load_settings(), db)
    assert app.state.api.token == "from-env"


def test_body_over_the_limit_is_refused_with_413(client: TestClient) -> None:
    response = client.post("/articles", json={"text": "x" * 6_000}, headers=AUTH)
    assert _is_error(response, 413)["type"] == "body_too_large"


def test_chunked_body_over_the_limit_is_refused_with_413(client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"text": "'
        for _ in range(10):
            yield b"y" * 1_000
        yield b'"}'

    response = client.post(
        "/articles", content=chunks(), headers={**AUTH, "Content-Type": "application/json"}
    )
    _is_error(response, 413)


def test_body_needs_exactly_one_of_text_and_html(client: TestClient) -> None:
    both = client.post("/articles", json={"text": "a", "html": "<p>b</p>"}, headers=AUTH)
    assert "exactly one" in _is_error(both, 422)["message"]
    _is_error(client.post("/articles", json={}, headers=AUTH), 422)
    _is_error(client.post("/articles", content=b"not json", headers=AUTH), 422)


def test_html_without_main_text_is_rejected(client: TestClient) -> None:
    response = client.post("/articles", json={"html": "<html><body></body></html>"}, headers=AUTH)
    assert _is_error(response, 422)["type"] == "rejected"


def test_stored_text_is_answered_from_the_store(tmp_path: Path) -> None:
    text = "United States met China in Beijing. China said we talked. Russia was absent."
    known = article_id(text)
    with EventStore(tmp_path / "known.duckdb") as store:
        store.write(_coded(known, text, dt.date(2024, 1, 10), []))
    app = create_app(load_settings(), tmp_path / "known.duckdb", token=TOKEN)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        client = TestClient(app, raise_server_exceptions=False)
    response = client.post("/articles", json={"text": text}, headers=AUTH)
    assert response.status_code == 200
    assert response.json()["article"]["id"] == known
    assert "nlp" not in vars(app.state.api.pipeline)  # the model was never loaded


# -- dashboard pages -----------------------------------------------------------------------------
def test_article_page_escapes_the_story(client: TestClient) -> None:
    page = client.get("/view/articles/art-evil")
    assert page.status_code == 200
    assert "<script>window" not in page.text
    assert "onerror=" not in page.text.replace("onerror=&#34;", "")
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]


def test_article_page_highlights_triggers_and_lists_events(client: TestClient) -> None:
    page = client.get("/view/articles/art-mar").text
    assert '<mark class="hl-event hl-trigger" ' in page
    assert 'data-events="art-mar-0">sanctioned</mark>' in page
    assert 'data-event-id="art-mar-1"' in page


def test_event_table_filters_and_map_points(client: TestClient) -> None:
    table = client.get("/view/events?type=COERCE&country=").text
    assert "sanctioned United States firms" in table
    assert "Russia met China" not in table
    page = client.get("/view/map").text
    assert page.count('class="event-point"') == 1  # only the Beijing event has coordinates
    assert "Beijing (CHN): 1 events" in page
    assert 'class="land" d="M' in page


def test_dyad_page_has_the_chart_and_issue_table(client: TestClient) -> None:
    page = client.get("/view/dyads/USA/CHN").text
    assert 'data-src="/dyads/USA/CHN?by=month"' in page
    assert "<td>2024-03-01</td><td>2</td>" in page
    redirect = client.get("/view/dyads?a=USA&b=CHN", follow_redirects=False)
    assert redirect.status_code == 303
    assert redirect.headers["location"].endswith("/view/dyads/USA/CHN")


def test_static_assets_are_served_locally(client: TestClient) -> None:
    for asset in ("dashboard.css", "chart.js", "upload.js", "article.js"):
        response = client.get(f"/static/{asset}")
        assert response.status_code == 200
        assert "http://" not in response.text and "https://" not in response.text


# -- highlighting ---------------------------------------------------------------------------------
def test_segments_cover_the_text_exactly_with_overlaps() -> None:
    text = "Alpha met Beta today."
    spans = [
        Span(0, 21, "event", "e"),
        Span(6, 9, "trigger", "t", "e1"),
        Span(0, 5, "actor", "A"),
        Span(30, 40, "flag", "outside"),
    ]
    pieces = segments(text, spans)
    assert "".join(p.text for p in pieces) == text
    assert [(p.text, p.kinds) for p in pieces] == [
        ("Alpha", ("event", "actor")),
        (" ", ("event",)),
        ("met", ("event", "trigger")),
        (" Beta today.", ("event",)),
    ]
    assert pieces[2].refs == ("e1",)


def test_a_lone_surrogate_is_a_422_not_a_500(client: TestClient) -> None:
    # sent as JSON escapes, as an attacker would: the body itself is valid UTF-8
    body = b'{"text": "Biden met Xi in Woodside on Wednesday, officials said. \\ud800"}'
    headers = {**AUTH, "content-type": "application/json"}
    response = client.post("/articles", content=body, headers=headers)
    assert _is_error(response, 422)["type"] == "rejected"
    assert "unpaired surrogate" in response.json()["error"]["message"]
