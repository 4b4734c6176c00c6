"""The typed vocabulary every stage speaks.

Stages exchange these frozen, slotted dataclasses and never dicts with string keys.
spaCy ``Doc`` objects stay inside ``nlp``/``actors``/``events``; everything that
leaves a stage is one of the records below.

Offsets: every ``start``/``end`` pair is a character offset into ``Article.text``,
the text as it was read (after decoding and, for HTML, after main-text
extraction). The cleaner blanks what it removes instead of cutting it out, so
offsets in the cleaned text and in the original text are the same numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal, get_args

# The closed vocabularies below are ``Literal`` aliases, so mypy checks every value a stage
# writes, while JSON, DuckDB and the API still see plain strings and numbers. Each tuple is the
# alias's values, for the code that checks or lists them at run time.

# How an article's publication date was obtained.
PublishedBasis = Literal["record", "option", "html-metadata", "dateline", "front-matter", "none"]
PUBLISHED_BASES: tuple[PublishedBasis, ...] = get_args(PublishedBasis)
# Kinds of text the cleaner removes from a story body.
RemovedKind = Literal["credit", "caption", "byline", "headline", "tagline", "toggle", "boilerplate"]
REMOVED_KINDS: tuple[RemovedKind, ...] = get_args(RemovedKind)
# How an event's date was obtained (issue 5 adds "explicit").
# "story": the text does not date the event itself; its story's lede dates the news it tells.
DateBasis = Literal["explicit", "relative", "story", "publication", "unknown"]
DATE_BASES: tuple[DateBasis, ...] = get_args(DateBasis)
DatePrecision = Literal["day", "week", "month", "year"]
DATE_PRECISIONS: tuple[DatePrecision, ...] = get_args(DatePrecision)
# How an event's place was obtained.
PlaceBasis = Literal["sentence", "dateline", "story", "none"]
PLACE_BASES: tuple[PlaceBasis, ...] = get_args(PlaceBasis)
ActorKind = Literal["person", "organisation", "state", "agent"]
ACTOR_KINDS: tuple[ActorKind, ...] = get_args(ActorKind)
# How a mention was tied to its actor.
MentionBasis = Literal[
    "name", "surname", "title", "alias", "metonym", "coreference", "pronoun", "nationality"
]
MENTION_BASES: tuple[MentionBasis, ...] = get_args(MentionBasis)
PlaceFeature = Literal["city", "country", "admin1", "region", "sea"]
PLACE_FEATURES: tuple[PlaceFeature, ...] = get_args(PlaceFeature)
# PLOVER quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
# 4 material conflict.
QuadClass = Literal[1, 2, 3, 4]
QUAD_CLASSES: tuple[QuadClass, ...] = get_args(QuadClass)
Severity = Literal["info", "warning", "error"]
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
# The stage that turned an input away (``code``: the stages after nlp, which run together).
RejectedStage = Literal["ingest", "clean", "nlp", "code"]
REJECTED_STAGES: tuple[RejectedStage, ...] = get_args(RejectedStage)


@dataclass(frozen=True, slots=True)
class Dateline:
    """The opening words that say where, when and by whom a story was filed.

    "KYIV, Ukraine, April 26 (Reuters) - ..." gives ``place`` "Kyiv, Ukraine", ``date``
    2024-04-26 (with the year from the URL when the line has none) and ``agency`` "Reuters".
    A line that is only a date ("Friday, April 26, 2024") gives a date alone.
    """

    start: int  # offsets in Article.text of the dateline's words, up to and with its dash
    end: int
    place: str | None = None  # title case when printed in capitals ("Kyiv, Ukraine")
    date: dt.date | None = None
    agency: str | None = None  # "Reuters" in "(Reuters)"
    note: str | None = None  # why the date it shows is no date ("has no year")
    # Where the story body opens: ``end`` when the dateline opens the text (white space
    # only before it), else 0. Its words are never parties to the story's events.
    body_start: int = 0


@dataclass(frozen=True, slots=True)
class Article:
    """One news story as read from its source, before cleaning."""

    id: str  # stable: sha1 of the normalised text, so rereading the same story gives the same id
    text: str
    title: str | None = None
    published: dt.date | None = None
    published_basis: PublishedBasis = "none"
    published_note: str | None = None  # why no date, or where it came from
    url: str | None = None
    source: str | None = None  # outlet name
    origin: str = "<memory>"  # file path (and ":line" for JSONL/CSV rows) the story came from
    # The record's own id (a JSONL/CSV "id" field, or the field mapped to it), as a string,
    # kept beside the content-hash ``id`` so that results can be joined back to the input.
    source_id: str | None = None
    # The dateline of ``text`` as read (ingest reads it once; the publication date may
    # come from it); None when the story opens without one.
    dateline: Dateline | None = None


@dataclass(frozen=True, slots=True)
class Removed:
    """A piece of scraped text that is not part of the story body."""

    kind: RemovedKind
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Segment:
    """The text between one opening quotation mark and its closing mark (or the paragraph
    end); see ``communique.quotations``."""

    open_mark: int  # offset of the opening quotation mark
    close_mark: int | None  # offset of the closing mark; None when the paragraph ended first
    start: int  # content span, whitespace trimmed
    end: int
    paragraph_end: int  # where the segment's paragraph ends
    single: bool = False  # delimited by ‘ ’


@dataclass(frozen=True, slots=True)
class QuoteGroup:
    """One quotation: its segments in order."""

    segments: tuple[Segment, ...]

    @property
    def start(self) -> int:
        return self.segments[0].start

    @property
    def end(self) -> int:
        return self.segments[-1].end

    @property
    def open_mark(self) -> int:
        return self.segments[0].open_mark

    @property
    def single(self) -> bool:
        return self.segments[0].single


@dataclass(frozen=True, slots=True)
class CleanText:
    """The story body: ``text`` has the same length as ``Article.text``, removed pieces blanked."""

    article_id: str
    text: str
    removed: tuple[Removed, ...] = ()
    # The dateline of the cleaned ``text``: the article's own, unless blanking a headline
    # or byline above it brought another line into the opening (see ``clean_article``).
    dateline: Dateline | None = None
    # The direct quotations of ``text`` (``communique.quotations.find_quote_groups``), found
    # once so that every later stage agrees on what is inside quotation marks; None on a
    # CleanText made by hand, whose quotations nobody looked for yet.
    quotations: tuple[QuoteGroup, ...] | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    """A resolved actor: a person, an organisation, a state or a generic agent."""

    id: str  # stable id: a Wikidata QID where known, else "cq:<kind>:<slug>"
    name: str  # canonical name
    country: str | None  # ISO 3166 alpha-3, or "IGO"/"NGO"/"IMG" for international actors
    sector: str | None  # CAMEO/PLOVER sector code: GOV, MIL, LEG, PTY, ELI, BUS, MED, ...
    role: str | None = None  # office title on the story's date, e.g. "Minister of Foreign Affairs"
    kind: ActorKind = "person"
    code: str = ""  # CAMEO-style code: country + sector, e.g. "USAGOV"


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of text that refers to an actor."""

    article_id: str
    text: str
    start: int
    end: int
    sentence: int  # index of the sentence in the article
    actor: Actor | None  # None when unresolved or ambiguous
    candidates: tuple[Actor, ...] = ()  # more than one when the mention is ambiguous
    basis: MentionBasis = "name"


