"""Turn a parsed PETRARCH-2 verb dictionary into event patterns (the imported tier).

What our pattern schema can say is converted: the verb's lemma; the object noun (with
adjective/compound modifiers); one prepositional phrase with its object words; a verb
particle ("call off"); the target slot ``+`` as the recipient role (the object, the
dative or ``prep:<word>``) and the source slot ``$`` as the actor role (else the
subject, or the "by" agent of a passive). Everything else is skipped and counted by
reason: words before the verb, several noun or prepositional phrases, ``%``/``^``
markers, discards (``[---]``), codes the ontology does not know and codes PLOVER has no
type for (CAMEO 01 statements and 02 appeals).

Bare verbs (a verb line with no pattern words) code an event whenever the verb appears
with a resolved actor, so they are the riskiest part; ``bare_verbs`` chooses which to
keep (see ``BARE_VERB_POLICIES``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from communique.events.ontology import Ontology, default_ontology
from communique.events.pattern_record import Pattern
from communique.events.petrarch_verbs import (
    PatternLine,
    VerbBlock,
    VerbDictionary,
    VerbForm,
    read_verb_dictionary,
)
from communique.events.petrarch_verbs import expand_synsets as _expand
from communique.events.verb_table import write_verb_table

PARTICLES = frozenset({"down", "up", "off", "out", "back", "away", "aside", "forward", "apart"})
PREPOSITIONS = frozenset(
    {
        "about", "above", "across", "after", "against", "along", "amid", "among", "around", "as",
        "at", "before", "behind", "between", "beyond", "by", "despite", "during", "for", "from",
        "in", "inside", "into", "near", "of", "on", "onto", "outside", "over", "since", "through",
        "to", "toward", "towards", "under", "until", "upon", "via", "with", "within", "without",
    }
)  # fmt: skip
# Which bare verbs to keep: every one; those whose code is more specific than a CAMEO
# category head ("173 arrest", not "170 coerce"); or none.
BARE_VERB_POLICIES = ("all", "specific", "none")
# Verbs whose everyday sense is not the block's event: kept with pattern words ("take
# hostages"), never alone ("take place", "called them an army", "armed with machetes").
# Chosen by reading the bare verbs the "specific" policy keeps and the false events they
# gave on the development sets.
POLYSEMOUS_VERBS = frozenset(
    {
        "appropriate", "arm", "attire", "beat", "bless", "buy", "call", "catch", "charge", "cheer",
        "clap", "compensate", "convene", "demonstrate", "dock", "esteem", "extract", "furnish",
        "gear", "import", "infest", "inhabit", "lecture", "outfit", "overturn", "pay", "pluck",
        "prefer", "prize", "pull", "remove", "render", "reside", "respect", "revolutionise",
        "revolutionize", "savage", "stock", "take", "tend", "tender", "toast", "value", "ward",
    }
)  # fmt: skip
SYNSET_LIMIT = 2000  # token lists one pattern line may expand to
_DEFAULT_ACTORS = ("subject", "agent")
_TARGETS_OF_OBJECT_PATTERNS = ("dative", "prep:to", "prep:against", "prep:with", "prep:on")
_TARGETS = ("object", "passive_subject")


class Skip(Exception):  # a reason, not a failure: counted, never raised out of here
    """A pattern line the schema cannot express; the message is the reason counted."""


@dataclass
class Conversion:
    """The patterns made from a dictionary and what was read and skipped, by reason."""

    source: str
    patterns: list[Pattern] = field(default_factory=list)
    read: int = 0  # pattern lines and verb lines read
    converted: int = 0  # of those, how many gave at least one pattern
    skipped: Counter[str] = field(default_factory=Counter)


@dataclass(frozen=True, slots=True)
class _Frame:
    """One reading of a pattern line, before alternatives are merged."""

    obj: str | None
    modifiers: frozenset[str]
    prep: str | None
    prep_obj: str | None
    particle: str | None
    actors: tuple[str, ...]
    recipients: tuple[str, ...]


def map_code(raw: str, ontology: Ontology) -> str:
    """The ontology's code for a PETRARCH code (``0871``, ``042:043``); Skip if none."""
    code = raw.split(":", 1)[0].strip()
    if not code or code == "---":
        raise Skip("discard [---] or no source-to-target code")
    if code not in ontology.codes and len(code) == 4 and code[:3] in ontology.codes:
        code = code[:3]  # a 4-digit code the table lacks falls back to its parent
    if code not in ontology.codes:
        raise Skip("code not in the CAMEO table")
    if ontology.codes[code].plover is None:
        raise Skip("no PLOVER type (CAMEO 01 statements, 02 appeals)")
    return code


