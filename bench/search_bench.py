"""Search latency at 1M paragraphs: peaceobs (SQLite FTS5 store) side by side with tantivy.

    python -m bench.search_bench [--n 1000000]

The paragraph set is the real corpus's paragraphs (as peaceobs structures them), replicated with
10% of words replaced per copy until it holds N paragraphs. Both engines index the same texts
and run the same 41 queries (bench/common.py), top 10, each query 3 times; p50/p95/worst over
all runs. peaceobs is measured through its library API (parse + SQL + snippets); tantivy
through its Python API, without snippets.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

import tantivy

from bench.common import CORPUS, QUERIES, machine, peak_rss_mb, percentile, perturb
from peaceobs.model import Document, Paragraph
from peaceobs.pipeline import ingest_paths
from peaceobs.search import Filters, search
from peaceobs.store import open_store
from peaceobs.structure import paragraph_hash

FOLDERS = ["unsc-resolutions-1946-1994/res_en_gold", "ga-documents-2023-2025/extracted",
           "peacekeeping-budget-reports-2026-27"]


def real_paragraphs(tmp: Path) -> list[tuple[str, str]]:
    store = open_store(f"sqlite:///{tmp / 'real.db'}")
    ingest_paths(store, [CORPUS / f for f in FOLDERS], workers=2)
    rows = store._all("SELECT d.symbol, p.text FROM paragraphs p JOIN documents d ON d.id = p.doc_id ORDER BY p.id")
    store.close()
    return rows


def replicate(rows: list[tuple[str, str]], n: int) -> list[tuple[str, str]]:
    rng = random.Random(42)
    out = list(rows)
    copy = 0
    while len(out) < n:
        copy += 1
        for symbol, text in rows:
            if len(out) >= n:
                break
            out.append((f"{symbol}#copy{copy}", perturb(text, rng)))
    return out


def build_peaceobs(rows: list[tuple[str, str]], path: Path) -> float:
    store = open_store(f"sqlite:///{path}")
    t = time.perf_counter()
    by_doc: dict[str, list[str]] = {}
    for symbol, text in rows:
        by_doc.setdefault(symbol, []).append(text)
    with store.transaction():
        for i, (symbol, texts) in enumerate(by_doc.items()):
            year = 1946 + i % 80
            doc = Document(symbol=f"BENCH/{i}", title=symbol, body="GA" if i % 2 else "SC", doc_type="resolution",
                           year=year, source=f"bench:{i}", source_format="text", content_hash=str(i),
                           paragraphs=[Paragraph(f"P{k}", k, "operative", t, hash=paragraph_hash(t))
                                       for k, t in enumerate(texts)])
            store.put_document(doc)
    secs = time.perf_counter() - t
    store.close()
    return secs


def build_tantivy(rows: list[tuple[str, str]], path: Path) -> tuple[tantivy.Index, float]:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("text", stored=False, tokenizer_name="en_stem")
    builder.add_text_field("symbol", stored=True)
    schema = builder.build()
    index = tantivy.Index(schema, path=str(path))
    t = time.perf_counter()
    writer = index.writer(heap_size=256_000_000, num_threads=2)
    for symbol, text in rows:
        writer.add_document(tantivy.Document(text=text, symbol=symbol))
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    return index, time.perf_counter() - t


def time_queries(run) -> list[float]:
    times = []
    for _ in range(3):
        for q in QUERIES:
            t = time.perf_counter()
            run(q)
            times.append((time.perf_counter() - t) * 1000)
    return times


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        rows = replicate(real_paragraphs(tmp), args.n)
        po_secs = build_peaceobs(rows, tmp / "bench.db")
        (tmp / "tv").mkdir()
        index, tv_secs = build_tantivy(rows, tmp / "tv")
        store = open_store(f"sqlite:///{tmp / 'bench.db'}")
        po = time_queries(lambda q: search(store, q, Filters(), limit=10))
        po_filtered = time_queries(lambda q: search(store, q, Filters(body="GA", year_from=1990), limit=10))
        searcher = index.searcher()

        def tv_run(q: str) -> None:
            searcher.search(index.parse_query(q.replace("*", ""), ["text"]), 10)

        tv = time_queries(tv_run)
        print(f"machine: {machine()}; {len(rows):,} paragraphs; peak RSS {peak_rss_mb():.0f} MB")
        print("| engine | index time | p50 ms | p95 ms | worst ms |")
        print("|---|---|---|---|---|")
        for name, secs, ts in (("peaceobs (SQLite FTS5, with snippets)", po_secs, po),
                               ("peaceobs, filtered body=GA year>=1990", None, po_filtered),
                               ("tantivy (no snippets)", tv_secs, tv)):
            idx = f"{secs:.1f} s" if secs is not None else "—"
            print(f"| {name} | {idx} | {statistics.median(ts):.2f} | {percentile(ts, 0.95):.2f} | {max(ts):.1f} |")
        print(f"ratio p95 peaceobs/tantivy: {percentile(po, 0.95) / percentile(tv, 0.95):.1f}")
        worst = sorted(zip(po, QUERIES * 3, strict=True), reverse=True)[:3]
        print("slowest peaceobs queries:", ", ".join(f"{q} {t:.0f} ms" for t, q in worst))


if __name__ == "__main__":
    main()
