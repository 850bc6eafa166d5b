"""PDF via pypdfium2 (fast, permissive), pypdf where pdfium cannot open the file."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from .base import SHORT_LINE, RawDocument, ReaderError, content_hash, read_bytes

# pdfium marks a hyphen it saw at a line end with U+FFFE (or U+0002); the printed text had "-".
_LINE_END_HYPHENS = ("\ufffe", "\x02")


def _normalise(page_text: str) -> list[str]:
    text = page_text.replace("\r\n", "\n").replace("\r", "\n")
    for mark in _LINE_END_HYPHENS:
        text = text.replace(mark, "-")
    return text.split("\n")


def _page_lines(textpage: pdfium.PdfTextPage) -> tuple[list[str], list[tuple[float, float] | None]]:
    """The page's lines and, for each non-blank one, its left and right edge in points."""
    text = textpage.get_text_range()
    edges: list[tuple[float, float] | None] = []
    idx = 0
    for line in text.split("\r\n"):
        s = line.rstrip()
        if s:
            edges.append((textpage.get_charbox(idx)[0], textpage.get_charbox(idx + len(s) - 1)[2]))
        else:
            edges.append(None)
        idx += len(line) + 2
    return _normalise(text), edges


def _mark_short_lines(pages: list[tuple[float, list[str], list[tuple[float, float] | None]]]) -> list[list[str]]:
    """Mark lines that stop short of the text's right margin.

    Justified body text shares one right edge through the document (per page width: landscape
    pages differ), so the margin is the most common right edge of long lines; a wide table on
    one page does not move it.
    """
    margins: dict[int, float] = {}
    lefts: dict[int, float] = {}
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
    out = []
    for width, lines, edges in pages:
        w = round(width)
        if w not in margins or len(lines) != len(edges):
            out.append(lines)
            continue
        limit = margins[w] - 0.08 * (margins[w] - lefts[w])
        out.append([line.rstrip() + SHORT_LINE if e and e[1] < limit else line
                    for line, e in zip(lines, edges, strict=True)])
    return out


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
            lines, edges = _page_lines(textpage)
            pages.append((page.get_width(), lines, edges))
            textpage.close()
            page.close()
        return _mark_short_lines(pages)
    finally:
        pdf.close()


def _pypdf_pages(path: Path, data: bytes, pdfium_error: str) -> list[list[str]]:
    import io

    import pypdf
    from pypdf.errors import PdfReadError

    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise ReaderError(path, "encrypted PDF (password required)")
        return [_normalise(page.extract_text() or "") for page in reader.pages]
    except ReaderError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise ReaderError(path, f"corrupt PDF ({pdfium_error}; pypdf: {exc})") from exc
