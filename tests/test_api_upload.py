"""Coding through the API: POST /articles runs the real pipeline and stores the result."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("jinja2")

from communique.api import create_app
from communique.config import load_settings

with warnings.catch_warnings():  # starlette warns when it finds httpx rather than httpx2
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

pytestmark = pytest.mark.model

TOKEN = "upload-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
STORY = (
    "WASHINGTON — Secretary of State Antony Blinken met Chinese Foreign Minister Wang Yi in "
    "Beijing on Friday. The two men discussed Taiwan and trade. <script>window.__pwned = 1"
    "</script> Later, China criticized the United States over new export controls."
)


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = tmp_path_factory.mktemp("upload") / "upload.duckdb"
    with TestClient(create_app(load_settings(), db, token=TOKEN)) as test_client:
        yield test_client


def test_post_codes_stores_and_returns_the_article(client: TestClient) -> None:
    response = client.post(
        "/articles",
        json={"text": STORY, "published": "2024-04-26", "title": "A visit"},
        headers=AUTH,
    )
    assert response.status_code == 201
    body = response.json()
    consult = [e for e in body["events"] if e["event"] == "CONSULT"]
    assert consult, body["events"]
    assert consult[0]["date"] == "2024-04-26"
    assert {a["name"] for a in body["actors"]} >= {"Antony Blinken", "Wang Yi"}
    article_id = body["article"]["id"]
    stored = client.get(f"/articles/{article_id}").json()
    assert [e["id"] for e in stored["events"]] == [e["id"] for e in body["events"]]
    again = client.post("/articles", json={"text": STORY, "published": "2024-04-26"}, headers=AUTH)
    assert again.status_code == 200
    assert client.get("/health").json()["articles"] == 1


def test_uploaded_script_is_shown_not_run(client: TestClient) -> None:
    body = client.post("/articles", json={"text": STORY}, headers=AUTH).json()
    page = client.get(body["links"]["view"]).text
    assert "<script>window" not in page
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in page
    assert "<mark" in page


def test_html_upload_uses_the_main_text(client: TestClient) -> None:
    html = (
        "<html><head><title>Talks</title></head><body><nav>Home | World</nav><article>"
        f"<h1>Talks in Beijing</h1><p>{STORY.replace('<', '&lt;')}</p>"
        "<p>Both sides said the talks were candid and that more meetings would follow.</p>"
        "</article></body></html>"
    )
    response = client.post(
        "/articles", json={"html": html, "published": "2024-04-26"}, headers=AUTH
    )
    assert response.status_code in (200, 201)
    text = response.json()["article"]["text"]
    assert "Antony Blinken" in text
    assert "Home | World" not in text


def test_seed_story_meetings_are_coded(client: TestClient, seed_text: str) -> None:
    response = client.post(
        "/articles", json={"text": seed_text, "published": "2024-04-26"}, headers=AUTH
    )
    assert response.status_code == 201
    events = response.json()["events"]
    assert sum(e["event"] == "CONSULT" for e in events) >= 2


def test_story_over_the_nlp_limit_is_rejected(tmp_path: Path) -> None:
    settings = load_settings(nlp__max_chars=50)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        client = TestClient(create_app(settings, tmp_path / "x.duckdb", token=TOKEN))
    response = client.post("/articles", json={"text": STORY}, headers=AUTH)
    assert response.status_code == 422
    assert "max_chars" in response.json()["error"]["message"]
