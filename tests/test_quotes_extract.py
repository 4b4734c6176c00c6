"""Direct and indirect quotations with speakers, addressees and places, on our own sentences."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from communique.quotes import extract_quotes
from communique.records import Actor, Mention, Quote

if TYPE_CHECKING:
    from spacy.language import Language

pytestmark = pytest.mark.model

PEOPLE = {
    "Maria Santos": Actor("cq:person:maria-santos", "Maria Santos", "BRA", "GOV"),
    "Santos": Actor("cq:person:maria-santos", "Maria Santos", "BRA", "GOV"),
    "Erik Lund": Actor("cq:person:erik-lund", "Erik Lund", "NOR", "GOV"),
    "Lund": Actor("cq:person:erik-lund", "Erik Lund", "NOR", "GOV"),
}


def _mentions(text: str) -> list[Mention]:
    """A Mention for each occurrence of the names above, longest name first."""
    mentions: list[Mention] = []
    taken: list[tuple[int, int]] = []
    for name in sorted(PEOPLE, key=len, reverse=True):
        start = text.find(name)
        while start != -1:
            end = start + len(name)
            if not any(s < end and start < e for s, e in taken):
                taken.append((start, end))
                mentions.append(Mention("art", name, start, end, 0, PEOPLE[name]))
            start = text.find(name, end)
    return sorted(mentions, key=lambda m: m.start)


def _quotes(nlp: Language, text: str) -> tuple[Quote, ...]:
    return extract_quotes(nlp(text), _mentions(text), "art")


def _speaker_id(quote: Quote) -> str | None:
    if quote.speaker is None or quote.speaker.actor is None:
        return None
    return quote.speaker.actor.id


def test_attribution_after_the_quote(nlp: Language) -> None:
    (quote,) = _quotes(nlp, '"Our farmers need the new port," Santos said on Tuesday.')
    assert quote.direct
    assert quote.text == "Our farmers need the new port"
    assert _speaker_id(quote) == "cq:person:maria-santos"
    assert quote.speaker is not None and quote.speaker.entity_text == "Santos"


def test_inverted_attribution(nlp: Language) -> None:
    (quote,) = _quotes(nlp, "“The border will reopen next week,” said Erik Lund.")
    assert _speaker_id(quote) == "cq:person:erik-lund"


def test_attribution_before_the_quote(nlp: Language) -> None:
    (quote,) = _quotes(nlp, "Maria Santos said: “We will not sign this agreement.”")
    assert quote.text == "We will not sign this agreement."
    assert _speaker_id(quote) == "cq:person:maria-santos"


def test_split_quote_becomes_one_quote(nlp: Language) -> None:
    text = "“Trade is the answer,” Lund said, “not more soldiers on the border.”"
    (quote,) = _quotes(nlp, text)
    assert quote.text == "Trade is the answer not more soldiers on the border."
    assert _speaker_id(quote) == "cq:person:erik-lund"
    assert quote.start < text.index("Lund") < quote.end


def test_pronoun_speaker_takes_the_last_named_person(nlp: Language) -> None:
    text = (
        "Maria Santos met Erik Lund in Oslo. Lund then spoke to the press. "
        "“We have settled the fishing dispute,” he said."
    )
    quote = next(q for q in _quotes(nlp, text) if q.direct)
    assert _speaker_id(quote) == "cq:person:erik-lund"
    assert quote.speaker is not None and quote.speaker.entity_text == "he"


def test_pronoun_speaker_without_any_person_keeps_the_pronoun(nlp: Language) -> None:
    (quote,) = _quotes(nlp, "“Nothing has been decided about the budget,” she said.")
    assert quote.speaker is not None
    assert quote.speaker.entity_text == "she"
    assert quote.speaker.actor is None


def test_addressee_of_told(nlp: Language) -> None:
    (quote,) = _quotes(nlp, '"The loan will be repaid in full," Santos told Lund.')
    assert _speaker_id(quote) == "cq:person:maria-santos"
    assert quote.addressee is not None and quote.addressee.actor is not None
    assert quote.addressee.actor.id == "cq:person:erik-lund"


def test_place_of_speaking(nlp: Language) -> None:
    (quote,) = _quotes(nlp, '"The pipeline is safe," Lund said in Bergen on Monday.')
    assert quote.place_text == "Bergen"


def test_according_to(nlp: Language) -> None:
    (quote,) = _quotes(nlp, '"The ceasefire is holding in the north," according to Erik Lund.')
    assert _speaker_id(quote) == "cq:person:erik-lund"


def test_speaker_without_a_mention_keeps_its_words(nlp: Language) -> None:
    (quote,) = _quotes(nlp, '"The harvest failed again this year," the farmers said.')
    assert quote.speaker is not None
    assert quote.speaker.actor is None
    assert quote.speaker.entity_text == "the farmers"


def test_quote_with_no_speaker(nlp: Language) -> None:
    quotes = _quotes(nlp, 'The statement ended there. "Nobody will be left behind in this plan."')
    assert len(quotes) == 1
    assert quotes[0].speaker is None


def test_scare_quotes_are_not_quotations(nlp: Language) -> None:
    assert _quotes(nlp, "The so-called “peace dividend” never arrived.") == ()


def test_indirect_speech(nlp: Language) -> None:
    text = "Santos stressed that Brazil remains committed to the climate fund."
    (quote,) = _quotes(nlp, text)
    assert not quote.direct
    assert quote.text == "Brazil remains committed to the climate fund"
    assert text[quote.start : quote.end] == quote.text
    assert _speaker_id(quote) == "cq:person:maria-santos"


def test_indirect_speech_with_addressee(nlp: Language) -> None:
    (quote,) = _quotes(nlp, "Lund told Santos that Norway would double its aid.")
    assert not quote.direct
    assert _speaker_id(quote) == "cq:person:erik-lund"
    assert quote.addressee is not None and quote.addressee.entity_text == "Santos"


def test_speech_verb_without_a_clause_is_not_a_quote(nlp: Language) -> None:
    assert _quotes(nlp, "Santos denied the allegations on Friday.") == ()


def test_attribution_verb_is_not_also_indirect_speech(nlp: Language) -> None:
    quotes = _quotes(nlp, '"The situation is calm now," Lund said.')
    assert [q.direct for q in quotes] == [True]


def test_quotes_are_in_text_order_with_article_id(nlp: Language) -> None:
    text = 'Lund said that the talks were useful. "We expect a deal before winter," Santos said.'
    quotes = _quotes(nlp, text)
    assert [q.direct for q in quotes] == [False, True]
    assert all(q.article_id == "art" for q in quotes)


def test_next_quote_in_the_same_paragraph_keeps_the_speaker(nlp: Language) -> None:
    text = "“The dam is finished,” Santos said. “Next year we start on the canal.”"
    first, second = _quotes(nlp, text)
    assert _speaker_id(first) == _speaker_id(second) == "cq:person:maria-santos"


def test_quote_in_a_new_paragraph_does_not_inherit_the_speaker(nlp: Language) -> None:
    text = "“The dam is finished,” Santos said.\n\n“Nobody here has been paid for months.”"
    first, second = _quotes(nlp, text)
    assert _speaker_id(first) == "cq:person:maria-santos"
    assert second.speaker is None


def test_possessor_is_not_the_speaker(nlp: Language) -> None:
    (quote,) = _quotes(nlp, "Santos's spokesman said that the minister would resign.")
    assert quote.speaker is not None
    assert quote.speaker.actor is None
    assert quote.speaker.entity_text == "Santos's spokesman"


def test_name_in_apposition_is_the_speaker(nlp: Language) -> None:
    (quote,) = _quotes(nlp, "The envoy, Erik Lund, said that the convoy had crossed safely.")
    assert _speaker_id(quote) == "cq:person:erik-lund"


def test_generic_subjects_are_not_speakers(nlp: Language) -> None:
    assert _quotes(nlp, "One must admit that the harbour looks better than before.") == ()


def test_a_date_is_not_an_addressee(nlp: Language) -> None:
    (quote,) = _quotes(nlp, '"We will not retreat," Lund told reporters Thursday.')
    assert quote.addressee is not None
    assert quote.addressee.entity_text == "reporters"


def test_a_quote_ending_its_sentence_takes_no_attribution_from_the_next(nlp: Language) -> None:
    text = 'Lund said: "We are leaving tonight." Santos said that she would stay.'
    direct, indirect = _quotes(nlp, text)
    assert direct.direct and _speaker_id(direct) == "cq:person:erik-lund"
    assert not indirect.direct and _speaker_id(indirect) == "cq:person:maria-santos"


def test_question_with_asked(nlp: Language) -> None:
    (quote,) = _quotes(nlp, "“Who will pay for the repairs?” Santos asked Lund.")
    assert _speaker_id(quote) == "cq:person:maria-santos"
    assert quote.addressee is not None and quote.addressee.entity_text == "Lund"


def test_date_of_speaking(nlp: Language) -> None:
    (quote,) = _quotes(nlp, '"The pipeline is safe," Lund said in Bergen on Monday.')
    assert (quote.place_text, quote.date_text) == ("Bergen", "on Monday")


def test_date_of_indirect_speech_is_not_part_of_the_clause(nlp: Language) -> None:
    (quote,) = _quotes(nlp, "Santos said on Tuesday the loan would be repaid in full.")
    assert quote.date_text == "on Tuesday"
    assert quote.text == "the loan would be repaid in full"


def test_quote_without_a_stated_date_has_none(nlp: Language) -> None:
    (quote,) = _quotes(nlp, '"The loan will be repaid in full," Santos told Lund.')
    assert quote.date_text is None
