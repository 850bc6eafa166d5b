"""Emerging issues in the browser: /trends (terms over time), /emerging (terms that burst in the
latest periods) and /watches (saved searches, with what is new since the last visit, and an Atom
feed each). The same library calls as ``peaceobs trends``, ``emerging`` and ``watch``.

/trends and /emerging are GET forms, so every chart is a link; both read without JavaScript (the
trends chart has its table, the emerging curves are drawn on the server). Watches belong to the
logged-in user: anonymous visitors are sent to /login; every form that writes is a POST with the
session's CSRF token (trends_service.watch_writer).
"""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ..errors import PeaceobsError
from ..query import Filters
from ..store import Store
from ..track.emerging import GAMMA, LATEST, MIN_DOCS, TOP, S, emerging
from ..track.trends import check_body, trends
from ..track.watches import add_watch, delete_watch, list_watches, mark_seen, new_since
from . import views
from .auth import current_viewer, field, login_redirect, read_form
from .pages import render
from .service import store_of
from .trends_service import (
    MAX_TERMS,
    api_watch_reader,
    chosen_terms,
    feed_xml,
    new_count,
    owned_watch,
    watch_reader,
    watch_writer,
)

router = APIRouter(include_in_schema=False)
TERM_BOXES = 3  # boxes the trends form shows at least: two terms side by side, and one more
PRIVATE = {"Cache-Control": "private, no-store"}  # a user's watches: never kept by a shared cache
# An ID the store's integer column can hold: a larger one is a 422, not a database error.
WatchId = Annotated[int, Path(ge=1, le=2**31 - 1)]


def _bodies(store: Store) -> list[str]:
    return store.document_bodies()


def _default_body(store: Store) -> str | None:
    # The General Assembly's texts are where sessions and most terms are; without them, all bodies.
    return "GA" if "GA" in _bodies(store) else None


# -- /trends -------------------------------------------------------------------------------------


@router.get("/trends", response_class=HTMLResponse)
def trends_page(request: Request, term: Annotated[list[str], Query(max_length=500)] = [],  # noqa: B006 (FastAPI copies it)
                body: Annotated[str | None, Query(max_length=20)] = None,
                by: Annotated[str, Query(max_length=20)] = "year", drafts: bool = False) -> HTMLResponse:
    store = store_of(request)
    chosen = body if body is not None else _default_body(store)
    typed = [t.strip() for t in term if t.strip()]
    context: dict[str, Any] = {
        "title": "Terms over time", "bodies": _bodies(store), "body": (chosen or "").upper(), "by": by,
        # What was typed, and a blank box or more for another term (none past the most a chart holds).
        "drafts": drafts, "boxes": typed + [""] * max(TERM_BOXES - len(typed), 1 if len(typed) < MAX_TERMS else 0),
        "result": None, "error": None, "max_terms": MAX_TERMS}
    if not term:  # the form alone: nothing asked yet
        return render(request, "trends.html", **context)
    try:
        terms = chosen_terms(term)
        result = trends(store, terms, body=chosen or None, by=by, include_drafts=drafts)  # type: ignore[arg-type]
    except PeaceobsError as exc:  # an unknown body or period, an empty or unreadable term
        context["error"] = str(exc)
        return render(request, "trends.html", status_code=422, **context)
    period = "GA session" if result.by == "session" else "year"
    label = f"Share of {result.body or 'all'} documents per {period} using each term" + (
        ", drafts included" if drafts else "")
    query = urlencode({"term": terms, **({"body": result.body} if result.body else {}), "by": result.by,
                       **({"drafts": "1"} if drafts else {})}, doseq=True)
    context.update(result=result, label=label, period_name=period, chart=json.dumps(views.term_shares(result, label)),
                   query=query, title=f"Terms over time: {', '.join(terms)}",
                   search_link=lambda t, p: _search_url(t, p, result.body, result.by, drafts))
    return render(request, "trends.html", **context)


def _search_url(term: str, period: int, body: str | None, by: str, drafts: bool) -> str:
    """Search for the term in the period's documents, as near as search's filters come: a year is
    a filter; a GA session is its resolutions' symbol prefix (drafts left out, as counted here)."""
    params: dict[str, Any] = {"q": term, **({"body": body} if body else {})}
    if by == "year":
        params["year"] = period
    elif body == "GA" and not drafts:
        params["symbol"] = f"A/RES/{period}/"
    return "/search?" + urlencode(params)


# -- /emerging -----------------------------------------------------------------------------------

SHOWN_PERIODS = 6  # columns of counts; the curve shows every period


