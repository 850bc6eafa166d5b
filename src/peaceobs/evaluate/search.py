"""Search relevance scored on a judged query set read by hand (``tests/search/judged_queries.json``),
with, where asked, the grades pooled later from the search's first results (``read_judged``).

Each query lists the documents that answer it, graded 2 (the answer a user wants first) or 1 (also
relevant). Scores are per document: success@k (a relevant document in the first k) and nDCG@10.
``ranking="documents"`` scores :func:`peaceobs.search.search_documents`; ``ranking="paragraphs"``
scores the plain paragraph ranking, its documents in the order their first paragraph appears —
the baseline the document ranking replaced.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..registry_search import document_search
from ..search import QueryError, search
from ..store import Store
from ..store.core import document_key


@dataclass(slots=True)
class QueryScore:
    query: str
    ranked: list[str]
    success1: bool
    success3: bool
    ndcg10: float


@dataclass(slots=True)
class RelevanceReport:
    scores: list[QueryScore] = field(default_factory=list)

    def mean(self, name: str) -> float:
        return sum(float(getattr(s, name)) for s in self.scores) / max(1, len(self.scores))


def read_judged(path: Path, *, pooled: bool = False) -> list[dict[str, Any]]:
    """A judged query set, by its own grades; with ``pooled``, each query's grades joined by
    those of the documents graded later, blind, from the first results of the search
    (``pooled_grades.json`` beside the set, which must exist): a set's own grades are never
    changed, only added to (symbols compared as documents: "S/RES/482(1980)" is "S/RES/482 (1980)")."""
    judged = json.loads(path.read_text(encoding="utf-8"))
    if not pooled:
        return judged
    extra = path.parent / "pooled_grades.json"
    more = json.loads(extra.read_text(encoding="utf-8"))["sets"].get(path.stem, {})
    for j in judged:
        own = {document_key(s) for s in j["relevant"]}
        added = {s: g["grade"] for s, g in more.get(j["query"], {}).items()
                 if g["grade"] and document_key(s) not in own}
        j["relevant"] = {**j["relevant"], **added}
    return judged


def ranked_documents(store: Store, query: str, ranking: str = "documents", k: int = 10) -> list[str]:
    try:
        if ranking == "documents":
            return [d.symbol for d in document_search(store, query, limit=k).documents]
        out: list[str] = []
        for h in search(store, query, limit=200).hits:
            if h.symbol not in out:
                out.append(h.symbol)
        return out[:k]
    except QueryError:
        return []


def score_query(judged: dict[str, Any], ranked: list[str]) -> QueryScore:
    grades = {document_key(s): g for s, g in judged["relevant"].items()}
    keys = [document_key(s) for s in ranked]
    gains = [grades.get(s, 0) for s in keys[:10]]
    dcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted(grades.values(), reverse=True)[:10]
    idcg = sum((2 ** g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return QueryScore(judged["query"], ranked, any(grades.get(s, 0) for s in keys[:1]),
                      any(grades.get(s, 0) for s in keys[:3]), dcg / idcg if idcg else 0.0)


def score_relevance(store: Store, judged: list[dict[str, Any]], ranking: str = "documents") -> RelevanceReport:
    report = RelevanceReport()
    for j in judged:
        report.scores.append(score_query(j, ranked_documents(store, j["query"], ranking)))
    return report
