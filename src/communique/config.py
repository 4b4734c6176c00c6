"""Typed settings: the shipped defaults, overlaid by a user file, then by overrides.

Every default value is written once, in ``default_config.toml`` (with a line on why); the
dataclasses here declare each setting's type and take their defaults from that file, so the
two cannot drift. Validated once, at load time, so that a bad value fails before any article
is read.
"""

from __future__ import annotations

import tomllib
import typing
from dataclasses import dataclass, field, fields
from importlib import resources
from pathlib import Path
from typing import Any

from communique.errors import ConfigError

DEFAULTS_FILE = "default_config.toml"
_SHIPPED: dict[str, Any] = tomllib.loads(
    resources.files("communique").joinpath(DEFAULTS_FILE).read_text("utf-8")
)


def _default(section: str, key: str) -> Any:
    """The shipped default of ``section.key`` (a TOML list as a tuple)."""
    try:
        value = _SHIPPED[section][key]
    except KeyError:
        raise ConfigError(f"{DEFAULTS_FILE} has no default for {section}.{key}") from None
    return tuple(value) if isinstance(value, list) else value


@dataclass(frozen=True, slots=True)
class NlpSettings:
    model: str = _default("nlp", "model")
    batch_size: int = _default("nlp", "batch_size")
    max_chars: int = _default("nlp", "max_chars")


@dataclass(frozen=True, slots=True)
class IngestSettings:
    max_bytes: int = _default("ingest", "max_bytes")
    min_chars: int = _default("ingest", "min_chars")


@dataclass(frozen=True, slots=True)
class StoreSettings:
    path: str = _default("store", "path")


@dataclass(frozen=True, slots=True)
class ActorSettings:
    user_files: tuple[str, ...] = _default("actors", "user_files")


@dataclass(frozen=True, slots=True)
class EventSettings:
    pattern_files: tuple[str, ...] = _default("events", "pattern_files")
    imported_patterns: bool = _default("events", "imported_patterns")


@dataclass(frozen=True, slots=True)
class IssueSettings:
    user_files: tuple[str, ...] = _default("issues", "user_files")


@dataclass(frozen=True, slots=True)
class ApiSettings:
    token_env: str = _default("api", "token_env")
    token: str = _default("api", "token")
    max_body_bytes: int = _default("api", "max_body_bytes")
    page_size: int = _default("api", "page_size")
    write_per_minute: int = _default("api", "write_per_minute")
    write_burst: int = _default("api", "write_burst")
    read_per_second: int = _default("api", "read_per_second")
    read_burst: int = _default("api", "read_burst")


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


def _checked(value: Any, kind: Any, where: str, setting: str) -> Any:
    """``value`` as the declared type ``kind``; ConfigError naming the setting otherwise."""
    if typing.get_origin(kind) is tuple:
        if not isinstance(value, list | tuple):
            raise ConfigError(f"{where}: {setting} must be a list, got {value!r}")
        return tuple(str(v) for v in value)
    # bool is an int to Python: a flag takes only true/false, a number never a flag
    if isinstance(value, bool) != (kind is bool) or not isinstance(value, kind):
        raise ConfigError(f"{where}: {setting} must be {kind.__name__}, got {value!r}")
    return value


def _build(raw: dict[str, Any], where: str) -> Settings:
    sections: dict[str, Any] = {}
    for name, values in raw.items():
        cls = _SECTIONS.get(name)
        if cls is None:
            raise ConfigError(
                f"{where}: unknown section [{name}]; expected one of {sorted(_SECTIONS)}"
            )
        kinds = typing.get_type_hints(cls)
        known = {f.name for f in fields(cls)}
        kwargs: dict[str, Any] = {}
        for key, value in values.items():
            if key not in known:
                raise ConfigError(f"{where}: unknown setting {name}.{key}")
            kwargs[key] = _checked(value, kinds[key], where, f"{name}.{key}")
        sections[name] = cls(**kwargs)
    return Settings(**sections)


def load_settings(path: str | Path | None = None, **overrides: Any) -> Settings:
    """Load the defaults, lay the user file at ``path`` over them, then ``overrides``.

    ``overrides`` use dotted keys with ``__`` for the dot: ``nlp__model="en_core_web_md"``.
    """
    raw = _SHIPPED
    where = DEFAULTS_FILE
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
