"""An accessibility and visual review of every page, in Debian's chromium (never a downloaded
browser): each page at desktop (1280 px) and phone (390 px) width, anonymous and logged in as an
analyst (who sees the "Add to pack" forms), must pass axe-core with no serious or critical
violation, fit the screen's width, and ask nothing of any host but the server on 127.0.0.1.

Screenshots are written only when asked: `PEACEOBS_SCREENSHOTS=docs pytest tests/test_web_review_browser.py`
writes docs/screenshots/review/NAME-WIDTH.png (`make test` writes none)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from peaceobs.web import create_app
from tests.test_browser import axe_violations, browser  # noqa: F401 (its fixture, reused)

from .conftest import corpus_copy_with_analyst, served_on_loopback

pytestmark = pytest.mark.corpus

PASSWORD = "a long enough password"
WIDTHS = {"desktop": 1280, "phone": 390}
SHOTS = (Path(__file__).resolve().parent.parent / "docs" / "screenshots" / "review"
         if os.environ.get("PEACEOBS_SCREENSHOTS") else None)

# Every page of the Observatory, on documents whose contents the other tests read.
PAGES = {
    "dashboard": "/",
    "search": "/search?q=UNSOS",
    "search-tables": "/search?q=UNSOS&kind=table&view=paragraphs",
    "document": "/doc/S/RES/390(1976)",
    "document-tables": "/doc/A/80/634",
    "graph-depth-2": "/doc/S/RES/338(1973)?depth=2",
    "compare": "/compare?a=A/RES/78/305&b=A/RES/79/308",
    "trace": "/trace?symbol=A/RES/79/308&pid=OP4",
    "missions": "/missions",
    "mission": "/missions/UNFICYP",
    "mission-budget": "/missions/UNSOS",
    "assess": "/assess?budget=481671800&share=0.5&share=0.75",
    "track": "/track",
    "audit": "/track/audit",
    "trends": "/trends?term=misinformation&term=%22artificial+intelligence%22&body=GA",
    "emerging": "/emerging?body=GA",
    "login": "/login",
    "api-docs": "/docs",
    "not-found": "/doc/S/RES/99999",
}
# What an analyst sees besides: the pages with "Add to pack", and their own watches.
LOGGED_IN = ["document", "search", "mission-budget", "mission", "compare", "assess", "trends"]


@pytest.fixture(scope="module")
def site(corpus: Path, corpus_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory):
    """The corpus store copied (an analyst's account is written to the copy) and served on loopback."""
    url = corpus_copy_with_analyst(corpus_sqlite_url, tmp_path_factory.mktemp("review-browser"), PASSWORD)
    with served_on_loopback(create_app(url, corpus=corpus)) as base:
        yield base


def _context(browser, width: int):  # noqa: F811 (the fixture's value)
    return browser.new_context(viewport={"width": width, "height": 900}, is_mobile=width < 600)


def _log_in(page, base: str) -> None:
    page.goto(f"{base}/login")
    page.fill("input[name=name]", "ana")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login-form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.locator("header .who").inner_text().startswith("ana")


def _settle(page) -> None:
    """Wait until the page is drawn: its network quiet, its charts drawn, RapiDoc's spec read."""
    page.wait_for_load_state("networkidle")
    if page.locator("div.vega").count():
        page.wait_for_function("[...document.querySelectorAll('div.vega')].every(e => e.classList.contains('drawn'))",
                               timeout=20000)
    if page.locator("rapi-doc").count():
        page.wait_for_function("document.querySelector('rapi-doc').shadowRoot && "
                               "document.querySelector('rapi-doc').shadowRoot.textContent.includes('/api/v1/search')",
                               timeout=20000)


def _review(page, base: str, name: str, width: str) -> list[str]:
    """What is wrong with the page as it stands: axe's serious and critical findings, a page
    wider than the screen."""
    problems = [f"axe {v}" for v in axe_violations(page)]
    # Against the layout viewport: a phone's window.innerWidth grows to fit a page that is too
    # wide (the browser zooms out), which would hide the very overflow looked for.
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 1:
        problems.append(f"{overflow}px wider than the screen")
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=False)
    return problems


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_anonymous(site, browser, width):  # noqa: F811
    context = _context(browser, WIDTHS[width])
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    found = {}
    for name, path in PAGES.items():
        page.goto(f"{site}{path}")
        _settle(page)
        found[name] = _review(page, site, name, width)
    context.close()
    assert {k: v for k, v in found.items() if v} == {}
    assert [u for u in requests if not u.startswith(f"{site}/")] == []  # no font host, no CDN


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_logged_in(site, browser, width):  # noqa: F811
    context = _context(browser, WIDTHS[width])
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    _log_in(page, site)
    found = {}
    for name in LOGGED_IN:
        page.goto(f"{site}{PAGES[name]}")
        _settle(page)
        packs = page.locator("details.add-to-pack")
        assert packs.count() >= 1, name
        packs.first.locator("summary").click()  # the form open, as someone adding evidence sees it
        assert packs.first.locator("input[name=pack]").is_visible()
        found[name] = _review(page, site, f"{name}-analyst", width)
    for name in ("watches", "packs"):  # an analyst's own lists
        page.goto(f"{site}/{name}")
        _settle(page)
        found[name] = _review(page, site, f"{name}-analyst", width)
    context.close()
    assert {k: v for k, v in found.items() if v} == {}
    assert [u for u in requests if not u.startswith(f"{site}/")] == []


