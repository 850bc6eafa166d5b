"""Pages that read right (issue 13): what a newcomer's read-through of the web app found, each
checked on the real corpus. The expected words were read in the documents themselves: titles
from the reports' cover pages (`pdftotext` of the originals), table rows from their printed
tables, citations from the resolutions' texts, hosts from the missions' names as the registry
quotes them. The browser half (layout, axe at two widths, requests) is test_web_review_browser.py.
"""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from peaceobs.web import create_app
from peaceobs.web.app import readable_spec
from peaceobs.web.pages import table_rows
from peaceobs.web.views import BODY_COLOURS, host_display

from .conftest import corpus_copy_with_analyst

pytestmark = pytest.mark.corpus

# A/80/628's cover page: "Budget performance for the period from 1 July 2024 to 30 June 2025 and
# budget for the period from 1 July 2026 to 30 June 2027 for the United Nations Support Office in
# Somalia" — the mission is named only at the end, which a cut title loses.
UNSOS_TITLE = ("Budget performance for the period from 1 July 2024 to 30 June 2025 and budget for the period "
               "from 1 July 2026 to 30 June 2027 for the United Nations Support Office in Somalia")
PASSWORD = "a long enough password"
CSRF = re.compile(r'name="csrf" value="([^"]+)"')


@pytest.fixture(scope="module")
def client(corpus: Path, corpus_sqlite_url: str) -> TestClient:
    return TestClient(create_app(corpus_sqlite_url, corpus=corpus))


@pytest.fixture(scope="module")
def analyst(corpus: Path, corpus_sqlite_url: str, tmp_path_factory: pytest.TempPathFactory) -> TestClient:
    """A client logged in as an analyst, over a copy of the corpus store (the shared one is only
    read: accounts are written to the copy)."""
    url = corpus_copy_with_analyst(corpus_sqlite_url, tmp_path_factory.mktemp("review"), PASSWORD)
    c = TestClient(create_app(url, corpus=corpus))
    token = CSRF.search(c.get("/login").text).group(1)
    r = c.post("/login", data={"name": "ana", "password": PASSWORD, "csrf": token, "next": "/"},
               follow_redirects=False)
    assert r.status_code == 303, r.text
    return c


def texts(html: str, cls: str) -> list[str]:
    """The text of every element whose class attribute is exactly ``cls``."""
    return [unescape(re.sub(r"<[^>]+>", "", m)) for m in re.findall(rf'class="{cls}">(.*?)</span>', html, re.S)]


# -- 1. full titles ------------------------------------------------------------------------------


def test_search_results_show_the_whole_title(client: TestClient) -> None:
    for view in ("documents", "paragraphs"):
        page = client.get("/search", params={"q": "UNSOS liquidity", "view": view}).text
        titles = texts(page, "doc-title")
        assert UNSOS_TITLE in titles, view
        assert not any(t.endswith(("…", "...")) for t in titles)


def test_mission_documents_show_the_whole_title(client: TestClient) -> None:
    page = client.get("/missions/UNSOS").text
    assert UNSOS_TITLE in texts(page, "doc-title-inline")


# -- 2. tables, stop-words, dates, filters --------------------------------------------------------


def test_a_table_hit_is_a_table(client: TestClient) -> None:
    # A/80/634 para. 74's table (printed p. 25): "31 August 2024 | UNSOS (57.2), UNMISS (27.5) | 84.7".
    for view in ("documents", "paragraphs"):
        page = client.get("/search", params={"q": "UNSOS", "kind": "table", "view": view}).text
        hit = page[page.index('href="/doc/A/80/634#T18"'):]
        table = hit[:hit.index("</table>")]
        assert '<table class="snippet-table">' in table, view
        assert "<td>31 August 2024</td><td><mark>UNSOS</mark> (57.2), UNMISS (27.5)</td><td>84.7</td>" in table


