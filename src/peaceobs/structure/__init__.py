"""Structure: a reader's raw text → a :class:`~peaceobs.model.Document` of paragraphs."""

from __future__ import annotations

import re
from dataclasses import replace

from ..ingest.base import RawDocument, ReaderError, bare
from ..model import OTHER, Citation, Document, Paragraph
from ..symbols import find_references, parse
from .furniture import numbered_reference, strip_furniture
from .lines import join_blocks, join_lines
from .metadata import (
    checked_title,
    find_agenda_item,
    find_author,
    find_date,
    find_symbol,
    find_title,
    report_title,
)
from .paragraphs import TextBlock, build_paragraphs, paragraph_hash
from .runon import split_run_on

__all__ = ["structure", "extract_citations", "paragraph_hash"]

# "Observer Force, 2" — a footnote number the SC texts print after the punctuation at a line end.
_SC_LINE_MARKER = re.compile(r"(?<=[,;:.])[ \t]+\d{1,2}$", re.M)
_SPACE_BEFORE_PUNCT = re.compile(r"(?<=\w)\s+(?=[,;:](?:\s|$))")
_STRAY_DOT = re.compile(r"([;:,])\s*\.(?=\s|$)")


def _tidy(text: str) -> str:
    """Undo print artefacts: "Council ;" → "Council;", "months; ." → "months;", odd spaces."""
    if " ," in text or " ;" in text or " :" in text:
        text = _SPACE_BEFORE_PUNCT.sub("", text)
    if " ." in text or ";." in text or ",." in text:
        text = _STRAY_DOT.sub(r"\1", text)
    return " ".join(text.split())


def structure(raw: RawDocument) -> Document:
    """Split a raw document into paragraphs, with metadata and citations."""
    meta = dict(raw.meta)
    if raw.pages is not None:
        head = "\n".join(bare(line) for line in raw.pages[0][:120])
    else:
        head = "\n".join(b.text.strip() for b in (raw.blocks or [])[:40])
    if meta.get("masthead"):  # a page header the reader found apart from the body (DOCX)
        head = f"{meta['masthead']}\n{head}"

    symbol = None
    if meta.get("symbol"):
        symbol = parse(str(meta["symbol"]))
    else:
        symbol = find_symbol(head, raw.path)
    if symbol is None:
        raise ReaderError(raw.path, "no UN document symbol found (not in the text, metadata or file name)")

    title = str(meta.get("title") or "")
    if raw.pages is not None:
        pages = raw.pages
        if raw.format == "text":
            pages = [_SC_LINE_MARKER.sub("", "\n".join(page)).split("\n") for page in pages]
        stripped = strip_furniture(pages, title)
        footnotes, footnote_pages = stripped.footnotes, stripped.footnote_pages
        joined = join_blocks(stripped.lines, blank_lines_separate=raw.format != "pdf",
                             keep_hyphens=raw.format != "text", pages=stripped.pages)
        blocks = [TextBlock(j.text, j.hint, after_break=j.after_break, page=j.page) for j in joined]
    else:
        # Block sources (DOCX, report JSON, Markdown, HTML) have no pages: paragraphs' page is None.
        footnotes, footnote_pages = {}, {}
        blocks = []
        for b in raw.blocks or []:
            if b.hint == "para" and "\n" in b.text.strip():
                # Lines inside one block: split where a new paragraph opens, as in printed text.
                blocks.extend(TextBlock(t) for t in join_lines(b.text.strip().split("\n"),
                                                               blank_lines_separate=True, keep_hyphens=True))
            else:
                blocks.append(TextBlock(b.text if b.hint == "table" else b.text.strip(), b.hint))
    blocks = [b if b.hint == "table" else replace(b, text=_tidy(b.text)) for b in blocks]
    if raw.format == "markdown":
        blocks = _strip_plain_markers(split_run_on(_drop_running_heads(blocks)))

    author = find_author(head)
    body, doc_type = symbol.body, symbol.doc_type
    if author and doc_type not in ("resolution", "draft"):
        body, doc_type = author
    resolution = doc_type in ("resolution", "draft")
    # Printed pages (PDF, text, the GA extraction) and Markdown made from them may cut a paragraph
    # at a page break; DOCX, report JSON and HTML paragraphs are whole.
    page_broken = raw.pages is not None or raw.format == "markdown"
    # Markdown made from the PDFs drops many list markers ("(a)", "(i)"): read them from the lists.
    paragraphs = build_paragraphs(blocks, resolution, footnotes, page_broken=page_broken,
                                  labels_dropped=raw.format == "markdown", footnote_pages=footnote_pages)
    if not paragraphs:
        raise ReaderError(raw.path, "no paragraphs found")

    title = checked_title(title, paragraphs) if title else title
    if not title:
        title = find_title([b.text for b in blocks], symbol)
    if author and doc_type not in ("resolution", "draft"):
        title = report_title([b.text for b in blocks]) or title
    date = meta.get("date") or find_date(head)
    year = int(date[:4]) if date else symbol.year
    doc = Document(
        symbol=symbol.canonical, title=title, date=date, body=body, doc_type=doc_type,
        agenda_item=meta.get("agenda_item") or find_agenda_item(head),
        language=(meta.get("language") or "en").lower(), source=raw.path,
        source_format=raw.format, content_hash=raw.content_hash, year=year,
        session=symbol.session, paragraphs=paragraphs)
    doc.citations = extract_citations(paragraphs, own=symbol.key)
    return doc


