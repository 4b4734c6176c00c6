"""Read PETRARCH-2's CAMEO verb dictionary (``CAMEO.2.0.txt`` and its unit-test cousins).

The format (PETRARCH-2 ``PETRreader.read_verb_dictionary``; summarised in
``../shared/reference/petrarch2/DICTIONARY_FORMAT.md``):

- ``&NAME`` starts a synonym set; its ``+WORD`` or ``+TWO_WORDS`` lines are the members
  (a member may name another set). A trailing ``_`` on the name or a word only stops
  PETRARCH from adding plurals.
- ``--- NAME [code] ---`` starts a verb block. Its verb lines name the verbs, optionally
  with irregular forms in ``{...}`` and a code of their own in ``[...]``; ``+CALL_OFF``
  is a phrasal verb (``+`` marks the verb), ``WIRE_+TAP`` has a word before the verb.
- ``- words * words [code]`` is a pattern of the block: ``*`` is the verb, words after it
  are objects (``{MOD HEAD}`` a noun phrase, ``(PREP WORDS)`` a prepositional phrase),
  ``+`` is the target, ``$`` the source, ``&NAME`` any member of a set. ``[---]`` codes
  no event; ``[a:b]`` gives the source-to-target code first.
- ``#`` and ``<!-- -->`` are comments (read by ``communique.actors.petrarch_syntax``, the
  syntax all PETRARCH dictionaries share); ``~`` lines (verb transformations) are not read.

This module only parses; ``petrarch_convert`` turns the result into event patterns.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from communique.actors.petrarch_syntax import CODE_RE, dictionary_lines, read_dictionary
from communique.errors import DataFileError

_BLOCK_RE = re.compile(r"^---\s*([^\s\[-][^\s\[]*)")
# Pattern tokens: brackets, the verb, slot markers and words (``_`` joins words).
_TOKEN_RE = re.compile(r"[{}()*+$%^]|[^\s_{}()*+$%^]+")


@dataclass(frozen=True, slots=True)
class VerbForm:
    """A verb line of a block: the verb, words before/after it, and its own code."""

    verb: str  # lower case, as written (PETRARCH lists base forms)
    before: tuple[str, ...]
    after: tuple[str, ...]  # "call off": ("off",)
    code: str | None  # None: the block's code
    line: int


@dataclass(frozen=True, slots=True)
class PatternLine:
    """A ``-`` pattern line: the tokens before and after ``*``, and its code."""

    before: tuple[str, ...]
    after: tuple[str, ...]
    code: str
    line: int
    text: str
    well_formed: bool = True  # exactly one "*"


@dataclass(frozen=True, slots=True)
class VerbBlock:
    """A ``--- NAME [code] ---`` block with its verbs and patterns."""

    name: str
    code: str
    line: int
    verbs: tuple[VerbForm, ...]
    patterns: tuple[PatternLine, ...]


@dataclass(frozen=True, slots=True)
class VerbDictionary:
    """A parsed verb dictionary: synonym sets and verb blocks, in file order."""

    source: str  # the file name, for provenance
    synsets: Mapping[str, tuple[tuple[str, ...], ...]]  # name (no "&", no "_") -> members
    blocks: tuple[VerbBlock, ...]
    transformations: int = 0  # "~" lines, not read


def synset_name(token: str) -> str:
    """``&AUXVERB1_`` -> ``AUXVERB1``: the key a set is stored and looked up under."""
    return token.lstrip("&").rstrip("_").upper()


def _words(text: str) -> tuple[str, ...]:
    """``GOLDEN_GOBLIN_GALLEONS_`` -> ("golden", "goblin", "galleons")."""
    return tuple(w.lower() for w in re.split(r"[\s_]+", text.strip()) if w)


def pattern_tokens(text: str) -> list[str]:
    """Tokens of a pattern's text: words (upper case), brackets, ``*``, ``+``, ``$``..."""
    tokens: list[str] = []
    for token in _TOKEN_RE.findall(text):
        if token == "*" and tokens and tokens[-1] == "*":
            continue  # "**" (the PETRARCH-2 documentation's spelling) is the verb once
        tokens.append(token.upper())
    return tokens


def _parse_pattern(text: str, number: int) -> PatternLine:
    body = text.strip()[1:]
    codes = CODE_RE.findall(body)
    code = codes[-1].strip() if codes else ""
    tokens = pattern_tokens(body[: body.rfind("[")] if codes else body)
    if tokens.count("*") != 1:  # not a pattern of one verb: kept, and skipped when converted
        return PatternLine((), tuple(tokens), code, number, text.strip(), well_formed=False)
    star = tokens.index("*")
    return PatternLine(tuple(tokens[:star]), tuple(tokens[star + 1 :]), code, number, text.strip())


