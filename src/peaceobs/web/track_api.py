"""The recommendation tracker under /api/v1/track: frameworks, commitments with their evidence and
statuses, suggestions, exports and the audit log; the same library calls as ``peaceobs track``.

Reading is open (unless the deployment says ``read_requires_login``); every write needs an API
token (``Authorization: Bearer TOKEN``) or a session cookie with its ``X-CSRF-Token`` header, and
a role: 401 without credentials, 403 below the role the write needs (peaceobs.track.NEEDS).
Nothing here edits or deletes the audit log: it is only read.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request, Response, Security
from fastapi.responses import JSONResponse
from fastapi.security import APIKeyCookie, HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field, model_validator

from ..errors import PeaceobsError
from ..store import Store
from ..track import (
    Actor,
    CommitmentDraft,
    FrameworkError,
    Status,
    TrackConflict,
    TrackInputError,
    TrackNotFound,
    add_framework,
    commitments_from_paragraphs,
    delete_framework,
    export_csv,
    export_json,
    export_xlsx,
    link,
    set_status,
    show,
)
from ..track.tracker import CommitmentView
from .api import Error
from .auth import SESSION_COOKIE, api_writer, current_viewer
from .finance_api import XLSX
from .service import (
    commitment_url,
    doc_url,
    framework_name_problem,
    readable_audit,
    store_of,
    suggestions_for,
)

router = APIRouter(prefix="/api/v1/track", tags=["tracker"])

# Documented in the OpenAPI (either one authenticates a write); the checks are api_writer's.
_bearer = HTTPBearer(auto_error=False, scheme_name="token",
                     description="An API token (`peaceobs user token NAME`), sent as `Authorization: Bearer TOKEN`.")
_cookie = APIKeyCookie(name=SESSION_COOKIE, auto_error=False, scheme_name="session",
                       description="The browser's login session; a write must also send the session's CSRF "
                                   "token in an `X-CSRF-Token` header.")


# An ID the store's integer column can hold: a larger one is a 422, not a database error.
CommitmentId = Annotated[int, Path(ge=1, le=2**31 - 1, description="The commitment's ID (see GET /frameworks/{name})")]

READS: dict[int | str, dict[str, Any]] = {404: {"model": Error}, 422: {"model": Error}}
WRITES: dict[int | str, dict[str, Any]] = {
    401: {"model": Error, "description": "No credentials, or an unknown token or expired session"},
    403: {"model": Error, "description": "A role below the write's, or a session without its CSRF token"},
    **READS}


def _writer(action: str) -> Any:
    """A dependency that gives the actor allowed to do ``action`` (or raises 401/403)."""

    def dependency(request: Request,
                   _token: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)],
                   _session: Annotated[str | None, Security(_cookie)]) -> Actor:
        return api_writer(request, action)

    return Depends(dependency)


# -- models --------------------------------------------------------------------------------------


class SourceOut(BaseModel):
    symbol: str | None = Field(description="The stored document the commitment's text was taken from")
    pid: str | None = Field(description="Its paragraph ID")
    note: str = Field(description="Where the text comes from, for a commitment not in the store")


class LinkOut(BaseModel):
    id: int
    commitment_id: int
    symbol: str
    pid: str
    state: str = Field(description="suggested, confirmed or rejected")
    origin: str = Field(description="suggested (by retrieval) or manual")
    score: float | None
    note: str
    by_user: str
    at: str
    url: str = Field(description="The document page at the paragraph")


class StatusOut(BaseModel):
    id: int
    commitment_id: int
    status: str
    rationale: str
    evidence: list[str] = Field(description="The confirmed links it rests on, as SYMBOL#PID")
    by_user: str
    at: str


class CommitmentOut(BaseModel):
    id: int
    framework: str
    ref: str = Field(description="The commitment's ID in its framework: OP42(g)")
    area: str
    text: str
    source: SourceOut
    status: str = Field(description="not started, in progress, implemented, reversed or unclear")
    rationale: str
    version: int = Field(description="Send it back as expected_version when setting the status")
    updated_by: str
    updated_at: str
    links: list[LinkOut]
    history: list[StatusOut] = Field(description="Every status set, oldest first")
    url: str = Field(description="The commitment's page")


class Conflict(Error):
    current: CommitmentOut = Field(description="The commitment as it is now: read it, then decide again")


class FrameworkSummary(BaseModel):
    name: str
    title: str
    source: str
    created_by: str
    created_at: str
    commitments: int


class FrameworkOut(BaseModel):
    name: str
    title: str
    source: str
    created_by: str
    created_at: str
    statuses: dict[str, int] = Field(description="Commitments by status")
    commitments: list[CommitmentOut]


class SuggestionOut(BaseModel):
    symbol: str
    pid: str
    title: str
    date: str | None
    snippet: str = Field(description="The matching passage; matches wrapped in <mark>…</mark>")
    bm25_rank: int
    similarity: float | None = Field(description="Cosine with the commitment's embedding (null: BM25 alone)")
    score: float = Field(description="Reciprocal-rank fusion of the two rankings")
    url: str


class Suggestions(BaseModel):
    commitment: int
    model: str | None = Field(description="The embedding model used to re-rank; null for BM25 alone")
    note: str
    items: list[SuggestionOut]


class AuditOut(BaseModel):
    id: int
    at: str
    actor: str
    action: str = Field(description="framework.add, framework.delete, link.add, link.review, status.set")
    object: str = Field(description="framework:NAME or commitment:ID")
    before: Any
    after: Any


class CommitmentIn(BaseModel):
    id: str = Field(min_length=1, max_length=64, description="Its ID in the framework")
    text: str = Field(min_length=1, max_length=10_000)
    area: str = Field("", max_length=200)
    source: str = Field(min_length=1, max_length=500, description="Where the text comes from (required)")


class FrameworkIn(BaseModel):
    name: str = Field(max_length=64, description="Letters, digits, '.', '_', '-'")
    title: str = Field("", max_length=300)
    from_symbol: str | None = Field(None, max_length=100, description="A stored document's symbol …")
    paragraphs: str | None = Field(None, max_length=500, description="… and its paragraphs: 'OP42(a)-OP42(g)'")
    commitments: list[CommitmentIn] | None = Field(None, max_length=2000, description="Or the commitments themselves")
    source: str = Field("", max_length=500, description="Where a list of commitments comes from")

    @model_validator(mode="after")
    def one_way(self) -> FrameworkIn:
        by_paragraphs = bool(self.from_symbol and self.paragraphs)
        if by_paragraphs == bool(self.commitments) or (bool(self.from_symbol) != bool(self.paragraphs)):
            raise ValueError("give from_symbol and paragraphs, or commitments")
        return self


class LinkIn(BaseModel):
    symbol: str = Field(min_length=1, max_length=100)
    pid: str = Field(min_length=1, max_length=40)
    state: Literal["confirmed", "rejected", "suggested"] = "confirmed"
    note: str = Field("", max_length=2000)


class StatusIn(BaseModel):
    status: Literal["not started", "in progress", "implemented", "reversed", "unclear"]
    rationale: str = Field("", max_length=5000)
    evidence: list[Annotated[str, Field(max_length=150)]] = Field(
        [], max_length=100, description="Confirmed links of the commitment, as SYMBOL#PID")
    expected_version: int = Field(ge=0, description="The version you read: a change since is a 409")


# -- helpers -------------------------------------------------------------------------------------


def _link_dict(row: Any) -> dict[str, Any]:
    return {**row._asdict(), "url": f"{doc_url(row.symbol)}#{row.pid}"}


def commitment_dict(store: Store, commitment_id: CommitmentId) -> dict[str, Any]:
    try:
        c = store.commitment(commitment_id)
    except TrackNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    links = store.links(c.id)
    data = CommitmentView(c, links, store.status_history(c.id)).to_dict()
    data["links"] = [_link_dict(x) for x in links]
    return {**data, "framework": c.framework, "url": commitment_url(c.framework, c.ref)}


def _framework_or_404(store: Store, name: str) -> dict[str, Any]:
    try:
        return show(store, name)
    except TrackNotFound as exc:
        raise HTTPException(404, str(exc)) from exc


# -- reading -------------------------------------------------------------------------------------


@router.get("/frameworks", response_model=list[FrameworkSummary], summary="The frameworks")
def api_frameworks(request: Request) -> list[dict[str, Any]]:
    return [f._asdict() for f in store_of(request).frameworks()]


@router.get("/frameworks/{name}", response_model=FrameworkOut, responses=READS,
            summary="A framework: its commitments with their status, evidence and history")
def api_framework(request: Request, name: str) -> dict[str, Any]:
    data = _framework_or_404(store_of(request), name)
    counts = {str(s): 0 for s in Status}
    for c in data["commitments"]:
        counts[c["status"]] = counts.get(c["status"], 0) + 1
        c["framework"] = name
        c["url"] = commitment_url(name, c["ref"])
        c["links"] = [{**x, "url": f"{doc_url(x['symbol'])}#{x['pid']}"} for x in c["links"]]
    return {**data, "statuses": counts}


@router.get("/frameworks/{name}/export", responses={**READS, 200: {
    "content": {"text/csv": {}, "application/json": {}, XLSX: {}},
    "description": "A download: one row per commitment (status, rationale, reviewer, confirmed evidence)"}},
    summary="A framework as CSV, JSON or XLSX", response_class=Response)
def api_export(request: Request, name: str, format: Literal["csv", "json", "xlsx"] = "csv") -> Response:
    store = store_of(request)
    _framework_or_404(store, name)
    # Names are checked when made through the web app; one made by the CLI may hold anything.
    safe = "".join(ch if ch.isalnum() or ch in "._-" else "-" for ch in name) or "framework"
    disposition = {"Content-Disposition": f'attachment; filename="{safe}.{format}"'}
    if format == "json":
        return Response(export_json(store, name), media_type="application/json", headers=disposition)
    if format == "xlsx":
        return Response(export_xlsx(store, name), media_type=XLSX, headers=disposition)
    return Response(export_csv(store, name), media_type="text/csv", headers=disposition)


@router.get("/commitments/{commitment_id}", response_model=CommitmentOut, responses=READS,
            summary="A commitment: text, source, status, links, history")
def api_commitment(request: Request, commitment_id: CommitmentId) -> dict[str, Any]:
    return commitment_dict(store_of(request), commitment_id)


@router.get("/commitments/{commitment_id}/suggestions", response_model=Suggestions, responses=READS,
            summary="Candidate evidence: later paragraphs, BM25 re-ranked by sentence embeddings")
def api_suggestions(request: Request, commitment_id: CommitmentId,
                    limit: Annotated[int, Query(ge=1, le=50)] = 10,
                    model: Literal["minilm", "none"] = "minilm") -> dict[str, Any]:
    """Paragraphs of documents later than the commitment's source that may show it moved; nothing
    is stored (an analyst confirms one with POST …/links). ``model=none`` ranks by BM25 alone."""
    store = store_of(request)
    try:
        c = store.commitment(commitment_id)
    except TrackNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    found, used, note = suggestions_for(store, c, limit, model)
    return {"commitment": c.id, "model": used, "note": note,
            "items": [{"symbol": s.symbol, "pid": s.pid, "title": s.title, "date": s.date, "snippet": s.snippet,
                       "bm25_rank": s.bm25_rank, "similarity": s.similarity, "score": s.score,
                       "url": f"{doc_url(s.symbol)}#{s.pid}"} for s in found]}


@router.get("/audit", response_model=list[AuditOut], summary="The audit log, newest first (read-only)")
def api_audit(request: Request, limit: Annotated[int, Query(ge=1, le=1000)] = 100,
              object: Annotated[str | None, Query(max_length=200, description="framework:NAME or commitment:ID")] = None
              ) -> list[dict[str, Any]]:
    """Every change to the tracker, packs, watches and scales: who, when, what, before and after;
    the newest ``limit`` entries the caller may read (a private pack's and a watch's entries only
    to their owner and admins). Append-only: the store refuses to update or delete its rows, and
    no endpoint offers to."""
    rows = readable_audit(store_of(request), current_viewer(request).actor, limit, object)
    return [r._asdict() for r in rows]


# -- writing -------------------------------------------------------------------------------------


@router.post("/frameworks", status_code=201, response_model=FrameworkOut,
             responses={**WRITES, 409: {"model": Error, "description": "A framework of that name exists"}},
             summary="Make a framework (admin)")
def api_add_framework(request: Request, body: FrameworkIn, actor: Annotated[Actor, _writer("framework")]
                      ) -> dict[str, Any]:
    """From a stored document's paragraphs (``from_symbol`` + ``paragraphs``: each sub-item one
    commitment, its ID and text kept), or from ``commitments`` given here, each with its source."""
    store = store_of(request)
    problem = framework_name_problem(body.name)
    if problem:
        raise HTTPException(422, problem)
    if body.from_symbol:
        doc = store.get_document(body.from_symbol)
        if doc is None:
            raise HTTPException(422, f"no document {body.from_symbol!r} in the store")
        try:
            drafts = commitments_from_paragraphs(doc, body.paragraphs or "")
        except FrameworkError as exc:
            raise HTTPException(422, str(exc)) from exc
        source, title = f"{doc.symbol} {body.paragraphs}", body.title or f"{doc.symbol}: {body.paragraphs}"
    else:
        items = body.commitments or []
        ids = [c.id.strip() for c in items]
        if len(set(ids)) != len(ids) or not all(ids):
            raise HTTPException(422, "each commitment needs an id, and no id may appear twice")
        drafts = [CommitmentDraft(ref=c.id.strip(), text=c.text.strip(), area=c.area.strip(),
                                  source_note=c.source.strip()) for c in items]
        source, title = body.source or f"given through the API by {actor.name}", body.title
    try:
        add_framework(store, actor, body.name, title, source, drafts)
    except TrackConflict as exc:
        raise HTTPException(409, str(exc)) from exc
    except PeaceobsError as exc:  # TrackInputError: nothing to add
        raise HTTPException(422, str(exc)) from exc
    return api_framework(request, body.name)


@router.delete("/frameworks/{name}", status_code=204, response_class=Response, responses=WRITES,
               summary="Delete a framework (admin; the audit log keeps that it existed)")
def api_delete_framework(request: Request, name: str, actor: Annotated[Actor, _writer("framework")]) -> Response:
    try:
        delete_framework(store_of(request), actor, name)
    except TrackNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    return Response(status_code=204)


@router.post("/commitments/{commitment_id}/links", response_model=LinkOut, responses=WRITES,
             summary="Link a paragraph as evidence, or confirm / reject a suggested one (analyst)")
def api_link(request: Request, commitment_id: CommitmentId, body: LinkIn, actor: Annotated[Actor, _writer("link")]
             ) -> dict[str, Any]:
    store = store_of(request)
    try:
        store.commitment(commitment_id)
        row = link(store, actor, commitment_id, body.symbol.strip(), body.pid.strip(), state=body.state,
                   note=body.note)
    except TrackNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    except TrackInputError as exc:
        raise HTTPException(422, str(exc)) from exc
    return _link_dict(row)


@router.post("/commitments/{commitment_id}/status", response_model=CommitmentOut,
             responses={**WRITES, 409: {"model": Conflict, "description": "The commitment changed since "
                                                                          "expected_version: the current one"}},
             summary="Set a commitment's status over the version read (reviewer)")
def api_status(request: Request, commitment_id: CommitmentId, body: StatusIn, actor: Annotated[Actor, _writer("status")]
               ) -> Any:
    """With a rationale (needed for every status but "not started") and the confirmed links it
    rests on. Two reviewers who read the same version: the first is taken, the second gets 409
    with the commitment as it now is."""
    store = store_of(request)
    try:
        store.commitment(commitment_id)
        set_status(store, actor, commitment_id, body.status, body.rationale, body.evidence, body.expected_version)
    except TrackNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    except TrackConflict as exc:
        return JSONResponse({"error": str(exc), "status": 409, "current": commitment_dict(store, commitment_id)}, 409)
    except TrackInputError as exc:
        raise HTTPException(422, str(exc)) from exc
    return commitment_dict(store, commitment_id)
