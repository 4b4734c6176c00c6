"""First-person words of a quotation resolved to its speaker, for quotations whose speaker is
named only in a later sentence. Sentences written for these tests, coded end to end."""

from __future__ import annotations

import pytest

from communique.pipeline import code_text
from factories import dyad

pytestmark = pytest.mark.model

DAY = "2024-03-05"


def test_we_in_an_earlier_sentence_of_a_quotation_is_its_speaker() -> None:
    text = (
        '"We condemn the attack on the embassy. Tehran must free the hostages at once," the '
        "German foreign minister Annalena Baerbock said on Monday."
    )
    coded = code_text(text, published=DAY)
    (condemnation,) = [e for e in coded.events if e.event == "ACCUSE"]
    assert dyad(condemnation)[1] == ["DEUGOV"]
    (we,) = [m for m in coded.mentions if m.text == "We"]
    assert we.actor is not None and we.actor.code == "DEUGOV"
    assert we.sentence == 0


def test_a_pronoun_beside_its_speaker_is_left_to_the_parse() -> None:
    text = '"We are ready to meet the Chinese foreign minister," Annalena Baerbock said.'
    coded = code_text(text, published=DAY)
    assert [m.text for m in coded.mentions if m.text == "We"] == []
    (meeting,) = [e for e in coded.events if e.event in {"CONSULT", "AGREE"}]
    assert [p.entity_text for p in meeting.actors] == ["Annalena Baerbock"]


def test_an_unattributed_quotation_gives_its_pronouns_no_actor() -> None:
    coded = code_text('"We condemn the attack on the embassy."', published=DAY)
    assert [m for m in coded.mentions if m.text == "We"] == []
    assert coded.events == ()


def test_asking_a_question_is_no_appeal() -> None:
    text = (
        '"It is a question that I ask every day," the German foreign minister Annalena '
        "Baerbock said."
    )
    assert [e for e in code_text(text, published=DAY).events if e.event == "REQUEST"] == []
    asked = code_text("Germany asked Iran to free the hostages.", published=DAY).events
    assert [e.event for e in asked if e.event == "REQUEST"] == ["REQUEST"]


def test_the_noun_a_relative_clause_modifies_is_its_verbs_object() -> None:
    text = "The sanctions that the European Union imposed on Russia in March hurt its economy."
    (imposed,) = code_text(text, published=DAY).events
    assert dyad(imposed) == ("COERCE", ["IGOEUREEC"], ["RUS"])
    assert imposed.place is None  # "in March" is a time, not the town in Cambridgeshire
