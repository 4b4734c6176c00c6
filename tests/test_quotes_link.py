"""Linking quotations to events, and the speech-verb data file."""

from __future__ import annotations

import pytest

from communique.errors import DataFileError
from communique.quotes import link_quotes, load_speech_verbs, parse_speech_verbs
from communique.records import Event, Participant, Quote


def _event(event_id: str, start: int, end: int) -> Event:
    return Event(
        id=event_id,
        article_id="art",
        event="CONSULT",
        mode=None,
        context=(),
        cameo="040",
        goldstein=1.0,
        quad_code=1,
        actors=(),
        recipients=(),
        trigger="met",
        sentence="x" * (end - start),
        start=start,
        end=end,
    )


def _quote(start: int, end: int, speaker_at: tuple[int, int] | None = None) -> Quote:
    speaker = None
    if speaker_at is not None:
        speaker = Participant("Lund", None, *speaker_at)
    return Quote("art", "words", start, end, speaker)


def test_event_in_the_quoted_sentence_is_linked() -> None:
    (quote,) = link_quotes([_quote(10, 50)], [_event("e1", 0, 60), _event("e2", 70, 90)])
    assert quote.event_ids == ("e1",)


def test_event_in_the_attribution_is_linked() -> None:
    # The quote ends at 50; its speaker sits at 55-59 in the sentence of event e2.
    (quote,) = link_quotes([_quote(10, 50, (55, 59))], [_event("e2", 52, 80)])
    assert quote.event_ids == ("e2",)


def test_touching_spans_do_not_overlap() -> None:
    (quote,) = link_quotes([_quote(10, 50)], [_event("e1", 50, 80)])
    assert quote.event_ids == ()


def test_existing_ids_are_kept_without_duplicates() -> None:
    quote = Quote("art", "words", 0, 10, None, event_ids=("e1",))
    (linked,) = link_quotes([quote], [_event("e1", 0, 10), _event("e2", 5, 20)])
    assert linked.event_ids == ("e1", "e2")


def test_shipped_speech_verbs() -> None:
    verbs = load_speech_verbs()
    assert {"say", "tell", "stress", "warn", "deny", "emphasise", "announce"} <= verbs.lemmas
    assert "tell" in verbs.object_is_addressee
    assert "say" not in verbs.object_is_addressee


def test_speech_verb_file_errors_name_the_line() -> None:
    with pytest.raises(DataFileError, match=r"verbs\.txt:3: .*listed twice"):
        parse_speech_verbs("# comment\nsay\nsay\n", "verbs.txt")
    with pytest.raises(DataFileError, match=r"verbs\.txt:1: .*unknown flags"):
        parse_speech_verbs("tell recipient\n", "verbs.txt")
    with pytest.raises(DataFileError, match=r"verbs\.txt:2: .*lemma"):
        parse_speech_verbs("say\nSaid\n", "verbs.txt")
