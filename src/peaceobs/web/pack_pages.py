"""Evidence packs in the browser and over the API.

Pages: ``/packs`` (the packs the viewer may read), ``/packs/{name}`` (the pack as it will be
exported — the same sections as the DOCX and PDF — with reorder, note and share forms for its
owner and admins, and forms to remove an item or delete the pack), ``/packs/{name}.docx|.pdf|.json``
(the exports). "Add to pack" on the document, comparison, mission, assessment, trends and search
pages posts to ``/packs/add``.
API: ``GET /api/v1/packs``, ``GET /api/v1/packs/{name}``, ``POST /api/v1/packs/{name}/items``,
``DELETE /api/v1/packs/{name}/items/{position}``, ``DELETE /api/v1/packs/{name}``.

Every write is checked here whatever the page showed: a login (or an API token), the CSRF token
of the session, the role (analyst or above) and the pack's owner (or an admin); it is audited in
the store in the same transaction. A private pack of someone else reads as absent (404), so its
name is not confirmed.
"""

from __future__ import annotations

import json
import re
from typing import Annotated, Any
from urllib.parse import quote, urlsplit, urlunsplit

from fastapi import APIRouter, Body, HTTPException, Path, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ..errors import PeaceobsError
from ..packs import (
    KINDS,
    PackError,
    PackNotFound,
    add_item,
    annotate,
    delete,
    export_docx,
    export_json,
    export_pdf,
    get_pack,
    move,
    remove,
    render_pack,
    share,
    visible_packs,
)
from ..track.roles import Actor, Forbidden, Role
from .auth import api_writer, current_viewer, field, form_actor, read_form, safe_next
from .pages import render
from .service import store_of

router = APIRouter()
PackName = Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")]
_EXPORTS = {"docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", export_docx),
            "pdf": ("application/pdf", export_pdf)}


def _reader(request: Request) -> Actor | None:
    return current_viewer(request).actor


def _not_found(exc: PackNotFound) -> HTTPException:
    return HTTPException(404, str(exc).strip("'\""))


def pack_url(root: str, name: str, position: int | None = None) -> str:
    return f"{root}/packs/{quote(name, safe='')}" + (f"#item-{position}" if position else "")


# ---- pages --------------------------------------------------------------------------------------


@router.get("/packs", response_class=HTMLResponse)
def packs_page(request: Request) -> HTMLResponse:
    store = store_of(request)
    viewer = current_viewer(request)
    rows = [(p, len(store.pack_items(p.name))) for p in visible_packs(store, viewer.actor)]
    return render(request, "packs.html", title="Evidence packs", rows=rows)


