"""The tracker on the web, over real documents in both backends: logins, roles, CSRF, API tokens,
security headers, read_requires_login, login rate limits, the append-only audit log, concurrent
reviewers, and a browser session of an analyst, a reviewer and a reader.

The store holds A/RES/79/1 (the Pact for the Future) and A/RES/79/329 (UN–AU cooperation), and the
framework "pact-peace-ops" made of A/RES/79/1 OP42(a)–OP42(g) (Action 21). OP42(g): "Ensure
adequate, predictable and sustainable financing for African Union-led peace support operations
mandated by the Security Council in line with Security Council resolution 2719 (2023)"; A/RES/79/329
PP11 recalls "the importance of ensuring adequate, predictable and sustainable financing for such
operations … based on … Security Council resolution 2719 (2023)" — the evidence linked here.
"""

from __future__ import annotations

import csv
import io
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from peaceobs import accounts
from peaceobs.pipeline import ingest_paths
from peaceobs.settings import Settings
from peaceobs.store import Store
from peaceobs.track import Actor, Role, add_framework, commitments_from_paragraphs, link
from peaceobs.web import create_app
from tests.test_browser import axe_violations, browser  # noqa: F401 (browser: its fixture, Debian's chromium)

from .conftest import served_on_loopback

pytestmark = pytest.mark.corpus

FRAMEWORK = "pact-peace-ops"
USERS = {"reader": "rea", "analyst": "ana", "reviewer": "rev", "admin": "ada"}
PASSWORD = {name: f"{role} password, long enough" for role, name in USERS.items()}
ROLES = ("anonymous", "reader", "analyst", "reviewer", "admin")
ADMIN = Actor("ada", Role.ADMIN)
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


def _ga(corpus: Path, symbol: str) -> Path:
    return corpus / "ga-documents-2023-2025" / "extracted" / f"{symbol.replace('/', '_')}.json"


@dataclass
class Site:
    store: Store
    app: Any
    tokens: dict[str, str]  # role → API token

    def commitment(self, ref: str = "OP42(g)") -> Any:
        return self.store.commitment_by_ref(FRAMEWORK, ref)

    def client(self) -> TestClient:
        return TestClient(self.app, raise_server_exceptions=False)

    def bearer(self, role: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[role]}"} if role in self.tokens else {}

    def audit(self) -> list[tuple]:
        """The whole log, oldest first, as plain tuples (to compare before and after)."""
        return [tuple(r) for r in reversed(self.store.audit_log(limit=100_000))]


def fill_store(store: Store, corpus: Path) -> dict[str, str]:
    """The two resolutions, a user of each role, the framework; API tokens by role."""
    assert not ingest_paths(store, [_ga(corpus, "A/RES/79/1"), _ga(corpus, "A/RES/79/329")]).failures
    accounts.add_user(store, "ada", "admin", PASSWORD["ada"])  # the first user needs no admin
    for role, name in USERS.items():
        if role != "admin":
            accounts.add_user(store, name, role, PASSWORD[name], by=ADMIN)
    add_framework(store, ADMIN, FRAMEWORK, "Pact for the Future: Action 21", "A/RES/79/1 OP42(a)-OP42(g)",
                  commitments_from_paragraphs(store.get_document("A/RES/79/1"), "OP42(a)-OP42(g)"))
    return {role: accounts.issue_token(store, ADMIN, name, "tests") for role, name in USERS.items()}


def _make_app(store: Store, corpus: Path, **settings: Any) -> Any:
    return create_app(store.url, corpus=corpus, settings=Settings(**settings))


@pytest.fixture
def site(store: Store, corpus: Path) -> Iterator[Site]:
    tokens = fill_store(store, corpus)
    app = _make_app(store, corpus)
    yield Site(store, app, tokens)
    app.state.stores.close()  # before the next test drops the PostgreSQL schema


def login(client: TestClient, role: str) -> str:
    """Log ``role``'s user in through the form; the session's CSRF token (from the logout form)."""
    form = client.get("/login")
    name = USERS[role]
    r = client.post("/login", data={"name": name, "password": PASSWORD[name], "next": "/track",
                                    "csrf": CSRF.search(form.text).group(1)}, follow_redirects=False)
    assert r.status_code == 303, r.text
    return CSRF.search(client.get("/track").text).group(1)


