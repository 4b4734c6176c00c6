"""Happenings in the API and the dashboard: every listed event carries the happening it
reports, uploads are linked as `communique run` links, and a store filled without links is
linked when the server opens it, so dyads count happenings.

No spaCy model: a stand-in pipeline codes each upload as one meeting of its named parties.
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("jinja2")

from communique.api import create_app
from communique.config import load_settings
from communique.pipeline import Pipeline
from communique.records import (
    Actor,
    Article,
    CleanText,
    CodedArticle,
    Event,
    Participant,
    Place,
    Rejected,
)
from communique.store import EventStore

with warnings.catch_warnings():  # starlette warns when it finds httpx rather than httpx2
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TOKEN = "happenings-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
BIDEN = Actor("Q6279", "Joe Biden", "USA", "GOV", "President", "person", "USAGOV")
XI = Actor("Q15031", "Xi Jinping", "CHN", "GOV", "President", "person", "CHNGOV")
BLINKEN = Actor("Q707401", "Antony Blinken", "USA", "GOV", "Secretary", "person", "USAGOV")
WANG = Actor("Q17351", "Wang Yi", "CHN", "GOV", "Foreign Minister", "person", "CHNGOV")
WOODSIDE = Place("Woodside", "USA", geonameid=5410438, admin1="CA")
DAY = dt.date(2023, 11, 15)


def meeting(article: Article, actor: Actor, recipient: Actor, *, retold: int = 0) -> Event:
    return Event(
        id=f"{article.id}-e1",
        article_id=article.id,
        event="CONSULT",
        mode="meet",
        context=(),
        cameo="040",
        goldstein=1.0,
        quad_code=1,
        actors=(Participant(actor.name, actor, 0, 5),),
        recipients=(Participant(recipient.name, recipient, 10, 15),),
        trigger="met",
        sentence=article.text,
        start=0,
        end=len(article.text),
        date=DAY,
        date_basis="explicit",
        date_precision="day",
        place=WOODSIDE,
        place_basis="sentence",
        mentions=tuple((0, 5) for _ in range(retold)),
    )


class MeetingCoder:
    """Codes every story as a meeting of Biden and Xi, or of Blinken and Wang when the story
    names Blinken; "again" in the story adds a retelling."""

    def code(self, articles: Iterable[Article]) -> Iterator[CodedArticle | Rejected]:
        for article in articles:
            parties = (BLINKEN, WANG) if "Blinken" in article.text else (BIDEN, XI)
            event = meeting(article, *parties, retold=article.text.count("again"))
            yield CodedArticle(article, CleanText(article.id, article.text), events=(event,))


def stored(store: EventStore, article_id: str, source: str, published: dt.date) -> None:
    article = Article(article_id, f"Biden met Xi ({source}).", published=published, source=source)
    event = meeting(article, BIDEN, XI) if source != "radio" else meeting(article, XI, BIDEN)
    store.write(CodedArticle(article, CleanText(article.id, article.text), events=(event,)))


@pytest.fixture
def unlinked(tmp_path: Path) -> Path:
    """Three outlets' reports of one meeting, stored without linking (as an import does)."""
    path = tmp_path / "unlinked.duckdb"
    with EventStore(path) as store:
        for n, source in enumerate(("wire", "daily", "radio")):
            stored(store, f"a{n}", source, DAY + dt.timedelta(days=n))
    return path


def client_for(db: Path) -> TestClient:
    pipeline: Pipeline = MeetingCoder()  # type: ignore[assignment]
    return TestClient(create_app(load_settings(), db, token=TOKEN, pipeline=pipeline))


def test_get_events_carries_each_events_happening(unlinked: Path) -> None:
    with client_for(unlinked) as client:
        events = client.get("/events").json()["events"]
    assert [e["happening"] for e in events] == [
        {
            "canonical_id": "a0-e1",
            "num_mentions": 3,
            "num_articles": 3,
            "num_sources": 3,
            "first_report": "2023-11-15",
            "last_report": "2023-11-17",
        }
    ] * 3


def test_dyads_count_the_happening_once(unlinked: Path) -> None:
    with client_for(unlinked) as client:
        dyad = client.get("/dyads/USA/CHN", params={"by": "month"}).json()
    assert [p["events"] for p in dyad["series"]] == [1]


def test_uploads_are_linked_to_the_happenings_they_report(tmp_path: Path) -> None:
    with client_for(tmp_path / "up.duckdb") as client:
        texts = [
            "Biden met Xi near San Francisco (wire).",
            "Biden and Xi met, then met again (daily).",
            "Blinken met Wang (wire).",
        ]
        for n, text in enumerate(texts):
            body = {"text": text, "published": "2023-11-15", "source": ("wire", "daily")[n % 2]}
            assert client.post("/articles", json=body, headers=AUTH).status_code == 201
        events = client.get("/events").json()["events"]
        page = client.get("/view/events").text
    happenings = sorted(
        (e["happening"]["num_articles"], e["happening"]["num_mentions"]) for e in events
    )
    assert happenings == [(1, 1), (2, 3), (2, 3)]
    assert len({e["happening"]["canonical_id"] for e in events}) == 2
    # the dashboard's event table says how many stories and outlets reported each event
    assert page.count("2 stories, 2 outlets, 3 tellings") == 2
    assert page.count("1 story, 1 outlet<") == 1
