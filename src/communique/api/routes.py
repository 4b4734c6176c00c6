"""The JSON endpoints: upload and read articles, filter events, dyads, issues, actors, health."""

from __future__ import annotations

import datetime as dt
import functools
import hmac
import math
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, model_validator

import communique
from communique.analysis import dyad_series, relationship_trend, top_issues, trend_band
from communique.api.errors import ApiError
from communique.api.state import ApiState, state_of
from communique.config import IngestSettings
from communique.export import to_document, to_plover
from communique.ingest.build import Found, build_article
from communique.ingest.html import extract_html
from communique.records import Article, CodedArticle, Rejected
from communique.serialize import to_jsonable
from communique.store.dedupe import Happening, happenings_of
from communique.store.reading import (
    MAX_OFFSET,
    EventFilter,
    count_events,
    load_coded,
    page_of_events,
)

router = APIRouter()
MAX_PAGE = 1000

State = Annotated[ApiState, Depends(state_of)]


class ArticleIn(BaseModel):
    """A story to code: plain ``text`` or a web page's ``html``, with optional metadata."""

    text: str | None = Field(None, description="The story as plain text.")
    html: str | None = Field(None, description="A web page; its main text is extracted.")
    title: str | None = None
    published: dt.date | None = Field(None, description="Publication date, YYYY-MM-DD.")
    url: str | None = None
    source: str | None = Field(None, description="Outlet name.")
    source_id: str | None = Field(
        None, description="Your own id for the story, kept beside its content-hash id."
    )

    @model_validator(mode="after")
    def one_body(self) -> ArticleIn:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of text and html")
        return self


def document(coded: CodedArticle) -> dict[str, Any]:
    """A coded article as JSON: the shape of `communique code --format json`, plus links."""
    links = {
        "self": f"/articles/{coded.article.id}",
        "view": f"/view/articles/{coded.article.id}",
    }
    return {**to_document(coded), "links": links}


def require_token(request: Request, state: State) -> None:
    """Bearer-token check for writes; refused outright when the server has no token."""
    if state.token is None:
        raise ApiError(
            403,
            f"uploads are disabled: start the server with {state.settings.api.token_env} set",
            "uploads_disabled",
        )
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not given:
        raise ApiError(
            401,
            "missing bearer token (Authorization: Bearer ...)",
            "unauthorized",
            **{"WWW-Authenticate": "Bearer"},
        )
    if not hmac.compare_digest(given.strip().encode(), state.token.encode()):
        raise ApiError(401, "wrong bearer token", "unauthorized", **{"WWW-Authenticate": "Bearer"})


def _article_of(body: ArticleIn, settings: IngestSettings) -> Article | Rejected:
    origin = "<api>"
    if body.html is not None:
        story = extract_html(body.html) if body.html.strip() else None
        if story is None:
            return Rejected(origin, "ingest", "The page has no main text that could be extracted.")
        found = Found(
            text=story.text,
            origin=origin,
            title=body.title or story.title,
            date_value=body.published,
            html_date=story.published,
            url=body.url or story.url,
            source=body.source or story.source,
            source_id=body.source_id,
        )
    else:
        found = Found(
            text=(body.text or "").replace("\r\n", "\n").replace("\r", "\n"),
            origin=origin,
            title=body.title,
            date_value=body.published,
            url=body.url,
            source=body.source,
            source_id=body.source_id,
        )
    return build_article(found, None, settings)


@router.post(
    "/articles",
    status_code=201,
    dependencies=[Depends(require_token)],
    summary="Code a story and store it",
    responses={200: {"description": "Already stored: the stored article"}},
)
def post_article(body: ArticleIn, state: State) -> JSONResponse:
    """Code ``text`` (or the main text of ``html``) and store the result.

    201 with the coded article when it is new; 200 with the stored article when the same
    text was stored before (articles are keyed by a hash of their text).
    """
    article = _article_of(body, state.settings.ingest)
    if isinstance(article, Rejected):
        raise ApiError(422, article.reason, "rejected")
    with state.store_lock:
        stored = load_coded(state.store, article.id)
    if stored is None:
        with state.pipeline_lock:
            # identical uploads at once all pass the check above: the first to get here codes
            # and stores the story, and the others, waiting here, find it stored (200)
            with state.store_lock:
                stored = load_coded(state.store, article.id)
            if stored is None:
                result = next(iter(state.pipeline.code([article])))
                if isinstance(result, Rejected):
                    raise ApiError(422, f"{result.stage}: {result.reason}", "rejected")
                with state.store_lock:
                    created = state.store.write(result)
                    if created:
                        state.link(article.id)
                    stored = None if created else load_coded(state.store, article.id)
                if created:
                    return JSONResponse(document(result), status_code=201)
    if stored is None:  # pragma: no cover - write() said it was stored already
        raise ApiError(503, "the story was neither stored nor found", "store_error")
    return JSONResponse(document(stored), status_code=200)


@router.get("/articles/{article_id}", summary="A stored, coded article")
async def get_article(article_id: str, state: State) -> dict[str, Any]:
    # its size grows with the story's events: one of the requests run a few at a time
    return await state.heavy(functools.partial(_stored_document, article_id, state))


def _stored_document(article_id: str, state: ApiState) -> dict[str, Any]:
    with state.store_lock:
        coded = load_coded(state.store, article_id)
    if coded is None:
        raise ApiError(404, f"no article with id {article_id!r}", "not_found")
    return document(coded)


