"""Provenance on real text: A/RES/79/308 traced to A/RES/78/305; formulas are not evidence."""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from peaceobs.cli import app
from peaceobs.pipeline import ingest_paths
from peaceobs.store import open_store
from peaceobs.trace import index_for, trace_paragraph, trace_text
from peaceobs.web import create_app

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def store(corpus, tmp_path_factory):
    db = tmp_path_factory.mktemp("trace") / "t.db"
    s = open_store(f"sqlite:///{db}")
    assert not ingest_paths(s, [corpus / "unsc-resolutions-1946-1994" / "res_en_gold",
                                corpus / "ga-documents-2023-2025" / "extracted"], workers=2).failures
    yield s
    s.close()


def test_unifil_financing_traced_to_last_year(store):
    doc = store.get_document("A/RES/79/308")
    traced = top_is_78_305 = 0
    for p in doc.paragraphs:
        if p.kind not in ("preambular", "operative") or p.parent:
            continue
        prov = trace_paragraph(store, doc.symbol, p.pid)
        assert all(s.date < doc.date for s in prov.sources)  # sources are older than the target
        assert all(s.symbol != doc.symbol for s in prov.sources)
        if prov.sources:
            traced += 1
            top_is_78_305 += prov.sources[0].symbol == "A/RES/78/305"
    assert traced >= 25 and top_is_78_305 / traced >= 0.8
    op4 = trace_paragraph(store, "A/RES/79/308", "OP4")
    assert (op4.sources[0].symbol, op4.sources[0].pid) == ("A/RES/78/305", "OP4")
    assert op4.sources[0].coverage > 0.9 and op4.sources[0].adopted
    span = op4.sources[0].spans[0]
    assert "Israel did not comply with resolutions 51/233" in span.text
    q = op4.query
    assert "expresses deep concern that israel" in q[span.query[0]:span.query[1]].lower()
    assert op4.first.symbol == "A/RES/78/305"


def test_constructed_phrase_has_no_precedent(store):
    prov = trace_text(index_for(store), "The blue giraffes of Geneva negotiate quietly with the moon about "
                                        "the peacekeeping budget of the lunar support office.")
    assert prov.sources == [] and not prov.boilerplate and prov.first is None


def test_boilerplate_is_not_reported_as_reuse(store):
    ix = index_for(store)
    prov = trace_text(ix, "Decides to remain seized of the matter.")
    assert prov.boilerplate and prov.sources == []
    # The rule: a 5-gram found in ≥ boilerplate_df documents (2 % of them, at least 20).
    assert ix.boilerplate_df == max(20, store.stats()["documents"] // 50)
    h, _ = ix.query_hashes("remain seized of the matter")
    assert ix.is_boilerplate(h).all()
    h, _ = ix.query_hashes("Decides to abolish the post of Finance and Budget Officer")
    assert not ix.is_boilerplate(h).any()  # said once, in A/RES/79/308


def test_drafts_are_told_from_adopted_texts(store):
    # A/RES/80/11 was adopted "[without reference to a Main Committee (A/80/L.15)]": its draft is
    # an earlier version of the text, set apart from the sources, never its first appearance.
    prov = trace_paragraph(store, "A/RES/80/11", "OP1")
    draft = next(s for s in prov.versions if s.symbol == "A/80/L.15")
    assert not draft.adopted and draft.doc_type == "draft" and draft.coverage > 0.9 and draft.version
    assert "A/80/L.15" not in {s.symbol for s in prov.sources}
    assert prov.first is None or prov.first.symbol != "A/80/L.15"


def test_cli_api_and_page(store):
    result = CliRunner().invoke(app, ["trace", "A/RES/79/308", "-p", "OP4", "--db", store.url, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["first"]["symbol"] == "A/RES/78/305"
    assert CliRunner().invoke(app, ["trace", "--db", store.url]).exit_code == 2
    client = TestClient(create_app(store.url))
    data = client.get("/api/v1/trace", params={"symbol": "A/RES/79/308", "pid": "OP26"}).json()
    assert data["sources"][0]["symbol"] == "A/RES/78/305"
    assert client.get("/api/v1/trace", params={"symbol": "A/RES/79/308", "pid": "OP99"}).status_code == 404
    assert client.get("/api/v1/trace").status_code == 422
    page = client.get("/trace", params={"symbol": "A/RES/79/308", "pid": "OP4"})
    assert page.status_code == 200 and "A/RES/78/305" in page.text
    assert "Earliest in this store (documents from 1946)" in page.text and "First appearance" not in page.text
    doc_page = client.get("/doc/A/RES/79/308").text
    assert "/trace?symbol=A/RES/79/308&amp;pid=OP4" in doc_page
