"""nlp stage: build the spaCy pipeline and parse cleaned text."""

from communique.nlp.pipeline import DEFAULT_MODEL, load_pipeline, parse

__all__ = ["DEFAULT_MODEL", "load_pipeline", "parse"]
