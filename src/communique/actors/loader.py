"""Read and validate the actor knowledge files (YAML) into typed entries.

Every entry keeps the file and line it came from, so that a mistake in a shipped or a user file
is reported as ``path:line: what is wrong`` (a ``DataFileError``), never as a KeyError later on.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from communique.datafiles import line_of, parse_yaml, read_data_text, read_record, rule, schema_keys
from communique.errors import DataFileError

# Office keys a role may carry ("leader" is only valid in agents.yaml: it means the head of state,
# or the head of government where the country says so).
OFFICES = frozenset(
    {
        "head_of_state",
        "head_of_government",
        "foreign_minister",
        "defence_minister",
        "interior_minister",
        "finance_minister",
        "top_diplomat",
        "party_chief",
        "vice_president",
        "deputy_foreign_minister",
        "spokesperson",
        "other",
    }
)
AGENT_OFFICES = OFFICES | {"leader"}
# CAMEO/PLOVER sector codes accepted in the files.
_SECTOR_CODES = (
    "GOV MIL LEG PTY ELI BUS MED NGO IGO REB OPP CVL COP JUD SPY EDU HLH REF LAB AGR ENV"
)
SECTORS = frozenset(f"{_SECTOR_CODES} HRI CRM UAF REL SEP INS IMG MNC RAD DEV MOD".split())
# Pseudo-countries of international actors.
INTERNATIONAL = frozenset({"IGO", "NGO", "IMG"})
ORG_KINDS = frozenset(
    {
        "igo",
        "legislature",
        "ministry",
        "military",
        "party",
        "company",
        "media",
        "ngo",
        "government",
        "armed_group",
    }
)
SECTIONS = ("countries", "organisations", "agents", "people")


@dataclass(frozen=True, slots=True)
class Country:
    code: str
    name: str
    names: tuple[str, ...]
    demonyms: tuple[str, ...]
    capitals: tuple[str, ...]
    fips: str | None
    cameo: str
    leader: str = "head_of_state"  # office meant by "the <demonym> leader"
    family_name_first: bool = False
    source: str = ""


@dataclass(frozen=True, slots=True)
class Organisation:
    id: str
    name: str
    aliases: tuple[str, ...]
    country: str
    sector: str
    kind: str
    cameo: str | None = None
    source: str = ""


@dataclass(frozen=True, slots=True)
class AgentTerm:
    terms: tuple[str, ...]
    sector: str
    office: str | None = None
    country: str | None = None  # the office applies only to this country
    source: str = ""


@dataclass(frozen=True, slots=True)
class Role:
    country: str
    sector: str
    title: str
    office: str
    start: dt.date | None  # inclusive
    end: dt.date | None  # exclusive: the day the successor took office; None = still in office
    place: str | None = None
    note: str | None = None

    def valid_on(self, day: dt.date | None) -> bool:
        """Whether the role was held on ``day`` (``None``: held now, i.e. not ended)."""
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    aliases: tuple[str, ...]
    roles: tuple[Role, ...]
    source: str = ""


@dataclass(frozen=True, slots=True)
class Entries:
    """Everything read from a set of files, in file order, before cross-checks."""

    countries: tuple[Country, ...] = ()
    organisations: tuple[Organisation, ...] = ()
    agents: tuple[AgentTerm, ...] = ()
    people: tuple[Person, ...] = ()


def parse_partial_date(value: object) -> dt.date | None:
    """YYYY-MM-DD, YYYY-MM or YYYY (as a date, string or int) -> the first day of that period."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = (
        str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
    )
    try:
        if re.fullmatch(r"\d{4}", text):
            return dt.date(int(text), 1, 1)
        if re.fullmatch(r"\d{4}-\d{2}", text):
            return dt.date(int(text[:4]), int(text[5:]), 1)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return dt.date.fromisoformat(text)
    except ValueError:
        return None
    return None


# The schemas of the four sections' entries as written in the files (data/actors/README.md).
_NAMES = rule(one_or_many=False, unique=True)
_ID = rule(
    pattern=r"Q[1-9][0-9]*|cq:[a-z]+:[a-z0-9][a-z0-9-]*",
    means="a Wikidata QID (Q123) or cq:<kind>:<slug>",
)
_SECTOR = rule(choices=tuple(sorted(SECTORS)))
_DATE = rule(convert=parse_partial_date, means="a date YYYY-MM-DD, YYYY-MM or YYYY")