@router.get("/packs/{name}.{fmt}")
def pack_export_file(request: Request, name: Annotated[str, Path(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")],
                     fmt: str) -> Response:
    store = store_of(request)
    try:
        if fmt == "json":
            data = json.dumps(export_json(store, name, _reader(request)), ensure_ascii=False, indent=2)
            media, body = "application/json", data.encode("utf-8")
        elif fmt in _EXPORTS:
            media, fn = _EXPORTS[fmt]
            body = fn(store, name, _reader(request))
        else:  # a pack whose name has a dot ("brief.v2"): its page
            return _pack_page(request, f"{name}.{fmt}")
    except PackNotFound as exc:
        raise _not_found(exc) from exc
    return Response(body, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


@router.get("/packs/{name}", response_class=HTMLResponse)
def pack_page(request: Request, name: PackName) -> HTMLResponse:
    return _pack_page(request, name)


def _pack_page(request: Request, name: str) -> HTMLResponse:
    store = store_of(request)
    viewer = current_viewer(request)
    try:
        pack = get_pack(store, name, viewer.actor)
    except PackNotFound as exc:
        raise _not_found(exc) from exc
    sections = render_pack(store, pack)
    may_edit = (viewer.via == "session" and viewer.may("pack") and viewer.actor is not None
                and (viewer.actor.name == pack.owner or viewer.actor.role >= Role.ADMIN))
    return render(request, "pack.html", title=f"Pack: {pack.title or pack.name}", pack=pack, sections=sections,
                  may_edit=may_edit, share_url=str(request.url_for("pack_page", name=name)))


@router.post("/packs/add")
async def pack_add_post(request: Request) -> Response:
    form = await read_form(request)
    return await run_in_threadpool(_pack_add, request, form)


def _pack_add(request: Request, form: dict[str, list[str]]) -> Response:
    actor = form_actor(request, form, "pack")  # 401 / 403 before anything else is read
    name, kind = field(form, "pack").strip(), field(form, "kind")
    try:
        ref = json.loads(field(form, "ref") or "{}")
    except json.JSONDecodeError:
        raise HTTPException(422, "ref: not JSON") from None
    if not isinstance(ref, dict):
        raise HTTPException(422, "ref: a JSON object")
    item = _write(add_item, store_of(request), actor, name, kind, ref, field(form, "note").strip()[:2000])
    root = request.scope.get("root_path", "")
    back = urlsplit(safe_next(field(form, "next")))
    # Back to the page the evidence came from (a path below the app's prefix), saying where it
    # went; the pack is one click away.
    query = "&".join(p for p in (back.query, f"added={quote(name)}%23{item.position}") if p)
    target = urlunsplit(("", "", back.path, query, back.fragment))
    return RedirectResponse(f"{root}{target}", status_code=303)


@router.post("/packs/{name}")
async def pack_post(request: Request, name: PackName) -> Response:
    form = await read_form(request)
    return await run_in_threadpool(_pack_change, request, name, form)


def _pack_change(request: Request, name: str, form: dict[str, list[str]]) -> Response:
    actor = form_actor(request, form, "pack")
    store = store_of(request)
    action = field(form, "action")
    anchor: int | None
    if action == "move":
        anchor = _int(field(form, "new_position"))
        _write(move, store, actor, name, _int(field(form, "position")), anchor)
    elif action == "note":
        anchor = _int(field(form, "position"))
        _write(annotate, store, actor, name, anchor, field(form, "note").strip()[:2000])
    elif action == "share":
        _write(share, store, actor, name, field(form, "shared") == "1")
        anchor = None
    elif action == "remove":
        position = _int(field(form, "position"))
        left = _write(remove, store, actor, name, position)
        anchor = min(position, len(left)) or None  # the item that took its place
    elif action == "delete":
        if field(form, "confirm") != "1":
            raise HTTPException(422, "confirm: tick the box to delete the pack")
        _write(delete, store, actor, name)
        return RedirectResponse(f"{request.scope.get('root_path', '')}/packs", status_code=303)
    else:
        raise HTTPException(422, "action: move, note, share, remove or delete")
    return RedirectResponse(pack_url(request.scope.get("root_path", ""), name, anchor), status_code=303)


def _int(value: str) -> int:
    if not re.fullmatch(r"-?[0-9]{1,9}", value.strip()):
        raise HTTPException(422, f"{value[:20]!r}: a position, 1 or more")
    return int(value)


def _write(fn: Any, *args: Any) -> Any:
    """One mapping of the packs' errors to HTTP: refused 403, unknown 404, bad input 422."""
    try:
        return fn(*args)
    except Forbidden as exc:
        raise HTTPException(403, str(exc)) from exc
    except PackNotFound as exc:
        raise _not_found(exc) from exc
    except (PackError, PeaceobsError) as exc:
        raise HTTPException(422, str(exc)) from exc


# ---- API ----------------------------------------------------------------------------------------


@router.get("/api/v1/packs", tags=["packs"])
def api_packs(request: Request) -> list[dict[str, Any]]:
    """The packs the caller may read: shared ones, and their own (and every one, for an admin)."""
    store = store_of(request)
    return [{"name": p.name, "title": p.title, "owner": p.owner, "shared": p.shared, "updated_at": p.updated_at,
             "items": len(store.pack_items(p.name))} for p in visible_packs(store, _reader(request))]


@router.get("/api/v1/packs/{name}", tags=["packs"])
def api_pack(request: Request, name: PackName) -> dict[str, Any]:
    """The pack as its JSON export: items resolvable to store IDs and the rendered sections."""
    try:
        return export_json(store_of(request), name, _reader(request))
    except PackNotFound as exc:
        raise _not_found(exc) from exc


@router.post("/api/v1/packs/{name}/items", tags=["packs"], status_code=201)
def api_pack_add(request: Request, name: PackName,
                 item: Annotated[dict[str, Any], Body(examples=[{"kind": "paragraph", "ref": {
                     "symbol": "A/RES/79/1", "pid": "OP42(g)"}, "note": "the Pact's commitment"}])]) -> JSONResponse:
    """Add an item (``kind`` one of paragraph, document, comparison, mandate, budget, assessment,
    trend, search; ``ref`` as in docs/PACKS.md; ``note``), making the pack if it is missing.
    Needs an API token (or a session with its X-CSRF-Token) of an analyst or above."""
    actor = api_writer(request, "pack")
    kind, ref = item.get("kind"), item.get("ref")
    if kind not in KINDS or not isinstance(ref, dict):
        raise HTTPException(422, f"kind: one of {', '.join(KINDS)}; ref: an object")
    row = _write(add_item, store_of(request), actor, name, kind, ref, str(item.get("note") or "")[:2000])
    return JSONResponse({"pack": name, "position": row.position, "kind": row.kind, "ref": row.ref, "note": row.note},
                        status_code=201)


@router.delete("/api/v1/packs/{name}/items/{position}", tags=["packs"])
def api_pack_remove(request: Request, name: PackName, position: Annotated[int, Path(ge=1)]) -> dict[str, Any]:
    """Remove the item at ``position`` (1-based); the others close up. The pack's owner or an
    admin, with an API token (or a session with its X-CSRF-Token); audited."""
    actor = api_writer(request, "pack")
    left = _write(remove, store_of(request), actor, name, position)
    return {"pack": name, "removed": position, "items": len(left)}


@router.delete("/api/v1/packs/{name}", tags=["packs"])
def api_pack_delete(request: Request, name: PackName) -> dict[str, Any]:
    """Delete the pack and its items. The pack's owner or an admin; the audit log keeps what it held."""
    actor = api_writer(request, "pack")
    _write(delete, store_of(request), actor, name)
    return {"pack": name, "deleted": True}