def test_table_rows_keep_every_cell_balanced() -> None:
    # A highlight cut by a cell border is closed in its cell and reopened in the next.
    assert table_rows("As at | <mark>Borrowing\nmission</mark> | Amount") == [
        ["As at", "<mark>Borrowing</mark>"], ["<mark>mission</mark>", "Amount"]]


def test_the_document_page_draws_tables(client: TestClient) -> None:
    page = client.get("/doc/A/80/634").text
    para = page[page.index('id="T18"'):]
    para = para[:para.index("</table>")]
    assert "<th scope=\"col\">Borrowing mission</th>" in para
    assert "<td>31 August 2024</td><td>UNSOS (57.2), UNMISS (27.5)</td><td>84.7</td>" in para


def test_stop_words_are_not_marked(client: TestClient) -> None:
    # "in" and "the" are words of the query but not of the match: only Mission and Sudan are marked.
    page = client.get("/search", params={"q": "the Mission in Sudan", "view": "paragraphs"}).text
    marks = {m.lower() for m in re.findall(r"<mark>(.*?)</mark>", page)}
    assert {"mission", "sudan"} <= marks
    assert not marks & {"the", "in"}


def test_dates_do_not_wrap(client: TestClient) -> None:
    css = client.get("/static/app.css").text
    assert re.search(r"\.date, time, td\.date \{ white-space: nowrap; \}", css)
    page = client.get("/missions/UNFICYP").text
    # S/RES/186 (1964) adopted 4 March 1964 (its text: "adopted … 4 March 1964")
    assert '<td class="date">1964-03-04</td>' in page
    assert '<time datetime="1964-03-04">1964-03-04</time>' in page


def test_filters_follow_the_results(client: TestClient) -> None:
    page = client.get("/search", params={"q": "UNSOS"}).text
    assert page.index('<section class="hits"') < page.index('<details class="facets" open>')
    assert "<summary>Filters</summary>" in page


# -- 3. the citation graph ------------------------------------------------------------------------


def test_a_capped_graph_says_what_it_leaves_out(client: TestClient) -> None:
    # Resolution 338 (1973) is recalled by every UNDOF renewal: S/RES/887 (1993) "… its resolution
    # 338 (1973) of 22 October 1973" (its line 12). More than 25 documents cite 338, so the drawing
    # follows 25 and names the rest; 887, late in symbol order, is one of those left out.
    page = client.get("/doc/S/RES/338(1973)").text
    capped = page[page.index('id="graph-capped"'):]
    capped = capped[:capped.index("</p>")]
    assert "The drawing is capped" in capped and "citing it" in capped
    counts = re.search(r"Left out: <strong>(\d+) documents?</strong> and <strong>(\d+) citations?</strong>", capped)
    left = page[page.index('<details class="left-out">'):]
    left = left[:left.index("</details>")]
    listed = re.findall(r"<li>", left)
    assert int(counts.group(1)) == len(listed) > 0
    assert '>S/RES/887 (1993)</a>' in left
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert "S/RES/887 (1993)" not in svg and "S/RES/390 (1976)" in svg  # 390 cites 338 too (its OP1(a))


def test_an_uncapped_graph_says_nothing_of_it(client: TestClient) -> None:
    # S/RES/390 (1976) cites resolution 338 (1973) and is cited by fewer than 25 documents.
    page = client.get("/doc/S/RES/390(1976)").text
    assert "<svg" in page and 'id="graph-capped"' not in page


def test_depth_two_labels_only_the_largest_nodes(client: TestClient) -> None:
    page = client.get("/doc/S/RES/338(1973)", params={"depth": 2}).text
    svg = page[page.index("<svg"):page.index("</svg>")]
    nodes = svg.count("<circle")
    labels = re.findall(r'<text [^>]*class="label[^"]*">([^<]*)</text>', svg)
    assert nodes > 60 and 1 < len(labels) <= 12 + 1 + 16  # the centre, the 12 largest, a small inner ring
    assert "S/RES/338 (1973)" in labels
    # every node still names itself: its <title>
    assert svg.count("<title>") == nodes


