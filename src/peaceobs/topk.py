"""A top-k index beside the store: tantivy ranks the paragraphs, the store makes the snippets.

FTS5 scores every paragraph that matches before it can return the best ten; at a million
paragraphs a common word costs tens to hundreds of milliseconds. tantivy (block-max WAND over
BM25) skips what cannot reach the top. The store stays the record: this index holds the
paragraph ids, their text as tokens and the filter columns, nothing a search returns but ids.

- Where: next to a SQLite store, ``<db>.topk/``; for PostgreSQL (or any store),
  ``$PEACEOBS_TOPK_DIR/<digest of the URL>/`` or ``~/.cache/peaceobs/topk/<digest>/``.
- When it is used: it exists, and its key is the store's (:meth:`Store.generation` and the
  largest paragraph id: :func:`store_key`); otherwise searches go to the store's own index (same matches, slower). ``PEACEOBS_TOPK=off``
  turns it off.
- When it is made: ``peaceobs index rebuild``, or by an ingest once the store holds
  :data:`MIN_PARAGRAPHS` paragraphs; once there, every ingest updates it (paragraphs gone are
  deleted, new ones added: the difference of the id sets).
- Same matching as the store: words tokenised, lower-cased, accents folded and stemmed (Snowball
  English; FTS5 uses the older Porter stemmer), AND of clauses, OR within one, phrases by
  position, a prefix matched against the stems (as FTS5 and PostgreSQL do: ``operations*`` is
  ``oper*``), negations, the same filters. Ranking is tantivy's BM25; a prefix scores by its 64
  most frequent expansions.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .query import Filters, ParsedQuery, Term
from .settings import Settings
from .store.core import url_digest

if TYPE_CHECKING:
    from .store.base import Store

__all__ = ["available", "index_dir", "TopK", "for_store", "ranked", "update", "rebuild", "after_ingest"]

FORMAT = 1
MIN_PARAGRAPHS = Settings.from_env().topk_min
PREFIX_SCORED = 64  # expansions of a prefix that score; all of them match
_CHUNK = 2000
_ROWS = ("SELECT p.id, p.text, p.kind, d.body, d.doc_type, d.year, d.symbol FROM paragraphs p "
         "JOIN documents d ON d.id = p.doc_id")


def enabled() -> bool:
    return Settings.from_env().topk


def available() -> bool:
    """Whether tantivy is installed (the index is optional: without it the store searches)."""
    try:
        import tantivy  # noqa: F401
    except ImportError:
        return False
    return True


def index_dir(store: Store) -> Path | None:
    """The folder of this store's index (None: an in-memory store without ``PEACEOBS_TOPK_DIR``)."""
    settings = Settings.from_env()
    base = settings.topk_dir
    path = getattr(store, "path", None)
    digest = url_digest(store.url)
    if base:
        return Path(base) / digest
    if store.dialect == "sqlite":
        if path in (None, "", ":memory:") or str(path).startswith("file::memory:"):
            return None
        return Path(str(path) + ".topk")
    return settings.user_cache / "peaceobs" / "topk" / digest


def _analyzer() -> Any:
    import tantivy

    # unicode61-like words (runs of letters and digits), lower-cased, accents folded, stemmed.
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.remove_long(255)).filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.ascii_fold()).filter(tantivy.Filter.stemmer("english")).build())


def _schema() -> Any:
    import tantivy

    b = tantivy.SchemaBuilder()
    b.add_unsigned_field("id", stored=False, indexed=True, fast=True)
    b.add_text_field("text", stored=False, tokenizer_name="peaceobs", index_option="position")
    for name in ("kind", "body", "doc_type", "symbol"):
        b.add_text_field(name, stored=False, tokenizer_name="raw", index_option="basic")
    b.add_integer_field("year", stored=False, indexed=True, fast=True)
    return b.build()


_META_CHARS = set("\\.+*?()|[]{}^$#&-~")


def _regex_escape(text: str) -> str:
    return "".join("\\" + c if c in _META_CHARS else c for c in text)


