"""The PETRARCH-2 verb importer: parsing, conversion, the shipped table and tier order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.tokens import Doc

from communique.errors import DataFileError
from communique.events import load_patterns
from communique.events.matching import find_matches
from communique.events.ontology import default_ontology
from communique.events.pattern_record import Pattern
from communique.events.patterns import PatternSet
from communique.events.petrarch_convert import convert_dictionary, import_petrarch_verbs
from communique.events.petrarch_verbs import expand_synsets, parse_verb_dictionary
from communique.events.verb_table import read_verb_table, write_verb_table

SNIPPET = """\
<!-- a comment
   over two lines -->
&CURRENCY_
+DOLLARS
+SWISS_FRANCS
&MONEYISH
+&CURRENCY
+CASH

--- SANCTION [163] ---
SANCTION    # a comment
PENALIZE {PENALIZES PENALIZED}
+CALL_OFF [160]
WIRE_+TAP [1711]
- * SANCTIONS AGAINST + [163]
- * (ON +) [172]
- + * BY $ [171]
- * &MONEYISH [0711]
- * {ECONOMIC PRESSURE} [1721]
- * TALKS [---]
- * APPEAL [020]
- * DEAL [046:045]
- NOT * [120]
- * (TO FUTURE) (WITH OPTIMISM) [120]
- * $ [160]
- * OFF_ DEAL [120]
"""


def _dictionary():  # type: ignore[no-untyped-def]
    return parse_verb_dictionary(SNIPPET, "snippet.txt")


def _by_line(patterns: list[Pattern]) -> dict[int, Pattern]:
    found: dict[int, Pattern] = {}
    for pattern in patterns:
        for line in pattern.source.rsplit(":", 1)[1].split(","):
            found.setdefault(int(line), pattern)
    return found


def test_petrarch_verbs_parses_synsets_blocks_verbs_and_patterns() -> None:
    parsed = _dictionary()
    assert parsed.synsets["CURRENCY"] == (("dollars",), ("swiss", "francs"))
    assert parsed.synsets["MONEYISH"] == (("&CURRENCY",), ("cash",))
    (block,) = parsed.blocks
    assert (block.name, block.code) == ("SANCTION", "163")
    forms = {(v.verb, v.before, v.after, v.code) for v in block.verbs}
    assert forms == {
        ("sanction", (), (), None),
        ("penalize", (), (), None),
        ("call", (), ("off",), "160"),
        ("tap", ("wire",), (), "1711"),
    }
    first = block.patterns[0]
    assert (first.before, first.after, first.code) == ((), ("SANCTIONS", "AGAINST", "+"), "163")
    assert block.patterns[2].before == ("+",)
    assert block.patterns[4].after == ("{", "ECONOMIC", "PRESSURE", "}")


def test_petrarch_verbs_expands_nested_synsets_into_noun_phrases() -> None:
    parsed = _dictionary()
    readings = expand_synsets(("*", "&MONEYISH"), parsed.synsets, 100)
    assert readings == [
        ("*", "DOLLARS"),
        ("*", "{", "SWISS", "FRANCS", "}"),
        ("*", "CASH"),
    ]
    assert expand_synsets(("*", "&MONEYISH"), parsed.synsets, 2) is None
    with pytest.raises(KeyError):
        expand_synsets(("*", "&NOSUCHSET"), parsed.synsets, 100)


@pytest.mark.parametrize(
    ("text", "where"),
    [("--- X [1] ---\nX\n--- [163] ---\n", "snippet.txt:3"), ("SANCTION\n", "snippet.txt:1")],
)
def test_petrarch_verbs_errors_name_the_line(text: str, where: str) -> None:
    with pytest.raises(DataFileError, match=where):
        parse_verb_dictionary(text, "snippet.txt")


def test_petrarch_convert_expresses_slots_phrases_particles_and_codes() -> None:
    conversion = convert_dictionary(_dictionary(), default_ontology(), bare_verbs="all")
    by_line = _by_line(conversion.patterns)
    against = by_line[15]  # - * SANCTIONS AGAINST + [163]
    assert against.lemmas == frozenset({"sanction", "penalize"})
    assert against.objects == frozenset({"sanctions", "sanction"})
    assert against.preps == {"against": frozenset()}
    assert against.recipient_roles == ("prep:against",)
    assert against.actor_roles == ("subject", "agent")
    assert against.imported
    on = by_line[16]  # - * (ON +) [172]
    assert (on.preps, on.recipient_roles, on.cameo) == ({"on": frozenset()}, ("prep:on",), "172")
    passive = by_line[17]  # - + * BY $ [171]: target is the subject, source the agent
    assert (passive.actor_roles, passive.recipient_roles) == (("agent",), ("subject",))
    money = by_line[18]  # one-word members merged into one pattern; 0711 -> parent 071
    assert money.objects == {"dollars", "dollar", "cash"}
    assert money.cameo == "071"
    francs = next(p for p in conversion.patterns if "francs" in p.objects)
    assert (francs.modifiers, francs.source) == ({"swiss"}, "snippet.txt:18")
    pressure = by_line[19]  # {ECONOMIC PRESSURE}: head and modifier
    assert (pressure.objects, pressure.modifiers) == ({"pressure"}, {"economic"})
    assert by_line[22].cameo == "046"  # [046:045]: the source-to-target code
    deal = by_line[26]  # - * OFF_ DEAL: particle and object
    assert (deal.particles, deal.objects) == ({"off"}, {"deal"})
    call_off = next(p for p in conversion.patterns if p.lemmas == {"call"})
    assert (call_off.particles, call_off.cameo) == (frozenset({"off"}), "160")
    skipped = conversion.skipped
    assert skipped["discard [---] or no source-to-target code"] == 1
    assert skipped["no PLOVER type (CAMEO 01 statements, 02 appeals)"] == 1
    assert skipped["words before the verb"] == 2  # NOT * and WIRE_+TAP
    assert skipped["several prepositional phrases"] == 1
    assert skipped["source slot or target slot after the object"] == 1
    assert conversion.read == 4 + 12
    assert conversion.converted + sum(skipped.values()) == conversion.read


@pytest.mark.parametrize(
    ("policy", "bare"),
    [("all", {"sanction", "penalize"}), ("specific", {"sanction", "penalize"}), ("none", set())],
)
def test_petrarch_convert_bare_verb_policy(policy: str, bare: set[str]) -> None:
    conversion = convert_dictionary(_dictionary(), default_ontology(), bare_verbs=policy)
    kept = {
        lemma
        for p in conversion.patterns
        if not (p.objects or p.preps or p.particles or p.modifiers)
        for lemma in p.lemmas
    }
    assert kept == bare


def test_petrarch_convert_general_bare_verbs_are_dropped() -> None:
    text = "--- ATTACK [190] ---\nATTACK\nSHELL [194]\nTAKE [171]\n"
    conversion = convert_dictionary(parse_verb_dictionary(text), default_ontology())
    assert [sorted(p.lemmas) for p in conversion.patterns] == [["shell"]]
    assert conversion.skipped["bare verb with a general code"] == 1
    assert conversion.skipped["bare verb with an everyday sense"] == 1


def test_verb_table_round_trip_and_errors(tmp_path: Path) -> None:
    conversion = convert_dictionary(_dictionary(), default_ontology(), bare_verbs="all")
    table = tmp_path / "verbs.tsv"
    write_verb_table(conversion.patterns, ["provenance line"], table)
    assert table.read_text("utf-8").startswith("# provenance line\nid\tlemmas")
    back = read_verb_table(table, default_ontology())
    assert [p.id for p in back] == [p.id for p in conversion.patterns]
    original = {p.id: p for p in conversion.patterns}
    for pattern in back:
        twin = original[pattern.id]
        assert (pattern.lemmas, pattern.objects, pattern.preps, pattern.particles) == (
            twin.lemmas,
            twin.objects,
            twin.preps,
            twin.particles,
        )
        assert (pattern.recipient_roles, pattern.cameo, pattern.imported) == (
            twin.recipient_roles,
            twin.cameo,
            True,
        )
    lines = table.read_text("utf-8").splitlines()
    lines[2] = lines[2].replace("\t163\t", "\t999\t")
    table.write_text("\n".join(lines) + "\n", "utf-8")
    with pytest.raises(DataFileError, match=r"verbs.tsv:3: .*999"):
        read_verb_table(table, default_ontology())


def test_shipped_table_loads_below_hand_written_patterns() -> None:
    # its load time is measured by `make bench` (bench/bench_actors.py), not here
    patterns = load_patterns()
    imported = [p for p in patterns.patterns if p.imported]
    assert len(imported) > 1000
    assert all(p.source.startswith("petrarch_verbs.tsv.gz:") for p in imported)
    without = load_patterns(include_imported=False)
    assert not any(p.imported for p in without.patterns)
    for lemma in ("meet", "deport"):  # hand-written first wherever both know the word
        found = patterns.for_lemma(lemma, "verb")
        flags = [p.imported for p in found]
        assert flags == sorted(flags)
        assert not flags[0]


def _verb_pattern(
    pattern_id: str, lemma: str, event: str, cameo: str, **requirements: Any
) -> Pattern:
    """A verb pattern from subject to object with the given requirements."""
    return Pattern(
        id=pattern_id,
        lemmas=frozenset({lemma}),
        pos="verb",
        event=event,
        cameo=cameo,
        mode=None,
        contexts=(),
        actor_roles=("subject",),
        recipient_roles=requirements.pop("recipient_roles", ("object",)),
        **requirements,
    )


def _hand_written(lemma: str) -> Pattern:
    return _verb_pattern("hand.besiege", lemma, "ASSAULT", "191")


def test_tier_order_hand_written_wins_on_the_same_word() -> None:
    base = load_patterns(include_imported=False)
    imported = _verb_pattern(
        "petrarch.besiege.x",
        "besiege",
        "COERCE",
        "174",
        objects=frozenset({"city"}),  # more specific, yet imported: tried second
        imported=True,
    )
    patterns = PatternSet((imported, _hand_written("besiege")), (), base.modality)
    vocab = spacy.blank("en").vocab
    doc = Doc(
        vocab,
        words=["Rome", "besieged", "the", "city"],
        pos=["PROPN", "VERB", "DET", "NOUN"],
        deps=["nsubj", "ROOT", "det", "dobj"],
        heads=[1, 1, 3, 1],
        lemmas=["Rome", "besiege", "the", "city"],
    )
    (match,) = find_matches(doc, patterns)
    assert match.pattern.id == "hand.besiege"
    only_imported = PatternSet((imported,), (), base.modality)
    (match,) = find_matches(doc, only_imported)
    assert match.pattern.id == "petrarch.besiege.x"


def test_particle_requirement_in_find_matches() -> None:
    base = load_patterns(include_imported=False)
    call_off = _verb_pattern(
        "petrarch.call.off", "call", "REDUCE", "160", particles=frozenset({"off"}), imported=True
    )
    patterns = PatternSet((call_off,), (), base.modality)
    vocab = spacy.blank("en").vocab
    words = ["Rome", "called", "off", "talks"]
    doc = Doc(
        vocab,
        words=words,
        pos=["PROPN", "VERB", "ADP", "NOUN"],
        deps=["nsubj", "ROOT", "prt", "dobj"],
        heads=[1, 1, 1, 1],
        lemmas=["Rome", "call", "off", "talk"],
    )
    (match,) = find_matches(doc, patterns)
    assert [t.text for t in match.anchors] == ["off"]
    plain = Doc(
        vocab,
        words=["Rome", "called", "Paris"],
        pos=["PROPN", "VERB", "PROPN"],
        deps=["nsubj", "ROOT", "dobj"],
        heads=[1, 1, 1],
        lemmas=["Rome", "call", "Paris"],
    )
    assert find_matches(plain, patterns) == []


def test_import_script_library_writes_provenance(shared_dir: Path, tmp_path: Path) -> None:
    source = shared_dir / "reference" / "petrarch2" / "dictionaries" / "CAMEO.2.0.txt"
    if not source.is_file():
        pytest.skip("PETRARCH-2 dictionaries are not in ../shared")
    out = tmp_path / "petrarch_verbs.tsv"
    conversion = import_petrarch_verbs(source, out)
    header = [line for line in out.read_text("utf-8").splitlines() if line.startswith("#")]
    text = "\n".join(header)
    assert "CAMEO.2.0.txt" in text
    assert "MIT, Copyright (c) 2014 Open Event Data" in text
    assert f"patterns written: {len(conversion.patterns)}" in text
    assert "no PLOVER type" in text
    assert len(read_verb_table(out, default_ontology())) == len(conversion.patterns)


@pytest.mark.model
def test_imported_pattern_codes_an_invented_sentence_with_its_recipient() -> None:
    from communique.pipeline import code_text

    # PETRARCH-2: "PLACE ... UNDER SURVEILLANCE" is CAMEO 173 (arrest, detain); no
    # hand-written pattern says so
    text = "Russia placed Ukraine under surveillance on Monday."
    hand_written = load_patterns(include_imported=False).for_lemma("place", "verb")
    assert all(p.cameo != "173" for p in hand_written)
    coded = code_text(text)
    (event,) = coded.events
    assert event.pattern.startswith("petrarch.")
    assert event.cameo == "173"
    assert [p.entity_text for p in event.actors] == ["Russia"]
    assert [p.entity_text for p in event.recipients] == ["Ukraine"]


def test_a_compressed_table_reads_as_the_plain_one(tmp_path: Path) -> None:
    from communique.compressed import read_text, write_text

    text = "# header\nword\tvalue\n"
    for name in ("table.tsv", "table.tsv.gz"):
        write_text(tmp_path / name, text)
        assert read_text(tmp_path / name) == text
    # the same text always gives the same bytes: no timestamp in the gzip header
    write_text(tmp_path / "again.tsv.gz", text)
    assert (tmp_path / "again.tsv.gz").read_bytes() == (tmp_path / "table.tsv.gz").read_bytes()


def _fire_doc(object_words: list[str], object_lemmas: list[str]) -> Doc:
    """ "Rome fired <compound> <head>": the compound hangs on the object's head."""
    return Doc(
        spacy.blank("en").vocab,
        words=["Rome", "fired", *object_words],
        pos=["PROPN", "VERB", "NOUN", "NOUN"],
        deps=["nsubj", "ROOT", "compound", "dobj"],
        heads=[1, 1, 3, 1],
        lemmas=["Rome", "fire", *object_lemmas],
    )


def test_an_object_word_matches_a_noun_compounded_onto_the_object() -> None:
    base = load_patterns(include_imported=False)
    artillery = _verb_pattern(
        "petrarch.fire.artillery",
        "fire",
        "ASSAULT",
        "194",
        recipient_roles=("prep:at",),
        objects=frozenset({"artillery", "aid"}),
        imported=True,
    )
    patterns = PatternSet((artillery,), (), base.modality, party_nouns=frozenset({"worker"}))
    (match,) = find_matches(_fire_doc(["artillery", "shells"], ["artillery", "shell"]), patterns)
    # the phrase's head anchors it, where "at X" hangs
    assert [t.text for t in match.anchors] == ["shells"]
    # a compound onto a noun naming a party says what kind of party it is
    assert find_matches(_fire_doc(["aid", "workers"], ["aid", "worker"]), patterns) == []
