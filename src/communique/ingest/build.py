"""From what a reader found to an ``Article``: text checks, the id and the publication date."""

from __future__ import annotations

import datetime as dt
import logging
import math
from dataclasses import dataclass, replace
from typing import Any, Final, Literal

from communique.config import IngestSettings
from communique.ingest.datelines import parse_date, read_dateline, year_from_url
from communique.ingest.identity import article_id, repair_text
from communique.records import Article, Dateline, PublishedBasis, Rejected

STAGE: Final = "ingest"

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Found:
    """A story as a format reader found it, before dates and ids are settled."""

    text: str
    origin: str
    title: str | None = None
    date_value: Any = None  # the raw date from the record or front matter
    date_basis: Literal["record", "front-matter"] = "record"  # where date_value came from
    html_date: dt.date | None = None
    url: str | None = None
    source: str | None = None
    source_id: str | None = None  # the record's own id, already a string


@dataclass(frozen=True, slots=True)
class DateChoice:
    published: dt.date | None
    basis: PublishedBasis
    note: str


def choose_date(
    found: Found, option: dt.date | None, dateline: Dateline | None = None
) -> DateChoice:
    """Record/front matter first, then the --published option, HTML metadata, the dateline."""
    problems: list[str] = []
    value = found.date_value
    if value is not None and not (isinstance(value, str) and not value.strip()):
        parsed = parse_date(value)
        label = "front matter" if found.date_basis == "front-matter" else "record"
        if parsed is not None:
            return DateChoice(parsed, found.date_basis, f"from the {label} date {value!s}")
        problems.append(f"the {label} date {value!r} could not be parsed")
    if option is not None:
        return DateChoice(option, "option", _with("from --published", problems))
    if found.html_date is not None:
        return DateChoice(
            found.html_date, "html-metadata", _with("from the page metadata", problems)
        )
    if dateline is not None and dateline.date is not None:
        return DateChoice(dateline.date, "dateline", _with("from the dateline", problems))
    if dateline is not None and dateline.note:
        problems.append(dateline.note)
    reason = "no date in record, no --published, no dateline"
    return DateChoice(None, "none", "; ".join([*problems, reason]))


def _with(note: str, problems: list[str]) -> str:
    return "; ".join([note, *problems])


def _clean_field(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, int | float):
        return str(value)
    return None


def _clean_id(value: Any) -> str | None:
    """A record's own id as a string: text as written (trimmed), a whole or finite number as
    its digits; None for anything else (a list, an object, true/false, NaN)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return _clean_field(value)


def normalise_newlines(text: str) -> str:
    """One line ending everywhere, so that line-based cleaning sees the same text on any OS."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _unencodable(value: str) -> int | None:
    """Where ``value`` holds a lone surrogate ("\\ud800" in JSON), which no file can store."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        return exc.start
    return None


def _invalid_text(found: Found) -> str | None:
    for name, value in (
        ("text", found.text),
        ("title", found.title),
        ("url", found.url),
        ("source", found.source),
        ("id", found.source_id),
    ):
        at = _unencodable(value) if isinstance(value, str) else None
        if at is not None:
            return (
                f"The {name!r} field holds an unpaired surrogate at character {at}, which is "
                "not valid Unicode; fix the encoding of the source."
            )
    return None


def build_article(
    found: Found, option: dt.date | None, settings: IngestSettings
) -> Article | Rejected:
    """The Article, or a Rejected record when the text is empty, too short or not Unicode."""
    invalid = _invalid_text(found)
    if invalid is not None:
        return Rejected(found.origin, STAGE, invalid)
    title = repair_text(found.title) if isinstance(found.title, str) else found.title
    found = replace(found, text=repair_text(found.text), title=title)
    text = found.text
    size = len(text.strip())
    if size < settings.min_chars:
        what = "empty" if size == 0 else f"too short ({size} characters)"
        return Rejected(
            found.origin,
            STAGE,
            f"The story text is {what}; at least {settings.min_chars} characters are needed "
            "(min_chars in the [ingest] section of the config).",
        )
    dateline = read_dateline(text, year_from_url(found.url))
    choice = choose_date(found, option, dateline)
    return Article(
        id=article_id(text),
        text=text,
        title=_clean_field(found.title),
        published=choice.published,
        published_basis=choice.basis,
        published_note=choice.note,
        url=_clean_field(found.url),
        source=_clean_field(found.source),
        origin=found.origin,
        source_id=_clean_field(found.source_id),
        dateline=dateline,
    )


def article_from_row(
    row: dict[str, Any],
    origin: str,
    field_map: dict[str, str],
    option: dt.date | None,
    settings: IngestSettings,
) -> Article | Rejected:
    """One JSONL/CSV record; ``field_map`` maps our field names to the file's."""

    def get(name: str) -> Any:
        return row.get(field_map.get(name, name))

    text_field = field_map.get("text", "text")
    text = get("text")
    if text is None and text_field in row:  # "text": null is not a missing field
        return Rejected(origin, STAGE, f"The {text_field!r} field is null, not a string.")
    if text is None:
        return Rejected(
            origin,
            STAGE,
            f"The record has no {text_field!r} field (its fields are {sorted(row)}); "
            "map the text field with field_map, e.g. {'text': 'content'}.",
        )
    if not isinstance(text, str):
        return Rejected(
            origin,
            STAGE,
            f"The {text_field!r} field is a {type(text).__name__}, not a string.",
        )
    metadata: dict[str, str | None] = {}
    for name in ("title", "url", "source", "id"):
        value = get(name)
        metadata[name] = _clean_id(value) if name == "id" else _clean_field(value)
        if value is not None and metadata[name] is None and not isinstance(value, str):
            # the story is kept: a bad metadata field costs only that field
            logger.warning(
                "%s: the %r field is a %s, not a %s; left out",
                origin,
                field_map.get(name, name),
                type(value).__name__,
                "string or a finite number" if name == "id" else "string",
            )
    found = Found(
        text=normalise_newlines(text),
        origin=origin,
        title=metadata["title"],
        date_value=get("published"),
        url=metadata["url"],
        source=metadata["source"],
        source_id=metadata["id"],
    )
    return build_article(found, option, settings)
