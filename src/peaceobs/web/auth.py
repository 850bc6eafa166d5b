"""Who is asking: logins, sessions, CSRF and API tokens for the web app.

* People log in at ``/login``: the session cookie (HttpOnly, SameSite=Lax, Secure over https or
  when ``PEACEOBS_SECURE_COOKIES`` says so) holds :class:`peaceobs.accounts.Session`'s token;
  only its digest is stored.
* Every HTML form that writes carries the session's CSRF token in a hidden ``csrf`` field; a POST
  without it, or with another, is refused (403) before anything is read from the form.
* Scripts send ``Authorization: Bearer TOKEN`` (``peaceobs user token NAME``): no cookie goes with
  it, so no CSRF token is needed. The session cookie also works on the API, with the token in an
  ``X-CSRF-Token`` header (a cross-site form cannot set headers).
* Anonymous writes are 401, a role below the write's 403 (:data:`peaceobs.track.NEEDS`).
* ``PEACEOBS_READ_REQUIRES_LOGIN=1``: every page and GET of the API needs a login too (pages
  redirect to /login, the API answers 401); /login and /static stay open.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, quote

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from ..accounts import (
    LOGIN_WINDOW_MINUTES,
    SESSION_HOURS,
    AuthError,
    RateLimited,
    Session,
    authenticate,
    csrf_ok,
    end_session,
    session_for,
    start_session,
    token_actor,
)
from ..track import NEEDS, Actor, Forbidden, require
from .service import store_of

SESSION_COOKIE = "peaceobs_session"
LOGIN_COOKIE = "peaceobs_login"  # the login form's own CSRF token (there is no session yet)
CSRF_FIELD = "csrf"
CSRF_HEADER = "X-CSRF-Token"
MAX_FORM_BYTES = 64 * 1024  # a rationale and a few fields; more is not a form of ours
UNAUTHORIZED = {"WWW-Authenticate": 'Bearer realm="peaceobs"'}

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True, slots=True)
class Viewer:
    """The person or script behind a request: an actor (None: anonymous), and how they came."""

    actor: Actor | None
    session: Session | None = None
    via: str = ""  # "session" (cookie), "token" (Bearer) or "" (anonymous)
    problem: str = ""  # why credentials that were sent were not taken (expired session, bad token)

    @property
    def csrf(self) -> str:
        return self.session.csrf if self.session else ""

    def may(self, action: str) -> bool:
        """Whether the viewer's role allows ``action`` (a key of NEEDS): for showing buttons only;
        every write is checked again on the server."""
        return self.actor is not None and self.actor.role >= NEEDS[action]


ANONYMOUS = Viewer(None)


def current_viewer(request: Request) -> Viewer:
    """The viewer of this request (looked up once, then kept on the request). A Bearer token
    wins over a cookie: a script says who it is explicitly."""
    cached = getattr(request.state, "viewer", None)
    if cached is not None:
        return cached
    viewer = ANONYMOUS
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    cookie = request.cookies.get(SESSION_COOKIE)
    if scheme.lower() == "bearer" and token.strip():
        try:
            viewer = Viewer(token_actor(store_of(request), token.strip()), via="token")
        except AuthError as exc:
            viewer = Viewer(None, problem=str(exc))
    elif cookie:
        try:
            session = session_for(store_of(request), cookie)
            viewer = Viewer(session.actor, session=session, via="session")
        except AuthError as exc:  # expired, ended elsewhere, or the user deactivated
            viewer = Viewer(None, problem=str(exc))
    request.state.viewer = viewer
    return viewer


def write_actor(request: Request, action: str, submitted_csrf: str | None) -> Actor:
    """The actor allowed to do ``action``, or the HTTPException that says why not: 401 without
    credentials, 403 for a session without the right CSRF token or a role below the action's."""
    viewer = current_viewer(request)
    if viewer.actor is None:
        raise HTTPException(401, viewer.problem or "log in (or send an API token) to change the tracker",
                            headers=UNAUTHORIZED)
    if viewer.via == "session" and (viewer.session is None or not csrf_ok(viewer.session, submitted_csrf)):
        raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")
    try:
        require(viewer.actor, action)
    except Forbidden as exc:
        raise HTTPException(403, str(exc)) from exc
    return viewer.actor


def api_writer(request: Request, action: str) -> Actor:
    """:func:`write_actor` for the API: the CSRF token, when a session cookie is used, comes in
    the X-CSRF-Token header."""
    return write_actor(request, action, request.headers.get(CSRF_HEADER))


def route_path(request: Request) -> str:
    """The path below the app's prefix (``--root-path``), with its query: where to come back to."""
    root = request.scope.get("root_path", "")
    path = request.url.path
    if root and path.startswith(root):
        path = path[len(root):]
    return path + (f"?{request.url.query}" if request.url.query else "")


def login_redirect(request: Request) -> RedirectResponse:
    root = request.scope.get("root_path", "")
    return RedirectResponse(f"{root}/login?next={quote(route_path(request), safe='')}", status_code=303)


def safe_next(target: str | None) -> str:
    """Only a path of this site: never another host ("//evil", "https://…", "/\\evil")."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


async def read_form(request: Request) -> dict[str, list[str]]:
    """A URL-encoded form body (what every form of ours sends), read up to MAX_FORM_BYTES.

    Any other body reads as an empty form, so that it is refused as every form without its CSRF
    token is (403), not let through to a parser. Parsed here rather than by FastAPI's Form(),
    which needs python-multipart for forms this small and simple."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        return {}
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_FORM_BYTES:
            raise HTTPException(413, f"form larger than {MAX_FORM_BYTES} bytes")
    return parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)


