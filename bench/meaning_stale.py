"""The first search with meaning after a store changed: the time of that request, and of the
index's rebuild.

    python -m bench.meaning_stale SQLITE_FILE

Works on a copy of the SQLite store (``SQLITE_FILE`` is not written): builds the copy's meaning
index, adds one document, then times ``document_search(…, "killer robots", semantic=True)``, the
wait for the rebuild, and the search after it. Run it for the code before a change
(``PYTHONPATH=<worktree>/src``) and after, back to back, and compare the ratio.
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from bench.common import machine


def main(source: str) -> None:
    from peaceobs import semantic
    from peaceobs.model import OPERATIVE, Document, Paragraph
    from peaceobs.registry_search import document_search
    from peaceobs.store import open_store

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "stale.db"
        with sqlite3.connect(source) as src, sqlite3.connect(copy) as dst:
            src.backup(dst)
        store = open_store(f"sqlite:///{copy}")
        try:
            semantic.document_vectors(store, wait=True)
            document_search(store, "peacekeeping budget", semantic=True)  # model and index loaded
            store.put_document(Document("A/RES/9006", title="9006. Killer robots", body="GA", doc_type="resolution",
                                        year=2030, paragraphs=[Paragraph("OP1", 0, OPERATIVE,
                                                                         "1. Notes killer robots.")]))
            t = time.perf_counter()
            first = document_search(store, "killer robots", semantic=True)
            request = time.perf_counter() - t
            t = time.perf_counter()
            semantic.document_vectors(store, wait=True)
            rebuild = time.perf_counter() - t
            after = document_search(store, "killer robots", semantic=True)
        finally:
            store.close()
        shutil.rmtree(tmp, ignore_errors=True)
    print(f"{machine()}: first search after the change {request:.3f} s (first: {first.documents[0].symbol}); "
          f"then waited {rebuild:.3f} s for the index; after it, first: {after.documents[0].symbol}")


if __name__ == "__main__":
    main(sys.argv[1])