def _parse_verb(text: str, number: int) -> VerbForm | None:
    codes = CODE_RE.findall(text)
    bare = re.sub(r"\{[^}]*\}", " ", CODE_RE.sub(" ", text)).strip()
    if not bare:
        return None
    phrase = bare.split()[0]
    parts = [p for p in phrase.split("_") if p]
    if not parts:
        return None
    marked = [i for i, p in enumerate(parts) if p.startswith("+")]
    at = marked[0] if marked else 0
    words = [p.lstrip("+").lower() for p in parts]
    code = codes[-1].strip() if codes else None
    return VerbForm(words[at], tuple(words[:at]), tuple(words[at + 1 :]), code, number)


def parse_verb_dictionary(text: str, source: str = "<string>") -> VerbDictionary:
    """Parse the text of a PETRARCH-2 verb dictionary; DataFileError names the line."""
    synsets: dict[str, list[tuple[str, ...]]] = {}
    blocks: list[VerbBlock] = []
    block: tuple[str, str, int] | None = None
    verbs: list[VerbForm] = []
    patterns: list[PatternLine] = []
    current_set: str | None = None
    transformations = 0

    def close() -> None:
        if block is not None:
            blocks.append(VerbBlock(*block, tuple(verbs), tuple(patterns)))

    for line in dictionary_lines(text):
        number, stripped = line.number, line.body.strip()
        if not stripped:
            continue
        if stripped.startswith("~"):
            transformations += 1
        elif stripped.startswith("---"):
            match = _BLOCK_RE.match(stripped)
            if match is None:
                raise DataFileError(source, number, f"bad block header {stripped!r}")
            close()
            codes = CODE_RE.findall(stripped)  # the first, when a header gives two
            block = (match.group(1).strip("_"), (codes[0] if codes else "---").strip(), number)
            verbs, patterns, current_set = [], [], None
        elif stripped.startswith("-"):
            if block is None:
                raise DataFileError(source, number, "a pattern before the first verb block")
            patterns.append(_parse_pattern(stripped, number))
            current_set = None
        elif stripped.startswith("&"):
            current_set = synset_name(stripped.split()[0])
            synsets.setdefault(current_set, [])
        elif stripped.startswith("+") and current_set is not None:
            member = stripped[1:].strip()
            if member.startswith("&"):
                synsets[current_set].append((member.split()[0].upper(),))
            elif _words(member):
                synsets[current_set].append(_words(member))
        elif block is not None:
            form = _parse_verb(stripped, number)
            if form is not None:
                verbs.append(form)
        else:
            raise DataFileError(source, number, f"a verb outside any block: {stripped!r}")
    close()
    return VerbDictionary(
        source, {k: tuple(v) for k, v in synsets.items()}, tuple(blocks), transformations
    )


def read_verb_dictionary(path: str | Path) -> VerbDictionary:
    """Read and parse a verb dictionary file (Latin-1 bytes are tolerated)."""
    path = Path(path)
    return parse_verb_dictionary(read_dictionary(path), path.name)


def expand_synsets(
    tokens: tuple[str, ...], synsets: Mapping[str, tuple[tuple[str, ...], ...]], limit: int
) -> list[tuple[str, ...]] | None:
    """Every token list with each ``&SET`` replaced by one member; None past ``limit``.

    A member of several words becomes a ``{...}`` noun phrase (inside ``{...}`` its words
    join the phrase). KeyError names an undefined set.
    """
    results: list[tuple[str, ...]] = [()]
    depth = 0
    for token in tokens:
        if token == "{":
            depth += 1
        elif token == "}":
            depth -= 1
        if not token.startswith("&"):
            results = [(*r, token) for r in results]
            continue
        options: list[tuple[str, ...]] = []
        for member in _members(synset_name(token), synsets, set()):
            upper = tuple(w.upper() for w in member)
            wrap = len(upper) > 1 and depth == 0
            options.append(("{", *upper, "}") if wrap else upper)
        if len(results) * len(options) > limit:
            return None
        results = [r + option for r in results for option in options]
    return results


def _members(
    name: str, synsets: Mapping[str, tuple[tuple[str, ...], ...]], seen: set[str]
) -> list[tuple[str, ...]]:
    if name not in synsets:
        raise KeyError(name)
    if name in seen:
        return []  # a set that contains itself adds nothing more
    seen.add(name)
    members: list[tuple[str, ...]] = []
    for member in synsets[name]:
        if len(member) == 1 and member[0].startswith("&"):
            members.extend(_members(synset_name(member[0]), synsets, seen))
        else:
            members.append(member)
    return members
