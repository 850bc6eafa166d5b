"""Today's mandates read from the budget reports and financing resolutions of the corpus, against
values read by hand from those documents (each sentence quoted below), on both backends; and the
sentence rules on phrasings the corpus does not use."""

from __future__ import annotations

import pytest

from peaceobs.mandates.current import (
    ESTABLISHED,
    EXTENDED,
    PERFORMANCE,
    TERMINATED,
    UnknownMission,
    current_mandate,
    mandate_records,
)
from peaceobs.mandates.registry import find_mission
from peaceobs.model import Document, Paragraph

# mission → (latest resolution, action, end date as printed, ISO, document, paragraph), and the
# sentence of that paragraph it was read from, by hand.
LATEST = {
    # A/80/590 para. 5: "The Security Council, in paragraph 1 of resolution 2690 (2023), decided to
    # terminate the mandate of MINUSMA under resolution 2640 (2022) as from 30 June 2023."
    "MINUSMA": ("S/RES/2690 (2023)", TERMINATED, "30 June 2023", "2023-06-30", "A/80/590", "P5"),
    # A/80/600 para. 1: "The most recent extension of the mandate was authorized by the Council in
    # its resolution 2797 (2025), by which it extended the mandate until 31 October 2026."
    "MINURSO": ("S/RES/2797 (2025)", EXTENDED, "31 October 2026", "2026-10-31", "A/80/600", "P1"),
    # A/80/607 para. 1: "… in its resolution 2815 (2026), by which it extended the mandate until
    # 31 January 2027."
    "UNFICYP": ("S/RES/2815 (2026)", EXTENDED, "31 January 2027", "2027-01-31", "A/80/607", "P1"),
    # A/80/621 para. 1: "… in its resolution 2779 (2025), by which it extended the mandate until
    # 30 April 2026."
    "UNMISS": ("S/RES/2779 (2025)", EXTENDED, "30 April 2026", "2026-04-30", "A/80/621", "P1"),
    # A/80/623 para. 1: "… in its resolution 2800 (2025), by which the Council extended the mandate
    # until 15 November 2026."
    "MINUSCA": ("S/RES/2800 (2025)", EXTENDED, "15 November 2026", "2026-11-15", "A/80/623", "P1"),
    # A/80/624 para. 1: "… in its resolution 2808 (2025), by which it extended the mandate until
    # 20 December 2026."
    "MONUSCO": ("S/RES/2808 (2025)", EXTENDED, "20 December 2026", "2026-12-20", "A/80/624", "P1"),
    # A/80/628 para. 1: "The most recent extension of the mandate was authorized by the Council in
    # its resolution 2809 (2025), by which it extended the mandate until 31 December 2026."
    "UNSOS": ("S/RES/2809 (2025)", EXTENDED, "31 December 2026", "2026-12-31", "A/80/628", "P1"),
    # A/80/634 para. 1: "… in its resolution 2790 (2025), by which it extended the mandate for a
    # final time until 31 December 2026, when the Force is to cease its operations …"
    "UNIFIL": ("S/RES/2790 (2025)", EXTENDED, "31 December 2026", "2026-12-31", "A/80/634", "P1"),
    # No report of the Secretary-General in the corpus; the Advisory Committee's:
    # A/80/604/Add.1 para. 13: "… and was renewed most recently in its resolution 2811 (2025), by
    # which it was extended until 30 June 2026."
    "UNDOF": ("S/RES/2811 (2025)", EXTENDED, "30 June 2026", "2026-06-30", "A/80/604/Add.1", "P13"),
    # A/80/604/Add.10 para. 12: "… and most recently extended by the Council in its resolution
    # 2802 (2025), until 15 November 2026."
    "UNISFA": ("S/RES/2802 (2025)", EXTENDED, "15 November 2026", "2026-11-15", "A/80/604/Add.10", "P12"),
    # A/RES/78/308 PP2: "… the latest of which was resolution 2559 (2020) of 22 December 2020, by
    # which the Council decided to terminate the mandate of the Operation as of 31 December 2020,"
    "UNAMID": ("S/RES/2559 (2020)", TERMINATED, "31 December 2020", "2020-12-31", "A/RES/78/308", "PP2"),
}

