"""Search relevance on the judged query set (tests/search): success@1, success@3, nDCG@10.

    python -m bench.relevance [STORE_URL]     # default: a fresh SQLite store of the corpus

Prints, for the paragraph ranking (the baseline), the document ranking by words alone and the
document ranking with meaning (peaceobs.semantic), the three means — with the pooled grades
(tests/search/pooled_grades.json), then by each set's own — on the judged set and on the
held-out sets (tests/search/heldout_queries.json, written before meaning was tuned, and
heldout2_queries.json to heldout5_queries.json, each written after the rules of its day by a
reader who never ran the search; the fifth in plain words before the glossary of the texts' words), then the queries each misses at 3, the time of a document search with and without meaning (p50/p95
over every query, the query's embedding not cached), and what searching the words near in
meaning adds to each (the rule off and on in one process), and what the glossary's words add
(the same way). Figures in docs/SEARCH.md and
docs/BENCHMARKS.md.
"""

from __future__ import annotations

import functools
import importlib
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench.common import CORPUS
from peaceobs import semantic
from peaceobs.evaluate.search import ranked_documents, read_judged, score_query
from peaceobs.pipeline import ingest_paths
from peaceobs.query import Filters
from peaceobs.registry_search import document_search
from peaceobs.search import QueryError
from peaceobs.store import Store, open_store

HERE = Path(__file__).resolve().parent.parent / "tests" / "search"
JUDGED = HERE / "judged_queries.json"
HELDOUT = HERE / "heldout_queries.json"
HELDOUT2 = HERE / "heldout2_queries.json"  # written 2026-11-30 by reading documents, after that day's rules
HELDOUT3 = HERE / "heldout3_queries.json"  # the same, later that day, after the phrase and reference rules
HELDOUT4 = HERE / "heldout4_queries.json"  # the same, after the words near in meaning
HELDOUT5 = HERE / "heldout5_queries.json"  # the same, in plain words, before the glossary
FOLDERS = ["unsc-resolutions-1946-1994/res_en_gold", "ga-documents-2023-2025/extracted",
           "ga-resolutions-80-markdown", "peacekeeping-budget-reports-2026-27"]


def _documents(store: Store, meaning: bool) -> Callable[[str], list[str]]:
    def ranked(q: str) -> list[str]:
        try:
            return [d.symbol for d in document_search(store, q, limit=10, semantic=meaning).documents]
        except QueryError:
            return []
    return ranked


def _report(name: str, judged: list[dict[str, Any]], ranked: Callable[[str], list[str]]) -> list[Any]:
    scores = [score_query(j, ranked(j["query"])) for j in judged]
    n = max(1, len(scores))
    print(f"  {name:22} success@1 {sum(s.success1 for s in scores) / n:.3f}  "
          f"success@3 {sum(s.success3 for s in scores) / n:.3f}  "
          f"nDCG@10 {sum(s.ndcg10 for s in scores) / n:.3f}  ({len(scores)} queries)")
    return scores


def _times(store: Store, queries: list[str], meaning: bool, related: bool = True) -> dict[str, float]:
    times = {}
    for q in queries:
        semantic._QUERIES.clear()  # each query embedded afresh, as a new query would be
        start = time.perf_counter()
        try:
            document_search(store, q, limit=10, semantic=meaning, related=related)
        except QueryError:
            continue
        times[q] = (time.perf_counter() - start) * 1000
    return times


def _latency(store: Store, queries: list[str], meaning: bool, related: bool = True) -> tuple[float, float]:
    times = sorted(_times(store, queries, meaning, related).values())
    return statistics.median(times), times[min(len(times) - 1, int(0.95 * len(times)))]


def _related_cost(store: Store, queries: list[str]) -> None:
    """What searching the words near in meaning adds to each query: the same process, the rule
    off and on interleaved twice, each query's best time of two."""
    off, on = [_times(store, queries, True, False)], [_times(store, queries, True, True)]
    off.append(_times(store, queries, True, False))
    on.append(_times(store, queries, True, True))
    extra = sorted(min(a[q] for a in on) - min(b[q] for b in off) for q in on[0] if q in off[0])
    print(f"words near in meaning, added per search: median {statistics.median(extra):.1f} ms, "
          f"p95 {extra[int(0.95 * len(extra))]:.1f} ms, max {extra[-1]:.1f} ms")


