"""Where does this language come from? Earlier texts that contain the same or near-same words.

A query (a paragraph or a phrase) is cut into word 5-grams; every earlier paragraph sharing
enough non-boilerplate 5-grams is a candidate; each candidate's shared runs become aligned spans,
verified by a local alignment (rapidfuzz) of the two span texts. Sources are older than the
target (dates respected), drafts are told apart from adopted texts, and the first appearance and
the lineage (sources in date order) are named.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from rapidfuzz import fuzz

from .index import K, ShingleIndex, words

MIN_SHARED = 3  # non-boilerplate 5-grams in common: about 7 words running
VERIFY = 85.0  # rapidfuzz ratio of the aligned span texts


@dataclass(slots=True)
class Span:
    query: tuple[int, int]  # character offsets in the query text
    source: tuple[int, int]  # character offsets in the source paragraph
    text: str  # the source's words there


@dataclass(slots=True)
class Source:
    symbol: str
    pid: str
    date: str
    doc_type: str
    adopted: bool  # a resolution (agreed language) rather than a draft or report
    coverage: float  # share of the query's non-boilerplate 5-grams found in this source
    spans: list[Span] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Provenance:
    query: str
    sources: list[Source]  # best first
    boilerplate: bool  # every 5-gram of the query is a formula found everywhere
    first: Source | None = None  # earliest adopted source (else earliest of any kind)
    lineage: list[Source] = field(default_factory=list)  # main sources in date order

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "boilerplate": self.boilerplate,
                "first": self.first.to_dict() if self.first else None,
                "lineage": [f"{s.symbol} {s.pid} ({s.date})" for s in self.lineage],
                "sources": [s.to_dict() for s in self.sources]}


def trace_text(index: ShingleIndex, text: str, before: str | None = None, exclude: str | None = None,
               limit: int = 20, title: str | None = None) -> Provenance:
    """Sources of ``text`` older than ``before`` (an ISO date), not in document ``exclude``.

    Sources that share as much are ranked by how alike their document's title is to ``title``
    (the same resolution series first: every mission's financing resolution shares template
    paragraphs), then by date.
    """
    hashes, ms = index.query_hashes(text)
    if len(hashes) == 0:
        return Provenance(text, [], boilerplate=False)
    boiler = index.is_boilerplate(hashes)
    meaningful = int((~boiler).sum())
    if meaningful == 0:
        return Provenance(text, [], boilerplate=True)
    qpos, para, spos = index.postings(hashes)
    keep = ~boiler[qpos]
    qpos, para, spos = qpos[keep], para[keep], spos[keep]
    if len(para) == 0:
        return Provenance(text, [], boilerplate=False)
    cand, counts = np.unique(para, return_counts=True)
    # A paragraph repeating a 5-gram counts it once: distinct query positions per candidate.
    sources: list[Source] = []
    kin: dict[int, float] = {}
    for c in cand[counts >= MIN_SHARED]:
        m = index.meta[int(c)]
        if exclude and m.symbol == exclude:
            continue
        if before and (not m.date or m.date >= before):
            continue
        sel = para == c
        q_hits = np.unique(qpos[sel])
        if len(q_hits) < MIN_SHARED:
            continue
        spans = _spans(text, ms, m.text, qpos[sel], spos[sel])
        if not spans:
            continue
        sources.append(Source(m.symbol, m.pid, m.date, m.doc_type, m.doc_type == "resolution",
                              round(len(q_hits) / meaningful, 3), spans))
        kin[id(sources[-1])] = fuzz.token_set_ratio(title, m.title) if title else 0.0
    sources.sort(key=lambda s: (-s.coverage, -kin[id(s)], s.date, s.symbol))
    sources = sources[:limit]
    # The lineage: sources carrying at least half as much of the text as the best one, oldest
    # first; a source sharing one clause is a relative, not an ancestor.
    best = sources[0].coverage if sources else 0.0
    lineage = sorted((s for s in sources if s.coverage >= best / 2), key=lambda s: (s.date, s.symbol))
    adopted = [s for s in lineage if s.adopted]
    first = adopted[0] if adopted else (lineage[0] if lineage else None)
    return Provenance(text, sources, boilerplate=False, first=first, lineage=lineage)


def _spans(query: str, qwords: list, source: str, qpos: np.ndarray, spos: np.ndarray) -> list[Span]:
    """Runs of shared 5-grams (query and source positions advancing together), as text spans
    verified by a local alignment."""
    swords = words(source)
    pairs = sorted(set(zip(qpos.tolist(), spos.tolist(), strict=True)))
    runs: list[tuple[int, int, int, int]] = []  # q_start, q_end, s_start, s_end (word indexes, end exclusive)
    for q, s in pairs:
        if runs and q <= runs[-1][1] - K + 1 and s - q == runs[-1][2] - runs[-1][0]:
            qs, qe, ss, se = runs[-1]
            runs[-1] = (qs, max(qe, q + K), ss, max(se, s + K))
        else:
            runs.append((q, q + K, s, s + K))
    out = []
    for qs, qe, ss, se in runs:
        qa, qb = qwords[qs].start(), qwords[min(qe, len(qwords)) - 1].end()
        sa, sb = swords[ss].start(), swords[min(se, len(swords)) - 1].end()
        if fuzz.ratio(query[qa:qb].lower(), source[sa:sb].lower()) >= VERIFY:
            out.append(Span((qa, qb), (sa, sb), source[sa:sb]))
    return out
