"""Exports: citations as CSV (one row per citation) and GraphML (documents as nodes, weighted
edges); a table paragraph as CSV. Every CSV cell from a document is safe to open in a spreadsheet."""

from __future__ import annotations

import csv
from collections import Counter
from typing import TextIO
from xml.sax.saxutils import quoteattr

from .model import Paragraph
from .store import Store

CSV_FIELDS = ("from_symbol", "from_pid", "to_symbol", "raw", "to_body", "to_type", "resolved")


def safe_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: one that opens with = + - @ (a formula) is quoted."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def table_csv(paragraph: Paragraph, out: TextIO) -> int:
    """A table paragraph's rows as CSV; returns the number of rows."""
    writer = csv.writer(out)
    rows = paragraph.cells()
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])
    return len(rows)


def citations_csv(store: Store, out: TextIO) -> int:
    writer = csv.writer(out)
    writer.writerow(CSV_FIELDS)
    n = 0
    for row in store.iter_citations():
        writer.writerow([getattr(row, f) or "" for f in CSV_FIELDS])
        n += 1
    return n


def citations_graphml(store: Store, out: TextIO) -> int:
    """A document-level graph: an edge per (citing, cited) pair, weighted by paragraph count.

    Targets not in the store are nodes too (``stored=false``): the graph shows what is missing.
    """
    edges: Counter[tuple[str, str]] = Counter()
    stored: set[str] = set()
    targets: set[str] = set()
    for row in store.iter_citations():
        target = row.resolved or row.to_symbol
        edges[(row.from_symbol, target)] += 1
        stored.add(row.from_symbol)
        if row.resolved:
            stored.add(row.resolved)
        targets.add(target)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n'
              '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">\n'
              '  <key id="stored" for="node" attr.name="stored" attr.type="boolean"/>\n'
              '  <key id="weight" for="edge" attr.name="weight" attr.type="int"/>\n'
              '  <graph id="citations" edgedefault="directed">\n')
    for node in sorted(stored | targets):
        out.write(f'    <node id={quoteattr(node)}><data key="stored">{"true" if node in stored else "false"}'
                  f'</data></node>\n')
    for i, ((a, b), w) in enumerate(sorted(edges.items())):
        out.write(f'    <edge id="e{i}" source={quoteattr(a)} target={quoteattr(b)}>'
                  f'<data key="weight">{w}</data></edge>\n')
    out.write("  </graph>\n</graphml>\n")
    return len(edges)
