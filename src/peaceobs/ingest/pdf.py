"""PDF via pypdfium2 (fast, permissive), pypdf where pdfium cannot open the file."""

from __future__ import annotations

import contextlib
import ctypes
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from .base import (
    HUNG,
    INDENTED,
    SHORT_LINE,
    TABLE_CELL,
    TABLE_ROW,
    RawDocument,
    ReaderError,
    content_hash,
    read_bytes,
)

log = logging.getLogger(__name__)

# pdfium marks a hyphen it saw at a line end with U+FFFE (or U+0002); the printed text had "-".
_LINE_END_HYPHENS = ("\ufffe", "\x02")


def _normalise(page_text: str) -> list[str]:
    text = page_text.replace("\r\n", "\n").replace("\r", "\n")
    for mark in _LINE_END_HYPHENS:
        text = text.replace(mark, "-")
    return text.split("\n")


@dataclass(slots=True)
class _Line:
    text: str
    edges: tuple[float, float] | None = None  # left and right edge, points (None: blank, table row)
    baseline: float | None = None
    size: float | None = None  # the font size of its first letter


def _page_lines(textpage: pdfium.PdfTextPage, rules: list[float] | None = None,
                ) -> tuple[list[str], list[tuple[float, float] | None]]:
    """The page's lines and, for each non-blank one, its left and right edge in points.

    A table found from the geometry replaces its printed lines with one TABLE_ROW line per row
    (no edges: a row is never a short line of prose). A line pdfium cut in two at a superscript
    is one again (in geometry); where footnotes in a smaller size close the page under a drawn rule
    (``rules``: the heights of the page's short horizontal strokes) and no typed one, a typed rule
    is put above them.
    """
    text = textpage.get_text_range()
    raw = text.split("\r\n")
    lines: list[_Line] = []
    starts: list[int] = []
    idx = 0
    tp = textpage.raw
    for line in raw:
        s = line.rstrip()
        starts.append(idx)
        if s:
            letter = next((k for k, ch in enumerate(s) if ch.isalpha()), 0)
            _ORIGIN(tp, idx, _X, _Y)
            lines.append(_Line(line, (textpage.get_charbox(idx)[0], textpage.get_charbox(idx + len(s) - 1)[2]),
                               _Y.value, _FONT_SIZE(tp, idx + letter)))
        else:
            lines.append(_Line(line))
        idx += len(line) + 2
    tables = _find_tables(textpage, raw, starts)
    if tables:
        replace: dict[int, list[str]] = {}
        drop: set[int] = set()
        for rows_at, rows in tables:
            replace[rows_at[0]] = [*rows, ""]  # a blank line ends it: the next table is another
            drop.update(rows_at)
        kept: list[_Line] = []
        for k, line in enumerate(lines):
            if k in replace:
                kept.extend(_Line(row) for row in replace[k])
            elif k not in drop:
                kept.append(line)
        lines = kept
    lines = _footnote_rule(_rejoin(lines), rules or [])
    return _normalise("\r\n".join(x.text for x in lines)), [x.edges for x in lines]


def _rejoin(lines: list[_Line]) -> list[_Line]:
    """Pieces of one printed line: pdfium ends a line at a superscript note number ("… requests. 1"
    | "It was conducted"). Both pieces take the printed line's edges, so neither reads as a short
    or set-off line; the text stays in two, the note number at the first piece's end where the
    furniture stage looks for it."""
    for prev, line in zip(lines, lines[1:], strict=False):
        if (prev.edges and line.edges and prev.baseline is not None and line.baseline is not None
                and abs(prev.baseline - line.baseline) < 1.0 and line.edges[0] > prev.edges[1]):
            prev.edges = line.edges = (prev.edges[0], line.edges[1])
    return lines


_RULE = "_" * 18  # the typed rule above footnotes (furniture reads notes under it)
_NOTE_START = re.compile(r"\d{1,3}\s+[^\d\s]")  # "1 Recommendations …", not "4 088 3 509" (a chart's labels)


def _drawn_rules(page: pdfium.PdfPage) -> list[float]:
    """Heights of the short horizontal strokes drawn on the page (a footnote rule is 1–3 inches)."""
    out = []
    for obj in page.get_objects(filter=(pdfium.raw.FPDF_PAGEOBJ_PATH,)):
        left, bottom, right, top = obj.get_bounds()
        if top - bottom < 2 and 30 < right - left < 220:
            out.append((top + bottom) / 2)
    return out


