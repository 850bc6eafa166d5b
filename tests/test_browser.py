"""The Observatory in a real browser: Playwright driving Debian's chromium (never a downloaded
one), against the app served on loopback over a store of real documents. Screenshots of each
page go to build/screenshots/ (docs/screenshots/ with `make screenshots`)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from peaceobs.web import create_app
from tests.conftest import REQUIRE, served_on_loopback

pytestmark = pytest.mark.corpus

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"]
# Screenshots go to build/screenshots (ignored); `make screenshots` (PEACEOBS_SCREENSHOTS=docs)
# writes docs/screenshots/ when asked: `make test` never rewrites tracked files.
_ROOT = Path(__file__).resolve().parent.parent
SHOTS = _ROOT / ("docs" if os.environ.get("PEACEOBS_SCREENSHOTS") == "docs" else "build") / "screenshots"
AXE = (Path(__file__).resolve().parent / "vendor" / "axe.min.js").read_text()


@pytest.fixture(scope="module")
def server(corpus, corpus_sqlite_url):
    # The session's corpus store (tests/conftest.py), ingested once; the pages only read it.
    with served_on_loopback(create_app(corpus_sqlite_url, corpus=corpus)) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        if REQUIRE:
            pytest.fail("Debian's chromium is not installed (.ci/run installs it)")
        pytest.skip("Debian's chromium is not installed: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=False)


def axe_violations(page):
    # Evaluated by the driver, not added as an inline <script>: the Content-Security-Policy refuses those.
    page.evaluate(AXE)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [(v["id"], v["impact"], len(v["nodes"])) for v in result["violations"]
            if v["impact"] in ("serious", "critical")]


def test_live_search_with_facets(server, page):
    page.goto(f"{server}/search")
    page.fill("#q", '"Disengagement Observer Force"')
    page.wait_for_selector("li.hit")  # HTMX swapped the results in, no form submit
    assert "q=%22Disengagement" in page.url  # the query lives in the URL
    total = int(page.inner_text("#total"))
    assert total > 20
    assert page.locator(".facets a", has_text="SC").count() == 1
    shot(page, "search")
    page.fill("#q", '"Disengagement Observer Force" renew')
    page.wait_for_function(f"document.querySelector('#total').textContent != '{total}'")
    narrowed = int(page.inner_text("#total"))
    assert 0 < narrowed < total
    page.click(".facets a:has-text('1976')")  # a year facet narrows further
    page.wait_for_url("**year=1976**")
    hits = page.locator("li.hit .meta").all_inner_texts()
    assert hits and all("1976" in h for h in hits)


def test_document_anchor_and_citation(server, page):
    page.goto(f"{server}/doc/S/RES/390(1976)#OP1(b)")
    target = page.locator("[id='OP1(b)']")
    assert target.is_visible() and target.evaluate("e => e.matches(':target')")
    assert "renew the mandate of the United Nations Disengagement Observer Force" in target.inner_text()
    assert page.locator(".graph svg").count() == 1
    shot(page, "document")
    page.click("ul.cites a:has-text('S/RES/338 (1973)')")
    page.wait_for_url("**/doc/S/RES/338(1973)")
    assert page.locator("h1").inner_text() == "S/RES/338 (1973)"
    assert page.locator("#citedby-h").inner_text().startswith("Cited by")


def test_mission_page_draws_its_chart(server, page):
    page.goto(f"{server}/missions/UNFICYP")
    page.wait_for_selector("#personnel-chart.drawn svg", timeout=15000)
    assert page.locator("#timeline.drawn svg").count() == 1
    page.wait_for_selector("#mandate-chart.drawn svg", timeout=15000)
    rows = page.locator("table.mandate tbody tr")
    assert rows.count() > 40  # UNFICYP's renewals 1964–1994
    assert "1966-12-26" in page.locator("table.mandate").inner_text()  # S/RES/222 (1966), "ending 26 December 1966"
    assert page.locator("ol.timeline li").count() > 20  # SC renewals mention the Force
    shot(page, "mission")
    page.goto(f"{server}/missions")
    assert page.locator("table.missions a", has_text="UNSOS").count() == 1
    shot(page, "missions")


def test_dashboard(server, page):
    page.goto(f"{server}/")
    page.wait_for_selector("#per-year.drawn svg", timeout=15000)
    assert "documents" in page.locator(".lede").inner_text()
    shot(page, "dashboard")


@pytest.mark.parametrize("path", ["/", "/search?q=UNSOS", "/doc/A/80/628", "/missions", "/missions/UNSOS"])
def test_accessibility(server, page, path):
    page.goto(f"{server}{path}")
    page.wait_for_load_state("networkidle")
    assert axe_violations(page) == []


@pytest.mark.parametrize("path", ["/search?q=Somalia", "/doc/S/RES/390(1976)", "/missions/UNFICYP"])
def test_phone_width(server, browser, path):
    context = browser.new_context(viewport={"width": 375, "height": 800}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{server}{path}")
    page.wait_for_load_state("networkidle")
    # Against the layout viewport: a phone's window.innerWidth grows to fit a page that is too
    # wide (the browser zooms out), which would hide the very overflow looked for.
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, overflow
    if path.startswith("/search"):
        shot(page, "search-phone")
    context.close()


def test_reading_without_javascript(server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/search")
    page.fill("#q", "UNSOS")
    page.press("#q", "Enter")  # the plain form submit
    page.wait_for_selector("li.hit")
    assert int(page.inner_text("#total")) > 5
    page.goto(f"{server}/doc/A/80/628#P1")
    assert "United Nations Support Office in Somalia" in page.locator("[id='P1']").inner_text()
    context.close()


def test_json_download_link(server, page):
    page.goto(f"{server}/doc/S/RES/390(1976)")
    href = page.get_attribute("text=Download JSON", "href")
    data = json.loads(page.request.get(f"{server}{href}").text())
    assert data["symbol"] == "S/RES/390 (1976)" and data["paragraphs"][0]["pid"]


def test_snippets_mark_matches_and_escape_text(server, page):
    page.goto(f"{server}/search?q=UNSOS")
    first = page.locator("li.hit .snippet").first
    assert first.locator("mark").count() >= 1
    assert "<mark>" not in first.inner_text()


def test_api_docs_render_offline(server, page):
    page.goto(f"{server}/docs")
    page.wait_for_function("document.querySelector('rapi-doc') && document.querySelector('rapi-doc').shadowRoot "
                           "&& document.querySelector('rapi-doc').shadowRoot.textContent.includes('/api/v1/search')",
                           timeout=15000)
    shot(page, "api-docs")


def test_compare_page(server, page):
    page.goto(f"{server}/compare")
    page.fill("#a", "A/RES/78/305")
    page.fill("#b", "A/RES/79/308")
    page.click("form.search-form button")
    page.wait_for_selector("li.change")
    assert page.locator("li.change.added").count() >= 1 and page.locator("li.change ins").count() > 10
    assert "582,625,000" in page.locator("li.change del").all_inner_texts()
    shot(page, "compare")
    assert axe_violations(page) == []