class TopK:
    """One opened index folder."""

    def __init__(self, folder: Path) -> None:
        import tantivy

        self.folder = folder
        self.schema = _schema()
        self.index = tantivy.Index(self.schema, path=str(folder), reuse=True)
        self.index.register_tokenizer("peaceobs", _analyzer())
        self.analyzer = _analyzer()
        meta = json.loads((folder / "peaceobs.json").read_text()) if (folder / "peaceobs.json").exists() else {}
        self.key: list[int] | None = meta.get("key") if meta.get("format") == FORMAT else None
        self.paragraphs: int = meta.get("paragraphs", 0)

    # -- queries ----------------------------------------------------------------------------------
    def _tokens(self, words: tuple[str, ...]) -> list[str]:
        return [tok for w in words for tok in self.analyzer.analyze(w)]

    def _term(self, term: Term, searcher: Any) -> Any | None:
        """One term's query, or None when it cannot match (no word survives tokenising)."""
        from tantivy import Occur, Query

        toks = self._tokens(term.words)
        if not toks:
            return None
        if term.prefix and len(toks) == 1:
            # Every stem with the prefix matches (an automaton over the term dictionary, constant
            # score); the most frequent expansions also score by BM25.
            stem = toks[0]
            match = Query.const_score_query(Query.regex_query(self.schema, "text", _regex_escape(stem) + ".*"), 0.0)
            scored = [Query.term_query(self.schema, "text", t, index_option="freq")
                      for t, _ in searcher.terms_with_prefix("text", stem, limit=PREFIX_SCORED)]
            return Query.boolean_query([(Occur.Should, match), *((Occur.Should, q) for q in scored)])
        if term.prefix:
            return Query.phrase_prefix_query(self.schema, "text", toks)
        if len(toks) == 1:
            return Query.term_query(self.schema, "text", toks[0], index_option="freq")
        return Query.phrase_query(self.schema, "text", toks)

    def query(self, parsed: ParsedQuery, filters: Filters, searcher: Any) -> Any:
        import tantivy
        from tantivy import Occur, Query

        must = []
        for clause in parsed.clauses:
            alts = [q for q in (self._term(t, searcher) for t in clause) if q is not None]
            if not alts:
                return Query.empty_query()
            must.append(alts[0] if len(alts) == 1 else Query.boolean_query([(Occur.Should, q) for q in alts]))
        parts = [(Occur.Must, q) for q in must]
        parts += [(Occur.MustNot, q) for q in (self._term(t, searcher) for t in parsed.negated) if q is not None]
        keep = []
        if filters.body:
            keep.append(Query.term_query(self.schema, "body", filters.body.upper()))
        if filters.doc_type:
            keep.append(Query.term_query(self.schema, "doc_type", filters.doc_type.lower()))
        if filters.kind:
            keep.append(Query.term_query(self.schema, "kind", filters.kind.lower()))
        if filters.year_from is not None or filters.year_to is not None:
            keep.append(Query.range_query(self.schema, "year", tantivy.FieldType.Integer,
                                          filters.year_from, filters.year_to))
        if filters.symbol_prefix:
            # As the store's LIKE: case-insensitive (symbols are indexed lower-cased).
            keep.append(Query.regex_query(self.schema, "symbol", _regex_escape(filters.symbol_prefix.lower()) + ".*"))
        parts += [(Occur.Must, Query.const_score_query(q, 0.0)) for q in keep]
        return Query.boolean_query(parts)

    def ranked(self, parsed: ParsedQuery, filters: Filters, limit: int, offset: int,
               with_total: bool) -> tuple[list[tuple[int, float]], int | None]:
        """(paragraph id, score) best first, and the number of matches if asked."""
        searcher = self.index.searcher()
        result = searcher.search(self.query(parsed, filters, searcher), limit, count=with_total, offset=offset)
        ids = searcher.fast_field_values("id", [addr for _, addr in result.hits]) if result.hits else []
        return ([(int(i), float(s)) for (s, _), i in zip(result.hits, ids, strict=True)],
                result.count if with_total else None)


# -- readers ------------------------------------------------------------------------------------------

_open: dict[str, tuple[int, TopK]] = {}
_lock = threading.Lock()


def for_store(store: Store) -> TopK | None:
    """This store's index if it is there and current (its generation is the store's), else None."""
    if not enabled():
        return None
    folder = index_dir(store)
    if folder is None:
        return None
    try:
        mtime = (folder / "peaceobs.json").stat().st_mtime_ns
    except OSError:
        return None
    key = str(folder)
    with _lock:
        hit = _open.get(key)
        if hit is None or hit[0] != mtime:
            try:
                hit = (mtime, TopK(folder))
            except (ImportError, ValueError, OSError, json.JSONDecodeError):
                return None
            _open[key] = hit
    topk = hit[1]
    if topk.key is None or topk.key != store_key(store):
        return None
    return topk


def ranked(store: Store, parsed: ParsedQuery, filters: Filters, limit: int, offset: int,
           with_total: bool) -> tuple[list[tuple[int, float]], int | None] | None:
    """The store's top-k from its index, or None: no current index, the store ranks itself."""
    topk = for_store(store)
    if topk is None:
        return None
    return topk.ranked(parsed, filters, limit, offset, with_total)


# -- writers ------------------------------------------------------------------------------------------

def _document(row: tuple[Any, ...]) -> Any:
    import tantivy

    pid, text, kind, body, doc_type, year, symbol = row
    doc = tantivy.Document()
    doc.add_unsigned("id", int(pid))
    doc.add_text("text", text)
    doc.add_text("kind", kind or "")
    doc.add_text("body", body or "")
    doc.add_text("doc_type", doc_type or "")
    doc.add_text("symbol", (symbol or "").lower())
    if year is not None:
        doc.add_integer("year", int(year))
    return doc


def store_key(store: Store) -> list[int]:
    """What an index must match to be current: the store's generation and its largest paragraph id
    (a store deleted and made again at the same place can reach the same generation)."""
    row = store._one("SELECT (SELECT n FROM generation), (SELECT max(id) FROM paragraphs)") or (0, 0)
    return [int(row[0] or 0), int(row[1] or 0)]