# mission → establishing resolution(s): "The mandate of X was established by the Security Council
# in its resolution …" (A/80/615 para. 1 for UNMIK, A/80/630 for UNSOH, A/80/634 para. 1 for
# UNIFIL: "in its resolutions 425 (1978) and 426 (1978)").
ESTABLISHING = {"MINUSMA": ["S/RES/2100 (2013)"], "MINURSO": ["S/RES/690 (1991)"], "UNFICYP": ["S/RES/186 (1964)"],
                "UNMIK": ["S/RES/1244 (1999)"], "UNMISS": ["S/RES/1996 (2011)"], "MINUSCA": ["S/RES/2149 (2014)"],
                "MONUSCO": ["S/RES/1925 (2010)"], "UNSOS": ["S/RES/1863 (2009)"], "UNSOH": ["S/RES/2793 (2025)"],
                "UNIFIL": ["S/RES/425 (1978)", "S/RES/426 (1978)"], "UNDOF": ["S/RES/350 (1974)"],
                "UNISFA": ["S/RES/1990 (2011)"], "UNAMID": ["S/RES/1769 (2007)"]}

# "The mandate for the performance period was provided in its resolutions …" (para. 1 of each report)
PERFORMANCE_PERIOD = {"MINUSMA": [2690], "MINURSO": [2703, 2756], "UNFICYP": [2674, 2723],
                      "UNMISS": [2729, 2778, 2779], "MINUSCA": [2709, 2759], "MONUSCO": [2717, 2765],
                      "UNSOS": [2748, 2767, 2776], "UNIFIL": [2695, 2749]}


@pytest.mark.corpus
@pytest.mark.parametrize("acronym", sorted(LATEST))
def test_latest_extension_and_its_end(corpus_store, acronym):
    symbol, action, printed, iso, document, pid = LATEST[acronym]
    latest = current_mandate(corpus_store, acronym).latest
    assert (latest.symbol, latest.action, latest.expiry, latest.expiry_iso) == (symbol, action, printed, iso)
    assert (latest.source.document, latest.source.pid) == (document, pid)
    assert symbol.split("/")[2].split(" (")[0] in latest.source.quote and printed in latest.source.quote


@pytest.mark.corpus
def test_every_mission_with_a_budget_report_has_its_latest_extension(corpus_store):
    """Each Secretary-General's report of the corpus that budgets a mission under a Council mandate
    gives its latest extension (UNMIK's and UNSOH's mandates run without one: none is invented)."""
    reports = {"A/80/590": "MINUSMA", "A/80/600": "MINURSO", "A/80/607": "UNFICYP", "A/80/615": "UNMIK",
               "A/80/621": "UNMISS", "A/80/623": "MINUSCA", "A/80/624": "MONUSCO", "A/80/628": "UNSOS",
               "A/80/630": "UNSOH", "A/80/634": "UNIFIL"}
    for symbol, acronym in reports.items():
        mandate = current_mandate(corpus_store, acronym)
        assert symbol in mandate.documents, (acronym, mandate.documents)
        if acronym in ("UNMIK", "UNSOH"):
            # A/80/615 para. 1 and A/80/630 para. 1 state the establishing resolution only
            assert mandate.latest is None
        else:
            assert mandate.latest is not None and mandate.latest.source.document == symbol, acronym


@pytest.mark.corpus
@pytest.mark.parametrize("acronym", sorted(ESTABLISHING))
def test_establishing_resolutions(corpus_store, acronym):
    assert [r.symbol for r in current_mandate(corpus_store, acronym).established] == ESTABLISHING[acronym]


@pytest.mark.corpus
@pytest.mark.parametrize("acronym", sorted(PERFORMANCE_PERIOD))
def test_resolutions_of_the_performance_period(corpus_store, acronym):
    got = [r.number for r in current_mandate(corpus_store, acronym).performance_period]
    assert got == PERFORMANCE_PERIOD[acronym]


