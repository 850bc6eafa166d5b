"""The CLI end to end on real documents: every reading command's --json output."""

import csv
import io
import json

import pytest
from lxml import etree
from typer.testing import CliRunner

from peaceobs.cli import app

pytestmark = pytest.mark.corpus
runner = CliRunner()


@pytest.fixture(scope="module")
def db(corpus, tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "cli.db"
    sc = corpus / "unsc-resolutions-1946-1994" / "res_en_gold"
    files = [str(sc / f"S_RES_{n:04d}_{y}_EN_GOLD.txt") for n, y in ((338, 1973), (390, 1976), (678, 1990), (661, 1990))]
    files.append(str(corpus / "peacekeeping-budget-reports-2026-27" / "originals" / "A_80_628.docx"))
    result = runner.invoke(app, ["ingest", "--db", str(path), *files])
    assert result.exit_code == 0, result.output
    return str(path)


def run_json(*args):
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_show_json_paragraphs(db):
    data = run_json("show", "S/RES/390", "--db", db)
    assert data["symbol"] == "S/RES/390 (1976)"
    op = {p["pid"]: p for p in data["paragraphs"]}["OP1(b)"]
    assert (op["kind"], op["label"], op["parent"]) == ("operative", "(b)", "OP1")
    one = run_json("show", "S/RES/390 (1976)", "--paragraph", "OP1(c)", "--db", db)
    assert [p["pid"] for p in one["paragraphs"]] == ["OP1(c)"]


def test_unknown_symbol_and_paragraph(db):
    assert runner.invoke(app, ["show", "S/RES/9999", "--db", db]).exit_code == 1
    assert runner.invoke(app, ["show", "S/RES/390", "-p", "OP9", "--db", db]).exit_code == 1


def test_search_json_and_bad_query(db):
    # Of the four texts stored, only 390 (1976) names the "United Nations Disengagement Observer Force".
    data = run_json("search", '"Disengagement Observer Force"', "--db", db, "--body", "SC")
    assert [d["symbol"] for d in data["documents"]] == ["S/RES/390 (1976)"] and data["total_paragraphs"] >= 1
    assert data["documents"][0]["paragraphs"][0]["pid"]  # its best paragraph, citable
    data = run_json("search", '"Disengagement Observer Force"', "--db", db, "--paragraphs")
    assert data["hits"][0]["symbol"] == "S/RES/390 (1976)" and data["total"] >= 1
    assert runner.invoke(app, ["search", '"unbalanced', "--db", db]).exit_code == 2
    too_large = runner.invoke(app, ["search", " ".join(["a*"] * 200), "--db", db])
    assert too_large.exit_code == 2 and "too" in too_large.output


def test_a_paragraph_search_that_finds_nothing_suggests_a_spelling(db):
    # 390 (1976): "the United Nations Disengagement Observer Force"; no paragraph says "Obsrver".
    result = runner.invoke(app, ["search", "--paragraphs", "Disengagement Obsrver", "--db", db])
    assert result.exit_code == 0, result.output
    assert "Did you mean: disengagement observer" in " ".join(result.output.split())
    data = run_json("search", "--paragraphs", "Disengagement Obsrver", "--db", db)
    assert data["hits"] == [] and data["suggestion"] == "disengagement observer"


def test_search_says_why_a_document_is_listed(db):
    # "Security Council resolution 661 (1990)": its title names the resolution the query names.
    result = runner.invoke(app, ["search", "Kuwait resolution 661", "--db", db])
    assert result.exit_code == 0, result.output
    assert "its title names Resolution 661" in " ".join(result.output.split())


def test_cites_and_cited_by(db):
    cites = run_json("cites", "S/RES/678", "--db", db)["cites"]
    # 660 (1990) is withheld from the corpus, 661 (1990) is stored.
    assert (cites[0]["to_symbol"], cites[0]["resolved"]) == ("S/RES/660 (1990)", None)
    assert (cites[1]["to_symbol"], cites[1]["resolved"]) == ("S/RES/661 (1990)", "S/RES/661 (1990)")
    by = run_json("cited-by", "resolution 338 (1973)", "--db", db)["cited_by"]
    assert {(c["from_symbol"], c["from_pid"]) for c in by} == {("S/RES/390 (1976)", "OP1(a)"), ("S/RES/390 (1976)", "OP1(c)")}
    grouped = run_json("cited-by", "resolution 338 (1973)", "--db", db)["documents"]
    assert [(d["symbol"], d["paragraphs"], d["count"]) for d in grouped] == [("S/RES/390 (1976)", ["OP1(a)", "OP1(c)"], 2)]
    assert run_json("cited-by", "resolution 338 (1973)", "--body", "SG", "--db", db)["documents"] == []
    table = runner.invoke(app, ["cited-by", "resolution 338 (1973)", "--db", db]).stdout
    assert "by 1 document" in table and "OP1(a), OP1(c)" in table


def test_stats_json(db):
    data = run_json("stats", "--db", db)
    assert data["documents"] == 5
    assert {(r["body"], r["doc_type"]) for r in data["by_body_and_type"]} == {("SC", "resolution"), ("SG", "report")}


def test_export_csv_and_graphml(db, tmp_path):
    result = runner.invoke(app, ["export", "citations", "--format", "csv", "--db", db])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert {"from_symbol": "S/RES/390 (1976)", "from_pid": "OP1(a)", "to_symbol": "S/RES/338 (1973)"}.items() <= rows[
        [r["from_pid"] for r in rows].index("OP1(a)")].items()
    out = tmp_path / "g.graphml"
    assert runner.invoke(app, ["export", "citations", "--format", "graphml", "-o", str(out), "--db", db]).exit_code == 0
    ns = {"g": "http://graphml.graphdrawing.org/xmlns"}
    tree = etree.parse(str(out))
    edges = {(e.get("source"), e.get("target")) for e in tree.iterfind(".//g:edge", ns)}
    assert ("S/RES/390 (1976)", "S/RES/338 (1973)") in edges
    assert ("A/80/628", "S/RES/1863 (2009)") in edges


def test_reading_command_on_a_missing_store(tmp_path):
    """A reading command never makes an empty store: it names the path and what to do."""
    missing = tmp_path / "nowhere.db"
    result = runner.invoke(app, ["search", "ceasefire", "--db", str(missing)])
    assert result.exit_code == 2
    assert f"no store at {missing}" in result.stderr and "peaceobs ingest" in result.stderr
    assert not missing.exists()


def test_search_says_which_words_near_in_meaning_it_searched_too(db, monkeypatch):
    from peaceobs.semantic import document_vectors
    from peaceobs.store import open_store

    monkeypatch.setenv("PEACEOBS_SEMANTIC", "on")
    store = open_store(f"sqlite:///{db}")
    try:
        assert "fuel" in document_vectors(store, wait=True).words  # the index of meaning, built now
    finally:
        store.close()
    # No text stored says "petrol"; the UNSOS report does say "fuel" (para. 88: "the lower estimated
    # fuel consumption of 2.1 million litres of fuel").
    result = runner.invoke(app, ["search", "petrol consumption", "--db", db])
    assert result.exit_code == 0, result.output
    assert "Also searched, as words near in meaning: petrol → fuel" in " ".join(result.output.split())
    assert "A/80/628" in result.output
    assert "consumption of 2.1 million litres" in " ".join(result.output.split())
