"""Fuzz the API's upload body (POST /articles) with atheris.

    python fuzz/fuzz_api.py -max_total_time=200          # what `make fuzz` runs
    python fuzz/fuzz_api.py -runs=10000 fuzz/corpus

The server is the real application (body limit, rate limits, token check, validation,
HTML extraction, ingest checks, store) over a temporary DuckDB file; only the spaCy
pipeline is replaced by one that codes no events, so that each input takes milliseconds.
Each input is sent either as its raw bytes, under a content type the fuzzer picks, or as a
JSON object whose fields (``text``, ``html``, ``title``, ``published``, ``url``,
``source``) the fuzzer fills with strings, numbers, nulls, lists or lone surrogates.

A crash is any 5xx answer, an error not in the API's one JSON shape, an accepted story
(201 or 200) without its id, or an exception: libFuzzer stops with a traceback and saves
the input as ``crash-*``; its closing line ``Done N runs in T second(s)`` gives the inputs
tried.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import sys
import tempfile
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import atheris

with atheris.instrument_imports(include=["communique", "fastapi", "starlette", "trafilatura"]):
    from communique.api import create_app
    from communique.config import load_settings
    from communique.records import Article, CleanText, CodedArticle, Rejected

with warnings.catch_warnings():  # starlette warns when it finds httpx rather than httpx2
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

TOKEN = "fuzz-token"
FIELDS = ("text", "html", "title", "published", "url", "source")
CONTENT_TYPES = ("application/json", "text/plain", "application/x-www-form-urlencoded", "")
STORY = "The minister met the envoy in the capital on Tuesday to discuss the border."
SEEDS = (
    b"\x00" + json.dumps({"text": STORY, "published": "2024-04-26"}).encode(),
    b"\x00"
    + json.dumps({"html": f"<html><body><article><p>{STORY}</p></article></body>"}).encode(),
    b"\x01" + b'{"text": "' + STORY.encode() + b' \\ud800", "url": {"x": 1}}',
    b"\x02\x05\x00text\x00" + STORY.encode(),
)


class NoEvents:
    """Stands in for the spaCy pipeline: every story is coded, with no events."""

    def code(self, articles: Iterable[Article | Rejected]) -> Iterator[CodedArticle | Rejected]:
        for article in articles:
            if isinstance(article, Rejected):
                yield article
            else:
                yield CodedArticle(article, CleanText(article.id, article.text))


def _client() -> TestClient:
    settings = load_settings()
    api = dataclasses.replace(settings.api, write_per_minute=0, read_per_second=0)
    db = Path(tempfile.mkdtemp(prefix="communique-fuzz-api-")) / "fuzz.duckdb"
    app = create_app(
        dataclasses.replace(settings, api=api),
        db,
        token=TOKEN,
        max_body_bytes=100_000,
        pipeline=NoEvents(),  # type: ignore[arg-type]
    )
    return TestClient(app, raise_server_exceptions=False)


CLIENT = _client()


def _value(provider: atheris.FuzzedDataProvider) -> Any:
    kind = provider.ConsumeIntInRange(0, 7)
    if kind == 0:
        return None
    if kind == 1:
        return provider.ConsumeInt(8)
    if kind == 2:
        return [provider.ConsumeUnicode(20)]
    if kind == 3:
        return {"x": provider.ConsumeUnicode(10)}
    if kind == 4:  # a story with a lone surrogate or other odd characters inside
        return STORY + provider.ConsumeUnicode(40)
    if kind == 5:
        return STORY.replace(" ", provider.ConsumeUnicode(2) or " ")
    return provider.ConsumeUnicode(provider.ConsumeIntInRange(0, 400))


def _body(provider: atheris.FuzzedDataProvider) -> tuple[bytes, str]:
    mode = provider.ConsumeIntInRange(0, 2)
    if mode == 0:  # raw bytes, as JSON
        return provider.ConsumeBytes(provider.remaining_bytes()), "application/json"
    if mode == 1:  # raw bytes under any content type
        kind = CONTENT_TYPES[provider.ConsumeIntInRange(0, len(CONTENT_TYPES) - 1)]
        return provider.ConsumeBytes(provider.remaining_bytes()), kind
    fields = {}
    for name in FIELDS:
        if provider.ConsumeBool():
            fields[name] = _value(provider)
    text = json.dumps(fields, ensure_ascii=provider.ConsumeBool())
    return text.encode("utf-8", "surrogatepass"), "application/json"


def test_one_input(data: bytes) -> None:
    provider = atheris.FuzzedDataProvider(data)
    body, kind = _body(provider)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    if kind:
        headers["content-type"] = kind
    response = CLIENT.post("/articles", content=body, headers=headers)
    if response.status_code >= 500:
        raise AssertionError(f"{response.status_code} for {body[:200]!r}: {response.text[:500]}")
    answer = response.json()
    if response.status_code in (200, 201):
        if not answer.get("article", {}).get("id"):
            raise AssertionError(f"accepted without an id: {answer!r}")
        return
    error = answer.get("error") if isinstance(answer, dict) else None
    if set(answer) != {"error"} or not isinstance(error, dict) or not error.get("message"):
        raise AssertionError(f"{response.status_code} not in the error shape: {answer!r}")
    if error.get("status") != response.status_code:
        raise AssertionError(f"status {response.status_code} but the body says {error!r}")


def main() -> None:
    logging.disable(logging.CRITICAL)  # trafilatura and the server log every refusal
    args = list(sys.argv)
    if not any(not arg.startswith("-") for arg in args[1:]):
        seeds = Path(tempfile.mkdtemp(prefix="communique-fuzz-api-seeds-"))
        for number, seed in enumerate(SEEDS):
            (seeds / f"seed{number}").write_bytes(seed)
        args.append(str(seeds))
    atheris.Setup(args, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
