"""Read and validate the actor knowledge files (YAML) into typed entries.

Every entry keeps the file and line it came from, so that a mistake in a shipped or a user file
is reported as ``path:line: what is wrong`` (a ``DataFileError``), never as a KeyError later on.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from communique.compressed import read_text
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

_ISO3 = re.compile(r"^[A-Z]{3}$")
_ID = re.compile(r"^(Q[1-9][0-9]*|cq:[a-z]+:[a-z0-9][a-z0-9-]*)$")
_LINE = "__line__"


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


# libyaml's loader when present (about five times faster on the shipped files), else pure Python.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """A safe loader that records the line of every mapping under ``__line__``."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping: dict[Any, Any] = loader.construct_mapping(node, deep=True)
    mapping[_LINE] = node.start_mark.line + 1
    return mapping


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    # Dates stay text here and are parsed by the validator, so that "2020-13-45" is reported
    # with its file and line instead of escaping as a ValueError from the YAML library.
    return str(loader.construct_scalar(node))


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def read_yaml(path: str | Path, text: str) -> Any:
    """Parse YAML text, turning syntax errors into DataFileError with the line."""
    try:
        return yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark is not None else None
        raise DataFileError(path, line, f"invalid YAML: {exc.problem}") from exc
    except yaml.YAMLError as exc:
        raise DataFileError(path, None, f"invalid YAML: {exc}") from exc


class _Fields:
    """Typed access to one mapping, with errors that name the file, line and key."""

    def __init__(self, path: str, raw: Any, allowed: Iterable[str], what: str) -> None:
        if not isinstance(raw, dict):
            raise DataFileError(path, None, f"each {what} must be a mapping, got {raw!r}")
        self.path = path
        self.line: int | None = raw.get(_LINE)
        self.raw = raw
        allowed = tuple(allowed)
        unknown = sorted(str(k) for k in raw if k != _LINE and k not in allowed)
        if unknown:
            raise self.error(f"unknown key(s) {unknown} in {what}; allowed: {list(allowed)}")

    def error(self, message: str) -> DataFileError:
        return DataFileError(self.path, self.line, message)

    def text(self, key: str, required: bool = True) -> str | None:
        value = self.raw.get(key)
        if value is None:
            if required:
                raise self.error(f"missing required key {key!r}")
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.error(f"{key!r} must be a non-empty string, got {value!r}")
        return value.strip()

    def req(self, key: str) -> str:
        value = self.text(key)
        assert value is not None  # text() raised otherwise
        return value

    def texts(self, key: str) -> tuple[str, ...]:
        value = self.raw.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.error(f"{key!r} must be a list of non-empty strings, got {value!r}")
        return tuple(dict.fromkeys(v.strip() for v in value))

    def choice(self, key: str, allowed: frozenset[str], required: bool = True) -> str | None:
        value = self.text(key, required)
        if value is not None and value not in allowed:
            raise self.error(f"{key!r} is {value!r}; expected one of {sorted(allowed)}")
        return value

    def date(self, key: str) -> dt.date | None:
        value = self.raw.get(key)
        if value is None:
            return None
        parsed = parse_partial_date(value)
        if parsed is None:
            raise self.error(f"{key!r} must be a date YYYY-MM-DD, YYYY-MM or YYYY, got {value!r}")
        return parsed


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


def _country(path: str, raw: Any) -> Country:
    f = _Fields(
        path,
        raw,
        (
            "code",
            "name",
            "names",
            "demonyms",
            "capitals",
            "fips",
            "cameo",
            "leader",
            "family_name_first",
        ),
        "country",
    )
    code = f.req("code")
    if not _ISO3.match(code):
        raise f.error(f"'code' must be an ISO 3166 alpha-3 code (three capitals), got {code!r}")
    leader = f.choice("leader", frozenset({"head_of_state", "head_of_government"}), False)
    family_first = f.raw.get("family_name_first", False)
    if not isinstance(family_first, bool):
        raise f.error(f"'family_name_first' must be true or false, got {family_first!r}")
    return Country(
        code=code,
        name=f.req("name"),
        names=f.texts("names"),
        demonyms=f.texts("demonyms"),
        capitals=f.texts("capitals"),
        fips=f.text("fips", required=False),
        cameo=f.text("cameo", required=False) or code,
        leader=leader or "head_of_state",
        family_name_first=family_first,
        source=f"{path}:{f.line}",
    )


def _id(f: _Fields) -> str:
    value = f.req("id")
    if not _ID.match(value):
        raise f.error(f"'id' must be a Wikidata QID (Q123) or cq:<kind>:<slug>, got {value!r}")
    return value


def _organisation(path: str, raw: Any) -> Organisation:
    f = _Fields(
        path, raw, ("id", "name", "aliases", "country", "sector", "kind", "cameo"), "organisation"
    )
    return Organisation(
        id=_id(f),
        name=f.req("name"),
        aliases=f.texts("aliases"),
        country=f.req("country"),
        sector=f.choice("sector", SECTORS) or "",
        kind=f.choice("kind", ORG_KINDS) or "",
        cameo=f.text("cameo", required=False),
        source=f"{path}:{f.line}",
    )


def _agent(path: str, raw: Any) -> AgentTerm:
    f = _Fields(path, raw, ("terms", "sector", "office", "country"), "agent entry")
    terms = f.texts("terms")
    if not terms:
        raise f.error("'terms' must list at least one term")
    return AgentTerm(
        terms=terms,
        sector=f.choice("sector", SECTORS) or "",
        office=f.choice("office", AGENT_OFFICES, required=False),
        country=f.text("country", required=False),
        source=f"{path}:{f.line}",
    )


def _role(path: str, raw: Any) -> Role:
    f = _Fields(
        path,
        raw,
        ("country", "sector", "title", "office", "start", "end", "place", "note"),
        "role",
    )
    start, end = f.date("start"), f.date("end")
    if start is not None and end is not None and end < start:
        raise f.error(f"role ends ({end}) before it starts ({start})")
    return Role(
        country=f.req("country"),
        sector=f.choice("sector", SECTORS) or "",
        title=f.req("title"),
        office=f.choice("office", OFFICES, required=False) or "other",
        start=start,
        end=end,
        place=f.text("place", required=False),
        note=f.text("note", required=False),
    )


def _person(path: str, raw: Any) -> Person:
    f = _Fields(path, raw, ("id", "name", "aliases", "roles"), "person")
    roles_raw = f.raw.get("roles") or []
    if not isinstance(roles_raw, list):
        raise f.error(f"'roles' must be a list of roles, got {roles_raw!r}")
    return Person(
        id=_id(f),
        name=f.req("name"),
        aliases=f.texts("aliases"),
        roles=tuple(_role(path, r) for r in roles_raw),
        source=f"{path}:{f.line}",
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
    try:
        text = read_text(path)
    except OSError as exc:
        raise DataFileError(path, None, f"cannot read actor file: {exc}") from exc
    return parse_user_text(path, text)


def parse_user_text(path: str | Path, text: str) -> Entries:
    """The text of a user file (``path`` names it in errors)."""
    data = read_yaml(path, text)
    if data is None:
        return Entries()
    if not isinstance(data, dict):
        raise DataFileError(
            path, None, f"a user actor file must be a mapping with sections {list(SECTIONS)}"
        )
    unknown = sorted(str(k) for k in data if k != _LINE and k not in SECTIONS)
    if unknown:
        raise DataFileError(
            path, data.get(_LINE), f"unknown section(s) {unknown}; allowed: {list(SECTIONS)}"
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
