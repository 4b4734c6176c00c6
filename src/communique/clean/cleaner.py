"""Line-by-line detection of what scraping left in a story: credits, captions, bylines, ...

Every rule works on one line at a time (a line is the text between two newlines), in
this order, and never touches a piece twice:

1. patterns from ``data/clean/patterns.yaml`` (toggles, boilerplate, bylines, credits and
   the caption a credit is glued to);
2. the first line, when it is the headline;
3. lines that repeat the title or an earlier line;
4. a short unfinished line next to a credit (a caption, possibly truncated);
5. trailing tag lines ("Beijing Xi Jinping Chinese").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from communique.clean.patterns import CleanPattern, CleanRules
from communique.names import PHRASE_KEY, normalise
from communique.records import Removed, RemovedKind
from communique.textspans import trimmed_span

_SENTENCE_END = re.compile(r"[.!?][\"”’')\]]*$")
_TAG_WORD = re.compile(r"[A-Z0-9][\w'’&-]*")
_CAPTION_MARKERS = ("credit", "toggle")
# A piece of a line to remove: its kind and character span.
Piece = tuple[RemovedKind, int, int]


@dataclass(frozen=True, slots=True)
class Line:
    index: int
    start: int  # offset of the first non-space character (or of the line, when blank)
    end: int  # offset after the last non-space character
    text: str  # the stripped line

    @property
    def blank(self) -> bool:
        return not self.text


@dataclass(slots=True)
class Findings:
    """What the rules found so far; each line is touched by at most one rule family."""

    pieces: list[Removed] = field(default_factory=list)
    touched: set[int] = field(default_factory=set)  # lines with any removal
    credit_only: set[int] = field(default_factory=set)  # lines that were nothing but credits
    unfinished_caption: set[int] = field(default_factory=set)  # glued captions cut short

    def add(self, line: Line, kind: RemovedKind, start: int, end: int, text: str) -> None:
        self.pieces.append(Removed(kind, text[start:end], start, end))
        self.touched.add(line.index)


def split_lines(text: str) -> list[Line]:
    """Every line of ``text`` with the offsets of its stripped content."""
    lines: list[Line] = []
    offset = 0
    for index, raw in enumerate(text.split("\n")):
        stripped = raw.strip()
        start = offset + (len(raw) - len(raw.lstrip())) if stripped else offset
        lines.append(Line(index, start, start + len(stripped), stripped))
        offset += len(raw) + 1
    return lines


def is_unfinished(text: str, rules: CleanRules) -> bool:
    """True when a line does not end a sentence, or ends on an abbreviation like "Sen."."""
    if not _SENTENCE_END.search(text):
        return True
    words = text.split()
    return bool(words) and words[-1] in rules.unfinished_abbreviations


def apply_patterns(text: str, line: Line, rules: CleanRules, found: Findings) -> None:
    """Rule 1: the data-file patterns on one line."""
    start, end = line.start, line.end
    for pattern in rules.at("line"):
        if pattern.regex.fullmatch(text, start, end):
            found.add(line, pattern.kind, start, end, text)
            if pattern.kind == "credit":
                found.credit_only.add(line.index)
            return
    credits = 0  # credits and toggles found: they make the rest of the line a caption
    pieces: list[Piece] = []
    while start < end:
        whole = _match_whole(text, start, end, rules)
        if whole is not None and pieces:
            pieces.append((whole.kind, start, end))
            credits += whole.kind in _CAPTION_MARKERS
            start = end
            break
        step = _match_edge(text, start, end, rules)
        if step is None:
            break
        kind, piece_start, piece_end = step
        pieces.append(step)
        credits += kind in _CAPTION_MARKERS
        if piece_start == start:
            start, end = trimmed_span(text, piece_end, end)
        else:
            start, end = trimmed_span(text, start, piece_start)
    # A credit or image toggle opening or closing a line makes the rest its caption.
    if start < end and credits and end - start <= rules.limits.glued_caption_max_chars:
        pieces.append(("caption", start, end))
        if is_unfinished(text[start:end], rules):
            found.unfinished_caption.add(line.index)
        start = end
    if start < end:
        for pattern in rules.at("inline"):
            for match in pattern.regex.finditer(text, start, end):
                if match.end() > match.start():
                    pieces.append((pattern.kind, match.start(), match.end()))
    if not pieces:
        return
    pieces = _drop_overlaps(pieces)
    for kind, piece_start, piece_end in pieces:
        found.add(line, kind, piece_start, piece_end, text)
    if (
        start >= end
        and all(kind in _CAPTION_MARKERS for kind, _, _ in pieces)
        and any(kind == "credit" for kind, _, _ in pieces)
    ):
        found.credit_only.add(line.index)


def _match_whole(text: str, start: int, end: int, rules: CleanRules) -> CleanPattern | None:
    for pattern in rules.at("line"):
        if pattern.regex.fullmatch(text, start, end):
            return pattern
    return None


def _match_edge(text: str, start: int, end: int, rules: CleanRules) -> Piece | None:
    """The first prefix pattern at ``start``, else the first suffix pattern ending at ``end``."""
    for pattern in rules.at("prefix"):
        match = pattern.regex.match(text, start, end)
        if match and match.end() > start:
            return pattern.kind, start, match.end()
    for pattern in rules.at("suffix"):
        match = pattern.regex.search(text, start, end)
        if match and match.end() == end and match.start() < end:
            piece_start, _ = trimmed_span(text, match.start(), end)
            return pattern.kind, piece_start, end
    return None


def _drop_overlaps(
    pieces: list[Piece],
) -> list[Piece]:
    kept: list[Piece] = []
    for piece in sorted(pieces, key=lambda piece: (piece[1], -piece[2])):
        if not kept or piece[1] >= kept[-1][2]:
            kept.append(piece)
    return kept


def _neighbour(lines: list[Line], index: int, step: int) -> Line | None:
    index += step
    while 0 <= index < len(lines):
        if not lines[index].blank:
            return lines[index]
        index += step
    return None


def first_line_headline(
    text: str, lines: list[Line], title: str | None, rules: CleanRules, found: Findings
) -> None:
    """Rule 2: the first line is the headline when it equals the title, or looks like one."""
    first = _neighbour(lines, -1, 1)
    if first is None or first.index in found.touched:
        return
    if title is not None:
        if normalise(first.text, PHRASE_KEY) == normalise(title, PHRASE_KEY):
            found.add(first, "headline", first.start, first.end, text)
        return
    following = first.index + 1
    if (
        len(first.text) <= rules.limits.headline_max_chars
        and not first.text.endswith(".")
        and len(first.text.split()) >= 2
        and following < len(lines)
        and lines[following].blank
        and _neighbour(lines, following, 1) is not None
    ):
        found.add(first, "headline", first.start, first.end, text)


def repeated_lines(
    text: str, lines: list[Line], title: str | None, rules: CleanRules, found: Findings
) -> None:
    """Rule 3: a line identical to the title or to an earlier line is not story text."""
    first = _neighbour(lines, -1, 1)
    headlines = {normalise(title, PHRASE_KEY)} if title else set()
    if first is not None:
        headlines.add(normalise(first.text, PHRASE_KEY))
    seen: set[str] = set()
    for line in lines:
        if line.blank:
            continue
        key = normalise(line.text, PHRASE_KEY)
        repeats_title = key in headlines and line is not first
        long_enough = len(line.text) >= rules.limits.repeated_line_min_chars
        if line.index not in found.touched and (repeats_title or (long_enough and key in seen)):
            kind: RemovedKind = (
                "headline" if key in headlines or not line.text.endswith(".") else "boilerplate"
            )
            found.add(line, kind, line.start, line.end, text)
        seen.add(key)


def _caption_like(line: Line | None, rules: CleanRules, found: Findings) -> Line | None:
    if (
        line is not None
        and line.index not in found.touched
        and len(line.text) <= rules.limits.neighbour_caption_max_chars
        and is_unfinished(line.text, rules)
    ):
        return line
    return None


def neighbour_captions(text: str, lines: list[Line], rules: CleanRules, found: Findings) -> None:
    """Rule 4: short unfinished lines next to a credit are its caption."""
    candidates: list[Line] = []
    for index in sorted(found.credit_only):
        for step in (-1, 1):
            line = _caption_like(_neighbour(lines, index, step), rules, found)
            if line is not None:
                candidates.append(line)
    for index in sorted(found.unfinished_caption):
        # "... after meeting with Sen." / "John Fetterman on Ma© Getty": the caption was cut
        # in two, so the line before belongs to it as well.
        line = _caption_like(_neighbour(lines, index, -1), rules, found)
        if line is not None:
            candidates.append(line)
    for line in {line.index: line for line in candidates}.values():
        found.add(line, "caption", line.start, line.end, text)


def _is_tag_line(line: Line, rules: CleanRules) -> bool:
    words = line.text.split()
    return 2 <= len(words) <= rules.limits.tagline_max_words and all(
        _TAG_WORD.fullmatch(word) for word in words
    )


def trailing_tags(text: str, lines: list[Line], rules: CleanRules, found: Findings) -> None:
    """Rule 5: the last line(s), a few capitalised keywords set apart from the story."""
    line = _neighbour(lines, len(lines), -1)
    for _ in range(3):
        if line is None or line.index in found.touched or not _is_tag_line(line, rules):
            return
        before = line.index - 1
        previous = _neighbour(lines, line.index, -1)
        if previous is None or before < 0 or not lines[before].blank:
            return  # a tag line stands apart, after a blank line, below some story text
        found.add(line, "tagline", line.start, line.end, text)
        line = previous
