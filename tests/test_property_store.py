"""store, property-based: any Event written is the Event read back, field for field."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from communique.ingest import article_from_text
from communique.records import (
    DATE_BASES,
    DATE_PRECISIONS,
    PLACE_BASES,
    Actor,
    CleanText,
    CodedArticle,
    Event,
    Participant,
    Place,
)
from communique.store import EventStore

# Any text the stores' VARCHAR and JSON columns must keep: quotes, SQL, NUL, RTL, emoji.
texts = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["'; DROP TABLE events; --", '"\\', "\x00", "\u202e\u200b", "\U0001f600"]),
)
short = st.text(min_size=1, max_size=12)
floats = st.floats(allow_nan=False, allow_infinity=False, width=64)
offsets = st.integers(min_value=0, max_value=2**31 - 1)

actors = st.builds(
    Actor,
    id=short,
    name=texts,
    country=st.none() | st.sampled_from(["CHN", "USA", "IGO"]),
    sector=st.none() | st.sampled_from(["GOV", "MIL"]),
    role=st.none() | texts,
    kind=st.sampled_from(["person", "organisation", "state", "agent"]),
    code=st.text(max_size=8),
)
participants = st.builds(
    Participant, entity_text=texts, actor=st.none() | actors, start=offsets, end=offsets
)
places = st.builds(
    Place,
    name=texts,
    country=st.none() | st.sampled_from(["CHN", "FRA"]),
    lat=st.none() | floats,
    lon=st.none() | floats,
    geonameid=st.none() | st.integers(min_value=0, max_value=2**31 - 1),
    feature=st.sampled_from(["city", "country", "sea"]),
    admin1=st.none() | texts,
)
tuples = st.lists(short, max_size=3).map(tuple)


def events_of(article_id: str) -> st.SearchStrategy[list[Event]]:
    event = st.builds(
        Event,
        id=short,
        article_id=st.just(article_id),
        event=st.sampled_from(["CONSULT", "ACCUSE", "AID"]),
        mode=st.none() | short,
        context=tuples,
        cameo=st.text(alphabet="0123456789", min_size=2, max_size=4),
        goldstein=floats,
        quad_code=st.integers(min_value=1, max_value=4),
        actors=st.lists(participants, max_size=3).map(tuple),
        recipients=st.lists(participants, max_size=3).map(tuple),
        trigger=texts,
        sentence=texts,
        start=offsets,
        end=offsets,
        trigger_start=offsets,
        trigger_end=offsets,
        negated=st.booleans(),
        future=st.booleans(),
        hypothetical=st.booleans(),
        historical=st.booleans(),
        place_text=st.none() | texts,
        time_text=st.none() | texts,
        date=st.none() | st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
        date_basis=st.sampled_from(DATE_BASES),
        date_precision=st.none() | st.sampled_from(DATE_PRECISIONS),
        place=st.none() | places,
        place_basis=st.sampled_from(PLACE_BASES),
        pattern=st.text(max_size=10),
        flags=tuples,
        issues=tuples,
        tone=st.none() | floats,
    )
    return st.lists(event, max_size=5, unique_by=lambda e: e.id)


ARTICLE = article_from_text("The minister met the envoy in the capital on Tuesday.")


@settings(max_examples=80, deadline=None)
@given(events_of(ARTICLE.id))
def test_events_round_trip_through_the_store(events: list[Event]) -> None:
    coded = CodedArticle(ARTICLE, CleanText(ARTICLE.id, ARTICLE.text), events=tuple(events))
    with EventStore(":memory:") as store:
        assert store.write(coded)
        assert not store.write(coded)  # the same article twice adds nothing
        back = sorted(store.events(), key=lambda e: e.id)
        assert store.count("events") == len(events)
    assert back == sorted(events, key=lambda e: e.id)
