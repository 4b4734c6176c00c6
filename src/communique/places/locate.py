"""The places stage: give every event a place, and say how it was obtained."""

from __future__ import annotations

import dataclasses
import logging
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from communique.calendar import CALENDAR_WORDS
from communique.ingest import read_dateline
from communique.names import PLACE_KEY, SITE_WORDS, normalise
from communique.places.gazetteer import Candidate, Gazetteer
from communique.places.resolve import (
    Span,
    StoryContext,
    rank_candidates,
    resolve_place,
    story_context,
)
from communique.quotations import quoted_within
from communique.records import Event, Place

logger = logging.getLogger(__name__)

_NAME = r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}"
# "in Kabul", "at the White House", "inside Syria", "near Sinjar"; and "in the Malian
# capital of Bamako", "outside the city of Erbil", "in the capital, Tripoli": the name after
# a kind of place.
_IN_PLACE = re.compile(
    r"\b(?:in|at|near|outside)\s+the\s+(?:[\w'’-]+\s+){0,3}?"
    r"(?:capital|city|town|village|port|province|region|district|county|state)"
    rf"(?:\s+of|,)\s+({_NAME})"
    rf"|\b(?:in|at|inside|into|near|outside)\s+((?:the\s+)?{_NAME})"
)
_LEDE_MIN_WORDS = 8
_LEDE_PARAGRAPHS = 2
# Actor "countries" that are not countries: international organisations and groups.
_NOT_COUNTRIES = frozenset({"IGO", "NGO", "IMG"})
# What a story's main place may be: not a sea or a region.
_STORY_FEATURES = frozenset({"city", "admin1", "country"})


def find_dateline_place(text: str) -> str | None:
    """The place of the dateline of ``text``, in title case ("Kyiv, Ukraine"); see
    ``communique.ingest.read_dateline``. The pipeline reads ``CleanText.dateline`` instead."""
    dateline = read_dateline(text)
    return dateline.place if dateline is not None else None


def _lede(text: str) -> list[tuple[int, str]]:
    """The story's first paragraphs of prose, each with its offset in ``text``: a date
    line, a headline or a blanked byline above them is skipped, and a one-sentence
    standfirst does not hide the lede below it."""
    paragraphs = [
        (match.start(), match.group(0))
        for match in re.finditer(r"\S(?:.|\n(?!\s*\n))*", text)
        if len(match.group(0).split()) >= _LEDE_MIN_WORDS
    ]
    return paragraphs[:_LEDE_PARAGRAPHS]


def _named_places(text: str) -> Iterator[tuple[int, str]]:
    """Each capitalised name ``text`` places something in or at, with its offset."""
    for match in _IN_PLACE.finditer(text):
        group = 1 if match.group(1) is not None else 2
        if match.group(group).split()[0].strip(".,;:'’").lower() in CALENDAR_WORDS:
            continue  # "in March", "in May 2020": a time, not March, Cambridgeshire
        yield match.start(group), match.group(group)


def _name_prefixes(name: str) -> Iterable[str]:
    """The word prefixes of a capitalised ``name`` after "in"/"at", longest first; none
    shorter than a site word ("Victoria" of "Victoria Park" is not the city)."""
    words = name.split()
    for width in range(len(words), 0, -1):
        if width < len(words) and words[width].strip(".,;:'’").lower() in SITE_WORDS:
            return
        yield " ".join(words[:width]).rstrip(".,;:'’")


def story_main_place(
    text: str,
    sentence_places: Sequence[Place],
    gazetteer: Gazetteer,
    context: StoryContext,
    *,
    event_count: int | None = None,
    persons: Sequence[Span] = (),
    quoted: Sequence[Span] | None = None,
) -> Place | None:
    """Where the story happens.

    The place most events name in their sentences, when at least two and at least a
    third of the story's ``event_count`` events do (a long round-up that names
    Pennsylvania twice is not set there), else the first place named after "in"/"at"
    in the lede (news stories say where in their first paragraphs), else none. Names
    of people (``persons``, article offsets) and names the story gives no support for
    (see ``usable_candidates``) are passed over, and so are names inside the article's
    ``quoted`` regions (``quoted_regions``; the paragraph's own marks when not given).
    """
    counts = Counter(sentence_places)
    best = max(counts.values(), default=0)
    events = len(sentence_places) if event_count is None else event_count
    if best >= max(2, events / 3):
        return next(place for place in sentence_places if counts[place] == best)
    for offset, paragraph in _lede(text):
        in_quotes = quoted_within(paragraph, offset, quoted)
        for at, name in _named_places(paragraph):
            if any(s <= at < e for s, e in in_quotes):
                continue
            for phrase in _name_prefixes(name.rstrip(".,;:")):
                start = offset + at
                candidates = usable_candidates(
                    gazetteer.candidates(phrase), context, (start, start + len(phrase)), persons
                )
                candidates = [c for c in candidates if c.place.feature in _STORY_FEATURES]
                if candidates:
                    return rank_candidates(candidates, context)[0].place
    return None


