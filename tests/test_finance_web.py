"""Finance in the browser and the API, over the real corpus in both backends: a mission's budget
with the source of every figure, the scales, and Resolution 2719 scenarios (JSON, CSV, XLSX and
the /assess page). The figures are the documents' own, read by hand:

* A/80/628 (the SG's UNSOS budget for 2026/27), table "Financial resources", row "Gross
  requirements", column "2026/27 cost estimates": 481 671.8 (thousands of dollars);
* A/80/604/Add.7 para. 56 (ACABQ): "recommends that the proposed resources be reduced by
  $121,400, from $481,671,800 to $481,550,400";
* A/RES/79/312 OP6: "inclusive of 520,627,900 dollars for the maintenance of the Support Office"
  for 1 July 2025 to 30 June 2026;
* A/RES/79/249 table (the regular scale 2025): the United States of America at 22.000 per cent,
  193 Member States — so 75 % of 1,000,000 USD puts 165,000 on the United States.
"""

from __future__ import annotations

import csv
import io
import json
import re
from html import unescape

import pytest
from fastapi.testclient import TestClient

from peaceobs.finance import list_scales
from peaceobs.finance.catalog import load_groups
from peaceobs.pipeline import ingest_paths
from peaceobs.store import open_store
from peaceobs.track import Actor, Role
from peaceobs.web import create_app
from tests.test_browser import axe_violations, browser, page, server, shot  # noqa: F401 (its fixtures, reused)

pytestmark = pytest.mark.corpus

SCENARIO = {"budget": "1000000", "share": "0.75", "scale": "regular:2025"}


@pytest.fixture(scope="module")
def client(corpus_store, corpus):
    return TestClient(create_app(corpus_store.url, corpus=corpus), raise_server_exceptions=False)


def _one(lines, period, measure):
    found = [x for x in lines if x["period"] == period and x["measure"] == measure]
    assert len(found) == 1, (period, measure, found)
    return found[0]


# -- /api/v1/missions/{acronym}/finance ---------------------------------------------------------


def test_unsos_budget_figures_and_their_sources(client):
    r = client.get("/api/v1/missions/UNSOS/finance")
    assert r.status_code == 200
    data = r.json()
    assert data["key"] == "UNSOS" and data["name"] == "United Nations Support Office in Somalia"
    assert {"A/80/628", "A/80/604/Add.7", "A/RES/79/312"} <= set(data["documents"])
    totals = data["totals"]
    assert all(x["category"] == "Gross requirements" for x in totals)

    proposed = _one(totals, "2026/27", "proposed")
    assert proposed["amount_usd"] == 481_671_800
    src = proposed["source"]
    assert src["document"] == "A/80/628" and src["row"] == "Gross requirements"
    assert src["column"] == "2026/27 cost estimates" and src["printed"].replace("\u00a0", " ") == "481 671.8"
    assert src["url"] == f"/doc/A/80/628#{src['table']}" and src["citation"].startswith("A/80/628, T")

    recommended = _one(totals, "2026/27", "recommended")
    assert recommended["amount_usd"] == 481_550_400
    src = recommended["source"]
    assert (src["document"], src["paragraph"], src["author"]) == ("A/80/604/Add.7", "P56", "ACABQ")
    assert "from $481,671,800 to $481,550,400" in src["quote"]
    assert src["url"] == "/doc/A/80/604/Add.7#P56"

    appropriated = _one(totals, "2025/26", "appropriated")
    assert appropriated["amount_usd"] == 520_627_900
    src = appropriated["source"]
    assert (src["document"], src["paragraph"], src["author"]) == ("A/RES/79/312", "OP6", "GA")
    assert "520,627,900 dollars for the maintenance of the Support Office" in src["quote"]

    # Every category's series figures, each with a citation; staff counts too.
    assert len(data["lines"]) > len(totals) and all(x["source"]["citation"] for x in data["lines"])
    assert any(x["category"] == "Air operations" for x in data["lines"])
    assert data["staff"] and all(s["source"]["document"] for s in data["staff"])
    every = client.get("/api/v1/missions/UNSOS/finance", params={"all": "true"}).json()
    assert len(every["lines"]) >= len(data["lines"])


