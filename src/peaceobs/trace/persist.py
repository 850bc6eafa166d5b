"""The shingle index on disk: ``.npy`` arrays opened memory-mapped, kept in step with the store.

Where: next to a SQLite store, ``<db>.trace/`` (``data/peaceobs.db.trace/``); for PostgreSQL,
``$XDG_CACHE_HOME/peaceobs/trace/<digest of the URL>/`` (``~/.cache/…``); ``PEACEOBS_TRACE_DIR``
puts every store's index under that folder instead (one sub-folder per store URL). An in-memory
SQLite store gets an in-memory index.

Layout: the folder holds ``CURRENT`` (the name of the live version) and version folders
``g<generation>-<token>/`` with one ``.npy`` per array (strings as ``NAME.blob.npy`` +
``NAME.off.npy``) and ``meta.json``. A version is written under a temporary name and made live by
replacing ``CURRENT`` atomically, so a reader never sees half an index; older versions are
removed (a process that still has one mapped keeps reading it).

Freshness: an index records the store's *key* when it was made — the generation counter (bumped
by every add, replace, delete) with the number of documents and the highest document and
paragraph ids and the newest document's content hash, so that a store deleted and re-created at
the same place is not taken for the old one — and the ids of the documents it covers. When the key differs, the index is brought up to
date: documents gone from the store (deleted or replaced: a replacement has a new id) are taken
out, new ones tokenised and merged in, which gives the arrays a build from scratch would. When
new paragraphs do not all come after the indexed ones in store order, it is rebuilt.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from pathlib import Path
from typing import Any

import numpy as np
import xxhash

from ..settings import Settings
from ..store import Store
from ..store.core import url_digest
from .index import ARRAYS, STRCOLS, ShingleIndex, StrCol, make_segment

FORMAT = 2
_ROWS = ("SELECT d.symbol, p.pid, coalesce(d.date, ''), d.doc_type, p.text, d.id, d.title, p.id "
         "FROM paragraphs p JOIN documents d ON d.id = p.doc_id "
         "WHERE p.kind IN ('preambular', 'operative', 'body')")
_CHUNK = 500


def index_dir(store: Store) -> Path | None:
    """The folder of this store's index (None: keep it in memory)."""
    url = store.url
    settings = Settings.from_env()
    base = settings.trace_dir
    path = getattr(store, "path", None)
    if store.dialect == "sqlite" and (path in (None, "", ":memory:") or str(path).startswith("file::memory:")):
        return None
    digest = url_digest(url)
    if base:
        return Path(base) / digest
    if store.dialect == "sqlite" and path:
        return Path(str(path) + ".trace")
    return settings.user_cache / "peaceobs" / "trace" / digest


def store_key(store: Store) -> tuple[Any, ...]:
    """What the index must match: the generation, the document count, the highest document and
    paragraph ids, the newest document's content hash and, in PostgreSQL, the documents table's
    oid (a schema dropped and re-created gets a new one)."""
    docs = store._one("SELECT count(*), coalesce(max(id), 0) FROM documents") or (0, 0)
    para = store._one("SELECT coalesce(max(id), 0) FROM paragraphs") or (0,)
    last = store._one("SELECT content_hash FROM documents WHERE id = ?", (docs[1],)) or ("",)
    key: tuple[Any, ...] = (store.generation(), int(docs[0]), int(docs[1]), int(para[0]), str(last[0]))
    if store.dialect == "postgres":
        key += (int((store._one("SELECT 'documents'::regclass::oid") or (0,))[0]),)
    return key


def _store_from(store: Store) -> int | None:
    row = store._one("SELECT min(year) FROM documents WHERE year IS NOT NULL")
    return int(row[0]) if row and row[0] is not None else None


def _rows_of(store: Store, doc_ids: np.ndarray) -> list[tuple[Any, ...]]:
    """Index rows of these documents, in store order."""
    rows: list[tuple[Any, ...]] = []
    ids = doc_ids.tolist()
    for i in range(0, len(ids), _CHUNK):
        part = ids[i:i + _CHUNK]
        rows += store._all(f"{_ROWS} AND d.id IN ({', '.join('?' for _ in part)})", part)
    rows.sort(key=lambda r: r[7])
    return rows


def _documents(store: Store) -> tuple[np.ndarray, np.ndarray]:
    """The store's document ids (sorted) and a 64-bit hash of each one's content hash: an id seen
    again with other content (a store re-created in the same place) is another document."""
    rows = sorted(store._all("SELECT id, content_hash FROM documents"))
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    return ids, np.array([xxhash.xxh3_64_intdigest(str(r[1]).encode()) for r in rows], dtype=np.uint64)