# -- (a) every write endpoint × every role -------------------------------------------------------

# The expected status of each write for anonymous, reader, analyst, reviewer, admin. The API is
# called with each user's API token; the forms with each user's login session and its CSRF token.
# 2xx/303: done; 401: no credentials; 403: the role is below the write's.
EXPECTED = {
    #                                                anon reader analyst reviewer admin
    "POST /api/v1/track/frameworks":                (401, 403,   403,    403,     201),
    "DELETE /api/v1/track/frameworks/{name}":       (401, 403,   403,    403,     204),
    "POST /api/v1/track/commitments/{id}/links":    (401, 403,   200,    200,     200),
    "POST /api/v1/track/commitments/{id}/status":   (401, 403,   403,    200,     200),
    "POST /track (form: add a framework)":          (401, 403,   403,    403,     303),
    "POST /track/{name}/{ref} (form: link)":        (401, 403,   303,    303,     303),
    "POST /track/{name}/{ref} (form: status)":      (401, 403,   403,    303,     303),
}


def _write(site: Site, endpoint: str, role: str, client: TestClient, csrf: str, k: int) -> int:
    """One write of ``endpoint`` as ``role`` (``k`` makes names unique); its status code."""
    c = site.commitment()
    headers = site.bearer(role)
    form = {"csrf": csrf} if csrf else {}
    if endpoint == "POST /api/v1/track/frameworks":
        body = {"name": f"api-{k}", "commitments": [{"id": "X1", "text": "A test commitment", "source": "a test"}]}
        return client.post("/api/v1/track/frameworks", json=body, headers=headers).status_code
    if endpoint == "DELETE /api/v1/track/frameworks/{name}":
        add_framework(site.store, ADMIN, f"doomed-{k}", "", "", commitments_from_paragraphs(
            site.store.get_document("A/RES/79/1"), "OP42(a)"))
        return client.delete(f"/api/v1/track/frameworks/doomed-{k}", headers=headers).status_code
    if endpoint == "POST /api/v1/track/commitments/{id}/links":
        body = {"symbol": "A/RES/79/329", "pid": "PP11", "state": "confirmed", "note": role}
        return client.post(f"/api/v1/track/commitments/{c.id}/links", json=body, headers=headers).status_code
    if endpoint == "POST /api/v1/track/commitments/{id}/status":
        body = {"status": "unclear", "rationale": f"{role} says so", "evidence": [], "expected_version": c.version}
        return client.post(f"/api/v1/track/commitments/{c.id}/status", json=body, headers=headers).status_code
    if endpoint == "POST /track (form: add a framework)":
        form |= {"name": f"form-{k}", "symbol": "A/RES/79/1", "paragraphs": "OP42(b)"}
        return client.post("/track", data=form, follow_redirects=False).status_code
    if endpoint == "POST /track/{name}/{ref} (form: link)":
        form |= {"action": "link", "symbol": "A/RES/79/329", "pid": "PP12", "state": "confirmed"}
        return client.post(f"/track/{FRAMEWORK}/OP42(g)", data=form, follow_redirects=False).status_code
    if endpoint == "POST /track/{name}/{ref} (form: status)":
        form |= {"action": "status", "status": "in progress", "rationale": f"{role} read it",
                 "expected_version": str(c.version)}
        return client.post(f"/track/{FRAMEWORK}/OP42(g)", data=form, follow_redirects=False).status_code
    raise AssertionError(endpoint)


def test_every_write_endpoint_by_every_role(site: Site) -> None:
    clients = {role: site.client() for role in ROLES}
    csrf = {role: login(clients[role], role) for role in ROLES if role != "anonymous"}
    got: dict[str, tuple[int, ...]] = {}
    before = len(site.audit())
    k = 0
    for endpoint in EXPECTED:
        codes = []
        for role in ROLES:
            k += 1
            is_form = not endpoint.split()[1].startswith("/api/")
            # The API by token (no cookie, so that the token alone speaks); the forms by session.
            client = clients[role] if is_form else site.client()
            codes.append(_write(site, endpoint, role, client, csrf.get(role, "") if is_form else "", k))
        got[endpoint] = tuple(codes)
    assert got == EXPECTED
    # Each write that was let through is in the audit log, once; none that was refused is (plus
    # the frameworks made for each role to try to delete).
    allowed = sum(code < 400 for codes in EXPECTED.values() for code in codes)
    assert len(site.audit()) - before == allowed + len(ROLES)


