"""The two JSON shapes in the corpus.

* GA extraction (``{"symbol", "title", "text", "paragraphs", ...}``): we read the raw ``text``
  (page furniture and all) and ignore the noisy ``paragraphs`` split.
* Budget-report blocks (a list of ``{"block_type", "text", "table_content", ...}`` nested by
  ``children``), a DOCX→JSON conversion that already knows headings, paragraphs and tables.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .base import (
    Block,
    NotADocument,
    RawDocument,
    ReaderError,
    content_hash,
    decode_text,
    grid_table_text,
    read_bytes,
)


def read_json(path: Path) -> RawDocument:
    data = read_bytes(path)
    try:
        obj = json.loads(decode_text(path, data))
    except json.JSONDecodeError as exc:
        raise ReaderError(path, f"invalid JSON: {exc.msg} at line {exc.lineno}") from exc
    if isinstance(obj, dict) and isinstance(obj.get("text"), str):
        return _ga_extraction(path, data, obj)
    if isinstance(obj, list) and obj and all(isinstance(b, dict) and "block_type" in b for b in obj):
        return _report_blocks(path, data, obj)
    raise NotADocument(path, "JSON is neither a GA extraction (with 'text') nor a list of report blocks")


def _ga_extraction(path: Path, data: bytes, obj: dict[str, Any]) -> RawDocument:
    if not obj["text"].strip():
        raise ReaderError(path, "GA extraction has an empty 'text'")
    meta: dict[str, str | None] = {
        "symbol": obj.get("symbol"),
        "title": obj.get("title"),
    }
    items = obj.get("agenda_items") or []
    if items and isinstance(items[0], str):
        meta["agenda_item"] = items[0].replace("Item ", "")
    text = obj["text"].replace("\r\n", "\n")
    return RawDocument(str(path), "ga-json", content_hash(data), meta, pages=[text.split("\n")])


_HINTS = {
    "heading": "heading", "heading-x": "heading", "heading-sub": "heading",
    "heading-sub-sub": "heading", "entity-group": "heading", "title": "heading", "annex": "heading",
    "footnote": "footnote",
}


def _report_blocks(path: Path, data: bytes, obj: list[dict[str, Any]]) -> RawDocument:
    blocks: list[Block] = []

    def walk(node: dict[str, Any], level: int) -> None:
        btype = str(node.get("block_type", ""))
        if btype.startswith("table"):
            rows = node.get("table_content") or []
            text = _table_text(rows)
            if text:
                blocks.append(Block(text, "table"))
        elif btype != "frontmatter" and node.get("text"):
            hint = _HINTS.get(btype, "para")
            blocks.append(Block(str(node["text"]), hint, level if hint == "heading" else 0))
        for child in node.get("children") or []:
            if isinstance(child, dict):
                walk(child, level + 1)

    for node in obj:
        walk(node, 0)
    if not blocks:
        raise ReaderError(path, "report JSON has no text blocks")
    return RawDocument(str(path), "report-json", content_hash(data), {}, blocks=blocks)


def _table_text(rows: list[Any]) -> str:
    """Rows of cells in reading order (merged cells come back repeated; see grid_table_text)."""
    return grid_table_text([[cell.get("text") if isinstance(cell, dict) else cell
                             for cell in (row if isinstance(row, list) else [row])] for row in rows])
