"""Deduplication: near-duplicate articles and one canonical event per reported happening."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from communique.records import Actor, Article, CleanText, CodedArticle, Event, Participant, Place
from communique.store import EventStore
from communique.store.dedupe import (
    canonical_events,
    duplicate_links,
    find_near_duplicates,
    jaccard,
    link_duplicates,
    merge_events,
    shingles,
)

USA = Actor("Q707401", "Antony Blinken", "USA", "GOV", "Secretary of State", "person", "USAGOV")
CHN = Actor("Q15031", "Xi Jinping", "CHN", "GOV", "President", "person", "CHNGOV")
RUS = Actor("Q7747", "Vladimir Putin", "RUS", "GOV", "President", "person", "RUSGOV")
BEIJING = Place("Beijing", "CHN", 39.9, 116.4, 1816670)
DAY = dt.date(2024, 4, 26)

# An invented wire story, long enough that changing one sentence keeps 5-shingle Jaccard
# similarity above 0.8.
STORY = (
    "The harbour authority of the fictional port town of Westmere announced on Tuesday that "
    "its new container terminal would open three months later than planned. Officials said "
    "heavy winter storms had damaged two of the cranes that were delivered in January, and "
    "replacement parts had to be shipped from a factory overseas. The delay will cost the "
    "town an estimated four million in lost fees, according to the finance committee, which "
    "met in an emergency session on Monday evening. Local shipping companies had already "
    "signed contracts for the spring season and now have to reroute their vessels to the "
    "older quay on the northern side of the bay, where the water is shallower and only "
    "smaller ships can dock. The mayor told reporters that the council would ask the regional "
    "government for a short-term loan to cover the shortfall and keep the construction crews "
    "employed through the summer. Workers at the site said they were relieved that no jobs "
    "would be cut, although several subcontractors have not been paid for the work they "
    "finished in February. The terminal, which was first proposed more than a decade ago, is "
    "expected to double the amount of cargo that passes through the port each year once it "
    "is running at full capacity, and the authority still hopes to hold an opening ceremony "
    "before the autumn fishing festival draws visitors to the harbour. Engineers from the "
    "crane maker are due to arrive next week to inspect the damage, and the authority said it "
    "would publish their report in full. Residents living near the site have complained for "
    "months about noise from the pile drivers, and a neighbourhood group plans to raise the "
    "issue again at the next public meeting of the council, which is scheduled for the first "
    "Thursday of the coming month in the old library building on the market square."
)
CHANGED = STORY.replace(
    "The mayor told reporters that the council would ask the regional government for a "
    "short-term loan to cover the shortfall and keep the construction crews employed through "
    "the summer.",
    "In a statement released late on Tuesday, the mayor promised that no public money would "
    "be wasted on the project.",
)
UNRELATED = (
    "A choir from a mountain village won the national singing contest on Saturday after "
    "performing a set of old harvest songs that the judges called fresh and surprising. The "
    "singers, most of them farmers and teachers, rehearsed in the village hall every Thursday "
    "night for two years and travelled to the capital by bus for the final round of the "
    "competition, which was broadcast live on public television to a large audience."
)


def article(article_id: str, source: str, text: str = "x", published: dt.date = DAY) -> Article:
    return Article(article_id, text, published=published, source=source, url=f"https://{source}/")


def event(
    event_id: str,
    article_id: str,
    actor: Actor = USA,
    recipient: Actor = CHN,
    *,
    date: dt.date | None = DAY,
    kind: str = "CONSULT",
    place: Place | None = BEIJING,
    negated: bool = False,
) -> Event:
    return Event(
        id=event_id,
        article_id=article_id,
        event=kind,
        mode=None,
        context=(),
        cameo="042",
        goldstein=1.9,
        quad_code=1,
        actors=(Participant(actor.name, actor, 0, 5),),
        recipients=(Participant(recipient.name, recipient, 10, 15),),
        trigger="met",
        sentence="A met B.",
        start=0,
        end=20,
        date=date,
        place=place,
        negated=negated,
    )


def coded(art: Article, *events: Event) -> CodedArticle:
    return CodedArticle(art, CleanText(art.id, art.text), events=events)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EventStore]:
    with EventStore(tmp_path / "s.duckdb") as opened:
        yield opened


def test_shingles_are_lower_cased_word_five_grams() -> None:
    grams = shingles("One two three four five Six")
    assert grams == {"one two three four five", "two three four five six"}
    assert shingles("too short") == {"too short"}
    assert shingles("") == frozenset()
    assert jaccard(frozenset({"a", "b"}), frozenset({"b", "c"})) == pytest.approx(1 / 3)


def test_copy_with_a_changed_sentence_is_a_near_duplicate_and_unrelated_story_is_not() -> None:
    assert jaccard(shingles(STORY), shingles(CHANGED)) >= 0.8
    links = find_near_duplicates([("orig", STORY), ("copy", CHANGED), ("other", UNRELATED)])
    assert [(link.article_id, link.duplicate_of) for link in links] == [("copy", "orig")]
    assert 0.8 <= links[0].similarity < 1.0


def test_link_duplicates_records_links_and_is_idempotent(store: EventStore) -> None:
    store.write(coded(article("orig", "wire.example", STORY, dt.date(2024, 1, 1))))
    store.write(coded(article("copy", "paper.example", CHANGED, dt.date(2024, 1, 2))))
    store.write(coded(article("other", "radio.example", UNRELATED)))
    assert link_duplicates(store) == 1
    assert link_duplicates(store) == 1
    assert duplicate_links(store) == {"copy": "orig"}
    assert store.count("article_links") == 1


def test_three_outlets_reporting_one_meeting_make_one_canonical_event(store: EventStore) -> None:
    store.write(coded(article("a1", "wire.example"), event("e1", "a1")))
    store.write(coded(article("a2", "paper.example"), event("e2", "a2", CHN, USA)))  # B met A
    later = dt.date(2024, 4, 27)
    store.write(coded(article("a3", "radio.example", published=later), event("e3", "a3")))
    assert merge_events(store) == 1
    (row,) = canonical_events(store).to_dict("records")
    assert row["num_articles"] == 3
    assert row["num_sources"] == 3
    assert row["num_mentions"] == 3
    assert row["first_report"].date() == DAY
    assert row["last_report"].date() == later
    assert row["canonical_id"] in {"e1", "e2"}  # reported first


def test_before_merging_every_event_is_its_own_canonical_event(store: EventStore) -> None:
    store.write(coded(article("a1", "wire.example"), event("e1", "a1")))
    store.write(coded(article("a2", "paper.example"), event("e2", "a2")))
    assert len(canonical_events(store)) == 2


@pytest.mark.parametrize(
    ("other", "merged"),
    [
        ({"date": dt.date(2024, 4, 27)}, True),  # within the default one-day window
        ({"date": dt.date(2024, 4, 29)}, False),
        ({"date": None}, False),  # undated: it could be any happening of its kind
        ({"place": Place("Moscow", "RUS")}, False),
        ({"place": Place("Shanghai", "CHN")}, False),
        ({"place": Place("China", "CHN", feature="country")}, True),
        ({"place": None}, True),
        ({"kind": "COOPERATE"}, False),
        ({"recipient": RUS}, False),
        ({"negated": True}, False),
    ],
)
def test_merge_rules(store: EventStore, other: dict[str, object], merged: bool) -> None:
    store.write(coded(article("a1", "wire.example"), event("e1", "a1")))
    store.write(coded(article("a2", "paper.example"), event("e2", "a2", **other)))  # type: ignore[arg-type]
    assert merge_events(store) == (1 if merged else 2)


def test_events_without_identified_participants_are_not_merged(store: EventStore) -> None:
    nobody = Actor("", "", None, None)
    for n in (1, 2):
        store.write(
            coded(article(f"a{n}", f"s{n}.example"), event(f"e{n}", f"a{n}", nobody, nobody))
        )
    assert merge_events(store) == 2


def test_one_sided_events_are_not_merged(store: EventStore) -> None:
    # "Iran threatened" in two stories on one day: no recipient says it is one threat.
    nobody = Actor("", "", None, None)
    for n in (1, 2):
        store.write(coded(article(f"a{n}", f"s{n}.example"), event(f"e{n}", f"a{n}", USA, nobody)))
    assert merge_events(store) == 2


def test_merging_needs_every_member_in_the_window(store: EventStore) -> None:
    # Meetings on three consecutive days: day 1 and day 3 are two days apart, so the chain
    # does not collapse into one happening.
    for i in range(3):
        day = DAY + dt.timedelta(days=i)
        art = article(f"a{i}", f"s{i}.example", published=day)
        store.write(coded(art, event(f"e{i}", f"a{i}", date=day)))
    assert merge_events(store) == 2
    assert merge_events(store, window_days=2) == 1


def test_schema_version_one_store_is_migrated(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    with EventStore(path):
        pass
    con = duckdb.connect(str(path))
    con.execute("DROP TABLE article_links")
    con.execute("DROP TABLE event_links")
    con.execute("UPDATE schema_version SET version = 1")
    con.close()
    with EventStore(path) as store:
        assert store.count("article_links") == 0
        assert store.count("event_links") == 0
