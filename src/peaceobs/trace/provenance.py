"""Where does this language come from? Earlier texts that contain the same or near-same words.

A query (a paragraph or a phrase) is cut into word 5-grams; every earlier paragraph sharing
enough non-boilerplate 5-grams is a candidate; each candidate's shared runs become aligned spans,
verified by a local alignment (rapidfuzz) of the two span texts. Sources are older than the
target (dates respected), drafts are told apart from adopted texts, the target's own earlier
versions (its draft) are set apart, same-day texts built from one template form one group, and
the earliest source *in this store* and the lineage (sources in date order) are named: a store
holds documents from some year on, so the earliest text it knows is no absolute origin.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

import numpy as np
from rapidfuzz import fuzz

from .index import K, ShingleIndex, words

MIN_SHARED = 3  # non-boilerplate 5-grams in common: about 7 words running
VERIFY = 85.0  # rapidfuzz ratio of the aligned span texts
SIBLING = 85.0  # rapidfuzz ratio of two same-day paragraphs (numbers aside) that share a template
SERIES_BONUS = (0.0, 0.1, 0.2)  # coverage counts this much more for series tier 0, 1, 2 when ranking
_LABEL = re.compile(r"^\s*(?:\(?[0-9]+[a-z]?\)?[.)]?|\([a-z]{1,4}\))\s+")


@dataclass(slots=True)
class Span:
    query: tuple[int, int]  # character offsets in the query text
    source: tuple[int, int]  # character offsets in the source paragraph
    text: str  # the source's words there


@dataclass(slots=True)
class Sibling:
    """A same-day text sharing the template of a group's representative source."""

    symbol: str
    pid: str
    coverage: float


@dataclass(slots=True)
class Source:
    symbol: str
    pid: str
    date: str
    doc_type: str
    adopted: bool  # a resolution (agreed language) rather than a draft or report
    coverage: float  # share of the query's non-boilerplate 5-grams found in this source
    spans: list[Span] = field(default_factory=list)
    version: bool = False  # an earlier version of the traced text itself (its draft), not a source
    series: int = 0  # 2: the traced text's own series, previous session; 1: its series; 0: other
    siblings: list[Sibling] = field(default_factory=list)  # same day, same template

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def label(self) -> str:
        more = f" + {len(self.siblings)} same-day" if self.siblings else ""
        return f"{self.symbol} {self.pid} ({self.date}){more}"


@dataclass(slots=True)
class Provenance:
    query: str
    sources: list[Source]  # best first; one per same-day template group; versions excluded
    boilerplate: bool  # every 5-gram of the query is a formula found everywhere
    first: Source | None = None  # earliest adopted source in this store (else earliest of any kind)
    lineage: list[Source] = field(default_factory=list)  # main sources in date order
    versions: list[Source] = field(default_factory=list)  # the traced text's own earlier versions
    store_from: int | None = None  # the earliest year of the documents this store holds

    @property
    def first_label(self) -> str:
        """How to name ``first``: the earliest text *in this store*, never "the origin"."""
        since = f" (documents from {self.store_from})" if self.store_from else ""
        return f"earliest in this store{since}"

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "boilerplate": self.boilerplate,
                "first": self.first.to_dict() if self.first else None,
                "first_label": self.first_label, "store_from": self.store_from,
                "lineage": [s.label for s in self.lineage],
                "versions": [s.to_dict() for s in self.versions],
                "sources": [s.to_dict() for s in self.sources]}


class Relate(Protocol):
    """What trace_text needs to know about a source document relative to the traced one
    (:class:`peaceobs.trace.relations.Relations` reads it from the documents)."""

    def is_version(self, symbol: str) -> bool: ...

    def series(self, symbol: str) -> int: ...


def _distinct(values: np.ndarray) -> int:
    """How many different values: by sorting, not ``np.unique``, whose first call imports
    ``numpy.ma`` (35 ms of a CLI ``trace``'s start)."""
    if len(values) < 2:
        return len(values)
    s = np.sort(values)
    return int(np.count_nonzero(s[1:] != s[:-1])) + 1


