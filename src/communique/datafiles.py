"""The one reader of knowledge files (YAML and TSV, plain or .gz) and the one record checker.

Every stage keeps its knowledge in data files, and every mistake in one must be reported as
``path:line: what is wrong`` (a ``DataFileError``), never as a KeyError three stages later.
So the reading lives here, once:

* ``load_yaml`` / ``parse_yaml`` read YAML safely; every mapping comes back as a ``LineMap``,
  a dict that also knows the line it starts on and the line of each of its values.
* ``tsv_rows`` yields the data rows of a tab-separated file with their line numbers.
* ``read_record`` checks one mapping against a schema the stage declares once: a dataclass
  whose field types (``str``, ``bool``, ``int``, ``tuple[str, ...]``, optional with ``| None``,
  or ``Any`` for a nested value the stage reads itself) and ``rule(...)`` metadata say what
  each key may hold. Unknown keys, missing keys and wrong values are named with file and line.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml

from communique.compressed import read_text
from communique.errors import DataFileError

T = TypeVar("T")


class LineMap(dict[Any, Any]):
    """A YAML mapping that remembers where it is in its file (1-based lines)."""

    __slots__ = ("key_lines", "line")

    def __init__(self, items: dict[Any, Any], line: int, key_lines: dict[str, int]) -> None:
        super().__init__(items)
        self.line = line
        self.key_lines = key_lines  # key -> the line its value starts on


def line_of(value: Any, key: str | None = None, default: int | None = None) -> int | None:
    """The line ``value`` (a mapping read here) starts on, or the line of its ``key``'s value."""
    if not isinstance(value, LineMap):
        return default
    if key is not None:
        return value.key_lines.get(key, value.line)
    return value.line


# libyaml's loader when present (about five times faster on the shipped files), else pure Python.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """A safe loader (no arbitrary objects) whose mappings are LineMaps."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineMap:
    key_lines = {str(key.value): value.start_mark.line + 1 for key, value in node.value}
    return LineMap(loader.construct_mapping(node, deep=True), node.start_mark.line + 1, key_lines)


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> str:
    # Dates stay text and are parsed by the stage's checks, so that "2020-13-45" is reported
    # with its file and line instead of escaping as a ValueError from the YAML library.
    return str(loader.construct_scalar(node))


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def read_data_text(path: Any) -> str:
    """The text of a data file (a Path or an importlib Traversable; ``.gz`` is unzipped)."""
    try:
        return read_text(path)
    except OSError as exc:
        raise DataFileError(
            str(path),
            None,
            f"cannot read the file: {exc} (a file that cannot be read stops the load)",
        ) from exc


def parse_yaml(text: str, path: str | Path) -> Any:
    """Parse YAML text (``path`` names it in errors); mappings come back as LineMaps."""
    try:
        return yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark is not None else None
        raise DataFileError(
            path, line, f"invalid YAML: {exc.problem} (not valid YAML here)"
        ) from exc
    except yaml.YAMLError as exc:
        raise DataFileError(path, None, f"invalid YAML: {exc} (not valid YAML)") from exc


def load_yaml(path: Any) -> Any:
    """Read and parse a YAML data file (a Path or a Traversable, plain or ``.gz``)."""
    return parse_yaml(read_data_text(path), str(path))


