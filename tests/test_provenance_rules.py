"""Provenance that does not mislead: a text's own draft is a version, not its origin; the earliest
source is the earliest *in this store*; same-day siblings from one template are one group; the
resolution's own series is preferred; the trace index sees every write (a generation counter).

Expectations were written from reading the documents (quoted in the comments); each test ingests
only the few documents it needs into a temporary store.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import peaceobs.store.documents as store_documents
from peaceobs.cli import app
from peaceobs.model import Document, Paragraph
from peaceobs.pipeline import ingest_paths, load
from peaceobs.store import open_store
from peaceobs.trace import index_for, trace_paragraph, trace_text
from peaceobs.trace.relations import doc_info
from peaceobs.web import create_app

pytestmark = pytest.mark.corpus

FILES = [
    # Comprehensive review of special political missions: 78/79 (2023), 79/92 (2024), and 80/83
    # (5 December 2025) with its Fourth Committee draft A/C.4/80/L.14 (5 November 2025).
    "A_RES_78_79.json", "A_RES_79_92.json", "A_C.4_80_L.14.json", "A_RES_80_83.json",
    # Resolutions that also recall "resolution 79/1 of 22 September 2024": relatives, not ancestors.
    "A_RES_79_140.json", "A_RES_79_8.json",
    # 2025 review of the peacebuilding architecture: A/RES/80/11 and its draft A/80/L.15.
    "A_RES_80_11.json", "A_80_L.15.json",
    # Peacekeeping financing adopted together on 28 June 2024 from one template, and two of the
    # next session's: UNIFIL (79/308) and UNISFA (79/301).
    "A_RES_78_297.json", "A_RES_78_298.json", "A_RES_78_300.json", "A_RES_78_301.json",
    "A_RES_78_304.json", "A_RES_78_305.json", "A_RES_79_301.json", "A_RES_79_308.json",
]


def _extracted(corpus: Path) -> Path:
    return corpus / "ga-documents-2023-2025" / "extracted"


@pytest.fixture(scope="module")
def rules_store(corpus, tmp_path_factory):
    s = open_store(f"sqlite:///{tmp_path_factory.mktemp('rules') / 'r.db'}")
    report = ingest_paths(s, [_extracted(corpus) / f for f in FILES], workers=1)
    assert not report.failures, report.failures
    assert s.stats()["documents"] == len(FILES)
    yield s
    s.close()


def _sym(sources):
    return [(s.symbol, s.pid) for s in sources]


def test_own_draft_is_a_version_not_the_first_appearance(rules_store):
    # A/RES/80/83 PP11: "Recalling also action 21, paragraph 42, of resolution 79/1 of 22 September
    # 2024, entitled “The Pact for the Future”, in which, inter alia, the role of special political
    # missions … is underlined, and in this regard, noting the ongoing review of all forms of
    # United Nations peace operations …". Its draft A/C.4/80/L.14 PP11 has the same words (a
    # version); last year's A/RES/79/92 PP11 has the first half ("… in which the role of special
    # political missions as critical tools to maintain international peace and security is
    # underlined,"): that is where the language came from.
    prov = trace_paragraph(rules_store, "A/RES/80/83", "PP11")
    assert _sym(prov.versions) == [("A/C.4/80/L.14", "PP11")]
    assert prov.versions[0].version and prov.versions[0].doc_type == "draft"
    assert prov.versions[0].coverage == 1.0
    assert (prov.first.symbol, prov.first.pid) == ("A/RES/79/92", "PP11")
    assert (prov.sources[0].symbol, prov.sources[0].pid) == ("A/RES/79/92", "PP11")
    assert prov.sources[0].series == 2  # same agenda item ("Comprehensive review of special political missions"), 79th session
    assert "A/C.4/80/L.14" not in {s.symbol for s in prov.sources + prov.lineage}
    assert not any(s.version for s in prov.sources)
    # The drafts' link is read from the texts: 80/83 was adopted "[on the report of the Special
    # Political and Decolonization Committee (Fourth Committee) (A/80/537, para. 15)]", which names
    # the report, not the draft; the draft is known by its title and session ("Comprehensive review
    # of special political missions", eightieth session).
    info = doc_info(rules_store.get_document("A/RES/80/83"))
    assert info.named == {"A/80/537"}
    assert info.title == "comprehensive review of special political missions" and info.session == 80


def test_draft_named_in_the_header_is_a_version(rules_store, corpus, tmp_path):
    # A/RES/80/11: "[without reference to a Main Committee (A/80/L.15)]"; OP1 "Reaffirms all
    # relevant resolutions relating to the mandate of the Peacebuilding Commission …" is word for
    # word A/80/L.15 OP1.
    assert doc_info(rules_store.get_document("A/RES/80/11")).named == {"A/80/L.15"}
    prov = trace_paragraph(rules_store, "A/RES/80/11", "OP1")
    assert _sym(prov.versions) == [("A/80/L.15", "OP1")]
    assert prov.first is None or prov.first.symbol != "A/80/L.15"
    assert "A/80/L.15" not in {s.symbol for s in prov.sources}
    # The header alone suffices: the same draft stored under another title is still a version.
    other = open_store(f"sqlite:///{tmp_path / 'h.db'}")
    draft = load(_extracted(corpus) / "A_80_L.15.json")
    other.put_document(dataclasses.replace(draft, title="A title the resolution does not share"))
    other.put_document(load(_extracted(corpus) / "A_RES_80_11.json"))
    prov = trace_paragraph(other, "A/RES/80/11", "OP1")
    assert _sym(prov.versions) == [("A/80/L.15", "OP1")] and prov.sources == []
    other.close()


def test_earliest_is_said_to_be_in_this_store(rules_store):
    # The store's oldest document is A/RES/78/79, adopted on 7 December 2023.
    prov = trace_paragraph(rules_store, "A/RES/80/83", "PP11")
    assert prov.store_from == 2023
    assert prov.first_label == "earliest in this store (documents from 2023)"
    data = prov.to_dict()
    assert data["first_label"] == "earliest in this store (documents from 2023)" and data["store_from"] == 2023
    assert [v["symbol"] for v in data["versions"]] == ["A/C.4/80/L.14"]

    result = CliRunner().invoke(app, ["trace", "A/RES/80/83", "-p", "PP11", "--db", rules_store.url])
    assert result.exit_code == 0, result.output
    assert "Earliest in this store (documents from 2023): A/RES/79/92 PP11" in result.stdout
    assert "Earlier version of this text: A/C.4/80/L.14 PP11" in result.stdout
    assert "First appearance" not in result.stdout
    result = CliRunner().invoke(app, ["trace", "A/RES/80/83", "-p", "PP11", "--db", rules_store.url, "--json"])
    assert json.loads(result.stdout)["first"]["symbol"] == "A/RES/79/92"

    client = TestClient(create_app(rules_store.url))
    api = client.get("/api/v1/trace", params={"symbol": "A/RES/80/83", "pid": "PP11"}).json()
    assert api["first_label"] == "earliest in this store (documents from 2023)"
    assert api["first"]["symbol"] == "A/RES/79/92" and api["versions"][0]["symbol"] == "A/C.4/80/L.14"
    page = client.get("/trace", params={"symbol": "A/RES/80/83", "pid": "PP11"}).text
    assert "Earliest in this store (documents from 2023)" in page and "First appearance" not in page
    assert "Earlier version of this text" in page and "A/C.4/80/L.14 PP11" in page


def test_same_day_siblings_are_one_group(rules_store):
    # A/RES/79/308 OP13 "Also requests the Secretary-General to take all action necessary to
    # ensure that the Force is administered with a maximum of efficiency and economy;" — on
    # 28 June 2024 the Assembly adopted the same words in 78/305 OP12 (UNIFIL, its own series),
    # 78/304 OP10, 78/297 OP11 ("Further requests …") and, with "the Mission", 78/298, 78/300,
    # 78/301: one template, one source group.
    prov = trace_paragraph(rules_store, "A/RES/79/308", "OP13")
    assert (prov.sources[0].symbol, prov.sources[0].pid) == ("A/RES/78/305", "OP12")
    siblings = {x.symbol for x in prov.sources[0].siblings}
    assert {"A/RES/78/297", "A/RES/78/304"} <= siblings
    same_day = [s for s in prov.sources if s.date == "2024-06-28" and "maximum of efficiency" in
                rules_store.get_document(s.symbol).paragraph(s.pid).text]
    assert len(same_day) == 1  # not seven competitors
    assert (prov.first.symbol, prov.first.pid) == ("A/RES/78/305", "OP12") and len(prov.lineage) == 1
    assert prov.to_dict()["lineage"][0].startswith("A/RES/78/305 OP12 (2024-06-28) + ")


def test_own_series_is_preferred(rules_store):
    # A/RES/79/301 (UNISFA, "Agenda item 156 Financing of the United Nations Interim Security
    # Force for Abyei") OP19 "Further decides that, for Member States that have not fulfilled their
    # financial obligations to the Force, there shall be set off … 12,549,000 dollars …". Its
    # predecessor A/RES/78/297 ("Agenda item 147 Financing of the United Nations Interim Security
    # Force for Abyei": the number changed, the item did not) OP21 "Also decides that, … 6,770,700
    # dollars …" shares slightly less of it than UNDOF's A/RES/78/304 OP18 ("Further decides …
    # 2,374,100 dollars …"), adopted the same day from the same template.
    prov = trace_paragraph(rules_store, "A/RES/79/301", "OP19")
    top = prov.sources[0]
    assert (top.symbol, top.pid, top.series) == ("A/RES/78/297", "OP21", 2)
    undof = next(x for x in top.siblings if x.symbol == "A/RES/78/304")
    assert undof.pid == "OP18" and undof.coverage > top.coverage
    assert "A/RES/78/304" not in {s.symbol for s in prov.sources}
    assert prov.first.symbol == "A/RES/78/297"


def test_phrase_queries_have_no_versions_but_say_where_the_store_begins(rules_store):
    prov = trace_text(index_for(rules_store), "to ensure that the Force is administered with a maximum of "
                                        "efficiency and economy")
    assert prov.versions == [] and prov.sources and prov.store_from == 2023
    assert prov.sources[0].date == "2024-06-28" and len(prov.sources[0].siblings) >= 2


def _doc(text: str) -> Document:
    return Document(symbol="A/RES/99/1", title="99/1. A test resolution", date="2030-01-01", body="GA",
                    doc_type="resolution", year=2030, session=99, source="mem://a", content_hash=text,
                    paragraphs=[Paragraph(pid="OP1", seq=0, kind="operative", text=text)])


def test_generation_counter_sees_a_replacement_within_the_same_second(store, monkeypatch):
    s = store  # conftest: an empty store of each backend
    monkeypatch.setattr(store_documents, "_now", lambda: "2030-01-01T00:00:00+00:00")  # one second for all
    assert 5 in {r[0] for r in s.query("SELECT version FROM schema_version")}  # 005_generation.sql
    g0 = s.generation()
    assert s.put_document(_doc("Decides to deploy blue giraffes along the lunar ceasefire line")) == "added"
    old_key = s.query("SELECT count(*), max(ingested_at) FROM documents")[0]
    assert s.generation() == g0 + 1
    before = index_for(s)
    assert "giraffes" in before.meta[0].text
    assert s.put_document(_doc("Decides to deploy green elephants along the lunar ceasefire line")) == "replaced"
    # What the old cache key was made of did not move; the generation did, and the index follows.
    assert s.query("SELECT count(*), max(ingested_at) FROM documents")[0] == old_key
    assert s.generation() == g0 + 2
    after = index_for(s)
    assert after is not before and [m.text for m in after.meta] == [
        "Decides to deploy green elephants along the lunar ceasefire line"]
    assert s.put_document(_doc("Decides to deploy green elephants along the lunar ceasefire line")) == "unchanged"
    assert s.generation() == g0 + 2 and index_for(s) is after  # nothing written, nothing rebuilt
    assert s.delete_document("A/RES/99/1")
    assert s.generation() == g0 + 3 and index_for(s).meta == []

