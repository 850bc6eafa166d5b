"""Provenance queries at 1M paragraphs, from the index saved on disk, and the CLI on the corpus.

``python -m bench.trace_bench [--n 1000000]``: the real corpus's paragraphs replicated with 10 % of
words changed per copy, one shingle index built and saved (``.npy`` files), then "where does this
come from?" for 200 real paragraphs in a *separate process* that opens the index memory-mapped —
its peak RSS is what a trace process costs — first with the index files dropped from the page
cache (cold), then again (warm). Also: merging one more document into the saved index (what an
ingest does) vs building it again. Baseline in the same run: a plain SQLite FTS5 phrase query for
the paragraph's first 8 words (it finds only exact copies).

``python -m bench.trace_bench --cli data/peaceobs.db``: wall time of ``peaceobs trace SYMBOL -p PID``
on a store (cold: store and index files dropped from the page cache; warm), next to ``peaceobs
--help`` (the CLI's own start-up) in the same run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import CORPUS, machine, peak_rss_mb, percentile, perturb
from peaceobs.pipeline import ingest_paths
from peaceobs.store import open_store
from peaceobs.trace import persist
from peaceobs.trace.index import ShingleIndex, make_segment, words
from peaceobs.trace.provenance import trace_text

FOLDERS = ["unsc-resolutions-1946-1994/res_en_gold", "ga-documents-2023-2025/extracted",
           "peacekeeping-budget-reports-2026-27"]
CLI_QUERIES = [("A/RES/79/308", "OP4"), ("A/RES/79/301", "OP19"), ("S/RES/390 (1976)", "OP1")]


def drop_cache(folder: Path) -> None:
    """Evict a folder's files from the page cache (clean pages only), so the next read is cold."""
    for p in folder.rglob("*"):
        if p.is_file():
            fd = os.open(p, os.O_RDONLY)
            try:
                os.fsync(fd)
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def query_process(root: str, queries_file: str) -> None:
    """In a fresh process: open the saved index memory-mapped and trace every query."""
    t = time.perf_counter()
    index = persist.open_index(Path(root))
    assert index is not None
    opened = (time.perf_counter() - t) * 1000
    queries = json.loads(Path(queries_file).read_text())
    times, found = [], 0
    for q in queries:
        t = time.perf_counter()
        prov = trace_text(index, q, limit=20)
        times.append((time.perf_counter() - t) * 1000)
        found += bool(prov.sources)
    # VmHWM, not ru_maxrss: the latter survives exec and would report the parent's peak. At the
    # end, the resident pages split: anonymous (heap) and file-backed (mapped index pages).
    if os.environ.get("PEACEOBS_BENCH_SMAPS"):  # which mapped files the resident pages belong to
        per: dict[str, int] = {}
        name = ""
        for line in Path("/proc/self/smaps").read_text().splitlines():
            parts = line.split()
            if parts and "-" in parts[0] and len(parts) >= 5:
                name = parts[5] if len(parts) > 5 else ""
            elif parts and parts[0] == "Rss:" and name.endswith(".npy"):
                per[Path(name).name] = per.get(Path(name).name, 0) + int(parts[1])
        print(json.dumps(sorted(((k, v // 1024) for k, v in per.items()), key=lambda kv: -kv[1])[:12]), file=sys.stderr)
    status = {line.split(":")[0]: line.split()[1] for line in Path("/proc/self/status").read_text().splitlines()
              if line.startswith(("VmHWM:", "RssAnon:", "RssFile:"))}
    print(json.dumps({"open_ms": opened, "times": times, "found": found, "rss_mb": int(status["VmHWM"]) / 1024,
                      "anon_mb": int(status["RssAnon"]) / 1024, "file_mb": int(status["RssFile"]) / 1024}))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000)
    ap.add_argument("--cli", help="a store: time the CLI's trace command on it")
    ap.add_argument("--query-process", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.query_process:
        query_process(*args.query_process)
        return
    if args.cli:
        cli(args.cli)
        return
    rng = random.Random(9)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["PEACEOBS_TRACE_ON_INGEST"] = "0"
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
        extra, rows = rows[-200:], rows[:-200]  # the last 200 paragraphs come later, as an ingest
        t = time.perf_counter()
        index = ShingleIndex.from_rows(rows)
        build = time.perf_counter() - t
        index.key = (1,)
        index.seen_content = index.seen * 0  # (only persist.update reads it)
        root = Path(tmp) / "index"
        t = time.perf_counter()
        persist.save(index, root)
        saved = time.perf_counter() - t
        size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file()) / 2**20
        build_rss = peak_rss_mb()
        # An ingest's update: the new paragraphs tokenised and merged in, the result saved.
        t = time.perf_counter()
        seg = make_segment(extra, para0=len(index.meta), doc0=len(index.d_id))
        merged = index.with_changes(index.d_id[:0], seg, index.seen, index.store_from)
        merged.key = (2,)
        merged.seen_content = merged.seen * 0
        persist.save(merged, root)
        update = time.perf_counter() - t
        del index, merged
        queries = [r[4] for r in rng.sample(real, 200) if len(words(r[4])) >= 8]
        qfile = Path(tmp) / "q.json"
        qfile.write_text(json.dumps(queries))
        runs = {}
        for label in ("cold", "warm"):
            if label == "cold":
                drop_cache(root)
            done = subprocess.run([sys.executable, "-m", "bench.trace_bench", "--query-process", str(root), str(qfile)],
                                  check=True, capture_output=True, text=True)
            runs[label] = json.loads(done.stdout.strip().splitlines()[-1])
            if done.stderr.strip():
                print(f"{label}: {done.stderr.strip().splitlines()[-1]}", file=sys.stderr)
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
    print(f"machine: {machine()}; {len(rows):,} paragraphs (+{len(extra)} merged in); index build {build:.1f} s "
          f"(peak RSS of the building process {build_rss:.0f} MB), save {saved:.1f} s, {size:.0f} MB on disk; "
          f"merge {len(extra)} paragraphs + save {update:.1f} s")
    print("| method | open ms | p50 ms | p95 ms | max ms | queries with a source | peak RSS of the query process |")
    print("|---|---|---|---|---|---|---|")
    for label, r in runs.items():
        ts = r["times"]
        print(f"| peaceobs provenance, index memory-mapped, {label} | {r['open_ms']:.1f} | {statistics.median(ts):.1f} | "
              f"{percentile(ts, 0.95):.1f} | {max(ts):.1f} | {r['found']}/{len(queries)} | {r['rss_mb']:.0f} MB "
              f"(at the end: {r['anon_mb']:.0f} MB heap, {r['file_mb']:.0f} MB mapped) |")
    print(f"| FTS5 phrase of the first 8 words (baseline) | | {statistics.median(base):.1f} | {percentile(base, 0.95):.1f} | "
          f"{max(base):.1f} | {base_found}/{len(queries)} | |")


def cli(db: str, rounds: int = 5) -> None:
    exe = str(Path(sys.executable).with_name("peaceobs"))
    store = open_store(db)
    t = time.perf_counter()
    persist.load_or_update(store)  # the saved index brought up to date (an ingest does this already)
    ready = time.perf_counter() - t
    root = persist.index_dir(store)
    store.close()
    db_path = Path(db.removeprefix("sqlite:///"))

    def wall(cmd: list[str]) -> float:
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        return time.perf_counter() - t

    print(f"machine: {machine()}; store {db}; index up to date in {ready:.2f} s")
    print("| command | cold s | warm s (median of 5) |")
    print("|---|---|---|")
    for symbol, pid in CLI_QUERIES:
        cmd = [exe, "trace", symbol, "-p", pid, "--db", db]
        if root is not None:
            drop_cache(root)
        for f in (db_path, Path(f"{db_path}-wal")):
            if f.is_file():
                _drop_file(f)
        cold = wall(cmd)
        warm = statistics.median(wall(cmd) for _ in range(rounds))
        print(f"| peaceobs trace '{symbol}' -p {pid} | {cold:.2f} | {warm:.2f} |")
    _drop_file(Path(exe))
    cold = wall([exe, "--help"])
    print(f"| peaceobs --help (start-up, baseline) | {cold:.2f} | {statistics.median(wall([exe, '--help']) for _ in range(rounds)):.2f} |")


def _drop_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


if __name__ == "__main__":
    main()
