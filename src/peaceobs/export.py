"""Exports: citations as CSV (one row per citation) and GraphML (documents as nodes, weighted
edges); a table paragraph as CSV.

Every CSV and XLSX the program writes goes through :func:`csv_writer` or :func:`xlsx_bytes`, so
that a text cell from a document or a user is never run as a formula when the file is opened in a
spreadsheet (OWASP "CSV injection"): in CSV such a cell is prefixed with a single quote, in XLSX it
is a string cell with Excel's quote prefix. Numbers stay numbers: only text is neutralised."""

from __future__ import annotations

import csv
import html
import io
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import TextIO
from xml.sax.saxutils import quoteattr

from .model import Paragraph
from .query import Hit
from .store import Store

CSV_FIELDS = ("from_symbol", "from_pid", "to_symbol", "raw", "to_body", "to_type", "resolved")

# What a spreadsheet reads as the start of a formula; tab and carriage return because some
# spreadsheets strip them before parsing (OWASP's list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """A cell a spreadsheet shows as it is: text that opens with = + - @ (a formula) is prefixed
    with a single quote; numbers, dates and ``None`` are returned unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


class SafeCsvWriter:
    """``csv.writer`` whose every text cell goes through :func:`safe_cell` (``None`` is empty)."""

    def __init__(self, out: TextIO) -> None:
        self._writer = csv.writer(out)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow(["" if v is None else safe_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(out: TextIO) -> SafeCsvWriter:
    """The CSV writer of every export: formula-safe text cells."""
    return SafeCsvWriter(out)


def xlsx_bytes(title: str, rows: Iterable[Sequence[object]]) -> bytes:
    """A one-sheet workbook of ``rows``. openpyxl turns a string opening with "=" into a formula:
    every text cell is written as a string instead, and one that a spreadsheet would read as a
    formula gets the quote prefix (Excel's own mark for text typed after an apostrophe), so that
    it stays text when edited. The text itself is kept exactly; numbers stay numbers."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]  # Excel's limit on a sheet name
    for row in rows:
        sheet.append(list(row))
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"
                if cell.value.startswith(FORMULA_START):
                    cell.quotePrefix = True
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def table_csv(paragraph: Paragraph, out: TextIO) -> int:
    """A table paragraph's rows as CSV; returns the number of rows."""
    writer = csv_writer(out)
    rows = paragraph.cells()
    writer.writerows(rows)
    return len(rows)


HIT_FIELDS = ("symbol", "paragraph", "kind", "date", "body", "type", "title", "snippet")


def hits_csv(hits: Iterable[Hit], out: TextIO, url: Callable[[Hit], str] | None = None) -> int:
    """Search hits, one row per paragraph; the snippet as plain text (no <mark>, no HTML
    escapes), since a spreadsheet shows it as typed. ``url`` adds a last column (the web's
    link to the paragraph). Returns the number of rows."""
    writer = csv_writer(out)
    writer.writerow([*HIT_FIELDS, *(["url"] if url else [])])
    n = 0
    for h in hits:
        snippet = html.unescape(h.snippet.replace("<mark>", "").replace("</mark>", ""))
        writer.writerow([h.symbol, h.pid, h.kind, h.date, h.body, h.doc_type, h.title, snippet,
                         *([url(h)] if url else [])])
        n += 1
    return n


def citations_csv(store: Store, out: TextIO) -> int:
    """Every citation, one row each; ``raw`` is the reference as the document prints it."""
    writer = csv_writer(out)
    writer.writerow(CSV_FIELDS)
    n = 0
    for row in store.iter_citations():
        writer.writerow([getattr(row, f) for f in CSV_FIELDS])
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
