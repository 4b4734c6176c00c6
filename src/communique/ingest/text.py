"""Bytes to text: decoding with a clear verdict, binary detection and Markdown front matter."""

from __future__ import annotations

import codecs
import logging
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)

# Characters that never occur in prose; more than this share of them means "not text".
_MAX_CONTROL_SHARE = 0.05
_ALLOWED_CONTROLS = frozenset("\t\n\r\f\v")
_FRONT_MATTER_KEYS = frozenset({"title", "date", "published", "source", "url"})


class NotText(ValueError):
    """The bytes are not a text file; the message is the reason given to the user."""


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, with a note when a fallback encoding was used."""

    text: str
    note: str | None = None


def _control_share(text: str) -> float:
    if not text:
        return 0.0
    sample = text[:20_000]
    controls = sum(
        1 for char in sample if (ord(char) < 32 and char not in _ALLOWED_CONTROLS) or char == "\x7f"
    )
    return controls / len(sample)


def _single_byte(error: UnicodeError) -> tuple[str, int]:
    """Decode the bytes UTF-8 rejects one by one as Windows-1252, else Latin-1: a file with
    UTF-8 and a few pasted Latin-1 bytes keeps both ("café" from either)."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    chars = []
    for byte in bad:
        try:
            chars.append(bytes([byte]).decode("cp1252"))
        except UnicodeDecodeError:  # the five bytes Windows-1252 leaves undefined
            chars.append(chr(byte))
    return "".join(chars), error.end


codecs.register_error("communique-single-byte", _single_byte)


def decode(data: bytes) -> Decoded:
    """Decode file bytes as UTF-8 (with or without BOM) or UTF-16 with BOM; bytes that are
    not UTF-8 are read one by one as Windows-1252 (latin-1).

    Raises NotText when the bytes are binary or decode to something that is not text.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise NotText(
                f"it starts with a UTF-16 byte-order mark but is not UTF-16 ({exc})"
            ) from exc
        note: str | None = "decoded as UTF-16 (byte-order mark)"
    else:
        if b"\x00" in data:
            raise NotText("it is a binary file (it contains NUL bytes), not text")
        try:
            text = data.decode("utf-8-sig")
            note = None
        except UnicodeDecodeError as exc:
            # Old exports are often latin-1/cp1252, and files pasted together mix them with
            # UTF-8: each byte UTF-8 rejects is read alone; accepted only if it reads as text.
            text = data.decode("utf-8-sig", errors="communique-single-byte")
            if _control_share(text) > _MAX_CONTROL_SHARE:
                raise NotText(
                    f"it is not valid UTF-8 ({exc.reason} at byte {exc.start}) and does not "
                    "look like text in latin-1 either"
                ) from exc
            note = (
                f"not valid UTF-8 (from byte {exc.start}); the bytes UTF-8 rejects were "
                "decoded as Windows-1252 (latin-1)"
            )
            logger.warning("%s", note)
    if _control_share(text) > _MAX_CONTROL_SHARE:
        raise NotText("it is mostly non-text characters (a binary file?)")
    return Decoded(text, note)


@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The small ``key: value`` header of a Markdown story and the body after it."""

    body: str
    fields: dict[str, str] = field(default_factory=dict)


def split_front_matter(text: str, *, strict: bool = False) -> FrontMatter:
    """Split ``---``-delimited front matter from a Markdown or plain-text story.

    Only ``title``, ``date``, ``published``, ``source`` and ``url`` are read; other keys
    are ignored. Text that does not open with ``---`` has no front matter. ``strict`` (for
    plain text, where a rule of dashes may open a story) also requires every line of the
    block to be a ``key: value`` pair and at least one known key among them.
    """
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return FrontMatter(text)
    for index in range(1, min(len(lines), 50)):
        if lines[index].strip() == "---":
            block = [line for line in lines[1:index] if line.strip()]
            if strict and not (
                block
                and all(":" in line for line in block)
                and any(
                    line.partition(":")[0].strip().lower() in _FRONT_MATTER_KEYS for line in block
                )
            ):
                return FrontMatter(text)
            fields: dict[str, str] = {}
            for line in lines[1:index]:
                key, sep, value = line.partition(":")
                key = key.strip().lower()
                if sep and key in _FRONT_MATTER_KEYS:
                    fields[key] = value.strip().strip("\"'")
            return FrontMatter("\n".join(lines[index + 1 :]), fields)
    return FrontMatter(text)