_NUMBERED_TITLE = re.compile(r"\d+/\d+\.\s+(.*)")


def _strip_plain_markers(blocks: list[TextBlock]) -> list[TextBlock]:
    """A note's number printed plain after a paragraph's closing punctuation ("… for 2024/25; 4")
    where the conversion lost its note syntax: dropped when the document has that note."""
    notes = {b.text.split(None, 1)[0] for b in blocks if b.hint == "footnote" and b.text[:1].isdigit()}
    out = []
    for b in blocks:
        m = _PLAIN_MARKER.search(b.text) if b.hint == "para" else None
        if m and numbered_reference(b.text, m.start(1)):
            m = None  # glued to an abbreviation that announces a number: "No.5", "PV.12"
        if m and m.group(1) in notes:
            b = replace(b, text=b.text[:m.start()])
        out.append(b)
    return out


# Set off by a space, or glued to a word's punctuation ("Development.2"; not "by 2.5", nor a
# number that an abbreviation announces: "No.5", "PV.12", "para.3").
_PLAIN_MARKER = re.compile(r"(?:(?<=[,;:.])\s+|(?<=[a-z)”’][,;:.]))(\d{1,3})$")


def _drop_running_heads(blocks: list[TextBlock]) -> list[TextBlock]:
    """A page's running head that a conversion kept between the two halves of a paragraph: the
    document's title line without its number ("80/1. Participation …" → "Participation …"), or a
    short unpunctuated line printed again and again."""
    def key(text: str) -> str:
        return " ".join(text.lower().split())
    heads: set[str] = set()
    for b in blocks[:40]:
        m = _NUMBERED_TITLE.fullmatch(b.text.strip())
        if m:
            heads.add(key(m.group(1)))
    counts: dict[str, int] = {}
    for b in blocks:
        if b.hint == "para" and len(b.text) < 160 and not b.text.rstrip().endswith((".", ";", ":", ",")):
            counts[key(b.text)] = counts.get(key(b.text), 0) + 1
    heads |= {k for k, n in counts.items() if n >= 3}
    return [b for b in blocks if not (b.hint == "para" and key(b.text) in heads)]


def extract_citations(paragraphs: list[Paragraph], own: str = "") -> list[Citation]:
    """Every reference from a paragraph to another document, once per (paragraph, target)."""
    out: list[Citation] = []
    for p in paragraphs:
        seen: set[str] = set()
        for ref in find_references(p.text):
            s = ref.symbol
            if s.key == own or s.canonical in seen:
                continue
            if p.kind == OTHER and s.body == "SC" and s.doc_type == "document" \
                    and p.text[ref.start - 1:ref.start] in "[({" and p.text[ref.end:ref.end + 1] in "])}":
                continue  # "[S/1836]" under an old resolution's title: its own document number
            seen.add(s.canonical)
            out.append(Citation(p.pid, s.canonical, ref.raw, s.body, s.doc_type))
    return out
