"""Every paragraph knows the printed page it starts on, where the source has pages.

The corpus cases were read by hand: PDF pages with `pdftotext -layout -f N -l N`, the GA
extraction's pages from the furniture runs in its raw `text` ("A/RES/79/1 … 24-16433 16/56" opens
page 16), the SC texts' pages from their form feeds. The words matched are quoted.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from peaceobs.ingest.base import TABLE_ROW, RawDocument
from peaceobs.model import OPERATIVE, Document, Paragraph
from peaceobs.pipeline import load
from peaceobs.store import open_store
from peaceobs.structure import paragraph_hash, structure
from peaceobs.structure.furniture import PAGE_BREAK, strip_furniture
from peaceobs.structure.lines import join_blocks
from peaceobs.web import create_app

# -- small texts (no corpus) -------------------------------------------------------------------


def test_join_blocks_counts_page_breaks():
    blocks = join_blocks(["1. First;", "", "2. Second", PAGE_BREAK, "goes on;", "", "3. Third.",
                          PAGE_BREAK, TABLE_ROW + "a | b", TABLE_ROW + "1 | 2"], True, True)
    assert [(b.text[:8], b.page) for b in blocks] == [
        ("1. First", 1), ("2. Secon", 1), ("goes on;", 2), ("3. Third", 2), ("a | b\n1 ", 3)]


def test_join_blocks_takes_the_pages_it_is_given():
    # A break inside a page (furniture in a masthead) opens no page: the list says so.
    blocks = join_blocks(["Masthead", PAGE_BREAK, "1. First.", PAGE_BREAK, "2. Second."], True, True,
                         pages=[1, 1, 3])
    assert [b.page for b in blocks] == [1, 1, 3]


def test_an_empty_page_still_counts():
    # Page 2 holds only furniture (or nothing): what follows is on page 3, not 2.
    stripped = strip_furniture([["1. First paragraph."], ["24-00001 2/3", ""], ["2. Second.", "25-00001 3/3"]])
    assert stripped.lines == ["1. First paragraph.", PAGE_BREAK, "2. Second."]
    assert stripped.pages == [1, 3]


def test_printed_pages_inside_one_text():
    # The GA extraction: one text, each page's header and footer printed together above it.
    head = ["United Nations", "A/RES/99/1", "", "General Assembly", "", "99/1. A test", "",
            "The General Assembly,", "", "Recalling its resolution 1/1,", "", "1. Decides that the text",
            ""]
    page2 = ["", "A/RES/99/1", "", "25-00001", "2/3", "", "goes on over the page;", "",
             "2. Requests a report;", "", "3. Decides to remain seized of the matter.", "",
             "__________________", "1 A note."]
    page3 = ["", "A/RES/99/1", "", "3/3", "25-00001", "", "4. Decides once more."]
    doc = structure(RawDocument("test", "ga-json", "h", {"symbol": "A/RES/99/1"}, pages=[head + page2 + page3]))
    pages = {p.pid: p.page for p in doc.paragraphs}
    assert pages["PP1"] == 1
    assert pages["OP1"] == 1 and "goes on over the page" in doc.paragraph("OP1").text  # its first page
    assert pages["OP2"] == pages["OP3"] == pages["FN1"] == 2
    assert pages["OP4"] == 3


def test_block_sources_have_no_pages():
    from peaceobs.ingest.base import Block

    doc = structure(RawDocument("test.docx", "docx", "h", {"symbol": "A/80/1"},
                                blocks=[Block("1. A paragraph of a report.")]))
    assert [p.page for p in doc.paragraphs] == [None]


def _doc(page: int | None) -> Document:
    text = "1. Decides to extend the mandate of the Force;"
    return Document(symbol="S/RES/9001 (2030)", title="Test", body="SC", doc_type="resolution",
                    source="/tmp/a.txt", source_format="text", content_hash="h", year=2030,
                    paragraphs=[Paragraph("OP1", 0, OPERATIVE, text, "1.", hash=paragraph_hash(text), page=page),
                                Paragraph("OP2", 1, OPERATIVE, "2. Decides.", "2.", hash=paragraph_hash("2. Decides."))])


def test_store_keeps_the_page(store):
    store.put_document(_doc(7))
    doc = store.get_document("S/RES/9001 (2030)")
    assert [p.page for p in doc.paragraphs] == [7, None]
    # The page is where the text is, not what it says: the hash is the text's alone.
    assert doc.paragraphs[0].hash == paragraph_hash(doc.paragraphs[0].text)


def test_api_gives_the_page(tmp_path):
    url = f"sqlite:///{tmp_path / 'p.db'}"
    s = open_store(url)
    s.put_document(_doc(7))
    s.close()
    client = TestClient(create_app(url, corpus=tmp_path))
    doc = client.get("/api/v1/documents/S/RES/9001(2030)").json()
    assert [p["page"] for p in doc["paragraphs"]] == [7, None]
    assert client.get("/api/v1/documents/S/RES/9001(2030)/paragraphs/OP1").json()["page"] == 7
    html = client.get("/doc/S/RES/9001(2030)").text
    assert '<span class="page">p. 7</span>' in html and html.count('class="page"') == 1


# -- the corpus, read by hand ------------------------------------------------------------------


@pytest.mark.corpus
def test_pdf_pages(corpus: Path):
    doc = load(corpus / "peacekeeping-budget-reports-2026-27" / "originals" / "A_80_628.pdf")
    heading = next(p for p in doc.paragraphs if p.text == "Financial resources")
    assert heading.page == 3  # page 3: "Financial resources" above "During the 2024/25 period, UNSOS incurred"
    table = next(p for p in doc.paragraphs if p.kind == "table" and "Gross requirements" in p.text)
    # page 4: "(Thousands of United States dollars; budget year is from 1 July to 30 June)" …
    # "Gross requirements 499 765.2 486 293.9 13 471.3 2.7 520 627.9 …"
    assert table.page == 4
    # page 6, last lines: "6. UNSOS ensured operational continuity through critical logistical and aviation";
    # page 7 goes on "forces, in the context of the closure or handover …": P6 starts on 6.
    p6 = doc.paragraph("P6")
    assert p6.page == 6 and "forces, in the context of the closure" in p6.text
    assert doc.paragraph("P7").page == 7  # page 7: "7. UNSOS maintained reliable mission infrastructure"
    assert doc.paragraph("P40").page == 13  # page 13: "40. For the 2026/27 period, UNSOS will continue"
    assert all(p.page is not None and 1 <= p.page <= 44 for p in doc.paragraphs)  # 44 pages


@pytest.mark.corpus
def test_ga_extraction_pages(corpus: Path):
    doc = load(corpus / "ga-documents-2023-2025" / "extracted" / "A_RES_79_1.json")
    # "… far exceed the capacity of any single State alone. They can" | "A/RES/79/1 The Pact for the
    # Future 24-16433 2/56" | "only be addressed collectively …": paragraph 5 starts on page 1.
    assert doc.paragraph("OP5").page == 1 and "only be addressed collectively" in doc.paragraph("OP5").text
    assert doc.paragraph("OP6").page == 2  # "6. We recognize that the multilateral system"
    # "… mediation and in peace" | "… 24-16433 16/56" | "operations, is essential to achieve
    # sustainable peace": paragraph 40 starts on page 15; "Action 20. …", "41. We recognize that the
    # full, effective, safe and meaningful participation" and "Action 21. We will adapt peace
    # operations" follow on page 16, before "17/56".
    assert doc.paragraph("OP40").page == 15
    assert doc.paragraph("OP41").page == 16
    action21 = next(p for p in doc.paragraphs if p.text.startswith("Action 21."))
    assert action21.page == 16
    # Footnote 5, "Report of the Fourth World Conference on Women, Beijing", under the rule before "4/56".
    assert doc.paragraph("FN5").page == 3
    assert max(p.page for p in doc.paragraphs) == 56


@pytest.mark.corpus
def test_sc_text_pages(corpus: Path):
    sc = corpus / "unsc-resolutions-1946-1994" / "res_en_gold"
    doc = load(sc / "S_RES_0834_1993_EN_GOLD.txt")
    # Page 1 ends "… demands that it immediately cease such actions and armed attacks,"; the form feed
    # opens page 2 with "5. Welcomes the disposition of the Government of Angola".
    assert doc.paragraph("OP4").page == 1
    assert doc.paragraph("OP5").page == 2 and doc.paragraph("OP17").page == 2
    # S/RES/1454 (2002): the 14th form-feed page is empty; "December 2002 - REVISED FORM" opens page 15.
    doc = load(sc / "S_RES_1454_2002_EN_GOLD.txt")
    form = next(p for p in doc.paragraphs if p.text.startswith("December 2002 - REVISED FORM"))
    assert form.page == 15
    # S/RES/902 (1994) has no form feed: "94-12513 (E)" | "S/RES/902 (1994)" | "Page 2" is the break,
    # before "4. Requests the Secretary-General to submit a further report"; "1/ S/1994/262." is
    # page 1's note.
    doc = load(sc / "S_RES_0902_1994_EN_GOLD.txt")
    assert doc.paragraph("OP3").page == 1 and doc.paragraph("OP4").page == 2
    assert doc.paragraph("FN1").page == 1


@pytest.mark.corpus
def test_docx_and_report_json_have_no_pages(corpus: Path):
    reports = corpus / "peacekeeping-budget-reports-2026-27"
    for path in (reports / "originals" / "A_80_628.docx", reports / "A_80_628.json"):
        assert {p.page for p in load(path).paragraphs} == {None}