def test_api_write_with_the_session_cookie_needs_the_csrf_header(site: Site) -> None:
    client = site.client()
    token = login(client, "analyst")
    c = site.commitment()
    url = f"/api/v1/track/commitments/{c.id}/links"
    body = {"symbol": "A/RES/79/329", "pid": "PP11"}
    before = site.audit()
    assert client.post(url, json=body).status_code == 403
    assert client.post(url, json=body, headers={"X-CSRF-Token": "forged"}).status_code == 403
    assert site.audit() == before
    r = client.post(url, json=body, headers={"X-CSRF-Token": token})
    assert r.status_code == 200 and r.json()["by_user"] == "ana" and r.json()["state"] == "confirmed"


def test_bad_token_and_errors(site: Site) -> None:
    client = site.client()
    c = site.commitment()
    r = client.post(f"/api/v1/track/commitments/{c.id}/links", json={"symbol": "A/RES/79/329", "pid": "PP11"},
                    headers={"Authorization": "Bearer po_not-a-token"})
    assert r.status_code == 401 and r.json() == {"error": "unknown or revoked token", "status": 401}
    assert r.headers["WWW-Authenticate"].startswith("Bearer")
    analyst = site.bearer("analyst")
    assert client.post("/api/v1/track/commitments/999999/links", json={"symbol": "A/RES/79/329", "pid": "PP11"},
                       headers=analyst).status_code == 404
    r = client.post(f"/api/v1/track/commitments/{c.id}/links", json={"symbol": "A/RES/79/329", "pid": "OP999"},
                    headers=analyst)
    assert r.status_code == 422 and "no paragraph" in r.json()["error"]
    r = client.post(f"/api/v1/track/commitments/{c.id}/links", json={"symbol": "A/RES/79/329", "pid": "PP11",
                                                                     "state": "maybe"}, headers=analyst)
    assert r.status_code == 422
    reviewer = site.bearer("reviewer")
    r = client.post(f"/api/v1/track/commitments/{c.id}/status", json={
        "status": "in progress", "rationale": "x", "evidence": ["A/RES/79/329#OP1"], "expected_version": c.version},
        headers=reviewer)
    assert r.status_code == 422 and "confirmed links" in r.json()["error"]
    admin = site.bearer("admin")
    r = client.post("/api/v1/track/frameworks", json={"name": FRAMEWORK, "from_symbol": "A/RES/79/1",
                                                      "paragraphs": "OP42(a)"}, headers=admin)
    assert r.status_code == 409
    for bad in ({"name": "x", "from_symbol": "A/RES/79/1"},  # no paragraphs
                {"name": "audit", "from_symbol": "A/RES/79/1", "paragraphs": "OP42(a)"},  # the audit page's name
                {"name": "x", "from_symbol": "A/RES/79/1", "paragraphs": "OP999"},
                {"name": "x", "from_symbol": "A/RES/1/1", "paragraphs": "OP1"}):
        assert client.post("/api/v1/track/frameworks", json=bad, headers=admin).status_code == 422, bad
    assert client.delete("/api/v1/track/frameworks/nope", headers=admin).status_code == 404
    assert client.get("/api/v1/track/frameworks/nope").status_code == 404
    assert client.get("/track/nope").status_code == 404
    assert client.get(f"/track/{FRAMEWORK}/OP99").status_code == 404


