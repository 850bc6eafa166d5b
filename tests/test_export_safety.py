"""Every CSV and XLSX export, end to end, with cells a spreadsheet would run as formulas: text
from a real document (S/RES/757 (1992) PP5 opens with "- All parties …"; table 1 of A/80/604/Add.4
prints "-6", "+44", "+9") or from a user (a framework file, a scale file) whose cells open with
"=HYPERLINK(", "@SUM(", "+1", "-2+3". Each file is read back with ``csv`` or openpyxl: the text is
text (CSV: a leading single quote; XLSX: a string cell with Excel's quote prefix, the text kept
exactly) and the numbers are still numbers (A/80/628's negative variances among them)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from typer.testing import CliRunner

from peaceobs.cli import app
from peaceobs.store import open_store
from peaceobs.web import create_app

pytestmark = pytest.mark.corpus
runner = CliRunner()

PASSWORD = "a long enough password"
AS_ANA = {"PEACEOBS_PASSWORD": PASSWORD}
HYPERLINK = '=HYPERLINK("http://example.org/x","click")'
# A user's framework: every text column opens with a formula character.
FRAMEWORK = [{"id": "+1", "text": HYPERLINK, "area": "@SUM(A1:A2)", "source": "-2+3"}]
# A user's scale: two "Member States" whose names are formulas; the rates add up to 100.
SCALE = [(HYPERLINK, "60"), ("@SUM(1+1)*cmd|' /C calc'!A0", "40")]


@pytest.fixture(scope="module")
def db(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """S/RES/757 (1992), A/80/604/Add.4 and A/80/628 (DOCX); an admin; the user's framework and
    scale loaded through the CLI."""
    tmp = tmp_path_factory.mktemp("exports")
    path = str(tmp / "exports.db")
    budgets = corpus / "peacekeeping-budget-reports-2026-27"
    files = [corpus / "unsc-resolutions-1946-1994" / "res_en_gold" / "S_RES_0757_1992_EN_GOLD.txt",
             budgets / "A_80_604_ADD.4.json", budgets / "originals" / "A_80_628.docx"]
    result = runner.invoke(app, ["ingest", "--db", path, *map(str, files)])
    assert result.exit_code == 0, result.output
    assert runner.invoke(app, ["user", "add", "ana", "--role", "admin", "--db", path],
                         input=PASSWORD + "\n").exit_code == 0
    framework = tmp / "framework.csv"
    with framework.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, ["id", "text", "area", "source"])
        writer.writeheader()
        writer.writerows(FRAMEWORK)
    added = runner.invoke(app, ["track", "framework", "add", "user-fw", "--file", str(framework), "--as", "ana",
                                "--db", path], env=AS_ANA)
    assert added.exit_code == 0, added.output
    scale = tmp / "scale.csv"
    with scale.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([("member_state", "rate"), *SCALE])
    loaded = runner.invoke(app, ["scale", "load", str(scale), "--name", "regular:2031", "--kind", "regular",
                                 "--as", "ana", "--db", path], env=AS_ANA)
    assert loaded.exit_code == 0, loaded.output
    return path


@pytest.fixture(scope="module")
def client(db: str, corpus: Path) -> TestClient:
    return TestClient(create_app(db, corpus=corpus))


def _quoted(text: str) -> str:
    return "'" + text


def _user_framework_row(rows: list[list[str]]) -> list[str]:
    header, row = rows[0], rows[1]
    assert len(rows) == 2
    return [row[header.index(k)] for k in ("ref", "text", "area", "source")]


def _sheet_rows(data: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data)).active.iter_rows())


def _assert_text_cells(cells: list, expected: list[str]) -> None:
    """XLSX: the exact text, as a string cell marked as typed text (no formula)."""
    assert [c.value for c in cells] == expected
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)


# Search: a real paragraph that opens with "-".

def test_cli_search_csv_quotes_a_paragraph_opening_with_a_dash(db: str) -> None:
    result = runner.invoke(app, ["search", '"All parties and others concerned in Bosnia"', "--csv", "--db", db])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    pp5 = next(r for r in rows if r["paragraph"] == "PP5")
    assert pp5["symbol"] == "S/RES/757 (1992)"
    # The text file: "- All parties and others concerned in Bosnia and\nHerzegovina stop the fighting"
    assert pp5["snippet"].startswith("'- All parties and others concerned in Bosnia and Herzegovina stop the fighting")
    assert pp5["date"] == "1992-05-30" and pp5["kind"] == "preambular"


def test_web_search_csv_quotes_a_paragraph_opening_with_a_dash(client: TestClient) -> None:
    r = client.get("/search.csv", params={"q": '"All parties and others concerned in Bosnia"'})
    assert r.status_code == 200
    rows = list(csv.DictReader(io.StringIO(r.text)))
    pp5 = next(row for row in rows if row["paragraph"] == "PP5")
    assert pp5["snippet"].startswith("'- All parties and others concerned in Bosnia and Herzegovina")


# A table paragraph: the signed figures of A/80/604/Add.4, table 1.

def test_table_csv_quotes_signed_figures(db: str, client: TestClient) -> None:
    doc = open_store(db).get_document("A/80/604/Add.4")
    table = next(p for p in doc.paragraphs if p.kind == "table" and "2026/27 projections" in p.text)
    r = client.get(f"/api/v1/documents/A/80/604/Add.4/paragraphs/{table.pid}/table.csv")
    assert r.status_code == 200
    rows = list(csv.reader(io.StringIO(r.text)))
    # Table 1 – "Transactional scalability model outcome": 240 | -6 | +44 | -25 | -4 | 249 | +9
    assert ["240", "'-6", "'+44", "'-25", "'-4", "249", "'+9"] in rows
    assert rows[0][0] == "2025/26 approved"


# Finance: budget lines (numbers stay numbers), scenarios from a user's scale.

def test_budget_csv_keeps_negative_amounts_as_numbers(db: str) -> None:
    result = runner.invoke(app, ["budget", "UNSOS", "--all", "--csv", "--db", db])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    # A/80/628 table 2 (thousands of USD): military and police personnel 2024/25, apportionment
    # 112 100.6, expenditure 118 217.3, variance (6 116.7), i.e. (5.5) per cent.
    mil = [r for r in rows if r["category"] == "Military and police personnel" and r["period"] == "2024/25"]
    variance = next(r for r in mil if r["measure"] == "variance")
    assert variance["amount_usd"] == "-6116700" and int(variance["amount_usd"]) == -6_116_700
    assert variance["printed"] == "(6 116.7)"
    percent = next(r for r in mil if r["measure"] == "percent")
    assert float(percent["percent"]) == -5.5
    assert next(r for r in mil if r["measure"] == "apportionment")["amount_usd"] == "112100600"


def _scenario_csv_rows(text: str) -> list[list[str]]:
    lines = text.splitlines()
    assert lines[0].startswith("# scale: regular:2031 (official, regular)")
    return list(csv.reader(lines[1:]))


def test_assess_csv_and_xlsx_from_a_users_scale(db: str, tmp_path: Path) -> None:
    xlsx = tmp_path / "a.xlsx"
    result = runner.invoke(app, ["assess", "--budget", "1000", "--share", "1", "--scale", "regular:2031",
                                 "--csv", "--xlsx", str(xlsx), "--db", db])
    assert result.exit_code == 0, result.output
    rows = _scenario_csv_rows(result.stdout)
    # 60 % and 40 % of 1,000 USD.
    assert [_quoted(HYPERLINK), "60", "600"] in rows and [_quoted(SCALE[1][0]), "40", "400"] in rows
    sheet = _sheet_rows(xlsx.read_bytes())
    states = [r for r in sheet if r[0].value in (HYPERLINK, SCALE[1][0])]
    _assert_text_cells([r[0] for r in states], [HYPERLINK, SCALE[1][0]])
    assert [(r[2].value, r[2].data_type) for r in states] == [(600, "n"), (400, "n")]


def test_assess_api_csv_and_xlsx_from_a_users_scale(client: TestClient) -> None:
    params = {"budget": "1000", "share": "1", "scale": "regular:2031"}
    r = client.get("/api/v1/assess", params={**params, "format": "csv"})
    assert r.status_code == 200
    assert [_quoted(HYPERLINK), "60", "600"] in _scenario_csv_rows(r.text)
    r = client.get("/api/v1/assess", params={**params, "format": "xlsx"})
    assert r.status_code == 200
    first = next(row for row in _sheet_rows(r.content) if row[0].value == HYPERLINK)
    _assert_text_cells([first[0]], [HYPERLINK])
    assert (first[2].value, first[2].data_type) == (600, "n")


# Tracker: a user's framework file, exported by the CLI and the API.

def test_track_export_csv_and_xlsx(db: str, tmp_path: Path) -> None:
    expected = [FRAMEWORK[0][k] for k in ("id", "text", "area", "source")]
    out = tmp_path / "fw.csv"
    assert runner.invoke(app, ["track", "export", "user-fw", "-o", str(out), "--db", db]).exit_code == 0
    with out.open(encoding="utf-8", newline="") as fh:
        assert _user_framework_row(list(csv.reader(fh))) == [_quoted(v) for v in expected]
    book = tmp_path / "fw.xlsx"
    assert runner.invoke(app, ["track", "export", "user-fw", "-o", str(book), "--db", db]).exit_code == 0
    header, row = _sheet_rows(book.read_bytes())
    names = [c.value for c in header]
    _assert_text_cells([row[names.index(k)] for k in ("ref", "text", "area", "source")], expected)


def test_track_api_export_csv_and_xlsx(client: TestClient) -> None:
    expected = [FRAMEWORK[0][k] for k in ("id", "text", "area", "source")]
    r = client.get("/api/v1/track/frameworks/user-fw/export", params={"format": "csv"})
    assert r.status_code == 200
    assert _user_framework_row(list(csv.reader(io.StringIO(r.text)))) == [_quoted(v) for v in expected]
    r = client.get("/api/v1/track/frameworks/user-fw/export", params={"format": "xlsx"})
    assert r.status_code == 200
    header, row = _sheet_rows(r.content)
    names = [c.value for c in header]
    _assert_text_cells([row[names.index(k)] for k in ("ref", "text", "area", "source")], expected)
