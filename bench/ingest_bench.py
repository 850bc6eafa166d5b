"""Ingest throughput: SC text (paragraphs/s), budget-report PDFs (pages/s), whole corpus (RSS).

    python -m bench.ingest_bench            # prints a Markdown table for docs/BENCHMARKS.md

Baselines in the same run: bare SQLite FTS5 indexing of the very paragraphs peaceobs produced
(the cost any FTS5 store pays), and pypdfium2's bare text extraction of the same PDFs.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pypdfium2 as pdfium

from bench.common import CORPUS, machine, timed
from peaceobs.pipeline import ingest_paths, load
from peaceobs.store import open_store


def fts5_baseline(texts: list[str]) -> float:
    """Seconds for bare SQLite FTS5 (porter) to index these paragraphs: BASELINES.md's bar."""
    with tempfile.TemporaryDirectory() as tmp:
        conn = sqlite3.connect(f"{tmp}/fts.db")
        conn.execute("CREATE VIRTUAL TABLE t USING fts5(text, tokenize='porter unicode61')")
        t = time.perf_counter()
        with conn:
            conn.executemany("INSERT INTO t(text) VALUES (?)", ((x,) for x in texts))
        secs = time.perf_counter() - t
        conn.close()
        return secs


def text_throughput(workers: int) -> tuple[float, float]:
    """peaceobs paragraphs/s (read + structure + store with FTS5) and FTS5-only paragraphs/s."""
    files = sorted((CORPUS / "unsc-resolutions-1946-1994" / "res_en_gold").glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{tmp}/b.db")
        report, secs = timed(ingest_paths, store, files, workers=workers)
        texts = [r[0] for r in store.query("SELECT text FROM paragraphs")]
        store.close()
    return report.paragraphs / secs, len(texts) / fts5_baseline(texts)


def pdf_throughput(workers: int) -> tuple[float, float]:
    """peaceobs pages/s (read + structure, no store) and pypdfium2's bare text extraction."""
    files = sorted((CORPUS / "peacekeeping-budget-reports-2026-27" / "originals").glob("*.pdf"))
    pages = sum(len(pdfium.PdfDocument(str(f))) for f in files)
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            _, secs = timed(lambda: list(pool.map(load, files)))
    else:
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


def rss_at_scale(copies: int) -> tuple[int, float, float]:
    """Peak RSS of an ingest of the SC texts copied ``copies`` times under new symbols."""
    src = sorted((CORPUS / "unsc-resolutions-1946-1994" / "res_en_gold").glob("*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        for k in range(copies):
            for f in src:
                number, year = f.name.split("_")[2:4]
                (folder / f"S_RES_{int(number) + 10000 * k:05d}_{year}_EN.txt").symlink_to(f)
        script = ("import resource, sys; from peaceobs.store import open_store; "
                  "from peaceobs.pipeline import ingest_paths; "
                  "r = ingest_paths(open_store(sys.argv[1]), [sys.argv[2]], workers=2); "
                  "print(r.paragraphs, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "
                  "resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)")
        out = subprocess.run([sys.executable, "-c", script, f"sqlite:///{tmp}/s.db", str(folder)],
                             capture_output=True, text=True, check=True).stdout.split()
        return int(out[0]), float(out[1]), float(out[2])


if __name__ == "__main__":
    print(f"machine: {machine()}")
    print("| work | workers | peaceobs | baseline (same run) | ratio |")
    print("|---|---|---|---|---|")
    for w in (1, 2):
        tp, tb = text_throughput(w)
        print(f"| SC texts: paragraphs/s, read+structure+store (FTS5) | {w} | {tp:,.0f} | {tb:,.0f} (bare FTS5 insert of the same paragraphs) | {tp / tb:.2f} |")
    for w in (1, 2):
        pp, pb = pdf_throughput(w)
        print(f"| budget-report PDFs: pages/s, read+structure | {w} | {pp:,.0f} | {pb:,.0f} (pypdfium2 text only, 1 process) | {pp / pb:.2f} |")
    for copies in (1, 20):
        n, main_rss, worker_rss = rss_at_scale(copies)
        print(f"| SC texts ×{copies}: peak RSS, main process / largest worker | 2 | {n:,} paragraphs: {main_rss:.0f} MB / {worker_rss:.0f} MB | | | |")
    secs, rss, paras = full_ingest()
    print(f"| whole corpus into SQLite (`make demo`'s four folders) | 1 | {secs:.1f} s, {paras:,} paragraphs, peak RSS {rss:.0f} MB | | |")
