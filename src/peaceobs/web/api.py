"""The JSON API under /api/v1: typed (pydantic), paginated, documented by OpenAPI."""

from __future__ import annotations

import io
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from pydantic import BaseModel, Field

from ..citegraph import cited_by_documents, neighbourhood
from ..compare import compare
from ..compare.drafts import not_a_version
from ..export import table_csv
from ..mandates import load_missions, mission_query, personnel_series
from ..mandates.registry import find_mission
from ..search import Filters, QueryError, parse_query
from ..store import Store
from ..trace import index_for, trace_paragraph, trace_text
from .service import doc_url, document_search, paragraph_search, query_http_error, store_of

router = APIRouter(prefix="/api/v1", tags=["api"])
MAX_PAGE = 100


Limit = Annotated[int, Query(ge=1, description=f"Page size; larger values are capped at {MAX_PAGE}.")]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


class Error(BaseModel):
    error: str
    status: int


ERRORS: dict[int | str, dict[str, Any]] = {404: {"model": Error}, 422: {"model": Error}}


class ParagraphOut(BaseModel):
    pid: str = Field(description="Stable ID within the document, e.g. OP4(b), PP3, P12, FN1")
    seq: int
    kind: str = Field(description="preambular, operative, body, heading, table, footnote or other")
    label: str | None = Field(description="The printed number, e.g. '4.' or '(b)'")
    parent: str | None
    depth: int
    text: str
    hash: str
    cells: list[list[str]] | None = Field(None, description="A table's rows of cells (tables only)")
    page: int | None = Field(None, description="The printed page (1-based) the paragraph starts on, "
                             "where the source has pages (PDF, plain text, GA extraction); else null")


class DocumentSummary(BaseModel):
    symbol: str
    title: str
    date: str | None
    year: int | None
    body: str
    doc_type: str
    agenda_item: str | None
    language: str
    url: str


class DocumentOut(DocumentSummary):
    source_format: str
    paragraphs: list[ParagraphOut]


class DocumentPage(BaseModel):
    items: list[DocumentSummary]
    limit: int
    offset: int


class HitOut(BaseModel):
    symbol: str
    pid: str
    kind: str
    label: str | None
    title: str
    date: str | None
    body: str
    doc_type: str
    snippet: str = Field(description="The matching passage; matches wrapped in <mark>…</mark>")
    score: float
    url: str


class SearchPage(BaseModel):
    query: str
    total: int
    limit: int
    offset: int
    items: list[HitOut]
    facets: dict[str, list[tuple[str | int, int]]]
    suggestion: str | None = Field(None, description="Nothing found: the query with the words no paragraph "
                                                     "holds corrected, where that finds paragraphs")


class CitationOut(BaseModel):
    from_symbol: str
    from_pid: str
    to_symbol: str
    raw: str = Field(description="The words as written in the text")
    resolved: str | None = Field(description="The stored document cited, when it is in the store")


class CitingDocumentOut(BaseModel):
    symbol: str
    title: str
    body: str
    doc_type: str
    year: int | None
    date: str | None
    paragraphs: list[str] = Field(description="The citing paragraphs' IDs, in reading order")
    count: int = Field(description="Citations from this document")


class Citations(BaseModel):
    symbol: str
    cites: list[CitationOut]
    cited_by: list[CitationOut]
    cited_by_documents: list[CitingDocumentOut] = Field(description="cited_by grouped by citing document, "
                                                                      "most-citing first")


class GraphOut(BaseModel):
    center: str
    nodes: list[dict[str, Any]]
    edges: list[dict[str, str]]


class MissionOut(BaseModel):
    acronym: str
    slug: str
    name: str
    other_names: list[str]
    type: str
    host: str
    start: str
    end: str | None
    mandating_resolution: str
    verified_in_corpus: str
    source: str


class MissionDetail(MissionOut):
    documents: list[dict[str, Any]]
    personnel: list[dict[str, Any]]


class MissionPage(BaseModel):
    items: list[MissionOut]
    limit: int
    offset: int


