"""The JSON API over real documents: every endpoint, bad input, and a schemathesis run."""

from __future__ import annotations

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from peaceobs.pipeline import ingest_paths
from peaceobs.store import open_store
from peaceobs.web import create_app
from tests.conftest import CORPUS

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def app(corpus, tmp_path_factory):
    db = tmp_path_factory.mktemp("api") / "api.db"
    store = open_store(f"sqlite:///{db}")
    sc = corpus / "unsc-resolutions-1946-1994" / "res_en_gold"
    files = sorted(sc.glob("S_RES_03[3-9]*")) + [corpus / "peacekeeping-budget-reports-2026-27"]
    assert not ingest_paths(store, files).failures
    store.close()
    return create_app(f"sqlite:///{db}", corpus=corpus)


@pytest.fixture(scope="module")
def client(app):
    return TestClient(app, raise_server_exceptions=False)


def test_search(client):
    r = client.get("/api/v1/search", params={"q": '"Disengagement Observer Force"', "body": "SC", "limit": 5})
    assert r.status_code == 200
    data = r.json()
    assert data["total"] >= 5 and len(data["items"]) == 5
    assert all(h["symbol"].startswith("S/RES/") and "<mark>" in h["snippet"] for h in data["items"])
    assert data["items"][0]["url"].startswith("/doc/S/RES/")
    assert dict(data["facets"]["body"]) == {"SC": data["total"]}
    page2 = client.get("/api/v1/search", params={"q": '"Disengagement Observer Force"', "body": "SC",
                                                 "limit": 5, "offset": 5}).json()
    assert {h["symbol"] + h["pid"] for h in page2["items"]}.isdisjoint({h["symbol"] + h["pid"] for h in data["items"]})


def test_document_search_says_whether_meaning_took_part(client):
    # The suite runs with words alone (conftest: PEACEOBS_SEMANTIC=off); the page says so.
    r = client.get("/api/v1/search/documents", params={"q": "Disengagement Observer Force", "limit": 3})
    assert r.status_code == 200
    data = r.json()
    assert data["meaning"] == "off: PEACEOBS_SEMANTIC=off"
    assert data["items"] and all(d["related"] is False and d["similarity"] is None for d in data["items"])


def test_documents_list_and_page_size_cap(client, corpus):
    r = client.get("/api/v1/documents", params={"body": "SC", "limit": 100000})
    assert r.status_code == 200
    data = r.json()
    stored = len(list((corpus / "unsc-resolutions-1946-1994" / "res_en_gold").glob("S_RES_03[3-9]*")))
    assert data["limit"] == 100 and len(data["items"]) == stored  # S/RES/330–399 less withheld ones
    years = [d["year"] for d in data["items"]]
    assert years == sorted(years)


def test_document_paragraphs_citations_graph(client):
    doc = client.get("/api/v1/documents/S/RES/390(1976)").json()
    assert doc["symbol"] == "S/RES/390 (1976)" and doc["paragraphs"][0]["pid"] == "X1"
    ops = client.get("/api/v1/documents/S/RES/390 (1976)/paragraphs", params={"kind": "operative"}).json()
    assert [p["pid"] for p in ops] == ["OP1", "OP1(a)", "OP1(b)", "OP1(c)"]
    one = client.get("/api/v1/documents/S/RES/390(1976)/paragraphs/OP1(b)").json()
    assert one["parent"] == "OP1" and one["label"] == "(b)"
    cit = client.get("/api/v1/documents/S/RES/390(1976)/citations").json()
    assert [c["to_symbol"] for c in cit["cites"]] == ["S/RES/338 (1973)", "S/RES/338 (1973)"]
    assert cit["cites"][0]["resolved"] == "S/RES/338 (1973)"
    # Cited-by grouped, filtered and ordered: S/RES/390 (1976) OP1(a) "To call upon the parties
    # concerned to implement immediately Security Council resolution 338 (1973)".
    sc = client.get("/api/v1/documents/S/RES/338(1973)/citations", params={"body": "sc", "order": "date"}).json()
    grouped = sc["cited_by_documents"]
    s390 = next(d for d in grouped if d["symbol"] == "S/RES/390 (1976)")
    assert "OP1(a)" in s390["paragraphs"] and s390["count"] >= 1
    assert all(d["body"] == "SC" for d in grouped)
    assert [d["date"] for d in grouped] == sorted(d["date"] for d in grouped)
    assert {c["from_symbol"] for c in sc["cited_by"]} == {d["symbol"] for d in grouped}
    ga = client.get("/api/v1/documents/S/RES/338(1973)/citations", params={"body": "GA"}).json()
    assert all(d["body"] == "GA" for d in ga["cited_by_documents"]) and not any(
        d["symbol"].startswith("S/") for d in ga["cited_by_documents"])
    assert client.get("/api/v1/documents/S/RES/338(1973)/citations", params={"order": "x"}).status_code == 422
    graph = client.get("/api/v1/documents/S/RES/338(1973)/graph", params={"depth": 2}).json()
    ids = {n["id"] for n in graph["nodes"]}
    assert "S/RES/390 (1976)" in ids and {"source": "S/RES/390 (1976)", "target": "S/RES/338 (1973)"} in graph["edges"]


