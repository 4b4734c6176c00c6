"""Reading the events stage's YAML and TSV knowledge files with line numbers for errors."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from communique.compressed import read_text
from communique.errors import DataFileError

# Key added to every mapping read by ``load_yaml_with_lines``: the 1-based line it starts on.
LINE_KEY = "__line__"


class _LineLoader(yaml.SafeLoader):
    """A safe loader that records where each mapping starts, so errors can name the line."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    mapping: dict[Any, Any] = loader.construct_mapping(node, deep=True)
    mapping[LINE_KEY] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml_with_lines(path: Path) -> Any:
    """Parse a YAML file; every mapping in it carries its line under ``LINE_KEY``."""
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise DataFileError(path, None, f"cannot read the file: {exc}") from exc
    try:
        return yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass: no arbitrary objects
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise DataFileError(path, line, f"not valid YAML: {exc}") from exc


def iter_tsv(path: Path) -> Iterator[tuple[int, list[str]]]:
    """Yield (line number, fields) for each data row; '#' lines and blank lines are skipped."""
    try:
        lines = read_text(path).splitlines()
    except OSError as exc:
        raise DataFileError(path, None, f"cannot read the file: {exc}") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip() or line.startswith("#"):
            continue
        yield number, line.split("\t")


def string_list(value: Any, path: Path, line: int, field: str) -> tuple[str, ...]:
    """A YAML scalar or list of scalars as a tuple of strings; anything else is an error."""
    if value is None:
        return ()
    if isinstance(value, str | int | float):
        return (str(value),)
    if isinstance(value, list) and all(isinstance(item, str | int | float) for item in value):
        return tuple(str(item) for item in value)
    raise DataFileError(
        path, line, f"{field!r} must be a string or a list of strings, got {value!r}"
    )
