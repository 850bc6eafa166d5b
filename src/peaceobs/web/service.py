"""What the pages and the API both do, done once: the store of a request, document URLs, and
searches with their facets and totals. Neither router imports the other."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from fastapi import HTTPException, Request

from ..finance import Source

# Re-exported for the finance routes: the scenarios themselves live in the finance package.
from ..finance.scenarios import MAX_SCENARIOS as MAX_SCENARIOS
from ..finance.scenarios import NO_PEACEKEEPING_SCALE as NO_PEACEKEEPING_SCALE
from ..finance.scenarios import Scenarios as Scenarios
from ..finance.scenarios import scenarios as scenarios
from ..packs import can_read
from ..registry_search import document_search as document_search
from ..search import (
    Filters,
    QueryError,
    QueryTooLarge,
    SearchResult,
    parse_query,
    search,
    spelling_suggestion,
)
from ..store import Store
from ..store.packs import PackRow
from ..store.tracking import AuditRow
from ..track import CommitmentRow, EmbeddingUnavailable, Suggestion, embedder, suggest
from ..track.roles import Actor, Role


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
    if not result.total:
        # After the search and its facets, which share the request's time bound; its own lookups
        # are bounded one by one, and it never waits for the store's words to be read.
        result.suggestion = spelling_suggestion(store, q)
    return ParagraphSearch(result, facets, result.total)




def query_http_error(exc: QueryError) -> HTTPException:
    """400 for a query past the bounds, 422 for one that cannot be read."""
    if isinstance(exc, QueryTooLarge):
        return HTTPException(400, f"query too large: {exc}")
    return HTTPException(422, f"bad query: {exc}")


# -- finance: what /assess and /api/v1/assess both compute --------------------------------------


# -- the tracker: what /track pages and /api/v1/track both need ---------------------------------

# Framework names are path segments of /track/{name} and /api/v1/track/frameworks/{name}; "audit"
# is the /track/audit page.
FRAMEWORK_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
RESERVED_NAMES = frozenset({"audit"})


def framework_name_problem(name: str) -> str | None:
    """Why ``name`` cannot name a framework made through the web app, or None."""
    if not FRAMEWORK_NAME.fullmatch(name):
        return f"framework name {name!r}: 1–64 letters, digits, '.', '_' or '-', starting with a letter or digit"
    if name.lower() in RESERVED_NAMES:
        return f"framework name {name!r} is reserved"
    return None


def commitment_url(framework: str, ref: str) -> str:
    return f"/track/{quote(framework, safe='')}/{quote(ref, safe='()/')}"


AUDIT_READ = 4000  # entries read at most to find a page of those the viewer may read


def readable_audit(store: Store, actor: Actor | None, limit: int, obj: str | None = None) -> list[AuditRow]:
    """The newest ``limit`` audit entries ``actor`` may read (of the newest :data:`AUDIT_READ`):
    the tracker's, scales' and shared packs' to anyone who may read the app; a private pack's
    only to its owner and admins (a deleted pack's to admins), a watch's only to its owner and
    admins (a saved search is its owner's alone)."""
    admin = actor is not None and actor.role >= Role.ADMIN
    packs: dict[str, PackRow | None] = {}

    def readable(row: AuditRow) -> bool:
        kind, _, key = row.object.partition(":")
        if admin or kind not in ("pack", "watch"):
            return True
        if kind == "watch":
            return actor is not None and key.partition("/")[0] == actor.name
        if key not in packs:
            packs[key] = store.pack(key)
        pack = packs[key]
        return pack is not None and can_read(pack, actor)

    rows = store.audit_log(obj=obj, limit=limit if admin else max(limit, AUDIT_READ))
    return [r for r in rows if readable(r)][:limit]


def evidence_url(evidence: str) -> str:
    """The document page at a link's paragraph, from ``SYMBOL#PID``."""
    symbol, _, pid = evidence.partition("#")
    return doc_url(symbol) + (f"#{pid}" if pid else "")


def suggestions_for(store: Store, commitment: CommitmentRow, limit: int,
                    model: str = "minilm") -> tuple[list[Suggestion], str | None, str]:
    """Candidate evidence for a commitment, as ``peaceobs track suggest`` finds it: later
    documents than its source. Returns the suggestions, the embedding model used (None: BM25
    alone) and a note when the model asked for could not be loaded."""
    model_obj, note = None, ""
    if model != "none":
        try:
            model_obj = embedder(model)
        except EmbeddingUnavailable as exc:
            note = f"{exc}; ranked by BM25 alone"
    year = None
    if commitment.source_symbol:
        doc = store.get_document(commitment.source_symbol, with_paragraphs=False)
        year = doc.year if doc else None
    found = suggest(store, commitment, limit=limit, embedder=model_obj, year_from=year)
    return found, (model_obj.name if model_obj else None), note
