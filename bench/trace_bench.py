"""Provenance queries at 1M paragraphs: the real corpus's paragraphs replicated with 10 % of
words changed per copy, one shingle index, then "where does this come from?" for 200 real
paragraphs. Baseline in the same run: a plain SQLite FTS5 phrase query for the paragraph's
first 8 words (what a user without a shingle index would do; it finds only exact copies).

    python -m bench.trace_bench [--n 1000000]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from bench.common import CORPUS, machine, peak_rss_mb, percentile, perturb
from peaceobs.pipeline import ingest_paths
from peaceobs.store import open_store
from peaceobs.trace.index import ShingleIndex, words
from peaceobs.trace.provenance import trace_text

FOLDERS = ["unsc-resolutions-1946-1994/res_en_gold", "ga-documents-2023-2025/extracted",
           "peacekeeping-budget-reports-2026-27"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    args = ap.parse_args()
    rng = random.Random(9)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 't.db'}")
        ingest_paths(store, [CORPUS / f for f in FOLDERS], workers=2)
        rows = store.index_rows()
        store.close()
        real = list(rows)
        copy = 0
        while len(rows) < args.n:
            copy += 1
            for r in real:
                if len(rows) >= args.n:
                    break
                rows.append((f"{r[0]}#copy{copy}", r[1], r[2], r[3], perturb(r[4], rng), -copy * 10**6 - r[5], r[6],
                             -copy * 10**7 - r[7]))
        t = time.perf_counter()
        index = ShingleIndex.from_rows(rows)
        build = time.perf_counter() - t
        queries = [r[4] for r in rng.sample(real, 200) if len(words(r[4])) >= 8]
        times, found = [], 0
        for q in queries:
            t = time.perf_counter()
            prov = trace_text(index, q, limit=20)
            times.append((time.perf_counter() - t) * 1000)
            found += bool(prov.sources)
        fts = sqlite3.connect(":memory:")
        fts.execute("CREATE VIRTUAL TABLE t USING fts5(text)")
        fts.executemany("INSERT INTO t(text) VALUES (?)", ((r[4],) for r in rows))
        base, base_found = [], 0
        for q in queries:
            phrase = '"' + " ".join(m.group(0) for m in words(q)[:8]) + '"'
            t = time.perf_counter()
            hits = fts.execute("SELECT rowid FROM t WHERE t MATCH ? LIMIT 20", (phrase,)).fetchall()
            base.append((time.perf_counter() - t) * 1000)
            base_found += len(hits) > 1
    print(f"machine: {machine()}; {len(rows):,} paragraphs; {len(index.hashes):,} 5-grams; index build {build:.1f} s; "
          f"peak RSS {peak_rss_mb():.0f} MB")
    print("| method | p50 ms | p95 ms | max ms | queries with a source |")
    print("|---|---|---|---|---|")
    print(f"| peaceobs provenance (shingles + spans) | {statistics.median(times):.1f} | {percentile(times, 0.95):.1f} | {max(times):.1f} | {found}/{len(queries)} |")
    print(f"| FTS5 phrase of the first 8 words (baseline) | {statistics.median(base):.1f} | {percentile(base, 0.95):.1f} | {max(base):.1f} | {base_found}/{len(queries)} |")


if __name__ == "__main__":
    main()