def build(store: Store, key: tuple[Any, ...] | None = None) -> ShingleIndex:
    """A fresh in-memory index of the whole store, tagged with its key."""
    key = key or store_key(store)
    ids, content = _documents(store)
    rows = store.index_rows()
    wanted = set(ids.tolist())  # documents written after the ids were read wait for the next update
    index = ShingleIndex.from_segment(make_segment([r for r in rows if r[5] in wanted]), seen=ids,
                                      store_from=_store_from(store))
    index.seen_content = content
    index.key = key
    return index


def update(index: ShingleIndex, store: Store, key: tuple[Any, ...] | None = None) -> ShingleIndex:
    """``index`` brought up to the store's state: removed documents out, new ones in (a rebuild
    when new paragraphs do not come after the indexed ones)."""
    key = key or store_key(store)
    ids, content = _documents(store)
    seen, seen_content = np.asarray(index.seen), np.asarray(index.seen_content)
    if len(seen_content) != len(seen):
        return build(store, key)
    at = np.clip(np.searchsorted(ids, seen), 0, max(0, len(ids) - 1))
    still = (ids[at] == seen) & (content[at] == seen_content) if len(ids) else np.zeros(len(seen), bool)
    removed = seen[~still]
    added_ids = np.setdiff1d(ids, seen[still])
    rows = _rows_of(store, added_ids) if len(added_ids) else []
    dead_doc = np.isin(np.asarray(index.d_id), removed)
    kept_rows = np.asarray(index.p_row)[~dead_doc[np.asarray(index.p_doc)]]
    if rows and len(kept_rows) and rows[0][7] <= int(kept_rows.max()):
        return build(store, key)
    n_para, n_docs = len(kept_rows), int((~dead_doc).sum())
    seg = make_segment(rows, para0=n_para, doc0=n_docs) if rows else None
    new = index.with_changes(removed, seg, ids, _store_from(store))
    new.seen_content = content
    new.key = key
    return new


def save(index: ShingleIndex, root: Path) -> Path:
    """Write ``index`` as a new version under ``root`` and make it the live one."""
    root.mkdir(parents=True, exist_ok=True)
    gen = index.key[0] if index.key else 0
    token = uuid.uuid4().hex[:12]
    tmp = root / f"tmp-{token}"
    tmp.mkdir()
    for name, value in index.arrays().items():
        if isinstance(value, StrCol):
            np.save(tmp / f"{name}.blob.npy", np.asarray(value.blob))
            np.save(tmp / f"{name}.off.npy", np.asarray(value.off))
        else:
            np.save(tmp / f"{name}.npy", np.asarray(value))
    meta = {"format": FORMAT, "key": list(index.key or ()), "boilerplate_df": index.boilerplate_df,
            "fixed_df": index.fixed_df, "store_from": index.store_from}
    (tmp / "meta.json").write_text(json.dumps(meta))
    final = root / f"g{gen}-{token}"
    tmp.rename(final)
    pointer = root / f"CURRENT.{token}"
    pointer.write_text(final.name)
    os.replace(pointer, root / "CURRENT")
    _clean(root, keep=final.name)
    return final


def _clean(root: Path, keep: str) -> None:
    now = time.time()
    for p in root.iterdir():
        if p.name == keep or p.name == "CURRENT":
            continue
        # Other processes' unfinished versions are left alone for an hour.
        if p.name.startswith(("tmp-", "CURRENT.")) and now - p.stat().st_mtime < 3600:
            continue
        if p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)


def open_index(root: Path) -> ShingleIndex | None:
    """The live version under ``root``, memory-mapped; None if there is none (or of another
    format)."""
    try:
        folder = root / (root / "CURRENT").read_text().strip()
        meta = json.loads((folder / "meta.json").read_text())
        if meta.get("format") != FORMAT:
            return None
        arrays: dict[str, Any] = {name: np.load(folder / f"{name}.npy", mmap_mode="r") for name in ARRAYS}
        for name in STRCOLS:
            arrays[name] = StrCol(np.load(folder / f"{name}.blob.npy", mmap_mode="r"),
                                  np.load(folder / f"{name}.off.npy", mmap_mode="r"))
    except (OSError, ValueError, KeyError):
        return None
    index = ShingleIndex(arrays, int(meta["boilerplate_df"]), meta["store_from"], bool(meta["fixed_df"]))
    index.key = tuple(meta["key"])
    return index


def load_or_update(store: Store, key: tuple[Any, ...] | None = None) -> ShingleIndex:
    """The store's index for its current state: the saved one if it is current, else the saved
    one updated (or a build) — saved, then opened memory-mapped."""
    key = key or store_key(store)
    root = index_dir(store)
    if root is None:
        index = build(store, key)
        return index
    current = open_index(root)
    if current is not None and current.key == key:
        return current
    index = update(current, store, key) if current is not None else build(store, key)
    save(index, root)
    return open_index(root) or index


def refresh(store: Store) -> ShingleIndex | None:
    """After an ingest: bring the saved index up to date (nothing for an in-memory store)."""
    if index_dir(store) is None:
        return None
    return load_or_update(store)
