"""HTML: headings, paragraphs, list items and tables in document order (lxml)."""

from __future__ import annotations

from pathlib import Path

import lxml.html
from lxml import etree

from .base import Block, RawDocument, ReaderError, content_hash, read_bytes

_SKIP = {"script", "style", "nav", "header", "footer", "noscript", "template", "form"}
_BLOCK = {"p", "li", "dd", "dt", "blockquote", "pre"}


def read_html(path: Path) -> RawDocument:
    data = read_bytes(path)
    try:
        root = lxml.html.document_fromstring(data)
    except (etree.ParserError, ValueError) as exc:
        raise ReaderError(path, f"unreadable HTML: {exc}") from exc
    meta: dict[str, str | None] = {}
    title = root.findtext(".//title")
    if title and title.strip():
        meta["title"] = " ".join(title.split())
    for m in root.iter("meta"):
        name = (m.get("name") or "").lower()
        if name in ("symbol", "dc.identifier", "un.symbol") and m.get("content"):
            meta["symbol"] = m.get("content")
    lang = root.get("lang")
    if lang:
        meta["language"] = lang.split("-")[0].lower()
    blocks: list[Block] = []
    body = root.find("body")
    _walk(body if body is not None else root, blocks)
    if not blocks:
        raise ReaderError(path, "HTML has no text")
    return RawDocument(str(path), "html", content_hash(data), meta, blocks=blocks)


def _text(el: etree._Element) -> str:
    return " ".join(el.text_content().split())


def _walk(el: etree._Element, blocks: list[Block]) -> None:
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag in _SKIP or not tag:
            continue
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            text = _text(child)
            if text:
                blocks.append(Block(text, "heading", int(tag[1])))
        elif tag == "table":
            rows = []
            for tr in child.iter("tr"):
                cells = [_text(c) for c in tr if isinstance(c.tag, str) and c.tag in ("td", "th")]
                if any(cells):
                    rows.append(" | ".join(cells))
            if rows:
                blocks.append(Block("\n".join(rows), "table"))
        elif tag in _BLOCK and not any(isinstance(c.tag, str) and c.tag in _BLOCK | {"table"} for c in child):
            text = _text(child)
            if text:
                blocks.append(Block(text, "para"))
        else:
            # A div/section holding loose text and blocks: keep its own text as a paragraph.
            own = " ".join((child.text or "").split())
            if own and tag not in ("ul", "ol", "tr", "tbody", "thead"):
                blocks.append(Block(own, "para"))
            _walk(child, blocks)