def _glossary_cost(store: Store, queries: list[str]) -> None:
    """What searching the glossary's words adds to each query (by words alone): the same process,
    the glossary off (``GLOSSED_TOTAL`` 0) and on interleaved twice, each query's best time of two,
    over the queries it changes."""
    search = importlib.import_module("peaceobs.search")
    glossed = [q for q in queries if _glossed_words(search, q)]
    total, runs = search.GLOSSED_TOTAL, {0: [], search.GLOSSED_TOTAL: []}
    try:
        for _ in range(2):
            for cap in runs:
                search.GLOSSED_TOTAL = cap
                runs[cap].append(_times(store, glossed, False))
    finally:
        search.GLOSSED_TOTAL = total
    off = {q: min(r[q] for r in runs[0]) for q in runs[0][0]}
    on = {q: min(r[q] for r in runs[total]) for q in runs[total][0]}
    extra = sorted(on[q] - off[q] for q in on if q in off)
    if not extra:
        print("glossary: no query of the sets is glossed")
        return
    print(f"glossary, added per search ({len(extra)} of {len(queries)} queries glossed): median "
          f"{statistics.median(extra):.1f} ms, p95 {extra[int(0.95 * len(extra))]:.1f} ms, max {extra[-1]:.1f} ms")


def _glossed_words(search: Any, q: str) -> bool:
    try:
        return bool(search._glossed(search.parse_query(q).clauses))
    except QueryError:
        return False


def main(url: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        if url is None:
            url = f"sqlite:///{tmp}/relevance.db"
            store = open_store(url)
            ingest_paths(store, [CORPUS / f for f in FOLDERS], workers=2)
        else:
            store = open_store(url)
        start = time.perf_counter()
        status = semantic.meaning(store, "peacekeeping", Filters(), wait=True).status
        print(f"meaning: {status} (index ready in {time.perf_counter() - start:.1f} s)")
        paths = [("judged", JUDGED), ("held-out", HELDOUT), ("held-out 2", HELDOUT2), ("held-out 3", HELDOUT3),
                 ("held-out 4", HELDOUT4), ("held-out 5", HELDOUT5)]
        sets = [(label, read_judged(path, pooled=True)) for label, path in paths]
        by_words, by_meaning = functools.cache(_documents(store, False)), functools.cache(_documents(store, True))
        for (label, judged), (_, path) in zip(sets, paths, strict=True):
            # The set's grades with the pooled ones (read_judged), then the set's own alone.
            print(label)
            _report("paragraphs", judged, lambda q: ranked_documents(store, q, "paragraphs"))
            _report("documents, words", judged, by_words)
            own = read_judged(path)
            _report("  by its own grades", own, by_words)
            scores = _report("documents, meaning", judged, by_meaning)
            _report("  by its own grades", own, by_meaning)
            for s in scores:
                if not s.success3:
                    print(f"    miss@3  {s.query!r}: {s.ranked[:3]}")
        queries = [j["query"] for _, judged in sets for j in judged]
        for meaning in (False, True):
            _latency(store, queries[:5], meaning)  # warm: the model, the vocabulary, the index
            p50, p95 = _latency(store, queries, meaning)
            print(f"document search, {'meaning' if meaning else 'words'}: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
        _related_cost(store, queries)
        _glossary_cost(store, queries)
        embed = []
        for q in queries:
            semantic._QUERIES.clear()
            start = time.perf_counter()
            semantic._query_vector(semantic.MODEL, semantic.query_text(q))
            embed.append((time.perf_counter() - start) * 1000)
        embed.sort()
        print(f"query embedding alone: p50 {statistics.median(embed):.1f} ms, p95 {embed[int(0.95 * len(embed))]:.1f} ms")
        store.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