def test_reading_the_api(site: Site) -> None:
    client = site.client()
    c = site.commitment()
    link(site.store, Actor("ana", Role.ANALYST), c.id, "A/RES/79/329", "PP11")
    frameworks = client.get("/api/v1/track/frameworks").json()
    assert [(f["name"], f["commitments"]) for f in frameworks] == [(FRAMEWORK, 7)]
    data = client.get(f"/api/v1/track/frameworks/{FRAMEWORK}").json()
    assert data["statuses"]["not started"] == 7
    g = data["commitments"][-1]
    assert g["ref"] == "OP42(g)" and g["url"] == f"/track/{FRAMEWORK}/OP42(g)"
    assert g["links"][0]["url"] == "/doc/A/RES/79/329#PP11"
    one = client.get(f"/api/v1/track/commitments/{c.id}").json()
    assert one["source"] == {"symbol": "A/RES/79/1", "pid": "OP42(g)", "note": ""} and one["version"] == c.version
    found = client.get(f"/api/v1/track/commitments/{c.id}/suggestions", params={"limit": 10}).json()
    assert found["model"] == "minilm-l6-int8"
    assert found["items"] and all(s["symbol"] != "A/RES/79/1" for s in found["items"])
    assert any(s["symbol"] == "A/RES/79/329" for s in found["items"])
    bm25 = client.get(f"/api/v1/track/commitments/{c.id}/suggestions", params={"model": "none"}).json()
    assert bm25["model"] is None and bm25["items"][0]["similarity"] is None
    audit = client.get("/api/v1/track/audit").json()
    assert [e["action"] for e in audit[:2]] == ["link.add", "framework.add"]
    schema = client.get("/openapi.json").json()
    post_status = schema["paths"]["/api/v1/track/commitments/{commitment_id}/status"]["post"]
    assert {"401", "403", "404", "409", "422"} <= set(post_status["responses"])
    assert {"token", "session"} <= set(schema["components"]["securitySchemes"])


# -- (b) CSRF ------------------------------------------------------------------------------------


def test_a_form_without_its_csrf_token_is_refused_and_writes_nothing(site: Site) -> None:
    client = site.client()
    token = login(client, "reviewer")
    c = site.commitment()
    link(site.store, Actor("ana", Role.ANALYST), c.id, "A/RES/79/329", "PP11")
    before, links = site.audit(), site.store.links(c.id)
    page = f"/track/{FRAMEWORK}/OP42(g)"
    status = {"action": "status", "status": "implemented", "rationale": "forged", "expected_version": str(c.version),
              "evidence": "A/RES/79/329#PP11"}
    linking = {"action": "link", "symbol": "A/RES/79/329", "pid": "PP11", "state": "rejected"}
    for form in (status, linking):
        for csrf in (None, "", "forged-" + token[:10], token[:-1]):
            data = form if csrf is None else {**form, "csrf": csrf}
            r = client.post(page, data=data, follow_redirects=False)
            assert r.status_code == 403 and "CSRF" in r.text, (form["action"], csrf)
    admin = site.client()
    admin_token = login(admin, "admin")
    assert admin.post("/track", data={"name": "forged", "symbol": "A/RES/79/1", "paragraphs": "OP42(a)"},
                      follow_redirects=False).status_code == 403
    # Logging out is a write too: without the token the session lives on.
    assert admin.post("/logout", data={}, follow_redirects=False).status_code == 403
    assert "Log out" in admin.get("/track").text
    assert site.audit() == before and site.store.links(c.id) == links
    assert site.store.commitment(c.id).version == c.version and site.store.frameworks()[0].name == FRAMEWORK
    # With the token: taken.
    r = client.post(page, data={**status, "csrf": token}, follow_redirects=False)
    assert r.status_code == 303 and site.store.commitment(c.id).status == "implemented"
    assert admin.post("/logout", data={"csrf": admin_token}, follow_redirects=False).status_code == 303
    assert "Log in" in admin.get("/track").text


