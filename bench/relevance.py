"""Search relevance on the judged query set (tests/search): success@1, success@3, nDCG@10.

    python -m bench.relevance [STORE_URL]     # default: a fresh SQLite store of the corpus

Prints, for the paragraph ranking (the baseline) and the document ranking, the three means, then
the queries the document ranking misses (docs/SEARCH.md).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from bench.common import CORPUS
from peaceobs.evaluate.search import read_judged, score_relevance
from peaceobs.pipeline import ingest_paths
from peaceobs.store import open_store

JUDGED = Path(__file__).resolve().parent.parent / "tests" / "search" / "judged_queries.json"
FOLDERS = ["unsc-resolutions-1946-1994/res_en_gold", "ga-documents-2023-2025/extracted",
           "ga-resolutions-80-markdown", "peacekeeping-budget-reports-2026-27"]


def main(url: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        if url is None:
            url = f"sqlite:///{tmp}/relevance.db"
            store = open_store(url)
            ingest_paths(store, [CORPUS / f for f in FOLDERS], workers=2)
        else:
            store = open_store(url)
        judged = read_judged(JUDGED)
        for ranking in ("paragraphs", "documents"):
            r = score_relevance(store, judged, ranking)
            print(f"{ranking:10} success@1 {r.mean('success1'):.3f}  success@3 {r.mean('success3'):.3f}  "
                  f"nDCG@10 {r.mean('ndcg10'):.3f}  ({len(r.scores)} queries)")
        for s in score_relevance(store, judged, "documents").scores:
            if not s.success3:
                print(f"  miss@3  {s.query!r}: {s.ranked[:3]}")
        store.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
