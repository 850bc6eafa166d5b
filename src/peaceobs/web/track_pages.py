"""The recommendation tracker's pages: frameworks, a scorecard per framework, a page per
commitment (its source, suggested and reviewed evidence, its status with the form to set it, its
history and audit entries) and the audit log.

Every form that writes is a POST carrying the session's CSRF token; forms are shown only to roles
that may use them, and every POST is checked on the server all the same (auth.form_actor). The
pages read without JavaScript; the status chart is the only thing drawn by it.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ..store import Store
from ..store.tracking import AuditRow, CommitmentRow
from ..track import (
    FrameworkError,
    LinkState,
    Status,
    TrackConflict,
    TrackInputError,
    TrackNotFound,
    add_framework,
    commitments_from_paragraphs,
    link,
    set_status,
)
from . import views
from .auth import Viewer, current_viewer, field, form_actor, read_form
from .pages import render
from .service import (
    commitment_url,
    evidence_url,
    framework_name_problem,
    readable_audit,
    store_of,
    suggestions_for,
)

router = APIRouter(include_in_schema=False)
STATUSES = [str(s) for s in Status]
SUGGESTIONS = 10


def can(viewer: Viewer, action: str) -> bool:
    """Whether to show the forms of ``action``: page forms go with a login session (a token is
    for scripts), and a role that allows it."""
    return viewer.via == "session" and viewer.may(action)


def _redirect(request: Request, url: str) -> RedirectResponse:
    return RedirectResponse(request.scope.get("root_path", "") + url, status_code=303)


def _context(request: Request) -> dict[str, Any]:
    viewer = current_viewer(request)
    return {"viewer": viewer, "can": lambda action: can(viewer, action), "commitment_url": commitment_url,
            "evidence_url": evidence_url, "statuses": STATUSES}


# -- frameworks ----------------------------------------------------------------------------------


def _frameworks_page(request: Request, status_code: int = 200, error: str = "",
                     values: dict[str, str] | None = None) -> HTMLResponse:
    store = store_of(request)
    frameworks = store.frameworks()
    counts = {f.name: Counter(c.status for c in store.commitments(f.name)) for f in frameworks}
    return render(request, "track.html", status_code=status_code, title="Tracker", frameworks=frameworks,
                  counts=counts, error=error, values=values or {}, **_context(request))


@router.get("/track", response_class=HTMLResponse)
def frameworks_page(request: Request) -> HTMLResponse:
    return _frameworks_page(request)


@router.post("/track")
async def frameworks_post(request: Request) -> Response:
    form = await read_form(request)
    return await run_in_threadpool(_add_framework, request, form)


def _add_framework(request: Request, form: dict[str, list[str]]) -> Response:
    actor = form_actor(request, form, "framework")  # 401 / 403 before the form is read further
    values = {k: field(form, k).strip() for k in ("name", "title", "symbol", "paragraphs")}
    store = store_of(request)
    problem = framework_name_problem(values["name"])
    doc = store.get_document(values["symbol"]) if values["symbol"] else None
    if problem is None and doc is None:
        problem = f"no document {values['symbol']!r} in the store"
    if problem is None:
        try:
            drafts = commitments_from_paragraphs(doc, values["paragraphs"])
            title = values["title"] or f"{doc.symbol}: {values['paragraphs']}"
            add_framework(store, actor, values["name"], title, f"{doc.symbol} {values['paragraphs']}", drafts)
        except TrackConflict as exc:
            return _frameworks_page(request, 409, str(exc), values)
        except (FrameworkError, TrackInputError) as exc:
            problem = str(exc)
    if problem is not None:
        return _frameworks_page(request, 422, problem, values)
    return _redirect(request, f"/track/{values['name']}")


# -- the audit log -------------------------------------------------------------------------------


def _object_links(store: Store, rows: list[AuditRow]) -> dict[str, str]:
    """Each audited object's page, where it still exists (a deleted framework has none)."""
    out: dict[str, str] = {}
    names = {f.name for f in store.frameworks()}
    for r in rows:
        kind, _, key = r.object.partition(":")
        if r.object in out:
            continue
        if kind == "framework" and key in names:
            out[r.object] = f"/track/{key}"
        elif kind == "commitment" and key.isdigit():
            try:
                c = store.commitment(int(key))
            except TrackNotFound:
                continue
            out[r.object] = commitment_url(c.framework, c.ref)
    return out


def _dumps(value: Any) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


@router.get("/track/audit", response_class=HTMLResponse)
def audit_page(request: Request, limit: Annotated[int, Query(ge=1, le=1000)] = 200) -> HTMLResponse:
    store = store_of(request)
    rows = readable_audit(store, current_viewer(request).actor, limit)
    return render(request, "audit.html", title="Tracker audit log", rows=rows, object_links=_object_links(store, rows),
                  dumps=_dumps, limit=limit, **_context(request))


# -- a framework's scorecard ---------------------------------------------------------------------


