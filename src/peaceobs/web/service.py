"""What the pages and the API both do, done once: the store of a request, document URLs, and
searches with their facets and totals. Neither router imports the other."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import HTTPException, Request

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
