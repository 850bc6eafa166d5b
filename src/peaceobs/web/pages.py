"""HTML pages. Every page reads without JavaScript; HTMX only makes search live."""

from __future__ import annotations

import csv
import html
import io
import json
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, Response

from ..cite import cite
from ..citegraph import MAX_PER_NODE, Graph, cited_by_documents, neighbourhood
from ..compare import compare
from ..compare.drafts import not_a_version
from ..export import safe_cell
from ..finance import UnknownBudget, budget
from ..mandates import load_missions, mission_query, personnel_series
from ..mandates.registry import find_mission
from ..mandates.timeline import timeline as mandate_timeline
from ..search import Filters, QueryError, parse_query, search
from ..store import Store
from ..trace import trace_paragraph
from . import views
from .auth import current_viewer
from .service import (
    doc_url,
    document_search,
    figure_url,
    paragraph_search,
    query_http_error,
    store_of,
)

router = APIRouter(include_in_schema=False)
PAGE = 20
FACET_NAMES = {"body": "Body", "doc_type": "Type", "year": "Year", "kind": "Paragraph kind"}
FILTER_PARAMS = {"body": "body", "doc_type": "type", "year": "year", "kind": "kind"}


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    # The viewer: the header shows who is logged in, and pages show write forms only to roles
    # that may use them (the server checks every write regardless).
    return request.app.state.templates.TemplateResponse(
        request, template, {"doc_url": doc_url, "cite": cite, "root": request.scope.get("root_path", ""),
                            "viewer": current_viewer(request), "table_rows": table_rows,
                            "page_params": page_params, **context},
        status_code=status_code)


def page_params(request: Request) -> dict[str, str | list[str]]:
    """The page's query parameters as "Add to pack" stores them: a name given once is a string,
    a name given more than once (``share``, ``term``) the list of its values; blanks left out."""
    out: dict[str, str | list[str]] = {}
    for key, value in request.query_params.multi_items():
        if not value.strip():
            continue
        have = out.get(key)
        out[key] = value if have is None else [*([have] if isinstance(have, str) else have), value]
    return out


def table_rows(snippet: str) -> list[list[str]]:
    """A table paragraph's snippet as rows of cells, each cell safe HTML. The stored text keeps
    a table's rows on lines and its cells between " | " (model.Paragraph.cells); the snippet is
    a window of that text, escaped, with matches in <mark>. A highlight the window or a cell
    border cuts is closed in the cell it opens in, and reopened in the next, so that every cell
    is balanced HTML."""
    rows: list[list[str]] = []
    open_mark = False
    for line in snippet.split("\n"):
        if not line.strip():
            continue
        row = []
        for cell in line.split(" | "):
            text = ("<mark>" if open_mark else "") + cell.strip()
            open_mark = text.count("<mark>") > text.count("</mark>")
            row.append(text + ("</mark>" if open_mark else ""))
        rows.append(row)
    return rows


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request) -> HTMLResponse:
    store = store_of(request)
    stats = store.stats()
    chart = views.documents_per_year(store.documents_per_year(), "Documents per year and body")
    return render(request, "dashboard.html", stats=stats, chart=json.dumps(chart),
                  top=store.top_cited(15), title="Observatory")


def _filters(body: str | None, doc_type: str | None, year: int | None, year_from: int | None,
             year_to: int | None, symbol: str | None, kind: str | None) -> Filters:
    if year is not None:
        year_from = year_to = year
    return Filters(body=body or None, doc_type=doc_type or None, year_from=year_from, year_to=year_to,
                   symbol_prefix=symbol or None, kind=kind or None)


