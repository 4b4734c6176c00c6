"""Tone on GDELT's scale, from the VADER lexicon shipped inside ``vaderSentiment``.

GDELT's tone is (positive words - negative words) / all words x 100: 0 is neutral, a story
rarely passes +-10. We count a word as positive when its VADER valence is above 0 and
negative when below 0; VADER's rules (boosters, negation, capitals) are deliberately not
applied, since the GDELT measure is a plain word count.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib.util
import logging
import re
from collections.abc import Mapping, Sequence
from pathlib import Path

from communique.errors import ConfigError, DataFileError
from communique.records import Event

logger = logging.getLogger(__name__)

LEXICON_FILE = "vader_lexicon.txt"
_WORD = re.compile(r"[a-z]+(?:'[a-z]+)*")


def _lexicon_path() -> Path:
    spec = importlib.util.find_spec("vaderSentiment")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError(
            "tone needs the vaderSentiment package for its lexicon: `pip install vaderSentiment`"
        )
    return Path(next(iter(spec.submodule_search_locations))) / LEXICON_FILE


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Mapping[str, float]:
    """Word -> VADER mean valence; read once per process."""
    path = _lexicon_path()
    lexicon: dict[str, float] = {}
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        parts = line.split("\t")
        try:
            lexicon[parts[0].lower()] = float(parts[1])
        except (IndexError, ValueError) as exc:
            raise DataFileError(path, number, "expected `token<TAB>valence<TAB>...`") from exc
    logger.debug("loaded %d VADER lexicon entries from %s", len(lexicon), path)
    return lexicon


def words(text: str) -> list[str]:
    """Lower-case word tokens; typographic apostrophes count as straight ones."""
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def tone(text: str) -> float:
    """(positive words - negative words) / total words x 100; 0.0 for text without words."""
    tokens = words(text)
    if not tokens:
        return 0.0
    lexicon = load_lexicon()
    positive = negative = 0
    for token in tokens:
        valence = lexicon.get(token, 0.0)
        if valence > 0:
            positive += 1
        elif valence < 0:
            negative += 1
    return (positive - negative) / len(tokens) * 100


def tone_events(events: Sequence[Event]) -> tuple[Event, ...]:
    """Each event with ``tone`` set from its sentence."""
    return tuple(dataclasses.replace(event, tone=tone(event.sentence)) for event in events)
