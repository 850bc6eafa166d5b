"""`peaceobs budget`, `peaceobs scale` and `peaceobs assess` end to end on a store of the real
budget documents: figures read by hand, one-line errors with exit code 2, nothing stored on bad
input, and estimates never shown as official rates."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from peaceobs.cli import app
from peaceobs.store import open_store

pytestmark = pytest.mark.corpus
runner = CliRunner()
P5 = ("China", "France", "Russian Federation",
      "United Kingdom of Great Britain and Northern Ireland", "United States of America")


@pytest.fixture(scope="module")
def db(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The budget reports (every format), the ACABQ reports, the UNSOS and UNIFIL financing
    resolutions, the scale resolutions 79/249 and 79/250."""
    path = tmp_path_factory.mktemp("finance") / "finance.db"
    ga = corpus / "ga-documents-2023-2025" / "extracted"
    files = [str(corpus / "peacekeeping-budget-reports-2026-27")]
    files += [str(ga / f"A_RES_{s}.json") for s in ("79_249", "79_250", "79_312", "79_308")]
    result = runner.invoke(app, ["ingest", "--db", str(path), *files])
    assert result.exit_code == 0, result.output
    return str(path)


def _json(*args: str) -> dict:
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_budget_series_of_unsos(db: str) -> None:
    """A/80/628: 2026/27 cost estimates "481 671.8" thousand; A/80/604/Add.7 para. 56: "reduced by
    $121,400, from $481,671,800 to $481,550,400"; A/RES/79/312 OP6: "520,627,900 dollars for the
    maintenance of the Support Office" for 1 July 2025 to 30 June 2026."""
    data = _json("budget", "UNSOS", "--db", db)
    series = {(x["period"], x["measure"]): x for x in data["totals"]}
    assert series[("2026/27", "proposed")]["amount_usd"] == 481_671_800
    assert series[("2026/27", "proposed")]["source"]["document"] == "A/80/628"
    assert series[("2026/27", "recommended")]["amount_usd"] == 481_550_400
    assert series[("2026/27", "recommended")]["source"]["document"] == "A/80/604/Add.7"
    assert series[("2025/26", "appropriated")]["amount_usd"] == 520_627_900
    assert series[("2025/26", "appropriated")]["source"]["paragraph"] == "OP6"
    for line in data["lines"]:
        assert set(line) >= {"category", "period", "measure", "amount_usd", "source"}
        assert line["measure"] in ("expenditure", "apportionment", "proposed", "recommended", "appropriated")
        assert isinstance(line["amount_usd"], int)


def test_budget_of_one_document_as_csv(db: str) -> None:
    result = runner.invoke(app, ["budget", "A/80/628", "--csv", "--all", "--db", db])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    # A/80/628 "A. Overall": "Air operations" 2024/25 expenditure "88 535.6" thousand.
    assert any(r["category"] == "Air operations" and r["measure"] == "expenditure" and r["amount_usd"] == "88535600"
               for r in rows)


def test_unknown_budget_is_one_line_exit_2(db: str) -> None:
    result = runner.invoke(app, ["budget", "NOSUCH", "--db", db])
    assert result.exit_code == 2 and "NOSUCH" in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_scales_listed_with_the_regular_scale_named(db: str) -> None:
    names = {s["name"]: s for s in _json("scale", "--db", db)}
    assert {"regular:2025", "regular:2026", "regular:2027"} <= set(names)
    assert names["regular:2025"]["total"] == "100.000" and names["regular:2025"]["members"] == 193
    plain = runner.invoke(app, ["scale", "--db", db])
    assert "No official peacekeeping scale is loaded" in plain.stdout


def test_assess_json_and_totals(db: str) -> None:
    data = _json("assess", "--budget", "481671800", "--share", "0.5", "--share", "0.75",
                 "--scale", "regular:2025", "--db", db)
    assert data["scale"]["name"] == "regular:2025" and data["peacekeeping_basis"] is None
    half, three_quarters = data["scenarios"]
    assert three_quarters["assessed_usd"] == 361_253_850 and three_quarters["not_assessed_usd"] == 120_417_950
    assert half["assessed_usd"] == 240_835_900
    for s in data["scenarios"]:
        assert len(s["rows"]) == 193 and sum(r["amount_usd"] for r in s["rows"]) == s["assessed_usd"]
        assert s["scale"] == "regular:2025"