def test_the_login_form_has_its_own_csrf_token(site: Site) -> None:
    client = site.client()
    r = client.post("/login", data={"name": "ada", "password": PASSWORD["ada"]}, follow_redirects=False)
    assert r.status_code == 403 and "peaceobs_session" not in r.headers.get("set-cookie", "")
    token = CSRF.search(client.get("/login").text).group(1)
    r = client.post("/login", data={"name": "ada", "password": PASSWORD["ada"], "csrf": token + "x"},
                    follow_redirects=False)
    assert r.status_code == 403
    token = CSRF.search(client.get("/login").text).group(1)
    r = client.post("/login", data={"name": "ada", "password": PASSWORD["ada"], "csrf": token,
                                    "next": "//evil.example/"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/"  # never to another site
    cookie = r.headers["set-cookie"]
    assert "peaceobs_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Secure" not in cookie  # plain http, and the setting is off


def test_cookies_are_secure_over_https_or_when_set(site: Site, corpus: Path) -> None:
    client = TestClient(site.app, base_url="https://testserver")
    token = CSRF.search(client.get("/login").text).group(1)
    r = client.post("/login", data={"name": "rea", "password": PASSWORD["rea"], "csrf": token},
                    follow_redirects=False)
    assert r.status_code == 303 and "; Secure" in r.headers["set-cookie"]
    # Behind a TLS proxy the app may see plain http: PEACEOBS_SECURE_COOKIES=1 marks them all the same.
    app = _make_app(site.store, corpus, secure_cookies=True)
    try:
        assert "; Secure" in TestClient(app).get("/login").headers["set-cookie"]
    finally:
        app.state.stores.close()


# -- (c) the audit log ---------------------------------------------------------------------------


def test_the_audit_log_is_only_ever_appended_to(site: Site) -> None:
    client = site.client()
    c = site.commitment()
    first = site.audit()
    assert [e[3] for e in first] == ["framework.add"]
    analyst, reviewer, admin = site.bearer("analyst"), site.bearer("reviewer"), site.bearer("admin")
    steps = [
        lambda: client.post(f"/api/v1/track/commitments/{c.id}/links", json={"symbol": "A/RES/79/329", "pid": "PP11"},
                            headers=analyst),
        lambda: client.post(f"/api/v1/track/commitments/{c.id}/links", json={"symbol": "A/RES/79/329", "pid": "PP12",
                                                                          "state": "rejected"}, headers=analyst),
        lambda: client.post(f"/api/v1/track/commitments/{c.id}/status", json={
            "status": "in progress", "rationale": "79/329 PP11", "evidence": ["A/RES/79/329#PP11"],
            "expected_version": c.version}, headers=reviewer),
        lambda: client.post(f"/api/v1/track/commitments/{c.id}/status", json={  # stale: refused, not audited
            "status": "implemented", "rationale": "late", "evidence": [], "expected_version": c.version},
            headers=reviewer),
        lambda: client.post("/api/v1/track/frameworks", json={"name": "other", "from_symbol": "A/RES/79/1",
                                                               "paragraphs": "OP42(a)-OP42(b)"}, headers=admin),
        lambda: client.delete("/api/v1/track/frameworks/other", headers=admin),
    ]
    seen = first
    for step in steps:
        step()
        now = site.audit()
        assert now[:len(seen)] == seen  # nothing before changed or went
        assert all(new[0] > seen[-1][0] for new in now[len(seen):])  # only newer rows added
        seen = now
    assert [e[3] for e in seen] == ["framework.add", "link.add", "link.add", "status.set", "framework.add",
                                    "framework.delete"]
    # No route writes to the audit log: every path under it answers reads only.
    writes = {(m, r.path) for r in site.app.routes for m in getattr(r, "methods", ()) or ()
              if m in ("POST", "PUT", "PATCH", "DELETE")}
    assert not [w for w in writes if "audit" in w[1]], writes
    for method in ("POST", "PUT", "PATCH", "DELETE"):
        for path in ("/api/v1/track/audit", "/track/audit"):
            r = client.request(method, path, headers=admin, json={})
            assert r.status_code == 405, (method, path, r.status_code)
    assert site.audit() == seen


# -- (d) security headers ------------------------------------------------------------------------

HEADERS = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
           "Referrer-Policy": "strict-origin-when-cross-origin"}


@pytest.mark.parametrize("path, status", [
    ("/track", 200), (f"/track/{FRAMEWORK}/OP42(g)", 200), ("/api/v1/track/frameworks", 200),
    ("/api/v1/track/frameworks/nope", 404), ("/no/such/page", 404), ("/static/app.css", 200), ("/login", 200),
    ("/docs", 200), ("/api/v1/search?q=", 422)])
def test_security_headers_on_every_response(site: Site, path: str, status: int) -> None:
    r = site.client().get(path)
    assert r.status_code == status
    for name, value in HEADERS.items():
        assert r.headers[name] == value, name
    csp = dict(d.strip().split(" ", 1) for d in r.headers["Content-Security-Policy"].split(";"))
    assert csp["frame-ancestors"] == "'none'" and csp["default-src"] == "'self'" and csp["object-src"] == "'none'"
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-inline'" not in csp["default-src"]
    if path != "/docs":  # RapiDoc's inline style attributes: that page alone allows them
        assert csp["style-src"] == "'self'"


def test_security_headers_on_a_server_error(site: Site) -> None:
    """A crash is answered outside the app's own middleware: the headers are there all the same."""
    @site.app.get("/boom")
    def boom() -> None:
        raise RuntimeError("boom")

    r = site.client().get("/boom")
    assert r.status_code == 500 and "boom" not in r.text
    assert all(r.headers[name] == value for name, value in HEADERS.items())
    assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]


