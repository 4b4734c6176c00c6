"""The seed story through the whole pipeline: the answers issue 2 promises a user."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from communique.ingest import read_articles
from communique.pipeline import Pipeline
from communique.records import Article, CodedArticle, Event

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def seed(shared_dir: Path) -> CodedArticle:
    path = shared_dir / "seeds" / "000_d266b461f1e30434.txt"
    (article,) = read_articles([path], published=dt.date(2024, 4, 26))
    assert isinstance(article, Article)
    (coded,) = Pipeline().code([article])
    assert isinstance(coded, CodedArticle)
    return coded


def _meetings(coded: CodedArticle) -> list[Event]:
    return [
        e
        for e in coded.events
        if e.event == "CONSULT" and not (e.negated or e.future or e.hypothetical)
    ]


def _with(events: list[Event], recipient_words: str) -> list[Event]:
    return [e for e in events if any(recipient_words in r.entity_text for r in e.recipients)]


def test_seed_meetings_are_usa_gov_with_chinese_actors(seed: CodedArticle) -> None:
    meetings = _meetings(seed)
    assert meetings
    for event in meetings:
        assert any(p.actor and p.actor.code == "USAGOV" for p in event.actors)
        recipients = [p.actor for p in event.recipients if p.actor]
        assert recipients and all(a.country in {"CHN", "USA"} for a in recipients)


@pytest.mark.parametrize(
    ("who", "role_words", "place"),
    [
        ("Xi Jinping", "President", "Beijing"),
        ("Wang Yi", "Foreign", "Beijing"),
        ("Wang Xiaohong", "Public Security", "Beijing"),
        ("Chinese Communist Party", None, "Shanghai"),
    ],
)
def test_seed_four_meetings_placed_and_dated(
    seed: CodedArticle, who: str, role_words: str | None, place: str
) -> None:
    found = _with(_meetings(seed), who)
    assert found, f"no meeting with {who}"
    event = found[0]
    assert event.place is not None and event.place.name == place
    assert event.place.country == "CHN" and event.place.geonameid
    assert event.date == dt.date(2024, 4, 26)
    assert event.date_basis in {"relative", "publication", "explicit"}
    if role_words:
        roles = [r.actor.role or "" for r in event.recipients if r.actor]
        assert any(role_words.lower() in role.lower() for role in roles)


def test_seed_party_chief_meeting_is_with_a_party_actor(seed: CodedArticle) -> None:
    (event, *_) = _with(_meetings(seed), "Chinese Communist Party")
    assert {r.actor.sector for r in event.recipients if r.actor} == {"PTY"}


def test_seed_evidence_spans_point_at_the_sentence(seed: CodedArticle) -> None:
    text = seed.article.text
    for event in seed.events:
        assert text[event.start : event.end] == event.sentence
        assert text[event.trigger_start : event.trigger_end] == event.trigger
        assert event.start <= event.trigger_start < event.trigger_end <= event.end


def test_seed_removed_pieces_and_no_event_from_them(seed: CodedArticle) -> None:
    kinds = {r.kind for r in seed.clean.removed}
    assert {"credit", "caption", "byline", "tagline"} <= kinds
    for removed in seed.clean.removed:
        assert seed.article.text[removed.start : removed.end] == removed.text
        for event in seed.events:
            assert not (event.trigger_start < removed.end and removed.start < event.trigger_end)
            for p in (*event.actors, *event.recipients):
                assert not (p.start < removed.end and removed.start < p.end), removed


def test_seed_plain_visit_mode_from_place(seed: CodedArticle) -> None:
    (event, *_) = _with(_meetings(seed), "Xi Jinping")
    assert (event.mode, event.cameo) == ("visit", "042")
    assert event.goldstein == 1.9 and event.quad_code == 1


def test_seed_meeting_with_xi_is_one_event_with_its_retellings(seed: CodedArticle) -> None:
    """Subheading, lede, "before meeting" and "after meeting" tell one happening (issue 14)."""
    with_xi = [
        e for e in _meetings(seed) if any("Xi" in r.entity_text.split() for r in e.recipients)
    ]
    assert len(with_xi) == 1
    (meeting,) = with_xi
    assert len(meeting.mentions) >= 2
    told = [seed.article.text[start:end] for start, end in meeting.mentions]
    assert all("Xi" in sentence.split() for sentence in told)
