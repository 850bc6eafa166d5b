"""Storage: one interface (:class:`Store`), two backends chosen by URL.

``sqlite:///path/to.db`` or a bare path → :class:`SQLiteStore` (the default, ``data/peaceobs.db``);
``postgresql://user:pass@host/db`` → :class:`PostgresStore`.
"""

from __future__ import annotations

from ..settings import DEFAULT_DB, Settings
from .base import FORMAT_RANK, CitationRow, Store

__all__ = ["Store", "CitationRow", "FORMAT_RANK", "open_store", "DEFAULT_URL"]

DEFAULT_URL = DEFAULT_DB


def open_store(url: str | None = None, migrate: bool = True) -> Store:
    """Open (and by default migrate) the store at ``url`` (default: ``$PEACEOBS_DB`` or data/peaceobs.db)."""
    url = url or Settings.from_env().db
    store: Store
    if url.startswith(("postgresql://", "postgres://")):
        from .postgres import PostgresStore

        store = PostgresStore(url)
    else:
        from .sqlite import SQLiteStore

        path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else url
        store = SQLiteStore(url, path)
    if migrate:
        store.migrate()
    return store
