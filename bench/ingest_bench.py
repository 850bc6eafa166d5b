"""Ingest throughput: SC text (paragraphs/s), budget-report PDFs (pages/s), whole corpus (RSS).

    python bench/ingest_bench.py            # writes nothing; prints a Markdown block

Baseline in the same run: the read-and-split a plain script does (blank-line split of the same
texts, and pypdfium2's bare text extraction for the same PDFs).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time

import pypdfium2 as pdfium

from bench.common import CORPUS, machine, timed
from peaceobs.pipeline import ingest_paths, load
from peaceobs.store import open_store


def text_throughput() -> tuple[float, float]:
    files = sorted((CORPUS / "unsc-resolutions-1946-1994" / "res_en_gold").glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{tmp}/b.db")
        report, secs = timed(ingest_paths, store, files)
    base_n, base_secs = timed(lambda: sum(len([b for b in f.read_text().split("\n\n") if b.strip()]) for f in files))
    return report.paragraphs / secs, base_n / base_secs


def pdf_throughput() -> tuple[float, float]:
    files = sorted((CORPUS / "peacekeeping-budget-reports-2026-27" / "originals").glob("*.pdf"))
    pages = sum(len(pdfium.PdfDocument(str(f))) for f in files)
    _, secs = timed(lambda: [load(f) for f in files])

    def bare():
        for f in files:
            pdf = pdfium.PdfDocument(str(f))
            for i in range(len(pdf)):
                pdf[i].get_textpage().get_text_range()

    _, base = timed(bare)
    return pages / secs, pages / base


RSS_SCRIPT = """
import resource, sys
from peaceobs.store import open_store
from peaceobs.pipeline import ingest_paths
c = sys.argv[2]
s = open_store(sys.argv[1])
ingest_paths(s, [c + '/unsc-resolutions-1946-1994/res_en_gold', c + '/ga-documents-2023-2025/extracted',
                 c + '/ga-resolutions-80-markdown', c + '/peacekeeping-budget-reports-2026-27'])
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, s.stats()['paragraphs'])
"""


def full_ingest() -> tuple[float, float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", RSS_SCRIPT, f"sqlite:///{tmp}/f.db", str(CORPUS)],
                             capture_output=True, text=True, check=True).stdout.split()
        return time.perf_counter() - t, float(out[0]), int(out[1])


if __name__ == "__main__":
    tp, tb = text_throughput()
    pp, pb = pdf_throughput()
    secs, rss, paras = full_ingest()
    print(f"machine: {machine()}")
    print("| work | peaceobs | baseline (same run) | ratio |")
    print("|---|---|---|---|")
    print(f"| SC text ingest, paragraphs/s (read+structure+store) | {tp:,.0f} | {tb:,.0f} (blank-line split, no store) | {tp / tb:.3f} |")
    print(f"| budget PDFs, pages/s (read+structure) | {pp:,.0f} | {pb:,.0f} (pypdfium2 text only) | {pp / pb:.2f} |")
    print(f"| whole corpus into SQLite | {secs:.1f} s, {paras:,} paragraphs, peak RSS {rss:.0f} MB | | |")
