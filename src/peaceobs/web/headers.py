"""Security headers on every response the app sends: pages, the API, static files, errors.

The Content-Security-Policy allows no inline script: every script is a file under /static (the
templates carry none inline and no ``on…=`` attributes; app.js wires what they need).
"""

from __future__ import annotations

from typing import Any

# Vega compiles its expressions (in the specs: "datum.year", axis formats) with the Function
# constructor, so the pages with charts need 'unsafe-eval'; without it vega-embed draws nothing
# (tests/test_browser.py waits for every chart to be drawn under this policy). The only relaxation
# for scripts, and inline script stays refused. Styles: 'self' only — htmx's indicator <style>
# is switched off (base.html), vega-embed is told not to add its own (app.js).
CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-eval'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

# RapiDoc (the /docs page) draws with inline style attributes by the hundred; that page alone sends
# this policy instead (styles only: its scripts are files under /static like every page's).
DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")

HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
]


class SecurityHeaders:
    """Adds :data:`HEADERS` to every HTTP response (replacing any of the same name, except a
    Content-Security-Policy a route chose for itself: /docs, with :data:`DOCS_CSP`).

    Wraps the whole application, outside Starlette's server-error middleware, so that a 500 gets
    them too (see ``create_app``)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        names = {name for name, _ in HEADERS}

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                own = [(k, v) for k, v in message.get("headers", []) if k.lower() == b"content-security-policy"]
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                added = [(k, v) for k, v in HEADERS if not (own and k == b"content-security-policy")]
                message = {**message, "headers": kept + own[:1] + added}
            await send(message)

        await self.app(scope, receive, with_headers)
