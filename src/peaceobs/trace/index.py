"""A shingle index over the store: every paragraph's word 5-grams, with their positions.

Words are lower-cased runs of letters and digits; a 5-gram's hash is a rolling combination of
per-word xxh3 hashes, computed for all paragraphs at once with numpy. The index keeps, sorted by
hash: the hash, the paragraph it occurs in and its word position — enough to find every earlier
paragraph that shares language with a query and to show the shared spans.

Boilerplate: a 5-gram found in at least ``boilerplate_df`` documents is a formula ("decides to
remain seized of the matter"), not evidence of borrowing; it is ignored when scoring sources.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import numpy as np
import xxhash

from ..store import Store

K = 5
_WORD = re.compile(r"[^\W_]+")
_MULT = np.uint64(0x9E3779B97F4A7C15)
KINDS = ("preambular", "operative", "body")


def words(text: str) -> list[re.Match[str]]:
    return list(_WORD.finditer(text))


class _Vocab:
    """Word → 64-bit hash, memoised (the corpus has ~100k distinct words)."""

    def __init__(self) -> None:
        self.cache: dict[str, int] = {}

    def __call__(self, word: str) -> int:
        h = self.cache.get(word)
        if h is None:
            h = self.cache[word] = xxhash.xxh3_64_intdigest(word.encode())
        return h


def shingle_hashes(word_hashes: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(hashes, paragraph index, position) of every 5-gram that lies inside one paragraph."""
    n = len(word_hashes)
    if n < K:
        return np.empty(0, np.uint64), np.empty(0, np.int32), np.empty(0, np.int32)
    acc = np.zeros(n - K + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(K):
            acc = acc * _MULT + word_hashes[j:n - K + 1 + j]
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    para = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)[: n - K + 1]
    pos = (np.arange(n - K + 1) - starts[para]).astype(np.int32)
    inside = pos + K <= lengths[para]
    return acc[inside], para[inside], pos[inside]


@dataclass(slots=True)
class ParagraphMeta:
    symbol: str
    pid: str
    date: str
    doc_type: str
    text: str
    title: str
    row_id: int = 0  # paragraphs.id in the store
    doc_id: int = 0  # documents.id in the store


class ShingleIndex:
    def __init__(self, hashes: np.ndarray, para: np.ndarray, pos: np.ndarray, meta: list[ParagraphMeta],
                 doc_of: np.ndarray, boilerplate_df: int) -> None:
        order = np.argsort(hashes, kind="stable")
        self.hashes, self.para, self.pos = hashes[order], para[order], pos[order]
        self.meta = meta
        self.doc_of = doc_of
        self.boilerplate_df = boilerplate_df
        # Document frequency per distinct 5-gram: count distinct (hash, document) pairs, found by
        # sorting on (hash, document) and keeping the first of each run.
        docs = self.doc_of[self.para]
        order2 = np.lexsort((docs, self.hashes))
        h2, d2 = self.hashes[order2], docs[order2]
        first = np.ones(len(h2), dtype=bool)  # (an empty store has no 5-grams at all)
        first[1:] = (h2[1:] != h2[:-1]) | (d2[1:] != d2[:-1])
        uniq, df = np.unique(h2[first], return_counts=True)
        self.boilerplate = uniq[df >= boilerplate_df]
        self.vocab = _Vocab()
        # The earliest year of the documents behind the index: "earliest in this store" is only
        # as early as the store reaches.
        years = [int(m.date[:4]) for m in meta if m.date[:4].isdigit()]
        self.store_from: int | None = min(years) if years else None
        # Per-document facts read while tracing (relations.DocInfo), valid as long as this index.
        self.doc_info: dict[str, Any] = {}

    @classmethod
    def build(cls, store: Store, boilerplate_df: int | None = None) -> ShingleIndex:
        index = cls.from_rows(store.index_rows(), boilerplate_df)
        years = [year for year, _, _ in store.documents_per_year()]
        if years:
            index.store_from = min(years)
        return index

    @classmethod
    def from_rows(cls, rows: list[tuple[Any, ...]], boilerplate_df: int | None = None) -> ShingleIndex:
        """From (symbol, pid, date, doc_type, text, document key, title[, paragraph id]) rows."""
        vocab = _Vocab()
        word_hashes: list[int] = []
        lengths = np.zeros(len(rows), dtype=np.int64)
        meta: list[ParagraphMeta] = []
        doc_ids: dict[int, int] = {}
        doc_of = np.zeros(len(rows), dtype=np.int32)
        cache = vocab.cache
        for k, (symbol, pid, date, doc_type, text, doc_id, title, *row_id) in enumerate(rows):
            ws = _WORD.findall(text.lower())
            for w in set(ws).difference(cache):  # hash each new word once
                cache[w] = xxhash.xxh3_64_intdigest(w.encode())
            word_hashes.extend(map(cache.__getitem__, ws))
            lengths[k] = len(ws)
            meta.append(ParagraphMeta(symbol, pid, date, doc_type, text, title, row_id[0] if row_id else k, doc_id))
            doc_of[k] = doc_ids.setdefault(doc_id, len(doc_ids))
        h, para, pos = shingle_hashes(np.array(word_hashes, dtype=np.uint64), lengths)
        n_docs = max(1, len(doc_ids))
        # Measured on the corpus (docs/TRACE.md): formulas recur in hundreds of documents, borrowed
        # language in a handful; 2 % of the documents (at least 20) separates them.
        df = boilerplate_df or max(20, n_docs // 50)
        index = cls(h, para, pos, meta, doc_of, df)
        index.vocab = vocab
        return index

    def query_hashes(self, text: str) -> tuple[np.ndarray, list[re.Match[str]]]:
        ms = words(text)
        ws = np.array([self.vocab(m.group(0).lower()) for m in ms], dtype=np.uint64)
        h, _, _ = shingle_hashes(ws, np.array([len(ws)]))
        return h, ms

    def is_boilerplate(self, hashes: np.ndarray) -> np.ndarray:
        idx = np.searchsorted(self.boilerplate, hashes)
        idx[idx >= len(self.boilerplate)] = 0
        return (self.boilerplate[idx] == hashes) if len(self.boilerplate) else np.zeros(len(hashes), bool)

    def postings(self, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For each query 5-gram (by its position q): the paragraphs and positions holding it."""
        left = np.searchsorted(self.hashes, hashes, side="left")
        right = np.searchsorted(self.hashes, hashes, side="right")
        counts = right - left
        qpos = np.repeat(np.arange(len(hashes), dtype=np.int32), counts)
        take = np.concatenate([np.arange(a, b) for a, b in zip(left, right, strict=True)]) if counts.sum() else \
            np.empty(0, dtype=np.int64)
        return qpos, self.para[take], self.pos[take]
