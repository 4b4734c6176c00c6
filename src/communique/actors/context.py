"""Country inferences from the words around a mention, for actors the knowledge base lacks.

Two rules, both about names the knowledge base cannot place:

- an organisation named after its country ("the U.S. Department of Justice", "Iranian
  Revolutionary Guards", "the Government of India") belongs to that country;
- a titled person with no country ("President Yoweri Museveni") acts at home when the sentence
  places the story in one country only through nationality words, possessives or places
  ("banned Ugandan opposition candidates", "a curfew in Algiers"). A country named as another
  participant ("threatened Russia") says nothing about the person's own country, so it is not
  counted.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from communique.actors.knowledge import KnowledgeBase
from communique.actors.phrases import (
    DETERMINERS,
    Reader,
    Title,
    first_conjunct,
    is_capital_actor,
    is_locative,
    is_modifier,
)
from communique.actors.story import Item
from communique.names import normalise
from communique.records import Actor, MentionBasis

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


def slug(text: str) -> str:
    """The id part of a name: "Wang Yijie" -> "wang-yijie"; a digest for non-Latin names."""
    readable = re.sub(r"[^a-z0-9]+", "-", normalise(text)).strip("-")
    return readable or hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]


# Positions where a country word describes the scene rather than naming a participant.
_SCENE_DEPS = frozenset({"poss"})
_SCENE_PREPOSITIONS = frozenset({"in", "at", "inside", "within", "throughout", "across", "near"})
# Head nouns that make an unknown organisation name an institution that acts ("the Supreme
# Court", "Mine Safety and Health Administration"), with the CAMEO sector they imply.
_INSTITUTION_HEADS = (
    ("GOV", "administration agency bureau commission committee council department government"),
    ("GOV", "ministry office secretariat service authority authorities cabinet presidency"),
    ("JUD", "court tribunal judiciary prosecutor"),
    ("COP", "police enforcement gendarmerie"),
    ("MIL", "army navy command corps brigade guard guards forces"),
    ("LEG", "parliament congress senate assembly legislature"),
    ("PTY", "party"),
    ("LAB", "union"),
)
INSTITUTION_SECTORS: dict[str, str] = {
    word: sector for sector, words in _INSTITUTION_HEADS for word in words.split()
}
# Generic words NER leaves after a known name ("the Islamic State group", "the Hamas movement").
GENERIC_TAILS = frozenset({"group", "movement", "network", "organisation", "organization"})


def organisation_country_actor(
    read: Reader, kb: KnowledgeBase, start: int, end: int
) -> Actor | None:
    """An unknown organisation whose name starts with a country word or ends "of <country>"."""
    doc, low = read.doc, read.low
    if end - start < 2:
        return None
    code: str | None = None
    found = read.country_at(start)
    if found is not None and found[1] < end:
        code = found[0]
    else:
        for k in range(end - 2, start, -1):
            if low[k] != "of":
                continue
            first = k + 1 + (low[k + 1] in DETERMINERS)
            tail = read.country_at(first) if first < end else None
            if tail is not None and tail[1] >= end:
                code = tail[0]
            break
    if code is None or code not in kb.countries:
        return None
    head = doc[start:end].root
    sector_office = kb.agent(head.lemma_.lower()) or kb.agent(head.lower_)
    sector = sector_office[0] if sector_office else "GOV"
    name = doc[start:end].text
    return Actor(
        f"cq:agent:{code.lower()}-{sector.lower()}",
        name,
        code,
        sector,
        None,
        "agent",
        f"{code}{sector}",
    )


def institution_actor(read: Reader, start: int, end: int) -> Actor | None:
    """An organisation the knowledge base lacks whose head noun makes it an institution; its
    country is left to ``fill_home_countries``."""
    head = read.doc[start:end].root
    sector = INSTITUTION_SECTORS.get(head.lemma_.lower()) or INSTITUTION_SECTORS.get(head.lower_)
    if sector is None or (head.i == start and end - start == 1):
        return None  # a bare "Council" or "Court" is too vague to stand for a body
    name = read.doc[start:end].text
    return Actor(f"cq:org:{slug(name)}", name, None, sector, None, "organisation", sector)


def known_before_generic_word(
    read: Reader, kb: KnowledgeBase, start: int, end: int, date: dt.date | None
) -> Actor | None:
    """A known organisation followed by a generic word: "the Islamic State group"."""
    if end - start < 2 or read.low[end - 1] not in GENERIC_TAILS:
        return None
    org = kb.organisation(read.doc[start : end - 1].text)
    return kb.actor_of(org.id, date) if org is not None else None


def title_person(name: str, title: Title, country: str | None, sector: str) -> Actor:
    """A person the KB does not know, coded from the title in front of the name."""
    role = title.term_text if not title.term_text.islower() else title.term_text.title()
    if title.former:
        sector, role = "ELI", f"former {role}"
    return Actor(
        f"cq:person:{slug(name)}",
        name,
        country,
        sector,
        role,
        "person",
        f"{country or ''}{sector}",
    )


def as_former(actor: Actor) -> Actor:
    """A known person named as a former office holder: elite, "former <role>"."""
    if actor.sector == "ELI" or actor.role is None:
        return actor
    return Actor(
        actor.id,
        actor.name,
        actor.country,
        "ELI",
        f"former {actor.role}",
        actor.kind,
        f"{actor.country or ''}ELI",
    )


# Role nouns that name actors in their own right even without a country ("rebels seized the
# town", "protesters blocked roads"); "officials" or "the minister" alone say too little.
STATELESS_SECTORS = frozenset({"REB", "OPP", "UAF", "CRM"})


def stateless_agent(doc: Doc, title: Title, sector: str) -> Actor:
    """A group named by a role noun alone: its sector, its country left to the scene."""
    words = doc[title.start : title.end]
    if len(words) > 1 and words[0].lower_ in DETERMINERS:
        words = words[1:]
    return Actor(
        f"cq:agent:{sector.lower()}",
        words.text,
        None,
        sector,
        title.term_text.lower(),
        "agent",
        sector,
    )


# Positions where a nationality word stands for people of that country ("Russians said").
_NOUN_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "iobj", "ROOT"})


def place_actor(
    doc: Doc, kb: KnowledgeBase, s: int, e: int, label: str
) -> tuple[Actor, MentionBasis] | None:
    """A country, capital or nationality word in an actor position, with its basis."""
    text = doc[s:e].text
    code = kb.country_of(text)
    root = doc[s:e].root
    if code is None:
        return _town_actor(kb, text, root, label, e - s)
    if label == "NORP" or normalise(text) not in kb.country_names:
        if is_modifier(root) or root.dep_ not in _NOUN_DEPS:
            return None  # "Russian aggression": an adjective, not an actor
        country = kb.countries.get(code)
        actor = Actor(f"cq:agent:{code.lower()}", text, code, None, None, "agent", code)
        return (actor, "nationality") if country is not None else None
    if kb.is_capital(text):
        return (kb.state_actor(code), "metonym") if is_capital_actor(root) else None
    if root.dep_ == "compound" and _aimed_at(root.head) and root.head.pos_ == "NOUN":
        return kb.country_actor(code), "name"  # "rejected a US offer": the country's offer
    if is_modifier(root) or (is_locative(root) and not is_capital_actor(root)):
        return None
    return kb.country_actor(code), "name"


def _town_actor(
    kb: KnowledgeBase, text: str, root: Token, label: str, size: int
) -> tuple[Actor, MentionBasis] | None:
    """A town or city named as an actor ("Puerto Penasco said"): its country, no sector.
    NER reads some towns as organisations; only a name of several words is taken then."""
    if label not in ("GPE", "LOC") and not (label == "ORG" and size > 1):
        return None
    code = kb.place_country(text)
    if code is None or is_modifier(root) or root.dep_ not in _NOUN_DEPS or is_locative(root):
        return None
    actor = Actor(f"cq:place:{slug(text)}", text, code, None, None, "agent", code)
    return actor, "metonym"


# Positions of a noun phrase that fills an event role.
_PARTICIPANT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "dative"})
_GROUP_MODIFIER_POS = frozenset({"ADJ", "NOUN", "PROPN", "VERB"})


# Singular nouns for what a country holds, which an attack on it strikes: "struck the
# Ukrainian port of Odesa", "shelled a Syrian army base".
# (Agent nouns such as "embassy" or "warship" are titles with a sector, read before.)
_HELD_PLACES = frozenset(
    {"port", "city", "town", "base", "position", "vessel", "ship", "territory", "border",
     "airport", "airbase"}
)  # fmt: skip


def nationality_group(
    read: Reader, kb: KnowledgeBase, start: int, end: int
) -> tuple[Actor, int] | None:
    """ "Palestinian detainees", "Azerbaijani hackers": a nationality word before a plural noun
    that fills an event role is a group of that country (and the token after the phrase).
    Role nouns ("Russian troops") are titles, read before; a singular subject ("Russian
    aggression continued") stays an adjective; a singular noun names the country where it is
    something a country holds ("the Ukrainian port") or what an act is aimed at."""
    doc = read.doc
    last = doc[end - 1]
    head = last.head
    if last.dep_ not in ("amod", "compound") or not 0 < head.i - last.i <= 3:
        return None
    plural = head.tag_ in ("NNS", "NNPS")
    if head.dep_ not in _PARTICIPANT_DEPS:
        return None
    if not (plural or head.lemma_.lower() in _HELD_PLACES or _aimed_at(head)):
        return None
    between = doc[end : head.i]
    # "Turkish and Greek sides": the first of two nationalities before one noun is a party
    # of its own (the second reads as the group); the events stage joins them
    joined = len(between) > 0 and between[0].pos_ == "CCONJ"
    if any(t.pos_ not in _GROUP_MODIFIER_POS for t in between[1 if joined else 0 :]):
        return None
    code = kb.country_of(doc[start:end].text)
    if code is None or code not in kb.countries:
        return None
    stop = end if joined else head.i + 1
    words = doc[start:stop].text
    return Actor(f"cq:agent:{code.lower()}", words, code, None, None, "agent", code), stop


# Prepositions whose object is what an act is aimed at: "anger at Russian aggression".
_TARGET_PREPOSITIONS = frozenset({"against", "at", "over", "on"})
# Verbs of discussion, whose object is a topic, not a target: "discussed Russian aggression".
_TOPIC_VERBS = frozenset(
    {"discuss", "debate", "address", "raise", "mention", "consider", "review", "examine"}
)


def _aimed_at(noun: Token) -> bool:
    """Whether ``noun`` is what an act is aimed at, where a country's act or offer stands for
    the country: "rejected an Indian proposal", "condemned Russian aggression", "anger at the
    Serbian crackdown". As a subject ("Russian aggression continued") it stays an adjective."""
    if noun.dep_ in ("dobj", "nsubjpass"):
        return noun.head.lemma_.lower() not in _TOPIC_VERBS
    return noun.dep_ == "pobj" and noun.head.lower_ in _TARGET_PREPOSITIONS


def _scene_role(token: Token) -> str:
    """How a country word relates to the sentence: "scene" (a modifier, a possessive, a place
    where something happens: "in Algiers"), "route" (an end point: "returned to Peru", "into
    Abidjan", which says nothing either way) or "party" (a participant: "warned Tanzania")."""
    if is_modifier(token) or token.dep_ in _SCENE_DEPS:
        return "scene"
    if is_locative(token):
        prep = first_conjunct(token).head.lower_
        return "scene" if prep in _SCENE_PREPOSITIONS else "route"
    return "party"


def _sentence_scene(read: Reader, doc: Doc, start: int, end: int, skip: range) -> set[str]:
    codes: set[str] = set()
    i = start
    while i < end:
        found = read.country_at(i) if i not in skip else None
        if found is None:
            i += 1
            continue
        code, stop = found
        role = _scene_role(doc[i:stop].root)
        if role == "party":
            return set()  # a country as a participant: the scene is not one country
        if role == "scene":
            codes.add(code)
        i = stop
    return codes


def fill_home_countries(items: Sequence[Item], doc: Doc, read: Reader) -> None:
    """Give titled people, bodies and groups without a country the one country their sentence
    is set in."""
    if not doc.has_annotation("SENT_START"):
        return
    for item in items:
        actor = item.actor
        if actor is None or actor.country is not None:
            continue
        titled_person = actor.kind == "person" and item.title is not None
        if not titled_person and actor.kind not in ("organisation", "agent"):
            continue
        sent = doc[item.start].sent
        codes = _sentence_scene(read, doc, sent.start, sent.end, range(item.start, item.end))
        if len(codes) != 1:
            continue
        code = codes.pop()
        item.actor = dataclasses.replace(actor, country=code, code=f"{code}{actor.sector or ''}")
