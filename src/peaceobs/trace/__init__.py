"""Trace language to its sources: a shingle index over the store, provenance queries."""

from __future__ import annotations

import threading
from typing import Any

from ..store import Store
from .index import ShingleIndex
from .provenance import Provenance, Source, Span, trace_text

__all__ = ["ShingleIndex", "Provenance", "Source", "Span", "trace_text", "index_for", "trace_paragraph"]

_cache: dict[str, tuple[tuple[Any, ...], ShingleIndex]] = {}
_lock = threading.Lock()


def index_for(store: Store) -> ShingleIndex:
    """The shingle index of this store, built once and rebuilt when documents change."""
    version = store.version()
    with _lock:
        hit = _cache.get(store.url)
        if hit and hit[0] == version:
            return hit[1]
        index = ShingleIndex.build(store)
        _cache[store.url] = (version, index)
        return index


def trace_paragraph(store: Store, symbol: str, pid: str, limit: int = 20) -> Provenance | None:
    """Sources of one stored paragraph: older documents only, its own document excluded."""
    doc = store.get_document(symbol)
    if doc is None:
        return None
    para = doc.paragraph(pid)
    if para is None:
        return None
    return trace_text(index_for(store), para.text, before=doc.date, exclude=doc.symbol, limit=limit,
                      title=_series_title(doc.title))


def _series_title(title: str) -> str:
    """A title without its own number ("79/308. Financing of …" → "Financing of …")."""
    head, _, rest = title.partition(". ")
    return rest if rest and any(ch.isdigit() for ch in head) and len(head) < 12 else title
