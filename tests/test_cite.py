"""UN-style citations (the forms issue 13 names: "General Assembly resolution 79/1, para. 42 (b)",
"A/80/628, para. 100 (e)", "A/80/604/Add.7, para. 56"), BibTeX and CSL-JSON with the UN Digital
Library record from the corpus's record tables, and the `cite` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from peaceobs.cite import bibtex, cite, csl_json, paragraph_reference, record_url
from peaceobs.cli import app
from peaceobs.model import Document

pytestmark = pytest.mark.corpus
runner = CliRunner()


@pytest.mark.parametrize("pid,expected", [
    ("OP42(b)", "para. 42 (b)"), ("OP1(a)(ii)", "para. 1 (a) (ii)"), ("PP3", "third preambular paragraph"),
    ("II.OP4", "sect. II, para. 4"), ("ANX1.OP2", "annex I, para. 2"), ("FN5", "footnote 5"), ("P12", "para. 12"),
])
def test_paragraph_references(pid: str, expected: str) -> None:
    assert paragraph_reference(pid) == expected


@pytest.fixture(scope="module")
def db(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("cite") / "c.db"
    ga = corpus / "ga-documents-2023-2025" / "extracted"
    files = [ga / "A_RES_79_1.json", corpus / "ga-resolutions-80-markdown" / "A_RES_80_1.md",
             corpus / "unsc-resolutions-1946-1994" / "res_en_gold" / "S_RES_0340_1973_EN_GOLD.txt",
             corpus / "peacekeeping-budget-reports-2026-27" / "originals" / "A_80_628.docx",
             corpus / "peacekeeping-budget-reports-2026-27" / "A_80_604_ADD.7.json"]
    result = runner.invoke(app, ["ingest", "--db", str(path), *map(str, files)])
    assert result.exit_code == 0, result.output
    return str(path)


@pytest.mark.parametrize("args,expected", [
    (["A/RES/79/1", "-p", "OP42(b)"], "General Assembly resolution 79/1, para. 42 (b)"),
    (["A/RES/79/1", "-p", "OP42(b)", "--style", "un-short"], "resolution 79/1, para. 42 (b)"),
    (["S/RES/340", "-p", "OP3"], "Security Council resolution 340 (1973), para. 3"),
    (["A/80/628", "-p", "P100(e)"], "A/80/628, para. 100 (e)"),
    (["A/80/604/Add.7", "-p", "P56"], "A/80/604/Add.7, para. 56"),
])
def test_cite_command(db: str, args: list[str], expected: str) -> None:
    result = runner.invoke(app, ["cite", *args, "--db", db])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == expected


def test_records_from_the_corpus_tables(db: str, corpus: Path) -> None:
    """UNSC_Record-Table_2722.csv: "340,https://digitallibrary.un.org/record/93468"; the Markdown
    front matter of A/RES/80/1: record_id "4089279"."""
    csl = json.loads(runner.invoke(app, ["cite", "S/RES/340", "--style", "csl", "--corpus", str(corpus),
                                         "--db", db]).stdout)[0]
    assert csl["URL"] == "https://digitallibrary.un.org/record/93468"
    assert csl["issued"] == {"date-parts": [[1973, 10, 25]]}
    bib = runner.invoke(app, ["cite", "A/RES/80/1", "--style", "bibtex", "--corpus", str(corpus), "--db", db]).stdout
    assert "url = {https://digitallibrary.un.org/record/4089279}" in bib and bib.startswith("@techreport{A_RES_80_1,")
    doc = Document(symbol="A/RES/79/1", title="79/1. The Pact for the Future", body="GA", doc_type="resolution",
                   year=2024, date="2024-09-22")
    assert csl_json(doc)["title"] == "The Pact for the Future" and record_url(doc, corpus) is None
    assert "note = {General Assembly resolution 79/1}" in bibtex(doc)
    assert cite(doc, "OP42(g)") == "General Assembly resolution 79/1, para. 42 (g)"


def test_unknown_document_or_paragraph(db: str) -> None:
    assert runner.invoke(app, ["cite", "A/RES/1/1", "--db", db]).exit_code == 2
    assert runner.invoke(app, ["cite", "A/RES/79/1", "-p", "OP999", "--db", db]).exit_code == 2
