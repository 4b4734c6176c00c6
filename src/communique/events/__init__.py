"""events stage: code PLOVER/CAMEO events from a parsed Doc and its actor mentions."""

from communique.events.coder import code_events, event_id
from communique.events.ontology import CameoCode, Ontology, default_ontology, load_ontology
from communique.events.patterns import Pattern, PatternSet, default_patterns, load_patterns

__all__ = [
    "CameoCode",
    "Ontology",
    "Pattern",
    "PatternSet",
    "code_events",
    "default_ontology",
    "default_patterns",
    "event_id",
    "load_ontology",
    "load_patterns",
]
