"""The Observatory's web application: pages for people, ``/api/v1`` for scripts.

``create_app(db_url)`` builds a FastAPI app over one store. Each worker thread gets its own
connection (SQLite connections must not be shared between threads; one psycopg connection would
serialise every request).
"""

from __future__ import annotations

import logging
import threading
from importlib import resources
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Mount

from .. import __version__
from ..settings import Settings
from ..store import Store, open_store
from .api import router as api_router
from .auth import LoginGate
from .auth import router as auth_router
from .finance_api import router as finance_api_router
from .finance_pages import router as finance_pages_router
from .headers import DOCS_CSP, SecurityHeaders
from .pack_pages import router as pack_pages_router
from .pages import router as pages_router
from .track_api import router as track_api_router
from .track_pages import router as track_pages_router
from .trends_api import router as trends_api_router
from .trends_pages import router as trends_pages_router
from .trends_service import FeedToken

log = logging.getLogger("peaceobs.web")

WEB = resources.files("peaceobs.web")


class StoreProvider:
    """One store connection per thread, all on the same database."""

    def __init__(self, url: str | None) -> None:
        first = open_store(url)  # migrates once, up front
        self.url = first.url
        self.dialect = first.dialect
        self._local = threading.local()
        self._local.store = first
        self._opened = [first]
        self._lock = threading.Lock()

    def get(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = open_store(self.url, migrate=False)
            self._local.store = store
            with self._lock:
                self._opened.append(store)
        return store

    def close(self) -> None:
        """Close every connection opened (a test's app, before its database is dropped)."""
        with self._lock:
            opened, self._opened = self._opened, []
        for store in opened:
            store.close()


def create_app(db_url: str | None = None, corpus: str | Path | None = None,
               settings: Settings | None = None) -> FastAPI:
    """The web app over the store at ``db_url`` (default: ``$PEACEOBS_DB`` or data/peaceobs.db).

    ``corpus`` is where mission personnel data is read from (default ``$PEACEOBS_CORPUS`` or
    ``../shared/corpus``); pages work without it, minus the personnel charts. ``settings``
    (default: from the environment) says whether reading needs a login and whether cookies are
    for https only.
    """
    settings = settings or Settings.from_env()
    app = FastAPI(
        title="peaceobs — Peace Operations Observatory API",
        version=__version__,
        description="Paragraph-level access to UN peace-operations documents: search, documents, "
                    "paragraphs, citations, missions, and peacekeeping finance (budgets with the source "
                    "of every figure, scales of assessment, Resolution 2719 scenarios), and the "
                    "recommendation tracker (frameworks of commitments, evidence, statuses, the audit "
                    "log; writes need an API token: `Authorization: Bearer TOKEN`). Every list is "
                    "paginated with `limit` (at most 100) and `offset`. "
                    "Errors are JSON: `{\"error\": …, \"status\": …}`.",
        docs_url=None, redoc_url=None, openapi_url="/openapi.json",
    )
    app.state.stores = StoreProvider(db_url)
    app.state.corpus = Path(corpus) if corpus else settings.corpus
    app.state.read_requires_login = settings.read_requires_login
    app.state.secure_cookies = settings.secure_cookies
    templates = Jinja2Templates(directory=str(WEB / "templates"))
    templates.env.globals["version"] = __version__
    app.state.templates = templates
    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")

    app.include_router(api_router)
    app.include_router(finance_api_router)
    app.include_router(track_api_router)
    app.include_router(trends_api_router)
    app.include_router(auth_router)
    app.include_router(track_pages_router)
    app.include_router(trends_pages_router)
    app.include_router(pack_pages_router)
    app.include_router(pages_router)
    app.include_router(finance_pages_router)

    favicon = (WEB / "static" / "favicon.svg").read_bytes()

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon_ico() -> Response:
        # Browsers ask for /favicon.ico whatever a page links (the API docs, a JSON file): the
        # same SVG the pages link, so that no request for it is answered 404.
        return Response(favicon, media_type="image/svg+xml", headers={"Cache-Control": "public, max-age=86400"})

    @app.get("/docs/openapi.json", include_in_schema=False)
    def docs_spec() -> JSONResponse:
        return JSONResponse(readable_spec(app.openapi()))

    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        # RapiDoc, vendored: Swagger UI would load its assets from a CDN (and is 1.7 MB).
        # load-fonts="false": RapiDoc would otherwise fetch Open Sans from fonts.gstatic.com;
        # the system fonts of the pages instead. allow-authentication="false": its "API key"
        # panel offers nothing here (writes take a Bearer token, which the description and the
        # header below explain). allow-try="false": RapiDoc's "try it" inputs have no labels
        # (axe: critical); each operation's example and curl serve instead.
        # The spec is /docs/openapi.json, /openapi.json made readable.
        root = request.scope.get("root_path", "")
        fonts = 'system-ui, -apple-system, &quot;Segoe UI&quot;, Roboto, sans-serif'
        return HTMLResponse(
            '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>peaceobs API</title>'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f'<link rel="icon" href="{root}/static/favicon.svg" type="image/svg+xml">'
            f'<link rel="stylesheet" href="{root}/static/docs.css">'
            f'<script type="module" src="{root}/static/vendor/rapidoc-min.js"></script></head><body>'
            f'<rapi-doc spec-url="{root}/docs/openapi.json" render-style="read" show-header="false" '
            f'allow-try="false" allow-authentication="false" load-fonts="false" regular-font="{fonts}" '
            'mono-font="ui-monospace, monospace" theme="light" primary-color="#0b5cad" '
            'default-schema-tab="schema">'
            f'<div slot="overview"><p><a href="{root}/">← the Observatory</a> · the raw spec: '
            f'<a href="{root}/openapi.json">/openapi.json</a>. Reading needs no key; writes (and reading, '
            'where a deployment asks a login) take an API token from <code>peaceobs user token NAME</code>, '
            'sent as <code>Authorization: Bearer TOKEN</code>.</p></div>'
            '</rapi-doc></body></html>',
            headers={"Content-Security-Policy": DOCS_CSP})

    def wants_json(request: Request) -> bool:
        return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            headers["Allow"] = allowed_methods(app, request.scope)
        if wants_json(request):
            return JSONResponse({"error": str(exc.detail), "status": exc.status_code}, exc.status_code,
                                headers=headers or None)
        return templates.TemplateResponse(request, "error.html", {"status": exc.status_code, "message": str(exc.detail),
                                          "root": request.scope.get("root_path", ""),
                                          "viewer": getattr(request.state, "viewer", None)}, status_code=exc.status_code,
                                          headers=headers or None)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(x) for x in e['loc'])}: {e['msg']}" for e in exc.errors())
        if wants_json(request):
            return JSONResponse({"error": problems, "status": 422}, 422)
        return templates.TemplateResponse(request, "error.html", {"status": 422, "message": problems,
                                          "root": request.scope.get("root_path", ""),
                                          "viewer": getattr(request.state, "viewer", None)}, status_code=422)

    @app.exception_handler(Exception)
    async def crashed(request: Request, exc: Exception) -> Response:
        # The trace goes to the log, never to the client.
        log.exception("unhandled error on %s", request.url.path)
        if wants_json(request):
            return JSONResponse({"error": "internal error", "status": 500}, 500)
        return templates.TemplateResponse(request, "error.html", {"status": 500, "message": "internal error",
                                          "root": request.scope.get("root_path", ""),
                                          "viewer": getattr(request.state, "viewer", None)}, status_code=500)

    app.add_middleware(LoginGate, enabled=settings.read_requires_login)
    app.add_middleware(FeedToken)  # outside the gate: a feed's ?token= is a login the gate must see
    app.add_middleware(HeadAsGet)
    # Outermost, around Starlette's own server-error middleware: a 500 carries the headers too.
    build = app.build_middleware_stack
    app.build_middleware_stack = lambda: SecurityHeaders(build())  # type: ignore[method-assign]
    return app


