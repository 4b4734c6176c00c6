"""A whole run: read paths, code new articles (in this process or in workers), store them."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from communique.config import Settings
from communique.errors import ConfigError
from communique.ingest import read_articles
from communique.pipeline.coder import Pipeline
from communique.pipeline.parallel import code_in_workers
from communique.records import Article, CodedArticle, Rejected
from communique.store import EventStore
from communique.store.happenings import HappeningLinker

logger = logging.getLogger(__name__)

ENGINES = ("local", "ray")


@dataclass
class RunSummary:
    """What a run did, for the CLI's closing table."""

    read: int = 0
    stored: int = 0
    already_stored: int = 0
    rejected: int = 0
    events: int = 0
    # stored stories with no publication date: their relative dates stay unresolved
    undated: int = 0
    # stored events that joined a happening reported before (store/happenings.py)
    linked: int = 0
    rejected_reasons: list[Rejected] = field(default_factory=list)


def run(
    paths: Sequence[str | Path],
    store: EventStore,
    *,
    settings: Settings | None = None,
    published: dt.date | None = None,
    field_map: Mapping[str, str] | None = None,
    workers: int = 1,
    engine: str = "local",
    address: str | None = None,
    on_item: Callable[[CodedArticle | Rejected], None] | None = None,
    on_skipped: Callable[[Article], None] | None = None,
    pipeline: Pipeline | None = None,
) -> RunSummary:
    """Read ``paths``, code every new article and write it to ``store``.

    Articles already in the store are skipped before parsing, so a rerun (or a resumed,
    interrupted run) only does the work that is missing. With ``workers`` > 1 the coding
    runs in that many processes; with ``engine="ray"`` it runs on Ray Data actors (a local
    Ray, or the cluster at ``address``). Either way this process stays the only writer, and
    each article is stored in one transaction: a killed run loses at most the articles in
    flight, and rerunning it codes exactly those. A loaded ``pipeline`` may be passed in to
    reuse its resources (it then decides the settings).

    ``on_item`` is called with each coded article or rejected input once it is stored,
    ``on_skipped`` with each article skipped because it was already stored: between them,
    once per item read (see ``communique.ingest.sizing.count_inputs`` for a total up front).
    """
    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    pipeline = pipeline if pipeline is not None else Pipeline(settings)
    summary = RunSummary()
    # Each stored article's events are linked to the happenings already stored, so the
    # store is always deduplicated; events a killed run stored unlinked are linked first.
    linker = HappeningLinker(store)

    def fresh() -> Iterator[Article | Rejected]:
        for item in read_articles(
            paths, published=published, field_map=field_map, settings=pipeline.settings.ingest
        ):
            if isinstance(item, Article):
                summary.read += 1
                if store.has_article(item.id):
                    summary.already_stored += 1
                    if on_skipped is not None:
                        on_skipped(item)
                    continue
            yield item

    results: Iterable[CodedArticle | Rejected]
    if engine == "ray":
        from communique.pipeline.ray_engine import code_with_ray  # noqa: PLC0415 - optional

        results = code_with_ray(fresh(), pipeline.settings, workers=workers, address=address)
    elif workers > 1:
        results = code_in_workers(fresh(), pipeline.settings, workers=workers, pipeline=pipeline)
    else:
        results = pipeline.code(fresh())
    for result in results:
        if isinstance(result, Rejected):
            summary.rejected += 1
            summary.rejected_reasons.append(result)
            store.write_rejected(result)
        elif store.write(result):
            # After the commit: a watcher of this line knows the article is durable.
            logger.debug("stored %s", result.article.id)
            summary.linked += linker.add(result.article.id)
            summary.stored += 1
            summary.events += len(result.events)
            summary.undated += result.article.published is None
        else:
            summary.already_stored += 1
        if on_item is not None:
            on_item(result)
    return summary
