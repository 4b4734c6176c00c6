"""places stage: resolve each event's place name to coordinates and a country.

Evidence, best first: the place named in the event's sentence, the dateline, then the
story's main place. Ambiguous names ("Paris", "Springfield") are settled by the
countries and states the story names.
"""

from communique.places.event_loc import event_location, plover_location
from communique.places.gazetteer import Candidate, Gazetteer, InMemoryGazetteer, MatchKind
from communique.places.geonames import GeonamesGazetteer
from communique.places.home_agents import home_local_agents
from communique.places.locate import (
    find_dateline_place,
    locate_events,
    sentence_place_text,
    story_main_place,
)
from communique.places.modes import meeting_mode, refine_meeting_modes
from communique.places.resolve import StoryContext, resolve_place, story_context

__all__ = [
    "Candidate",
    "Gazetteer",
    "GeonamesGazetteer",
    "InMemoryGazetteer",
    "MatchKind",
    "StoryContext",
    "event_location",
    "find_dateline_place",
    "home_local_agents",
    "locate_events",
    "meeting_mode",
    "plover_location",
    "refine_meeting_modes",
    "resolve_place",
    "sentence_place_text",
    "story_context",
    "story_main_place",
]