def usable_candidates(
    candidates: Sequence[Candidate],
    context: StoryContext,
    span: Span | None = None,
    persons: Sequence[Span] = (),
) -> list[Candidate]:
    """The ``candidates`` of a name found by pattern alone (not by the parse) worth taking.

    None when the name overlaps a person's name (``persons``; "in Kim Il Sung Square")
    unless its first reading is a country, a state, a curated place or a capital. Nor a
    town outside the story's countries that the name matches only through an alternate
    spelling: "at Pompeo's" is not Pompéu, Brazil (31,000 people), whose alternate name
    it is; "in Raqqa", the alternate name of a city of 500,000, still is Ar Raqqah.
    """
    if not candidates:
        return []
    if span is not None and not candidates[0].prominent:
        start, end = span
        if any(s < end and start < e for s, e in persons):
            return []
    return [
        c
        for c in candidates
        if not (c.alternate_only and c.town) or c.place.country in context.countries
    ]


def sentence_place_text(
    event: Event,
    gazetteer: Gazetteer,
    participants: Sequence[Span] = (),
    *,
    context: StoryContext | None = None,
    persons: Sequence[Span] = (),
    quoted: Sequence[Span] | None = None,
) -> str | None:
    """The place named after "in"/"at" in the event's sentence nearest to its trigger.

    The events coder reads places off the parse; the small parser often hangs "in Qatar"
    on another word of the clause, so the sentence is read again here. Names inside
    quotation marks and names that are the event's actors or recipients ("Beijing
    said") are not where the event happened; nor are the ``participants`` (article
    offsets) of the other events of the story: in "the bill provoked a reaction in
    Beijing", Beijing is who reacted. Names of people (``persons``, article offsets)
    and names that match a town only through an alternate spelling outside the
    ``context``'s countries are no places either (see ``usable_candidates``). ``quoted``
    are the article's quoted regions; without them the sentence's own marks are read.
    """
    sentence = event.sentence
    trigger_at = event.trigger_start - event.start
    if not 0 <= trigger_at <= len(sentence):
        trigger_at = max(sentence.find(event.trigger), 0)
    trigger_end = trigger_at + max(event.trigger_end - event.trigger_start, 0)
    own = [(p.start, p.end) for p in (*event.actors, *event.recipients)]
    taken = [(start - event.start, end - event.start) for start, end in (*own, *participants)]
    in_quotes = quoted_within(sentence, event.start, quoted)
    best: tuple[int, str] | None = None
    for start, name in _named_places(sentence):
        if any(s <= start < e for s, e in in_quotes):
            continue
        for prefix in _name_prefixes(name):
            phrase = re.sub(r"['’]s$", "", prefix)
            end = start + len(phrase)
            if any(s < end and start < e for s, e in taken):
                break
            candidates = gazetteer.candidates(phrase) if phrase else []
            if not candidates:
                continue
            offsets = (event.start + start, event.start + end)
            if usable_candidates(candidates, context or StoryContext(), offsets, persons):
                distance = start - trigger_end if start >= trigger_end else trigger_at - end
                if best is None or abs(distance) < best[0]:
                    best = (abs(distance), phrase)
            break
    return best[1] if best is not None else None


def _without_person_place(event: Event, gazetteer: Gazetteer, people: set[str]) -> Event:
    """``event`` without its ``place_text`` when that is a person's name ("Kim")."""
    if not event.place_text or event.place is not None:
        return event
    if normalise(event.place_text, PLACE_KEY) not in people:
        return event
    candidates = gazetteer.candidates(event.place_text)
    if candidates and candidates[0].prominent:
        return event
    return dataclasses.replace(event, place_text=None)


def _could_be_at(event: Event, place: Place) -> bool:
    """Whether the story's main place may stand for where ``event`` happened.

    Not when every participant whose country we know is from elsewhere: in a story set
    in Cairo, "Turkey and Libya agreed on a border" happened somewhere else. Participants
    without a country, or international ones, contradict nothing.
    """
    countries = {
        p.actor.country
        for p in (*event.actors, *event.recipients)
        if p.actor is not None and p.actor.country and p.actor.country not in _NOT_COUNTRIES
    }
    return not countries or place.country is None or place.country in countries


