"""Emerging issues under /api/v1: terms over time, emerging terms and watches — what
``peaceobs trends --json``, ``peaceobs emerging --json`` and ``peaceobs watch … --json`` print.

Reading trends and emerging terms is open (unless the deployment says ``read_requires_login``).
Watches belong to a user: every watch endpoint needs an API token (``Authorization: Bearer``) or
the session cookie — with its ``X-CSRF-Token`` header to write — and sees that user's watches only
(another's is 404). Bad input is 422: an unknown body or period, an empty or unreadable term,
parameters out of range.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Path, Query, Request, Response, Security
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from ..errors import PeaceobsError
from ..query import Filters
from ..track.emerging import GAMMA, LATEST, MIN_DOCS, TOP, S, emerging
from ..track.trends import EVIDENCE, check_body, trends
from ..track.watches import NEW_LIMIT, add_watch, delete_watch, list_watches, mark_seen, new_since
from .api import Error
from .auth import CSRF_HEADER, SESSION_COOKIE
from .service import doc_url, store_of
from .trends_service import (
    MAX_TERMS,
    api_watch_reader,
    check_terms,
    new_count,
    owned_watch,
    watch_links,
    watch_writer,
)

router = APIRouter(prefix="/api/v1", tags=["emerging issues"])

# Documented in the OpenAPI; the checks are trends_service's.
_bearer = HTTPBearer(auto_error=False, scheme_name="token",
                     description="An API token (`peaceobs user token NAME`), sent as `Authorization: Bearer TOKEN`.")
_cookie = APIKeyCookie(name=SESSION_COOKIE, auto_error=False, scheme_name="session",
                       description="The browser's login session; a write must also send the session's CSRF "
                                   "token in an `X-CSRF-Token` header.")
Token = Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)]
Cookie = Annotated[str | None, Security(_cookie)]
WatchId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The watch's ID (see GET /watches)")]

BAD: dict[int | str, dict[str, Any]] = {422: {"model": Error}}
MINE: dict[int | str, dict[str, Any]] = {
    401: {"model": Error, "description": "No credentials, or an unknown token or expired session"},
    404: {"model": Error, "description": "You have no watch of that ID"}}
Body = Annotated[str | None, Query(max_length=20, description="Only this body's documents: GA, SC, SG, ACABQ …")]
By = Annotated[Literal["year", "session"], Query(description="Periods: years, or GA sessions")]
Drafts = Annotated[bool, Query(description="Count draft proposals too (left out by default: a draft and its "
                                           "resolution are one decision)")]


# -- models (what the library's to_dict() gives) -------------------------------------------------


class EvidenceOut(BaseModel):
    symbol: str
    pid: str = Field(description="The paragraph's ID: its address is /doc/SYMBOL#PID")
    kind: str
    title: str
    date: str | None
    snippet: str = Field(description="Safe HTML: the document's text escaped, the term in <mark>…</mark>")
    paragraphs: int = Field(description="Paragraphs of the document that match")


class PointOut(BaseModel):
    period: int = Field(description="A year, or a GA session")
    documents: int = Field(description="Documents of the period that use the term")
    total: int = Field(description="All documents of the period under the same filters")
    share: float = Field(description="documents / total")
    evidence: list[EvidenceOut] = Field(description="Paragraphs of the documents using the term most")


class TermOut(BaseModel):
    term: str
    documents: int
    points: list[PointOut]


class TrendOut(BaseModel):
    by: str
    body: str | None
    include_drafts: bool
    periods: list[int] = Field(description="Every period holding documents under the filters, oldest first")
    totals: list[int]
    terms: list[TermOut]


class EmergingTermOut(BaseModel):
    term: str = Field(description="A word or a two-word phrase, lower-cased")
    weight: float = Field(description="Of the bursts reaching the latest periods: Σ σ(0, t) − σ(1, t)")
    burst: list[int] = Field(description="First and last period of the latest burst")
    counts: list[int] = Field(description="Documents using the term, per period")
    shares: list[float]
    related: list[str] = Field(description="Lighter terms used by nearly the same documents of the latest periods")
    evidence: list[EvidenceOut] = Field(description="Paragraphs of the latest period")


class EmergingOut(BaseModel):
    by: str
    body: str | None
    include_drafts: bool
    periods: list[int]
    totals: list[int]
    params: dict[str, float]
    vocabulary: int = Field(description="Terms counted (in at least min_docs documents)")
    capped: bool = Field(description="Whether max_terms cut the vocabulary")
    terms: list[EmergingTermOut]


class WatchOut(BaseModel):
    id: int
    owner: str
    name: str
    query: str
    filters: dict[str, Any]
    created_at: str
    last_seen: str = Field(description="The last visit (page, or GET …/new without peek)")
    last_seen_generation: int
    new: int = Field(description="Paragraphs new since the last visit (at most 200 counted)")
    more: bool = Field(description="Whether more than that are new")
    url: str = Field(description="The watch's page")
    feed: str = Field(description="Its Atom feed (a feed reader adds ?token=API_TOKEN)")


class WatchIn(BaseModel):
    name: str = Field(min_length=1, max_length=80, description="1–80 characters, no slash")
    query: str = Field(min_length=1, max_length=500, description='Words, "phrases", prefix*, OR, -not')
    body: str | None = Field(None, max_length=20, description="Only this body's documents")
    doc_type: str | None = Field(None, max_length=40, description="resolution, draft, report …")
    symbol_prefix: str | None = Field(None, max_length=100, description="A/RES/80/ …")


class HitOut(BaseModel):
    symbol: str
    pid: str
    kind: str
    title: str
    date: str | None
    snippet: str = Field(description="Safe HTML, the query's words in <mark>…</mark>")
    ingested_at: str = Field(description="When its document was stored")
    url: str = Field(description="The document page at the paragraph")


class NewOut(BaseModel):
    watch: dict[str, Any]
    since: str = Field(description="The last visit: these paragraphs' documents were stored at or after it")
    as_of: str = Field(description="The moment this visit looked (recorded as the new last visit)")
    generation: int
    truncated: bool = Field(description="More matched than were returned")
    hits: list[HitOut]


# -- trends and emerging terms -------------------------------------------------------------------


@router.get("/trends", response_model=TrendOut, responses=BAD, summary="Terms over time")
def api_trends(request: Request,
               term: Annotated[list[str], Query(max_length=500, description="A term in search syntax; repeat for "
                                                f"several (at most {MAX_TERMS})")],
               body: Body = None, by: By = "year", drafts: Drafts = False,
               evidence: Annotated[int, Query(ge=0, le=10, description="Paragraphs per point")] = EVIDENCE,
               ) -> dict[str, Any]:
    """Per term, per year or GA session: the documents that use it (a paragraph matches, as a
    search would find it), their share of the period's documents, and the paragraphs that show
    it. Every term is checked before anything is counted."""
    try:
        result = trends(store_of(request), check_terms(term), body=body, by=by, include_drafts=drafts,
                        evidence=evidence)
    except PeaceobsError as exc:  # TrendError, QueryError (QueryTooLarge too: a term this API refuses)
        raise HTTPException(422, str(exc)) from exc
    return result.to_dict()


@router.get("/emerging", response_model=EmergingOut, responses=BAD, summary="Terms that burst in the latest periods")
def api_emerging(request: Request, body: Body = None, by: By = "year", drafts: Drafts = False,
                 top: Annotated[int, Query(ge=0, le=100, description="Terms returned")] = TOP,
                 latest: Annotated[int, Query(ge=1, le=20, description="Bursts reaching these last periods")] = LATEST,
                 s: Annotated[float, Query(gt=1, le=100, description="Burst rate = s × the usual share")] = S,
                 gamma: Annotated[float, Query(ge=0, le=100, description="Cost of entering a burst, × ln(periods)")]
                 = GAMMA,
                 min_docs: Annotated[int, Query(ge=1, le=100_000, description="Terms in at least this many "
                                                                             "documents")] = MIN_DOCS,
                 ) -> dict[str, Any]:
    """Words and two-word phrases whose use bursts (Kleinberg's two-state model) in the latest
    periods, heaviest first, with their curves and example paragraphs (docs/TRENDS.md). The first
    call over a large body reads all its text (seconds); the result is kept until the next ingest."""
    try:
        result = emerging(store_of(request), body=body, by=by, include_drafts=drafts, top=top, s=s, gamma=gamma,
                          min_docs=min_docs, latest=latest)
    except PeaceobsError as exc:
        raise HTTPException(422, str(exc)) from exc
    return result.to_dict()


# -- watches -------------------------------------------------------------------------------------


def _watch_out(request: Request, watch: Any) -> dict[str, Any]:
    new, more = new_count(store_of(request), watch)
    return {**watch.to_dict(), "new": new, "more": more, **watch_links(watch)}


@router.get("/watches", response_model=list[WatchOut], responses=MINE, summary="My watches")
def api_watches(request: Request, _token: Token, _session: Cookie) -> list[dict[str, Any]]:
    """Your saved searches, by name, each with how many paragraphs are new since your last visit
    (counting records no visit)."""
    actor = api_watch_reader(request)
    return [_watch_out(request, w) for w in list_watches(store_of(request), actor.name)]


@router.post("/watches", status_code=201, response_model=WatchOut, summary="Save a search",
             responses={**MINE, 403: {"model": Error, "description": "A session without its CSRF token"},
                        409: {"model": Error, "description": "You have a watch of that name"}, **BAD})
def api_add_watch(request: Request, body: WatchIn, _token: Token, _session: Cookie) -> dict[str, Any]:
    """Checked now (a bad query or an unknown body is refused, nothing stored); seen as of now, so
    its first visit shows what is stored after it."""
    actor = watch_writer(request, request.headers.get(CSRF_HEADER))
    store = store_of(request)
    if store.get_watch(actor.name, body.name) is not None:
        raise HTTPException(409, f"you already have a watch named {body.name!r}")
    try:
        filters = Filters(body=check_body(store, body.body, stored=False), doc_type=body.doc_type or None,
                          symbol_prefix=body.symbol_prefix or None)
        watch = add_watch(store, body.name, body.query, filters, owner=actor.name)
    except PeaceobsError as exc:
        raise HTTPException(422, str(exc)) from exc
    return _watch_out(request, watch)


@router.get("/watches/{watch_id}/new", response_model=NewOut, responses=MINE,
            summary="What is new since the last visit (records the visit)")
def api_watch_new(request: Request, watch_id: WatchId, _token: Token, _session: Cookie,
                  peek: Annotated[bool, Query(description="Show without recording the visit")] = False,
                  limit: Annotated[int, Query(ge=1, le=NEW_LIMIT)] = NEW_LIMIT) -> dict[str, Any]:
    """The paragraphs matching the watch in documents stored since its last visit, newest
    document first. The visit is recorded (as ``peaceobs watch new`` does) unless ``peek``: the
    next call shows only what is stored after this one looked."""
    actor = api_watch_reader(request)
    store = store_of(request)
    watch = owned_watch(store, actor, watch_id)
    visit = new_since(store, watch, limit=limit)
    if not peek:
        mark_seen(store, watch, visit)
    data = visit.to_dict()
    data["watch"] = {**visit.watch.to_dict(), **watch_links(watch)}
    data["hits"] = [{**h, "url": f"{doc_url(h['symbol'])}#{h['pid']}"} for h in data["hits"]]
    return data


@router.delete("/watches/{watch_id}", status_code=204, response_class=Response,
               responses={**MINE, 403: {"model": Error, "description": "A session without its CSRF token"}},
               summary="Delete a watch")
def api_delete_watch(request: Request, watch_id: WatchId, _token: Token, _session: Cookie) -> Response:
    actor = watch_writer(request, request.headers.get(CSRF_HEADER))
    store = store_of(request)
    delete_watch(store, owned_watch(store, actor, watch_id).name, owner=actor.name)
    return Response(status_code=204)