def _specific(code: str) -> bool:
    return len(code) >= 3 and not code.endswith("0")


def lemma_forms(word: str) -> frozenset[str]:
    """A noun as written and its regular singular: spaCy matches objects by lemma."""
    forms = {word}
    if word.endswith("ies") and len(word) > 4:
        forms.add(word[:-3] + "y")
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        forms.add(word[:-1])
    return frozenset(forms)


def _group(tokens: list[str]) -> list[tuple[str, tuple[str, ...]]]:
    """Tokens after the verb as elements: ("np", words), ("pp", words), ("slot", (m,))."""
    elements: list[tuple[str, tuple[str, ...]]] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token in {"(", "{"}:
            close = ")" if token == "(" else "}"
            end = tokens.index(close, i) if close in tokens[i:] else -1
            if end < 0:
                raise Skip("unbalanced brackets")
            inner = tuple(t for t in tokens[i + 1 : end] if t not in {"{", "}"})
            elements.append(("pp" if token == "(" else "np", inner))
            i = end + 1
        elif token in {"+", "$"}:
            elements.append(("slot", (token,)))
            i += 1
        elif token in {"%", "^"}:
            raise Skip("compound-actor or skip marker (% ^)")
        elif token in {")", "}"}:
            raise Skip("unbalanced brackets")
        else:
            elements.append(("word", (token,)))
            i += 1
    return elements


def _prep_phrase(
    pp: tuple[str, ...] | None, recipient: str | None
) -> tuple[str | None, str | None, str | None, str | None]:
    """(preposition, its object word, recipient role, actor role) of the phrase, if any."""
    if pp is None:
        return None, None, recipient, None
    prep, rest = pp[0], [w for w in pp[1:] if w not in {"+", "$"}]
    if prep not in PREPOSITIONS or not re.fullmatch(r"[a-z]+", prep):
        raise Skip("prepositional phrase without a preposition")
    actor = None
    if "+" in pp[1:]:
        if recipient is not None:
            raise Skip("two target slots")
        recipient = f"prep:{prep}"
    if "$" in pp[1:]:
        actor = f"prep:{prep}" if prep != "by" else "agent"
    return prep, rest[-1] if rest else None, recipient, actor


def _frame(after: tuple[str, ...], before: tuple[str, ...]) -> _Frame:
    """Read one synset-free token list as requirements and roles; Skip when it cannot."""
    if before not in {(), ("$",), ("+",)}:
        raise Skip("words before the verb")
    elements = _group(list(after))
    np_words: list[str] = []
    pp: tuple[str, ...] | None = None
    particle: str | None = None
    recipient: str | None = "subject" if before == ("+",) else None
    i = 0
    while i < len(elements):
        kind, words = elements[i]
        lower = [w.lower() for w in words]
        if (
            kind == "word"
            and lower[0] in PREPOSITIONS
            and not (lower[0] in PARTICLES and i + 1 == len(elements))
        ):
            # old-style "AGAINST +" or "FOR ASYLUM": a preposition takes what follows
            following = elements[i + 1] if i + 1 < len(elements) else None
            kind = "pp"
            if following is not None and following[0] in {"word", "np", "slot"}:
                lower = lower + [w.lower() for w in following[1]]
                i += 1
        if kind == "pp":
            if pp is not None:
                raise Skip("several prepositional phrases")
            pp = tuple(lower)
        elif kind == "word" and lower[0] in PARTICLES and not np_words:
            if particle is not None:
                raise Skip("several particles")
            particle = lower[0]
        elif kind in {"word", "np"}:
            if np_words and kind == "np":
                raise Skip("several noun phrases")
            np_words.extend(lower)
        elif kind == "slot":
            if words[0] == "$" or np_words:
                raise Skip("source slot or target slot after the object")
            recipient = "object"
        i += 1
    prep, prep_obj, recipient, actor = _prep_phrase(pp, recipient)
    if recipient == "object" and np_words:
        recipient = "dative"  # "* + AID": the target comes before the thing given
    if before == ("+",) and actor is None:
        raise Skip("target before the verb without a source slot")
    obj = np_words[-1] if np_words else None
    return _Frame(
        obj,
        frozenset(np_words[:-1]),
        prep,
        prep_obj,
        particle,
        (actor,) if actor else _DEFAULT_ACTORS,
        _recipients(recipient, obj, prep, prep_obj),
    )


