"""Budget figures from PDF tables: pages/s and figure agreement with the DOCX, peaceobs vs
pdfplumber, both feeding the same finance reader.

    python -m bench.finance_bench                # every budget report held as PDF and DOCX
    python -m bench.finance_bench --reports 3    # the first three (pdfplumber is slow)

Like with like: each tool reads every page of the same PDFs and hands its tables to the same
reader (``peaceobs.finance.read_tables``), which finds the money tables by their caption, reads
headers, periods, measures and row labels, and converts thousands to dollars. peaceobs: its PDF
reader (tables found from the page geometry while reading lines) and its structure stage.
pdfplumber 0.11: ``find_tables()`` with the text strategy (UN tables print few rules, so the
default line strategy finds almost none), each table preceded by the page's text above it, so
that its caption can be read. Agreement: the financial resources figures the same reader finds
in the DOCX (category, group, period, measure, site → dollars) found with the same value.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import pypdfium2 as pdfium

from bench.common import CORPUS, machine
from peaceobs.finance.tables import read_tables
from peaceobs.model import BODY, TABLE, Document, Paragraph
from peaceobs.pipeline import load

REPORTS = CORPUS / "peacekeeping-budget-reports-2026-27" / "originals"
Key = tuple[str, str, str, str, str]


def figures(doc: Document) -> dict[Key, int | float | None]:
    out: dict[Key, int | float | None] = {}
    for x in read_tables(doc).lines:
        if x.resources:
            key = (x.category, x.group or "", x.period, x.measure, x.scope or "")
            out.setdefault(key, x.amount_usd if x.amount_usd is not None else x.percent)
    return out


def peaceobs_doc(path: Path) -> Document:
    return load(path)


def pdfplumber_doc(path: Path) -> Document:
    import pdfplumber

    doc = Document(symbol=path.stem.replace("_", "/"), title=load(path.with_suffix(".docx")).title,
                   source_format="pdfplumber")
    paragraphs: list[Paragraph] = []
    settings = {"vertical_strategy": "text", "horizontal_strategy": "text"}
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            for table in page.find_tables(settings):
                above = page.crop((0, 0, page.width, max(1, table.bbox[1]))).extract_text() or ""
                paragraphs.append(Paragraph(f"U{len(paragraphs)}", len(paragraphs), BODY, above[-400:], page=number))
                rows = [" | ".join(" ".join((c or "").split()) for c in row) for row in table.extract()]
                paragraphs.append(Paragraph(f"T{len(paragraphs)}", len(paragraphs), TABLE, "\n".join(rows),
                                            page=number))
            page.flush_cache()
    doc.paragraphs = paragraphs
    return doc


def run(reports: int) -> None:
    pairs = [p for p in sorted(REPORTS.glob("*.pdf")) if p.with_suffix(".docx").exists()][:reports]
    pages = sum(len(pdfium.PdfDocument(str(p))) for p in pairs)
    reference = {p: figures(load(p.with_suffix(".docx"))) for p in pairs}
    tools = {"peaceobs (pypdfium2 + geometry + structure)": peaceobs_doc,
             "pdfplumber find_tables (text strategy)": pdfplumber_doc}
    results = {}
    for name, fn in tools.items():
        hit = total = 0
        secs = 0.0
        for p in pairs:
            t = time.perf_counter()
            got = figures(fn(p))
            secs += time.perf_counter() - t
            want = reference[p]
            total += len(want)
            hit += sum(got.get(k) == v for k, v in want.items())
        results[name] = (pages / secs, hit, total)
    base = results["pdfplumber find_tables (text strategy)"][0]
    print(f"Machine: {machine()}; {len(pairs)} reports, {pages} pages")
    print("| tool | pages/s (read + tables + figures) | ratio to pdfplumber | DOCX figures found, same value |")
    print("|---|---|---|---|")
    for name, (pps, hit, total) in results.items():
        print(f"| {name} | {pps:,.1f} | {pps / base:.1f} | {hit / total:.1%} ({hit:,} / {total:,}) |")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reports", type=int, default=99)
    run(ap.parse_args().reports)