def _doc_or_404(store: Store, symbol: str, with_paragraphs: bool = True) -> Any:
    doc = store.get_document(symbol, with_paragraphs=with_paragraphs)
    if doc is None:
        raise HTTPException(404, f"no document {symbol!r} in the store")
    return doc


def _summary(doc: Any) -> dict[str, Any]:
    return {"symbol": doc.symbol, "title": doc.title, "date": doc.date, "year": doc.year, "body": doc.body,
            "doc_type": doc.doc_type, "agenda_item": doc.agenda_item, "language": doc.language,
            "url": doc_url(doc.symbol)}


def search_filters(body: str | None = None, doc_type: Annotated[str | None, Query(alias="type")] = None,
                   year_from: Annotated[int | None, Query(ge=1900, le=2100)] = None,
                   year_to: Annotated[int | None, Query(ge=1900, le=2100)] = None,
                   symbol: Annotated[str | None, Query(max_length=100, description="Symbol prefix")] = None,
                   kind: str | None = None) -> Filters:
    """The filters every search endpoint takes, from its query parameters."""
    return Filters(body=body, doc_type=doc_type, year_from=year_from, year_to=year_to,
                   symbol_prefix=symbol, kind=kind)


@router.get("/search", response_model=SearchPage, responses=ERRORS, summary="Search paragraphs")
def api_search(request: Request,
               q: Annotated[str, Query(min_length=1, max_length=500, description='Words, "phrases", prefix*, OR, -not')],
               filters: Annotated[Filters, Depends(search_filters)],
               limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    limit = min(limit, MAX_PAGE)
    try:
        found = paragraph_search(store_of(request), q, filters, limit, offset)
    except QueryError as exc:
        raise query_http_error(exc) from exc
    return {"query": q, "total": found.total, "limit": limit, "offset": offset,
            "items": [{**h.to_dict(), "url": f"{doc_url(h.symbol)}#{h.pid}"} for h in found.result.hits],
            "facets": found.facets, "suggestion": found.result.suggestion}


class DocumentHitOut(BaseModel):
    symbol: str
    title: str
    date: str | None
    body: str
    doc_type: str
    score: float
    matches: int = Field(description="Matching paragraphs of this document among those read (where the words "
                                     "are across paragraphs: those holding the query's scarcest word)")
    across: bool = Field(description="The words are in the document, not all in one paragraph")
    related: bool = Field(False, description="Found by meaning: no paragraph holds the words")
    similarity: float | None = Field(None, description="The query's cosine with the document, where meaning took part")
    recalled: int = Field(0, description="Other documents whose paragraphs holding the query's words cite this one "
                                         "(counted from 3; a decision later texts recall in the query's words)")
    drafts: list[str] = Field(default_factory=list, description="Drafts this resolution was adopted from that the "
                              "search also found, folded into it (same session, same title)")
    referenced: str = Field("", description="The provision or decision the query names by number that this "
                            "document's title names (\"Article 19\"), if any")
    url: str
    paragraphs: list[HitOut] = Field(description="The document's best paragraphs, best first")


class DocumentSearchPage(BaseModel):
    query: str
    total_documents: int
    total_paragraphs: int
    across: bool = Field(description="Some documents hold the words only across paragraphs")
    named: str | None = Field(description="The document the query names (a symbol), put first")
    meaning: str = Field(description='"on" where meaning took part in the ranking, else "off: why" or '
                                     '"building: progress" (words alone)')
    corrected: dict[str, str] = Field(description="A word no paragraph holds → the word searched instead")
    also_searched: dict[str, list[str]] = Field(description="A query word → the store's words near it in "
                                                            "meaning, searched beside it (meaning on)")
    glossed: dict[str, list[str]] = Field(description="A query word → the texts' words for it, searched "
                                                      "beside it (the glossary, data/glossary.csv)")
    searched: str = Field(description="The words as searched, as a query to type (for /search: the "
                                      "paragraphs behind total_paragraphs): corrected, with their "
                                      "alternatives; the query itself where searched as typed")
    limit: int
    offset: int
    items: list[DocumentHitOut]


@router.get("/search/documents", response_model=DocumentSearchPage, responses=ERRORS,
            summary="Search documents (best paragraphs under each)")
def api_search_documents(request: Request,
                         q: Annotated[str, Query(min_length=1, max_length=500,
                                                 description='Words, "phrases", prefix*, OR, -not, or a symbol')],
                         filters: Annotated[Filters, Depends(search_filters)],
                         limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    limit = min(limit, MAX_PAGE)
    try:
        result = document_search(store_of(request), q, filters, limit, offset)
    except QueryError as exc:
        raise query_http_error(exc) from exc
    items = []
    for d in result.documents:
        paras = [{**h.to_dict(), "url": f"{doc_url(h.symbol)}#{h.pid}"} for h in d.paragraphs]
        items.append({**d.to_dict(), "url": doc_url(d.symbol), "paragraphs": paras})
    return {"query": q, "total_documents": result.total_documents, "total_paragraphs": result.total_paragraphs,
            "across": result.across, "named": result.symbol, "meaning": result.meaning,
            "corrected": result.corrected, "also_searched": result.also_searched,
            "glossed": result.glossed,
            "searched": result.searched_text(), "limit": limit,
            "offset": offset, "items": items}


@router.get("/documents", response_model=DocumentPage, responses=ERRORS, summary="List documents")
def api_documents(request: Request, body: str | None = None,
                  doc_type: Annotated[str | None, Query(alias="type")] = None,
                  year_from: Annotated[int | None, Query(ge=1900, le=2100)] = None,
                  year_to: Annotated[int | None, Query(ge=1900, le=2100)] = None,
                  symbol: Annotated[str | None, Query(max_length=100, description="Symbol prefix")] = None,
                  limit: Limit = 20, offset: Offset = 0) -> dict[str, Any]:
    limit = min(limit, MAX_PAGE)
    docs = store_of(request).list_documents(Filters(body=body, doc_type=doc_type, year_from=year_from,
                                                         year_to=year_to, symbol_prefix=symbol), limit, offset)
    return {"items": [_summary(d) for d in docs], "limit": limit, "offset": offset}


@router.get("/documents/{symbol:path}/paragraphs/{pid}/table.csv", responses=ERRORS,
            summary="A table paragraph as CSV", response_class=Response)
def api_table_csv(request: Request, symbol: str, pid: str) -> Response:
    doc = _doc_or_404(store_of(request), symbol)
    para = doc.paragraph(pid)
    if para is None or para.kind != "table":
        raise HTTPException(404, f"{doc.symbol} has no table {pid!r}")
    out = io.StringIO()
    table_csv(para, out)
    name = f"{doc.symbol}-{pid}".replace("/", "_").replace(" ", "")
    return Response(out.getvalue(), media_type="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})


@router.get("/documents/{symbol:path}/paragraphs/{pid}", response_model=ParagraphOut, responses=ERRORS,
            summary="One paragraph")
def api_paragraph(request: Request, symbol: str, pid: str) -> dict[str, Any]:
    doc = _doc_or_404(store_of(request), symbol)
    para = doc.paragraph(pid)
    if para is None:
        raise HTTPException(404, f"{doc.symbol} has no paragraph {pid!r}")
    return para.to_dict()


@router.get("/documents/{symbol:path}/paragraphs", response_model=list[ParagraphOut], responses=ERRORS,
            summary="A document's paragraphs")
def api_paragraphs(request: Request, symbol: str, kind: str | None = None) -> list[dict[str, Any]]:
    doc = _doc_or_404(store_of(request), symbol)
    return [p.to_dict() for p in doc.paragraphs if kind is None or p.kind == kind]


@router.get("/documents/{symbol:path}/citations", response_model=Citations, responses=ERRORS,
            summary="What a document cites and what cites it")
def api_citations(request: Request, symbol: str,
                  body: Annotated[str | None, Query(max_length=20, description="Citing documents of this body only (GA, SC …)")] = None,
                  doc_type: Annotated[str | None, Query(alias="type", max_length=40,
                                                        description="Citing documents of this type only")] = None,
                  order: Annotated[str, Query(pattern="^(count|date)$",
                                              description="cited_by_documents: most-citing first, or by date")] = "count",
                  ) -> dict[str, Any]:
    store = store_of(request)
    doc = _doc_or_404(store, symbol, with_paragraphs=False)
    grouped = cited_by_documents(store, doc.symbol, body=body.upper() if body else None, doc_type=doc_type, order=order)
    citing = {d.symbol for d in grouped}
    return {"symbol": doc.symbol, "cites": [r.to_dict() for r in store.cites(doc.symbol)],
            "cited_by": [r.to_dict() for r in store.cited_by(doc.symbol) if r.from_symbol in citing],
            "cited_by_documents": [d.to_dict() for d in grouped]}


@router.get("/documents/{symbol:path}/graph", response_model=GraphOut, responses=ERRORS,
            summary="Citation neighbourhood, depth 1 or 2")
def api_graph(request: Request, symbol: str, depth: Annotated[int, Query(ge=1, le=2)] = 1) -> dict[str, Any]:
    graph = neighbourhood(store_of(request), symbol, depth)
    if graph is None:
        raise HTTPException(404, f"no document {symbol!r} in the store")
    return graph.to_dict()


@router.get("/documents/{symbol:path}", response_model=DocumentOut, responses=ERRORS,
            summary="A document with its paragraphs")
def api_document(request: Request, symbol: str) -> dict[str, Any]:
    doc = _doc_or_404(store_of(request), symbol)
    return {**_summary(doc), "source_format": doc.source_format, "paragraphs": [p.to_dict() for p in doc.paragraphs]}


@router.get("/compare", responses=ERRORS, summary="What changed between two documents")
def api_compare(request: Request, a: Annotated[str, Query(max_length=100, description="Earlier document's symbol")],
                b: Annotated[str, Query(max_length=100, description="Later document's symbol")]) -> dict[str, Any]:
    store = store_of(request)
    da, db_ = _doc_or_404(store, a), _doc_or_404(store, b)
    problem = not_a_version(da, db_)
    if problem:
        raise HTTPException(422, problem)
    return compare(da, db_).to_dict()


@router.get("/trace", responses=ERRORS, summary="Where a paragraph's (or a phrase's) language comes from")
def api_trace(request: Request, symbol: Annotated[str | None, Query(max_length=100)] = None,
              pid: Annotated[str | None, Query(max_length=40)] = None,
              text: Annotated[str | None, Query(max_length=5000)] = None,
              limit: Annotated[int, Query(ge=1, le=100)] = 10) -> dict[str, Any]:
    store = store_of(request)
    if text:
        return trace_text(index_for(store), text, limit=limit).to_dict()
    if not (symbol and pid):
        raise HTTPException(422, "give symbol and pid, or text")
    prov = trace_paragraph(store, symbol, pid, limit=limit)
    if prov is None:
        raise HTTPException(404, f"no paragraph {pid!r} in {symbol!r}")
    return prov.to_dict()


@router.get("/missions", response_model=MissionPage, summary="The registry of peace operations")
def api_missions(type: str | None = None, active: bool | None = None,
                 limit: Limit = 100, offset: Offset = 0) -> dict[str, Any]:
    limit = min(limit, MAX_PAGE)
    items = [m for m in load_missions() if (type is None or m.type == type)
             and (active is None or m.active == active)]
    return {"items": [m.to_dict() for m in items[offset:offset + limit]], "limit": limit, "offset": offset}


@router.get("/missions/{slug}", response_model=MissionDetail, responses=ERRORS,
            summary="A mission: facts, documents that mention it, personnel")
def api_mission(request: Request, slug: str) -> dict[str, Any]:
    mission = find_mission(slug)
    if mission is None:
        raise HTTPException(404, f"no mission {slug!r} in the registry")
    docs = store_of(request).documents_matching(parse_query(mission_query(mission)))
    people = personnel_series(request.app.state.corpus, mission.acronym)
    return {**mission.to_dict(), "documents": docs, "personnel": [p.to_dict() for p in people]}


@router.get("/stats", summary="Documents and paragraphs per body and type; last ingest")
def api_stats(request: Request) -> dict[str, Any]:
    return store_of(request).stats()
