"""Terms over time: for each term or phrase, the documents of each year or GA session that use it,
their share of all the period's documents, and the paragraphs that show it.

A term is a query in peaceobs syntax (``misinformation``, ``"artificial intelligence"``,
``cyber* OR digital``): a document *uses* it when one of its paragraphs matches it, stemmed, as a
search would find it. Shares are taken over the documents of the period under the same filters
(body, type, years), drafts left out unless asked: a draft and the resolution adopted from it are
the same text, and counting both would count one decision twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from ..errors import PeaceobsError
from ..query import Filters, QueryError
from ..search import parse_query, safe_snippet
from ..store.deadline import bounded
from ..store.trending import PERIOD_COLUMNS

if TYPE_CHECKING:
    from ..store.base import Store

__all__ = ["Evidence", "TrendPoint", "TermTrend", "TrendResult", "TrendError", "trends", "check_body", "check_period",
           "TREND_SECONDS", "EVIDENCE", "BODIES"]

Period = Literal["year", "session"]

EVIDENCE = 3  # paragraphs shown per point: the documents using the term most, one paragraph each
# Time one term's counting may take: a whole-corpus count of a common word reads every match,
# more than a search's page (0.75 s), but a term must still not hold a server for minutes.
TREND_SECONDS = 5.0


class TrendError(PeaceobsError, ValueError):
    """A trend that cannot be drawn: an unknown body or period, no terms."""


class Evidence(NamedTuple):
    """A paragraph that shows a document uses the term: ``symbol#pid`` is its address."""
    symbol: str
    pid: str
    kind: str
    title: str
    date: str | None
    snippet: str  # safe HTML, the term in <mark>
    paragraphs: int  # matching paragraphs in the document

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


@dataclass(slots=True)
class TrendPoint:
    period: int
    documents: int  # documents of the period that use the term
    total: int  # all documents of the period, same filters
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.documents / self.total if self.total else 0.0

    def to_dict(self, evidence: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {"period": self.period, "documents": self.documents, "total": self.total,
                               "share": round(self.share, 6)}
        if evidence:
            out["evidence"] = [e.to_dict() for e in self.evidence]
        return out


@dataclass(slots=True)
class TermTrend:
    term: str  # as given
    points: list[TrendPoint]  # one per period of the result, in order, zeros included

    @property
    def documents(self) -> int:
        return sum(p.documents for p in self.points)

    def to_dict(self, evidence: bool = True) -> dict[str, Any]:
        return {"term": self.term, "documents": self.documents,
                "points": [p.to_dict(evidence) for p in self.points]}


@dataclass(slots=True)
class TrendResult:
    by: str
    body: str | None
    include_drafts: bool
    periods: list[int]  # every period holding documents under the filters, oldest first
    totals: list[int]  # documents per period, aligned with ``periods``
    terms: list[TermTrend]

    def to_dict(self, evidence: bool = True) -> dict[str, Any]:
        return {"by": self.by, "body": self.body, "include_drafts": self.include_drafts,
                "periods": self.periods, "totals": self.totals,
                "terms": [t.to_dict(evidence) for t in self.terms]}


# The bodies documents are filed under (symbols and structure name no others).
BODIES = ("GA", "SC", "SG", "ACABQ", "ECOSOC", "HRC", "AU-PSC", "UN")


def check_body(store: Store, body: str | None, stored: bool = True) -> str | None:
    """``body`` upper-cased if the store holds documents of it (``stored``; else if it is a body
    documents can belong to: a watch waits for documents to come); else :class:`TrendError`
    naming those there are (a typo would otherwise give an empty chart that looks like an answer)."""
    if body is None:
        return None
    bodies = store.document_bodies() if stored else sorted({*BODIES, *store.document_bodies()})
    if body.upper() not in bodies:
        held = ", ".join(bodies) or "no documents"
        raise TrendError(f"unknown body {body!r}; " + (f"the store holds {held}" if stored else f"known: {held}"))
    return body.upper()


def check_period(by: str) -> None:
    if by not in PERIOD_COLUMNS:
        raise TrendError(f"--by must be one of {', '.join(PERIOD_COLUMNS)}, not {by!r}")


def trends(store: Store, terms: list[str], body: str | None = None, by: Period = "year",
           include_drafts: bool = False, filters: Filters | None = None, evidence: int = EVIDENCE,
           ) -> TrendResult:
    """Per term, per year (or GA session), the documents that use it and their share of the
    period's documents, with up to ``evidence`` paragraphs per point (from the documents that use
    it most). ``filters`` narrows further (type, years, symbol prefix, paragraph kind — the kind
    applies to the matching paragraphs, not to the totals); ``body`` overrides its body.

    Every term is parsed before anything is counted: a bad term is refused (:class:`QueryError`)
    with nothing done. A term past :data:`TREND_SECONDS` is refused with
    :class:`~peaceobs.query.QueryTooLarge`.
    """
    check_period(by)
    if not terms:
        raise TrendError("give at least one term")
    if any(not t.strip() for t in terms):
        raise TrendError("an empty term")
    body = check_body(store, body)
    parsed = []
    for t in terms:
        try:
            parsed.append(parse_query(t))
        except QueryError as exc:
            raise type(exc)(f"{t!r}: {exc}") from None
    f = replace(filters) if filters else Filters()  # a copy: the caller's filters stay as given
    if body is not None:
        f.body = body
    totals = store.documents_per_period(f, by, include_drafts)
    periods = sorted(totals)
    out = []
    for term, query in zip(terms, parsed, strict=True):
        with bounded(store, TREND_SECONDS):
            matches = store.period_matches(query, f, by, include_drafts)
            counts: dict[int, int] = {}
            shown: dict[int, list[Any]] = {}
            for m in sorted(matches, key=lambda m: (m.period, -m.paragraphs, m.symbol)):
                counts[m.period] = counts.get(m.period, 0) + 1
                if len(shown.setdefault(m.period, [])) < evidence:
                    shown[m.period].append(m)
            ids = [m.paragraph_id for ms in shown.values() for m in ms]
            hits = {h.symbol: h for h in store.paragraph_hits(query, ids)}
        points = []
        for p in periods:
            ev = [Evidence(h.symbol, h.pid, h.kind, h.title, h.date, safe_snippet(h.snippet), m.paragraphs)
                  for m in shown.get(p, []) if (h := hits.get(m.symbol)) is not None]
            points.append(TrendPoint(p, counts.get(p, 0), totals[p], ev))
        out.append(TermTrend(term, points))
    return TrendResult(by, body, include_drafts, periods, [totals[p] for p in periods], out)
