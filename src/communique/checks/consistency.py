"""Checks that a story agrees with itself: evidence, places, dates and quoted speakers.

- ``removed_text_event``: an event coded from a caption, photo credit or byline. The cleaner
  blanks those, so this should never happen; the check guards the guarantee.
- ``place_conflict`` / ``date_conflict``: the same event (same type and pattern, the same
  actors and recipients) told twice in one story with places, or dates, that cannot both be true.
- ``quote_conflict``: the same quotation attributed to different speakers.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from communique.calendar import CALENDAR_WORDS
from communique.checks.names import Finding
from communique.names import similarity
from communique.records import CodedArticle, Event, Place, Quote

GUARDED_KINDS = ("caption", "credit", "byline")
# Two tellings of one event more than this many days apart are two events, not a contradiction.
SAME_EVENT_DAYS = 7
# Quotations this alike (``communique.names.similarity``) are the same words; shorter ones
# ("beyond a reasonable doubt") are set phrases anyone may say.
SAME_QUOTE_RATIO = 0.9
MIN_QUOTE_WORDS = 6
# A speaker the story names: "he said" is the coder's reading of who "he" is, not the story's.
_PRONOUNS = frozenset(["he", "she", "they", "it", "him", "her", "them", "we", "i", "you"])
# A quotation inside another counts as the same words only when it is most of it.
SAME_QUOTE_SHARE = 0.6


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def removed_text_findings(coded: CodedArticle) -> Iterator[Finding]:
    guarded = [r for r in coded.clean.removed if r.kind in GUARDED_KINDS]
    for event in coded.events:
        spans = [(event.trigger_start, event.trigger_end)] if event.trigger_end else []
        spans += [(p.start, p.end) for p in (*event.actors, *event.recipients)]
        for piece in guarded:
            hit = next((s for s in spans if _overlaps(s, (piece.start, piece.end))), None)
            if hit is not None:
                yield Finding(
                    "removed_text_event",
                    f"{event.event} event coded from text the cleaner marked as {piece.kind}: "
                    f'"{coded.article.text[hit[0] : hit[1]]}" in "{piece.text}".',
                    "error",
                    (hit, (piece.start, piece.end)),
                )
                break


def _key(event: Event) -> tuple[object, ...] | None:
    """Same type, the same pattern and the same two sides; None when an actor is unresolved.

    The pattern stands for the words that tell it: "urged North Korea" in Hanoi and "pressed
    North Korea" in Tokyo are two events of one type, "met Wang" twice is one meeting told twice.
    """
    if event.negated or event.future or event.hypothetical or event.historical:
        return None
    actors = [p.actor.id for p in event.actors if p.actor is not None]
    recipients = [p.actor.id for p in event.recipients if p.actor is not None]
    if not actors or not recipients or len(actors) < len(event.actors):
        return None
    # the mode is left out: it follows from the place ("visit" in Beijing, "third-party" in
    # Tokyo), and the sides may swap ("A met B", "B met A") in a retelling
    return event.event, event.pattern, frozenset({frozenset(actors), frozenset(recipients)})


def _told_place(event: Event) -> Place | None:
    """The event's place when its own sentence names it (a geocoding slip is no contradiction)."""
    place = event.place
    if place is None or event.place_basis != "sentence" or not event.place_text:
        return None
    # month and day names the gazetteer also knows as towns ("March", "Sunday"): never trusted
    if event.place_text.lower() in CALENDAR_WORDS or event.place_text not in event.sentence:
        return None
    return place


def _places_disagree(a: Place, b: Place) -> bool:
    """Different countries, or two different cities; a city and its own country agree."""
    if a.country and b.country and a.country != b.country:
        return True
    return a.feature == b.feature == "city" and a.name.lower() != b.name.lower()


def _told_dates(event: Event) -> dt.date | None:
    """The day the event's own time phrase gives ("met on Friday"): not the publication date
    carried over, nor a date elsewhere in the sentence ("in a tweet on Sunday, Trump said past
    talks with China ..." dates the tweet, not the talks)."""
    if (
        event.time_text
        and event.date_basis in ("explicit", "relative")
        and event.date_precision == "day"
    ):
        return event.date
    return None


def place_and_date_findings(coded: CodedArticle) -> Iterator[Finding]:
    first: dict[tuple[object, ...], Event] = {}
    reported: set[tuple[object, ...]] = set()
    for event in coded.events:
        key = _key(event)
        if key is None:
            continue
        earlier = first.setdefault(key, event)
        if earlier is event or earlier.start == event.start or key in reported:
            continue
        spans = ((event.start, event.end), (earlier.start, earlier.end))
        da, db = _told_dates(earlier), _told_dates(event)
        close = da is None or db is None or abs((da - db).days) <= SAME_EVENT_DAYS
        if (
            da is not None
            and db is not None
            and da != db
            and close
            and earlier.place_text == event.place_text
        ):
            reported.add(key)
            yield Finding(
                "date_conflict",
                f"The same {event.event} event ({event.trigger!r}) is dated "
                f"{da.isoformat()} in one sentence and {db.isoformat()} in another.",
                "warning",
                spans,
            )
        elif (
            (pa := _told_place(earlier)) is not None
            and (pb := _told_place(event)) is not None
            and (da is None or db is None or da == db)
            and _places_disagree(pa, pb)
        ):
            reported.add(key)
            yield Finding(
                "place_conflict",
                f"The same {event.event} event ({event.trigger!r}) is placed in "
                f"{pa.name} in one sentence and in {pb.name} in another.",
                "warning",
                spans,
            )


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def quote_findings(coded: CodedArticle) -> Iterator[Finding]:
    seen: list[tuple[str, Quote]] = []
    for quote in coded.quotes:
        speaker = quote.speaker.actor if quote.speaker is not None else None
        words = _words(quote.text)
        if (
            speaker is None
            or speaker.kind != "person"  # "the White House said" and "Obama said" may both be true
            or not quote.direct  # "Pence said Flynn had told him X" is not Pence saying X
            or quote.speaker is None
            or quote.speaker.entity_text.lower() in _PRONOUNS
            or len(words.split()) < MIN_QUOTE_WORDS
        ):
            continue
        for earlier_words, earlier in seen:
            other = earlier.speaker.actor if earlier.speaker is not None else None
            if other is None or other.id == speaker.id or earlier.end > quote.start:
                continue  # the same speaker, or one quotation inside the other
            # a short phrase repeated inside a longer quotation is an echo, not the same quote
            short, long_ = sorted((words, earlier_words), key=len)
            same = short in long_ and len(short) >= SAME_QUOTE_SHARE * len(long_)
            if same or similarity(words, earlier_words) >= SAME_QUOTE_RATIO:
                yield Finding(
                    "quote_conflict",
                    f'The words "{_short(quote.text)}" are attributed to {other.name} and, '
                    f"elsewhere in the story, to {speaker.name}.",
                    "warning",
                    ((quote.start, quote.end), (earlier.start, earlier.end)),
                )
                break
        seen.append((words, quote))


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
