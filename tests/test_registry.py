"""The missions registry against the corpus it was read from: every operation of the corpus's
missions file is there with its start, every fact names its source, and every quote that
confirms a mandating resolution is found, word for word, where it says it is."""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

import pytest

from peaceobs.mandates.registry import find_mission, load_missions, mission_aliases

pytestmark = pytest.mark.corpus

SC_TEXTS = Path("unsc-resolutions-1946-1994") / "res_en_gold"
MARC = Path("unsc-meetings-1946-2022") / "undl_export_sc_documents_marc.csv"


def _norm(text: str) -> str:
    # The corpus's files mix composed and decomposed accents ("Côte") and wrap lines anywhere.
    return " ".join(unicodedata.normalize("NFC", text).replace("\u00a0", " ").split())


def _sc_text(corpus: Path, number: int, year: int) -> str:
    return _norm((corpus / SC_TEXTS / f"S_RES_{number:04d}_{year}_EN_GOLD.txt").read_text(encoding="utf-8"))


def test_every_mission_of_the_corpus_is_in_the_registry_with_its_start(corpus):
    rows = list(csv.DictReader((corpus / "missions" / "mission_start.csv").open(encoding="utf-8")))
    assert len(rows) == 77
    for r in rows:
        mission = find_mission(r["mission"])
        assert mission is not None, r["mission"]
        # by acronym, or by an other name that the source column explains (ONUCI, UNFOR, LBB)
        assert r["mission"] in (mission.acronym, *mission.other_names)
        assert mission.start == f"{r['year']}-{int(r['month']):02d}", (r["mission"], mission.start)


def test_the_african_union_missions_and_the_ones_asked_for_by_name():
    assert [m.acronym for m in load_missions() if m.type == "AU-led"] == ["AMISOM", "ATMIS", "AUSSOM"]
    for acronym in ("UNEF II", "UNISFA", "UNSOS", "UNSOH", "UNTMIS", "UNITAMS", "ONUC", "UNTAG"):
        assert find_mission(acronym) is not None, acronym


def test_every_fact_names_its_source():
    missions = load_missions()
    assert len(missions) == 86
    assert len({m.acronym for m in missions}) == len(missions)
    for m in missions:
        assert m.name and m.source, m.acronym
        assert re.fullmatch(r"\d{4}(-\d{2})?", m.start), (m.acronym, m.start)
        assert m.end is None or m.end == "unknown" or (re.fullmatch(r"\d{4}-\d{2}", m.end) and m.end >= m.start), m
        assert "start" in m.source, m.acronym
        if m.end:  # a closed mission says where its end comes from, or that the corpus does not say
            assert "end:" in m.source, m.acronym
        if m.mandating_resolution:
            assert m.verified_in_corpus or "resolution:" in m.source, m.acronym
        else:
            assert "resolution:" in m.source, m.acronym  # why there is none


# Mandating resolutions read in the SC texts of the corpus: the words the registry quotes.
SC_QUOTES = [
    ("UNEF II", 340, 1973, "OP3", "Decides to set up immediately, under its authority, a United Nations Emergency Force"),
    ("UNDOF", 350, 1974, "OP3", "Decides to set up immediately under its authority a United Nations Disengagement Observer Force"),
    ("UNFICYP", 186, 1964, "OP4", "of a United Nations Peace-keeping Force in Cyprus"),
    ("UNIIMOG", 619, 1988, "OP2", "Decides to set up immediately, under its authority, a United Nations Iran-Iraq Military Observer Group"),
    ("UNAMIC", 717, 1991, "OP2", "Decides to establish, under its authority, a United Nations Advance Mission in Cambodia"),
    ("UNTAG", 435, 1978, "OP3", "Decides to establish under its authority a United Nations Transition Assistance Group"),
    ("ONUC", 143, 1960, "OP2", "to provide the Government with such military assistance as may be necessary"),
    ("UNAMIR", 872, 1993, "OP2", "Decides to establish a peace-keeping operation entitled “United Nations Assistance Mission for Rwanda”"),
    # the OCR of S/RES/696 prints "IJ" for "II": quoted as printed
    ("UNAVEM II", 696, 1991, "OP2", "(henceforth United Nations Angola Verification Mission IJ)"),
]


@pytest.mark.parametrize("acronym,number,year,pid,words", SC_QUOTES)
def test_mandating_resolutions_quoted_from_the_sc_texts(corpus, acronym, number, year, pid, words):
    mission = find_mission(acronym)
    assert mission.mandating_resolution == f"S/RES/{number} ({year})"
    assert words in _sc_text(corpus, number, year)
    assert mission.verified_in_corpus.startswith(f"S/RES/{number} ({year}) {pid}: ")
    assert words in mission.verified_in_corpus


