"""DOCX via python-docx: paragraphs with their Word styles, tables as tables, in body order."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph as DocxParagraph

from .base import Block, RawDocument, ReaderError, content_hash, grid_table_text, read_bytes


def _hint(style: str) -> tuple[str, int]:
    s = style.lower()
    # UN templates: "_ H _Ch", "_ H_1", "_ H_2/3", "Title_H1"; Word's own "Heading 2".
    if s.startswith("heading") or s.startswith("title") or s.startswith("_ h") or "_h" in s.replace(" ", ""):
        digits = [int(c) for c in s if c.isdigit()]
        return "heading", digits[0] if digits else 1
    if "footnote" in s:
        return "footnote", 0
    return "para", 0


def read_docx(path: Path) -> RawDocument:
    data = read_bytes(path)
    try:
        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise ReaderError(path, f"corrupt DOCX: {exc}") from exc
    except Exception as exc:  # python-docx raises a zoo of lxml/opc errors for broken packages
        raise ReaderError(path, f"corrupt DOCX: {type(exc).__name__}: {exc}") from exc
    blocks: list[Block] = []
    # Style names by style id: python-docx looks a style up by scanning every style, once per
    # paragraph (a file of 90,000 paragraphs took two minutes).
    hints: dict[str | None, tuple[str, int]] = {}
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para = DocxParagraph(element, document)
            text = para.text
            if not text.strip():
                continue
            style_id = element.style
            if style_id not in hints:
                try:
                    style = para.style.name if para.style is not None else ""
                except (KeyError, ValueError):
                    style = ""
                hints[style_id] = _hint(style or "")
            hint, level = hints[style_id]
            blocks.append(Block(text, hint, level))
        elif tag == "tbl":
            blocks.extend(_table_blocks(element, document))
    if not blocks:
        raise ReaderError(path, "DOCX has no text")
    return RawDocument(str(path), "docx", content_hash(data), {"masthead": _masthead(document)}, blocks=blocks)


def _masthead(document: docx.document.Document) -> str | None:
    """The first page's header: UN documents keep symbol, distribution and date there."""
    try:
        header = document.sections[0].first_page_header
    except (IndexError, KeyError, ValueError):
        return None
    lines = [p.text for p in header.paragraphs if p.text.strip()]
    for table in header.tables:
        for row in table.rows:
            seen: list[str] = []
            for cell in row.cells:
                if cell.text.strip() and cell.text not in seen:
                    seen.append(cell.text)
            lines.extend(seen)
    return "\n".join(lines) or None


def _table_blocks(element: Any, document: Any) -> list[Block]:
    """A table's block; a table that holds tables is a frame (a box around a summary and its
    tables), so its paragraphs and inner tables are read in order instead."""
    if not element.xpath(".//w:tc//w:tbl"):
        text = _table_text(Table(element, document))
        return [Block(text, "table")] if text else []
    out: list[Block] = []
    for cell in element.xpath("./w:tr/w:tc"):
        for child in cell.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                text = DocxParagraph(child, document).text
                if text.strip():
                    out.append(Block(text, "para"))
            elif tag == "tbl":
                out.extend(_table_blocks(child, document))
    return out


def _table_text(table: Table) -> str:
    return grid_table_text([[cell.text for cell in row.cells] for row in table.rows])
