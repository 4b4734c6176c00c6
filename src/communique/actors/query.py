"""Questions asked of the knowledge base outside a story: what the ``actors`` commands answer.

``resolve_text`` codes a bare name or title as of a date (no parsing: "the Chinese foreign
minister" is read as country word + title); ``office_holders`` lists who held which role in a
country on a date; ``find_entries`` finds the entries behind a name or id; ``coverage`` counts
the shipped people and roles per country for the coverage statement.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from communique.actors.knowledge import KnowledgeBase
from communique.actors.loader import Country, Organisation, Person, Role
from communique.names import normalise
from communique.records import Actor

_DETERMINERS = frozenset({"the", "a", "an"})
_INTERNATIONAL_NAMES = {
    "IGO": "international organisations",
    "NGO": "non-governmental organisations",
    "IMG": "international militant groups",
}
# Order in which offices are listed (the rest after these, alphabetically).
OFFICE_ORDER = (
    "head_of_state",
    "head_of_government",
    "vice_president",
    "foreign_minister",
    "defence_minister",
    "interior_minister",
    "finance_minister",
    "deputy_foreign_minister",
    "top_diplomat",
    "party_chief",
    "spokesperson",
    "other",
)


@dataclass(frozen=True, slots=True)
class Resolution:
    """The actor a text stands for on a date; ``candidates`` when it could be several."""

    text: str
    date: dt.date | None
    actor: Actor | None
    candidates: tuple[Actor, ...] = ()
    basis: str = "none"  # name | surname | title | agent | country | none


def _pick(text: str, date: dt.date | None, actors: list[Actor], basis: str) -> Resolution:
    if len(actors) == 1:
        return Resolution(text, date, actors[0], (), basis)
    return Resolution(text, date, None, tuple(actors), basis)


def resolve_text(kb: KnowledgeBase, text: str, date: dt.date | None = None) -> Resolution:
    """Code a name, surname, title ("the Chinese foreign minister") or country word on ``date``.

    ``date=None`` means now. Several fitting people are returned as candidates, never one of
    them picked at random.
    """
    text = " ".join(text.split())
    found = kb.lookup_name(text, date)
    people = [a for a in found if a.kind == "person"]
    if people or found:
        return _pick(text, date, people or found, "country" if found[0].kind == "state" else "name")
    if len(text.split()) == 1:
        family = [kb.person_actor(p, date) for p in kb.family_name_people(text)]
        if family:
            return _pick(text, date, family, "surname")
    titled = _title(kb, text, date)
    if titled is not None:
        return titled
    code = kb.country_of(text)
    if code is not None:
        actor = kb.state_actor(code) if kb.is_capital(text) else kb.country_actor(code)
        return Resolution(text, date, actor, (), "country")
    return Resolution(text, date, None)


def _title(kb: KnowledgeBase, text: str, date: dt.date | None) -> Resolution | None:
    """ "[the] <country word> <title>": the holder of the office, else a generic agent."""
    words = text.split()
    if words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    for split in range(min(3, len(words) - 1), 0, -1):
        country = kb.country_of(" ".join(words[:split]))
        term = " ".join(words[split:])
        agent = kb.agent(term, country) if country is not None else None
        if country is None or agent is None:
            continue
        sector, office = agent
        if office is not None and office != "other":
            holders = kb.holder(country, office, date)
            if holders:
                return _pick(text, date, holders, "title")
        generic = Actor(
            f"cq:agent:{country.lower()}-{sector.lower()}",
            text,
            country,
            sector,
            term.lower(),
            "agent",
            f"{country}{sector}",
        )
        return Resolution(text, date, generic, (), "agent")
    return None


def office_holders(
    kb: KnowledgeBase, country: str, date: dt.date | None = None, office: str | None = None
) -> list[tuple[Person, Role]]:
    """Everyone holding a role in ``country`` on ``date`` (now when None), main offices first."""
    rank = {key: i for i, key in enumerate(OFFICE_ORDER)}
    found = [
        (person, role)
        for (where, key), holders in kb.offices.items()
        if where == country and (office is None or key == office)
        for role, person in holders
        if role.valid_on(date)
    ]
    return sorted(
        dict.fromkeys(found),
        key=lambda pr: (rank.get(pr[1].office, len(rank)), pr[1].office, pr[0].name),
    )


def find_entries(kb: KnowledgeBase, query: str) -> list[Person | Organisation | Country]:
    """The people, organisations and countries ``query`` names (a name, alias, surname, id or
    country code), in that order."""
    query = query.strip()
    ids = [query] if query in kb.people or query in kb.organisations else []
    key = normalise(query)
    ids += list(kb.names.get(key, ()))
    if not ids:
        ids += list(kb.family_names.get(key, ()))
    entries: list[Person | Organisation | Country] = []
    for entity_id in dict.fromkeys(ids):
        person = kb.people.get(entity_id)
        entries.append(person if person is not None else kb.organisations[entity_id])
    code = query.upper() if query.upper() in kb.countries else kb.country_of(query)
    if code is not None and code in kb.countries:
        entries.append(kb.countries[code])
    return entries


@dataclass(frozen=True, slots=True)
class CountryCoverage:
    country: str
    name: str
    people: int  # people with at least one role in the country
    roles: int
    current: int  # roles held on the cut-off date
    offices: tuple[str, ...]  # office keys with a holder on the cut-off date


def coverage(kb: KnowledgeBase, cutoff: dt.date) -> list[CountryCoverage]:
    """People and roles per country, with the offices that have a holder on ``cutoff``."""
    people: dict[str, set[str]] = {}
    roles: Counter[str] = Counter()
    current: Counter[str] = Counter()
    offices: dict[str, set[str]] = {}
    for person in kb.people.values():
        for role in person.roles:
            people.setdefault(role.country, set()).add(person.id)
            roles[role.country] += 1
            if role.valid_on(cutoff):
                current[role.country] += 1
                offices.setdefault(role.country, set()).add(role.office)
    rank = {key: i for i, key in enumerate(OFFICE_ORDER)}
    result = []
    for code in sorted(people):
        known = kb.countries.get(code)
        result.append(
            CountryCoverage(
                code,
                known.name if known is not None else _INTERNATIONAL_NAMES.get(code, code),
                len(people[code]),
                roles[code],
                current[code],
                tuple(sorted(offices.get(code, ()), key=lambda o: (rank.get(o, 99), o))),
            )
        )
    return result