def _store_ids(store: Store) -> Any:
    import numpy as np

    return np.fromiter((r[0] for r in store._all("SELECT id FROM paragraphs ORDER BY id")), dtype=np.int64)


def _write_meta(folder: Path, key: list[int], paragraphs: int, seconds: float) -> None:
    tmp = folder / "peaceobs.json.tmp"
    tmp.write_text(json.dumps({"format": FORMAT, "key": key, "generation": key[0], "paragraphs": paragraphs,
                               "seconds": round(seconds, 3), "written": time.time()}))
    os.replace(tmp, folder / "peaceobs.json")


def _writer(index: Any) -> Any:
    return index.writer(heap_size=128_000_000, num_threads=1)


def _build(store: Store, folder: Path) -> tuple[list[int], int]:
    """A new index of every paragraph in ``folder``; returns (store key, paragraphs)."""
    import numpy as np
    import tantivy

    key = store_key(store)  # first: what is read next is at least this new
    folder.mkdir(parents=True)
    index = tantivy.Index(_schema(), path=str(folder))
    index.register_tokenizer("peaceobs", _analyzer())
    writer = _writer(index)
    ids: list[int] = []
    last = -1
    while True:  # keyset pages: bounded memory on either backend
        rows = store._all(_ROWS + " WHERE p.id > ? ORDER BY p.id LIMIT ?", (last, _CHUNK))
        if not rows:
            break
        for row in rows:
            writer.add_document(_document(row))
            ids.append(row[0])
        last = rows[-1][0]
    writer.commit()
    writer.wait_merging_threads()
    np.save(folder / "ids.npy", np.array(ids, dtype=np.int64))
    return key, len(ids)


def rebuild(store: Store) -> dict[str, Any]:
    """Build the index anew from the store (``peaceobs index rebuild``); readers switch when done."""
    folder = index_dir(store)
    if folder is None:
        raise ValueError("an in-memory store has no index folder (set PEACEOBS_TOPK_DIR)")
    t = time.perf_counter()
    new = folder.with_name(folder.name + ".new")
    shutil.rmtree(new, ignore_errors=True)
    key, n = _build(store, new)
    _write_meta(new, key, n, time.perf_counter() - t)
    old = folder.with_name(folder.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        folder.rename(old)
    new.rename(folder)
    shutil.rmtree(old, ignore_errors=True)
    return {"folder": str(folder), "generation": key[0], "paragraphs": n,
            "seconds": round(time.perf_counter() - t, 3), "rebuilt": True}


def update(store: Store) -> dict[str, Any] | None:
    """Bring an existing index up to the store's generation: delete the paragraphs gone, add the
    new ones. None when there is no index to update."""
    import numpy as np
    import tantivy

    folder = index_dir(store)
    if folder is None or not (folder / "peaceobs.json").exists():
        return None
    t = time.perf_counter()
    meta = json.loads((folder / "peaceobs.json").read_text())
    key = store_key(store)
    if meta.get("format") != FORMAT or not (folder / "ids.npy").exists():
        return rebuild(store)
    if meta.get("key") == key:
        return {"folder": str(folder), "generation": key[0], "paragraphs": meta.get("paragraphs"),
                "seconds": 0.0, "added": 0, "deleted": 0}
    indexed = np.load(folder / "ids.npy")
    current = _store_ids(store)
    gone = np.setdiff1d(indexed, current, assume_unique=True)
    new = np.setdiff1d(current, indexed, assume_unique=True)
    index = tantivy.Index(_schema(), path=str(folder), reuse=True)
    index.register_tokenizer("peaceobs", _analyzer())
    writer = _writer(index)
    for pid in gone.tolist():
        writer.delete_documents_by_term("id", pid)
    added = 0
    for start in range(0, len(new), 500):
        chunk = new[start:start + 500].tolist()
        marks = ", ".join("?" for _ in chunk)
        for row in store._all(_ROWS + f" WHERE p.id IN ({marks})", chunk):
            writer.add_document(_document(row))
            added += 1
    writer.commit()
    writer.wait_merging_threads()
    np.save(folder / "ids.npy.tmp.npy", current)
    os.replace(folder / "ids.npy.tmp.npy", folder / "ids.npy")
    _write_meta(folder, key, len(current), time.perf_counter() - t)
    return {"folder": str(folder), "generation": key[0], "paragraphs": int(len(current)),
            "seconds": round(time.perf_counter() - t, 3), "added": added, "deleted": int(len(gone))}


def after_ingest(store: Store) -> dict[str, Any] | None:
    """At the end of an ingest: update the index, or make it once the store is large enough.
    Never fails the ingest (the store is the record; a stale index is simply not used)."""
    import logging

    if not enabled() or not available():
        return None
    folder = index_dir(store)
    if folder is None:
        return None
    try:
        if (folder / "peaceobs.json").exists():
            return update(store)
        n = int((store._one("SELECT count(*) FROM paragraphs") or (0,))[0])
        return rebuild(store) if n >= MIN_PARAGRAPHS else None
    except Exception as exc:  # a second writer holding the lock, a full disk: searches fall back
        logging.getLogger(__name__).warning("top-k index not updated: %s", exc)
        return None