@router.get("/track/{name}", response_class=HTMLResponse)
def scorecard_page(request: Request, name: str) -> HTMLResponse:
    store = store_of(request)
    try:
        framework = store.framework(name)
    except TrackNotFound as exc:
        raise HTTPException(404, str(exc)) from exc
    areas: dict[str, list[dict[str, Any]]] = {}
    counts = Counter()
    for c in store.commitments(name):
        history = store.status_history(c.id)
        last = history[-1] if history else None
        confirmed = [x for x in store.links(c.id) if x.state == LinkState.CONFIRMED]
        areas.setdefault(c.area, []).append({"c": c, "last": last, "confirmed": confirmed})
        counts[c.status] += 1
    return render(request, "scorecard.html", title=f"{framework.name}: scorecard", framework=framework,
                  areas=areas, counts=counts, **_context(request))


# -- a commitment --------------------------------------------------------------------------------


def _commitment(store: Store, name: str, ref: str) -> tuple[Any, CommitmentRow]:
    try:
        return store.framework(name), store.commitment_by_ref(name, ref)
    except TrackNotFound as exc:
        raise HTTPException(404, str(exc)) from exc


def _commitment_page(request: Request, name: str, ref: str, suggest_now: bool = False, status_code: int = 200,
                     **extra: Any) -> HTMLResponse:
    store = store_of(request)
    framework, c = _commitment(store, name, ref)
    links = store.links(c.id)
    history = store.status_history(c.id)
    suggestions, model, note = ([], None, "")
    if suggest_now:
        found, model, note = suggestions_for(store, c, SUGGESTIONS)
        linked = {(x.symbol, x.pid) for x in links}
        suggestions = [s for s in found if (s.symbol, s.pid) not in linked]
    chart = views.status_over_time(history, framework.created_at, c.ref, STATUSES) if history else None
    context: dict[str, Any] = {
        "title": f"{framework.name} {c.ref}", "framework": framework, "c": c, "links": links, "history": history,
        "confirmed": [x for x in links if x.state == LinkState.CONFIRMED], "suggested": suggest_now,
        "suggestions": suggestions, "model": model, "note": note,
        "chart": json.dumps(chart) if chart else None,
        "audit": store.audit_log(obj=f"commitment:{c.id}"), "dumps": _dumps,
        "checked": set(history[-1].evidence) if history else set(),
        "error": "", "conflict": "", "rationale": "", "link_values": {}, **_context(request)}
    context.update(extra)
    return render(request, "commitment.html", status_code=status_code, **context)


@router.get("/track/{name}/{ref:path}", response_class=HTMLResponse)
def commitment_page(request: Request, name: str, ref: str, suggest: bool = False) -> HTMLResponse:
    """``?suggest=1`` runs the evidence suggestions (on demand: they embed paragraphs)."""
    return _commitment_page(request, name, ref, suggest_now=suggest)


@router.post("/track/{name}/{ref:path}")
async def commitment_post(request: Request, name: str, ref: str) -> Response:
    form = await read_form(request)
    return await run_in_threadpool(_commitment_post, request, name, ref, form)


def _commitment_post(request: Request, name: str, ref: str, form: dict[str, list[str]]) -> Response:
    action = field(form, "action")
    if action not in ("link", "status"):
        raise HTTPException(422, "action must be link or status")
    actor = form_actor(request, form, action)  # 401 / 403 (role, CSRF) before anything is read or written
    store = store_of(request)
    _, c = _commitment(store, name, ref)
    page = commitment_url(name, c.ref)
    if action == "link":
        values = {k: field(form, k).strip() for k in ("symbol", "pid", "note")}
        origin = "suggested" if field(form, "origin") == "suggested" else "manual"
        try:
            score = float(field(form, "score")) if field(form, "score") else None
            link(store, actor, c.id, values["symbol"], values["pid"], state=field(form, "state", "confirmed"),
                 note=values["note"], score=score, origin=origin)
        except (TrackInputError, ValueError) as exc:
            return _commitment_page(request, name, ref, status_code=422, error=str(exc), link_values=values)
        back = "?suggest=1#suggestions" if field(form, "back") == "suggest" else "#evidence"
        return _redirect(request, page + back)
    rationale = field(form, "rationale")
    try:
        expected = int(field(form, "expected_version"))
    except ValueError:
        return _commitment_page(request, name, ref, status_code=422, rationale=rationale,
                                error="expected_version: the version read, a whole number")
    try:
        set_status(store, actor, c.id, field(form, "status"), rationale, form.get("evidence", []), expected)
    except TrackConflict:
        now = store.commitment(c.id)
        message = (f"Not saved: {now.updated_by} changed this commitment at {now.updated_at} — it is now "
                   f"“{now.status}” (version {now.version}). It is shown below as it now stands; decide "
                   "again, your rationale is kept in the form.")
        return _commitment_page(request, name, ref, status_code=409, conflict=message, rationale=rationale)
    except TrackInputError as exc:
        return _commitment_page(request, name, ref, status_code=422, error=str(exc), rationale=rationale)
    return _redirect(request, page + "#status")
