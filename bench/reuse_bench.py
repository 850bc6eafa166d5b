"""All-pairs reuse: find 2,000 planted near-copies (10 % of words changed) among the corpus's
paragraphs — peaceobs side by side with rensa and datasketch MinHash LSH (word 5-gram shingles),
tuned for recall: rensa over a grid of permutations × bands (``GRID``), the fastest setting
reaching recall ≥ 0.99 chosen, datasketch at that setting and at the former 128 perm, 32 × 4; and
the peaceobs job on a local Dask cluster vs one process.

    python -m bench.reuse_bench [--copies 2000] [--no-datasketch] [--no-dask]

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


def run_rensa(texts: list[str], num_perm: int = 128, bands: int = 32) -> tuple[float, set[tuple[int, int]], int]:
    from rensa import RMinHash, RMinHashLSH

    def make_hash(sh: list[str]):  # type: ignore[no-untyped-def]
        m = RMinHash(num_perm=num_perm, seed=42)
        m.update(sh)
        return m

    return _run_lsh(texts, lambda: RMinHashLSH(threshold=0.5, num_perm=num_perm, num_bands=bands), make_hash)


def run_datasketch(texts: list[str], num_perm: int = 128, bands: int = 32) -> tuple[float, set[tuple[int, int]], int]:
    from datasketch import MinHash, MinHashLSH

    def make_hash(sh: list[str]):  # type: ignore[no-untyped-def]
        m = MinHash(num_perm=num_perm)
        for s in sh:
            m.update(s.encode())
        return m

    return _run_lsh(texts, lambda: MinHashLSH(num_perm=num_perm, params=(bands, num_perm // bands)), make_hash)


# MinHash LSH settings tried, (permutations, bands): rows per band = permutations / bands. Fewer
# rows per band find pairs of lower Jaccard similarity (a 10 %-edited copy keeps about 0.9^5 of its
# 5-grams, Jaccard ≈ 0.4, less for short paragraphs) at the price of more candidate pairs.
GRID = [(128, 32), (128, 64), (256, 128), (128, 128), (256, 256)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--copies", type=int, default=2000)
    ap.add_argument("--no-datasketch", action="store_true")
    ap.add_argument("--no-dask", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows, truth = plant(corpus_rows(Path(tmp)), args.copies, random.Random(11))
    texts = [r[4] for r in rows]
    half = len(truth) // 2
    print(f"machine: {machine()}; {len(rows):,} paragraphs incl. {len(truth)} planted copies "
          f"({half} of boilerplate paragraphs)")
    print("| tool | seconds | recall (all) | recall (boilerplate copies) | pairs reported |")
    print("|---|---|---|---|---|")

    def report(name: str, result: tuple[float, set[tuple[int, int]], int]) -> float:
        secs, found, n = result
        r = recall(found, truth, texts)
        print(f"| {name} | {secs:.2f} | {r:.3f} | {recall(found, truth[:half], texts):.3f} | {n:,} |", flush=True)
        return r

    ours = run_peaceobs(rows, None)
    report("peaceobs (1 process)", ours)
    if not args.no_dask:
        dask = run_peaceobs(rows, "local")
        report("peaceobs (Dask local cluster, 2 workers)", dask)
        print(f"Dask result identical to one process: {dask[1] == ours[1]}")
    # rensa tuned for recall: every setting of the grid; the fastest reaching recall ≥ 0.99 is
    # chosen (else the one with the best recall).
    tried = []
    for perm, bands in GRID:
        res = run_rensa(texts, perm, bands)
        tried.append((report(f"rensa MinHash LSH {perm} perm, {bands}×{perm // bands}", res), res[0], perm, bands))
    good = [t for t in tried if t[0] >= 0.99]
    chosen = min(good, key=lambda t: t[1]) if good else max(tried, key=lambda t: (t[0], -t[1]))
    print(f"rensa chosen: {chosen[2]} perm, {chosen[3]} bands (recall {chosen[0]:.3f}, {chosen[1]:.2f} s)")
    if not args.no_datasketch:
        for perm, bands in sorted({(128, 32), (chosen[2], chosen[3])}):
            report(f"datasketch MinHash LSH {perm} perm, {bands}×{perm // bands}", run_datasketch(texts, perm, bands))
    print(f"ratio peaceobs / rensa (chosen) time: {ours[0] / chosen[1]:.2f}; "
          f"peaceobs / rensa 128 perm 32×4: {ours[0] / tried[0][1]:.2f}")


if __name__ == "__main__":
    main()
