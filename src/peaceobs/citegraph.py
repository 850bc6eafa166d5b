"""A document's citation neighbourhood: what it cites and what cites it, to depth 1 or 2."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .store import Store

MAX_PER_NODE = 25  # neighbours followed from any one document: keeps depth 2 readable


@dataclass(slots=True)
class Node:
    id: str  # symbol as stored, or as cited when not stored
    depth: int
    stored: bool
    title: str = ""


@dataclass(slots=True)
class Graph:
    center: str
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: set[tuple[str, str]] = field(default_factory=set)  # (citing, cited)

    def to_dict(self) -> dict[str, Any]:
        return {"center": self.center,
                "nodes": [{"id": n.id, "depth": n.depth, "stored": n.stored, "title": n.title}
                          for n in sorted(self.nodes.values(), key=lambda n: (n.depth, n.id))],
                "edges": [{"source": a, "target": b} for a, b in sorted(self.edges)]}


@dataclass(slots=True)
class CitingDocument:
    """One document citing another: which of its paragraphs do, and how many times."""

    symbol: str
    title: str
    body: str
    doc_type: str
    year: int | None
    date: str | None
    paragraphs: list[str]  # citing paragraph IDs, in reading order, each once
    count: int  # citations (a paragraph citing twice counts twice)

    def to_dict(self) -> dict[str, Any]:
        return {"symbol": self.symbol, "title": self.title, "body": self.body, "doc_type": self.doc_type,
                "year": self.year, "date": self.date, "paragraphs": self.paragraphs, "count": self.count}


def cited_by_documents(store: Store, symbol: str, body: str | None = None, doc_type: str | None = None,
                       order: str = "count") -> list[CitingDocument]:
    """What cites a document, one entry per citing document (its paragraphs and a count),
    filtered by body and type; most-citing first (``order="count"``) or by date (``"date"``)."""
    rows = store.cited_by(symbol)
    meta = store.document_meta(sorted({r.from_symbol for r in rows}))
    grouped: dict[str, CitingDocument] = {}
    for r in rows:
        title, b, t, year, date = meta.get(r.from_symbol, ("", "", "", None, None))
        if (body and b != body) or (doc_type and t != doc_type):
            continue
        d = grouped.get(r.from_symbol)
        if d is None:
            d = grouped[r.from_symbol] = CitingDocument(r.from_symbol, title, b, t, year, date, [], 0)
        d.count += 1
        if r.from_pid not in d.paragraphs:
            d.paragraphs.append(r.from_pid)
    if order == "date":
        return sorted(grouped.values(), key=lambda d: (d.date is None, d.date or "", d.symbol))
    return sorted(grouped.values(), key=lambda d: (-d.count, -(d.year or 0), d.symbol))


def neighbourhood(store: Store, symbol: str, depth: int = 1) -> Graph | None:
    """Documents within ``depth`` citation steps of ``symbol`` (either direction)."""
    doc = store.get_document(symbol, with_paragraphs=False)
    if doc is None:
        return None
    depth = max(1, min(depth, 2))
    graph = Graph(doc.symbol)
    graph.nodes[doc.symbol] = Node(doc.symbol, 0, True, doc.title)
    frontier = [doc.symbol]
    for level in (1, 2)[:depth]:
        nxt: list[str] = []
        for current in frontier:
            if not graph.nodes[current].stored:
                continue
            out = {(r.resolved or r.to_symbol, r.resolved is not None) for r in store.cites(current)}
            inc = {(r.from_symbol, True) for r in store.cited_by(current)}
            for other, stored in sorted(out)[:MAX_PER_NODE]:
                _link(graph, store, current, other, stored, level, nxt, outgoing=True)
            for other, stored in sorted(inc)[:MAX_PER_NODE]:
                _link(graph, store, current, other, stored, level, nxt, outgoing=False)
        frontier = nxt
    return graph


def _link(graph: Graph, store: Store, current: str, other: str, stored: bool, level: int,
          nxt: list[str], outgoing: bool) -> None:
    if other == current:
        return
    if other not in graph.nodes:
        title = ""
        if stored:
            d = store.get_document(other, with_paragraphs=False)
            title = d.title if d else ""
        graph.nodes[other] = Node(other, level, stored, title)
        nxt.append(other)
    graph.edges.add((current, other) if outgoing else (other, current))