def test_missions(client):
    data = client.get("/api/v1/missions", params={"type": "AU-led"}).json()
    assert [m["acronym"] for m in data["items"]] == ["AMISOM", "ATMIS", "AUSSOM"]
    undof = client.get("/api/v1/missions/undof").json()
    assert undof["mandating_resolution"] == "S/RES/350 (1974)"
    assert any(d["symbol"] == "S/RES/390 (1976)" for d in undof["documents"])
    assert undof["personnel"] and undof["personnel"][-1]["deployed"] > 0
    unsos = client.get("/api/v1/missions/UNSOS").json()
    assert "A/80/628" in {d["symbol"] for d in unsos["documents"]}


@pytest.mark.parametrize("url,status", [
    ("/api/v1/documents/S/RES/9999", 404),
    ("/api/v1/documents/not-a-symbol", 404),
    ("/api/v1/documents/S/RES/390(1976)/paragraphs/OP9", 404),
    ("/api/v1/missions/NOPE", 404),
    ("/api/v1/search?q=%22unbalanced", 422),
    ("/api/v1/search?q=-only", 422),
    ("/api/v1/search", 422),
    ("/api/v1/search?q=x&limit=0", 422),
    ("/api/v1/search?q=x&year_from=abc", 422),
    ("/api/v1/documents/S/RES/390(1976)/graph?depth=7", 422),
])
def test_errors_are_json(client, url, status):
    r = client.get(url)
    assert r.status_code == status
    body = r.json()
    assert body["status"] == status and body["error"]
    assert "Traceback" not in r.text


def test_html_404_page(client):
    r = client.get("/doc/S/RES/9999")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]


