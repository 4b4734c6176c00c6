"""quotes stage: direct and indirect quotations, their speakers, and the events they back."""

from communique.quotations import QuoteGroup, Segment, find_quote_groups
from communique.quotes.extract import extract_quotes
from communique.quotes.link import link_quotes
from communique.quotes.speakers import speaker_mentions
from communique.quotes.verbs import SpeechVerbs, load_speech_verbs, parse_speech_verbs

__all__ = [
    "QuoteGroup",
    "Segment",
    "SpeechVerbs",
    "extract_quotes",
    "find_quote_groups",
    "link_quotes",
    "load_speech_verbs",
    "parse_speech_verbs",
    "speaker_mentions",
]
