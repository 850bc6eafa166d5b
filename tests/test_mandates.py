"""Mandate chains reconstructed from the SC texts, expiry dates checked against what the texts
say (each expected date below is in the renewal's own words, read from the corpus)."""

from __future__ import annotations

import pytest
from icalendar import Calendar
from typer.testing import CliRunner

from peaceobs.cli import app
from peaceobs.mandates.decisions import classify, mandate_chain, to_ics
from peaceobs.mandates.registry import find_mission
from peaceobs.pipeline import ingest_paths
from peaceobs.store import open_store

pytestmark = pytest.mark.corpus

# resolution → expiry, as the operative paragraph states it ("until 31 May 1977", "ending …")
UNDOF = {398: "1977-05-31", 408: "1977-11-30", 420: "1978-05-31", 429: "1978-11-30", 441: "1979-05-31",
         449: "1979-11-30", 456: "1980-05-31", 470: "1980-11-30", 481: "1981-05-31", 493: "1982-05-31",
         506: "1982-11-30", 531: "1983-11-30"}
UNIFIL = {434: "1979-01-19", 444: "1979-06-19", 450: "1979-12-19", 459: "1980-06-19", 474: "1980-12-19",
          483: "1981-06-19", 488: "1981-12-19", 498: "1982-06-19", 511: "1982-08-19", 519: "1982-10-19",
          523: "1983-01-19", 529: "1983-07-19", 536: "1983-10-19", 538: "1984-04-19"}
UNFICYP = {222: "1966-12-26", 231: "1967-06-26", 238: "1967-12-26", 244: "1968-03-26", 281: "1970-12-15",
           291: "1971-06-13", 293: "1971-12-15", 305: "1972-06-15", 315: "1972-12-15", 324: "1973-06-15",
           334: "1973-12-15"}


@pytest.fixture(scope="module")
def store(corpus, tmp_path_factory):
    s = open_store(f"sqlite:///{tmp_path_factory.mktemp('m') / 'm.db'}")
    assert not ingest_paths(s, [corpus / "unsc-resolutions-1946-1994" / "res_en_gold"], workers=2).failures
    yield s
    s.close()


def _expiries(store, acronym):
    chain = mandate_chain(store, find_mission(acronym))
    return {int(d.symbol.split("/")[2].split(" ")[0]): d for d in chain}


@pytest.mark.parametrize("acronym,expected", [("UNDOF", UNDOF), ("UNIFIL", UNIFIL), ("UNFICYP", UNFICYP)])
def test_renewals_expire_when_the_texts_say(store, acronym, expected):
    got = _expiries(store, acronym)
    for number, expiry in expected.items():
        d = got[number]
        assert (d.type, d.expiry, d.basis) == ("renew", expiry, "stated"), (number, d)


def test_establishing_resolutions(store):
    assert _expiries(store, "UNDOF")[350].type == "establish"
    assert _expiries(store, "UNFICYP")[186].type == "establish"


def test_relative_periods_follow_the_previous_expiry(store):
    undof = _expiries(store, "UNDOF")
    # S/RES/350 (1974): "for an initial period of six months" from adoption on 31 May 1974.
    assert (undof[350].expiry, undof[350].basis) == ("1974-11-30", "adoption + 6 months")
    # S/RES/485 (1981) prints "until 30 November 198]" (an OCR slip): the period decides.
    assert (undof[485].expiry, undof[485].basis) == ("1981-11-30", "previous expiry + 6 months")


def test_no_recognisable_period_is_unknown_not_guessed(store):
    unficyp = _expiries(store, "UNFICYP")
    assert (unficyp[186].expiry, unficyp[186].basis) == (None, "unknown")
    assert classify("Decides to remain seized of the matter.") is None


def test_ics_parses_back(store, tmp_path):
    chains = {a: mandate_chain(store, find_mission(a)) for a in ("UNDOF", "UNIFIL")}
    cal = Calendar.from_ical(to_ics(chains))
    events = [e for e in cal.walk("VEVENT")]
    assert len(events) == sum(1 for ch in chains.values() for d in ch if d.expiry)
    summaries = {str(e["SUMMARY"]): e.decoded("DTSTART").isoformat() for e in events}
    assert summaries["UNDOF mandate expires (S/RES/398 (1976))"] == "1977-05-31"


def test_cli_reports_unknown_missions(store, tmp_path):
    out = tmp_path / "m.ics"
    result = CliRunner().invoke(app, ["mandate", "UNDOF", "NOSUCH", "--db", store.url, "--ics", str(out), "--json"])
    assert result.exit_code == 1 and "NOSUCH: not in the missions registry" in result.output
    assert Calendar.from_ical(out.read_text()).walk("VEVENT")
