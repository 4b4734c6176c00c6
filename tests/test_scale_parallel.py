"""Worker processes code the same results, in input order, as one process."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from communique.config import load_settings
from communique.errors import ConfigError
from communique.ingest import read_articles
from communique.pipeline import Pipeline, run
from communique.pipeline.parallel import code_in_workers
from communique.pipeline.ray_engine import code_with_ray
from communique.records import Article, CodedArticle, Rejected
from communique.serialize import to_jsonable
from communique.store import EventStore

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "articles"


def test_unknown_engine_is_a_config_error(tmp_path: Path) -> None:
    with EventStore(tmp_path / "x.duckdb") as store, pytest.raises(ConfigError, match="engine"):
        run([EXAMPLES], store, engine="spark")


def test_ray_engine_without_ray_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # as if the extra were not installed
    with pytest.raises(ConfigError, match=r"communique\[ray\]"):
        list(code_with_ray([], load_settings(), workers=1))


def _key(result: CodedArticle | Rejected) -> object:
    if isinstance(result, Rejected):
        return ("rejected", result.origin, result.stage)
    return (result.article.id, [to_jsonable(event) for event in result.events])


@pytest.mark.model
@pytest.mark.slow
def test_two_workers_match_one_process_in_order() -> None:
    items: list[Article | Rejected] = list(read_articles([EXAMPLES]))
    # A Rejected input must keep its place in the stream, between coded articles.
    items.insert(3, Rejected("nowhere.txt", "ingest", "unreadable"))
    settings = load_settings()
    alone = [_key(r) for r in Pipeline(settings).code(items)]
    parallel = [_key(r) for r in code_in_workers(items, settings, workers=2, chunk_size=2)]
    assert len(alone) == len(items)
    assert parallel == alone
    assert parallel[3] == ("rejected", "nowhere.txt", "ingest")
