"""Corpus-wide reuse: every pair of paragraphs that share language, and each paragraph's earliest
source.

1. Identical paragraphs (same normalised text) form families: each member's source is the
   family's earliest member.
2. Candidate pairs among distinct texts come from two keys: rare 5-grams (posting lists of at
   most ``RARE`` paragraphs) and a bottom-k sketch (each paragraph's ``SKETCH`` smallest 5-gram
   hashes, boilerplate included), so that near-copies of formulas — boilerplate families — are
   found too. Keys shared by more than ``CROWD`` paragraphs are skipped.
   A rare-5-gram pair needs ``MIN_RARE`` of them in common, a sketch pair two sketch values.
3. Each candidate is verified: rapidfuzz ratio ≥ ``MIN_RATIO`` (a near-copy) or at least half of
   the shorter paragraph's 5-grams in common (a borrowed passage).

Verification, the costly step, runs in partitions: in this process, or on a Dask cluster
(``scheduler="local"`` starts one; ``"tcp://host:8786"`` uses a running one). The result is the
same either way: partitions are a deterministic split of a sorted candidate list.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, TextIO

import numpy as np
from rapidfuzz import fuzz, process

from ..export import csv_writer
from ..store import Store
from . import index_for
from .index import ShingleIndex

RARE = 20
MIN_RARE = 3
SKETCH = 16
CROWD = 400
MIN_RATIO = 80.0
MIN_SHARED_FRACTION = 0.5


@dataclass(frozen=True, slots=True)
class ReusePair:
    newer: int  # paragraph index in the ShingleIndex
    older: int
    ratio: float
    kind: str  # "identical", "near-copy", "passage"


def candidate_pairs(index: ShingleIndex,
                    texts: list[str] | None = None) -> tuple[np.ndarray, np.ndarray, dict[int, int]]:
    """Candidate pairs (a < b) among family representatives, sorted; how many rare 5-grams each
    pair shares; and the map paragraph → its representative (its identical family's first).
    ``texts``: the paragraphs' texts with whitespace collapsed, when the caller has them."""
    n = len(index.meta)
    if texts is None:
        texts = [" ".join(t.split()) for t in index.p_text.tolist()]
    text_ids: dict[str, int] = {}
    # Lower-casing never makes or unmakes whitespace, so this is the text lower-cased, then collapsed.
    rep = np.fromiter((text_ids.setdefault(t.lower(), k) for k, t in enumerate(texts)), np.int64, n)
    is_rep = rep == np.arange(n)
    keep = is_rep[index.para]
    h, p = index.hashes[keep], index.para[keep].astype(np.int64)

    # Rare 5-grams: posting lists short enough to pair exhaustively; a pair needs MIN_RARE.
    rare_keys, rare_counts = _counted(_pairs_in_groups(h, p, RARE, n))
    good = rare_counts >= MIN_RARE
    rare_keys, rare_counts = rare_keys[good], rare_counts[good]
    # Bottom-k sketch over all 5-grams, formulas included: a pair needs 2 sketch values in common.
    sh, sp = _bottom_k(h, p, n)
    o2 = np.argsort(sh, kind="stable")
    sk_keys, sk_counts = _counted(_pairs_in_groups(sh[o2], sp[o2], CROWD, n))
    sk_keys = sk_keys[sk_counts >= 2]
    # Both key lists are sorted and unique: their union is the rare keys plus the sketch keys not
    # among them, sorted once (np.union1d would sort the concatenation again from scratch).
    keys = np.sort(np.concatenate([rare_keys, sk_keys[~_sorted_isin(sk_keys, rare_keys)]]))
    shared = np.zeros(len(keys), dtype=np.int64)
    shared[np.searchsorted(keys, rare_keys)] = rare_counts
    pairs = np.stack([keys // n, keys % n], axis=1)
    return pairs, shared, {int(k): int(rep[k]) for k in np.flatnonzero(~is_rep)}


def _counted(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(keys, return_counts=True), by one in-place sort (np.unique copies and sorts)."""
    if not len(keys):
        return keys, np.empty(0, np.int64)
    keys.sort()
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    return keys[starts], np.diff(np.r_[starts, len(keys)])


def _sorted_isin(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """For sorted ``a`` and sorted unique ``b``: which elements of ``a`` are in ``b``."""
    if not len(b):
        return np.zeros(len(a), dtype=bool)
    at = np.minimum(np.searchsorted(b, a), len(b) - 1)
    return b[at] == a


def _bottom_k(h: np.ndarray, p: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Each paragraph's ``SKETCH`` smallest 5-gram hashes (with repeats), as (hashes, paragraphs)
    ordered by paragraph, then hash. ``h`` is sorted (the index keeps its postings by hash), so
    ordering by (paragraph, position) orders by (paragraph, hash): one sort of distinct int64
    keys instead of a two-key lexsort, and the rank within a paragraph from its offset."""
    at = (p << 32) | np.arange(len(p), dtype=np.int64)
    at.sort()
    ps, pos = at >> 32, at & 0xFFFFFFFF
    first = np.r_[0, np.cumsum(np.bincount(p, minlength=n))[:-1]]
    small = np.arange(len(ps)) - first[ps] < SKETCH
    return h[pos[small]], ps[small]


def _pairs_in_groups(h: np.ndarray, p: np.ndarray, limit: int, n: int) -> np.ndarray:
    """Keys a*n+b (a<b) for every pair of distinct paragraphs sharing a hash, in groups ≤ limit."""
    if len(h) < 2:
        return np.empty(0, np.int64)
    starts = np.flatnonzero(np.r_[True, h[1:] != h[:-1]])
    sizes = np.diff(np.r_[starts, len(h)])
    ok = (sizes >= 2) & (sizes <= limit)
    # Element i pairs with i+d when both lie in the same admissible group; the elements that still
    # have a partner d places on shrink as d grows, so the work is the number of pairs.
    idx = np.flatnonzero(np.repeat(ok, sizes))
    group_end = np.repeat(starts + sizes, sizes)[idx]
    out = []
    d = 1
    while len(idx):
        live = idx + d < group_end
        idx, group_end = idx[live], group_end[live]
        a, b = p[idx], p[idx + d]
        lo, hi = np.minimum(a, b), np.maximum(a, b)
        out.append((lo * n + hi)[lo != hi])
        d += 1
    return np.concatenate(out) if out else np.empty(0, np.int64)


def verify(pairs: np.ndarray, shared: np.ndarray, texts: list[str], shingles: list[int],
           ratios: np.ndarray | None = None) -> list[tuple[int, int, float, str]]:
    """The candidate pairs that are reuse, with their ratio and kind (plain data, for Dask).
    ``ratios``: :func:`near_copy_ratios` of these pairs, when the caller has them."""
    if not len(pairs):
        return []
    a, b = pairs[:, 0], pairs[:, 1]
    ratio = near_copy_ratios(pairs, texts) if ratios is None else ratios.astype(np.float64)
    near = ratio > 0
    counts = np.asarray(shingles, dtype=np.int64)
    passage = ~near & (shared >= MIN_SHARED_FRACTION * np.maximum(1, np.minimum(counts[a], counts[b])))
    ratio[passage] = _ratios(a[passage], b[passage], texts, None)
    keep = near | passage
    # round() as Python rounds (np.round differs on some halves): the same ratios as one by one.
    return [(x, y, round(r, 1), "near-copy" if c else "passage")
            for x, y, r, c in zip(a[keep].tolist(), b[keep].tolist(), ratio[keep].tolist(), near[keep].tolist(),
                                  strict=True)]


def near_copy_ratios(pairs: np.ndarray, texts: list[str]) -> np.ndarray:
    """rapidfuzz ratio of each pair's texts where it reaches ``MIN_RATIO``, else 0."""
    a, b = pairs[:, 0], pairs[:, 1]
    lengths = np.fromiter(map(len, texts), np.int64, len(texts))
    la, lb = lengths[a], lengths[b]
    # ratio = 200·matches / (la + lb) ≤ 200·min / (la + lb): lengths too far apart cannot reach
    # MIN_RATIO and need no alignment.
    fit = 200 * np.minimum(la, lb) >= MIN_RATIO * (la + lb)
    out = np.zeros(len(pairs), dtype=np.float64)
    out[fit] = _ratios(a[fit], b[fit], texts, MIN_RATIO)
    return out


def _ratios(a: np.ndarray, b: np.ndarray, texts: list[str], cutoff: float | None) -> np.ndarray:
    """fuzz.ratio of texts[a[i]], texts[b[i]] for every i (0 below ``cutoff``), in one call into
    rapidfuzz (cpdist, one thread) rather than one Python call per pair."""
    if not len(a):
        return np.zeros(0, dtype=np.float64)
    return process.cpdist([texts[i] for i in a.tolist()], [texts[i] for i in b.tolist()], scorer=fuzz.ratio,
                          score_cutoff=cutoff, dtype=np.float64, workers=1)


def _partitions(pairs: np.ndarray, shared: np.ndarray, n: int) -> list[tuple[np.ndarray, np.ndarray]]:
    k = max(1, n)
    return [(a, b) for a, b in zip(np.array_split(pairs, k), np.array_split(shared, k), strict=True) if len(a)]


def find_reuse(index: ShingleIndex, scheduler: str | None = None, partitions: int = 8,
               only: set[int] | None = None) -> list[ReusePair]:
    """All reuse pairs, newer → older (ties by date: by position in the store); with ``only``,
    just the pairs that touch those paragraphs (an incremental run)."""
    texts = [" ".join(t.split()) for t in index.p_text.tolist()]
    pairs, shared, family = candidate_pairs(index, texts)
    if only is not None:
        wanted = np.fromiter(only, dtype=np.int64, count=len(only))
        touch = np.isin(pairs[:, 0], wanted) | np.isin(pairs[:, 1], wanted)
        pairs, shared = pairs[touch], shared[touch]
        family = {m: f for m, f in family.items() if m in only or f in only}
    shingles = np.bincount(index.para, minlength=len(index.meta)).tolist()
    dates = _dates(index)
    parts = _partitions(pairs, shared, partitions)
    if scheduler is None:
        verified = [row for part, common in parts for row in verify(part, common, texts, shingles)]
    else:
        verified = _verify_on_dask(parts, texts, shingles, scheduler)
    out: list[ReusePair] = []
    for a, b, ratio, kind in verified:
        newer, older = _order(dates, a, b)
        out.append(ReusePair(newer, older, ratio, kind))
    for member, first in family.items():
        newer, older = _order(dates, member, first)
        out.append(ReusePair(newer, older, 100.0, "identical"))
    out.sort(key=lambda r: (r.newer, r.older))
    return out


def _dates(index: ShingleIndex) -> list[str]:
    """Each paragraph's document date."""
    by_doc = index.d_date.tolist()
    return [by_doc[d] for d in index.p_doc.tolist()]


def _order(dates: list[str], a: int, b: int) -> tuple[int, int]:
    da, db = dates[a] or "9999", dates[b] or "9999"
    return (a, b) if (da, a) > (db, b) else (b, a)


def _verify_on_dask(parts: list[tuple[np.ndarray, np.ndarray]], texts: list[str], shingles: list[int],
                    scheduler: str) -> list[tuple[int, int, float, str]]:
    from dask.distributed import Client, LocalCluster

    cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) \
        if scheduler == "local" else None
    client = Client(cluster if cluster is not None else scheduler)
    try:
        texts_f = client.scatter(texts, broadcast=True)
        shingles_f = client.scatter(shingles, broadcast=True)
        futures = [client.submit(verify, part, common, texts_f, shingles_f, pure=False) for part, common in parts]
        return [row for part in client.gather(futures) for row in part]
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def earliest_sources(pairs: Iterable[ReusePair], index: ShingleIndex) -> dict[int, int]:
    """For each paragraph with a source, its earliest one (by date, then position)."""
    best: dict[int, int] = {}
    dates = _dates(index)
    for r in pairs:
        cur = best.get(r.newer)
        if cur is None or (dates[r.older], r.older) < (dates[cur], cur):
            best[r.newer] = r.older
    return best


def update_store(store: Store, scheduler: str | None = None) -> dict[str, int]:
    """Find the reuse that documents not yet processed bring, and write it to the store."""
    index = index_for(store)
    pending = store.reuse_pending()
    new_docs = set(index.d_id.tolist()) & pending
    doc_of = np.asarray(index.d_id)[np.asarray(index.p_doc)]
    only = set(np.flatnonzero(np.isin(doc_of, list(new_docs))).tolist())
    pairs = find_reuse(index, scheduler=scheduler, only=only) if only else []
    row_id = index.p_row.tolist()
    rows = [(row_id[p.newer], row_id[p.older], p.kind, p.ratio) for p in pairs]
    store.add_reuse(rows, sorted(pending))  # documents with no indexed paragraph are done too
    return {"documents": len(new_docs), "pairs": len(rows), "total": store.reuse_count()}


def stored_rows(store: Store) -> list[tuple[Any, ...]]:
    """All stored pairs, for export (see :meth:`Store.reuse_rows`)."""
    return store.reuse_rows()


def export_rows(rows: list[tuple[Any, ...]], out: TextIO, fmt: str = "csv") -> int:
    """Write stored pairs, marking each paragraph's earliest source."""
    earliest: dict[tuple[str, str], tuple[str, str, str]] = {}
    for sym, pid, _, ssym, spid, sdate, _, _ in rows:
        cur = earliest.get((sym, pid))
        if cur is None or (sdate or "9999", ssym) < (cur[2] or "9999", cur[0]):
            earliest[(sym, pid)] = (ssym, spid, sdate)
    fields = ("symbol", "pid", "date", "source_symbol", "source_pid", "source_date", "kind", "ratio", "earliest")
    writer = csv_writer(out) if fmt == "csv" else None
    if writer:
        writer.writerow(fields)
    for row in rows:
        values = (*row, earliest[(row[0], row[1])][:2] == (row[3], row[4]))
        if writer:
            writer.writerow(values)
        else:
            out.write(json.dumps(dict(zip(fields, values, strict=True)), ensure_ascii=False) + "\n")
    return len(rows)
