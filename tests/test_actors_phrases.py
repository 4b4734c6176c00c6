"""Actor phrases the knowledge base does not list: composition, unlisted people, places,
sectors by role, the base layer and its cache, and the actor-phrase scorer. Invented phrases."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from communique.actors import KnowledgeBase, load_knowledge_base
from communique.actors.cache import cached, fingerprint
from communique.actors.standalone import resolve_in_sentence, resolve_phrase
from communique.pipeline.actor_scoring import read_actor_gold, sentence_around, split_of

if TYPE_CHECKING:
    from spacy.language import Language

DAY = dt.date(2023, 9, 1)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


def coded(nlp: Language, kb: KnowledgeBase, phrase: str) -> tuple[str | None, str | None]:
    found = resolve_phrase(nlp, kb, phrase, DAY)
    assert found.actor is not None, f"{phrase!r} resolved to nothing"
    return found.actor.country, found.actor.sector


@pytest.mark.model
@pytest.mark.parametrize(
    ("phrase", "country", "sector"),
    [
        # possessive, "of" phrase, adjective with a modifier, noun compound
        ("Peru's Interior Ministry", "PER", "GOV"),
        ("the defense ministry of Peru", "PER", "GOV"),
        ("Peruvian naval officers", "PER", "MIL"),
        ("a French frigate", "FRA", "MIL"),
        ("Mali's displaced", "MLI", "REF"),
        ("the Ghanaian police", "GHA", "COP"),
        ("Zambian legislators", "ZMB", "LEG"),
        # a place's title: a US state or a city before the title
        ("Ohio Gov. Tom Example", "USA", "GOV"),
        # a party word between the place (or none) and the title: the office's sector
        ("Ohio Democrat Rep. Tom Example", "USA", "LEG"),
        ("Republican Sen. Tom Example", "USA", "LEG"),
        # an abbreviated rank whose full stop the tokenizer splits off, after a titled body
        ("Israeli army spokesman Lt. Col. Tom Example", "ISR", "MIL"),
    ],
)
def test_country_and_agent_compose(
    nlp: Language, kb: KnowledgeBase, phrase: str, country: str, sector: str
) -> None:
    assert coded(nlp, kb, phrase) == (country, sector)


@pytest.mark.model
@pytest.mark.parametrize(
    ("phrase", "sector"),
    [
        ("paramedics", "HLH"),
        ("a drug smuggling syndicate", "CRM"),  # a head noun's class, from its agent terms
        ("a parliamentary delegation", "LEG"),
        ("insurgents", "REB"),
        ("three men and two women", "CVL"),
    ],
)
def test_an_agent_alone_has_its_sector_and_no_country(
    nlp: Language, kb: KnowledgeBase, phrase: str, sector: str
) -> None:
    assert coded(nlp, kb, phrase) == (None, sector)


@pytest.mark.model
def test_an_agent_takes_the_country_its_sentence_is_set_in(
    nlp: Language, kb: KnowledgeBase
) -> None:
    sentence = "In Bolivia, paramedics treated the wounded near La Paz."
    start = sentence.index("paramedics")
    found = resolve_in_sentence(nlp, kb, sentence, start, start + len("paramedics"), DAY)
    assert found.actor is not None
    assert (found.actor.country, found.actor.sector) == ("BOL", "HLH")


@pytest.mark.model
def test_unlisted_titled_people_are_kept_with_their_title(nlp: Language, kb: KnowledgeBase) -> None:
    found = resolve_phrase(nlp, kb, "Marta Gonzalez, Chile's deputy foreign minister", DAY)
    assert found.actor is not None
    assert (found.actor.country, found.actor.sector, found.actor.kind) == ("CHL", "GOV", "person")
    assert found.actor.name == "Marta Gonzalez"
    # no country in the title: the base layer's namesake gives it (the Phoenix dictionaries
    # spell him "Kasymzhomart Tokayev"); NER reads the name as an organisation
    tokayev = resolve_phrase(nlp, kb, "President Kassym-Jomart Tokayev", DAY)
    assert tokayev.actor is not None
    assert (tokayev.actor.country, tokayev.actor.sector) == ("KAZ", "GOV")
    assert tokayev.actor.role == "President"


@pytest.mark.model
@pytest.mark.parametrize(
    ("phrase", "country", "sector"),
    [
        ("the Kremlin", "RUS", "GOV"),
        ("Downing Street", "GBR", "GOV"),
        ("Nairobi", "KEN", "GOV"),  # a capital stands for its government
        ("Kenya", "KEN", None),  # a country named as a whole: no sector, as CAMEO codes it
        ("Puerto Vallarta", "MEX", None),  # another town: its country, via the gazetteer data
    ],
)
def test_places_as_actors(
    nlp: Language, kb: KnowledgeBase, phrase: str, country: str, sector: str | None
) -> None:
    assert coded(nlp, kb, phrase) == (country, sector)


@pytest.mark.model
def test_sectors_follow_the_role_held_on_the_day(nlp: Language, kb: KnowledgeBase) -> None:
    # the base layer's roles for Orban end in 2014; the story's current title wins
    assert coded(nlp, kb, "Hungarian Prime Minister Viktor Orban") == ("HUN", "GOV")
    # "former" with no role held now: elite
    assert coded(nlp, kb, "former Secretary of State Mike Pompeo") == ("USA", "ELI")


def test_sector_by_role_keeps_a_current_office(tmp_path: Path) -> None:
    user = tmp_path / "mp.yaml"
    user.write_text(
        "people:\n"
        "  - id: cq:person:ann-example\n"
        "    name: Ann Example\n"
        "    roles:\n"
        "      - {country: GBR, sector: GOV, title: Prime Minister, start: 2010, end: 2014}\n"
        "      - {country: GBR, sector: LEG, title: Member of Parliament, start: 2014}\n"
        "  - id: cq:person:bob-example\n"
        "    name: Bob Example\n"
        "    roles:\n"
        "      - {country: GBR, sector: GOV, title: Prime Minister, start: 2005, end: 2010}\n",
        "utf-8",
    )
    from communique.actors.identity import by_role
    from communique.actors.phrases import Title

    layered = load_knowledge_base([user])
    term = layered.agents["prime minister"]
    former = Title(0, 3, 3, term, None, True, False, None, "Prime Minister")
    (ann,) = layered.lookup_name("Ann Example", DAY)
    assert by_role(layered, ann, former, "GOV", DAY).sector == "LEG"  # a former PM, now an MP
    (bob,) = layered.lookup_name("Bob Example", DAY)
    assert by_role(layered, bob, former, "GOV", DAY).sector == "ELI"  # retired
    current = Title(0, 3, 3, term, "GBR", False, False, None, "Prime Minister")
    # a title the story gives as current wins over roles the knowledge base has as ended
    assert by_role(layered, bob, current, "GOV", DAY).sector == "GOV"


def test_base_layer_lies_beneath_the_curated_base(kb: KnowledgeBase) -> None:
    curated = load_knowledge_base(base=False)
    assert len(kb.people) > 10 * len(curated.people)
    assert kb.base_ids and not kb.base_ids & set(curated.people)
    # the curated entry wins where both know a name
    (putin,) = kb.lookup_name("Vladimir Putin", DAY)
    assert putin.id == "Q7747"
    # people only the dictionaries know are found, with their dated roles
    (museveni,) = kb.lookup_name("Yoweri Museveni", DAY)
    assert (museveni.country, museveni.sector) == ("UGA", "GOV")
    assert not kb.is_known(museveni.id)  # not trusted to say who holds an office
    # a curated agent term keeps its office; imported nouns add sectors
    assert kb.agent("foreign minister") == ("GOV", "foreign_minister")
    assert kb.agent("destroyer") == ("MIL", None)
    # a lone surname is never linked to a dictionary-only person
    assert all(i not in kb.base_ids for ids in kb.family_names.values() for i in ids)


def test_base_layer_header_states_provenance_and_cutoffs() -> None:
    from importlib import resources

    from communique.compressed import read_text

    path = resources.files("communique").joinpath("data", "actors", "base", "petrarch.yaml.gz")
    head = read_text(path)[:4000]
    assert "Copyright (c) 2014 Open Event Data Alliance" in head
    assert "The MIT License" in head
    assert "Phoenix.Countries.actors.txt: 2014-01-30" in head
    assert "PETR.Validate" not in head


def test_cache_is_keyed_by_content_and_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kb: KnowledgeBase
) -> None:
    monkeypatch.setenv("COMMUNIQUE_CACHE_DIR", str(tmp_path))
    builds: list[int] = []

    def build() -> KnowledgeBase:
        builds.append(1)
        return kb

    key = fingerprint([("a.yaml", b"one")])
    assert key != fingerprint([("a.yaml", b"two")])
    first = cached(key, build)
    second = cached(key, build)
    assert builds == [1]
    assert second.people.keys() == first.people.keys()
    assert second.lookup_name("Xi Jinping", DAY)[0].code == "CHNGOV"
    monkeypatch.setenv("COMMUNIQUE_CACHE_DIR", "off")
    cached(key, build)
    assert builds == [1, 1]


def test_gold_reading_and_split(tmp_path: Path) -> None:
    gold = tmp_path / "phrases.jsonl"
    rows = [
        {"phrase": "the Ruritanian army", "story": "x:1", "published": "2020-01-02",
         "country": "RUR", "sector": "MIL", "kind": "agent", "note": ""},
        {"phrase": "rebels", "story": "x:2", "published": None, "country": None,
         "sector": "REB", "kind": "agent"},
    ]  # fmt: skip
    gold.write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")
    items = read_actor_gold(gold)
    assert [i.published for i in items] == [dt.date(2020, 1, 2), None]
    assert items[1].country is None
    assert {split_of("x:1", "a"), split_of("x:1", "b"), split_of("x:2", "c")} <= {"dev", "test"}
    assert items[0].split == split_of("x:1", "the Ruritanian army")
    text = "First line.\nThe army said so. Then rebels fired. More."
    sentence, start, end = sentence_around(text, "rebels") or ("", 0, 0)
    assert sentence == "Then rebels fired." and sentence[start:end] == "rebels"