@pytest.mark.corpus
def test_history_recalled_by_the_financing_resolutions(corpus_store):
    """The Assembly's resolutions recall the extensions before the latest: A/RES/78/304 PP2 "… the
    latest of which was resolution 2718 (2023) of 21 December 2023, by which the Council extended
    the mandate of the Force until 30 June 2024", A/RES/79/307 PP2 "… resolution 2766 (2024) of
    20 December 2024, … until 30 June 2025"."""
    undof = current_mandate(corpus_store, "UNDOF")
    extensions = [(r.symbol, r.expiry_iso, r.adopted, r.source.document) for r in undof.history if r.action == EXTENDED]
    assert extensions == [("S/RES/2718 (2023)", "2024-06-30", "2023-12-21", "A/RES/78/304"),
                          ("S/RES/2766 (2024)", "2025-06-30", "2024-12-20", "A/RES/79/307"),
                          ("S/RES/2811 (2025)", "2026-06-30", None, "A/80/604/Add.1")]
    # A/RES/79/302 PP2: "… established … as from 10 April 2014 for an initial period until 30 April 2015"
    minusca = current_mandate(corpus_store, "MINUSCA").established[0]
    assert (minusca.expiry_iso, minusca.source.document) == ("2015-04-30", "A/RES/79/302")
    # A/80/634 para. 1: "… expanded in its resolution 1701 (2006)"; "for a final time"
    unifil = current_mandate(corpus_store, "UNIFIL")
    assert [r.symbol for r in unifil.history if r.action == "expanded"] == ["S/RES/1701 (2006)"]
    assert unifil.latest.final
    # A/80/628 para. 21 on UNTMIS ("expressed its intention to terminate the mandate of UNTMIS"):
    # neither a decision nor UNSOS's
    assert "S/RES/2753 (2024)" not in {r.symbol for r in current_mandate(corpus_store, "UNSOS").history}


@pytest.mark.corpus
def test_missions_without_statements_and_unknown_ones(corpus_store):
    # A/RES/78/303 (UNMIL) and 78/299 (UNOCI) are on their final performance: no mandate sentence
    for acronym in ("UNMIL", "UNOCI"):
        mandate = current_mandate(corpus_store, acronym)
        assert mandate.documents and not mandate.history and mandate.latest is None
        assert mandate.to_dict()["latest"] is None
    with pytest.raises(UnknownMission):
        current_mandate(corpus_store, "NOSUCH")


@pytest.mark.corpus
def test_to_dict_is_ready_for_the_json_output(corpus_store):
    d = current_mandate(corpus_store, "UNSOS").to_dict()
    assert d["latest"] == {
        "symbol": "S/RES/2809 (2025)", "action": "extended", "expiry": "31 December 2026",
        "expiry_iso": "2026-12-31", "adopted": None, "final": False,
        "source": {"document": "A/80/628", "pid": "P1",
                   "quote": "The most recent extension of the mandate was authorized by the Council in its "
                            "resolution 2809 (2025), by which it extended the mandate until 31 December 2026."}}
    assert (d["expiry"], d["expiry_iso"]) == ("31 December 2026", "2026-12-31")
    assert [r["symbol"] for r in d["established"]] == ["S/RES/1863 (2009)"]
    assert d["documents"][0] == "A/80/628"  # the Secretary-General's report first


# --- the rules on sentences the corpus does not hold ------------------------------------------

def _read(acronym: str, text: str) -> list[tuple[str, str, str | None]]:
    doc = Document("A/99/999", paragraphs=[Paragraph("P1", 0, "body", text)])
    return [(r.symbol, r.action, r.expiry_iso) for r in mandate_records(doc, find_mission(acronym))]