def test_templates_hold_no_inline_script() -> None:
    """What the Content-Security-Policy would refuse: <script> without src, on…= handlers,
    javascript: links, style attributes."""
    templates = Path(__file__).resolve().parent.parent / "src" / "peaceobs" / "web" / "templates"
    for path in templates.glob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), path.name
        assert not re.search(r"\son[a-z]+\s*=", text, re.I), path.name
        assert "javascript:" not in text.lower() and not re.search(r"\sstyle\s*=", text), path.name


# -- (e) read_requires_login ---------------------------------------------------------------------


def test_read_requires_login(site: Site, corpus: Path) -> None:
    app = _make_app(site.store, corpus, read_requires_login=True)
    try:
        client = TestClient(app, raise_server_exceptions=False)
        for path in ("/api/v1/track/frameworks", "/api/v1/search?q=Somalia", "/api/v1/documents/A/RES/79/1",
                     "/openapi.json"):
            r = client.get(path)
            assert r.status_code == 401 and r.json()["status"] == 401, path
        for path in ("/", "/track", f"/track/{FRAMEWORK}/OP42(g)", "/doc/A/RES/79/1", "/docs"):
            r = client.get(path, follow_redirects=False)
            assert r.status_code == 303 and r.headers["location"].startswith("/login?next="), path
        r = client.get("/track", follow_redirects=False)
        assert r.headers["location"] == "/login?next=%2Ftrack"
        assert client.head("/track", follow_redirects=False).status_code == 303
        assert client.get("/login").status_code == 200 and client.get("/static/app.css").status_code == 200
        # A token reads the API; a session reads everything.
        assert client.get("/api/v1/track/frameworks", headers=site.bearer("reader")).status_code == 200
        login(client, "reader")
        for path in ("/", "/track", f"/track/{FRAMEWORK}/OP42(g)", "/api/v1/track/frameworks", "/openapi.json"):
            assert client.get(path).status_code == 200, path
        # Writes are still the role's: a reader's is refused.
        c = site.commitment()
        assert client.post(f"/api/v1/track/commitments/{c.id}/links", json={"symbol": "A/RES/79/329", "pid": "PP11"},
                           headers=site.bearer("reader")).status_code == 403
    finally:
        app.state.stores.close()
    # The default deployment: reading is open.
    assert site.client().get("/track").status_code == 200


# -- (f) login rate limit ------------------------------------------------------------------------


def test_login_rate_limit(site: Site) -> None:
    client = site.client()
    token = CSRF.search(client.get("/login").text).group(1)
    for _ in range(accounts.LOGIN_FAILURES_ALLOWED):
        r = client.post("/login", data={"name": "rev", "password": "not the password", "csrf": token})
        assert r.status_code == 401 and "wrong user name or password" in r.text
        token = CSRF.search(r.text).group(1)
    # Past the limit even the right password is refused, without being checked.
    r = client.post("/login", data={"name": "rev", "password": PASSWORD["rev"], "csrf": token},
                    follow_redirects=False)
    assert r.status_code == 429 and int(r.headers["Retry-After"]) == accounts.LOGIN_WINDOW_MINUTES * 60
    assert "too many failed logins" in r.text and "peaceobs_session" not in r.headers.get("set-cookie", "")