def readable_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI document as RapiDoc can draw it. Pydantic writes an optional field as
    ``anyOf: [{type: X}, {type: "null"}]`` (OpenAPI 3.1), which RapiDoc shows as
    "{missing-type-info}"; here it is ``type: X`` with ``nullable: true`` (what 3.0 says, and
    RapiDoc reads). A field with no type at all (any JSON value: an audit entry's before and
    after, a validation error's input) carries only its title, the property's name again, which
    RapiDoc also shows as "{missing-type-info}"; it is given as ``{}``, which RapiDoc calls
    "any". The API's own /openapi.json is left as FastAPI makes it."""

    def untyped(schema: Any) -> bool:
        return isinstance(schema, dict) and bool(schema) and set(schema) <= {"title", "description", "default"}

    def fix(node: Any) -> Any:
        if isinstance(node, list):
            return [fix(x) for x in node]
        if not isinstance(node, dict):
            return node
        out = {k: fix(v) for k, v in node.items()}
        for key in ("anyOf", "oneOf"):
            options = out.get(key)
            if isinstance(options, list) and any(o == {"type": "null"} for o in options):
                rest = [o for o in options if o != {"type": "null"}]
                if len(rest) == 1:
                    del out[key]
                    out = {**rest[0], **out, "nullable": True}
                else:
                    out[key] = rest
                    out["nullable"] = True
        if isinstance(out.get("properties"), dict):
            out["properties"] = {k: {} if untyped(v) else v for k, v in out["properties"].items()}
        return out

    return fix(spec)


def allowed_methods(app: FastAPI, scope: dict[str, Any]) -> str:
    """The ``Allow`` header of a 405: the methods some route at the path answers (HEAD wherever
    GET). Each method is tried against the routes, as the router would."""
    methods: set[str] = set()
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
        # From the top: inside a mount (static files) the scope's root_path is the mount's.
        probe = {**scope, "method": method, "root_path": scope.get("app_root_path", scope.get("root_path", ""))}
        for route in app.router.routes:
            if route.matches(probe)[0] == Match.FULL:
                methods.add("GET" if isinstance(route, Mount) else method)  # static files: GET only
                break
    if "GET" in methods:
        methods.add("HEAD")
    return ", ".join(sorted(methods))


class HeadAsGet:
    """HEAD on any GET route: the GET response's status and headers, without its body.

    FastAPI's routes answer GET only (Starlette's own add HEAD); HTTP wants HEAD wherever GET is.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        finished = False

        async def head_send(message: dict[str, Any]) -> None:
            nonlocal finished
            if message["type"] == "http.response.body":
                if not finished:
                    finished = True
                    await send({"type": "http.response.body", "body": b"", "more_body": False})
                return
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, head_send)