def test_cited_paragraph_says_what_the_figure_says(client):
    """The link the JSON gives lands on the paragraph the figure was read from."""
    src = _one(client.get("/api/v1/missions/UNSOS/finance").json()["totals"], "2026/27", "recommended")["source"]
    para = client.get(f"/api/v1/documents/{src['document']}/paragraphs/{src['paragraph']}").json()
    assert "reduced by $121,400, from $481,671,800 to $481,550,400" in para["text"]
    doc_page = client.get(src["url"].split("#")[0]).text
    assert 'id="P56"' in doc_page


@pytest.mark.parametrize("key, name", [("UNLB", "Brindisi"), ("RSCE", "Entebbe")])
def test_service_entities_have_budgets(client, key, name):
    data = client.get(f"/api/v1/missions/{key}/finance").json()
    assert data["key"] == key and name in data["name"]
    assert any(x["measure"] == "proposed" and x["amount_usd"] > 0 for x in data["totals"])


@pytest.mark.parametrize("key", ["UNTSO", "NOPE"])  # UNTSO: a mission, but no budget report here
def test_unknown_or_budgetless_mission_is_404(client, key):
    r = client.get(f"/api/v1/missions/{key}/finance")
    assert r.status_code == 404 and r.json()["status"] == 404 and key in r.json()["error"]


# -- scales -------------------------------------------------------------------------------------


def test_scales(client):
    scales = client.get("/api/v1/scales").json()
    regular = next(s for s in scales if s["name"] == "regular:2025")
    assert regular["members"] == 193 and regular["official"] and "rates" not in regular
    assert regular["source"].startswith("A/RES/79/249")
    one = client.get("/api/v1/scales/regular:2025").json()
    assert len(one["rates"]) == 193
    assert {"member_state": "United States of America", "rate": "22.000", "level": None} in one["rates"]
    r = client.get("/api/v1/scales/peacekeeping:1999")
    assert r.status_code == 404 and "regular:2025" in r.json()["error"]  # names the ones there are


# -- /api/v1/assess -----------------------------------------------------------------------------


def test_assess_json(client):
    r = client.get("/api/v1/assess", params=SCENARIO)
    assert r.status_code == 200
    data = r.json()
    assert data["scale"]["name"] == "regular:2025" and data["scale"]["kind"] == "regular"
    assert data["peacekeeping_basis"] is None and "No official peacekeeping scale is loaded" in data["note"]
    (a,) = data["scenarios"]
    assert len(a["rows"]) == 193
    assert sum(x["amount_usd"] for x in a["rows"]) == 750_000 == a["assessed_usd"] == a["total_of_rows_usd"]
    assert a["not_assessed_usd"] == 250_000 and a["budget_usd"] == 1_000_000
    usa = next(x for x in a["rows"] if x["member_state"] == "United States of America")
    assert usa["rate"] == "22.000" and usa["amount_usd"] == 165_000  # 22 % of 750,000


def test_assess_scenarios_are_budgets_times_shares(client):
    data = client.get("/api/v1/assess", params={"budget": ["481671800", "481,550,400"], "share": ["0.5", "0.75"],
                                                "scale": "regular:2025"}).json()
    got = [(s["budget_usd"], s["share"], s["assessed_usd"], s["not_assessed_usd"]) for s in data["scenarios"]]
    assert got == [(481_671_800, 0.5, 240_835_900, 240_835_900), (481_671_800, 0.75, 361_253_850, 120_417_950),
                   (481_550_400, 0.5, 240_775_200, 240_775_200), (481_550_400, 0.75, 361_162_800, 120_387_600)]
    assert all(sum(x["amount_usd"] for x in s["rows"]) == s["assessed_usd"] for s in data["scenarios"])


@pytest.mark.parametrize("params, words", [
    ({**SCENARIO, "share": "1.5"}, "between 0 and 1"),
    ({**SCENARIO, "budget": "-1"}, "zero or more"),
    ({**SCENARIO, "budget": "abc"}, "not a number"),
    ({**SCENARIO, "scale": "peacekeeping:1999"}, "unknown scale"),
    ({**SCENARIO, "format": "pdf"}, "format"),
])
def test_assess_bad_input_is_422_and_stores_nothing(client, corpus_store, params, words):
    before = [(s.name, len(s.rates)) for s in list_scales(corpus_store)], corpus_store.stats()["documents"]
    r = client.get("/api/v1/assess", params=params)
    assert r.status_code == 422, r.text
    assert r.json()["status"] == 422 and words in r.json()["error"]
    assert ([(s.name, len(s.rates)) for s in list_scales(corpus_store)], corpus_store.stats()["documents"]) == before