def test_cited_by_is_grouped_by_document(client: TestClient) -> None:
    # S/RES/390 (1976) cites 338 in its text once; each citing document is one line with its paragraphs.
    page = client.get("/doc/S/RES/338(1973)").text
    section = page[page.index('id="citedby-h"'):]
    section = section[:section.index("</section>")]
    lines = re.findall(r"<li>.*?</li>", section, re.S)
    symbols = [re.search(r">([^<]+)</a>", li).group(1) for li in lines]
    assert len(symbols) == len(set(symbols)) and "S/RES/390 (1976)" in symbols


# -- 4. missions ----------------------------------------------------------------------------------


def test_missions_in_order_of_their_start(client: TestClient) -> None:
    page = client.get("/missions").text
    order = re.findall(r'<a href="/missions/([^"]+)">', page)
    # UNTSO 1948-05, UNMOGIP 1949-01, UNFICYP 1964-04, UNDOF 1974-06 (the registry's starts)
    assert order[:2] == ["UNTSO", "UNMOGIP"] and order.index("UNFICYP") < order.index("UNDOF")
    starts = re.findall(r'<td class="date">(\d{4}(?:-\d\d)?)</td><td class="date">', page)
    assert starts == sorted(starts) and len(starts) == len(order)


def test_cote_d_ivoire_is_spelled_right(client: TestClient) -> None:
    assert "Cote d Ivoire" not in client.get("/missions").text
    for mission in ("UNOCI", "MINUCI"):
        page = unescape(client.get(f"/missions/{mission}").text)
        assert "<dt>Host</dt><dd>Côte d'Ivoire</dd>" in page


def test_host_display_rule() -> None:
    # The corpus's spelling, a name that prints the host, and hosts no name spells otherwise.
    assert host_display("Cote d Ivoire", ["United Nations Operation in Côte d'Ivoire"]) == "Côte d'Ivoire"
    assert host_display("India; Pakistan", ["United Nations Military Observer Group in India and Pakistan"]) == \
        "India; Pakistan"
    assert host_display("DR Congo", ["United Nations Organization Stabilization Mission in the Democratic "
                                     "Republic of the Congo"]) == "DR Congo"


def _colours(spec: dict) -> dict[str, str]:
    scale = spec["encoding"]["color"]["scale"]
    return dict(zip(scale["domain"], scale["range"], strict=True))


def _spec(page: str, chart_id: str) -> dict:
    return json.loads(unescape(re.search(rf'id="{chart_id}" data-spec="([^"]+)"', page).group(1)))


def test_one_colour_per_body_on_every_chart(client: TestClient) -> None:
    dashboard = _colours(_spec(client.get("/").text, "per-year"))
    unficyp = _colours(_spec(client.get("/missions/UNFICYP").text, "timeline"))
    unsos = _colours(_spec(client.get("/missions/UNSOS").text, "timeline"))
    assert {"SC", "GA", "SG", "ACABQ"} <= set(dashboard)
    for colours in (unficyp, unsos):
        assert colours == {b: dashboard[b] for b in colours}
    assert len(set(dashboard.values())) == len(dashboard)  # no two bodies alike
    # the budget chart's measures take the colour of the body that states them
    budget = _colours(_spec(client.get("/missions/UNSOS").text, "budget-chart"))
    assert (budget["proposed"], budget["recommended"], budget["appropriated"]) == (
        BODY_COLOURS["SG"], BODY_COLOURS["ACABQ"], BODY_COLOURS["GA"])


def test_undated_documents_last(client: TestClient) -> None:
    page = client.get("/missions/UNFICYP").text
    items = re.findall(r'<li>(<time datetime="[^"]+">|<span class="date undated">)', page)
    kinds = ["dated" if i.startswith("<time") else "undated" for i in items]
    assert "undated" in kinds and kinds == sorted(kinds)  # "dated" < "undated": every undated one after


