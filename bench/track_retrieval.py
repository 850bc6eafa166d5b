"""Evidence retrieval for commitments, measured on the judged set (tests/track/): BM25 alone vs
BM25 re-ranked by each embedding model (reciprocal rank fusion), recall@20 and nDCG@10.

    python -m bench.track_retrieval --db /tmp/track_eval.db     # built from the corpus if absent

Like with like: every method re-ranks the same BM25 pool (the commitment's telling words as an OR
query, 400 paragraphs of documents from the commitment's year on, its own document left out);
BM25 alone is that pool's order. Relevance: grade 2 (clearly evidence) and 1 (related), as judged.
"""

from __future__ import annotations

import argparse
import json
import math
import time
from pathlib import Path

from bench.common import CORPUS, machine
from peaceobs.pipeline import ingest_paths
from peaceobs.store import open_store
from peaceobs.store.tracking import CommitmentRow
from peaceobs.track.embed import embedder
from peaceobs.track.suggest import suggest

JUDGED = Path(__file__).resolve().parents[1] / "tests" / "track" / "judged_commitments.json"


def _commitment(item: dict) -> CommitmentRow:
    return CommitmentRow(0, "judged", 0, item["pid"], "", item["text_full"], item["symbol"], item["pid"], "",
                         "not started", "", 1, "", "")


def ndcg(ranked: list[tuple[str, str]], grades: dict[tuple[str, str], int], k: int = 10) -> float:
    dcg = sum((2 ** grades.get(ref, 0) - 1) / math.log2(i + 2) for i, ref in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def run(db: str, methods: list[str], pool: int) -> dict[str, dict[str, float]]:
    store = open_store(db)
    if not store.stats()["documents"]:
        ingest_paths(store, [CORPUS / "ga-documents-2023-2025" / "extracted",
                             CORPUS / "peacekeeping-budget-reports-2026-27"], workers=2)
    judged = json.loads(JUDGED.read_text(encoding="utf-8"))["commitments"]
    items = []
    for item in judged:
        doc = store.get_document(item["symbol"])
        para = doc.paragraph(item["pid"]) if doc else None
        if para is None:
            continue
        grades = {(e["symbol"], e["pid"]): int(e["grade"]) for e in item["evidence"] if int(e["grade"]) > 0}
        if grades:
            items.append(({**item, "text_full": para.text}, doc.year, grades))
    results: dict[str, dict[str, float]] = {}
    for method in methods:
        model = None if method == "bm25" else embedder(method)
        recall = gain = 0.0
        t = time.perf_counter()
        for item, year, grades in items:
            found = suggest(store, _commitment(item), limit=20, pool=pool, embedder=model, year_from=year)
            ranked = [(s.symbol, s.pid) for s in found]
            recall += len(set(ranked) & set(grades)) / len(grades)
            gain += ndcg(ranked, grades)
        results[method] = {"recall@20": recall / len(items), "ndcg@10": gain / len(items),
                           "seconds_per_commitment": (time.perf_counter() - t) / len(items), "n": len(items)}
    store.close()
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--db", default="/tmp/track_eval.db")
    ap.add_argument("--methods", default="bm25,minilm,wordllama")
    ap.add_argument("--pool", type=int, default=400)
    args = ap.parse_args()
    results = run(args.db, args.methods.split(","), args.pool)
    print(f"Machine: {machine()}; judged set {JUDGED.name}")
    print("| method | commitments | recall@20 | nDCG@10 | s per commitment (first run: embeds and caches) |")
    print("|---|---|---|---|---|")
    for m, r in results.items():
        print(f"| {m} | {r['n']:.0f} | {r['recall@20']:.3f} | {r['ndcg@10']:.3f} | {r['seconds_per_commitment']:.2f} |")


if __name__ == "__main__":
    main()
