"""Who a named person is when the title in the story and the knowledge base disagree or are
silent.

- **Sectors by role.** A person's current role decides the sector: "former Prime Minister X" who
  now sits in parliament is ``LEG``, and is ``ELI`` only when no role is current. A title the
  story gives as current ("Prime Minister X") wins over a knowledge base whose roles for X ended
  (the base layer's dictionaries stop in 2014), since the story is the newer witness.
- **Unlisted people.** A titled person the knowledge base lacks takes the title's country, else
  the country of the one family the knowledge base (base layer included) knows by that family
  name whose first name starts alike ("Kassym-Jomart Tokayev" -> the dictionaries' "Kasymzhomart
  Tokayev", KAZ); an untitled full name gets that country only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from communique.actors.context import as_former, slug
from communique.actors.knowledge import KnowledgeBase
from communique.actors.phrases import Title
from communique.names import normalise
from communique.records import Actor


def _holds_role(kb: KnowledgeBase, actor: Actor, date: dt.date | None) -> bool:
    person = kb.people.get(actor.id)
    return person is not None and any(r.valid_on(date) for r in person.roles)


def by_role(
    kb: KnowledgeBase, actor: Actor, title: Title, sector: str | None, date: dt.date | None
) -> Actor:
    """A known person named with a title, coded by the role held on ``date``."""
    if actor.kind != "person":
        return actor
    if title.former:
        # "former prime minister X": elite unless X holds another role now
        return actor if _holds_role(kb, actor, date) else as_former(actor)
    if actor.sector in ("ELI", None) and sector and sector != "ELI":
        # the story names a current office the knowledge base has as ended (or never knew)
        country = actor.country or title.country
        role = title.term_text if not title.term_text.islower() else title.term_text.title()
        return dataclasses.replace(
            actor, sector=sector, role=role, country=country, code=f"{country or ''}{sector}"
        )
    return actor


def _namesakes(kb: KnowledgeBase, name: str) -> list[str]:
    """Countries of the people with ``name``'s family name and a first name that starts with
    the same three letters (spellings of one name differ further on: Kassym/Kasymzhomart)."""
    words = normalise(name).split()
    if len(words) < 2:
        return []
    countries: list[str] = []
    for index in (kb.family_names, kb.base_family_names):
        for person_id in index.get(words[-1], ()):
            person = kb.people[person_id]
            first = normalise(person.name).split()[0]
            if first[:3] == words[0][:3] and person.roles:
                countries.append(person.roles[-1].country)
    return countries


def family_country(kb: KnowledgeBase, name: str) -> str | None:
    """The one country of the knowledge base's namesakes of ``name``, or None."""
    found = set(_namesakes(kb, name))
    return found.pop() if len(found) == 1 else None


def namesake(kb: KnowledgeBase, name: str, date: dt.date | None) -> Actor | None:
    """An unlisted, untitled person whose namesakes all belong to one country."""
    del date  # the namesake's roles are another person's: only the country carries over
    country = family_country(kb, name)
    if country is None:
        return None
    return Actor(f"cq:person:{slug(name)}", name, country, None, None, "person", country)
