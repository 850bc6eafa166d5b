"""What the pages and the API both do, done once: the store of a request, document URLs, and
searches with their facets and totals. Neither router imports the other."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import HTTPException, Request

from ..finance import (
    Assessment,
    AssessmentError,
    Scale,
    Source,
    assess,
    get_scale,
    official_peacekeeping,
    parse_budget,
    parse_share,
    peacekeeping_appropriations,
)
from ..mandates.registry import mission_aliases
from ..search import (
    DocumentResult,
    Filters,
    QueryError,
    QueryTooLarge,
    SearchResult,
    parse_query,
    search,
    search_documents,
    vocabulary,
)
from ..store import Store


def store_of(request: Request) -> Store:
    return request.app.state.stores.get()


def doc_url(symbol: str) -> str:
    return "/doc/" + symbol.replace(" ", "")


def figure_url(source: Source) -> str:
    """The document page at the paragraph (OP6, P56) or table (T2) a figure was read from: the
    document page anchors every paragraph, tables included, by its ID."""
    anchor = source.paragraph or source.table
    return doc_url(source.document) + (f"#{anchor}" if anchor else "")


@dataclass(slots=True)
class ParagraphSearch:
    result: SearchResult
    facets: dict[str, list[tuple[Any, int]]]
    total: int  # every matching paragraph (facets count each once, by its kind)


def paragraph_search(store: Store, q: str, filters: Filters, limit: int, offset: int) -> ParagraphSearch:
    result = search(store, q, filters, limit=limit, offset=offset)
    facets = store.facets(parse_query(q), filters)
    result.total = sum(n for _, n in facets["kind"])
    return ParagraphSearch(result, facets, result.total)


def document_search(store: Store, q: str, filters: Filters, limit: int, offset: int) -> DocumentResult:
    """Documents first, with the missions registry's acronyms and the store's words for spelling."""
    return search_documents(store, q, filters, limit=limit, offset=offset, aliases=mission_aliases(),
                            vocabulary=lambda: vocabulary(store))


def query_http_error(exc: QueryError) -> HTTPException:
    """400 for a query past the bounds, 422 for one that cannot be read."""
    if isinstance(exc, QueryTooLarge):
        return HTTPException(400, f"query too large: {exc}")
    return HTTPException(422, f"bad query: {exc}")


# -- finance: what /assess and /api/v1/assess both compute --------------------------------------

# As the CLI says it (peaceobs scale): a regular scale stands in, named as such, never passed off
# as a peacekeeping rate.
NO_PEACEKEEPING_SCALE = (
    "No official peacekeeping scale is loaded (its levels and effective rates are published in a report of "
    "the Secretary-General not in this store): load one with 'peaceobs scale load FILE --name "
    "peacekeeping:2025'. The regular budget scale is offered instead.")
MAX_SCENARIOS = 12  # budgets × shares: each is 193 rows; more is a loop, not a comparison


@dataclass(slots=True)
class Scenarios:
    """Resolution 2719 scenarios over one scale, with what they were measured against."""

    scale: Scale
    scenarios: list[Assessment]
    peacekeeping: Scale | None  # the official peacekeeping scale, when one is loaded
    period: str | None  # the period of the peacekeeping appropriations summed
    peacekeeping_total_usd: int

    @property
    def note(self) -> str | None:
        return None if self.peacekeeping else NO_PEACEKEEPING_SCALE

    def to_dict(self) -> dict[str, Any]:
        """What ``peaceobs assess --json`` prints, plus the note the CLI prints beside it."""
        basis = ({"scale": self.peacekeeping.name, "period": self.period,
                  "appropriations_usd": self.peacekeeping_total_usd} if self.peacekeeping else None)
        return {"scale": self.scale.to_dict(with_rates=False), "peacekeeping_basis": basis, "note": self.note,
                "scenarios": [a.to_dict() for a in self.scenarios]}


def scenarios(store: Store, budgets: list[str], shares: list[str], scale_name: str) -> Scenarios:
    """Each budget × each share by the named scale, as ``peaceobs assess`` computes them.

    Raises AssessmentError or ScaleError (both PeaceobsError) for input that cannot be assessed;
    the numbers are checked before the store is read, and nothing is written."""
    budgets = [b for b in budgets if b.strip()]
    shares = [s for s in shares if s.strip()]
    if not budgets or not shares:
        raise AssessmentError("give a budget (USD) and a share between 0 and 1")
    if len(budgets) * len(shares) > MAX_SCENARIOS:
        raise AssessmentError(f"at most {MAX_SCENARIOS} scenarios (budgets × shares) at once")
    for b in budgets:
        parse_budget(b)
    for s in shares:
        parse_share(s)
    chosen = get_scale(store, scale_name)
    pk = official_peacekeeping(store)
    period, pk_total, _ = peacekeeping_appropriations(store) if pk else (None, 0, [])
    return Scenarios(chosen, [assess(b, s, chosen, pk, pk_total or None) for b in budgets for s in shares],
                     pk, period, pk_total)

