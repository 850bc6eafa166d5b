"""Emerging issues on the web, over both backends: /trends and /api/v1/trends on the real corpus
(counts checked against the corpus files, as tests/test_trends.py derives them), /emerging and
/api/v1/emerging, and watches — owned by a logged-in user, added with the session's CSRF token,
showing a new document once, and served as an Atom feed to a reader holding an API token.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from lxml import etree

from peaceobs import accounts
from peaceobs.pipeline import ingest_paths
from peaceobs.settings import Settings
from peaceobs.store import Store
from peaceobs.track import Actor, Role
from peaceobs.web import create_app
from tests.test_browser import axe_violations, browser, server  # noqa: F401 (its fixtures, reused)
from tests.test_trends import RESOLUTION, _using, ga_files  # noqa: F401 (ga_files: its fixture)

pytestmark = pytest.mark.corpus

ATOM = "{http://www.w3.org/2005/Atom}"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')
HEADERS = {"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY",
           "Referrer-Policy": "strict-origin-when-cross-origin"}
# The brief's example, read by hand in the files (tests/test_trends.py): GA resolutions adopted
# in 2023, 2024 and 2025 that mention misinformation — the ten of 2024 are A/RES/78/280, 78/330,
# 79/1, 79/68, 79/138, 79/140, 79/152, 79/156, 79/175 and 79/182.
MISINFORMATION = [13, 10, 17]
TEN_OF_2024 = {"A/RES/78/280", "A/RES/78/330", "A/RES/79/1", "A/RES/79/68", "A/RES/79/138", "A/RES/79/140",
               "A/RES/79/152", "A/RES/79/156", "A/RES/79/175", "A/RES/79/182"}


@pytest.fixture
def client(corpus_store: Store, corpus: Path) -> Iterator[TestClient]:
    app = create_app(corpus_store.url, corpus=corpus)
    yield TestClient(app, raise_server_exceptions=False)
    app.state.stores.close()


def _headers_ok(r: Any) -> None:
    for name, value in HEADERS.items():
        assert r.headers[name] == value, name
    csp = r.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "style-src 'self';" in csp and "'unsafe-inline'" not in csp


# -- /trends ---------------------------------------------------------------------------------------


def test_api_trends_match_the_files(client: TestClient, ga_files: Any) -> None:  # noqa: F811
    r = client.get("/api/v1/trends", params={"term": "misinformation", "body": "GA", "by": "year"})
    assert r.status_code == 200
    data = r.json()
    assert (data["by"], data["body"], data["include_drafts"]) == ("year", "GA", False)
    assert data["periods"] == [2023, 2024, 2025] and data["totals"] == [247, 324, 303]
    points = data["terms"][0]["points"]
    # Derived from the files as the library test does, and the same as the hand count.
    by_year = Counter(y for y, _ in _using(ga_files, "misinformation").values())
    assert [p["documents"] for p in points] == [by_year[y] for y in data["periods"]] == MISINFORMATION
    assert points[1]["share"] == pytest.approx(10 / 324, abs=1e-6)
    assert {e["symbol"] for e in points[1]["evidence"]} <= TEN_OF_2024
    assert all("<mark>" in e["snippet"] for p in points for e in p["evidence"])
    _headers_ok(r)


def test_trends_page_draws_a_chart_with_its_table(client: TestClient) -> None:
    r = client.get("/trends", params={"term": ["misinformation", '"artificial intelligence"', ""], "body": "GA"})
    assert r.status_code == 200
    html = r.text
    spec = json.loads(unescape(re.search(r'id="trend-chart" data-spec="([^"]+)"', html).group(1)))
    assert spec["mark"]["type"] == "line" and spec["encoding"]["color"]["field"] == "term"
    values = spec["data"]["values"]
    assert [v["documents"] for v in values if v["term"] == "misinformation"] == MISINFORMATION
    assert {v["term"] for v in values} == {"misinformation", '"artificial intelligence"'}
    # The table says every figure the chart draws, each count a link to its paragraphs.
    table = html[html.index('id="trend-table"'):html.index("</table>", html.index('id="trend-table"'))]
    for year, n in zip((2023, 2024, 2025), MISINFORMATION, strict=True):
        assert re.search(rf'data-term="0" data-period="{year}">\s*<a href="#ev-0-{year}">{n}</a>', table), year
    section = html[html.index('id="ev-0-2024"'):]
    section = section[:section.index("</section>")]
    links = re.findall(r'href="/doc/([^"#]+)#([^"]+)"', section)
    assert len(links) == 3 and {s for s, _ in links} <= {s.replace(" ", "") for s in TEN_OF_2024}
    assert "<mark>" in section and "<script" not in section
    # Blank boxes are left out; the form keeps what was typed.
    assert 'value="&#34;artificial intelligence&#34;"' in html
    _headers_ok(r)


@pytest.mark.parametrize("params, message", [
    ({"term": "peace", "body": "XX"}, "unknown body 'XX'"),
    ({"term": ""}, "empty term"),
    ({"term": '"misinformation'}, "unbalanced"),
    ({"term": "the"}, ""),  # only a stop-word: nothing to count
    ({"term": [f"t{k}" for k in range(9)]}, "at most 8 terms"),
    ({"term": "peace", "by": "decade"}, "decade"),
])
def test_bad_trends_are_422(client: TestClient, params: dict[str, Any], message: str) -> None:
    page = client.get("/trends", params=params)
    assert page.status_code == 422 and message in unescape(page.text)
    assert 'class="error"' in page.text and '<form class="trends-form"' in page.text  # said beside the form
    api = client.get("/api/v1/trends", params=params)
    assert api.status_code == 422 and api.json()["status"] == 422
    _headers_ok(page)


def test_trends_form_alone(client: TestClient) -> None:
    r = client.get("/trends")
    assert r.status_code == 200 and 'id="trend-chart"' not in r.text and 'name="term"' in r.text
    assert client.get("/api/v1/trends").status_code == 422  # the API needs a term


# -- /emerging -------------------------------------------------------------------------------------


def test_emerging_page_and_api(client: TestClient) -> None:
    params = {"body": "GA", "by": "session", "top": 5}
    r = client.get("/emerging", params=params)
    assert r.status_code == 200
    rows = re.findall(r'<tr class="emerging-term">.*?<th scope="row"><a href="#t-\d+">([^<]+)</a>', r.text, re.S)
    assert rows[0] == "sevilla commitment" and len(rows) == 5
    assert r.text.count('<svg class="spark"') == 5  # each curve drawn on the server
    first = r.text[r.text.index('id="t-1"'):]
    assert re.search(r'href="/doc/A/RES/80/\d+#', first)
    assert 'href="/trends?term=%22sevilla+commitment%22&amp;body=GA&amp;by=session"' in first
    api = client.get("/api/v1/emerging", params=params).json()
    top = api["terms"][0]
    assert [t["term"] for t in api["terms"]] == rows
    assert top["counts"] == [0, 2, 47] and top["burst"] == [80, 80]  # 0 / 2 / 47 by the files (test_trends.py)
    assert api["params"] == {"s": 2.0, "gamma": 1.0, "min_docs": 5, "max_terms": 100_000, "latest": 1}
    _headers_ok(r)


def test_bad_emerging_is_422(client: TestClient) -> None:
    r = client.get("/emerging", params={"body": "GA", "s": 1})
    assert r.status_code == 422 and "s must be above 1" in r.text and '<form class="trends-form"' in r.text
    assert client.get("/emerging", params={"body": "XX"}).status_code == 422
    assert client.get("/api/v1/emerging", params={"body": "XX"}).status_code == 422
    assert client.get("/api/v1/emerging", params={"s": 1}).status_code == 422
    assert client.get("/api/v1/emerging", params={"top": 1000}).status_code == 422


# -- watches ---------------------------------------------------------------------------------------

PASSWORD = "a password long enough"


@dataclass
class Site:
    store: Store
    app: Any
    tokens: dict[str, str]
    corpus: Path

    def client(self) -> TestClient:
        return TestClient(self.app, raise_server_exceptions=False)


@pytest.fixture
def site(store: Store, corpus: Path) -> Iterator[Site]:
    """An empty store of each backend with an analyst (ana) and a reader (rea), and their tokens."""
    accounts.add_user(store, "ada", "admin", PASSWORD)
    admin = Actor("ada", Role.ADMIN)
    accounts.add_user(store, "ana", "analyst", PASSWORD, by=admin)
    accounts.add_user(store, "rea", "reader", PASSWORD, by=admin)
    tokens = {name: accounts.issue_token(store, admin, name, "feeds") for name in ("ana", "rea")}
    app = create_app(store.url, corpus=corpus)
    yield Site(store, app, tokens, corpus)
    app.state.stores.close()  # before the next test drops the PostgreSQL schema


def login(client: TestClient, name: str) -> str:
    """Log in through the form; the session's CSRF token, as /watches's forms carry it."""
    token = CSRF.search(client.get("/login").text).group(1)
    r = client.post("/login", data={"name": name, "password": PASSWORD, "csrf": token, "next": "/watches"},
                    follow_redirects=False)
    assert r.status_code == 303, r.text
    return CSRF.search(client.get("/watches").text).group(1)


def _ingest_fixture(store: Store, tmp_path: Path) -> None:
    f = tmp_path / "S_RES_9101_2031_EN.txt"
    f.write_text(RESOLUTION)
    assert not ingest_paths(store, [f]).failures


def test_watches_need_a_login(site: Site) -> None:
    anon = site.client()
    r = anon.get("/watches", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=%2Fwatches"
    assert anon.get("/watches/1", follow_redirects=False).status_code == 303
    for r in (anon.get("/api/v1/watches"), anon.get("/api/v1/watches/1/new"),
              anon.post("/api/v1/watches", json={"name": "x", "query": "peace"}),
              anon.post("/watches", data={"name": "x", "query": "peace"}, follow_redirects=False),
              anon.get("/watches/1/feed.atom")):
        assert r.status_code == 401, r.request.url
        assert r.headers["WWW-Authenticate"].startswith("Bearer")
    assert site.store.list_watches() == []
    _headers_ok(r)


def test_a_watch_shows_a_new_document_once_and_feeds_it(site: Site, tmp_path: Path) -> None:
    ana = site.client()
    csrf = login(ana, "ana")
    # Without the session's CSRF token (or with another) the form is refused and nothing stored.
    for sent in ({}, {"csrf": "forged"}):
        r = ana.post("/watches", data={"name": "misinfo", "query": "misinformation", "body": "SC", **sent},
                     follow_redirects=False)
        assert r.status_code == 403 and "CSRF" in r.text
    assert site.store.list_watches() == []
    r = ana.post("/watches", data={"name": "misinfo", "query": "misinformation", "body": "SC", "csrf": csrf},
                 follow_redirects=False)
    assert r.status_code == 303
    watch_id = int(r.headers["location"].rsplit("/", 1)[1])
    (row,) = site.store.list_watches()
    assert (row.id, row.owner, row.name, row.query, row.filters) == (watch_id, "ana", "misinfo", "misinformation",
                                                                     {"body": "SC"})
    # A bad query, a duplicate name: said on the page, nothing stored.
    r = ana.post("/watches", data={"name": "other", "query": '"unbalanced', "csrf": csrf})
    assert r.status_code == 422 and "unbalanced" in r.text
    r = ana.post("/watches", data={"name": "misinfo", "query": "peace", "csrf": csrf})
    assert r.status_code == 409 and "already have a watch" in r.text
    assert len(site.store.list_watches()) == 1
    page = ana.get(f"/watches/{watch_id}")
    assert page.status_code == 200 and '<span id="new-count">0</span>' in page.text

    _ingest_fixture(site.store, tmp_path)
    listing = ana.get("/watches")
    assert re.search(rf'<tr data-watch="{watch_id}">.*?class="num new-count"><a href="/watches/{watch_id}">2</a>',
                     listing.text, re.S)
    assert listing.headers["Cache-Control"] == "private, no-store"
    # The feed, for a reader that cannot log in: the API token in the query. Read before and
    # after the page's visit: a feed lists what is new since the watch was made, not since a visit.
    feeds = []
    for _ in range(2):
        r = site.client().get(f"/watches/{watch_id}/feed.atom", params={"token": site.tokens["ana"]})
        assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml")
        _headers_ok(r)
        feeds.append(r.content)
        page = ana.get(f"/watches/{watch_id}")  # the first shows the new paragraphs, the second none
        if len(feeds) == 1:
            assert '<span id="new-count">2</span>' in page.text
            hits = re.findall(r'class="hit-title" href="/doc/S/RES/9101\(2031\)#(\w+)"', page.text)
            assert hits == ["PP2", "OP1"]
            assert "<mark>misinformation</mark>" in page.text and "<script>alert" not in page.text
        else:
            assert '<span id="new-count">0</span>' in page.text and "Nothing new since your last visit" in page.text
    assert feeds[0] == feeds[1]
    feed = etree.fromstring(feeds[0])
    assert feed.tag == f"{ATOM}feed" and feed.findtext(f"{ATOM}title") == "peaceobs watch: misinfo"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [
        "http://testserver/doc/S/RES/9101(2031)#PP2", "http://testserver/doc/S/RES/9101(2031)#OP1"]
    assert "<mark>misinformation</mark>" in entries[1].findtext(f"{ATOM}summary")
    assert site.tokens["ana"] not in feeds[0].decode()  # the token is never written into the feed
    assert feed.findtext(f"{ATOM}id") == f"http://testserver/watches/{watch_id}/feed.atom"
    # The session reads the feed too; a wrong token, or none, is 401; another user's token 404.
    assert ana.get(f"/watches/{watch_id}/feed.atom").status_code == 200
    for token in ("po_wrong", ""):
        r = site.client().get(f"/watches/{watch_id}/feed.atom", params={"token": token})
        assert r.status_code == 401 and r.headers["WWW-Authenticate"].startswith("Bearer")
        _headers_ok(r)
    assert site.client().get(f"/watches/{watch_id}/feed.atom", params={"token": site.tokens["rea"]}).status_code == 404
    # The token in a query works on the feed alone, never as a login elsewhere.
    assert site.client().get("/api/v1/watches", params={"token": site.tokens["ana"]}).status_code == 401
    assert site.client().get(f"/watches/{watch_id}", params={"token": site.tokens["ana"]},
                             follow_redirects=False).status_code == 303


def test_watches_are_their_owners(site: Site, tmp_path: Path) -> None:
    ana, rea = site.client(), site.client()
    csrf = login(ana, "ana")
    rea_csrf = login(rea, "rea")  # a reader keeps watches too: they change nothing anyone else sees
    r = ana.post("/watches", data={"name": "w", "query": "misinformation", "csrf": csrf}, follow_redirects=False)
    watch_id = int(r.headers["location"].rsplit("/", 1)[1])
    assert rea.post("/watches", data={"name": "w", "query": "peace", "csrf": rea_csrf},
                    follow_redirects=False).status_code == 303  # names are per owner
    assert 'href="/watches/' + str(watch_id) + '"' not in rea.get("/watches").text
    assert rea.get(f"/watches/{watch_id}").status_code == 404
    assert rea.post(f"/watches/{watch_id}/delete", data={"csrf": rea_csrf}, follow_redirects=False).status_code == 404
    assert ana.post(f"/watches/{watch_id}/delete", data={}, follow_redirects=False).status_code == 403
    assert len(site.store.list_watches("ana")) == 1
    r = ana.post(f"/watches/{watch_id}/delete", data={"csrf": csrf}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/watches"
    assert site.store.list_watches("ana") == [] and len(site.store.list_watches("rea")) == 1
    assert ana.get(f"/watches/{watch_id}").status_code == 404


def test_watches_api(site: Site, tmp_path: Path) -> None:
    client = site.client()
    ana = {"Authorization": f"Bearer {site.tokens['ana']}"}
    r = client.post("/api/v1/watches", json={"name": "misinfo", "query": "misinformation", "body": "sc"}, headers=ana)
    assert r.status_code == 201, r.text
    made = r.json()
    assert (made["owner"], made["filters"], made["new"]) == ("ana", {"body": "SC"}, 0)
    assert made["url"] == f"/watches/{made['id']}" and made["feed"] == f"/watches/{made['id']}/feed.atom"
    assert client.post("/api/v1/watches", json={"name": "misinfo", "query": "x"}, headers=ana).status_code == 409
    for bad in ({"name": "b", "query": '"x'}, {"name": "b", "query": "x", "body": "ZZ"}, {"name": "a/b", "query": "x"},
                {"name": "b"}):
        assert client.post("/api/v1/watches", json=bad, headers=ana).status_code == 422, bad
    # The session cookie writes with its CSRF token in the header, as the tracker's API does.
    browser_client = site.client()
    csrf = login(browser_client, "ana")
    assert browser_client.post("/api/v1/watches", json={"name": "c", "query": "x"}).status_code == 403
    assert browser_client.post("/api/v1/watches", json={"name": "c", "query": "x"},
                               headers={"X-CSRF-Token": csrf}).status_code == 201
    _ingest_fixture(site.store, tmp_path)
    listed = {w["name"]: w for w in client.get("/api/v1/watches", headers=ana).json()}
    assert listed["misinfo"]["new"] == 2 and listed["c"]["new"] == 0
    peek = client.get(f"/api/v1/watches/{made['id']}/new", params={"peek": True}, headers=ana).json()
    assert [h["pid"] for h in peek["hits"]] == ["PP2", "OP1"]
    new = client.get(f"/api/v1/watches/{made['id']}/new", headers=ana).json()
    assert new["hits"] == peek["hits"] and new["hits"][0]["url"] == "/doc/S/RES/9101(2031)#PP2"
    assert client.get(f"/api/v1/watches/{made['id']}/new", headers=ana).json()["hits"] == []  # the visit was kept
    rea = {"Authorization": f"Bearer {site.tokens['rea']}"}
    assert client.get("/api/v1/watches", headers=rea).json() == []
    assert client.get(f"/api/v1/watches/{made['id']}/new", headers=rea).status_code == 404
    assert client.delete(f"/api/v1/watches/{made['id']}", headers=rea).status_code == 404
    assert client.delete(f"/api/v1/watches/{made['id']}", headers=ana).status_code == 204
    assert [w["name"] for w in client.get("/api/v1/watches", headers=ana).json()] == ["c"]


def test_the_feed_token_under_read_requires_login(site: Site) -> None:
    """With reading behind a login, a feed reader's ?token= still reads its feed (and a wrong one
    is a 401, not the login page it could not use)."""
    add = site.client()
    watch_id = add.post("/api/v1/watches", json={"name": "w", "query": "peace"},
                        headers={"Authorization": f"Bearer {site.tokens['ana']}"}).json()["id"]
    app = create_app(site.store.url, corpus=site.corpus, settings=Settings(read_requires_login=True))
    try:
        client = TestClient(app, raise_server_exceptions=False)
        url = f"/watches/{watch_id}/feed.atom"
        assert client.get(url, params={"token": site.tokens["ana"]}).status_code == 200
        assert client.get(url, params={"token": "po_wrong"}).status_code == 401
        r = client.get(url, follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
        assert client.get("/trends", follow_redirects=False).status_code == 303
        assert client.get("/api/v1/trends", params={"term": "peace"}).status_code == 401
    finally:
        app.state.stores.close()


# -- in a browser ----------------------------------------------------------------------------------


def test_trends_chart_draws_under_the_policy(server: str, browser: Any) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    refused: list[str] = []  # anything the Content-Security-Policy blocks on the page
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{server}/trends?term=misinformation&term=%22artificial+intelligence%22&body=GA")
    page.wait_for_selector("#trend-chart.drawn svg", timeout=15_000)
    assert page.locator("#trend-chart svg .mark-line path").count() == 2  # one line per term
    assert page.locator("#trend-table tbody tr").count() == 3
    # A point is one click from its evidence: the second term's 2024 point, to its paragraphs.
    points = page.locator("#trend-chart svg g.mark-symbol.role-mark path")
    assert points.count() == 6
    points.nth(4).click(force=True)  # force: the tooltip drawn on hover may lie over it
    page.wait_for_url("**#ev-1-2024")
    assert page.locator("[id='ev-1-2024']").evaluate("e => e.matches(':target')")
    assert page.locator("[id='ev-1-2024'] a[href^='/doc/A/RES/']").count() == 3
    assert axe_violations(page) == []
    assert refused == []
    context.close()
