"""Event patterns as data: loading, validation with file and line, user additions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from communique.errors import DataFileError
from communique.events import code_events, default_patterns, load_patterns
from communique.records import Actor, Mention

if TYPE_CHECKING:
    from spacy.language import Language

_GOOD = """\
patterns:
  - id: consult.parley
    lemmas: [parley]
    event: CONSULT
    cameo: "040"
    mode: meet
    context: [diplomatic]
    actors: [subject]
    recipients: [prep:with]
    min_participants: 2
"""


def _user_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "user_patterns.yaml"
    path.write_text(text, "utf-8")
    return path


def test_shipped_patterns_cover_meetings_first() -> None:
    patterns = default_patterns()
    ids = [p.id for p in patterns.patterns]
    assert ids[0].startswith("consult.")
    assert {p.event for p in patterns.patterns} >= {"CONSULT", "AGREE", "REJECT", "ASSAULT"}
    assert [p.id for p in patterns.for_lemma("hold", "verb")][:2] == [
        "consult.hold-negotiations",
        "consult.hold-talks",
    ]
    assert "will" in patterns.modality.future_auxiliaries


def test_a_user_file_adds_a_pattern(tmp_path: Path) -> None:
    patterns = load_patterns([_user_file(tmp_path, _GOOD)])
    added = next(p for p in patterns.patterns if p.id == "consult.parley")
    assert (added.event, added.cameo, added.recipient_roles) == ("CONSULT", "040", ("prep:with",))
    assert len(patterns.patterns) == len(default_patterns().patterns) + 1


@pytest.mark.parametrize(
    ("change", "message", "line"),
    [
        (("event: CONSULT", "event: CHAT"), "unknown PLOVER event type 'CHAT'", 2),
        (('cameo: "040"', 'cameo: "049"'), "'049' is not in the ontology", 2),
        (("mode: meet", "mode: phone-in"), "not a mode of CONSULT", 2),
        (("[diplomatic]", "[gossip]"), "unknown PLOVER context", 2),
        (("[prep:with]", "[friends]"), "unknown role 'friends'", 2),
        (("lemmas: [parley]", "lemmas: []"), "at least one word", 2),
        (("min_participants: 2", "min_participants: 0"), "min_participants", 2),
        (("    mode: meet\n", "    mode: meet\n    colour: red\n"), "unknown keys", 2),
    ],
)
def test_invalid_patterns_name_file_and_line(
    tmp_path: Path, change: tuple[str, str], message: str, line: int
) -> None:
    path = _user_file(tmp_path, _GOOD.replace(*change))
    with pytest.raises(DataFileError, match=message) as caught:
        load_patterns([path])
    assert (caught.value.path, caught.value.line) == (str(path), line)


def test_unquoted_on_in_prep_is_an_error(tmp_path: Path) -> None:
    # YAML 1.1 reads a bare "on" as true: the pattern would silently never match
    path = _user_file(
        tmp_path, _GOOD.replace("    mode: meet\n", "    mode: meet\n    prep: {on: []}\n")
    )
    with pytest.raises(DataFileError, match="quote the prepositions") as caught:
        load_patterns([path])
    assert caught.value.line == 2
    quoted = _GOOD.replace("    mode: meet\n", '    mode: meet\n    prep: {"on": []}\n')
    added = next(
        p
        for p in load_patterns([_user_file(tmp_path, quoted)]).patterns
        if p.id == "consult.parley"
    )
    assert added.preps == {"on": frozenset()}


def test_broken_yaml_names_the_line(tmp_path: Path) -> None:
    path = _user_file(tmp_path, "patterns:\n  - id: x\n   lemmas: [a\n")
    with pytest.raises(DataFileError, match="not valid YAML") as caught:
        load_patterns([path])
    assert caught.value.line is not None


def test_modality_section_is_required(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="modality"):
        load_patterns([_user_file(tmp_path, _GOOD)], include_default=False)


@pytest.mark.model
def test_a_new_pattern_codes_events_without_code(nlp: Language, tmp_path: Path) -> None:
    patterns = load_patterns([_user_file(tmp_path, _GOOD)])
    text = "Macron parleyed with Scholz."
    mentions = [
        Mention("t", name, text.index(name), text.index(name) + len(name), 0,
                Actor(f"cq:{name}", name, country, "GOV"))
        for name, country in (("Macron", "FRA"), ("Scholz", "DEU"))
    ]  # fmt: skip
    events = code_events(nlp(text), mentions, "t", patterns=patterns)
    assert [(e.pattern, e.trigger) for e in events] == [("consult.parley", "parleyed with")]
    assert code_events(nlp(text), mentions, "t") == ()


def test_new_pattern_keys_are_validated(tmp_path: Path) -> None:
    bad_flag = _GOOD.replace("min_participants: 2", "background: maybe")
    with pytest.raises(DataFileError, match="background"):
        load_patterns([_user_file(tmp_path, bad_flag)])
    bad_cue = _GOOD + "context_cues:\n  astrology: [horoscope]\n"
    with pytest.raises(DataFileError, match="astrology"):
        load_patterns([_user_file(tmp_path, bad_cue)])


def test_user_word_lists_extend_the_shipped_ones(tmp_path: Path) -> None:
    extra = _GOOD + "collective_nouns: [negotiators]\ncontext_cues:\n  economic: [soybean]\n"
    patterns = load_patterns([_user_file(tmp_path, extra)])
    assert {"negotiators", "ministers"} <= patterns.collective_nouns
    cues = dict(patterns.context_cues)
    assert "soybean" in cues["economic"] and "troop" in cues["military"]