def parse_dyad(value: str | None) -> tuple[str, str] | None:
    if value is None or not value.strip():
        return None
    parts = [p.strip() for p in value.replace("-", ",").split(",") if p.strip()]
    if len(parts) != 2:
        raise ApiError(422, f"dyad {value!r} must name two sides, e.g. USA,CHN", "validation_error")
    return parts[0], parts[1]


@router.get("/events", summary="Stored events, filtered and paged")
def get_events(
    state: State,
    actor: Annotated[str | None, Query(description="Actor id, CAMEO code or name.")] = None,
    country: Annotated[str | None, Query(description="ISO3 of actor or recipient.")] = None,
    dyad: Annotated[str | None, Query(description="Two sides, e.g. USA,CHN.")] = None,
    event_type: Annotated[str | None, Query(alias="type", description="PLOVER type.")] = None,
    issue: Annotated[str | None, Query(description="Issue id.")] = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: Annotated[int | None, Query(ge=1, le=MAX_PAGE)] = None,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> dict[str, Any]:
    """Events in PLOVER form, oldest first, each with the happening it reports (canonical
    id, tellings, stories and outlets that reported it, first and last report); ``next`` is
    the offset of the next page or null."""
    wanted = EventFilter(actor, country, parse_dyad(dyad), event_type, issue, since, until)
    size = limit or state.settings.api.page_size
    with state.store_lock:
        total = count_events(state.store, wanted)
        events = page_of_events(state.store, wanted, size, offset)
        linked = happenings_of(state.store, [e.id for e in events])
    return {
        "total": total,
        "limit": size,
        "offset": offset,
        "next": offset + size if offset + size < total else None,
        "events": [with_happening(to_plover(e), linked.get(e.id)) for e in events],
    }


def with_happening(record: dict[str, Any], happening: Happening | None) -> dict[str, Any]:
    """An event's JSON with its ``happening`` object (null for an event the store lacks)."""
    return {**record, "happening": happening.to_dict() if happening else None}


def _number(value: Any) -> float | None:
    number = float(value)
    return None if math.isnan(number) else number


@router.get("/dyads/{a}/{b}", summary="How a and b treat each other over time")
def get_dyad(
    a: str,
    b: str,
    state: State,
    by: Annotated[str, Query(pattern="^(day|week|month)$")] = "month",
    since: dt.date | None = None,
    until: dt.date | None = None,
    directed: bool = False,
) -> dict[str, Any]:
    """Events per period by quad class, mean and summed Goldstein, top issues, and the trend
    with its line and 95% interval per period (``trend.band``, from three periods on)."""
    with state.store_lock:
        frame = dyad_series(state.store, a, b, by, since, until, directed=directed)  # type: ignore[arg-type]
        trend = relationship_trend(state.store, a, b, by, since=since, until=until)  # type: ignore[arg-type]
    band = trend_band(frame, by)  # the trend line and its interval, for the chart
    series = [
        {
            "period": row.period.date().isoformat(),
            "events": int(row.events),
            "quad_1": int(row.quad_1),
            "quad_2": int(row.quad_2),
            "quad_3": int(row.quad_3),
            "quad_4": int(row.quad_4),
            "goldstein_mean": _number(row.goldstein_mean),
            "goldstein_sum": _number(row.goldstein_sum),
            "top_issues": [str(i) for i in row.top_issues],
        }
        for row in frame.itertuples(index=False)
    ]
    return {
        "a": a,
        "b": b,
        "by": by,
        "directed": directed,
        "series": series,
        "trend": {
            "slope": _number(trend.slope),
            "ci_low": _number(trend.ci_low),
            "ci_high": _number(trend.ci_high),
            "periods": trend.periods,
            "interpretation": trend.interpretation,
            "band": [
                {
                    "period": row.period.date().isoformat(),
                    "fit": _number(row.fit),
                    "low": _number(row.low),
                    "high": _number(row.high),
                }
                for row in band.itertuples(index=False)
            ],
        },
    }


@router.get("/issues", summary="Issues in most stored articles")
def get_issues(state: State, n: Annotated[int, Query(ge=1, le=500)] = 20) -> dict[str, Any]:
    with state.store_lock:
        frame = top_issues(state.store, n)
    return {
        "issues": [
            {
                "issue": str(row.issue),
                "articles": int(row.articles),
                "mentions": int(row.mentions),
                "events": int(row.events),
            }
            for row in frame.itertuples(index=False)
        ]
    }


@router.get("/actors/resolve", summary="Who a name refers to on a date")
def resolve_actor(
    state: State,
    name: Annotated[str, Query(min_length=1, max_length=200)],
    date: dt.date | None = None,
) -> dict[str, Any]:
    """People, organisations or a country called ``name``, coded as of ``date`` (default: now)."""
    kb = state.pipeline.knowledge_base
    actors = kb.lookup_name(name, date)
    if not actors:
        actors = [kb.person_actor(p, date) for p in kb.family_name_people(name)]
    return {
        "name": name,
        "date": date.isoformat() if date else None,
        "actors": to_jsonable(actors),
    }


@router.get("/health", summary="Liveness and store counts")
async def health(state: State) -> dict[str, Any]:
    # threads of its own: never queued behind heavy pages or a full shared thread pool
    articles, events = await state.light(functools.partial(_counts, state))
    return {
        "status": "ok",
        "version": communique.__version__,
        "articles": articles,
        "events": events,
        "uploads": state.token is not None,
    }


def _counts(state: ApiState) -> tuple[int, int]:
    with state.store_lock:
        return state.store.count("articles"), state.store.count("events")
