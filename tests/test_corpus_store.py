"""The real corpus in each backend: ingest, stats, search, citations."""

import pytest

from peaceobs.pipeline import ingest_paths
from peaceobs.search import Filters, search
from tests.conftest import corpus_subset

pytestmark = pytest.mark.corpus


def test_stats_by_body_and_type(corpus_store, corpus):
    """Counts by body and type equal what the corpus folders hold, counted from the files and the
    report index (not from the program): one SC text per resolution, one GA JSON per resolution or
    draft (the Markdown copies are alternates of the same documents), reports by author."""
    import csv

    stats = corpus_store.stats()
    by = {(r["body"], r["doc_type"]): r["documents"] for r in stats["by_body_and_type"]}
    sc = len(list((corpus / "unsc-resolutions-1946-1994" / "res_en_gold").glob("S_RES_*.txt")))
    extracted = [f.name for f in (corpus / "ga-documents-2023-2025" / "extracted").glob("A_*.json")]
    ga_res = sum(name.startswith("A_RES_") for name in extracted)
    ga_drafts = sum("_L." in name for name in extracted)
    with (corpus / "peacekeeping-budget-reports-2026-27" / "index.csv").open(encoding="utf-8") as fh:
        index = [row for row in csv.DictReader(fh)
                 if (corpus / "peacekeeping-budget-reports-2026-27" / row["file"]).exists()]
    sg = sum("Secretary-General" in row["author"] for row in index)
    acabq = sum("Advisory Committee" in row["author"] or "ACABQ" in row["author"] for row in index)
    assert (sc, ga_res, ga_drafts, sg, acabq) == (872, 874, 293, 12, 13)  # the folders as listed
    assert by[("SC", "resolution")] == sc
    assert by[("GA", "resolution")] == ga_res
    assert by[("GA", "draft")] == ga_drafts
    assert by[("SG", "report")] == sg
    assert by[("ACABQ", "report")] == acabq
    assert stats["last_run"]["failed"] == 0
    # Markdown copies of GA resolutions and PDF/DOCX copies of reports are kept as alternates.
    assert stats["last_run"]["added"] == sc + ga_res + ga_drafts + sg + acabq


def test_reingest_changes_nothing(corpus_store, corpus):
    report = ingest_paths(corpus_store, [corpus_subset(corpus)[0]])
    assert report.counts == {"unchanged": 872}


def test_scale_of_assessments(corpus_store):
    hits = search(corpus_store, '"scale of assessments"', Filters(body="GA"), limit=10).hits
    # Two GA resolutions are titled "Scale of assessments …": the regular budget's (79/249) and
    # peacekeeping's (79/250); BM25 ranks both on the first lines, beside 80/2 (the same scale's
    # next agenda item).
    assert {"A/RES/79/249", "A/RES/79/250"} <= {h.symbol for h in hits[:5]}
    assert all(h.body == "GA" for h in hits)
    assert all("<mark>" in h.snippet for h in hits)
    hits = search(corpus_store, '"scale of assessments" peacekeeping', Filters(body="GA")).hits
    # BM25 (SQLite) puts the peacekeeping scale first; PostgreSQL's ts_rank_cd ranks short
    # paragraphs of the Fifth Committee's drafts above it, but keeps it on the first page.
    if corpus_store.dialect == "sqlite":
        assert hits[0].symbol == "A/RES/79/250"
    assert "A/RES/79/250" in [h.symbol for h in hits[:10]]


def test_phrase_prefix_and_filters_on_real_text(corpus_store):
    hits = search(corpus_store, '"Disengagement Observer Force"', Filters(body="SC", year_to=1980), limit=50).hits
    assert hits and all(h.symbol.startswith("S/RES/") and h.date <= "1980-12-31" for h in hits)
    ops = search(corpus_store, "UNSOS", Filters(kind="body"), limit=20).hits
    assert ops and {h.symbol for h in ops} <= {f"A/80/{n}" for n in range(590, 640)} | {
        f"A/80/604/Add.{i}" for i in range(1, 14)}
    pre = search(corpus_store, "Somal*", Filters(symbol_prefix="A/80/628"), limit=5).hits
    assert pre and all(h.symbol == "A/80/628" for h in pre)
    assert all(h.kind == "operative" for h in search(corpus_store, "renew mandate", Filters(kind="operative")).hits)


