"""First-person words of a quotation, resolved to its speaker.

'"We condemn the attack on the embassy. Iran must free the hostages," the minister said': the
"we" of the first sentence is the minister, though nothing in its own sentence says so. The
events stage reads one sentence at a time, so without this it drops the condemnation for want
of an actor. The speaker is known once the quotation is attributed; this adds a mention for each
first-person pronoun the quotation holds, resolved to the speaker's actor.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Doc

from communique.records import Mention, Quote

# Subject and object forms only: a possessive ("our troops") names a body of the speaker's
# country, not the speaker, and is left to the actors stage.
_FIRST_PERSON = frozenset({"i", "we", "me", "us"})


def speaker_mentions(
    doc: Doc, mentions: Sequence[Mention], quotes: Sequence[Quote]
) -> tuple[Mention, ...]:
    """``mentions`` plus a mention for each first-person pronoun inside a direct quotation whose
    speaker is resolved, in text order.

    A pronoun in the sentence that names the speaker is left alone: the parse already links it
    to its reporting verb ('"We are ready," the minister said'), and the speaker's own words
    are the better evidence there.
    """
    taken = {m.start for m in mentions}
    sentence_index = {sent.start: i for i, sent in enumerate(doc.sents)}
    added: list[Mention] = []
    for quote in quotes:
        speaker = quote.speaker
        if not quote.direct or speaker is None or speaker.actor is None:
            continue
        span = doc.char_span(quote.start, quote.end, alignment_mode="expand")
        if span is None:
            continue
        for token in span:
            if token.lower_ not in _FIRST_PERSON or token.pos_ != "PRON" or token.idx in taken:
                continue
            sentence = token.sent
            if sentence.start_char <= speaker.start < sentence.end_char:
                continue
            taken.add(token.idx)
            added.append(
                Mention(
                    quote.article_id,
                    token.text,
                    token.idx,
                    token.idx + len(token),
                    sentence_index[sentence.start],
                    speaker.actor,
                    basis="pronoun",
                )
            )
    if not added:
        return tuple(mentions)
    return tuple(sorted((*mentions, *added), key=lambda m: (m.start, m.end)))