# -- (g) concurrent reviewers --------------------------------------------------------------------


def test_concurrent_status_updates_through_the_api(site: Site) -> None:
    """Two reviewers read version N and send their status at once, each on its own client (and
    so its own connection): one is taken, the other gets 409 with the commitment as it now is.
    On PostgreSQL the two updates really race; SQLite serialises its writers."""
    c = site.commitment()
    barrier = threading.Barrier(2)
    results: list[tuple[int, Any]] = []

    def review(role: str, status: str) -> None:
        with TestClient(site.app, raise_server_exceptions=False) as client:
            barrier.wait()
            r = client.post(f"/api/v1/track/commitments/{c.id}/status", headers=site.bearer(role), json={
                "status": status, "rationale": f"{role}: {status}", "evidence": [], "expected_version": c.version})
            results.append((r.status_code, r.json()))

    threads = [threading.Thread(target=review, args=args) for args in (("reviewer", "implemented"),
                                                                      ("admin", "reversed"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(code for code, _ in results) == [200, 409]
    won = next(body for code, body in results if code == 200)
    lost = next(body for code, body in results if code == 409)
    assert "reload" in lost["error"] and lost["current"]["version"] == c.version + 1
    assert lost["current"]["status"] == won["status"] and won["version"] == c.version + 1
    assert len(site.store.status_history(c.id)) == 1
    assert [e.action for e in site.store.audit_log()].count("status.set") == 1


def test_a_conflict_on_the_page_says_what_changed(site: Site) -> None:
    client = site.client()
    token = login(client, "reviewer")
    c = site.commitment()
    form = {"csrf": token, "action": "status", "status": "unclear", "rationale": "mine",
            "expected_version": str(c.version)}
    assert client.post(f"/track/{FRAMEWORK}/OP42(g)", data=form, follow_redirects=False).status_code == 303
    r = client.post(f"/track/{FRAMEWORK}/OP42(g)", data={**form, "status": "reversed", "rationale": "my reasons"})
    assert r.status_code == 409
    assert "Not saved: rev changed this commitment" in r.text and f"“unclear” (version {c.version + 1})" in r.text
    assert "my reasons</textarea>" in r.text and f'name="expected_version" value="{c.version + 1}"' in r.text
    r = client.post(f"/track/{FRAMEWORK}/OP42(g)", data={**form, "status": "implemented", "rationale": " ",
                                                        "expected_version": str(c.version + 1)})
    assert r.status_code == 422 and "needs a rationale" in r.text


# -- (h) in a browser ----------------------------------------------------------------------------


@pytest.fixture
def served(tmp_path: Path, corpus: Path) -> Iterator[tuple[str, Store]]:
    """The app on loopback over a SQLite store of the two resolutions, the users and the framework."""
    from peaceobs.store import open_store

    store = open_store(f"sqlite:///{tmp_path / 'track.db'}")
    fill_store(store, corpus)
    app = _make_app(store, corpus)
    with served_on_loopback(app) as base:
        yield base, store
    app.state.stores.close()
    store.close()


def _browser_login(page: Any, base: str, name: str) -> None:
    page.goto(f"{base}/login")
    page.fill("#login-name", name)
    page.fill("#login-password", PASSWORD[name])
    page.click("form.login-form button")
    page.wait_for_selector("header .who")
    assert name in page.inner_text("header .who")


def _logout(page: Any) -> None:
    page.click("form.logout button")
    page.wait_for_selector("header .account a:has-text('Log in')")


def test_analyst_reviewer_and_reader_in_a_browser(served: tuple[str, Store], browser: Any) -> None:  # noqa: F811
    base, store = served
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    refused: list[str] = []  # anything the Content-Security-Policy blocks on these pages
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    commitment = f"{base}/track/{FRAMEWORK}/OP42(g)"

    # An analyst asks for suggestions and confirms A/RES/79/329 PP11.
    _browser_login(page, base, "ana")
    page.goto(commitment)
    assert page.locator("form.status-form").count() == 0  # an analyst does not set statuses
    page.click("a.run-suggest")
    page.wait_for_selector("ol.suggestions li", timeout=60_000)
    pp11 = page.locator("ol.suggestions li", has=page.locator("a[href$='/doc/A/RES/79/329#PP11']"))
    assert pp11.count() == 1, page.locator("ol.suggestions").inner_text()
    pp11.locator("button[value=confirmed]").click()
    page.wait_for_selector("table.links tr.link-confirmed")
    assert "A/RES/79/329 PP11" in page.locator("table.links tr.link-confirmed").inner_text()
    _logout(page)

    # A reviewer: a status form stripped of its CSRF token is refused; then the real thing.
    _browser_login(page, base, "rev")
    page.goto(commitment)
    page.select_option("#status-select", "in progress")
    page.fill("#status-rationale", "A/RES/79/329 PP11 takes up the financing of AU-led operations under 2719")
    page.check("input[name=evidence][value='A/RES/79/329#PP11']")
    page.evaluate("document.querySelector('form.status-form input[name=csrf]').remove()")
    page.click("form.status-form button[type=submit]")
    page.wait_for_load_state()
    assert "403" in page.locator("h1").inner_text() and "CSRF" in page.inner_text("main")
    assert store.commitment_by_ref(FRAMEWORK, "OP42(g)").status == "not started"
    page.goto(commitment)
    page.select_option("#status-select", "in progress")
    page.fill("#status-rationale", "A/RES/79/329 PP11 takes up the financing of AU-led operations under 2719")
    page.check("input[name=evidence][value='A/RES/79/329#PP11']")
    page.click("form.status-form button[type=submit]")
    page.wait_for_selector("#status-chart.drawn svg", timeout=15_000)  # the chart draws under the policy
    assert page.locator("#status-h .status").inner_text() == "in progress"
    assert "rev" in page.locator("#status .reviewer").inner_text()
    assert axe_violations(page) == []  # with every form a reviewer sees

    # The scorecard, the audit log, the export.
    page.goto(f"{base}/track/{FRAMEWORK}")
    row = page.locator("tr[data-ref='OP42(g)']")
    assert row.locator(".status").inner_text() == "in progress" and row.locator(".reviewer").inner_text() == "rev"
    assert "A/RES/79/329 PP11" in row.inner_text()
    assert page.locator("td.status-count[data-status='in progress']").inner_text() == "1"
    assert axe_violations(page) == []
    page.goto(f"{base}/track/audit")
    log = page.locator("table.audit tbody tr")
    assert log.nth(0).locator("td").nth(3).inner_text() == "status.set" and "rev" in log.nth(0).inner_text()
    assert log.nth(1).locator("td").nth(3).inner_text() == "link.add" and "ana" in log.nth(1).inner_text()
    assert "not started → in progress" in log.nth(0).inner_text()
    page.goto(f"{base}/track/{FRAMEWORK}")
    href = page.get_attribute("a:has-text('CSV')", "href")
    rows = list(csv.DictReader(io.StringIO(page.request.get(f"{base}{href}").text())))
    g = next(r for r in rows if r["ref"] == "OP42(g)")
    assert (g["status"], g["updated_by"], g["confirmed_evidence"]) == ("in progress", "rev", "A/RES/79/329 PP11")
    _logout(page)

    # A reader sees no write form, and a crafted POST (with the reader's own CSRF token) is refused.
    _browser_login(page, base, "rea")
    page.goto(commitment)
    assert page.locator("form.write").count() == 0 and page.locator("form.track-form").count() == 0
    page.goto(f"{base}/track")
    assert page.locator("form.track-form").count() == 0
    token = page.get_attribute("form.logout input[name=csrf]", "value")
    version = store.commitment_by_ref(FRAMEWORK, "OP42(g)").version
    for form in ({"action": "status", "status": "reversed", "rationale": "a reader's", "expected_version": str(version)},
                 {"action": "link", "symbol": "A/RES/79/329", "pid": "PP12", "state": "confirmed"}):
        r = page.request.post(commitment, form={**form, "csrf": token}, max_redirects=0)
        assert r.status == 403, r.status
    assert store.commitment_by_ref(FRAMEWORK, "OP42(g)").status == "in progress"
    assert [e.action for e in store.audit_log()][:2] == ["status.set", "link.add"]
    assert refused == []
    context.close()
