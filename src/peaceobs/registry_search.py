"""Document search with what the missions registry knows: acronyms spelled out ("UNDOF" or
"United Nations Disengagement Observer Force"), a mission named alone going to the text that set
it up ("ONUC" → 143 (1960)), and the store's own words for spelling. The one call the CLI, the
web app, evidence packs and the relevance benchmark share."""

from __future__ import annotations

from .mandates.registry import mission_aliases, mission_founding
from .query import Filters
from .search import DocumentResult, search_documents, vocabulary
from .store import Store

__all__ = ["document_search"]


def document_search(store: Store, q: str, filters: Filters | None = None, limit: int = 10,
                    offset: int = 0, semantic: bool = True, related: bool = True) -> DocumentResult:
    """:func:`peaceobs.search.search_documents` with the registry's aliases and founding texts,
    and meaning (:mod:`peaceobs.semantic`) where its model is installed and its index built —
    with the store's words near in meaning to the query's searched too, unless ``related`` is
    false."""
    return search_documents(store, q, filters, limit=limit, offset=offset, aliases=mission_aliases(),
                            vocabulary=lambda: vocabulary(store), founding=mission_founding(), semantic=semantic,
                            related=related)
