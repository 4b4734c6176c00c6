"""The places stage: give every event a place, and say how it was obtained."""

from __future__ import annotations

import dataclasses
import logging
import re
from collections import Counter
from collections.abc import Sequence

from communique.places.gazetteer import Gazetteer
from communique.places.resolve import (
    StoryContext,
    rank_candidates,
    resolve_place,
    story_context,
)
from communique.records import Event, Place

logger = logging.getLogger(__name__)

_DASH = r"(?:—|–|--|-)"
_MONTH = (
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
    r"(?:\s+\d{1,2})?(?:,?\s+\d{4})?"
)
# Datelines look like: BEIJING, April 26 — / KYIV, Ukraine (Reuters) - / Washington (CNN) --
_DATELINE = re.compile(
    rf"^(?P<place>[A-Z][A-Za-z.'’ -]{{0,40}}?)"
    rf"(?:,\s*(?P<region>(?!{_MONTH}\b)[A-Z][A-Za-z.' ]{{0,30}}?))?"
    rf"(?:,?\s*(?P<date>{_MONTH}))?"
    rf"\s*(?:\((?P<agency>[A-Za-z][A-Za-z .&/-]{{0,30}})\))?"
    rf"\s*{_DASH}\s"
)
_DATELINE_LINES = 3  # a headline or a blanked byline may come before the dateline
_IN_PLACE = re.compile(r"\bin\s+((?:the\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})")


def find_dateline_place(text: str) -> str | None:
    """The place of a dateline at the start of ``text``, in title case ("Kyiv, Ukraine").

    A dateline is only taken as such when it looks like one: an all-capitals place,
    or a place followed by a date or a news agency in brackets. "Washington —" in
    mixed case opens sentences too often to be trusted on its own.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for line in lines[:_DATELINE_LINES]:
        match = _DATELINE.match(line)
        if match is None:
            continue
        place = match["place"].strip(" -")
        letters = [char for char in place if char.isalpha()]
        shouting = bool(letters) and all(char.isupper() for char in letters)
        if not (shouting or match["date"] or match["agency"]):
            continue
        name = place.title() if shouting else place
        if match["region"]:
            region = match["region"].strip()
            name = f"{name}, {region.title() if region.isupper() and len(region) > 3 else region}"
        return name
    return None


def story_main_place(
    text: str, sentence_places: Sequence[Place], gazetteer: Gazetteer, context: StoryContext
) -> Place | None:
    """Where the story happens: its most frequent sentence place, else the first city
    named after "in" in its first paragraph."""
    if sentence_places:
        counts = Counter(sentence_places)
        best = max(counts.values())
        return next(place for place in sentence_places if counts[place] == best)
    stripped = text.strip()
    first_paragraph = re.split(r"\n\s*\n", stripped, maxsplit=1)[0] if stripped else ""
    for match in _IN_PLACE.finditer(first_paragraph):
        words = match.group(1).rstrip(".,;:").split()
        for width in range(len(words), 0, -1):
            phrase = " ".join(words[:width]).rstrip(".,;:'’")
            cities = [p for p in gazetteer.lookup(phrase) if p.feature == "city"]
            if cities:
                return rank_candidates(cities, context)[0]
    return None


def locate_events(
    events: Sequence[Event],
    text: str,
    gazetteer: Gazetteer,
    *,
    dateline_place: str | None = None,
) -> tuple[Event, ...]:
    """Fill ``place`` and ``place_basis`` of each event of one article.

    Evidence, best first: the event's own ``place_text`` ("sentence"), the dateline
    ("dateline"; ``dateline_place`` if given, else found in ``text``), the story's main
    place ("story"), else none. Ambiguous names are read in the light of the countries
    and states ``text`` names and of the unambiguous places the events name.
    """
    context = story_context(text, gazetteer)
    unambiguous: list[Place] = []
    for event in events:
        if event.place_text:
            candidates = gazetteer.lookup(event.place_text)
            if candidates and len({place.country for place in candidates}) == 1:
                unambiguous.append(candidates[0])
    context = context.extended(unambiguous)

    def resolve(name: str) -> Place | None:
        return resolve_place(name, gazetteer, context.countries, story_admin1=context.admin1)

    sentence_places: dict[str, Place | None] = {}
    for event in events:
        if event.place_text and event.place_text not in sentence_places:
            sentence_places[event.place_text] = resolve(event.place_text)
    resolved_in_sentences = [
        place
        for event in events
        if event.place_text and (place := sentence_places[event.place_text]) is not None
    ]
    dateline_name = dateline_place if dateline_place is not None else find_dateline_place(text)
    dateline = resolve(dateline_name) if dateline_name else None
    main_place = story_main_place(text, resolved_in_sentences, gazetteer, context)

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
        elif main_place is not None:
            located.append(dataclasses.replace(event, place=main_place, place_basis="story"))
        else:
            if event.place_text:
                logger.debug("event %s: no place for %r", event.id, event.place_text)
            located.append(dataclasses.replace(event, place=None, place_basis="none"))
    return tuple(located)