def test_citations_resolve_across_the_corpus(corpus_store):
    cited = corpus_store.cited_by("S/RES/338 (1973)")
    assert len({c.from_symbol for c in cited}) >= 20
    assert all(c.resolved == "S/RES/338 (1973)" for c in cited)
    out = corpus_store.cites("A/80/628")
    assert "S/RES/1863 (2009)" in {c.to_symbol for c in out}


def test_facets_count_every_match(corpus_store):
    from peaceobs.search import facets

    f = facets(corpus_store, '"Disengagement Observer Force"')
    total = sum(n for _, n in f["kind"])
    assert sum(n for _, n in f["body"]) == total == sum(n for _, n in f["doc_type"])
    assert total == search(corpus_store, '"Disengagement Observer Force"', with_total=True).total
    sc = dict(f["body"])["SC"]
    narrowed = facets(corpus_store, '"Disengagement Observer Force"', Filters(body="SC"))
    assert dict(narrowed["body"]) == {"SC": sc}
    assert dict(f["year"])[1976] >= 2  # the UNDOF renewals of 1976


def test_mission_mentions(corpus_store):
    from peaceobs.mandates import load_missions, mission_query
    from peaceobs.search import parse_query

    undof = next(m for m in load_missions() if m.acronym == "UNDOF")
    docs = corpus_store.documents_matching(parse_query(mission_query(undof)))
    symbols = [d["symbol"] for d in docs]
    assert "S/RES/350 (1974)" in symbols and "A/80/604/Add.1" in symbols
    dated = [d["date"] for d in docs if d["date"]]
    assert dated == sorted(dated)


def test_web_app_over_each_backend(corpus_store, corpus):
    """Server mode: the same app, pages and API, on PostgreSQL as on SQLite."""
    from fastapi.testclient import TestClient

    from peaceobs.web import create_app

    client = TestClient(create_app(corpus_store.url, corpus=corpus))
    data = client.get("/api/v1/search", params={"q": "UNSOS", "kind": "body"}).json()
    assert data["total"] > 10 and {h["symbol"] for h in data["items"]} & {"A/80/628"}
    page = client.get("/search", params={"q": '"scale of assessments"', "body": "GA"})
    assert page.status_code == 200 and "A/RES/79/250" in page.text
    assert client.get("/doc/S/RES/390(1976)").status_code == 200
    # A title naming the provision the query names: said in the API and on the page ("80/2. …:
    # requests under Article 19 of the Charter").
    q = "countries in arrears losing their vote Article 19"
    found = client.get("/api/v1/search/documents", params={"q": q, "limit": 3}).json()
    assert found["items"][0]["symbol"] == "A/RES/80/2" and found["items"][0]["referenced"] == "Article 19"
    assert "its title names Article 19" in client.get("/search", params={"q": q}).text
    assert client.get("/missions/UNSOS").status_code == 200
    assert client.get("/").status_code == 200


def test_mission_documents_dated_first_undated_last(corpus_store):
    """The mission page's list: by date, undated documents (the ACABQ reports carry no date in
    the store) after every dated one, on both backends."""
    from peaceobs.search import parse_query

    docs = corpus_store.documents_matching(parse_query('"Support Office in Somalia"'))
    dates = [d["date"] for d in docs]
    assert None in dates and any(dates)
    first_undated = dates.index(None)
    assert all(d is None for d in dates[first_undated:])
    assert dates[:first_undated] == sorted(dates[:first_undated])
