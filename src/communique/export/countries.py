"""Country codes for GDELT: ISO3 to CAMEO country code, FIPS 10-4 code and English name.

The facts live in the actors knowledge base (``data/actors/countries.yaml``: ``code``,
``name``, ``fips``, ``cameo``), so a country is added in one place. GDELT writes actor
countries as CAMEO codes and geography as FIPS 10-4 codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from communique.errors import DataFileError

COUNTRIES_FILE = Path(str(resources.files("communique"))) / "data" / "actors" / "countries.yaml"

_ISO3 = re.compile(r"[A-Z]{3}")
_FIPS = re.compile(r"[A-Z]{2}")


@dataclass(frozen=True, slots=True)
class CountryCodes:
    iso3: str
    name: str
    fips: str | None
    cameo: str


def _entry(item: Any, path: Path, line: int) -> CountryCodes:
    if not isinstance(item, dict):
        raise DataFileError(path, line, "expected a mapping with code, name, fips, cameo")
    code = item.get("code")
    if not isinstance(code, str) or not _ISO3.fullmatch(code):
        raise DataFileError(path, line, f"code must be an ISO 3166 alpha-3 code, got {code!r}")
    fips = item.get("fips")
    if fips is not None and (not isinstance(fips, str) or not _FIPS.fullmatch(fips)):
        raise DataFileError(path, line, f"{code}: fips must be two capital letters, got {fips!r}")
    cameo = item.get("cameo") or code
    if not isinstance(cameo, str) or not _ISO3.fullmatch(cameo):
        raise DataFileError(path, line, f"{code}: cameo must be three capitals, got {cameo!r}")
    return CountryCodes(code, str(item.get("name") or code), fips, cameo)


def load_country_codes(path: str | Path = COUNTRIES_FILE) -> dict[str, CountryCodes]:
    """ISO3 code → codes; raises ``DataFileError`` naming the file and line of a bad entry."""
    path = Path(path)
    try:
        text = path.read_text("utf-8")
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        items = yaml.safe_load(text)
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileError(path, None, f"cannot read country codes: {exc}") from exc
    if root is None:
        return {}
    if not isinstance(items, list) or not isinstance(root, yaml.SequenceNode):
        raise DataFileError(path, 1, "expected a list of countries")
    codes: dict[str, CountryCodes] = {}
    for node, item in zip(root.value, items, strict=True):
        line = node.start_mark.line + 1
        entry = _entry(item, path, line)
        if entry.iso3 in codes:
            raise DataFileError(path, line, f"{entry.iso3} is listed twice")
        codes[entry.iso3] = entry
    return codes


@cache
def country_codes() -> dict[str, CountryCodes]:
    """The packaged table, read once."""
    return load_country_codes()
