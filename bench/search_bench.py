"""Search latency at 1M paragraphs: peaceobs side by side with tantivy, on the same queries.

    python -m bench.search_bench [--n 1000000] [--postgres URL --pg-n 1000000] [--fuzz 300]

The paragraph set is the real corpus's paragraphs (as peaceobs structures them), replicated with
10% of words replaced per copy until it holds N paragraphs. The 41 queries of bench/common.py run
top 10, each 3 times; p50/p95/worst over all runs. Rows:

- peaceobs through its library API (``search()``: parse, rank, snippets), ranked by the store's
  own index (FTS5; PostgreSQL tsvector) — the baseline, run without the time bound — and by the top-k index beside it
  (tantivy ranks, the store makes the ten snippets); unfiltered and filtered.
- tantivy alone, no snippets, on the *same* query semantics: the query built from peaceobs's
  ParsedQuery (AND of clauses, OR within one, phrases, prefixes as prefixes) — not tantivy's
  own parser, which ORs words and has no ``word*``.
- agreement: for each query, the number of matches in the store's index and in tantivy.
- the fuzzed worst case (bench/fuzz_bench.py) in its own process, for its peak RSS.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from bench.common import CORPUS, QUERIES, machine, peak_rss_mb, percentile, perturb
from peaceobs import topk
from peaceobs.model import Document, Paragraph
from peaceobs.pipeline import ingest_paths
from peaceobs.search import Filters, QueryTooLarge, parse_query, search
from peaceobs.store import deadline, open_store
from peaceobs.structure import paragraph_hash

FOLDERS = ["unsc-resolutions-1946-1994/res_en_gold", "ga-documents-2023-2025/extracted",
           "peacekeeping-budget-reports-2026-27"]


def real_paragraphs(tmp: Path) -> list[tuple[str, str]]:
    store = open_store(f"sqlite:///{tmp / 'real.db'}")
    ingest_paths(store, [CORPUS / f for f in FOLDERS], workers=2)
    rows = store.query("SELECT d.symbol, p.text FROM paragraphs p JOIN documents d ON d.id = p.doc_id ORDER BY p.id")
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


def build_peaceobs(rows: list[tuple[str, str]], path: Path | str) -> float:
    store = open_store(path if isinstance(path, str) else f"sqlite:///{path}")
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


def time_queries(run, queries: list[str] = QUERIES) -> tuple[list[float], list[str]]:
    times, names = [], []
    for _ in range(3):
        for q in queries:
            t = time.perf_counter()
            run(q)
            times.append((time.perf_counter() - t) * 1000)
            names.append(q)
    return times, names


def row(name: str, build: str, ts: list[float], names: list[str]) -> str:
    worst = max(range(len(ts)), key=ts.__getitem__)
    return (f"| {name} | {build} | {statistics.median(ts):.2f} | {percentile(ts, 0.95):.2f} | "
            f"{ts[worst]:.1f} ({names[worst]}) |")


@contextmanager
def topk_mode(on: bool):
    old = os.environ.get("PEACEOBS_TOPK")
    os.environ["PEACEOBS_TOPK"] = "auto" if on else "off"
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("PEACEOBS_TOPK", None)
        else:
            os.environ["PEACEOBS_TOPK"] = old


BASELINE_CAP = 5.0


def measure(label: str, store, build_secs: float) -> tuple[list[str], dict[str, list[float]]]:
    """The rows for one store: its own ranking, the top-k index, filtered, tantivy alone."""
    t = time.perf_counter()
    info = topk.rebuild(store)
    topk_secs = time.perf_counter() - t
    lines, p95s = [], {}
    filt = Filters(body="GA", year_from=1990)
    bound = deadline.QUERY_SECONDS
    # The baseline as it was, but capped at BASELINE_CAP s a query (PostgreSQL's own ranking of a
    # common word under filters takes seconds at 1M): a capped query counts as the time it ran.
    deadline.QUERY_SECONDS = BASELINE_CAP
    capped = []

    def own_search(q: str, f: Filters) -> None:
        try:
            search(store, q, f, limit=10)
        except QueryTooLarge:
            capped.append(q)

    def own_total(q: str) -> int:
        try:
            return store.search(parse_query(q), Filters(), 1, 0, True)[1]
        except QueryTooLarge:
            return -1

    with topk_mode(False):
        own, names = time_queries(lambda q: own_search(q, Filters()))
        own_f, _ = time_queries(lambda q: own_search(q, filt))
        own_totals = {q: own_total(q) for q in QUERIES}
    deadline.QUERY_SECONDS = bound
    with topk_mode(True):
        assert topk.for_store(store) is not None, "the top-k index is not current"
        tk, _ = time_queries(lambda q: search(store, q, Filters(), limit=10))
        tk_f, _ = time_queries(lambda q: search(store, q, filt, limit=10))
        index = topk.for_store(store)
        parsed = {q: parse_query(q) for q in QUERIES}
        bare, _ = time_queries(lambda q: index.ranked(parse_query(q), Filters(), 10, 0, False))
        tv_totals = {q: index.ranked(parsed[q], Filters(), 1, 0, True)[1] for q in QUERIES}
    lines.append(row(f"peaceobs, {label}, own index, with snippets (baseline)", f"{build_secs:.1f} s", own, names))
    lines.append(row(f"peaceobs, {label}, top-k index, with snippets", f"+{topk_secs:.1f} s", tk, names))
    lines.append(row(f"peaceobs, {label}, own index, body=GA year>=1990", "—", own_f, names))
    lines.append(row(f"peaceobs, {label}, top-k index, body=GA year>=1990", "—", tk_f, names))
    lines.append(row(f"tantivy alone ({label} top-k folder), same semantics, no snippets", "—", bare, names))
    p95s = {"own": own, "topk": tk, "own_f": own_f, "topk_f": tk_f, "bare": bare}
    same = sum(own_totals[q] == tv_totals[q] for q in QUERIES)
    diffs = sorted(((abs(own_totals[q] - tv_totals[q]) / max(1, own_totals[q]), q, own_totals[q], tv_totals[q])
                    for q in QUERIES), reverse=True)
    if capped:
        lines.append(f"baseline capped at {BASELINE_CAP} s: {len(capped)} runs ({', '.join(sorted(set(capped)))})")
    lines.append(f"matches: same count for {same}/{len(QUERIES)} queries; largest differences: "
                 + "; ".join(f"{q} {a:,} vs {b:,} ({d:.1%})" for d, q, a, b in diffs[:4]))
    lines.append(f"top-k index: {info['paragraphs']:,} paragraphs, built in {topk_secs:.1f} s; ratio p95 "
                 f"own/top-k {percentile(own, 0.95) / percentile(tk, 0.95):.1f}, top-k/tantivy alone "
                 f"{percentile(tk, 0.95) / percentile(bare, 0.95):.1f}, own/tantivy alone "
                 f"{percentile(own, 0.95) / percentile(bare, 0.95):.1f}")
    return lines, p95s


def fuzz(url: str, n: int) -> str:
    """bench/fuzz_bench.py in its own process (its peak RSS is the search's, not the build's)."""
    out = subprocess.run([sys.executable, "-m", "bench.fuzz_bench", "--db", url, "--n", str(n)],
                         capture_output=True, text=True, check=True)
    return out.stdout.strip()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--postgres", help="also measure PostgreSQL mode in this (emptied) database")
    ap.add_argument("--pg-n", type=int, default=None, help="paragraphs for PostgreSQL (default --n)")
    ap.add_argument("--fuzz", type=int, default=300, help="fuzzed queries (0: none)")
    ap.add_argument("--workdir", help="keep the built stores here and reuse them (development)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(args.workdir or tmp_s)
        tmp.mkdir(parents=True, exist_ok=True)
        real = real_paragraphs(tmp) if not (tmp / "real.db").exists() else _rows(tmp / "real.db")
        rows = replicate(real, args.n)
        db = tmp / f"bench{args.n}.db"
        po_secs = build_peaceobs(rows, db) if not db.exists() else float("nan")
        store = open_store(f"sqlite:///{db}")
        lines, _ = measure("SQLite", store, po_secs)
        fuzz_lines = [fuzz(f"sqlite:///{db}", args.fuzz)] if args.fuzz else []
        store.close()
        if args.postgres:
            pg_rows = replicate(real, args.pg_n or args.n)
            del rows
            reset_postgres(args.postgres)
            pg_secs = build_peaceobs(pg_rows, args.postgres)
            del pg_rows
            store = open_store(args.postgres)
            pg_lines, _ = measure("PostgreSQL", store, pg_secs)
            lines += pg_lines
            if args.fuzz:
                fuzz_lines.append(fuzz(args.postgres, args.fuzz))
            store.close()
        print(f"machine: {machine()}; {args.n:,} paragraphs (PostgreSQL {args.pg_n or args.n:,}); "
              f"peak RSS of the bench {peak_rss_mb():.0f} MB")
        print("| engine | index build | p50 ms | p95 ms | worst ms |")
        print("|---|---|---|---|---|")
        for line in lines:
            print(line)
        for line in fuzz_lines:
            print(line)


def _rows(path: Path) -> list[tuple[str, str]]:
    store = open_store(f"sqlite:///{path}")
    rows = store.query("SELECT d.symbol, p.text FROM paragraphs p JOIN documents d ON d.id = p.doc_id ORDER BY p.id")
    store.close()
    return rows


def reset_postgres(url: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP SCHEMA public CASCADE")
        conn.execute("CREATE SCHEMA public")


if __name__ == "__main__":
    main()