@dataclass(frozen=True, slots=True)
class Participant:
    """An actor or recipient of an event, as PLOVER lists them."""

    entity_text: str  # the words in the sentence
    actor: Actor | None
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Place:
    """A resolved location (PLOVER ``event_loc``)."""

    name: str
    country: str | None  # ISO 3166 alpha-3
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    feature: PlaceFeature = "city"
    admin1: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event with the evidence that supports it."""

    id: str
    article_id: str
    event: str  # PLOVER event type, e.g. CONSULT
    mode: str | None  # PLOVER mode, e.g. "visit", "phone"
    context: tuple[str, ...]
    cameo: str  # CAMEO code kept as a string ("040", "0431")
    goldstein: float
    quad_code: QuadClass
    actors: tuple[Participant, ...]
    recipients: tuple[Participant, ...]
    trigger: str  # the words that carry the event ("met with")
    sentence: str  # the sentence text
    start: int  # sentence span in Article.text
    end: int
    trigger_start: int = 0
    trigger_end: int = 0
    negated: bool = False
    future: bool = False
    hypothetical: bool = False
    historical: bool = False
    place_text: str | None = None  # "Beijing" in "in Beijing", filled by the coder
    time_text: str | None = None  # "on Friday", filled by the coder
    date: dt.date | None = None
    date_basis: DateBasis = "unknown"
    date_precision: DatePrecision | None = None
    place: Place | None = None
    place_basis: PlaceBasis = "none"
    pattern: str = ""  # id of the pattern that coded it, for debugging and evaluation
    flags: tuple[str, ...] = ()  # ids of Flag records that concern this event
    issues: tuple[str, ...] = ()  # ids of the issues (data/issues) the event is about
    tone: float | None = None  # GDELT-style tone of the sentence, filled by issues.tone
    # The PLOVER type of the act an AGREE or THREATEN announces, or a REJECT refuses
    # ("will meet next week": AGREE, intended CONSULT); None for every other event.
    intended: str | None = None
    mentions: tuple[tuple[int, int], ...] = ()  # other tellings of it in the story (sentence spans)
    source_id: str | None = None  # its article's ``source_id``: the input record's own id


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct or indirect quotation with its speaker."""

    article_id: str
    text: str
    start: int
    end: int
    speaker: Participant | None
    addressee: Participant | None = None
    direct: bool = True
    place_text: str | None = None
    event_ids: tuple[str, ...] = ()
    date_text: str | None = None  # "on Monday" in "said on Monday", as written


@dataclass(frozen=True, slots=True)
class Flag:
    """Something in a story that does not add up."""

    id: str
    article_id: str
    kind: str
    message: str
    severity: Severity
    spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input that could not be read or processed; the run records it and goes on."""

    origin: str  # file path, with ":line" for a row of a JSONL/CSV file
    stage: RejectedStage
    reason: str
    article_id: str | None = None


@dataclass(frozen=True, slots=True)
class CodedArticle:
    """Everything the pipeline found in one article."""

    article: Article
    clean: CleanText
    mentions: tuple[Mention, ...] = ()
    events: tuple[Event, ...] = ()
    quotes: tuple[Quote, ...] = ()
    flags: tuple[Flag, ...] = ()
    issues: tuple[tuple[str, int], ...] = field(default=())  # (issue id, count)
    tone: float | None = None  # GDELT scale: positive minus negative word share, x100

    @property
    def actors(self) -> tuple[Actor, ...]:
        """Distinct resolved actors, in order of first mention."""
        seen: dict[str, Actor] = {}
        for mention in self.mentions:
            if mention.actor is not None and mention.actor.id not in seen:
                seen[mention.actor.id] = mention.actor
        return tuple(seen.values())
