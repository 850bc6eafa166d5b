"""Queries → ranked paragraphs, over whichever store.

Query syntax (the same on both backends)::

    peacekeeping budget           both words (stemmed: "budgets" matches)
    "scale of assessments"        the phrase
    assess*                       a prefix
    UNSOS OR AMISOM               either
    -Haiti                        not
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .store.base import Store

__all__ = ["QueryError", "Term", "Filters", "Hit", "SearchResult", "parse_query", "search", "facets"]

MAX_LIMIT = 200


class QueryError(ValueError):
    """A query that cannot be run: empty, unbalanced quotes, only negations."""


@dataclass(frozen=True, slots=True)
class Term:
    words: tuple[str, ...]  # lower-cased word characters only: safe to pass to any engine
    prefix: bool = False

    @property
    def phrase(self) -> bool:
        return len(self.words) > 1


@dataclass(slots=True)
class ParsedQuery:
    clauses: list[list[Term]]  # AND of ORs
    negated: list[Term] = field(default_factory=list)


@dataclass(slots=True)
class Filters:
    body: str | None = None
    doc_type: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    symbol_prefix: str | None = None
    kind: str | None = None  # preambular, operative, body, …


@dataclass(slots=True)
class Hit:
    symbol: str
    pid: str
    kind: str
    label: str | None
    title: str
    date: str | None
    body: str
    doc_type: str
    snippet: str  # matches wrapped in <mark>…</mark>
    score: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class SearchResult:
    query: str
    hits: list[Hit]
    total: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "total": self.total, "hits": [h.to_dict() for h in self.hits]}


_TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def _term(text: str, prefix: bool = False) -> Term | None:
    words = tuple(w.lower() for w in _WORD.findall(text))
    return Term(words, prefix) if words else None


def parse_query(q: str) -> ParsedQuery:
    if q.count('"') % 2:
        raise QueryError("unbalanced quotation mark")
    clauses: list[list[Term]] = []
    negated: list[Term] = []
    join_next = False
    for m in _TOKEN.finditer(q):
        neg = False
        if m.group(2) is not None:
            neg = m.group(1) == "-"
            term = _term(m.group(2))
        else:
            tok = m.group(3)
            if tok == "OR":
                join_next = bool(clauses)
                continue
            if tok.startswith("-") and len(tok) > 1:
                neg, tok = True, tok[1:]
            prefix = tok.endswith("*")
            term = _term(tok.rstrip("*"), prefix)
            if term is not None and prefix and term.phrase:
                # "peace-keep*": the words before the last must match whole.
                term = Term(term.words, True)
        if term is None:
            continue
        if neg:
            negated.append(term)
        elif join_next:
            clauses[-1].append(term)
        else:
            clauses.append([term])
        join_next = False
    if not clauses:
        raise QueryError("the query has no words to search for" if not negated
                         else "a query needs at least one word that is not negated")
    return ParsedQuery(clauses, negated)


def facets(store: Store, q: str, filters: Filters | None = None) -> dict[str, list[tuple[Any, int]]]:
    """Matching paragraphs counted by body, doc_type, year and kind."""
    return store.facets(parse_query(q), filters or Filters())


def search(store: Store, q: str, filters: Filters | None = None, limit: int = 10,
           offset: int = 0, with_total: bool = False) -> SearchResult:
    """Paragraphs matching ``q``, best first (BM25 on SQLite; on PostgreSQL ts_rank_cd normalised
    by paragraph length, which orders like BM25 on this corpus)."""
    parsed = parse_query(q)
    limit = max(1, min(limit, MAX_LIMIT))
    hits, total = store.search(parsed, filters or Filters(), limit, max(0, offset), with_total)
    return SearchResult(q, hits, total)