@dataclass(frozen=True, slots=True, kw_only=True)
class _CountryEntry:
    code: str = field(metadata=rule(pattern="[A-Z]{3}", means="an ISO 3166 alpha-3 code"))
    name: str
    names: tuple[str, ...] = field(default=(), metadata=_NAMES)
    demonyms: tuple[str, ...] = field(default=(), metadata=_NAMES)
    capitals: tuple[str, ...] = field(default=(), metadata=_NAMES)
    fips: str | None = None
    cameo: str | None = None  # the code itself when not given
    leader: str = field(
        default="head_of_state", metadata=rule(choices=("head_of_government", "head_of_state"))
    )
    family_name_first: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class _OrganisationEntry:
    id: str = field(metadata=_ID)
    name: str
    aliases: tuple[str, ...] = field(default=(), metadata=_NAMES)
    country: str
    sector: str = field(metadata=_SECTOR)
    kind: str = field(metadata=rule(choices=tuple(sorted(ORG_KINDS))))
    cameo: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class _AgentEntry:
    terms: tuple[str, ...] = field(
        metadata=rule(one_or_many=False, unique=True, at_least_one="term")
    )
    sector: str = field(metadata=_SECTOR)
    office: str | None = field(default=None, metadata=rule(choices=tuple(sorted(AGENT_OFFICES))))
    country: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class _RoleEntry:
    country: str
    sector: str = field(metadata=_SECTOR)
    title: str
    office: str = field(default="other", metadata=rule(choices=tuple(sorted(OFFICES))))
    start: dt.date | None = field(default=None, metadata=_DATE)
    end: dt.date | None = field(default=None, metadata=_DATE)
    place: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class _PersonEntry:
    id: str = field(metadata=_ID)
    name: str
    aliases: tuple[str, ...] = field(default=(), metadata=_NAMES)
    roles: Any = None  # a list of _RoleEntry


def _country(path: str, raw: Any) -> Country:
    entry = read_record(raw, _CountryEntry, path, "country")
    return Country(
        code=entry.code,
        name=entry.name,
        names=entry.names,
        demonyms=entry.demonyms,
        capitals=entry.capitals,
        fips=entry.fips,
        cameo=entry.cameo or entry.code,
        leader=entry.leader,
        family_name_first=entry.family_name_first,
        source=f"{path}:{line_of(raw)}",
    )


def _organisation(path: str, raw: Any) -> Organisation:
    entry = read_record(raw, _OrganisationEntry, path, "organisation")
    return Organisation(
        **{key: getattr(entry, key) for key in schema_keys(_OrganisationEntry)},
        source=f"{path}:{line_of(raw)}",
    )


def _agent(path: str, raw: Any) -> AgentTerm:
    entry = read_record(raw, _AgentEntry, path, "agent entry")
    return AgentTerm(
        **{key: getattr(entry, key) for key in schema_keys(_AgentEntry)},
        source=f"{path}:{line_of(raw)}",
    )


def _role(path: str, raw: Any) -> Role:
    entry = read_record(raw, _RoleEntry, path, "role")
    if entry.start is not None and entry.end is not None and entry.end < entry.start:
        raise DataFileError(
            path, line_of(raw), f"role ends ({entry.end}) before it starts ({entry.start})"
        )
    return Role(**{key: getattr(entry, key) for key in schema_keys(_RoleEntry)})


def _person(path: str, raw: Any) -> Person:
    entry = read_record(raw, _PersonEntry, path, "person")
    roles = entry.roles or []
    if not isinstance(roles, list):
        raise DataFileError(path, line_of(raw), f"'roles' must be a list of roles, got {roles!r}")
    return Person(
        id=entry.id,
        name=entry.name,
        aliases=entry.aliases,
        roles=tuple(_role(path, role) for role in roles),
        source=f"{path}:{line_of(raw)}",
    )


_PARSERS: dict[str, Callable[[str, Any], Any]] = {
    "countries": _country,
    "organisations": _organisation,
    "agents": _agent,
    "people": _person,
}


def parse_section(section: str, path: str, data: Any) -> tuple[Any, ...]:
    """Parse a list of entries of one section (``countries``, ``organisations``, ...)."""
    if data is None:
        return ()
    if not isinstance(data, list):
        raise DataFileError(path, None, f"{section} must be a YAML list of entries")
    parse = _PARSERS[section]
    return tuple(parse(path, item) for item in data)


def parse_user_file(path: Path) -> Entries:
    """A user file: a mapping whose keys are sections, each a list in the shipped format."""
    return parse_user_text(path, read_data_text(path))


def parse_user_text(path: str | Path, text: str) -> Entries:
    """The text of a user file (``path`` names it in errors)."""
    data = parse_yaml(text, path)
    if data is None:
        return Entries()
    if not isinstance(data, dict):
        raise DataFileError(
            path, None, f"a user actor file must be a mapping with sections {list(SECTIONS)}"
        )
    unknown = sorted(str(k) for k in data if k not in SECTIONS)
    if unknown:
        raise DataFileError(
            path, line_of(data), f"unknown section(s) {unknown}; allowed: {list(SECTIONS)}"
        )
    where = str(path)
    return Entries(
        countries=parse_section("countries", where, data.get("countries")),
        organisations=parse_section("organisations", where, data.get("organisations")),
        agents=parse_section("agents", where, data.get("agents")),
        people=parse_section("people", where, data.get("people")),
    )


def source_error(source: str, message: str) -> DataFileError:
    """A DataFileError for an entry whose ``source`` is ``path:line``."""
    path, _, line = source.rpartition(":")
    return DataFileError(path, int(line) if line.isdigit() else None, message)
