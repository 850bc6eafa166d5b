"""Candidate evidence for a commitment: BM25 candidates from the store, re-ranked with sentence
embeddings (hybrid), each a later paragraph of another document.

1. BM25: the commitment's most telling words (up to 24, the rarest in the store first, stop-words
   and its own generic verbs left out) as an OR query, the best ``pool`` (400) paragraphs of
   documents from the commitment's year on, its own document left out;
2. re-rank: the cosine of the commitment's and each candidate's embedding (cached in the store
   by paragraph hash), fused with the BM25 rank by reciprocal rank fusion (``1/(k + rank)``),
   which needs no tuning of score scales.
Measured on tests/track/judged_commitments.json: docs/DECISIONS.md (D22) and docs/TRACKER.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from ..query import Filters
from ..search import MAX_LIMIT, MAX_TERMS, STOP_WORDS, search, vocabulary
from ..store import Store
from ..store.tracking import CommitmentRow
from .embed import Embedder

_WORD = re.compile(r"[a-z][a-z\-]{2,}")
# Words every commitment is made of: they say how, not what.
_GENERIC = frozenset("""call calls request requests ensure ensuring take steps step concrete measures measure
including include relevant appropriate further continue continues encourage encourages support supports
strengthen strengthening enhance enhancing efforts effort united nations member states state secretary-general
general assembly council will shall need needs existing within also well their such through""".split())
RRF_K = 60


@dataclass(slots=True)
class Suggestion:
    symbol: str
    pid: str
    title: str
    date: str | None
    snippet: str
    bm25_rank: int
    similarity: float | None  # cosine with the commitment, where embeddings were used
    score: float  # the fused score (higher is better)


def key_words(text: str, store: Store, n: int = MAX_TERMS) -> list[str]:
    """The commitment's rarest telling words in the store (a word in no paragraph is skipped)."""
    counts = vocabulary(store)
    words = {w.strip("-") for w in _WORD.findall(text.lower())} - STOP_WORDS - _GENERIC
    known = [w for w in words if counts.get(w)]
    return sorted(known, key=lambda w: (counts[w], w))[:n]


def suggest(store: Store, commitment: CommitmentRow, limit: int = 20, pool: int = 400,
            embedder: Embedder | None = None, year_from: int | None = None) -> list[Suggestion]:
    """The ``limit`` best candidates; ``embedder=None`` gives BM25 alone."""
    words = key_words(commitment.text, store)
    if not words:
        return []
    filters = Filters(year_from=year_from)
    query = " OR ".join(words)
    hits = []
    for offset in range(0, pool, MAX_LIMIT):  # the search API pages by MAX_LIMIT
        page = search(store, query, filters, limit=min(MAX_LIMIT, pool - offset), offset=offset).hits
        hits.extend(h for h in page if h.symbol != commitment.source_symbol)
        if len(page) < MAX_LIMIT:
            break
    if embedder is None or not hits:
        return [Suggestion(h.symbol, h.pid, h.title, h.date, h.snippet, k + 1, None, 1 / (RRF_K + k + 1))
                for k, h in enumerate(hits[:limit])]
    texts = store.paragraph_texts([(h.symbol, h.pid) for h in hits])
    vectors = embed_cached(store, embedder, {texts[(h.symbol, h.pid)][1]: texts[(h.symbol, h.pid)][0]
                                             for h in hits if (h.symbol, h.pid) in texts})
    target = embedder.embed([commitment.text])[0]
    sims = {}
    for h in hits:
        known = texts.get((h.symbol, h.pid))
        if known is not None and known[1] in vectors:
            sims[(h.symbol, h.pid)] = float(vectors[known[1]] @ target)
    by_sim = sorted(sims, key=lambda k: -sims[k])
    sim_rank = {k: r + 1 for r, k in enumerate(by_sim)}
    out = []
    for k, h in enumerate(hits):
        ref = (h.symbol, h.pid)
        fused = 1 / (RRF_K + k + 1) + (1 / (RRF_K + sim_rank[ref]) if ref in sim_rank else 0.0)
        out.append(Suggestion(h.symbol, h.pid, h.title, h.date, h.snippet, k + 1, sims.get(ref), fused))
    out.sort(key=lambda s: -s.score)
    return out[:limit]


def embed_cached(store: Store, embedder: Embedder, texts: dict[str, str]) -> dict[str, np.ndarray]:
    """Vectors for paragraphs by content hash: from the store's cache, the rest embedded now and
    cached (float32 bytes)."""
    cached = store.cached_vectors(list(texts), embedder.name)
    out = {h: np.frombuffer(v, dtype=np.float32) for h, v in cached.items()}
    missing = [h for h in texts if h not in out]
    if missing:
        vectors = embedder.embed([texts[h] for h in missing])
        fresh = {h: vectors[k].astype(np.float32) for k, h in enumerate(missing)}
        store.cache_vectors(embedder.name, {h: v.tobytes() for h, v in fresh.items()})
        out.update(fresh)
    return out