def trace_text(index: ShingleIndex, text: str, before: str | None = None, exclude: str | None = None,
               limit: int = 20, title: str | None = None, relate: Relate | None = None) -> Provenance:
    """Sources of ``text`` older than ``before`` (an ISO date), not in document ``exclude``.

    ``relate`` (given when a stored paragraph is traced) tells the traced text's own earlier
    versions, which are set apart in ``versions``, and its series: a source in the same series
    ranks as if its coverage were 10 % higher (20 % from the previous session). Sources that share
    as much are ranked by how alike their document's title is to ``title``, then by date.
    Same-day sources whose paragraphs share a template are grouped under the best-ranked one.
    """
    store_from = index.store_from
    hashes, ms = index.query_hashes(text)
    if len(hashes) == 0:
        return Provenance(text, [], boilerplate=False, store_from=store_from)
    boiler = index.is_boilerplate(hashes)
    meaningful = int((~boiler).sum())
    if meaningful == 0:
        return Provenance(text, [], boilerplate=True, store_from=store_from)
    qpos, para, spos = index.postings(hashes)
    keep = ~boiler[qpos]
    qpos, para, spos = qpos[keep], para[keep], spos[keep]
    if len(para) == 0:
        return Provenance(text, [], boilerplate=False, store_from=store_from)
    order = np.argsort(para, kind="stable")  # postings grouped by paragraph
    qpos, para, spos = qpos[order], para[order], spos[order]
    cand, start, counts = np.unique(para, return_index=True, return_counts=True)
    # A paragraph repeating a 5-gram counts it once: distinct query positions per candidate.
    sources: list[Source] = []
    kin: dict[int, float] = {}
    texts: dict[int, str] = {}
    enough = counts >= MIN_SHARED
    cand, start, counts = cand[enough], start[enough], counts[enough]
    docs: dict[int, bool] = {}  # document → whether its paragraphs may be sources (read once)
    for c, a, n, d in zip(cand.tolist(), start.tolist(), counts.tolist(), index.p_doc[cand].tolist(), strict=True):
        ok = docs.get(d)
        if ok is None:
            date = index.d_date[d]
            ok = docs[d] = not (exclude and index.d_symbol[d] == exclude) and \
                not (before and (not date or date >= before))
        if not ok:
            continue
        shared = _distinct(qpos[a:a + n])
        if shared < MIN_SHARED:
            continue
        m = index.meta[c]
        spans = _spans(text, ms, m.text, qpos[a:a + n], spos[a:a + n])
        if not spans:
            continue
        src = Source(m.symbol, m.pid, m.date, m.doc_type, m.doc_type == "resolution",
                     round(shared / meaningful, 3), spans)
        if relate is not None:
            src.version = relate.is_version(m.symbol)
            src.series = 0 if src.version else relate.series(m.symbol)
        sources.append(src)
        kin[id(src)] = fuzz.token_set_ratio(title, m.title) if title else 0.0
        texts[id(src)] = m.text
    sources.sort(key=lambda s: (-s.coverage * (1 + SERIES_BONUS[s.series]), -kin[id(s)], s.date, s.symbol))
    versions = sorted((s for s in sources if s.version), key=lambda s: (s.date, s.symbol))
    sources = _group_siblings([s for s in sources if not s.version], texts)[:limit]
    # The lineage: sources carrying at least half as much of the text as the best one, oldest
    # first; a source sharing one clause is a relative, not an ancestor.
    best = max((s.coverage for s in sources), default=0.0)
    lineage = sorted((s for s in sources if s.coverage >= best / 2), key=lambda s: (s.date, s.symbol))
    adopted = [s for s in lineage if s.adopted]
    first = adopted[0] if adopted else (lineage[0] if lineage else None)
    return Provenance(text, sources, boilerplate=False, first=first, lineage=lineage, versions=versions,
                      store_from=store_from)


def _group_siblings(ranked: list[Source], texts: dict[int, str]) -> list[Source]:
    """One source per template: a source of the same date and kind as a better-ranked one, whose
    paragraph reads the same once numbers are set aside (rapidfuzz ratio ≥ SIBLING), joins it as
    a sibling (one paragraph per other document; a second paragraph of the same document stays a
    source of its own) — several resolutions adopted together from one template are one source, not
    competitors."""
    kept: list[Source] = []
    for s in ranked:
        body = _LABEL.sub("", texts[id(s)]).lower()
        home = next((k for k in kept if k.date == s.date and k.doc_type == s.doc_type
                     and s.symbol not in {k.symbol, *(x.symbol for x in k.siblings)}
                     and fuzz.ratio(_LABEL.sub("", texts[id(k)]).lower(), body) >= SIBLING), None)
        if home is None:
            kept.append(s)
        else:
            home.siblings.append(Sibling(s.symbol, s.pid, s.coverage))
    return kept


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
