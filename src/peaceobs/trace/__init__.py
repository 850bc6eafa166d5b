"""Trace language to its sources: a shingle index over the store, provenance queries."""

from __future__ import annotations

import threading
from typing import Any

from ..store import Store
from .index import ShingleIndex
from .provenance import Provenance, Sibling, Source, Span, trace_text
from .relations import Relations, series_title

__all__ = ["ShingleIndex", "Provenance", "Sibling", "Source", "Span", "trace_text", "index_for",
           "trace_paragraph"]

_cache: dict[str, tuple[Any, ShingleIndex]] = {}
_lock = threading.Lock()


def index_for(store: Store) -> ShingleIndex:
    """The shingle index of this store, built once and rebuilt when documents change.

    The key is the store's generation, a counter every write of a document bumps (added,
    replaced, deleted): a document replaced within the same second is seen, which a key made of
    the count and the latest ingest time (to the second) missed.
    """
    version = store.version()
    with _lock:
        hit = _cache.get(store.url)
        if hit and hit[0] == version:
            return hit[1]
        index = ShingleIndex.build(store)
        _cache[store.url] = (version, index)
        return index


def trace_paragraph(store: Store, symbol: str, pid: str, limit: int = 20) -> Provenance | None:
    """Sources of one stored paragraph: older documents only, its own document excluded, its own
    earlier versions (its draft) set apart, its own series (same agenda item, previous session)
    preferred."""
    doc = store.get_document(symbol)
    if doc is None:
        return None
    para = doc.paragraph(pid)
    if para is None:
        return None
    index = index_for(store)
    return trace_text(index, para.text, before=doc.date, exclude=doc.symbol, limit=limit,
                      title=series_title(doc.title), relate=Relations(store, doc, index.doc_info))
