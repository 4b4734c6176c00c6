"""actors stage: who is who in a story, resolved against a dated knowledge base.

``load_knowledge_base`` reads the shipped countries, organisations, agent terms and people (and
any user files laid over them); ``resolve_mentions`` finds and resolves the actor mentions of a
parsed article as of the story's date.
"""

from communique.actors.knowledge import KnowledgeBase, load_knowledge_base
from communique.actors.loader import AgentTerm, Country, Organisation, Person, Role
from communique.actors.resolve import resolve_mentions

__all__ = [
    "AgentTerm",
    "Country",
    "KnowledgeBase",
    "Organisation",
    "Person",
    "Role",
    "load_knowledge_base",
    "resolve_mentions",
]