def field(form: dict[str, list[str]], name: str, default: str = "") -> str:
    values = form.get(name)
    return values[0] if values else default


def form_actor(request: Request, form: dict[str, list[str]], action: str) -> Actor:
    """:func:`write_actor` for an HTML form: the CSRF token is its hidden ``csrf`` field."""
    return write_actor(request, action, field(form, CSRF_FIELD) or None)


def _cookie_path(request: Request) -> str:
    return request.scope.get("root_path", "") or "/"


def _secure(request: Request) -> bool:
    return request.url.scheme == "https" or request.app.state.secure_cookies


def _render(request: Request, status_code: int = 200, headers: dict[str, str] | None = None,
            **context: Any) -> HTMLResponse:
    from .pages import render  # pages import this module for the viewer

    response = render(request, "login.html", status_code=status_code, title="Log in", **context)
    for k, v in (headers or {}).items():
        response.headers[k] = v
    return response


def _login_page(request: Request, next_url: str, status_code: int = 200, error: str = "",
                headers: dict[str, str] | None = None) -> HTMLResponse:
    # A fresh double-submit token each time the form is shown: the POST must bring it back both
    # in the form and in the cookie, which another site can neither read nor set.
    token = secrets.token_urlsafe(32)
    response = _render(request, status_code, headers, login_csrf=token, next_url=safe_next(next_url), error=error)
    response.set_cookie(LOGIN_COOKIE, token, max_age=3600, path=_cookie_path(request), httponly=True,
                        samesite="lax", secure=_secure(request))
    return response


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str = "/") -> HTMLResponse:
    return _login_page(request, next)


@router.post("/login")
async def login(request: Request) -> Response:
    form = await read_form(request)
    return await run_in_threadpool(_login, request, form)


def _login(request: Request, form: dict[str, list[str]]) -> Response:
    next_url = safe_next(field(form, "next"))
    sent, kept = field(form, CSRF_FIELD), request.cookies.get(LOGIN_COOKIE, "")
    if not sent or not kept or not secrets.compare_digest(sent, kept):
        raise HTTPException(403, "the login form has expired or was not sent from this site: reload it")
    store = store_of(request)
    client = request.client.host if request.client else "unknown"
    try:
        actor = authenticate(store, field(form, "name").strip(), field(form, "password"), client=client)
    except RateLimited as exc:
        retry = str(LOGIN_WINDOW_MINUTES * 60)
        return _login_page(request, next_url, 429, str(exc), headers={"Retry-After": retry})
    except AuthError as exc:
        return _login_page(request, next_url, 401, str(exc))
    session = start_session(store, actor)
    root = request.scope.get("root_path", "")
    response = RedirectResponse(root + next_url, status_code=303)
    response.set_cookie(SESSION_COOKIE, session.token, max_age=SESSION_HOURS * 3600, path=_cookie_path(request),
                        httponly=True, samesite="lax", secure=_secure(request))
    response.delete_cookie(LOGIN_COOKIE, path=_cookie_path(request))
    return response


@router.post("/logout")
async def logout(request: Request) -> Response:
    form = await read_form(request)
    return await run_in_threadpool(_logout, request, form)


def _logout(request: Request, form: dict[str, list[str]]) -> Response:
    viewer = current_viewer(request)
    if viewer.via == "session" and viewer.session is not None:
        # Logging someone out is a write too: another site may not do it for them.
        if not csrf_ok(viewer.session, field(form, CSRF_FIELD) or None):
            raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")
        end_session(store_of(request), viewer.session.token)
    response = RedirectResponse((request.scope.get("root_path", "") or "") + "/", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path=_cookie_path(request))
    return response


OPEN_PATHS = ("/login", "/logout", "/static/")  # what an anonymous visitor needs to log in


def _below_root(scope: dict[str, Any]) -> str:
    path, root = scope["path"], scope.get("root_path", "")
    return path[len(root):] if root and path.startswith(root + "/") else path


class LoginGate:
    """With ``read_requires_login``: an anonymous GET (or HEAD) of anything but the login page
    and static files gets a 401 (the API, /openapi.json) or a redirect to /login (pages).

    A middleware rather than a dependency so that nothing is left out (the OpenAPI document is
    served by FastAPI itself); writes are left to their handlers, which answer 401 anyway."""

    def __init__(self, app: Any, enabled: bool) -> None:
        self.app = app
        self.enabled = enabled

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if not (self.enabled and scope["type"] == "http" and scope["method"] in ("GET", "HEAD")):
            await self.app(scope, receive, send)
            return
        path = _below_root(scope)
        if path.startswith(OPEN_PATHS):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        viewer = await run_in_threadpool(current_viewer, request)  # the store is read in a worker thread
        if viewer.actor is not None:
            await self.app(scope, receive, send)
            return
        if path.startswith("/api/") or path == "/openapi.json":
            response: Response = JSONResponse({"error": viewer.problem or "this deployment needs a login to read: "
                                               "send an API token", "status": 401}, 401, headers=UNAUTHORIZED)
        else:
            response = login_redirect(request)
        await response(scope, receive, send)
