"""PETRARCH-2 unit tests coded with their own dictionaries (communique.pipeline.petrarch_eval)."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from communique.events.goldsets import DictionaryActor
from communique.events.petrarch_verbs import parse_verb_dictionary
from communique.pipeline.petrarch_eval import (
    UNTYPED,
    dictionary_mentions,
    discarded,
    dyadic,
    read_discards,
    read_petrarch_agents,
    unit_test_ontology,
)
from communique.records import Actor, Event, Participant


def test_petrarch_eval_agents_macros_and_plurals(tmp_path: Path) -> None:
    agents = tmp_path / "agents.txt"
    agents.write_text(
        "<!-- header -->\n!MINST! = MINISTER, MINISTRY\nPOLICE {} [~COP] # x\n"
        "!MINST!_OF_WALKS [~GOV]\nPRESIDENT [~GOV]\n",
        "utf-8",
    )
    found = {(a.words, a.code) for a in read_petrarch_agents(agents)}
    assert found == {
        (("POLICE",), "~COP"),
        (("MINISTER", "OF", "WALKS"), "~GOV"),
        (("MINISTRY", "OF", "WALKS"), "~GOV"),
        (("PRESIDENT",), "~GOV"),
        (("PRESIDENTS",), "~GOV"),
    }


def test_petrarch_eval_mentions_join_actor_and_agent() -> None:
    doc = spacy.blank("en")("The Arnorian police met the ambassadors of Gondor.")
    actors = [
        DictionaryActor(("ARNORIAN",), False, "ARN"),
        DictionaryActor(("GONDOR",), False, "GON"),
    ]
    agents = [
        DictionaryActor(("POLICE",), False, "~COP"),
        DictionaryActor(("AMBASSADORS",), False, "~GOV"),
    ]
    mentions = dictionary_mentions(doc, actors, "s1", agents)
    assert [(m.text, m.actor.code if m.actor else None) for m in mentions] == [
        ("Arnorian police", "ARNCOP"),
        ("Gondor", "GON"),
    ]


def test_petrarch_eval_ontology_types_every_test_code() -> None:
    dictionary = parse_verb_dictionary(
        "--- ABANDON [345] ---\nABANDON\n- * TIES [903]\n- * X [023]"
    )
    ontology = unit_test_ontology(dictionary)
    assert ontology.codes["345"].plover == UNTYPED
    assert ontology.codes["023"].plover == UNTYPED  # an appeal: PLOVER has no type
    assert ontology.codes["190"].plover == "ASSAULT"
    assert UNTYPED in ontology.types


def test_petrarch_eval_discards(tmp_path: Path) -> None:
    path = tmp_path / "discards.txt"
    path.write_text("# comment\nYEARS LATER\n+World Golf Championships   # pas\nBASEBALL\n")
    phrases = read_discards(path)
    assert discarded("Arnor restored the World Golf Championships.", phrases)
    assert discarded("They met years later.", phrases)
    assert not discarded("Arnor restored ties with Gondor.", phrases)


def _participant(code: str, start: int) -> Participant:
    actor = Actor(f"t:{code}", code, code, None, kind="state", code=code)
    return Participant(code, actor, start, start + 3)


def test_petrarch_eval_dyadic_splits_compound_actors() -> None:
    a, b, c = _participant("ARN", 0), _participant("GON", 10), _participant("OSG", 20)
    event = Event(
        id="e",
        article_id="s",
        event="CONSULT",
        mode=None,
        context=(),
        cameo="040",
        goldstein=1.0,
        quad_code=1,
        actors=(a, b),
        recipients=(c,),
        trigger="met",
        sentence="",
        start=0,
        end=0,
        trigger_start=0,
        trigger_end=0,
    )
    pairs = [(e.actors[0].entity_text, e.recipients[0].entity_text) for e in dyadic([event])]
    assert pairs == [("ARN", "OSG"), ("GON", "OSG")]


@pytest.mark.model
@pytest.mark.shared
def test_petrarch_unit_tests_root_f1(shared_dir: Path) -> None:
    from communique.pipeline.evaluation import evaluate

    gold = shared_dir / "eval" / "petrarch2_unit" / "PETR.UnitTest.records.xml"
    if not gold.is_file():
        pytest.skip("the PETRARCH-2 unit tests are not in ../shared")
    report = evaluate(gold)
    assert report.micro.f1 >= 0.55  # 0.62 when written; PETRARCH-2's own dictionaries