def _run_search(request: Request, q: str, filters: Filters, page: int, size: int, view: str) -> dict[str, Any]:
    store = store_of(request)
    if view == "paragraphs":
        found = paragraph_search(store, q, filters, size, (page - 1) * size)
        return {"result": found.result, "facets": found.facets}
    documents = document_search(store, q, filters, size, (page - 1) * size)
    # The facets count the paragraphs holding the words as searched (corrected, with the words
    # near in meaning), not as typed.
    facets = store.facets(documents.searched_query or parse_query(q), filters)
    return {"documents": documents, "facets": facets, "result": documents}


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: str = "", body: str | None = None,
                doc_type: Annotated[str | None, Query(alias="type")] = None,
                year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
                year_from: Annotated[int | None, Query(ge=1900, le=2100)] = None,
                year_to: Annotated[int | None, Query(ge=1900, le=2100)] = None,
                symbol: str | None = None, kind: str | None = None,
                page: Annotated[int, Query(ge=1, le=500)] = 1,
                view: Annotated[str, Query(pattern="^(documents|paragraphs)$")] = "documents") -> HTMLResponse:
    filters = _filters(body, doc_type, year, year_from, year_to, symbol, kind)
    params = {k: v for k, v in {"q": q, "body": body, "type": doc_type, "year": year, "year_from": year_from,
                                "year_to": year_to, "symbol": symbol, "kind": kind,
                                "view": view if view != "documents" else None}.items() if v}
    context: dict[str, Any] = {"q": q, "params": params, "page": page, "view": view,
                               "title": f"Search: {q}" if q else "Search",
                               "facet_names": FACET_NAMES, "filter_params": FILTER_PARAMS, "error": None}
    if q.strip():
        try:
            context.update(_run_search(request, q, filters, page, PAGE, view))
        except QueryError as exc:
            context["error"] = str(exc)
    context["link"] = lambda **change: "/search?" + urlencode(
        {k: v for k, v in {**params, **change}.items() if v not in (None, "")})
    return render(request, "search.html", **context)