def test_csv_export(client):
    r = client.get("/search.csv", params={"q": "UNSOS"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    lines = r.text.splitlines()
    assert lines[0].startswith("symbol,paragraph,kind") and len(lines) > 5 and "<mark>" not in r.text


def test_openapi_and_docs_page_are_offline(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/v1/search", "/api/v1/documents", "/api/v1/missions"} <= set(spec["paths"])
    page = client.get("/docs").text
    assert "/static/vendor/rapidoc-min.js" in page and "http" not in page.split("<body>")[1].split("spec-url")[0]


# schemathesis: every operation with generated input; no 5xx anywhere.
_app_for_schema = None


def _schema_app():
    from peaceobs.pipeline import ingest_paths as _ingest

    global _app_for_schema
    if _app_for_schema is None:
        import tempfile

        tmp = tempfile.mkdtemp()
        store = open_store(f"sqlite:///{tmp}/s.db")
        if CORPUS.is_dir():
            _ingest(store, sorted((CORPUS / "unsc-resolutions-1946-1994" / "res_en_gold").glob("S_RES_038*")))
        store.close()
        _app_for_schema = create_app(f"sqlite:///{tmp}/s.db", corpus=CORPUS)
    return _app_for_schema


schema = schemathesis.openapi.from_asgi("/openapi.json", _schema_app())


@schema.parametrize()
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
def test_schemathesis_no_server_errors(case):
    case.call_and_validate(checks=[not_a_server_error])


def test_behind_a_proxy_prefix(app):
    """With --root-path /observatory every link the pages print carries the prefix."""
    client = TestClient(app, root_path="/observatory")
    page = client.get("/search", params={"q": "UNDOF"}).text
    hrefs = [h for h in __import__("re").findall(r'(?:href|src|action|hx-get)="([^"#?]*)', page) if h.startswith("/")]
    assert hrefs and all(h.startswith("/observatory/") for h in hrefs), [h for h in hrefs if not h.startswith("/observatory/")]


def test_compare_endpoint(client):
    data = client.get("/api/v1/compare", params={"a": "S/RES/390 (1976)", "b": "S/RES/398 (1976)"}).json()
    assert data["a"]["symbol"] == "S/RES/390 (1976)" and data["counts"]["edited"] == 2
    ob = next(c for c in data["changes"] if c["b"] and c["b"][0]["pid"] == "OP1(b)")
    assert {"op": "insert", "text": ", that is, until 31 May 1977"} in ob["redline"]
    assert client.get("/api/v1/compare", params={"a": "S/RES/390", "b": "S/RES/9999"}).status_code == 404


def test_tables_are_tables_with_cells_html_and_csv(client):
    """A/80/628 (UNSOS): the financial resources table, read in the report — "Gross requirements"
    with 520 627.9 apportioned for 2025/26 and 481 671.8 proposed for 2026/27 (thousands of dollars)."""
    tables = client.get("/api/v1/documents/A/80/628/paragraphs", params={"kind": "table"}).json()
    gross = [t for t in tables if any(row[0].startswith("Gross requirements") for row in t["cells"])]
    assert gross, "no table with a 'Gross requirements' row"
    row = next(r for r in gross[0]["cells"] if r[0].startswith("Gross requirements"))
    assert "520 627.9" in row and "481 671.8" in row
    csv_text = client.get(f"/api/v1/documents/A/80/628/paragraphs/{gross[0]['pid']}/table.csv").text
    assert "Gross requirements," in csv_text and "520 627.9" in csv_text
    page = client.get("/doc/A/80/628").text
    assert "<table>" in page and "<td>481 671.8</td>" in page
    assert client.get("/api/v1/documents/A/80/628/paragraphs/P1/table.csv").status_code == 404


def test_csv_cells_never_carry_formulas():
    import io

    from peaceobs.export import safe_cell, table_csv
    from peaceobs.model import TABLE, Paragraph

    assert safe_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert [safe_cell(v) for v in ("+1", "-2", "@a", "12", "(3.1)")] == ["'+1", "'-2", "'@a", "12", "(3.1)"]
    out = io.StringIO()
    assert table_csv(Paragraph("T1", 0, TABLE, "Item | Amount\n=SUM(A1) | -5"), out) == 2
    assert out.getvalue().splitlines() == ["Item,Amount", "'=SUM(A1),'-5"]


def test_search_csv_neutralises_formulas(app, client):
    """A document whose paragraph opens with "=HYPERLINK(…)" is exported as text, not a formula."""
    from peaceobs.model import OPERATIVE, Document, Paragraph

    store = app.state.stores.get()
    formula = '=HYPERLINK("http://x","zebrafish")'
    store.put_document(Document("S/RES/9004 (2030)", title=formula, body="SC", doc_type="resolution", year=2030,
                                paragraphs=[Paragraph("OP1", 0, OPERATIVE, formula)]))
    rows = client.get("/search.csv", params={"q": "zebrafish"}).text.splitlines()
    assert len(rows) == 2 and rows[1].startswith("S/RES/9004 (2030),OP1,operative")
    assert "'=HYPERLINK" in rows[1] and ',"=HYPERLINK' not in rows[1] and ",=HYPERLINK" not in rows[1]


def test_copy_citation_in_un_style(client):
    """The document page's "Copy citation" gives what a brief cites: "Security Council resolution
    340 (1973), para. 3", "A/80/604/Add.7, para. 56" — not the ID and the paragraph's text."""
    page = client.get("/doc/S/RES/340(1973)").text
    assert 'data-cite="Security Council resolution 340 (1973), para. 3"' in page
    assert 'data-cite="A/80/604/Add.7, para. 56"' in client.get("/doc/A/80/604/Add.7").text
