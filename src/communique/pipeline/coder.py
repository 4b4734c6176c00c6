"""Compose the stages for one article: Article in, CodedArticle (or Rejected) out.

The heavy resources (spaCy pipeline, knowledge base, patterns, gazetteer, issues)
are loaded once per ``Pipeline`` and reused for every article. Each article runs
through the stages on its own: a failure in one article becomes a ``Rejected``
record naming the stage, and the run goes on.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from communique.actors import KnowledgeBase, load_knowledge_base, resolve_mentions
from communique.checks import check_article
from communique.clean import clean_article
from communique.config import Settings, load_settings
from communique.dates import date_events, implied_date
from communique.errors import CommuniqueError
from communique.events import PatternSet, code_events, load_patterns
from communique.ingest import article_from_text
from communique.issues import IssueSet, load_issues, tag_article, tag_events, tone, tone_events
from communique.nlp import load_pipeline
from communique.pipeline.retellings import link_retellings
from communique.places import (
    GeonamesGazetteer,
    home_local_agents,
    locate_events,
    refine_meeting_modes,
)
from communique.quotations import find_quote_groups, quoted_regions
from communique.quotes import extract_quotes, link_quotes, speaker_mentions
from communique.records import Article, CleanText, CodedArticle, Rejected

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

logger = logging.getLogger(__name__)


class Pipeline:
    """Codes articles with the resources named in ``settings``, loaded on first use."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or load_settings()

    @functools.cached_property
    def nlp(self) -> Language:
        return load_pipeline(self.settings.nlp.model)

    @functools.cached_property
    def knowledge_base(self) -> KnowledgeBase:
        return load_knowledge_base(self.settings.actors.user_files)

    @functools.cached_property
    def patterns(self) -> PatternSet:
        events = self.settings.events
        return load_patterns(events.pattern_files, include_imported=events.imported_patterns)

    @functools.cached_property
    def gazetteer(self) -> GeonamesGazetteer:
        return GeonamesGazetteer()

    @functools.cached_property
    def issue_set(self) -> IssueSet:
        return load_issues(self.settings.issues.user_files)

    def warm_up(self) -> None:
        """Load every resource now rather than on the first article."""
        _ = self.nlp, self.knowledge_base, self.patterns, self.gazetteer, self.issue_set

    def code(self, articles: Iterable[Article | Rejected]) -> Iterator[CodedArticle | Rejected]:
        """Code a stream of articles; Rejected inputs pass straight through."""
        parsable = self._clean_all(articles)
        docs = self.nlp.pipe(parsable, as_tuples=True, batch_size=self.settings.nlp.batch_size)
        for doc, item in _merge_passthrough(docs):
            if isinstance(item, Rejected):
                yield item
                continue
            article, clean = item
            try:
                yield self._code_doc(doc, article, clean)
            except CommuniqueError as exc:
                yield Rejected(article.origin, "code", str(exc), article.id)
            except Exception as exc:  # one bad article must not end a run of thousands
                logger.exception("internal error on %s", article.origin)
                yield Rejected(
                    article.origin,
                    "code",
                    f"internal error: {type(exc).__name__}: {exc}",
                    article.id,
                )

    def _clean_all(self, articles: Iterable[Article | Rejected]) -> Iterator[tuple[str, Any]]:
        max_chars = self.settings.nlp.max_chars
        for article in articles:
            if isinstance(article, Rejected):
                yield "", _Passthrough(article)
                continue
            if len(article.text) > max_chars:
                yield (
                    "",
                    _Passthrough(
                        Rejected(
                            article.origin,
                            "nlp",
                            f"story has {len(article.text):,} characters, over the limit of "
                            f"{max_chars:,}; raise [nlp] max_chars in your config to process it",
                            article.id,
                        )
                    ),
                )
                continue
            try:
                clean = clean_article(article)
            except CommuniqueError as exc:
                yield "", _Passthrough(Rejected(article.origin, "clean", str(exc), article.id))
                continue
            yield clean.text, (article, clean)

    def _code_doc(self, doc: Doc, article: Article, clean: CleanText) -> CodedArticle:
        published = article.published
        body_start = clean.dateline.body_start if clean.dateline is not None else 0
        # undated, a story is told no earlier than the latest date it names: its office
        # holders are those of that day, not of today
        as_of = published or implied_date(clean.text, dt.date.today())
        mentions = resolve_mentions(
            doc, article.id, as_of, self.knowledge_base, body_start=body_start
        )
        # what lies inside quotation marks, found once by the clean stage, for every stage
        quotations = clean.quotations
        if quotations is None:
            quotations = find_quote_groups(clean.text)
        quoted = quoted_regions(quotations)
        quotes = extract_quotes(doc, mentions, article.id, groups=quotations)
        # "We condemn the attack," said in a quotation attributed a sentence later: the
        # speaker, for the events stage, which reads one sentence at a time
        mentions = speaker_mentions(doc, mentions, quotes)
        events = code_events(
            doc,
            mentions,
            article.id,
            patterns=self.patterns,
            published_year=published.year if published else None,
            body_start=body_start,
        )
        article_issues = tag_article(clean.text, self.issue_set)
        events = tag_events(events, clean.text, self.issue_set, article_issues)
        events = date_events(events, published, quoted=quoted)
        # People's names are no places: "Kim" is not Kim, India; "Pompeo" not Pompéu.
        people = [m for m in mentions if m.actor and m.actor.kind == "person"]
        persons = [(m.start, m.end) for m in people]
        persons += [(e.start_char, e.end_char) for e in doc.ents if e.label_ == "PERSON"]
        events = locate_events(
            events,
            clean.text,
            self.gazetteer,
            dateline_place=clean.dateline.place if clean.dateline is not None else None,
            persons=persons,
            person_names=[m.text for m in people],
            quoted=quoted,
        )
        events = link_retellings(refine_meeting_modes(home_local_agents(events)))
        events = tone_events(events)
        if article.source_id is not None:  # the input record's own id, on each of its events
            events = tuple(replace(e, source_id=article.source_id) for e in events)
        quotes = link_quotes(quotes, events)
        coded = CodedArticle(
            article=article,
            clean=clean,
            mentions=tuple(mentions),
            events=tuple(events),
            quotes=tuple(quotes),
            issues=tuple(article_issues),
            tone=tone(clean.text),
        )
        return check_article(coded, self.knowledge_base)


@dataclass(frozen=True, slots=True)
class _Passthrough:
    """Wraps an item that skips the NLP stage but must keep its place in the stream."""

    item: Rejected


def _merge_passthrough(
    docs: Iterable[tuple[Doc, Any]],
) -> Iterator[tuple[Doc, tuple[Article, CleanText] | Rejected]]:
    for doc, context in docs:
        if isinstance(context, _Passthrough):
            yield doc, context.item
        else:
            yield doc, context


def code_text(
    text: str,
    *,
    published: dt.date | str | None = None,
    title: str | None = None,
    settings: Settings | None = None,
) -> CodedArticle:
    """Code one story given as a string (the library's one-liner)."""
    if isinstance(published, str):
        published = dt.date.fromisoformat(published)
    article = article_from_text(text, title=title, published=published)
    for result in Pipeline(settings).code([article]):
        if isinstance(result, Rejected):
            raise CommuniqueError(f"story could not be coded ({result.stage}): {result.reason}")
        return replace(result)
    raise CommuniqueError("story produced no result")  # pragma: no cover - code() yields one