def test_assess_csv_download(client):
    r = client.get("/api/v1/assess", params={**SCENARIO, "share": ["0.75", "0.5"], "format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert r.headers["content-disposition"] == 'attachment; filename="assessment-regular-2025.csv"'
    assert r.text.startswith("# scale: regular:2025 (official, regular)")
    rows = list(csv.reader(io.StringIO(r.text.split("\n", 1)[1])))
    assert rows[0] == ["member_state", "rate_percent", "amount_usd (75% of 1,000,000 USD)",
                       "amount_usd (50% of 1,000,000 USD)"]
    assert ["United States of America", "22.000", "165000", "110000"] in rows
    assert len(rows) == 1 + 193 + 3  # header, the states, total / not assessed / budget
    assert rows[-3] == ["Total assessed", "", "750000", "500000"]
    assert rows[-2] == ["Not assessed (African Union share)", "", "250000", "500000"]


def test_assess_xlsx_download(client):
    from openpyxl import load_workbook

    r = client.get("/api/v1/assess", params={**SCENARIO, "format": "xlsx"})
    assert r.status_code == 200
    assert r.headers["content-disposition"] == 'attachment; filename="assessment-regular-2025.xlsx"'
    sheet = load_workbook(io.BytesIO(r.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith("Scale: regular:2025 — official")
    assert ("United States of America", "22.000", 165000) in [tuple(x[:3]) for x in rows]
    assert ("Total assessed", None, 750000) in [tuple(x[:3]) for x in rows]


def test_finance_endpoints_are_in_the_openapi(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/v1/missions/{acronym}/finance", "/api/v1/scales", "/api/v1/scales/{name}",
            "/api/v1/assess"} <= set(paths)
    assert "422" in paths["/api/v1/assess"]["get"]["responses"]


# -- pages --------------------------------------------------------------------------------------


def test_assess_page_form_only(client):
    r = client.get("/assess")
    assert r.status_code == 200
    assert '<option value="regular:2025"' in r.text and "regular budget scale" in r.text
    assert 'name="budget"' in r.text and r.text.count('name="share"') == 2
    assert "No official peacekeeping scale is loaded" in r.text
    assert 'id="totals"' not in r.text


def test_assess_page_two_shares(client):
    r = client.get("/assess", params={"budget": "1000000", "share": ["0.75", "0.5"], "scale": "regular:2025"})
    assert r.status_code == 200
    html = r.text
    totals = html.split('id="totals"')[1].split("</table>")[0]
    assert "750,000" in totals and "250,000" in totals and "500,000" in totals
    assert "the regular budget scale" in html and "no official peacekeeping scale is used" in html
    assert "No regional groups table is loaded" in html and "peaceobs scale groups FILE" in html
    states = html.split('id="states"')[1].split("</table>")[0]
    assert states.count("<tr>") == 1 + 193  # every state, with or without JavaScript
    assert re.search(r'United States of America</th><td class="num">22\.000</td>\s*<td class="num">165,000</td>'
                     r'<td class="num">110,000</td>', states)
    assert "/api/v1/assess?budget=1000000&amp;share=0.75&amp;share=0.5&amp;scale=regular%3A2025&amp;format=csv" in html
    assert "&amp;format=xlsx" in html
    spec = json.loads(unescape(html.split('id="top-chart" data-spec="')[1].split('"')[0]))
    assert len(spec["data"]["values"]) == 15 * 2 and spec["data"]["values"][0]["amount_usd"] == 165_000


@pytest.mark.parametrize("params, words", [
    ({"budget": "1000000", "share": "1.5"}, "between 0 and 1"),
    ({"budget": "-1", "share": "0.75"}, "zero or more"),
    ({"budget": "1000000", "share": "0.75", "scale": "nope:2025"}, "unknown scale"),
    ({"budget": "1000000"}, "give a budget"),
])
def test_assess_page_bad_input_says_so(client, params, words):
    r = client.get("/assess", params=params)
    assert r.status_code == 422
    error = r.text.split('id="error">')[1].split("</p>")[0]
    assert words in error
    assert '<form class="assess-form"' in r.text and 'id="totals"' not in r.text  # the form, to try again


def test_mission_page_budget_section(client):
    html = client.get("/missions/UNSOS").text
    section = html.split('id="budget-h"')[1].split("</section>")[0]
    assert 'id="budget-chart"' in section
    table = section.split('<table class="budget">')[1].split("</table>")[0]
    assert "481,671,800" in table and "481,550,400" in table and "520,627,900" in table
    assert '<a href="/doc/A/80/604/Add.7#P56">A/80/604/Add.7, para. 56' in table
    assert '<a href="/doc/A/RES/79/312#OP6">A/RES/79/312, para. 6' in table
    assert 'href="/api/v1/missions/UNSOS/finance"' in section
    spec = json.loads(unescape(section.split('data-spec="')[1].split('"')[0]))
    assert {(v["period"], v["measure"], v["amount_usd"]) for v in spec["data"]["values"]} >= {
        ("2026/27", "proposed", 481_671_800), ("2026/27", "recommended", 481_550_400),
        ("2025/26", "appropriated", 520_627_900)}


def test_mission_page_without_budget_documents(client):
    section = client.get("/missions/UNTSO").text.split('id="budget-h"')[1].split("</section>")[0]
    assert "The store holds no budget report or financing resolution for UNTSO." in section
    assert "<table" not in section


def test_assess_page_by_regional_group(corpus, tmp_path):
    """With a groups table loaded, amounts are summed by group; states it leaves out are their
    own bar, so the groups still add up to the assessed amount. A store of its own: the shared
    corpus store is never written."""
    url = f"sqlite:///{tmp_path / 'groups.db'}"
    store = open_store(url)
    assert not ingest_paths(store, [corpus / "ga-documents-2023-2025" / "extracted" / "A_RES_79_249.json"]).failures
    groups = tmp_path / "groups.csv"
    groups.write_text("member_state,group\nUnited States of America,WEOG\nChina,Asia-Pacific\nJapan,Asia-Pacific\n",
                      encoding="utf-8")
    load_groups(store, Actor("ada", Role.ANALYST), str(groups))
    assert store.audit_log()[0].action == "groups.load"
    store.close()
    client = TestClient(create_app(url, corpus=corpus))
    html = client.get("/assess", params=SCENARIO).text
    assert 'id="group-chart"' in html and "No regional groups table is loaded" not in html
    table = html.split("By regional group, as a table")[1].split("</table>")[0]
    rows = {r.split("<td>")[1].split("</td>")[0]: r.split('<td class="num">')[1].split("</td>")[0]
            for r in table.split("<tr>")[2:]}
    # 22.000 % → 165,000; China 20.004 % and Japan 6.930 % → 150,030 + 51,975
    assert rows == {"Asia-Pacific": "202,005", "WEOG": "165,000", "no group listed": "382,995"}


# -- in a browser -------------------------------------------------------------------------------


def test_assess_in_a_browser(server, page):  # noqa: F811 (fixtures of test_browser)
    page.goto(f"{server}/assess")
    page.fill("#budget", "481671800")
    page.fill("#share1", "0.75")
    page.fill("#share2", "0.5")
    page.select_option("#scale", "regular:2025")
    page.click("form.assess-form button")
    page.wait_for_url("**/assess?budget=481671800**")
    totals = page.locator("#totals").inner_text()
    assert "361,253,850" in totals and "120,417,950" in totals  # 75 %: assessed, not assessed
    page.wait_for_selector("#top-chart.drawn svg", timeout=15000)
    rows = page.locator("#states tbody tr")
    assert rows.count() == 193
    page.fill("#state-filter", "united")
    visible = page.locator("#states tbody tr:visible")
    names = visible.locator("th").all_inner_texts()
    assert names and len(names) < 193 and all("united" in n.lower() for n in names)
    assert "United States of America" in names
    assert page.locator("#state-count").inner_text() == f"{len(names)} of 193 shown"
    assert axe_violations(page) == []
    shot(page, "assess")
    page.goto(f"{server}/missions/UNSOS#budget-h")
    page.wait_for_selector("#budget-chart.drawn svg", timeout=15000)
    assert "481,550,400" in page.locator("table.budget").inner_text()
    page.click("table.budget a:has-text('A/80/604/Add.7')")
    page.wait_for_url("**/doc/A/80/604/Add.7#P56")
    assert "481,550,400" in page.locator("[id='P56']").inner_text()


def test_assess_reads_without_javascript(server, browser):  # noqa: F811 (fixtures of test_browser)
    context = browser.new_context(java_script_enabled=False)
    pg = context.new_page()
    pg.goto(f"{server}/assess?budget=1000000&share=0.75&scale=regular:2025")
    assert pg.locator("#states tbody tr").count() == 193  # the whole table, no filter box
    assert not pg.locator("#state-filter").is_visible()
    assert "750,000" in pg.locator("#totals").inner_text()
    context.close()