@pytest.mark.parametrize("acronym,text,expected", [
    ("MINURSO", "By its resolution 2756 (2024), the Security Council extended the mandate of MINURSO for a period "
     "of 12 months, until 31 October 2025.", [("S/RES/2756 (2024)", EXTENDED, "2025-10-31")]),
    ("UNFICYP", "In its resolution 2723 (2024), the Council extended the mandate of UNFICYP for a further 12 months, "
     "until 31 January 2025.", [("S/RES/2723 (2024)", EXTENDED, "2025-01-31")]),
    ("MINUSMA", "The Security Council, by its resolution 2690 (2023), decided to terminate the mandate of MINUSMA with "
     "effect from 30 June 2023.", [("S/RES/2690 (2023)", TERMINATED, "2023-06-30")]),
    ("UNDOF", "The Council renewed the mandate of UNDOF until 30 June 2025 by its resolution 2766 (2024).",
     [("S/RES/2766 (2024)", EXTENDED, "2025-06-30")]),
    ("UNMISS", "The mandate of UNMISS, established by resolution 1996 (2011), was last extended by resolution "
     "2779 (2025) until 30 April 2026.", [("S/RES/1996 (2011)", ESTABLISHED, None), ("S/RES/2779 (2025)", EXTENDED, "2026-04-30")]),
    ("UNIFIL", "The mandate for the performance reporting period was provided by the Council in its resolutions "
     "2695 (2023), 2749 (2024) and 2790 (2025).", [("S/RES/2695 (2023)", PERFORMANCE, None),
                                                   ("S/RES/2749 (2024)", PERFORMANCE, None), ("S/RES/2790 (2025)", PERFORMANCE, None)]),
    ("UNSOH", "Through its resolution 2793 (2025), the Security Council established UNSOH as a separate entity.",
     [("S/RES/2793 (2025)", ESTABLISHED, None)]),
    ("MONUSCO", "The mandate of the Mission is set out in resolution 2808 (2025), which the Council adopted on "
     "19 December 2025.", []),
    ("UNSOS", "Support is provided through the United Nations trust fund established by Security Council resolution "
     "2124 (2013).", []),  # a fund established, not the mandate
    ("UNSOS", "In its resolution 2753 (2024), the Security Council expressed its intention to terminate the mandate of "
     "UNTMIS on 31 October 2026.", []),  # an intention, and another mission's
    ("UNSOS", "The Council, in its resolution 2753 (2024), decided to terminate the mandate of UNTMIS as of "
     "31 October 2026.", []),  # another mission's mandate
    ("UNIFIL", "UNIFIL will continue to implement the provisions of Security Council resolution 1701 (2006), as "
     "reaffirmed in Council resolution 2790 (2025), until it ceases operations on 31 December 2026.", []),
    ("UNISFA", "… by which the Council extended until 15 November 2025 the mandate of the Force as set out in paragraph 2 "
     "of resolution 1990 (2011) and the mandate modification set forth in resolution 2024 (2011) of 14 December 2011.",
     []),  # resolutions cited inside the clause: no act of theirs (the acting one is not in this fragment)
    # one sentence, two bodies: each "whose mandate" is its own (A/80/611 para. 32, a report on
    # the Regional Service Centre, not on either mission)
    ("UNAMI", "RSCE will support the United Nations Investigative Team to Promote Accountability, whose mandate was "
     "terminated by the Security Council in its resolution 2697 (2023), as from 17 September 2024, and the United "
     "Nations Assistance Mission for Iraq (UNAMI), whose mandate was terminated by the Council, in its resolution "
     "2732 (2024), as from 31 December 2025.", [("S/RES/2732 (2024)", TERMINATED, "2025-12-31")]),
    ("UNAMA", "… and notes Security Council resolution 2732 (2024) of 31 May 2024, by which the Council extended the "
     "mandate of the United Nations Assistance Mission for Iraq for a final 19-month period, until 31 December 2025;",
     []),  # UNAMI's, not UNAMA's
])
def test_sentence_rules(acronym, text, expected):
    assert _read(acronym, text) == expected


def test_a_final_extension_is_marked():
    # A/RES/79/258 section VIII para. 38, as printed (the extraction's stray "for 2025" kept)
    doc = Document("A/RES/79/258", paragraphs=[Paragraph("VIII.OP38", 0, "operative", (
        "38. … notes Security Council resolution 2732 (2024) of 31 May 2024, by which the Council extended the "
        "mandate of the for 2025 United Nations Assistance Mission for Iraq for a final 19-month period, until "
        "31 December 2025;"))])
    (record,) = mandate_records(doc, find_mission("UNAMI"))
    assert (record.symbol, record.action, record.expiry, record.adopted, record.final) == (
        "S/RES/2732 (2024)", EXTENDED, "31 December 2025", "2024-05-31", True)
    assert record.source.quote.startswith("… notes Security Council resolution 2732 (2024)")  # "38." dropped