@router.get("/search.csv")
def search_csv(request: Request, q: str, body: str | None = None,
               doc_type: Annotated[str | None, Query(alias="type")] = None,
               year: Annotated[int | None, Query(ge=1900, le=2100)] = None,
               year_from: Annotated[int | None, Query(ge=1900, le=2100)] = None,
               year_to: Annotated[int | None, Query(ge=1900, le=2100)] = None,
               symbol: str | None = None, kind: str | None = None) -> Response:
    filters = _filters(body, doc_type, year, year_from, year_to, symbol, kind)
    try:
        result = search(store_of(request), q, filters, limit=200, with_total=False)
    except QueryError as exc:
        raise query_http_error(exc) from exc
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["symbol", "paragraph", "kind", "date", "body", "type", "title", "snippet", "url"])
    for h in result.hits:
        # Plain text for a spreadsheet: no highlight tags, no escaping, no formula.
        snippet = html.unescape(h.snippet.replace("<mark>", "").replace("</mark>", ""))
        writer.writerow([safe_cell(str(v)) for v in (h.symbol, h.pid, h.kind, h.date or "", h.body, h.doc_type,
                                                      h.title, snippet, f"{doc_url(h.symbol)}#{h.pid}")])
    return Response(out.getvalue(), media_type="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="peaceobs-search.csv"'})


@router.get("/doc/{symbol:path}", response_class=HTMLResponse)
def document_page(request: Request, symbol: str, depth: Annotated[int, Query(ge=1, le=2)] = 1) -> HTMLResponse:
    store = store_of(request)
    doc = store.get_document(symbol)
    if doc is None:
        raise HTTPException(404, f"No document {symbol} in the store.")
    graph = neighbourhood(store, doc.symbol, depth)
    svg, legend, left_out = "", [], None
    if graph and len(graph.nodes) > 1:
        meta = {s: (m[1], m[3]) for s, m in store.document_meta(sorted(graph.nodes)).items()}
        svg = views.graph_svg(graph, doc_url, meta)
        legend = views.graph_bodies(graph, meta)
        left_out = graph_left_out(store, graph, depth)
    return render(request, "document.html", doc=doc, cites=store.cites(doc.symbol),
                  cited_by=cited_by_documents(store, doc.symbol), svg=svg, legend=legend, left_out=left_out,
                  depth=depth, title=doc.symbol)


def graph_left_out(store: Store, graph: Graph, depth: int) -> views.LeftOut:
    """What the drawing leaves out. The neighbourhood follows at most MAX_PER_NODE documents
    cited by, and as many citing, each document it expands (the centre; at depth 2 its stored
    neighbours too); the rest of each list is named here, so that a capped drawing says so."""
    left = views.LeftOut(MAX_PER_NODE)
    seen: set[str] = set()
    for node in sorted(graph.nodes.values(), key=lambda n: (n.depth, n.id)):
        if node.depth >= depth or not node.stored:
            continue
        out = sorted({(r.resolved or r.to_symbol, r.resolved is not None) for r in store.cites(node.id)})
        inc = sorted({(r.from_symbol, True) for r in store.cited_by(node.id)})
        for others, outgoing in ((out, True), (inc, False)):
            for other, stored in others[MAX_PER_NODE:]:  # the order neighbourhood() follows
                if other == node.id:
                    continue
                edge = (node.id, other) if outgoing else (other, node.id)
                if edge not in graph.edges:
                    left.citations += 1
                if other not in graph.nodes and other not in seen:
                    seen.add(other)
                    left.documents.append((other, stored, node.id))
            if len(others) > MAX_PER_NODE:
                left.capped.append((node.id, "it cites" if outgoing else "citing it", len(others)))
    left.documents.sort(key=lambda d: (d[2], d[0]))
    return left


@router.get("/compare", response_class=HTMLResponse)
def compare_page(request: Request, a: str = "", b: str = "", all: bool = False) -> HTMLResponse:
    comp = None
    if a and b:
        store = store_of(request)
        da, db_ = store.get_document(a), store.get_document(b)
        if da is None or db_ is None:
            raise HTTPException(404, f"No document {a if da is None else b} in the store.")
        problem = not_a_version(da, db_)
        if problem:
            raise HTTPException(422, problem)
        comp = compare(da, db_)
    return render(request, "compare.html", comp=comp, a=a, b=b, show_all=all,
                  title=f"{a} → {b}" if comp else "Compare")


@router.get("/trace", response_class=HTMLResponse)
def trace_page(request: Request, symbol: str, pid: str) -> HTMLResponse:
    store = store_of(request)
    doc = store.get_document(symbol)
    prov = trace_paragraph(store, symbol, pid) if doc else None
    if doc is None or prov is None:
        raise HTTPException(404, f"No paragraph {pid} in {symbol}.")
    return render(request, "trace.html", doc=doc, para=doc.paragraph(pid), prov=prov,
                  title=f"Sources of {doc.symbol} {pid}")


def host_of(mission: Any) -> str:
    """The mission's host as its own name spells it (views.host_display)."""
    return views.host_display(mission.host, [mission.name, *mission.other_names])


@router.get("/missions", response_class=HTMLResponse)
def missions_page(request: Request) -> HTMLResponse:
    # Oldest first, as a history reads; a mission without a start date last.
    missions = sorted(load_missions(), key=lambda m: (not m.start, m.start or "", m.acronym))
    return render(request, "missions.html", missions=missions, host_of=host_of, title="Missions")


@router.get("/missions/{slug}", response_class=HTMLResponse)
def mission_page(request: Request, slug: str) -> HTMLResponse:
    mission = find_mission(slug)
    if mission is None:
        raise HTTPException(404, f"No mission {slug} in the registry.")
    docs = store_of(request).documents_matching(parse_query(mission_query(mission)))
    per_year: dict[tuple[int, str], int] = {}
    for d in docs:
        if d["year"]:
            per_year[(d["year"], d["body"])] = per_year.get((d["year"], d["body"]), 0) + 1
    timeline = views.documents_per_year([(y, b, n) for (y, b), n in sorted(per_year.items())],
                                        f"Documents mentioning {mission.acronym}")
    people = [p.to_dict() for p in personnel_series(request.app.state.corpus, mission.acronym)]
    chart = views.personnel(people, mission.acronym) if people else None
    steps = mandate_timeline(store_of(request), mission, request.app.state.corpus)
    periods = views.mandate_expiries(steps, mission.acronym) if any(s.decision.expiry for s in steps) else None
    try:
        money = budget(store_of(request), mission.acronym)
    except UnknownBudget:  # no budget report or financing resolution in the store (UNTSO, closed missions)
        money = None
    series = money.series() if money else []
    money_chart = views.budget_series(series, mission.acronym) if series else None
    # Columns of the mandate table that no decision fills are left out (a closed mission of the
    # 1990s has no ceiling check, a single decision no changes).
    mandate_columns = {"changes": any(s.changes and any(k != "unchanged" for k in s.changes) for s in steps),
                       "tasks": any(s.gained or s.lost for s in steps),
                       "ceiling": any(s.ceiling for s in steps),
                       "basis": any(s.decision.basis for s in steps)}
    return render(request, "mission.html", mission=mission, host=host_of(mission), cols=mandate_columns,
                  docs=docs, timeline=json.dumps(timeline),
                  personnel=people, chart=json.dumps(chart) if chart else None, steps=steps,
                  periods=json.dumps(periods) if periods else None, money=money, series=series,
                  money_chart=json.dumps(money_chart) if money_chart else None, figure_url=figure_url,
                  title=mission.acronym)