def _footnote_rule(lines: list[_Line], rules: list[float]) -> list[_Line]:
    sizes = [round(x.size or 0, 1) for x in lines if x.size]
    if not sizes or any(x.text.strip().startswith("_____") for x in lines):
        return lines
    body = max(set(sizes), key=sizes.count)
    if sizes.count(body) < 5:
        return lines
    start = None
    for k in range(len(lines) - 1, -1, -1):
        x = lines[k]
        if not x.text.strip():
            continue
        if x.size is None or x.size >= 0.92 * body:
            break
        if _NOTE_START.match(x.text.strip()):
            start = k
    if start is None:
        return lines
    # A rule is drawn between the notes and the text above them.
    note = lines[start].baseline
    above = next((x.baseline for x in reversed(lines[:start]) if x.size and x.size >= 0.92 * body), None)
    if note is None or not any(note < y and (above is None or y < above) for y in rules):
        return lines
    return [*lines[:start], _Line(_RULE), *lines[start:]]


# How far from the text's left margin a line must start to count as set off it: an item's first
# line is set in by a tab (about 24 pt in UN documents); pdfium's boxes vary by a point.
_INDENT_PT = 8.0


def _mark_lines(pages: list[tuple[float, list[str], list[tuple[float, float] | None]]]) -> list[list[str]]:
    """Mark lines that stop short of the text's right margin, and lines set in from its left one.

    Justified body text shares one right edge through the document (per page width: landscape
    pages differ), so the margin is the most common right edge of long lines; a wide table on
    one page does not move it. The left margin is where most long lines of the page start (of
    the document, on a page with few of them).
    """
    margins: dict[int, float] = {}
    lefts: dict[int, float] = {}
    starts: dict[int, float] = {}
    by_width: dict[int, list[tuple[float, float]]] = {}
    for width, lines, edges in pages:
        for line, e in zip(lines, edges, strict=False):
            if e and len(line) >= 50:
                by_width.setdefault(round(width), []).append(e)
    for w, es in by_width.items():
        bins: dict[int, int] = {}
        for _, right in es:
            bins[round(right / 3)] = bins.get(round(right / 3), 0) + 1
        margins[w] = max(bins, key=lambda b: (bins[b], b)) * 3
        lefts[w] = sorted(left for left, _ in es)[len(es) // 10]
        starts[w] = _most_common_edge([left for left, _ in es])
    out = []
    for width, lines, edges in pages:
        w = round(width)
        if w not in margins or len(lines) != len(edges):
            out.append(lines)
            continue
        limit = margins[w] - 0.08 * (margins[w] - lefts[w])
        own = [e[0] for line, e in zip(lines, edges, strict=True) if e and len(line) >= 50]
        margin = _most_common_edge(own) if len(own) >= 5 else starts[w]
        out.append([_marked(line, e, limit, margin) for line, e in zip(lines, edges, strict=True)])
    return out


def _most_common_edge(xs: list[float]) -> float:
    """The edge most lines share, to within pdfium's point of jitter (bins of 3 pt, mean of the bin)."""
    bins: dict[int, list[float]] = {}
    for x in xs:
        bins.setdefault(round(x / 3), []).append(x)
    best = max(bins.values(), key=len)
    return sum(best) / len(best)


def _marked(line: str, edges: tuple[float, float] | None, short_before: float, margin: float) -> str:
    if not edges:
        return line
    # Set in (an item) or hanging out into the margin (a lettered side heading).
    offset = INDENTED if edges[0] - margin > _INDENT_PT else HUNG if margin - edges[0] > _INDENT_PT else ""
    marks = offset + (SHORT_LINE if edges[1] < short_before else "")
    return line.rstrip() + marks if marks else line


def read_pdf(path: Path) -> RawDocument:
    data = read_bytes(path)
    if not data.lstrip()[:5] == b"%PDF-":
        raise ReaderError(path, "not a PDF (no %PDF- header)")
    try:
        pages = _pdfium_pages(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise ReaderError(path, "encrypted PDF (password required)") from exc
        pages = _pypdf_pages(path, data, message)
    if not any(line.strip() for page in pages for line in page):
        raise ReaderError(path, f"PDF has no text layer ({len(pages)} pages; scanned? OCR it first)")
    return RawDocument(str(path), "pdf", content_hash(data), {}, pages=pages)


def _pdfium_pages(data: bytes) -> list[list[str]]:
    pdf = pdfium.PdfDocument(data)
    try:
        pages = []
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            lines, edges = _page_lines(textpage, _drawn_rules(page))
            pages.append((page.get_width(), lines, edges))
            textpage.close()
            page.close()
        return _mark_lines(pages)
    finally:
        pdf.close()


def _pypdf_pages(path: Path, data: bytes, pdfium_error: str) -> list[list[str]]:
    import io

    import pypdf
    from pypdf.errors import PdfReadError

    try:
        with _named_warnings(path):
            reader = pypdf.PdfReader(io.BytesIO(data))
            if reader.is_encrypted:
                raise ReaderError(path, "encrypted PDF (password required)")
            return [_normalise(page.extract_text() or "") for page in reader.pages]
    except ReaderError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise ReaderError(path, f"corrupt PDF ({pdfium_error}; pypdf: {exc})") from exc


class _Forward(logging.Handler):
    """pypdf's warnings ("EOF marker not found"), passed on with the file they are about."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path

    def emit(self, record: logging.LogRecord) -> None:
        log.log(record.levelno, "%s: %s", self.path, record.getMessage())


@contextlib.contextmanager
def _named_warnings(path: Path) -> Iterator[None]:
    # pypdf logs from child loggers ("pypdf._reader"): a handler on "pypdf" sees them all.
    pypdf_log = logging.getLogger("pypdf")
    forward, propagate = _Forward(path), pypdf_log.propagate
    pypdf_log.addHandler(forward)
    pypdf_log.propagate = False
    try:
        yield
    finally:
        pypdf_log.removeHandler(forward)
        pypdf_log.propagate = propagate


# -- tables from the page geometry ------------------------------------------------------------
#
# A table row prints its cells as separate text runs with a column's width of white between them;
# a line of prose is one run with word spaces. pdfium reports the runs of a line as rectangles
# (one per text object), so a cell boundary is a run boundary with a gap wider than a word space.
# Rows come from baselines, columns from x-extents shared by several rows.


@dataclass(slots=True)
class _Cell:
    x0: float
    x1: float
    text: str


@dataclass(slots=True)
class _Row:
    y: float  # baseline (bottom of the line's first run), points from the page foot
    h: float  # the tallest run's height: the font size, near enough
    cells: list[_Cell]
    lines: list[int]  # indices of the page's printed lines this row was read from
    kind: str = "other"  # data (>= 3 aligned cells), header, label


_WORD = re.compile(r"\S+")
_FIGURES_TOUCH = re.compile(r"\d\.\d+\)? [(\d–]")
_DECIMALS_END = re.compile(r"\d\.\d+\)?%?$")
_FIGURE_START = re.compile(r"[(\d–]")
_X, _Y, _L, _T, _R, _B = (ctypes.c_double() for _ in range(6))
_COUNT_RECTS, _RECT = pdfium.raw.FPDFText_CountRects, pdfium.raw.FPDFText_GetRect
_CHARBOX, _ORIGIN = pdfium.raw.FPDFText_GetCharBox, pdfium.raw.FPDFText_GetCharOrigin
_FONT_SIZE = pdfium.raw.FPDFText_GetFontSize


def _rects(tp: object, n: int) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) of the runs last counted (raw calls: this runs for every line)."""
    out = []
    for i in range(n):
        _RECT(tp, i, _L, _T, _R, _B)
        out.append((_L.value, _B.value, _R.value, _T.value))
    return out


def _charbox(tp: object, i: int) -> tuple[float, float]:
    _CHARBOX(tp, i, _L, _R, _B, _T)
    return _L.value, _R.value


def _line_cells(textpage: pdfium.PdfTextPage, text: str, start: int) -> tuple[float, float, list[_Cell]] | None:
    tp = textpage.raw
    n = _COUNT_RECTS(tp, start, len(text))
    if n <= 0:
        return None
    rects = _rects(tp, n)
    lead = len(text) - len(text.lstrip())
    _ORIGIN(tp, start + lead, _X, _Y)
    y = _Y.value  # the baseline: runs with and without descenders sit on it alike
    h = max(r[3] - r[1] for r in rects)
    gap = max(3.0, 0.5 * h)
    xs = sorted((r[0], r[2]) for r in rects)
    bounds = [(xs[k + 1][0], xs[k + 1][0] - xs[k][1]) for k in range(len(xs) - 1)]
    if not any(g > gap for _, g in bounds) and not (bounds and _FIGURES_TOUCH.search(text)):
        return y, h, [_Cell(xs[0][0], max(r for _, r in xs), text.strip())]
    # Runs apart: split the line's words where a run starts after a gap wider than a word space,
    # or where a run starts right after a figure's decimals (bold totals set almost touching:
    # "1 171 619.7 1 146 269.1" — a number never goes on after its decimals).
    cells: list[_Cell] = []
    prev_right = None
    for m in _WORD.finditer(text):
        left = _charbox(tp, start + m.start())[0]
        right = _charbox(tp, start + m.end() - 1)[1]
        run = [g for x, g in bounds if abs(left - x) < 1.0]
        new = prev_right is None or bool(run) and (
            left - prev_right > gap or _DECIMALS_END.search(cells[-1].text) is not None and _FIGURE_START.match(m.group()))
        if new:
            cells.append(_Cell(left, right, m.group()))
        else:
            cells[-1].x1 = max(cells[-1].x1, right)
            cells[-1].text += " " + m.group()
        prev_right = right
    return y, h, cells


def _visual_rows(textpage: pdfium.PdfTextPage, raw: list[str], starts: list[int]) -> list[_Row]:
    """The page's printed lines grouped by baseline, top to bottom (a table's header cells are
    often separate lines at one height)."""
    found = []
    for k, line in enumerate(raw):
        s = line.rstrip()
        if not s.strip():
            continue
        got = _line_cells(textpage, s, starts[k])
        if got:
            found.append((got[0], got[1], got[2], k))
    found.sort(key=lambda f: -f[0])
    rows: list[_Row] = []
    for y, h, cells, k in found:
        if rows and abs(rows[-1].y - y) < 2.5:
            rows[-1].cells.extend(cells)
            rows[-1].lines.append(k)
            rows[-1].h = max(rows[-1].h, h)
        else:
            rows.append(_Row(y, h, list(cells), [k]))
    for row in rows:
        row.cells.sort(key=lambda c: c.x0)
    return rows


_AMOUNT = re.compile(r"\(?[-–]?\$?\d[\d,. ]*\)?%?")


def _mark_data_rows(rows: list[_Row]) -> None:
    """A data row has >= 3 cells whose left or right edge is shared by >= 3 rows of >= 3 cells.
    An amount row (a two-column statement: "Cash assets …… 194 056.4") has a label and a figure
    set far from it, right-aligned with the figures of >= 3 other such rows."""
    _mark_amount_rows(rows)
    wide = [r for r in rows if len(r.cells) >= 3]
    if len(wide) < 2:
        return
    support: dict[tuple[str, int], int] = {}
    for r in wide:
        keys = {("l", round(c.x0 / 2)) for c in r.cells} | {("r", round(c.x1 / 2)) for c in r.cells}
        for key in keys:
            support[key] = support.get(key, 0) + 1

    def supported(side: str, x: float) -> bool:
        b = round(x / 2)
        return sum(support.get((side, b + d), 0) for d in (-1, 0, 1)) >= 3

    for r in wide:
        aligned = sum(1 for c in r.cells if supported("l", c.x0) or supported("r", c.x1))
        if aligned >= 3:
            r.kind = "data"


def _mark_amount_rows(rows: list[_Row]) -> None:
    def amount_row(r: _Row) -> bool:
        if len(r.cells) != 2 or not _AMOUNT.fullmatch(r.cells[-1].text):
            return False
        return r.cells[-1].x0 - r.cells[-2].x1 > 4 * r.h  # far apart: never a word space in prose
    candidates = [r for r in rows if amount_row(r)]
    edges: dict[int, int] = {}
    for r in candidates:
        edges[round(r.cells[-1].x1 / 2)] = edges.get(round(r.cells[-1].x1 / 2), 0) + 1
    for r in candidates:
        b = round(r.cells[-1].x1 / 2)
        if sum(edges.get(b + d, 0) for d in (-1, 0, 1)) >= 4:
            r.kind = "amount"


def _columns(data: list[_Row]) -> list[tuple[float, float]]:
    """Column extents: x ranges covered by the cells of more than a few data rows."""
    lo = int(min(c.x0 for r in data for c in r.cells))
    hi = int(max(c.x1 for r in data for c in r.cells)) + 1
    delta = [0] * (hi - lo + 2)
    for r in data:
        for c in r.cells:
            delta[int(c.x0) - lo] += 1
            delta[int(c.x1) - lo + 1] -= 1
    cover, n = [], 0
    for d in delta[:-1]:
        n += d
        cover.append(n)
    need = max(1, int(0.15 * len(data)) + 1) if len(data) > 6 else 1
    cols: list[tuple[float, float]] = []
    start = None
    for x, n in enumerate(cover + [0]):
        if n >= need and start is None:
            start = x
        elif n < need and start is not None:
            cols.append((start + lo, x - 1 + lo))
            start = None
    return cols


def _fits(row: _Row, cols: list[tuple[float, float]], span: tuple[float, float], strict: bool) -> bool:
    """A row that can belong to a table with these columns: inside its width, and no cell running
    from the stub column into the figures (prose, a units caption) — except, between rows of
    figures, a group label shorter than half the table ("Provision of logistical support"), which
    may also stand out to the left of the rows it heads."""
    left, right = span[0] - max(4.0, 3 * row.h), span[1] + 4
    first = cols[1][0] if len(cols) > 1 else right
    for c in row.cells:
        if c.x0 < left or c.x1 > right:
            return False
        if c.x0 < first - 2 and c.x1 > first + 2:
            if strict or len(row.cells) > 1 or c.x1 - c.x0 > 0.45 * (right - left):
                return False
    return True


def _ends_in_column(row: _Row, cols: list[tuple[float, float]], span: tuple[float, float]) -> bool:
    """A row whose text runs across columns but ends with a figure set in the last column
    ("Organization chart ...... 34" under a table of contents)."""
    if len(row.cells) < 2 or row.cells[0].x0 < span[0] - 3 * row.h:
        return False
    c = row.cells[-1]
    return c.x1 - c.x0 < 0.25 * (span[1] - span[0]) and abs(c.x1 - cols[-1][1]) < 3 and c.x0 >= cols[-1][0] - 3


def _stub_only(row: _Row, cols: list[tuple[float, float]]) -> bool:
    return len(cols) > 1 and all(c.x1 <= cols[1][0] + 2 for c in row.cells)


def _place(row: _Row, cols: list[tuple[float, float]]) -> list[str]:
    """The row's cells in their columns: each in the column it overlaps most (else the nearest)."""
    out = [""] * len(cols)
    for c in row.cells:
        best, score = 0, None
        for i, (a, b) in enumerate(cols):
            overlap = min(c.x1, b) - max(c.x0, a)
            if score is None or overlap > score:
                best, score = i, overlap
            elif a > c.x1:
                break
        out[best] = f"{out[best]} {c.text}".strip()
    return out


_ITEM_LABEL = re.compile(r"(?:[IVX]{1,5}\.|[A-Z]\.|\([a-z]{1,3}\)|\d{1,2}\.)\s")


def _merge_rows(rows: list[list[str]]) -> list[str]:
    return [" ".join(x for x in col if x) for col in zip(*rows, strict=True)]


def _table_rows(rows: list[_Row], cols: list[tuple[float, float]], body_start: int, pitch: float) -> list[list[str]]:
    """Header rows (tight wraps joined), then body rows with wrapped stub labels joined."""
    out: list[list[str]] = []
    head = rows[:body_start]
    group: list[_Row] = []
    for r in head:
        if group and group[-1].y - r.y > 1.6 * max(r.h, group[-1].h):
            out.append(_merge_rows([_place(g, cols) for g in group]))
            group = []
        group.append(r)
    if group:
        out.append(_merge_rows([_place(g, cols) for g in group]))
    body = rows[body_start:]
    placed = [_place(r, cols) for r in body]
    k = 0
    merged: list[list[str]] = []
    while k < len(body):
        r, cells = body[k], placed[k]
        if k + 1 < len(body):
            nxt, ncells = body[k + 1], placed[k + 1]
            close = r.y - nxt.y < 0.8 * pitch and abs(r.cells[0].x0 - nxt.cells[0].x0) < 3
            lower = ncells[0][:1].islower() or ncells[0][:1] == "(" and not _ITEM_LABEL.match(ncells[0])
            # A row that opens with a label ("II. Cash requirements", "(b) Other revenue") heads
            # the rows under it; only a lower-case line continues it.
            if close and (_ITEM_LABEL.match(cells[0]) or _ITEM_LABEL.match(ncells[0])):
                close = False
            if _stub_only(r, cols) and not _stub_only(nxt, cols) and ncells[0] and (close or lower):
                ncells[0] = f"{cells[0]} {ncells[0]}"  # "Communications and information" / "technology …"
                k += 1
                continue
            if not _stub_only(r, cols) and _stub_only(nxt, cols) and cells[0] and close:
                cells[0] = f"{cells[0]} {ncells[0]}"  # the figures on the label's first line
                merged.append(cells)
                k += 2
                continue
        merged.append(cells)
        k += 1
    return out + merged


def _find_tables(textpage: pdfium.PdfTextPage, raw: list[str], starts: list[int]) -> list[tuple[list[int], list[str]]]:
    """Each table on the page: the printed lines it replaces and its rows as TABLE_ROW lines."""
    rows = _visual_rows(textpage, raw, starts)
    _mark_data_rows(rows)
    tables = _tables_of(rows, "data", 3)
    # Two-column statements, where no wider table took their rows.
    taken = {k for lines, _ in tables for k in lines}
    rest = [r for r in rows if not taken.intersection(r.lines)]
    return sorted(tables + _tables_of(rest, "amount", 2), key=lambda t: t[0][0])


def _tables_of(rows: list[_Row], kind: str, least: int) -> list[tuple[list[int], list[str]]]:
    """Tables grown from runs of rows of one kind, with at least ``least`` columns."""
    if sum(r.kind == kind for r in rows) < 2:
        return []
    tables = []
    i = 0
    while i < len(rows):
        if rows[i].kind != kind:
            i += 1
            continue
        # A run of data rows, with at most three other rows between two of them.
        j = i
        k = i + 1
        while k < len(rows) and k - j <= 4:
            if rows[k].kind == kind:
                j = k
            k += 1
        data = [r for r in rows[i:j + 1] if r.kind == kind]
        cols = _columns(data) if len(data) >= 2 else []
        if len(cols) < least:
            i = j + 1
            continue
        span = (min(c.x0 for r in data for c in r.cells), max(c.x1 for r in data for c in r.cells))
        ys = [r.y for r in data]
        steps = sorted(a - b for a, b in zip(ys, ys[1:], strict=False))
        pitch = steps[len(steps) // 2] if steps else 2 * data[0].h
        limit = max(2.5 * data[0].h, 1.6 * pitch)
        # Cut the run at a row that cannot be in the table (a paragraph between two tables).
        end = i
        for m in range(i + 1, j + 1):
            if rows[m - 1].y - rows[m].y > limit or (rows[m].kind != kind and not _fits(rows[m], cols, span, False)):
                break
            end = m
        while rows[end].kind != kind:
            end -= 1
        # Header rows above: close, inside the columns, not crossing into the figures; a block
        # that would open with a lone stub-column line (a caption, a heading) is cut below it.
        top = i
        while top > 0 and i - top < 8:
            up = rows[top - 1]
            if up.kind == kind or up.y - rows[top].y > limit or not _fits(up, cols, span, True):
                break
            top -= 1
        while top < i and _stub_only(rows[top], cols):
            top += 1
        # Rows below in the same columns (a last entry with fewer cells); a trailing lone
        # stub-column line is kept only as the wrapped end of the last row's label.
        last = end
        while (last + 1 < len(rows) and rows[last].y - rows[last + 1].y <= limit
               and (_fits(rows[last + 1], cols, span, True) or _ends_in_column(rows[last + 1], cols, span))):
            last += 1
        while last > end and _stub_only(rows[last], cols):
            last -= 1
        if (last + 1 < len(rows) and _stub_only(rows[last + 1], cols) and _fits(rows[last + 1], cols, span, True)
                and rows[last].y - rows[last + 1].y < 0.8 * pitch
                and abs(rows[last + 1].cells[0].x0 - rows[last].cells[0].x0) < 3):
            last += 1
        part = rows[top:last + 1]
        body_start = next((n for n, r in enumerate(part) if _place(r, cols)[0]), 0)
        body = [_table_row(cells) for cells in _table_rows(part, cols, body_start, pitch)]
        tables.append((sorted(k for r in part for k in r.lines), body))
        i = last + 1
    return tables


def _table_row(cells: list[str]) -> str:
    while cells and not cells[-1]:
        cells = cells[:-1]
    return TABLE_ROW + TABLE_CELL.join(c.replace("|", "/") for c in cells)
