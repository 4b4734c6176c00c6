"""Direct and indirect quotations with their speakers.

Direct quotations are found by their marks (see ``marks``); the attribution is looked for
in this order: between the parts of a split quote, after the closing mark in the same
sentence (“...,” Blinken said / “...,” said Blinken / “...,” he said / “...,” according to
X), then before the opening mark in the same sentence (Blinken said: “...”). A quotation
whose words end with a full stop takes no attribution from after it, since the sentence
that follows is a new one.

Indirect speech is a speech verb with a clausal complement that has its own subject
("Blinken stressed that the US is committed to ..."): the Quote's text is the clause,
without the ``that``.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Sequence
from typing import TYPE_CHECKING

from communique.quotations import SENTENCE_END, QuoteGroup, find_quote_groups, quote_text
from communique.quotes.attribution import (
    GENERIC_SUBJECTS,
    SUBJECT_DEPS,
    Attribution,
    Context,
    according_to,
    attribute,
)
from communique.quotes.verbs import SpeechVerbs, load_speech_verbs
from communique.records import Mention, Participant, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

logger = logging.getLogger(__name__)

# An unattributed quotation must look like speech, not a title or scare quotes.
MIN_UNATTRIBUTED_WORDS = 4
_CLAUSE_SUBJECT_DEPS = SUBJECT_DEPS | {"expl", "csubj"}
_PRONOUN_WORDS = frozenset({"he", "she", "it", "they", "we", "him", "her", "them", "us"})
_TIME_PREPOSITIONS = frozenset({"on", "in", "during"})


_TEXT_KEY = "communique.quotes.text"


def _speech_verbs_in(
    tokens: Sequence[Token], verbs: SpeechVerbs, exclude: Sequence[tuple[int, int]]
) -> list[Token]:
    return [
        token
        for token in tokens
        if token.pos_ == "VERB"
        and token.lemma_.lower() in verbs
        and not any(s <= token.idx < e for s, e in exclude)
    ]


def _regions(
    text: str, group: QuoteGroup, mark_spans: Sequence[tuple[int, int]]
) -> list[tuple[int, int, bool]]:
    """Where to look for the attribution: (start, end, verb nearest the start?), in order."""
    regions: list[tuple[int, int, bool]] = []
    segments = group.segments
    for first, second in itertools.pairwise(segments):
        if first.close_mark is not None and first.paragraph_end == second.paragraph_end:
            regions.append((first.close_mark + 1, second.open_mark, True))
    last = segments[-1]
    if last.close_mark is not None and not text[last.start : last.end].endswith("."):
        tail_end = last.paragraph_end
        later_marks = [s for s, _ in mark_spans if last.close_mark < s < tail_end]
        if later_marks:
            tail_end = min(later_marks)
        stop = SENTENCE_END.search(text, last.close_mark + 1, tail_end)
        if stop is not None:
            tail_end = stop.start()
        regions.append((last.close_mark + 1, tail_end, True))
    first_segment = segments[0]
    paragraph_start = text.rfind("\n", 0, first_segment.open_mark) + 1
    head_start = paragraph_start
    for stop in SENTENCE_END.finditer(text, paragraph_start, first_segment.open_mark):
        head_start = stop.end()
    for _, mark_end in mark_spans:
        if head_start <= mark_end <= first_segment.open_mark:
            head_start = mark_end
    regions.append((head_start, first_segment.open_mark, False))
    return regions


def _doc_text(doc: Doc) -> str:
    """``doc.text``, built once per document: spaCy joins every token anew on each call."""
    cached = doc.user_data.get(_TEXT_KEY)
    if not isinstance(cached, str):
        cached = doc.user_data[_TEXT_KEY] = doc.text
    return cached


def _attribute_group(
    group: QuoteGroup,
    context: Context,
    verbs: SpeechVerbs,
    speakers: Sequence[Participant],
    mark_spans: Sequence[tuple[int, int]],
) -> tuple[Attribution | None, int | None]:
    """The attribution of a direct quotation and the index of its verb token."""
    text = _doc_text(context.doc)
    for start, end, nearest_first in _regions(text, group, mark_spans):
        if start >= end:
            continue
        tokens = context.tokens_between(start, end)
        found = _speech_verbs_in(tokens, verbs, mark_spans)
        if found:
            verb = found[0] if nearest_first else found[-1]
            attribution = attribute(
                verb,
                context,
                verb.lemma_.lower() in verbs.object_is_addressee,
                speakers,
                exclude=mark_spans,
            )
            return attribution, verb.i
        sourced = according_to(tokens, context, speakers)
        if sourced is not None:
            return sourced, None
    return None, None


def _looks_like_speech(group: QuoteGroup, context: Context) -> bool:
    tokens = [
        token
        for segment in group.segments
        for token in context.tokens_between(segment.start, segment.end)
    ]
    words = [t for t in tokens if not t.is_punct]
    return len(words) >= MIN_UNATTRIBUTED_WORDS and any(t.pos_ in {"VERB", "AUX"} for t in words)


def _mark_spans(groups: Sequence[QuoteGroup]) -> list[tuple[int, int]]:
    """Each segment from its opening mark to just after its closing mark."""
    spans = []
    for group in groups:
        for segment in group.segments:
            close = segment.close_mark + 1 if segment.close_mark is not None else segment.end
            spans.append((segment.open_mark, close))
    return spans


def _clause_span(clause: Token, verb: Token) -> tuple[int, int, str | None] | None:
    """Character span of a complement clause, without its ``that`` and outer punctuation,
    and the time phrase the parser wrongly put at its head.

    In "Police said on Monday they believe ..." the small model often hangs "on Monday"
    on "believe"; a time phrase right after the speech verb says when it was said.
    """
    doc = clause.doc
    left, right = clause.left_edge.i, clause.right_edge.i
    when: str | None = None
    if left == verb.i + 1:
        time_end = _leading_time_end(doc, left, right)
        if time_end is not None:
            when = doc[left:time_end].text
            left = time_end
    while left <= right and (doc[left].dep_ == "mark" or doc[left].is_punct):
        left += 1
    while right >= left and doc[right].is_punct:
        right -= 1
    if left > right:
        return None
    return doc[left].idx, doc[right].idx + len(doc[right].text), when


def _leading_time_end(doc: Doc, left: int, right: int) -> int | None:
    """The token index after a time phrase that opens ``doc[left:right]``, if one does."""
    first = left + 1 if doc[left].lower_ in _TIME_PREPOSITIONS else left
    end = first
    while end <= right and doc[end].ent_type_ in {"DATE", "TIME"}:
        end += 1
    # Keep at least a word for the clause itself.
    return end if first < end <= right else None


def _indirect_quotes(
    context: Context,
    article_id: str,
    verbs: SpeechVerbs,
    used_verbs: set[int],
    mark_spans: Sequence[tuple[int, int]],
    speakers: Sequence[Participant],
) -> list[Quote]:
    quotes: list[Quote] = []
    for verb in _speech_verbs_in(list(context.doc), verbs, mark_spans):
        if verb.i in used_verbs:
            continue
        for clause in verb.children:
            if clause.dep_ != "ccomp" or clause.i < verb.i:
                continue
            if not any(child.dep_ in _CLAUSE_SUBJECT_DEPS for child in clause.children):
                continue
            found = _clause_span(clause, verb)
            if found is None:
                continue
            span, when = (found[0], found[1]), found[2]
            if any(s < span[1] and span[0] < e for s, e in mark_spans):
                continue
            attribution = attribute(
                verb,
                context,
                verb.lemma_.lower() in verbs.object_is_addressee,
                speakers,
                exclude=[span],
            )
            speaker = attribution.speaker
            if speaker is not None and speaker.entity_text.lower() in GENERIC_SUBJECTS:
                continue  # "one must admit that ...": an aside of the writer, not a statement
            quotes.append(
                Quote(
                    article_id=article_id,
                    text=_doc_text(context.doc)[span[0] : span[1]],
                    start=span[0],
                    end=span[1],
                    speaker=attribution.speaker,
                    addressee=attribution.addressee,
                    direct=False,
                    place_text=attribution.place_text,
                    date_text=attribution.date_text or when,
                )
            )
    return quotes


def _same_paragraph(first: QuoteGroup, second: QuoteGroup) -> bool:
    return first.segments[-1].paragraph_end == second.segments[0].paragraph_end


def extract_quotes(
    doc: Doc,
    mentions: Sequence[Mention],
    article_id: str,
    verbs: SpeechVerbs | None = None,
    *,
    groups: Sequence[QuoteGroup] | None = None,
) -> tuple[Quote, ...]:
    """Direct and indirect quotations in ``doc``, in text order.

    ``doc`` must be parsed from the article text (its character offsets are article
    offsets); ``mentions`` are the actor mentions of the same article. A quotation split
    around its attribution is one Quote whose text joins the parts with a space and whose
    span runs from the first word to the last, attribution included. ``groups`` are the
    article's quotations as the clean stage found them (``CleanText.quotations``); found
    in the text of ``doc`` when not given.
    """
    verbs = verbs if verbs is not None else load_speech_verbs()
    context = Context(doc, mentions)
    if groups is None:
        groups = find_quote_groups(_doc_text(doc))
    mark_spans = _mark_spans(groups)
    speakers: list[Participant] = []
    used_verbs: set[int] = set()
    quotes: list[Quote] = []
    previous: tuple[QuoteGroup, Quote] | None = None
    for group in groups:
        attribution, verb_index = _attribute_group(group, context, verbs, speakers, mark_spans)
        if verb_index is not None:
            used_verbs.add(verb_index)
        if attribution is None and (group.single or not _looks_like_speech(group, context)):
            continue
        words, start, end = quote_text(_doc_text(doc), group)
        speaker = attribution.speaker if attribution is not None else None
        if attribution is None and previous is not None and _same_paragraph(previous[0], group):
            # “One,” he said. “Two.”: a quotation that follows an attributed one in the
            # same paragraph is the same speaker's.
            speaker = previous[1].speaker
        quotes.append(
            Quote(
                article_id=article_id,
                text=words,
                start=start,
                end=end,
                speaker=speaker,
                addressee=attribution.addressee if attribution is not None else None,
                direct=True,
                place_text=attribution.place_text if attribution is not None else None,
                date_text=attribution.date_text if attribution is not None else None,
            )
        )
        previous = (group, quotes[-1])
        if speaker is not None and (
            speaker.actor is not None or speaker.entity_text.lower() not in _PRONOUN_WORDS
        ):
            speakers.append(speaker)
    quotes.extend(_indirect_quotes(context, article_id, verbs, used_verbs, mark_spans, speakers))
    logger.debug("%s: %d quotes", article_id, len(quotes))
    return tuple(sorted(quotes, key=lambda q: (q.start, q.end)))
