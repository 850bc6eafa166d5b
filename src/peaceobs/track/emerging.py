"""Emerging issues: words and two-word phrases whose use bursts in the latest periods.

The model is Kleinberg's two-state burst automaton for batched arrivals (J. Kleinberg, "Bursty
and Hierarchical Structure in Streams", KDD 2002, §4 "enumerating bursts"). For one term, period
t holds d_t documents of which r_t use it. State 0 emits a using document with probability
p0 = R/D (the term's share over all periods), state 1 with p1 = s·p0. Being in state i at t
costs σ(i, t) = −ln[p_i^r_t (1 − p_i)^(d_t − r_t)] (the binomial coefficient is the same in both
states and left out); moving up a state costs γ·ln(n) (n periods), moving down is free. The
cheapest state sequence (Viterbi) marks the bursts: runs of state 1. A burst's weight is
Σ σ(0, t) − σ(1, t) over its periods — how much better the burst explains the counts than the
base rate. A term emerges when a burst covers one of the ``latest`` periods; terms are ranked by
that burst's weight.

Parameters (all exposed): ``s`` (default 2: a burst is at least twice the usual share), ``gamma``
(default 1: the cost of entering a burst; higher, fewer and stronger bursts), ``min_docs`` (default
5: a term must be in at least this many documents over all periods — the vocabulary's bound),
``max_terms`` (default 100,000 terms kept, the most frequent: the memory bound), ``latest``
(default 1 period).

Terms: words of paragraph text (masthead lines left out: they name the session), lower-cased,
without search's stop-words, words holding digits, or one letter; and two-word phrases of
adjacent such words. A word whose latest-period documents are nearly all (≥ 80 %) those of a
phrase holding it, which also emerges, is left out for the phrase ("intelligence" under
"artificial intelligence").
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from ..query import _WORD, Filters
from ..search import STOP_WORDS
from .trends import Evidence, Period, TrendError, check_body, check_period, trends

if TYPE_CHECKING:
    from ..store.base import Store

__all__ = ["Burst", "EmergingTerm", "EmergingResult", "bursts", "burst_matrix", "emerging", "terms_of",
           "S", "GAMMA", "MIN_DOCS", "MAX_TERMS", "LATEST", "TOP"]

S = 2.0
GAMMA = 1.0
MIN_DOCS = 5
MAX_TERMS = 100_000
LATEST = 1
TOP = 20
# Words that name a time, not an issue: numbers spelled out and ordinals ("eighty-first session",
# "the eightieth anniversary"), months and weekdays. Every session's texts name the next one, so
# without this list session names are the strongest bursts of all.
CALENDAR = frozenset("""zero one two three four five six seven eight nine ten eleven twelve thirteen
fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty
ninety hundred thousand first second third fourth fifth sixth seventh eighth ninth tenth eleventh
twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth
thirtieth fortieth fiftieth sixtieth seventieth eightieth ninetieth hundredth january february
march april may june july august september october november december monday tuesday wednesday
thursday friday saturday sunday""".split())
# Two terms are one issue when nearly all the documents of the latest periods using the rarer use
# the other too, and they share at least half of the commoner's (a broad word does not swallow
# every rare one).
NEARLY_ALL = 0.8
HALF = 0.5


class Burst(NamedTuple):
    start: int  # index of the first period in the burst
    end: int  # index of the last (inclusive)
    weight: float


def _costs(r: np.ndarray, d: np.ndarray, p: np.ndarray) -> np.ndarray:
    """σ(i, t) for one state: −[r ln p + (d − r) ln(1 − p)], rows = terms, columns = periods."""
    return -(r * np.log(p)[:, None] + (d - r) * np.log1p(-p)[:, None])


def burst_matrix(r: np.ndarray, d: Sequence[int], s: float = S, gamma: float = GAMMA,
                 ) -> tuple[np.ndarray, np.ndarray]:
    """States (0/1) and per-period weights σ(0, t) − σ(1, t) for many terms at once.

    ``r``: documents using each term, rows = terms, columns = periods; ``d``: documents per
    period. Terms never used are all state 0. One Viterbi pass over the periods for every row.
    """
    r = np.asarray(r, dtype=float)
    dd = np.broadcast_to(np.asarray(d, dtype=float), r.shape)
    n = r.shape[1]
    total = float(np.sum(d))
    p0 = r.sum(axis=1) / total if total else np.zeros(r.shape[0])
    # A term in no document, or in every one, cannot burst (and ln 0 would make its costs NaN).
    used = (p0 > 0) & (p0 < 1)
    p0 = np.where(used, p0, 0.5)  # any rate: such rows are reset to state 0 below
    # A term in more than half the documents cannot double: its burst rate stops short of 1.
    p1 = np.minimum(s * p0, 1 - 1e-9)
    c0 = _costs(r, dd, p0)
    c1 = _costs(r, dd, p1)
    up = gamma * math.log(n) if n > 1 else 0.0
    rows = r.shape[0]
    back = np.zeros((rows, n, 2), dtype=np.int8)  # back[:, t, j]: the state before j at t
    cost0 = c0[:, 0].copy()  # the automaton starts in state 0
    cost1 = up + c1[:, 0]
    for t in range(1, n):
        from0 = cost0 <= cost1  # into 0: from 0 or, free, from 1 (ties: the lower state)
        new0 = np.where(from0, cost0, cost1) + c0[:, t]
        stay1 = cost1 < cost0 + up  # into 1: stay, or climb at γ ln n
        new1 = np.where(stay1, cost1, cost0 + up) + c1[:, t]
        back[:, t, 0] = np.where(from0, 0, 1)
        back[:, t, 1] = np.where(stay1, 1, 0)
        cost0, cost1 = new0, new1
    states = np.zeros((rows, n), dtype=np.int8)
    states[:, n - 1] = np.where(cost1 < cost0, 1, 0)
    idx = np.arange(rows)
    for t in range(n - 1, 0, -1):
        states[:, t - 1] = back[idx, t, states[:, t]]
    states[~used] = 0
    return states, c0 - c1


def _runs(states: Sequence[int], weights: Sequence[float]) -> list[Burst]:
    out: list[Burst] = []
    start = None
    for t, st in enumerate([*states, 0]):
        if st and start is None:
            start = t
        elif not st and start is not None:
            out.append(Burst(start, t - 1, float(sum(weights[start:t]))))
            start = None
    return out


def bursts(r: Sequence[int], d: Sequence[int], s: float = S, gamma: float = GAMMA) -> list[Burst]:
    """The bursts of one term: ``r[t]`` of the ``d[t]`` documents of period t use it."""
    if len(r) != len(d) or not r:
        raise ValueError("r and d need one count per period each")
    if any(x < 0 or x > y for x, y in zip(r, d, strict=True)):
        raise ValueError("each r[t] must be between 0 and d[t]")
    states, weights = burst_matrix(np.asarray([r]), d, s, gamma)
    return _runs(states[0].tolist(), weights[0].tolist())


# -- terms of a text --------------------------------------------------------------------------

_KEPT: dict[str, str | None] = {}  # word → itself, or None if dropped: decided once per word
_UNSEEN = ""


def _keep(w: str) -> str | None:
    if w in STOP_WORDS or w in CALENDAR or len(w) < 2 or any(c.isdigit() for c in w):
        return None
    return w


def _words(text: str) -> list[str | None]:
    """The text's words, lower-cased; None where a word is dropped (a stop-word, a calendar word,
    a number, one letter), so that no phrase spans it."""
    if len(_KEPT) > 1_000_000:  # a bound on the cache, not on the vocabulary
        _KEPT.clear()
    words = _WORD.findall(text.lower())
    out = [_KEPT.get(w, _UNSEEN) for w in words]  # comprehensions: the hot loop of emerging()
    for k, w in enumerate(out):
        if w == _UNSEEN:
            out[k] = _KEPT[words[k]] = _keep(words[k])
    return out


def terms_of(texts: Iterable[str], vocabulary: set[str] | None = None, bigrams: bool = True) -> set[str]:
    """The words and two-word phrases of these paragraphs (a phrase never spans paragraphs or a
    dropped word). With ``vocabulary``, words outside it are dropped and a phrase needs both of
    its words in it."""
    out: set[str] = set()
    for text in texts:
        ws = _words(text)
        if vocabulary is not None:
            ws = [w if w in vocabulary else None for w in ws]
        out.update(w for w in ws if w)
        if bigrams:
            out.update(f"{a} {b}" for a, b in zip(ws, ws[1:], strict=False) if a and b)
    return out


# -- the corpus ---------------------------------------------------------------------------------

@dataclass(slots=True)
class EmergingTerm:
    term: str
    weight: float  # of the bursts covering the latest periods
    burst: tuple[int, int]  # first and last period of the latest burst
    counts: list[int]  # documents using the term, per period
    totals: list[int]  # documents per period
    evidence: list[Evidence] = field(default_factory=list)  # from the latest period
    related: list[str] = field(default_factory=list)  # lighter terms used by nearly the same documents

    @property
    def shares(self) -> list[float]:
        return [c / t if t else 0.0 for c, t in zip(self.counts, self.totals, strict=True)]

    def to_dict(self) -> dict[str, Any]:
        return {"term": self.term, "weight": round(self.weight, 4), "burst": list(self.burst),
                "counts": self.counts, "shares": [round(x, 6) for x in self.shares],
                "related": self.related, "evidence": [e.to_dict() for e in self.evidence]}


@dataclass(slots=True)
class EmergingResult:
    by: str
    body: str | None
    include_drafts: bool
    periods: list[int]
    totals: list[int]
    params: dict[str, Any]  # s, gamma, min_docs, max_terms, latest
    vocabulary: int  # terms counted (in ≥ min_docs documents)
    capped: bool  # max_terms cut the vocabulary
    terms: list[EmergingTerm]

    def to_dict(self) -> dict[str, Any]:
        return {"by": self.by, "body": self.body, "include_drafts": self.include_drafts,
                "periods": self.periods, "totals": self.totals, "params": self.params,
                "vocabulary": self.vocabulary, "capped": self.capped,
                "terms": [t.to_dict() for t in self.terms]}


def _counts(store: Store, f: Filters, by: str, drafts: bool, periods: list[int], min_docs: int,
            max_terms: int) -> tuple[list[str], np.ndarray, bool]:
    """Terms in at least ``min_docs`` documents (the most frequent ``max_terms`` of them) and the
    documents using each per period (rows = terms). Words in a first pass; phrases in a second,
    of two kept words only (a phrase is never in more documents than its words): memory holds
    the words and the candidate phrases per period, not every pair of the corpus."""
    column = {p: k for k, p in enumerate(periods)}
    words: Counter[tuple[str, int]] = Counter()
    for doc in store.texts_by_period(f, by, drafts):
        k = column[doc.period]
        words.update((w, k) for w in terms_of(doc.texts, bigrams=False))
    df: Counter[str] = Counter()
    for (w, _), n in words.items():
        df[w] += n
    kept = {w for w, n in df.items() if n >= min_docs}
    pairs: Counter[tuple[str, int]] = Counter()
    for doc in store.texts_by_period(f, by, drafts):
        k = column[doc.period]
        pairs.update((t, k) for t in terms_of(doc.texts, kept) if " " in t)
    for (t, _), n in pairs.items():
        df[t] += n
    ranked = sorted((t for t, n in df.items() if n >= min_docs and (" " in t or t in kept)),
                    key=lambda t: (-df[t], t))
    vocab = ranked[:max_terms]
    index = {t: i for i, t in enumerate(vocab)}
    counts = np.zeros((len(vocab), len(periods)), dtype=np.int32)
    for source in (words, pairs):
        for (t, k), n in source.items():
            i = index.get(t)
            if i is not None:
                counts[i, k] = n
    return vocab, counts, len(ranked) > max_terms


def emerging(store: Store, body: str | None = None, by: Period = "year", include_drafts: bool = False,
             top: int = TOP, s: float = S, gamma: float = GAMMA, min_docs: int = MIN_DOCS,
             max_terms: int = MAX_TERMS, latest: int = LATEST, filters: Filters | None = None,
             evidence: int = 3, cache: bool = True) -> EmergingResult:
    """The ``top`` terms whose use bursts in the ``latest`` periods, heaviest burst first, each
    with its curve and up to ``evidence`` paragraphs of the latest period (see the module's
    docstring for the model and its parameters). Reads every paragraph of the filtered documents
    twice, a batch of documents at a time, and those of the latest periods once more (4 s of
    CPU for the corpus's 874 GA resolutions), so a result is kept for the store's generation
    (``cache``): a page asking again gets it at once, and any write of a document renews it."""
    check_period(by)
    body = check_body(store, body)
    if s <= 1:
        raise TrendError("s must be above 1 (the burst rate is s times the base rate)")
    if gamma < 0 or min_docs < 1 or max_terms < 1 or latest < 1 or top < 0:
        raise TrendError("gamma must be ≥ 0; min_docs, max_terms and latest ≥ 1; top ≥ 0")
    f = replace(filters) if filters else Filters()
    if body is not None:
        f.body = body
    # Not id(store): the web app opens a store per thread. The latest ingest time tells a store
    # rebuilt at the same URL (generation counters restart) from the one cached.
    key = (store.url, store.version(), tuple(store.query("SELECT max(ingested_at), count(*) FROM documents")[0]), by, include_drafts, top, s, gamma, min_docs, max_terms, latest,
           repr(f), evidence)
    if cache and key in _CACHE:
        _CACHE[key] = _CACHE.pop(key)  # the most recently used last
        return _CACHE[key]
    result = _emerging(store, f, body, by, include_drafts, top, s, gamma, min_docs, max_terms, latest, evidence)
    if cache:
        _CACHE[key] = result
        while len(_CACHE) > CACHED:
            _CACHE.pop(next(iter(_CACHE)))
    return result


CACHED = 8  # results kept (a few bodies × periods × parameter sets); each is small
_CACHE: dict[tuple[Any, ...], EmergingResult] = {}


def _emerging(store: Store, f: Filters, body: str | None, by: str, include_drafts: bool, top: int, s: float,
              gamma: float, min_docs: int, max_terms: int, latest: int, evidence: int) -> EmergingResult:
    totals_by = store.documents_per_period(f, by, include_drafts)
    periods = sorted(totals_by)
    totals = [totals_by[p] for p in periods]
    params = {"s": s, "gamma": gamma, "min_docs": min_docs, "max_terms": max_terms, "latest": latest}
    if len(periods) < 2:
        return EmergingResult(by, body, include_drafts, periods, totals, params, 0, False, [])
    vocab, counts, capped = _counts(store, f, by, include_drafts, periods, min_docs, max_terms)
    window = slice(len(periods) - min(latest, len(periods)), len(periods))
    states, weights = burst_matrix(counts, totals, s, gamma)
    found: list[EmergingTerm] = []
    for i in np.flatnonzero(states[:, window].any(axis=1)):
        runs = [b for b in _runs(states[i].tolist(), weights[i].tolist()) if b.end >= window.start]
        found.append(EmergingTerm(vocab[i], sum(b.weight for b in runs),
                                  (periods[runs[-1].start], periods[runs[-1].end]),
                                  counts[i].tolist(), totals))
    found.sort(key=lambda t: (-t.weight, t.term))
    chosen = _grouped(found, _documents_of(store, f, by, include_drafts, periods[window], found), top)
    for t in chosen:
        curve = trends(store, [f'"{t.term}"'], body, by, include_drafts, f, evidence)  # type: ignore[arg-type]
        t.evidence = curve.terms[0].points[-1].evidence
    return EmergingResult(by, body, include_drafts, periods, totals, params, len(vocab), capped, chosen)


def _documents_of(store: Store, f: Filters, by: str, drafts: bool, latest: list[int],
                  found: list[EmergingTerm]) -> list[set[int]]:
    """For each term found, the documents of the latest periods that use it (a third pass, over
    those periods' documents only)."""
    where = {t.term: k for k, t in enumerate(found)}
    out: list[set[int]] = [set() for _ in found]
    kept = {t.term for t in found if " " not in t.term} | {w for t in found for w in t.term.split()}
    for doc in store.texts_by_period(f, by, drafts, periods=latest):
        for t in terms_of(doc.texts, kept):
            k = where.get(t)
            if k is not None:
                out[k].add(doc.doc_id)
    return out


def _grouped(found: list[EmergingTerm], docs: list[set[int]], top: int) -> list[EmergingTerm]:
    """The heaviest ``top`` terms, each with the lighter terms used by nearly the same documents
    of the latest periods (:data:`NEARLY_ALL`, :data:`HALF`) under it as ``related``: one
    paragraph repeated across a session ("the Sevilla Commitment … sets forth … estimated
    annual …") is one issue, not twenty."""
    heads: list[tuple[EmergingTerm, set[int]]] = []
    for term, ds in zip(found, docs, strict=True):
        for head, hs in heads:
            common = len(ds & hs)
            if ds and common >= NEARLY_ALL * min(len(ds), len(hs)) and common >= HALF * max(len(ds), len(hs)):
                head.related.append(term.term)
                break
        else:
            if len(heads) >= top:
                continue
            heads.append((term, ds))
    return [h for h, _ in heads]