def _marc_titles(corpus: Path) -> dict[str, tuple[str, str, str]]:
    out: dict[str, tuple[str, str, str]] = {}
    with (corpus / MARC).open(encoding="utf-8") as f:
        for r in csv.DictReader(f):
            old = out.get(r["191__a"].strip(), ("", "", ""))  # some drafts are recorded twice
            out[r["191__a"].strip()] = (old[0] or r["239__a"], old[1] or r["993__a"], old[2] + r["610__a"])
    return out


MARC_REF = re.compile(r'UNDL MARC (\S+)(?: → (S/RES/\d+ ?\(\d{4}\)))?(?: subject heading)?: "([^"]+)"')
SYMBOL_PID = r"((?:S/RES/\d+ \(\d{4}\))|(?:A/(?:RES/)?\d+/[\w./]+)) ([A-Z][\w.()-]*\d[\w()-]*)"
DOC_REF = re.compile(SYMBOL_PID + r': "([^"]+)"')  # in the sources: quoted, other words follow
VERIFIED = re.compile(SYMBOL_PID + r": (.+)")  # verified_in_corpus: the whole rest is the quote


def test_every_library_record_quoted_says_what_the_registry_says(corpus):
    """Each "UNDL MARC draft → resolution: 'words'" of the registry: the draft's record holds the
    words and names that resolution; a mandating resolution read from one is the one it names."""
    titles = _marc_titles(corpus)
    seen = 0
    for m in load_missions():
        for text in (m.verified_in_corpus, m.source):
            for draft, resolution, words in MARC_REF.findall(text):
                title, adopted, subjects = titles[draft]
                assert _norm(words) in _norm(title) or _norm(words) in _norm(subjects), (m.acronym, draft, words)
                if resolution:
                    assert resolution == adopted, (m.acronym, draft)
                seen += 1
        if m.verified_in_corpus.startswith("UNDL MARC"):
            number, year = re.search(r"→ S/RES/(\d+) ?\((\d{4})\)", m.verified_in_corpus).groups()
            assert m.mandating_resolution == f"S/RES/{number} ({year})", m.acronym
    assert seen >= 121


def test_every_paragraph_quoted_is_in_the_store(corpus_store):
    """Each "SYMBOL PID: words … words" of the registry is that paragraph of the stored document."""
    seen = 0
    for m in load_missions():
        verified = VERIFIED.fullmatch(m.verified_in_corpus)
        for symbol, pid, quoted in [*DOC_REF.findall(m.source), *([verified.groups()] if verified else [])]:
            doc = corpus_store.get_document(symbol)
            assert doc is not None, (m.acronym, symbol)
            paragraph = doc.paragraph(pid)
            assert paragraph is not None, (m.acronym, symbol, pid)
            body = _norm(paragraph.text)
            for fragment in quoted.split(" … "):
                assert _norm(fragment) in body, (m.acronym, symbol, pid, fragment)
            seen += 1
    assert seen >= 59


@pytest.mark.parametrize("name,acronym", [
    ("United Nations Emergency Force", "UNEF II"), ("UNEF", "UNEF II"), ("unef-ii", "UNEF II"),
    ("UNAVEM II", "UNAVEM II"), ("UNAVEM III", "UNAVEM III"), ("UNAVEM I", "UNAVEM"),
    ("United Nations Peace-keeping Force in Cyprus", "UNFICYP"), ("united nations peacekeeping force in cyprus", "UNFICYP"),
    ("ONUCI", "UNOCI"), ("United Nations Operation in Côte d’Ivoire", "UNOCI"), ("UNFOR", "UNPROFOR"),
    ("LBB", "UNLB"), ("UNSOA", "UNSOS"), ("MONUC", "MONUC"), ("UNOSOM-II", "UNOSOM II"),
])
def test_aliases_find_missions(name, acronym):
    assert find_mission(name).acronym == acronym


def test_search_aliases_spell_out_former_acronyms_too():
    aliases = mission_aliases()
    assert aliases["unifil"] == "United Nations Interim Force in Lebanon"
    assert aliases["unef"] == "United Nations Emergency Force"
    assert aliases["onuci"] == aliases["unoci"] == "United Nations Operation in Côte d'Ivoire"
    assert aliases["unsoa"] == "United Nations Support Office in Somalia"
    # a row's own acronym wins over another row's former one: MONUSCO lists MONUC as a former name
    assert aliases["monuc"] == "United Nations Organization Mission in the Democratic Republic of the Congo"
    assert "unosom ii" not in aliases  # two words: a phrase, not a search alias