def test_filters_below_the_results_on_a_phone(site, browser):  # noqa: F811
    for width, below, closed in ((390, True, True), (1280, False, False)):
        context = _context(browser, width)
        page = context.new_page()
        page.goto(f"{site}/search?q=UNSOS")
        _settle(page)
        facets, hits = page.locator("details.facets"), page.locator("section.hits")
        f, h = facets.bounding_box(), hits.bounding_box()
        assert (f["y"] > h["y"] + h["height"] - 1) is below, width
        assert (not facets.evaluate("d => d.open")) is closed, width
        if closed:
            facets.locator("summary").click()
            assert page.locator(".facets a", has_text="SG").is_visible()
        else:
            assert f["x"] + f["width"] <= h["x"]  # the left column
        context.close()


def test_dates_stay_on_one_line(site, browser):  # noqa: F811
    context = _context(browser, 390)
    page = context.new_page()
    page.goto(f"{site}/missions/UNFICYP")
    _settle(page)
    cell = page.locator("table.mandate td.date").first
    assert cell.evaluate("e => getComputedStyle(e).whiteSpace") == "nowrap"
    assert cell.inner_text() == "1964-03-04"  # S/RES/186 (1964), "Resolution of 4 March 1964"
    box = cell.bounding_box()
    line = cell.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)")
    assert box["height"] < 2 * line + 12  # one line (and its padding), not two
    context.close()


def test_the_graph_zooms(site, browser):  # noqa: F811
    context = _context(browser, 1280)
    page = context.new_page()
    page.goto(f"{site}/doc/S/RES/338(1973)?depth=2")
    _settle(page)
    svg = page.locator("div.graph svg")
    before = svg.bounding_box()["width"]
    page.click("button[aria-label='Zoom in']")
    assert svg.bounding_box()["width"] > 1.4 * before
    page.click("button[aria-label='Fit the drawing to the box']")
    assert abs(svg.bounding_box()["width"] - before) < 2
    context.close()


def test_api_docs_read_offline(site, browser):  # noqa: F811
    context = _context(browser, 1280)
    requests: list[str] = []
    context.on("request", lambda r: requests.append(r.url))
    page = context.new_page()
    page.goto(f"{site}/docs")
    _settle(page)
    page.wait_for_timeout(1500)  # RapiDoc draws each operation's schema after the spec
    # All the text RapiDoc draws, its nested components' shadow roots included.
    text = page.evaluate("""() => { const out = []; const walk = (n) => { if (n.shadowRoot) walk(n.shadowRoot);
        for (const c of n.childNodes) { if (c.nodeType === 3) out.push(c.textContent); else walk(c); } };
        walk(document.body); return out.join(' '); }""")
    assert "Search paragraphs" in text and "snippet" in text
    assert "missing-type-info" not in text and "No API key" not in text
    assert "Authorization: Bearer TOKEN" in text
    assert [u for u in requests if not u.startswith(f"{site}/")] == []
    context.close()
