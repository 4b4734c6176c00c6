"""The places stage's own knowledge files, validated with errors that name file and line.

* ``places.tsv``: curated places and variants (seas, regions, the capital called "Washington").
* ``country_names.tsv``: other names for countries ("Britain", "U.S.").
* ``admin1_names.tsv``: other names for US states ("Calif.").
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from communique.datafiles import tsv_rows
from communique.errors import DataFileError
from communique.records import PLACE_FEATURES, Place

FEATURES = PLACE_FEATURES
_PLACE_COLUMNS = ("names", "country", "lat", "lon", "geonameid", "feature", "admin1", "preferred")


@dataclass(frozen=True, slots=True)
class CuratedPlace:
    """One row of ``places.tsv``: a place and every name it goes by."""

    place: Place
    names: tuple[str, ...]
    preferred: bool


def data_dir() -> Path:
    """The folder of the shipped files (src/communique/data/places)."""
    return Path(str(resources.files("communique").joinpath("data", "places")))


def _names(path: Path, line: int, field: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in field.split("|") if name.strip())
    if not names:
        raise DataFileError(path, line, "no names given")
    return names


def _iso3(path: Path, line: int, code: str, *, optional: bool) -> str | None:
    if not code and optional:
        return None
    if len(code) != 3 or not code.isalpha() or not code.isupper():
        raise DataFileError(path, line, f"country must be an ISO 3166 alpha-3 code, got {code!r}")
    return code


def _number(path: Path, line: int, column: str, text: str, low: float, high: float) -> float:
    try:
        value = float(text)
    except ValueError:
        raise DataFileError(path, line, f"{column} must be a number, got {text!r}") from None
    if not low <= value <= high:
        raise DataFileError(path, line, f"{column} must lie between {low} and {high}")
    return value


def load_curated_places(path: Path | None = None) -> tuple[CuratedPlace, ...]:
    """Read ``places.tsv`` (or ``path``); raise DataFileError naming the line of a bad row."""
    path = path or data_dir() / "places.tsv"
    curated: list[CuratedPlace] = []
    for line, fields in tsv_rows(path, len(_PLACE_COLUMNS)):
        names_field, country, lat, lon, geonameid, feature, admin1, preferred = fields
        names = _names(path, line, names_field)
        if feature not in FEATURES:
            raise DataFileError(path, line, f"feature must be one of {FEATURES}, got {feature!r}")
        if geonameid and not geonameid.isdigit():
            raise DataFileError(path, line, f"geonameid must be a whole number, got {geonameid!r}")
        if preferred not in ("yes", "no", ""):
            raise DataFileError(path, line, f"preferred must be yes or no, got {preferred!r}")
        place = Place(
            name=names[0],
            country=_iso3(path, line, country, optional=feature in ("sea", "region")),
            lat=_number(path, line, "lat", lat, -90, 90),
            lon=_number(path, line, "lon", lon, -180, 180),
            geonameid=int(geonameid) if geonameid else None,
            feature=feature,
            admin1=admin1 or None,
        )
        curated.append(CuratedPlace(place, names, preferred == "yes"))
    return tuple(curated)


def load_name_table(path: Path, *, key: str) -> dict[str, tuple[str, ...]]:
    """Read a two-column table of ``code<TAB>name|name``; ``key`` says what the code is."""
    table: dict[str, tuple[str, ...]] = {}
    for line, (code, names_field) in tsv_rows(path, 2):
        if key == "iso3":
            _iso3(path, line, code, optional=False)
        elif not (len(code) == 2 and code.isalpha() and code.isupper()):
            raise DataFileError(path, line, f"{key} must be a two-letter code, got {code!r}")
        if code in table:
            raise DataFileError(path, line, f"{code} is listed twice")
        table[code] = _names(path, line, names_field)
    return table