@pytest.mark.parametrize("args,message", [
    (["--budget", "-5", "--share", "0.5", "--scale", "regular:2025"], "budget '-5'"),
    (["--budget", "lots", "--share", "0.5", "--scale", "regular:2025"], "budget 'lots'"),
    (["--budget", "5", "--share", "1.5", "--scale", "regular:2025"], "share '1.5'"),
    (["--budget", "5", "--share", "0.5", "--scale", "regular:1999"], "unknown scale 'regular:1999'"),
])
def test_assess_bad_input(db: str, args: list[str], message: str) -> None:
    before = open_store(db).query("SELECT count(*) FROM scales")
    result = runner.invoke(app, ["assess", *args, "--db", db])
    assert result.exit_code == 2 and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert open_store(db).query("SELECT count(*) FROM scales") == before  # nothing stored


def test_assess_csv_and_xlsx(db: str, tmp_path: Path) -> None:
    out = tmp_path / "a.xlsx"
    result = runner.invoke(app, ["assess", "--budget", "1000000", "--share", "0.75", "--scale", "regular:2025",
                                 "--csv", "--xlsx", str(out), "--db", db])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("# scale: regular:2025 (official, regular)")
    rows = list(csv.reader(lines[1:]))
    usa = next(r for r in rows if r[0] == "United States of America")
    assert usa[1:3] == ["22.000", "165000"]  # 22 % of 750,000
    assert next(r for r in rows if r[0].startswith("Not assessed"))[2] == "250000"
    sheet = load_workbook(out).active
    assert "regular:2025" in sheet["A1"].value and sheet["A2"].value == "member_state"


def test_official_table_loaded_and_estimate_marked(db: str, tmp_path: Path) -> None:
    """A loaded peacekeeping table (here a test table, not real rates) is used as official; an
    estimate from a levels table is stored as an ESTIMATE and said to be one wherever it is used."""
    regular = _json("scale", "regular:2025", "--db", db)
    table = tmp_path / "pk.csv"
    with table.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["member_state", "rate", "level"])
        for r in regular["rates"]:  # a test table: the regular rates, every state in level B
            w.writerow([r["member_state"], r["rate"], "B"])
    load = ["scale", "load", str(table), "--name", "peacekeeping:2025", "--db", db]
    assert runner.invoke(app, load).exit_code == 2  # a write: who loads it?
    assert runner.invoke(app, ["user", "add", "fin", "--role", "analyst", "--db", db],
                         input="a long enough password\n").exit_code == 0
    env = {"PEACEOBS_PASSWORD": "a long enough password"}
    loaded = runner.invoke(app, [*load, "--as", "fin"], env=env)
    assert loaded.exit_code == 0, loaded.output
    audit = json.loads(runner.invoke(app, ["track", "audit", "--json", "--db", db]).stdout)
    assert (audit[0]["action"], audit[0]["actor"], audit[0]["object"]) == ("scale.load", "fin", "scale:peacekeeping:2025")
    data = _json("assess", "--budget", "1000000", "--share", "1", "--scale", "regular:2025", "--db", db)
    basis = data["peacekeeping_basis"]
    assert basis["scale"] == "peacekeeping:2025" and basis["period"] == "2025/26"
    # 79/312 OP6 "575,514,100 dollars" + 79/308 OP16 "605,340,200 dollars", for 2025/26.
    assert basis["appropriations_usd"] == 575_514_100 + 605_340_200
    usa = next(r for r in data["scenarios"][0]["rows"] if r["member_state"] == "United States of America")
    assert usa["of_peacekeeping"] == pytest.approx(usa["amount_usd"] / (0.22 * basis["appropriations_usd"]))

    levels = tmp_path / "levels.csv"
    with levels.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["member_state", "level"])
        for r in regular["rates"]:
            w.writerow([r["member_state"], "A" if r["member_state"] in P5 else "J"])
    est = runner.invoke(app, ["scale", "estimate", str(levels), "--as", "fin", "--db", db], env=env)
    assert est.exit_code == 0 and "ESTIMATE" in est.stderr
    scale = _json("scale", "peacekeeping-estimate:2025", "--db", db)
    assert scale["official"] is False and "ESTIMATE" in scale["note"]
    assert Decimal(scale["total"]).quantize(Decimal("0.0001")) == Decimal("100.0000")
    shown = runner.invoke(app, ["assess", "--budget", "1000", "--share", "1", "--scale", "peacekeeping-estimate:2025",
                                "--db", db])
    assert "ESTIMATE" in shown.stdout