def _recipients(
    slot: str | None, obj: str | None, prep: str | None, prep_obj: str | None
) -> tuple[str, ...]:
    if slot is not None:
        return (slot,)
    roles = _TARGETS_OF_OBJECT_PATTERNS if obj else _TARGETS
    if prep is not None and prep_obj is None:
        roles = (f"prep:{prep}", *roles)  # "* (UPON)": whoever it is upon
    return roles


@dataclass
class _Group:
    """Alternatives of one shape merged: their object words and dictionary lines."""

    objects: set[str] = field(default_factory=set)
    prep_objects: set[str] = field(default_factory=set)
    lines: list[int] = field(default_factory=list)


_GroupKey = tuple[
    str, frozenset[str], bool, frozenset[str], str | None, bool, str | None,
    tuple[str, ...], tuple[str, ...], str,
]  # fmt: skip


class _Builder:
    """Collects frames into merged patterns, in dictionary order."""

    def __init__(
        self, conversion: Conversion, ontology: Ontology, source: str, bare_verbs: str
    ) -> None:
        self.conversion = conversion
        self.bare_verbs = bare_verbs
        self.ontology = ontology
        self.source = source
        self.groups: dict[_GroupKey, _Group] = {}
        self.seen: set[tuple[object, ...]] = set()

    def add(self, block: str, lemmas: frozenset[str], frame: _Frame, code: str, line: int) -> bool:
        words = (lemmas, frame.obj, frame.modifiers, frame.prep, frame.prep_obj, frame.particle)
        if words in self.seen:
            return False  # an earlier line with the same words wins, as in PETRARCH
        self.seen.add(words)
        key: _GroupKey = (
            block, lemmas, frame.obj is None, frame.modifiers, frame.prep, frame.prep_obj is None,
            frame.particle, frame.actors, frame.recipients, code,
        )  # fmt: skip
        group = self.groups.setdefault(key, _Group())
        if frame.obj:
            group.objects |= lemma_forms(frame.obj)
        if frame.prep_obj:
            group.prep_objects |= lemma_forms(frame.prep_obj)
        group.lines.append(line)
        return True

    def patterns(self) -> list[Pattern]:
        result: list[Pattern] = []
        counters: Counter[str] = Counter()
        for key, group in self.groups.items():
            block, lemmas, _, modifiers, prep, _, particle, actors, recipients, code = key
            slug = re.sub(r"[^a-z0-9_]+", "-", block.lower()).strip("-") or "verb"
            counters[slug] += 1
            lines = sorted(set(group.lines))
            cameo = self.ontology.codes[code]
            result.append(
                Pattern(
                    id=f"petrarch.{slug}.{counters[slug]}",
                    lemmas=lemmas,
                    pos="verb",
                    event=str(cameo.plover),
                    cameo=cameo.code,
                    mode=None,
                    contexts=(),
                    actor_roles=actors,
                    recipient_roles=recipients,
                    objects=frozenset(group.objects),
                    preps=None if prep is None else {prep: frozenset(group.prep_objects)},
                    modifiers=modifiers,
                    particles=frozenset({particle}) if particle else frozenset(),
                    source=f"{self.source}:{','.join(str(n) for n in lines)}",
                    imported=True,
                )
            )
        return result


def _simple_lemmas(block: VerbBlock) -> frozenset[str]:
    return frozenset(v.verb for v in block.verbs if not v.before and not v.after)


def _nearly_bare(frame: _Frame) -> bool:
    """A verb and a bare preposition ("* (TO)"): as risky as the verb alone."""
    return not (frame.obj or frame.prep_obj or frame.particle or frame.modifiers)


def _keep_bare(code: str, lemmas: frozenset[str], policy: str) -> bool:
    if policy == "all":
        return True
    return policy == "specific" and _specific(code) and not lemmas & POLYSEMOUS_VERBS


