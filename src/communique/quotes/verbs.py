"""The speech verbs that introduce quotes, loaded from ``data/quotes/speech_verbs.txt``."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from communique.errors import DataFileError

SPEECH_VERBS_FILE = "speech_verbs.txt"
_LEMMA = re.compile(r"^[a-z]+$")
_FLAGS = frozenset({"addressee"})


@dataclass(frozen=True, slots=True)
class SpeechVerbs:
    """Lemmas of speech verbs, and those whose direct object is the person addressed."""

    lemmas: frozenset[str]
    object_is_addressee: frozenset[str]

    def __contains__(self, lemma: object) -> bool:
        return lemma in self.lemmas


def parse_speech_verbs(text: str, path: str | Path) -> SpeechVerbs:
    """Parse the speech-verb file format: ``lemma [addressee]`` per line, ``#`` comments."""
    lemmas: set[str] = set()
    addressee: set[str] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        lemma, *flags = line.split()
        if not _LEMMA.match(lemma):
            raise DataFileError(path, number, f"expected a lower-case lemma, got {lemma!r}")
        unknown = set(flags) - _FLAGS
        if unknown:
            raise DataFileError(path, number, f"unknown flags {sorted(unknown)}; known: addressee")
        if lemma in lemmas:
            raise DataFileError(path, number, f"speech verb {lemma!r} is listed twice")
        lemmas.add(lemma)
        if "addressee" in flags:
            addressee.add(lemma)
    return SpeechVerbs(frozenset(lemmas), frozenset(addressee))


@functools.lru_cache(maxsize=1)
def load_speech_verbs() -> SpeechVerbs:
    """The shipped speech verbs; read once per process."""
    resource = resources.files("communique").joinpath("data", "quotes", SPEECH_VERBS_FILE)
    return parse_speech_verbs(resource.read_text("utf-8"), f"data/quotes/{SPEECH_VERBS_FILE}")