def test_empty_mandate_columns_are_hidden(client: TestClient) -> None:
    # UNDOF's 39 renewals 1974–1994 renew "for another period of six months": no task is gained or
    # lost, no ceiling is stated; UNIFIL's S/RES/425 (1978) states one ("a force … of 4,000").
    undof = client.get("/missions/UNDOF").text
    head = undof[undof.index('<table class="mandate">'):undof.index("</thead>")]
    assert "Tasks gained / lost" not in head and "Ceiling" not in head and "Expires" in head
    unifil = client.get("/missions/UNIFIL").text
    assert "Ceiling: text / data" in unifil[unifil.index('<table class="mandate">'):unifil.index("</thead>")]


# -- 5. /docs offline, the favicon ----------------------------------------------------------------


def test_api_docs_ask_nothing_of_another_host(client: TestClient) -> None:
    page = client.get("/docs").text
    assert 'load-fonts="false"' in page and 'allow-authentication="false"' in page
    assert "Authorization: Bearer TOKEN" in page
    assert not re.search(r"(src|href)=\"https?://", page)
    spec = client.get("/docs/openapi.json").json()
    # no optional field left as anyOf [X, null], which RapiDoc draws as "{missing-type-info}"
    assert '{"type": "null"}' not in json.dumps(spec)
    assert spec["paths"].keys() == client.get("/openapi.json").json()["paths"].keys()


def test_readable_spec_makes_optional_fields_nullable() -> None:
    field = {"anyOf": [{"type": "string"}, {"type": "null"}], "title": "Body"}
    assert readable_spec({"f": field}) == {"f": {"type": "string", "title": "Body", "nullable": True}}
    # any JSON value (an audit entry's "before"): RapiDoc's "any" is the empty schema
    audit = {"properties": {"before": {"title": "Before"}, "at": {"type": "string", "title": "At"}}}
    assert readable_spec(audit) == {"properties": {"before": {}, "at": {"type": "string", "title": "At"}}}


def test_favicon(client: TestClient) -> None:
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
    assert r.content == client.get("/static/favicon.svg").content and r.content.startswith(b"<svg")
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in client.get("/").text


# -- "Add to pack" ----------------------------------------------------------------------------------


def _pack_refs(page: str) -> list[tuple[str, dict]]:
    forms = re.findall(r'name="kind" value="([^"]+)">\s*<input type="hidden" name="ref" value="([^"]+)">', page)
    return [(kind, json.loads(unescape(ref))) for kind, ref in forms]


def test_add_to_pack_is_for_analysts_only(client: TestClient, analyst: TestClient) -> None:
    assert "add-to-pack" not in client.get("/doc/S/RES/390(1976)").text
    page = analyst.get("/doc/S/RES/390(1976)").text
    refs = _pack_refs(page)
    paragraphs = [r for k, r in refs if k == "paragraph"]
    assert ("document", {"symbol": "S/RES/390 (1976)"}) in refs
    assert {"symbol": "S/RES/390 (1976)", "pid": "OP1(b)"} in paragraphs
    assert len(paragraphs) == page.count('class="para ')  # one per paragraph


@pytest.mark.parametrize("path, kind, ref", [
    ("/compare?a=A/RES/78/305&b=A/RES/79/308", "comparison", {"a": "A/RES/78/305", "b": "A/RES/79/308"}),
    ("/missions/UNSOS", "budget", {"mission": "UNSOS"}),
    ("/missions/UNDOF", "mandate", {"mission": "UNDOF"}),
    ("/assess?budget=481671800&share=0.5&share=0.75", "assessment",
     {"params": {"budget": "481671800", "share": ["0.5", "0.75"]}}),
    ("/trends?term=misinformation&body=GA", "trend", {"params": {"term": "misinformation", "body": "GA"}}),
    ("/search?q=UNSOS&body=SG", "search", {"params": {"q": "UNSOS", "body": "SG"}}),
    ("/search?q=UNSOS&view=paragraphs", "search", {"params": {"q": "UNSOS", "view": "paragraphs"}}),
])
def test_add_to_pack_on_each_page(analyst: TestClient, path: str, kind: str, ref: dict) -> None:
    assert (kind, ref) in _pack_refs(analyst.get(path).text)