def _convert_line(
    builder: _Builder, block: VerbBlock, pattern: PatternLine, synsets: VerbDictionary
) -> None:
    conversion = builder.conversion
    conversion.read += 1
    try:
        if not pattern.well_formed:
            raise Skip("not exactly one verb marker '*'")
        code = map_code(pattern.code, builder.ontology)
        lemmas = _simple_lemmas(block)
        if not lemmas:
            raise Skip("block has no single-word verb")
        try:
            readings = _expand(
                (*pattern.before, "*", *pattern.after), synsets.synsets, SYNSET_LIMIT
            )
        except KeyError as exc:
            raise Skip("undefined synonym set") from exc
        if readings is None:
            raise Skip("synonym sets expand too far")
        added, reason = False, "same words as an earlier pattern"
        for tokens in readings:
            star = tokens.index("*")
            try:
                frame = _frame(tokens[star + 1 :], tokens[:star])
            except Skip as exc:
                reason = str(exc)
                continue
            if _nearly_bare(frame) and not _keep_bare(code, lemmas, builder.bare_verbs):
                reason = "bare verb with a general code or an everyday sense"
                continue
            added |= builder.add(block.name, lemmas, frame, code, pattern.line)
        if not added:
            raise Skip(reason)
        conversion.converted += 1
    except Skip as exc:
        conversion.skipped[str(exc)] += 1


def _convert_verb(builder: _Builder, block: VerbBlock, verb: VerbForm, bare_verbs: str) -> None:
    conversion = builder.conversion
    conversion.read += 1
    try:
        raw = verb.code or block.code
        code = map_code(raw, builder.ontology)
        if verb.before:
            raise Skip("words before the verb")
        phrasal = bool(verb.after)
        if not phrasal and bare_verbs != "all":
            if bare_verbs == "none" or not _specific(code):
                raise Skip("bare verb with a general code")
            if verb.verb in POLYSEMOUS_VERBS:
                raise Skip("bare verb with an everyday sense")
        frame = _frame(tuple(w.upper() for w in verb.after), ())
        if not builder.add(block.name, frozenset({verb.verb}), frame, code, verb.line):
            raise Skip("same words as an earlier pattern")
        conversion.converted += 1
    except Skip as exc:
        conversion.skipped[str(exc)] += 1


def convert_dictionary(
    dictionary: VerbDictionary, ontology: Ontology, *, bare_verbs: str = "specific"
) -> Conversion:
    """Patterns (``imported=True``) from every block; patterns before bare verbs."""
    if bare_verbs not in BARE_VERB_POLICIES:
        raise ValueError(f"bare_verbs must be one of {BARE_VERB_POLICIES}, not {bare_verbs!r}")
    conversion = Conversion(dictionary.source)
    builder = _Builder(conversion, ontology, dictionary.source, bare_verbs)
    for block in dictionary.blocks:
        for pattern in block.patterns:
            _convert_line(builder, block, pattern, dictionary)
    for block in dictionary.blocks:
        for verb in block.verbs:
            _convert_verb(builder, block, verb, bare_verbs)
    conversion.patterns = builder.patterns()
    return conversion


def skipped_lines(conversion: Conversion) -> Iterable[str]:
    """``reason: count`` lines, most frequent first, for headers and reports."""
    return (f"{reason}: {n}" for reason, n in conversion.skipped.most_common())


LICENCE = "MIT, Copyright (c) 2014 Open Event Data (PETRARCH-2; the file's own header: 2015)"


def import_petrarch_verbs(
    source: str | Path,
    out: str | Path,
    *,
    ontology: Ontology | None = None,
    bare_verbs: str = "specific",
    today: dt.date | None = None,
) -> Conversion:
    """Convert the verb dictionary at ``source`` and write the table ``out`` with provenance."""
    ontology = ontology or default_ontology()
    conversion = convert_dictionary(read_verb_dictionary(source), ontology, bare_verbs=bare_verbs)
    header = [
        f"Verb patterns imported from PETRARCH-2's {Path(source).name} by",
        "scripts/import_petrarch_verbs.py (communique.events.petrarch_convert); do not edit:",
        "re-run the script. Hand-written patterns (patterns.yaml) are tried first on a word.",
        f"Source: openeventdata/petrarch2, petrarch2/data/dictionaries/{Path(source).name}",
        f"Licence: {LICENCE}",
        f"Imported: {(today or dt.date.today()).isoformat()}; bare verbs kept: {bare_verbs}",
        f"Read: {conversion.read} lines (patterns and verbs); converted: {conversion.converted};"
        f" skipped: {sum(conversion.skipped.values())}; patterns written: "
        f"{len(conversion.patterns)}",
        "Skipped by reason:",
        *(f"  {line}" for line in skipped_lines(conversion)),
        "",
    ]
    write_verb_table(conversion.patterns, header, out)
    return conversion
