"""All-pairs reuse: find 2,000 planted near-copies (10 % of words changed) among the corpus's
paragraphs — peaceobs side by side with rensa and datasketch MinHash LSH (32 bands × 4 rows,
word 5-gram shingles), and the peaceobs job on a local Dask cluster vs one process.

    python -m bench.reuse_bench [--copies 2000] [--no-datasketch]

Recall counts a planted copy as found when it is paired with its original (or with a paragraph
of identical text). Times include shingling and hashing for every tool, not reading the store.
Half of the planted copies are copies of boilerplate (paragraphs whose 5-grams all recur in ≥ 2 %
of documents), so that boilerplate families are part of the test.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from bench.common import CORPUS, machine, perturb
from peaceobs.pipeline import ingest_paths
from peaceobs.store import open_store
from peaceobs.trace.index import ShingleIndex, words
from peaceobs.trace.reuse import find_reuse

FOLDERS = ["unsc-resolutions-1946-1994/res_en_gold", "ga-documents-2023-2025/extracted",
           "peacekeeping-budget-reports-2026-27"]


def corpus_rows(tmp: Path) -> list[tuple]:
    store = open_store(f"sqlite:///{tmp / 'r.db'}")
    ingest_paths(store, [CORPUS / f for f in FOLDERS], workers=2)
    rows = store.index_rows()
    store.close()
    return rows


def plant(rows: list[tuple], copies: int, rng: random.Random) -> tuple[list[tuple], list[tuple[int, int]]]:
    base = ShingleIndex.from_rows(rows)
    boiler = [k for k, m in enumerate(base.meta) if len(words(m.text)) >= 12 and _all_boilerplate(base, m.text)]
    normal = [k for k, m in enumerate(base.meta) if len(words(m.text)) >= 12]
    picks = rng.sample(boiler, min(len(boiler), copies // 2))
    picks += rng.sample(normal, copies - len(picks))
    out = list(rows)
    truth = []
    for k in picks:
        r = rows[k]
        out.append((f"PLANTED/{len(truth)}", "P1", "2099-01-01", "planted", perturb(r[4], rng), -1 - len(truth), "",
                    -1 - len(truth)))
        truth.append((len(out) - 1, k))
    return out, truth


def _all_boilerplate(ix: ShingleIndex, text: str) -> bool:
    h, _ = ix.query_hashes(text)
    return len(h) > 0 and bool(ix.is_boilerplate(h).all())


def recall(found: set[tuple[int, int]], truth: list[tuple[int, int]], texts: list[str]) -> float:
    by_text: dict[str, set[int]] = {}
    for k, t in enumerate(texts):
        by_text.setdefault(" ".join(t.lower().split()), set()).add(k)
    hits = 0
    for copy, orig in truth:
        twins = by_text[" ".join(texts[orig].lower().split())]
        hits += any((copy, t) in found or (t, copy) in found for t in twins)
    return hits / len(truth)


def shingle_sets(texts: list[str]) -> list[list[str]]:
    out = []
    for t in texts:
        ws = [m.group(0).lower() for m in words(t)]
        out.append([" ".join(ws[i:i + 5]) for i in range(max(1, len(ws) - 4))])
    return out


def run_peaceobs(rows: list[tuple], scheduler: str | None) -> tuple[float, set[tuple[int, int]], int]:
    t = time.perf_counter()
    ix = ShingleIndex.from_rows(rows)
    pairs = find_reuse(ix, scheduler=scheduler)
    return time.perf_counter() - t, {(p.newer, p.older) for p in pairs}, len(pairs)


def _run_lsh(texts: list[str], make_lsh, make_hash) -> tuple[float, set[tuple[int, int]], int]:  # type: ignore[no-untyped-def]
    """Insert every paragraph's MinHash, then query each: all candidate pairs."""
    t = time.perf_counter()
    lsh = make_lsh()
    hashes = []
    for k, sh in enumerate(shingle_sets(texts)):
        m = make_hash(sh)
        hashes.append(m)
        lsh.insert(k, m)
    found = {(k, j) for k, m in enumerate(hashes) for j in lsh.query(m) if j != k}
    return time.perf_counter() - t, found, len(found) // 2


def run_rensa(texts: list[str]) -> tuple[float, set[tuple[int, int]], int]:
    from rensa import RMinHash, RMinHashLSH

    def make_hash(sh: list[str]):  # type: ignore[no-untyped-def]
        m = RMinHash(num_perm=128, seed=42)
        m.update(sh)
        return m

    return _run_lsh(texts, lambda: RMinHashLSH(threshold=0.5, num_perm=128, num_bands=32), make_hash)


def run_datasketch(texts: list[str]) -> tuple[float, set[tuple[int, int]], int]:
    from datasketch import MinHash, MinHashLSH

    def make_hash(sh: list[str]):  # type: ignore[no-untyped-def]
        m = MinHash(num_perm=128)
        for s in sh:
            m.update(s.encode())
        return m

    return _run_lsh(texts, lambda: MinHashLSH(num_perm=128, params=(32, 4)), make_hash)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=2000)
    ap.add_argument("--no-datasketch", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows, truth = plant(corpus_rows(Path(tmp)), args.copies, random.Random(11))
    texts = [r[4] for r in rows]
    results = {"peaceobs (1 process)": run_peaceobs(rows, None),
               "peaceobs (Dask local cluster, 2 workers)": run_peaceobs(rows, "local"),
               "rensa MinHash LSH 32×4": run_rensa(texts)}
    if not args.no_datasketch:
        results["datasketch MinHash LSH 32×4"] = run_datasketch(texts)
    half = len(truth) // 2
    print(f"machine: {machine()}; {len(rows):,} paragraphs incl. {len(truth)} planted copies "
          f"({half} of boilerplate paragraphs)")
    print("| tool | seconds | recall (all) | recall (boilerplate copies) | pairs reported |")
    print("|---|---|---|---|---|")
    for name, (secs, found, n) in results.items():
        print(f"| {name} | {secs:.2f} | {recall(found, truth, texts):.3f} | {recall(found, truth[:half], texts):.3f} | {n:,} |")
    same = results["peaceobs (1 process)"][1] == results["peaceobs (Dask local cluster, 2 workers)"][1]
    print(f"Dask result identical to one process: {same}")
    rensa_s = results["rensa MinHash LSH 32×4"][0]
    print(f"ratio peaceobs / rensa time: {results['peaceobs (1 process)'][0] / rensa_s:.2f}")


if __name__ == "__main__":
    main()