def locate_events(
    events: Sequence[Event],
    text: str,
    gazetteer: Gazetteer,
    *,
    dateline_place: str | None = None,
    persons: Sequence[Span] = (),
    person_names: Iterable[str] = (),
    quoted: Sequence[Span] | None = None,
) -> tuple[Event, ...]:
    """Fill ``place`` and ``place_basis`` of each event of one article.

    Evidence, best first: the event's own ``place_text`` ("sentence"; when the coder
    found none, the sentence is read again, see ``sentence_place_text``), the dateline
    ("dateline"; ``dateline_place`` if given, else found in ``text``), the story's main
    place ("story", unless all the event's participants are from other countries),
    else none.

    Ambiguous names are read in the light of the story (see ``rank_candidates``): the
    countries and states ``text`` names, the countries of the events' actors, the
    states of the cities it places things in, the dateline, and the places the events
    name that have one reading only.

    People's names are no places, unless their first reading is a country, a state, a
    curated place or a capital ("Jordan"): a name found by pattern alone is passed over
    when it overlaps ``persons`` (article offsets of the actors stage's people and of the
    parser's PERSON entities), and the coder's ``place_text`` is dropped when it is one
    of ``person_names`` (names the actors stage resolved as people: "Kim"). The parser's
    PERSON tag alone does not overrule the parse's own place ("at the Metz rally").
    Names inside the article's ``quoted`` regions (``quoted_regions`` of
    ``CleanText.quotations``) are someone's words, not where the event happened.
    """
    participants = [(p.start, p.end) for e in events for p in (*e.actors, *e.recipients)]
    actor_countries = [
        p.actor.country
        for e in events
        for p in (*e.actors, *e.recipients)
        if p.actor is not None and p.actor.country and p.actor.country not in _NOT_COUNTRIES
    ]
    context = story_context(text, gazetteer, countries=actor_countries, persons=persons)

    def resolve(name: str) -> Place | None:
        return resolve_place(name, gazetteer, context.countries, story_admin1=context.admin1)

    dateline_name = dateline_place if dateline_place is not None else find_dateline_place(text)
    dateline = resolve(dateline_name) if dateline_name else None
    if dateline is not None:
        context = context.extended([dateline])

    people = {normalise(name, PLACE_KEY) for name in person_names}
    events = [_without_person_place(event, gazetteer, people) for event in events]
    events = [
        event
        if event.place_text or event.place is not None
        else dataclasses.replace(
            event,
            place_text=sentence_place_text(
                event, gazetteer, participants, context=context, persons=persons, quoted=quoted
            ),
        )
        for event in events
    ]
    one_country: list[str] = []
    one_state: list[Place] = []
    for event in events:
        if event.place_text:
            candidates = gazetteer.lookup(event.place_text)
            if candidates and len({place.country for place in candidates}) == 1:
                one_country.append(candidates[0].country or "")
                if len({place.admin1 for place in candidates}) == 1:
                    one_state.append(candidates[0])
    context = context.with_countries(one_country).extended(one_state)

    sentence_places: dict[str, Place | None] = {}
    for event in events:
        if event.place_text and event.place_text not in sentence_places:
            sentence_places[event.place_text] = resolve(event.place_text)
    resolved_in_sentences = [
        place
        for event in events
        if event.place_text and (place := sentence_places[event.place_text]) is not None
    ]
    main_place = story_main_place(
        text,
        resolved_in_sentences,
        gazetteer,
        context,
        event_count=len(events),
        persons=persons,
        quoted=quoted,
    )

    located: list[Event] = []
    for event in events:
        if event.place is not None:
            located.append(event)  # an earlier stage already placed it
            continue
        sentence_place = sentence_places.get(event.place_text) if event.place_text else None
        if sentence_place is not None:
            located.append(dataclasses.replace(event, place=sentence_place, place_basis="sentence"))
        elif dateline is not None:
            located.append(dataclasses.replace(event, place=dateline, place_basis="dateline"))
        elif main_place is not None and _could_be_at(event, main_place):
            located.append(dataclasses.replace(event, place=main_place, place_basis="story"))
        else:
            if event.place_text:
                logger.debug("event %s: no place for %r", event.id, event.place_text)
            located.append(dataclasses.replace(event, place=None, place_basis="none"))
    return tuple(located)
