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
import hashlib
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from communique.actors.knowledge import KnowledgeBase, normalise
from communique.actors.phrases import (
    DETERMINERS,
    Reader,
    first_conjunct,
    is_locative,
    is_modifier,
)
from communique.actors.story import Item
from communique.records import Actor

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
INSTITUTION_SECTORS: dict[str, str] = {
    **dict.fromkeys(
        (
            "administration agency bureau commission committee council department "
            "government ministry office secretariat service authority authorities "
            "cabinet presidency"
        ).split(),
        "GOV",
    ),
    **dict.fromkeys("court tribunal judiciary prosecutor".split(), "JUD"),
    **dict.fromkeys("police enforcement gendarmerie".split(), "COP"),
    **dict.fromkeys("army navy command corps brigade guard guards forces".split(), "MIL"),
    **dict.fromkeys("parliament congress senate assembly legislature".split(), "LEG"),
    **dict.fromkeys("party".split(), "PTY"),
    **dict.fromkeys("union".split(), "LAB"),
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
    if sector is None or head.i == start and end - start == 1:
        return None  # a bare "Council" or "Court" is too vague to stand for a body
    name = read.doc[start:end].text
    return Actor(f"cq:org:{slug(name)}", name, None, sector, None, "organisation", sector)


def _scene_country(token: Token) -> bool:
    """A country word that sets the scene: a modifier, a possessive or a place where something
    happens ("in Algiers"; not an end point such as "returned to Peru")."""
    if is_modifier(token) or token.dep_ in _SCENE_DEPS:
        return True
    head = first_conjunct(token)
    return is_locative(token) and head.head.lower_ in _SCENE_PREPOSITIONS


def _sentence_scene(read: Reader, doc: Doc, start: int, end: int, skip: range) -> set[str]:
    codes: set[str] = set()
    i = start
    while i < end:
        found = read.country_at(i) if i not in skip else None
        if found is None:
            i += 1
            continue
        code, stop = found
        words = doc[i:stop]
        token = words.root
        if not _scene_country(token):
            return set()  # a country as a participant: the scene is not one country
        codes.add(code)
        i = stop
    return codes


def fill_home_countries(items: Sequence[Item], doc: Doc, read: Reader) -> None:
    """Give titled people without a country the one country their sentence is set in."""
    if not doc.has_annotation("SENT_START"):
        return
    for item in items:
        actor = item.actor
        if actor is None or actor.country is not None:
            continue
        titled_person = actor.kind == "person" and item.title is not None
        if not titled_person and actor.kind != "organisation":
            continue
        sent = doc[item.start].sent
        codes = _sentence_scene(read, doc, sent.start, sent.end, range(item.start, item.end))
        if len(codes) != 1:
            continue
        code = codes.pop()
        item.actor = dataclasses.replace(actor, country=code, code=f"{code}{actor.sector or ''}")
