"""PDF tables: pages/s and cell agreement with the DOCX of the same report, peaceobs vs pdfplumber.

    python -m bench.table_bench                 # all budget reports that come as PDF and DOCX
    python -m bench.table_bench --reports 3     # the first three (pdfplumber is slow)

Like with like: both read the same PDF pages and are timed for text + tables of every page
(peaceobs: its PDF reader, which finds tables while reading lines; pdfplumber: open + each page's
``extract_tables()``, once with its default ruling-line strategy and once with its text
strategy, since UN tables print few rules). Agreement: every DOCX table row with a label and at
least one figure is looked up by its label among the tables each tool found in the PDF (the best
of the rows so labelled); the share of that row's other DOCX cells found in the PDF row.
"""

from __future__ import annotations

import argparse
import re
import time
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium

from bench.common import CORPUS, machine
from peaceobs.ingest.base import TABLE_CELL, TABLE_ROW
from peaceobs.ingest.docx import read_docx
from peaceobs.ingest.pdf import read_pdf

REPORTS = CORPUS / "peacekeeping-budget-reports-2026-27" / "originals"


def norm(cell: str | None) -> str:
    text = (cell or "").replace("\u00ad", "").replace("\ufffe", "-")
    return " ".join(text.split()).strip(" |").lower()


def docx_rows(path: Path) -> list[list[str]]:
    rows = []
    for block in read_docx(path).blocks or []:
        if block.hint == "table":
            rows.extend([norm(c) for c in line.split(TABLE_CELL)] for line in block.text.split("\n"))
    return rows


def peaceobs_rows(path: Path) -> list[list[str]]:
    raw = read_pdf(path)
    return [[norm(c) for c in line[len(TABLE_ROW):].split(TABLE_CELL)]
            for page in raw.pages or [] for line in page if line.startswith(TABLE_ROW)]


def pdfplumber_rows(path: Path, settings: dict | None) -> list[list[str]]:
    import pdfplumber

    rows = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            for table in page.extract_tables(settings or {}):
                rows.extend([norm(c) for c in row] for row in table)
            page.flush_cache()
    return rows


_FIGURE = re.compile(r"^[(\-–]?[\d–][\d ,.%]*\)?$|^–$")


def agreement(reference: list[list[str]], found: list[list[str]]) -> tuple[int, int]:
    """DOCX cells found in the same row of the PDF tables, and DOCX cells looked for."""
    by_label: dict[str, list[Counter]] = {}
    for row in found:
        cells = [c for c in row if c]
        if cells:
            by_label.setdefault(cells[0], []).append(Counter(cells[1:]))
    hit = total = 0
    for row in reference:
        if not row or not row[0] or not any(_FIGURE.match(c) for c in row[1:]):
            continue
        want = Counter(c for c in row[1:] if c)
        total += sum(want.values())
        best = 0
        for got in by_label.get(row[0], []):
            best = max(best, sum((want & got).values()))
        hit += best
    return hit, total


def run(reports: int) -> None:
    pairs = [p for p in sorted(REPORTS.glob("*.pdf")) if p.with_suffix(".docx").exists()][:reports]
    pages = sum(len(pdfium.PdfDocument(str(p))) for p in pairs)
    refs = {p: docx_rows(p.with_suffix(".docx")) for p in pairs}
    tools = {
        "peaceobs (pypdfium2 + geometry)": peaceobs_rows,
        "pdfplumber extract_tables (lines, default)": lambda p: pdfplumber_rows(p, None),
        "pdfplumber extract_tables (text strategy)": lambda p: pdfplumber_rows(
            p, {"vertical_strategy": "text", "horizontal_strategy": "text"}),
    }
    results = {}
    for name, fn in tools.items():
        hit = total = 0
        t = time.perf_counter()
        got = {p: fn(p) for p in pairs}
        secs = time.perf_counter() - t
        for p in pairs:
            h, n = agreement(refs[p], got[p])
            hit, total = hit + h, total + n
        results[name] = (pages / secs, hit / total if total else 0.0, hit, total)
    base = results["pdfplumber extract_tables (text strategy)"][0]
    print(f"Machine: {machine()}; {len(pairs)} reports, {pages} pages")
    print("| tool | pages/s | ratio to pdfplumber (text) | DOCX cells found in the same row |")
    print("|---|---|---|---|")
    for name, (pps, share, hit, total) in results.items():
        print(f"| {name} | {pps:,.1f} | {pps / base:.1f} | {share:.1%} ({hit:,} / {total:,}) |")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--reports", type=int, default=99)
    run(ap.parse_args().reports)
