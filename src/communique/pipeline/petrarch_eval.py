"""Code PETRARCH-2's unit tests with PETRARCH-2's own dictionaries.

The unit tests (``PETR.UnitTest.records.xml``) are written for their own fictional world
and their own dictionaries beside them: ``PETR.Validate.verbs.txt`` (verb patterns with
mostly WEIS-era codes), ``PETR.Validate.actors.txt`` and ``PETR.Validate.agents.txt``.
So that the tests measure the coding mechanics (participants, passives, compounds,
negation) rather than our vocabulary, the Validate verbs are converted with the same
importer as the shipped imported tier (``communique.events.petrarch_convert``) and
replace the project's patterns (its modality words, word lists and fallback recipient
roles are kept), and the actor and agent phrases give the mentions. Codes the CAMEO
table lacks (the tests use ``903``, ``345`` ...) and codes PLOVER has no type for join
a test-only ontology, since they are scored by their CAMEO root only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from communique.events import code_events
from communique.events.goldsets import DictionaryActor, GoldSentence, read_petrarch_actors
from communique.events.ontology import CameoCode, Ontology, PloverType, default_ontology
from communique.events.patterns import PatternSet
from communique.events.petrarch_convert import convert_dictionary
from communique.events.petrarch_verbs import VerbDictionary, read_verb_dictionary
from communique.records import Actor, Event, Mention, Participant

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from communique.pipeline.coder import Pipeline

# The PLOVER type given, in the test-only ontology, to codes PLOVER does not type.
UNTYPED = "UNTYPED"
_TEST_CODE = re.compile(r"^\d{2,4}[A-Z]?$")


@dataclass(frozen=True, slots=True)
class UnitTestDictionaries:
    """What the unit tests are coded with: phrases for mentions, patterns and codes."""

    actors: tuple[DictionaryActor, ...]
    agents: tuple[DictionaryActor, ...]
    patterns: PatternSet
    ontology: Ontology


def read_petrarch_agents(path: Path) -> list[DictionaryActor]:
    """Agent phrases of a PETRARCH ``agents.txt`` (``!MACRO!`` sets expanded, plurals
    added) with their agent code (``~GOV``) as the code."""
    macros: dict[str, list[str]] = {}
    agents: list[DictionaryActor] = []
    text = re.sub(r"<!--.*?-->", " ", path.read_text("utf-8", errors="replace"), flags=re.S)
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        macro = re.fullmatch(r"(![A-Z]+!)\s*=\s*(.+)", line)
        if macro:
            macros[macro.group(1)] = [w.strip() for w in macro.group(2).split(",") if w.strip()]
            continue
        found = re.match(r"([^\[{]+?)\s*(\{[^}]*\})?\s*\[\s*([^\]]+?)\s*\]", line)
        if not found:
            continue
        phrase, plural, code = found.group(1), found.group(2), found.group(3)
        names = [phrase]
        for name, words in macros.items():
            if name in phrase:
                names = [n.replace(name, w) for n in names for w in words]
        if plural is None and not any(n in phrase for n in macros):
            names.append(phrase + ("ES" if phrase.endswith("S") else "S"))
        elif plural and plural.strip("{} "):
            names.append(plural.strip("{} "))
        for name in names:
            phrase_words = tuple(w for w in re.split(r"[\s_]+", name.upper()) if w)
            if phrase_words:
                agents.append(DictionaryActor(phrase_words, False, code.replace(" ", "")))
    return agents


def _find(
    words: Sequence[str], i: int, phrases: dict[str, list[DictionaryActor]]
) -> DictionaryActor | None:
    best: DictionaryActor | None = None
    for phrase in phrases.get(words[i][:4], ()):
        n = len(phrase.words)
        if i + n > len(words) or (best is not None and n <= len(best.words)):
            continue
        head_ok = all(words[i + k] == phrase.words[k] for k in range(n - 1))
        last, want = words[i + n - 1], phrase.words[-1]
        if head_ok and (last.startswith(want) if phrase.prefix else last == want):
            best = phrase
    return best


def _by_first(phrases: Sequence[DictionaryActor]) -> dict[str, list[DictionaryActor]]:
    index: dict[str, list[DictionaryActor]] = {}
    for phrase in phrases:
        index.setdefault(phrase.words[0][:4], []).append(phrase)
    return index


def dictionary_mentions(
    doc: Doc,
    actors: Sequence[DictionaryActor],
    article_id: str,
    agents: Sequence[DictionaryActor] = (),
) -> list[Mention]:
    """Mentions of dictionary phrases in ``doc``: longest match first, left to right.

    An agent ("police", "foreign minister") right after an actor ("Arnorian police")
    joins its mention. An agent on its own ("the ambassadors of Arnor") is no mention:
    PETRARCH codes no event for an agent without a country, and the coder then finds
    the actor inside the agent's noun phrase.
    """
    actor_index, agent_index = _by_first(actors), _by_first(agents)
    words = [t.text.upper() for t in doc]
    mentions: list[Mention] = []
    i = 0
    while i < len(doc):
        actor = _find(words, i, actor_index)
        if actor is None:
            i += 1
            continue
        n = len(actor.words)
        agent = _find(words, i + n, agent_index) if i + n < len(doc) else None
        code = actor.code + (agent.code.strip("~") if agent else "")
        n += len(agent.words) if agent else 0
        span = doc[i : i + n]
        mentions.append(
            Mention(
                article_id=article_id,
                text=span.text,
                start=span.start_char,
                end=span.end_char,
                sentence=0,
                actor=Actor(
                    id=f"petrarch:{code}",
                    name=span.text,
                    country=actor.code,
                    sector=None,
                    kind="state",
                    code=code,
                ),
            )
        )
        i += n
    return mentions


def unit_test_ontology(dictionary: VerbDictionary, base: Ontology | None = None) -> Ontology:
    """The shipped ontology plus every code of ``dictionary`` it lacks, all typed."""
    base = base or default_ontology()
    types = {**base.types, UNTYPED: PloverType(UNTYPED, "a code PLOVER does not type", ())}
    codes = {k: v if v.plover else replace(v, plover=UNTYPED) for k, v in base.codes.items()}
    raw = [b.code for b in dictionary.blocks]
    raw += [v.code or "" for b in dictionary.blocks for v in b.verbs]
    raw += [p.code for b in dictionary.blocks for p in b.patterns]
    for code in {r.split(":", 1)[0].strip() for r in raw}:
        if code in codes or not _TEST_CODE.match(code):
            continue
        parent = codes.get(code[:3]) or codes.get(code[:2])
        codes[code] = CameoCode(
            code,
            "PETRARCH unit-test code",
            parent.goldstein if parent else 0.0,
            parent.quad_class if parent else 1,
            parent.plover if parent else UNTYPED,
            None,
            (),
        )
    return Ontology(codes=codes, types=types, contexts=base.contexts)


def load_unit_test_dictionaries(directory: Path, base: PatternSet) -> UnitTestDictionaries:
    """The Validate dictionaries in ``directory``; a missing one contributes nothing."""
    verbs_path = directory / "PETR.Validate.verbs.txt"
    actors_path = directory / "PETR.Validate.actors.txt"
    agents_path = directory / "PETR.Validate.agents.txt"
    actors = tuple(read_petrarch_actors(actors_path)) if actors_path.is_file() else ()
    agents = tuple(read_petrarch_agents(agents_path)) if agents_path.is_file() else ()
    if not verbs_path.is_file():
        return UnitTestDictionaries(actors, agents, base, default_ontology())
    dictionary = read_verb_dictionary(verbs_path)
    ontology = unit_test_ontology(dictionary)
    # the tests' own dictionary is the truth there: every bare verb is kept
    conversion = convert_dictionary(dictionary, ontology, bare_verbs="all")
    patterns = PatternSet(
        tuple(replace(p, imported=False) for p in conversion.patterns),
        (),
        base.modality,
        collective_nouns=base.collective_nouns,
        anaphoric_objects=base.anaphoric_objects,
        instrument_verbs=base.instrument_verbs,
        party_nouns=base.party_nouns,
        fallback_recipients=base.fallback_recipients,
    )
    return UnitTestDictionaries(actors, agents, patterns, ontology)


def dyadic(events: Sequence[Event]) -> list[Event]:
    """One event per source-target pair, as PETRARCH writes them ("X and Y met Z": two)."""
    result: list[Event] = []
    for event in events:
        actors: list[Participant | None] = [p for p in event.actors if p.actor is not None]
        recipients: list[Participant | None] = [p for p in event.recipients if p.actor is not None]
        for actor in actors or list(event.actors) or [None]:
            for recipient in recipients or [None]:
                if actor is not None and recipient is not None and actor == recipient:
                    continue
                result.append(
                    replace(
                        event,
                        actors=(actor,) if actor else (),
                        recipients=(recipient,) if recipient else (),
                    )
                )
    return result


def read_discards(path: Path) -> tuple[str, ...]:
    """Discard phrases (PETRARCH ``discards.txt``), lower case: a sentence holding one is
    not coded (PETRARCH's ``+`` marks story-level discards; a test sentence is a story)."""
    phrases: list[str] = []
    for raw in path.read_text("utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].split(";", 1)[0].strip().lstrip("+").strip()
        if line:
            phrases.append(" ".join(line.replace("_", " ").lower().split()))
    return tuple(phrases)


def discarded(text: str, phrases: Sequence[str]) -> bool:
    """Whether ``text`` holds a discard phrase as whole words (a stem at the end)."""
    lowered = f" {' '.join(re.findall(r'[a-z0-9]+', text.lower()))} "
    return any(f" {p}" in lowered for p in phrases)


def code_with_dictionaries(
    sentences: Sequence[GoldSentence], pipeline: Pipeline, directory: Path
) -> Iterator[tuple[Event, ...]]:
    """Events of each unit-test sentence, coded with the Validate dictionaries."""
    found = load_unit_test_dictionaries(directory, pipeline.patterns)
    discards_path = directory / "PETR.Validate.discards.txt"
    discards = read_discards(discards_path) if discards_path.is_file() else ()
    for sentence, doc in zip(sentences, pipeline.nlp.pipe(s.text for s in sentences), strict=True):
        if discarded(sentence.text, discards):
            yield ()
            continue
        mentions = dictionary_mentions(doc, found.actors, sentence.id, found.agents)
        events = code_events(
            doc, mentions, sentence.id, patterns=found.patterns, ontology=found.ontology
        )
        # scored as emitted: an announced act stays AGREE or THREATEN, as communique codes it
        yield tuple(dyadic(events))