@router.get("/emerging", response_class=HTMLResponse)
def emerging_page(request: Request, body: Annotated[str | None, Query(max_length=20)] = None,
                  by: Annotated[str, Query(max_length=20)] = "session",
                  top: Annotated[int, Query(le=100)] = TOP, latest: Annotated[int, Query(le=20)] = LATEST,
                  s: Annotated[float, Query(le=100)] = S, gamma: Annotated[float, Query(le=100)] = GAMMA,
                  min_docs: Annotated[int, Query(le=100_000)] = MIN_DOCS, drafts: bool = False) -> HTMLResponse:
    """Upper bounds here (FastAPI answers 422); the library's own checks (s above 1, γ ≥ 0 …)
    are said on the page beside the form."""
    store = store_of(request)
    chosen = body if body is not None else _default_body(store)
    params = {"top": top, "latest": latest, "s": s, "gamma": gamma, "min_docs": min_docs}
    context: dict[str, Any] = {"title": "Emerging terms", "bodies": _bodies(store), "body": (chosen or "").upper(),
                               "by": by, "drafts": drafts, "params": params, "result": None, "error": None,
                               # shown open when asked for other values than the library's defaults
                               "params_changed": (latest, s, gamma, min_docs) != (LATEST, S, GAMMA, MIN_DOCS)}
    try:
        result = emerging(store, body=chosen or None, by=by, include_drafts=drafts,  # type: ignore[arg-type]
                          top=top, s=s, gamma=gamma, min_docs=min_docs, latest=latest)
    except PeaceobsError as exc:
        context["error"] = str(exc)
        return render(request, "emerging.html", status_code=422, **context)
    shown = result.periods[-SHOWN_PERIODS:]
    spark = {t.term: views.sparkline(t.shares, f"{t.term}: share of documents per {result.by}, "
                                     + ", ".join(f"{p}: {x:.1%}" for p, x in zip(result.periods, t.shares, strict=True)))
             for t in result.terms}
    query = urlencode({**({"body": result.body} if result.body else {}), "by": result.by, **params,
                       **({"drafts": "1"} if drafts else {})})
    context.update(result=result, shown=shown, spark=spark, query=query,
                   trend_link=lambda t: "/trends?" + urlencode(
                       {"term": f'"{t}"', **({"body": result.body} if result.body else {}), "by": result.by,
                        **({"drafts": "1"} if drafts else {})}))
    return render(request, "emerging.html", **context)


# -- /watches ------------------------------------------------------------------------------------


def _watches_page(request: Request, status_code: int = 200, error: str = "",
                  values: dict[str, str] | None = None) -> Response:
    actor = watch_reader(request)
    if actor is None:
        return login_redirect(request)
    store = store_of(request)
    rows = [(w, *new_count(store, w)) for w in list_watches(store, actor.name)]
    # Forms go with a login session: a browser cannot send an API token, nor a page's CSRF token
    # be had without a session.
    response = render(request, "watches.html", status_code=status_code, title="Watches", rows=rows, error=error,
                      values=values or {}, bodies=sorted({*_bodies(store), "GA", "SC"}),
                      can_write=current_viewer(request).via == "session")
    response.headers.update(PRIVATE)
    return response


@router.get("/watches", response_class=HTMLResponse)
def watches_page(request: Request) -> Response:
    return _watches_page(request)


@router.post("/watches")
async def watches_post(request: Request) -> Response:
    form = await read_form(request)
    return await run_in_threadpool(_add_watch, request, form)


def _add_watch(request: Request, form: dict[str, list[str]]) -> Response:
    actor = watch_writer(request, field(form, "csrf") or None)  # 401 / 403 before the form is read further
    values = {k: field(form, k).strip() for k in ("name", "query", "body")}
    store = store_of(request)
    if store.get_watch(actor.name, values["name"]) is not None:
        return _watches_page(request, 409, f"you already have a watch named {values['name']!r}", values)
    try:
        body = check_body(store, values["body"] or None, stored=False)  # a watch may wait for a body's documents
        watch = add_watch(store, values["name"], values["query"], Filters(body=body), owner=actor.name)
    except PeaceobsError as exc:  # a bad name, an unreadable query, an unknown body
        return _watches_page(request, 422, str(exc), values)
    return RedirectResponse(request.scope.get("root_path", "") + f"/watches/{watch.id}", status_code=303)


@router.get("/watches/{watch_id}", response_class=HTMLResponse)
def watch_page(request: Request, watch_id: WatchId) -> Response:
    """What is new since the last visit; this visit is recorded (as of the moment it looked, so
    that a document stored while the page was made shows next time, not never)."""
    actor = watch_reader(request)
    if actor is None:
        return login_redirect(request)
    store = store_of(request)
    watch = owned_watch(store, actor, watch_id)
    visit = new_since(store, watch)
    mark_seen(store, watch, visit)
    response = render(request, "watch.html", title=f"Watch: {watch.name}", watch=watch, visit=visit,
                      can_write=current_viewer(request).via == "session")
    response.headers.update(PRIVATE)
    return response


@router.get("/watches/{watch_id}/feed.atom")
def watch_feed(request: Request, watch_id: WatchId) -> Response:
    """The watch as an Atom feed, for its owner: by the login session, or an API token given as
    ``?token=`` (a feed reader can send nothing else; trends_service.FeedToken). Reading the feed
    records no visit."""
    actor = api_watch_reader(request)  # 401, never the login page: a feed reader cannot follow it
    store = store_of(request)
    watch = owned_watch(store, actor, watch_id)
    return Response(feed_xml(request, store, watch), media_type="application/atom+xml", headers=PRIVATE)


@router.post("/watches/{watch_id}/delete")
async def watch_delete(request: Request, watch_id: WatchId) -> Response:
    form = await read_form(request)
    return await run_in_threadpool(_delete_watch, request, watch_id, form)


def _delete_watch(request: Request, watch_id: int, form: dict[str, list[str]]) -> Response:
    actor = watch_writer(request, field(form, "csrf") or None)
    store = store_of(request)
    watch = owned_watch(store, actor, watch_id)
    delete_watch(store, watch.name, owner=actor.name)
    return RedirectResponse(request.scope.get("root_path", "") + "/watches", status_code=303)