def tsv_rows(path: Any, width: int | None = None) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) for each data row; '#' lines and blank lines are skipped.

    With ``width``, a row of another number of fields is an error and fields are stripped.
    """
    for number, line in enumerate(read_data_text(path).splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if width is None:
            yield number, fields
            continue
        if len(fields) != width:
            raise DataFileError(
                str(path),
                number,
                f"expected {width} tab-separated fields (columns), found {len(fields)}",
            )
        yield number, [field.strip() for field in fields]


# ---------------------------------------------------------------------------- record checks
@dataclass(frozen=True, slots=True)
class Rule:
    """What one key of a record may hold, beyond its type (see ``rule``)."""

    choices: tuple[str, ...] = ()
    pattern: str = ""  # the whole (stripped) text must match this regex
    means: str = ""  # what ``pattern`` or ``convert`` wants, for the message
    convert: Callable[[Any], Any] | None = None  # value -> typed value; None (or ValueError): bad
    at_least_one: str = ""  # a list must not be empty: what one item is ("term")
    one_or_many: bool = False  # a single scalar stands for a list of one
    minimum: int | None = None
    keep_spaces: bool = False  # text is kept as written (a regex), not stripped
    unique: bool = False  # a list keeps the first of repeated items


def rule(**kwargs: Any) -> dict[str, Rule]:
    """Field metadata: ``code: str = field(metadata=rule(pattern="[A-Z]{3}", means=...))``."""
    return {"rule": Rule(**kwargs)}


_NO_RULE = Rule()


_FieldSpec = tuple[str, Any, bool, Rule]
_SCHEMAS: dict[type[Any], tuple[_FieldSpec, ...]] = {}  # schema -> its fields, worked out once


def _schema_fields(schema: type[Any]) -> tuple[_FieldSpec, ...]:
    """(name, type, required, rule) of each field of a schema dataclass."""
    if schema not in _SCHEMAS:
        _SCHEMAS[schema] = _field_specs(schema)
    return _SCHEMAS[schema]


def _field_specs(schema: type[Any]) -> tuple[_FieldSpec, ...]:
    hints = typing.get_type_hints(schema)
    return tuple(
        (
            f.name,
            hints[f.name],
            f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING,
            f.metadata.get("rule", _NO_RULE),
        )
        for f in dataclasses.fields(schema)
    )


def schema_keys(schema: type[Any]) -> tuple[str, ...]:
    """The keys a record of ``schema`` may have, in declaration order."""
    return tuple(name for name, *_ in _schema_fields(schema))


def read_record(
    raw: Any, schema: type[T], path: str | Path, what: str, fallback_line: int | None = None
) -> T:
    """Check the mapping ``raw`` against the dataclass ``schema``; DataFileError otherwise."""
    if not isinstance(raw, dict):
        raise DataFileError(path, fallback_line, f"each {what} must be a mapping, got {raw!r}")
    line = line_of(raw, default=fallback_line)
    allowed = schema_keys(schema)
    unknown = sorted(str(key) for key in raw if key not in allowed)
    if unknown:
        raise DataFileError(
            path, line, f"unknown keys {unknown}: unknown {what} key(s); allowed: {list(allowed)}"
        )
    values: dict[str, Any] = {}
    for name, kind, required, field_rule in _schema_fields(schema):
        value = raw.get(name)
        if value is None:
            if required:
                raise DataFileError(path, line, f"missing required key {name!r} in {what}")
            continue
        try:
            values[name] = _checked(value, kind, field_rule, name)
        except ValueError as exc:
            raise DataFileError(path, line, str(exc)) from None
    return schema(**values)


def read_value(
    value: Any, kind: Any, path: str | Path, line: int | None, key: str, **rules: Any
) -> Any:
    """One value checked as ``kind`` (a schema field type) and ``rules`` (as in ``rule``)."""
    try:
        return _checked(value, kind, Rule(**rules), key)
    except ValueError as exc:
        raise DataFileError(path, line, str(exc)) from None


def _checked(value: Any, kind: Any, field_rule: Rule, key: str) -> Any:
    """``value`` as ``kind``, or ValueError with the message."""
    if isinstance(kind, types.UnionType):  # "X | None": None never gets here
        (kind,) = (arg for arg in typing.get_args(kind) if arg is not type(None))
    if field_rule.convert is not None:
        try:
            converted = field_rule.convert(value)
        except (TypeError, ValueError):  # a converter may raise instead of returning None
            converted = None
        if converted is None:
            raise ValueError(f"{key!r} must be {field_rule.means}, got {value!r}")
        return converted
    if kind is Any:
        return value
    if kind is bool:
        if not isinstance(value, bool):
            raise ValueError(f"{key!r} must be true or false, got {value!r}")
        return value
    if kind is int:
        low = field_rule.minimum
        if (
            not isinstance(value, int)
            or isinstance(value, bool)
            or (low is not None and value < low)
        ):
            at_least = f" >= {low}" if low is not None else ""
            raise ValueError(f"{key} must be a whole number{at_least}, got {value!r}")
        return value
    if kind is str:
        return _text(value, field_rule, key)
    if typing.get_origin(kind) is tuple:
        return _string_list(value, key, one_or_many=field_rule.one_or_many, field_rule=field_rule)
    raise TypeError(f"cannot check a field of type {kind!r}")  # a bug in a schema


def _text(value: Any, field_rule: Rule, key: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{key!r} must be a non-empty string, got {value!r}")
    text = value if field_rule.keep_spaces else value.strip()
    if field_rule.choices and text not in field_rule.choices:
        raise ValueError(f"{key} {text!r} is not one of {', '.join(field_rule.choices)}")
    if field_rule.pattern and not re.fullmatch(field_rule.pattern, text):
        raise ValueError(f"{key} must be {field_rule.means}, got {text!r}")
    return text


def _string_list(
    value: Any, key: str, *, one_or_many: bool = True, field_rule: Rule = _NO_RULE
) -> tuple[str, ...]:
    """A list of non-empty strings (stripped) as a tuple; ValueError otherwise.

    With ``one_or_many`` a single string or number stands for a list of one, and numbers in
    the list are read as their text (``cameo: 040`` lists written by hand).
    """
    if value is None:
        items: list[Any] = []
    elif one_or_many and isinstance(value, str | int | float) and not isinstance(value, bool):
        items = [value]
    elif isinstance(value, list):
        items = value
    else:
        items = [None]  # reported below
    scalars = (str, int, float) if one_or_many else (str,)
    if not all(isinstance(v, scalars) and not isinstance(v, bool) for v in items) or not all(
        str(v).strip() for v in items
    ):
        raise ValueError(f"{key!r} must be a list of non-empty strings, got {value!r}")
    texts = tuple(str(v).strip() for v in items)
    if field_rule.unique:
        texts = tuple(dict.fromkeys(texts))
    if field_rule.at_least_one and not texts:
        raise ValueError(f"{key!r} must list at least one {field_rule.at_least_one}")
    for text in texts:
        _text(text, field_rule, key)
    return texts
