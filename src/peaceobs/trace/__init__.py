"""Trace language to its sources: a shingle index over the store, provenance queries."""

from __future__ import annotations

import threading
from typing import Any

from ..model import series_title
from ..settings import Settings
from ..store import Store
from .index import ShingleIndex
from .persist import load_or_update, refresh, store_key
from .provenance import Provenance, Sibling, Source, Span, trace_text
from .relations import Relations

__all__ = ["ShingleIndex", "Provenance", "Sibling", "Source", "Span", "trace_text", "index_for",
           "trace_paragraph", "refresh_index"]

_cache: dict[str, tuple[Any, ShingleIndex]] = {}
_lock = threading.Lock()


def index_for(store: Store) -> ShingleIndex:
    """The shingle index of this store: opened memory-mapped from disk (``trace/persist.py``),
    brought up to date there when documents changed, and kept for this process.

    The key is the store's generation, a counter every write of a document bumps (added,
    replaced, deleted): a document replaced within the same second is seen, which a key made of
    the count and the latest ingest time (to the second) missed.
    """
    key = store_key(store)
    with _lock:
        hit = _cache.get(store.url)
        if hit and hit[0] == key:
            return hit[1]
        index = load_or_update(store, key)
        _cache[store.url] = (key, index)
        return index


def refresh_index(store: Store) -> None:
    """Bring the saved index up to date after an ingest, so that the next ``trace`` opens it at
    once (a failure here only means the next ``trace`` does the work). ``PEACEOBS_TRACE_ON_INGEST=0``
    leaves it to the next ``trace``."""
    if not Settings.from_env().trace_on_ingest:
        return
    try:
        index = refresh(store)
    except Exception as exc:  # noqa: BLE001 — the ingest itself has succeeded
        import logging

        logging.getLogger(__name__).warning("trace index not updated: %s", exc)
        return
    if index is not None:
        with _lock:
            _cache[store.url] = (index.key, index)


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
