"""Search by meaning: every document's digest embedded once, the query embedded per search.

People ask in their own words ("who pays for peacekeeping", "killer robots"); the answer says it
in the Organization's ("scale of assessments for the apportionment of the expenses", "lethal
autonomous weapons systems"). Word matching cannot join the two; a sentence embedding can.

* **What is embedded**: a document's *digest*, its title and its text from the start
  (headings, preamble, operative and body paragraphs, no masthead, notes or tables) up to
  :data:`DIGEST_CHARS` characters: what a resolution is about is said in its title or its first
  paragraphs, and MiniLM reads 256 tokens at most anyway.
* **Model**: the tracker's MiniLM-L6 int8 ONNX, shipped inside PyPI packages
  (:mod:`peaceobs.track.embed`); nothing is downloaded. Without those packages search is lexical
  and says so (:attr:`Meaning.status`).
* **Caches**: vectors by the digest's content hash in ``<user cache>/peaceobs/semantic/`` (a
  digest that did not change is never embedded again, whichever store holds it); the index of a
  store's documents, for its generation, next to a SQLite file (``<db>.semantic.npz``) or in the
  same folder for other stores, so that a new process loads it in milliseconds.
* **Cost**: embedding the corpus's 2,064 digests takes minutes on two cores; a search never
  waits for that. Past :data:`SYNC_LIMIT` missing digests the index is built in a thread and the
  searches meanwhile are lexical, saying "building"; ``python -m peaceobs.semantic build [URL]``
  builds it at once. Per query: one embedding of the query (cached per text) and a product with
  the document matrix.
* **Words near in meaning** (:func:`related_words`): the index also holds the store's common
  words (:meth:`peaceobs.vocabulary.Vocabulary.common`, at most 50,000), each embedded alone, so
  that a search can add the words the store uses for a query's word ("reporters" → "journalists",
  "planes" → "aircraft"), and its names, which get none: the query's words embedded in one batch
  and a product with the word matrix.
"""

from __future__ import annotations

import bisect
import hashlib
import logging
import os
import re
import sys
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from .settings import Settings
from .store.core import redacted_url, url_digest
from .vocabulary import STOP_WORDS, store_address, store_vocabulary

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from .model import Document
    from .query import Filters
    from .store.base import Store

__all__ = ["DIGEST_CHARS", "Meaning", "DocumentVectors", "digest", "document_vectors", "meaning", "query_text",
           "related_words"]

FORMAT = 3
MODEL = "minilm"
DIGEST_CHARS = 1200
DIGEST_KINDS = frozenset({"heading", "preambular", "operative", "body"})
# Digests a search may embed itself before answering (a few new documents after an ingest cost
# well under a second); more than that is a background job.
SYNC_LIMIT = 16


def digest(doc: Document) -> str:
    """The text that stands for a document: its title, then its paragraphs from the start (no
    masthead lines, notes or tables), cut at :data:`DIGEST_CHARS` characters."""
    parts = [doc.title.strip()]
    size = len(parts[0])
    for p in doc.paragraphs:
        if p.kind not in DIGEST_KINDS or not p.text.strip():
            continue
        parts.append(" ".join(p.text.split()))
        size += len(parts[-1]) + 1
        if size >= DIGEST_CHARS:
            break
    return "\n".join(parts)[:DIGEST_CHARS]


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


@dataclass(slots=True)
class DocumentVectors:
    """A store's documents as unit vectors, one row per document, with what filters read."""

    symbols: list[str]
    bodies: list[str]
    doc_types: list[str]
    years: np.ndarray  # 0 when undated
    vectors: np.ndarray  # float32, n × d, L2-normalised
    hashes: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)  # the store's common words (related_words)…
    word_vectors: np.ndarray = field(default_factory=lambda: np.zeros((0, 384), np.float32))  # …embedded alone
    names: list[str] = field(default_factory=list)  # sorted: words it prints as names, not to expand

    def is_name(self, word: str) -> bool:
        i = bisect.bisect_left(self.names, word)
        return i < len(self.names) and self.names[i] == word

    def similarities(self, vector: np.ndarray) -> np.ndarray:
        return self.vectors @ vector if len(self.symbols) else np.zeros(0, dtype=np.float32)

    def allowed(self, filters: Filters) -> np.ndarray:
        """Which rows the filters admit (a paragraph-kind filter is the caller's to judge)."""
        ok = np.ones(len(self.symbols), dtype=bool)
        if filters.body:
            ok &= np.array([b == filters.body for b in self.bodies], dtype=bool)
        if filters.doc_type:
            ok &= np.array([t == filters.doc_type for t in self.doc_types], dtype=bool)
        if filters.year_from is not None:
            ok &= self.years >= filters.year_from
        if filters.year_to is not None:
            ok &= (self.years <= filters.year_to) & (self.years > 0)
        if filters.symbol_prefix:
            ok &= np.array([s.startswith(filters.symbol_prefix) for s in self.symbols], dtype=bool)
        return ok


@dataclass(slots=True)
class Meaning:
    """What meaning adds to one search: each document's cosine with the query, or why nothing."""

    status: str  # "on", "off: <why>", "building: <progress>"
    similarity: dict[str, float] = field(default_factory=dict)  # symbol → cosine
    ranked: list[tuple[str, float]] = field(default_factory=list)  # admitted documents, nearest first
    spread: tuple[float, float] = (0.0, 1.0)  # median and scale of the admitted cosines

    @property
    def on(self) -> bool:
        return self.status == "on"


# -- caches -------------------------------------------------------------------------------------

_LOCK = threading.Lock()
_INDEXES: dict[str, tuple[list[int], DocumentVectors]] = {}  # store → (its key, its index)
_BUILDING: dict[str, threading.Thread] = {}
_STALE = [-1]  # the key an index read for other contents is kept under: no store's key
_PROGRESS: dict[str, tuple[int, int]] = {}
_QUERIES: OrderedDict[str, np.ndarray] = OrderedDict()


class IndexBuilding(Exception):
    """The store's index is being built in the background; search is lexical meanwhile."""


def _cache_dir() -> Path:
    return Settings.from_env().user_cache / "peaceobs" / "semantic"


def _index_file(store: Store) -> Path | None:
    url = getattr(store, "url", "")
    path = getattr(store, "path", None)
    if getattr(store, "dialect", "") == "sqlite":
        if path in (None, "", ":memory:") or str(path).startswith("file::memory:"):
            return None
        return Path(str(path) + ".semantic.npz")
    return _cache_dir() / f"index-{url_digest(url)}.npz"


def _store_key(store: Store) -> list[int]:
    from .topk import store_key

    return store_key(store)


def _load_index(path: Path | None, key: list[int] | None, model: str) -> DocumentVectors | None:
    """The index saved for the store's contents ``key`` (None: for whatever contents it was built)."""
    if path is None or not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as z:
            if int(z["format"]) != FORMAT or str(z["model"]) != model or key is not None and z["key"].tolist() != key:
                return None
            return DocumentVectors(z["symbols"].tolist(), z["bodies"].tolist(), z["doc_types"].tolist(),
                                   z["years"].astype(np.int32), z["vectors"].astype(np.float32),
                                   z["hashes"].tolist(), z["words"].tolist(), z["word_vectors"].astype(np.float32),
                                   z["names"].tolist())
    except (OSError, ValueError, KeyError):
        return None  # a damaged or older file is rebuilt, never trusted


def _save(path: Path, **arrays: Any) -> None:
    """Written beside and renamed into place: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp.npz")
    try:
        np.savez(tmp, **arrays)
        os.replace(tmp, path)
    except OSError:
        tmp.unlink(missing_ok=True)  # a read-only cache only costs the next process a rebuild


def _content_file(model: str) -> Path:
    return _cache_dir() / f"vectors-{model}.npz"


def _load_content(model: str) -> dict[str, np.ndarray]:
    path = _content_file(model)
    if not path.exists():
        return {}
    try:
        with np.load(path, allow_pickle=False) as z:
            return dict(zip(z["hashes"].tolist(), z["vectors"].astype(np.float32), strict=True))
    except (OSError, ValueError, KeyError):
        return {}


def _save_content(model: str, fresh: dict[str, np.ndarray]) -> None:
    if not fresh:
        return
    known = _load_content(model)  # another process may have added some meanwhile
    known.update(fresh)
    hashes = list(known)
    _save(_content_file(model), hashes=np.array(hashes), vectors=np.stack([known[h] for h in hashes]))


def _embedder(model: str) -> Any:
    from .track.embed import embedder

    return embedder(model)


# -- the index ----------------------------------------------------------------------------------

class _Texts(NamedTuple):
    """What an index is built from, read from the store before any embedding."""

    symbols: list[str]
    bodies: list[str]
    doc_types: list[str]
    years: list[int]
    digests: list[str]
    words: list[str]
    names: list[str]

    def hashes(self) -> list[str]:
        return [_hash(t) for t in self.digests]

    def missing(self, vectors: dict[str, np.ndarray]) -> dict[str, str]:
        """Digests and words whose vectors the content cache lacks (a vector is the text's,
        whichever kind of text it is), by content hash."""
        out = {}
        for text in (*self.digests, *self.words):
            h = _hash(text)
            if h not in vectors:
                out[h] = text
        return out


def _read_texts(store: Store) -> _Texts:
    symbols, bodies, types, years, texts = [], [], [], [], []
    for meta in store.list_documents(limit=10_000_000):
        doc = store.get_document(meta.symbol)
        if doc is None:
            continue
        symbols.append(doc.symbol)
        bodies.append(doc.body or "")
        types.append(doc.doc_type or "")
        years.append(int(doc.date[:4]) if doc.date and doc.date[:4].isdigit() else int(doc.year or 0))
        texts.append(digest(doc))
    vocabulary = store_vocabulary(store)
    return _Texts(symbols, bodies, types, years, texts, vocabulary.common(), vocabulary.names())


def _embed_missing(model: str, texts: dict[str, str], progress_key: str | None = None) -> dict[str, np.ndarray]:
    """Vectors for the digests not cached yet, shortest first (a batch pads to its longest),
    saved to the content cache as they double so that an interrupted build resumes."""
    emb = _embedder(model)
    order = sorted(texts, key=lambda h: len(texts[h]))
    out: dict[str, np.ndarray] = {}
    pending: dict[str, np.ndarray] = {}
    for k in range(0, len(order), 32):
        chunk = order[k:k + 32]
        for h, v in zip(chunk, emb.embed([texts[h] for h in chunk]), strict=True):
            out[h] = pending[h] = v.astype(np.float32)
        if progress_key is not None:
            _PROGRESS[progress_key] = (len(out), len(order))
        # Each save rewrites the whole cache file: saved as often as vectors double (an interrupted
        # build loses at most half of what it embedded), not every few hundred.
        if len(pending) >= max(256, len(out) // 2):
            _save_content(model, pending)
            pending = {}
    _save_content(model, pending)
    return out


def _assemble(texts: _Texts, vectors: dict[str, np.ndarray]) -> DocumentVectors:
    hashes = texts.hashes()
    dim = next(iter(vectors.values())).shape[0] if vectors else 384

    def matrix(keys: list[str]) -> np.ndarray:
        return np.stack([vectors[h] for h in keys]).astype(np.float32) if keys else np.zeros((0, dim), np.float32)

    return DocumentVectors(texts.symbols, texts.bodies, texts.doc_types, np.array(texts.years, dtype=np.int32),
                           matrix(hashes), hashes, texts.words, matrix([_hash(w) for w in texts.words]), texts.names)


def document_vectors(store: Store, wait: bool = False, model: str = MODEL) -> DocumentVectors:
    """The store's document index for its current contents.

    Raises :class:`peaceobs.track.embed.EmbeddingUnavailable` without the model's packages, and
    :class:`IndexBuilding` when more than :data:`SYNC_LIMIT` digests need embedding and ``wait``
    is false (the build then runs in a thread). Unless ``wait``, a store that changed since its
    index was built gets that index while a thread builds the new one over its own connection
    (reading every document and the store's words takes seconds per 100,000 paragraphs): the
    documents added meanwhile join when it is done."""
    sid = store_address(store)
    key = _store_key(store)
    with _LOCK:
        held = _INDEXES.get(sid)
    if held is not None and held[0] == key:
        return held[1]
    _embedder(model)  # EmbeddingUnavailable here, before any work
    path = _index_file(store)
    index = _load_index(path, key, model)
    if index is None:
        with _LOCK:
            thread = _BUILDING.get(sid)
        stale = None if wait or sid != getattr(store, "url", None) else (
            held[1] if held is not None else _load_index(path, None, model))
        if stale is not None and held is None:
            _publish(sid, _STALE, stale)  # read from its file once, not per search until the build is done
        if thread is not None and thread.is_alive():
            if not wait:
                if stale is not None:
                    return stale
                raise IndexBuilding(_progress(sid))
            thread.join()
            return document_vectors(store, wait, model)
        if stale is not None:
            _start_build(sid, path, model, lambda: _prepare_apart(sid, model))
            return stale
        texts = _read_texts(store)
        vectors = _load_content(model)
        missing = texts.missing(vectors)
        if len(missing) > SYNC_LIMIT and not wait:
            _start_build(sid, path, model, lambda: _Build(key, texts, missing, vectors), len(missing))
            raise IndexBuilding(_progress(sid))
        vectors.update(_embed_missing(model, missing))
        index = _assemble(texts, vectors)
        _save_index(path, key, model, index)
    _publish(sid, key, index)
    return index


class _Build(NamedTuple):
    """What a build thread embeds: for the store's contents ``key``, its texts, those of them the
    content cache lacks, and the cache."""

    key: list[int]
    texts: _Texts
    missing: dict[str, str]
    vectors: dict[str, np.ndarray]


def _prepare_apart(url: str, model: str) -> _Build:
    """A build's texts read over a connection of the thread's own (a store's connection serves
    the thread that opened it)."""
    from .store import open_store

    store = open_store(url, migrate=False)
    try:
        key, texts = _store_key(store), _read_texts(store)
    finally:
        store.close()
    vectors = _load_content(model)
    return _Build(key, texts, texts.missing(vectors), vectors)


def _publish(sid: str, key: list[int], index: DocumentVectors) -> None:
    with _LOCK:
        _INDEXES[sid] = (key, index)
        while len(_INDEXES) > 8:  # a process serving many stores keeps the latest few
            _INDEXES.pop(next(iter(_INDEXES)))


def _save_index(path: Path | None, key: list[int], model: str, index: DocumentVectors) -> None:
    if path is None:
        return
    _save(path, format=np.array(FORMAT), model=np.array(model), key=np.array(key, dtype=np.int64),
          symbols=np.array(index.symbols), bodies=np.array(index.bodies), doc_types=np.array(index.doc_types),
          years=index.years, vectors=index.vectors, hashes=np.array(index.hashes), words=np.array(index.words, dtype=str),
          word_vectors=index.word_vectors, names=np.array(index.names, dtype=str))


def _start_build(sid: str, path: Path | None, model: str, prepare: Callable[[], _Build], total: int = 0) -> None:
    """Embed in a thread what ``prepare`` gives (texts read by the caller, or read by ``prepare``
    over its own connection), then publish."""
    def run() -> None:
        try:
            build = prepare()
            build.vectors.update(_embed_missing(model, build.missing, sid))
            index = _assemble(build.texts, build.vectors)
            _save_index(path, build.key, model, index)
            _publish(sid, build.key, index)
        except Exception as exc:  # noqa: BLE001 - said; the next search tries again
            log.warning("building the meaning index of %s failed: %s", redacted_url(sid), exc)
        finally:
            with _LOCK:
                _BUILDING.pop(sid, None)

    with _LOCK:
        if sid in _BUILDING:
            return
        _PROGRESS[sid] = (0, total)
        thread = threading.Thread(target=run, name="peaceobs-semantic-index", daemon=True)
        _BUILDING[sid] = thread
    thread.start()


def builds_under_way() -> bool:
    with _LOCK:
        return any(thread.is_alive() for thread in _BUILDING.values())


def finish_builds(timeout: float | None = None) -> None:
    """Wait for the index builds under way (at most ``timeout`` seconds each): what a one-shot
    process (the CLI) does before it exits, so that its thread's work is saved for the next."""
    with _LOCK:
        threads = list(_BUILDING.values())
    for thread in threads:
        thread.join(timeout)


def _progress(sid: str) -> str:
    done, total = _PROGRESS.get(sid, (0, 0))
    return f"the meaning index is being built ({done} of {total} digests and words embedded)"


# -- per query ----------------------------------------------------------------------------------

_OPERATOR = re.compile(r'-"[^"]*"|(?<!\S)-\S+|\bNOT\s+("[^"]*"|\S+)|\b(?:OR|AND)\b|["*]')


def query_text(q: str) -> str:
    """The query as a sentence to embed: its words, without operators, quotes, prefixes' stars or
    the words it excludes."""
    return " ".join(_OPERATOR.sub(" ", q).split())


def _query_vector(model: str, text: str) -> np.ndarray:
    return _query_vectors(model, [text])[0]


def _query_vectors(model: str, texts: list[str]) -> np.ndarray:
    """The texts' vectors, those not cached embedded in one batch (a query's words together)."""
    found: dict[str, np.ndarray] = {}
    with _LOCK:
        for text in texts:
            hit = _QUERIES.get(text)
            if hit is not None:
                _QUERIES.move_to_end(text)
                found[text] = hit
    fresh = [t for t in dict.fromkeys(texts) if t not in found]
    if fresh:
        vectors = _embedder(model).embed(fresh)
        with _LOCK:
            for text, vector in zip(fresh, vectors, strict=True):
                found[text] = _QUERIES[text] = vector
            while len(_QUERIES) > 512:
                _QUERIES.popitem(last=False)
    return np.stack([found[t] for t in texts])


def meaning(store: Store, q: str, filters: Filters, wait: bool = False, model: str = MODEL) -> Meaning:
    """The query's cosine with every document the filters admit, or, where that cannot be had
    now, the reason (search is then lexical alone)."""
    from .track.embed import EmbeddingUnavailable

    if not Settings.from_env().semantic:
        return Meaning("off: PEACEOBS_SEMANTIC=off")
    text = query_text(q)
    if not text:
        return Meaning("off: no words to embed")
    try:
        index = document_vectors(store, wait=wait, model=model)
        vector = _query_vector(model, text)
    except EmbeddingUnavailable as exc:
        return Meaning(f"off: {exc}")
    except IndexBuilding as exc:
        return Meaning(f"building: {exc}")
    sims = index.similarities(vector)
    ok = index.allowed(filters)
    if not ok.any():
        return Meaning("on")
    admitted = sims[ok]
    median = float(np.median(admitted))
    # The spread of the cosines above the median: what "clearly nearer than most" means for this
    # query (one query's cosines sit higher than another's throughout).
    scale = float(np.percentile(admitted, 99.5) - median) or 1.0
    order = np.argsort(-np.where(ok, sims, -np.inf))[: min(50, int(ok.sum()))]
    ranked = [(index.symbols[i], float(sims[i])) for i in order]
    return Meaning("on", {s: float(v) for s, v in zip(index.symbols, sims, strict=True)}, ranked, (median, scale))


# Words near in meaning (docs/SEARCH.md, measured on the judged and held-out sets): the
# RELATED_MAX store words nearest the query's word whose cosine with it is at least RELATED_MIN,
# at most RELATED_TOTAL for one query (each is one more OR term for the engine).
# (Keeping only words more paragraphs hold than hold the query's word — the store's usual word
# for it — was measured too: three fewer queries answered first on SQLite, none more on PostgreSQL.)
RELATED_MIN = 0.75
RELATED_MAX = 3
RELATED_TOTAL = 12


def _folded(word: str) -> str:
    """Without diacritics, as both engines match ("régime" is "regime")."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))


def _same_root(word: str, other: str) -> bool:
    """Whether one word holds the other's first four letters (diacritics aside): the same word
    inflected, which the search's stems mostly join already ("arm", "arms"; "regime", "régime"),
    or a kin of it ("means", "meaning"; "crimes", "criminals"), or the word with something put
    before it that turns it into its opposite or into another thing ("safe", "unsafe"; "sites",
    "websites"). A model of meaning places all of them near; searched beside the query's word
    they bring other topics (measured: docs/SEARCH.md). The price: "destroying" does not bring
    "destruction"."""
    word, other = _folded(word), _folded(other)
    return word[:4] in other or other[:4] in word


def related_words(store: Store, words: list[str], model: str = MODEL) -> dict[str, tuple[str, ...]]:
    """Per word, the store's common words nearest to it in meaning ("reporters" → "journalists",
    "journalism"), nearest first, one per root ("ocean" → "sea", not "sea" and "seas"); at most
    :data:`RELATED_TOTAL` in all, to the words in the order given. None for a word of fewer than
    four letters, with a digit, or a stop-word; for a name the store prints capitalised ("Iraq":
    the nearest word to a name is another name); for a word of the same root; or while the
    meaning index is not ready (nothing waits for it)."""
    from .track.embed import EmbeddingUnavailable

    asked = [w for w in dict.fromkeys(words) if len(w) >= 4 and w.isalpha() and w not in STOP_WORDS]
    if not asked or not Settings.from_env().semantic:
        return {}
    try:
        index = document_vectors(store, wait=False, model=model)
    except (EmbeddingUnavailable, IndexBuilding):
        return {}
    asked = [w for w in asked if not index.is_name(w)]
    if not asked or not index.words:
        return {}
    out: dict[str, tuple[str, ...]] = {}
    left = RELATED_TOTAL
    every = index.word_vectors @ _query_vectors(model, asked).T  # store words × asked words
    for k, word in enumerate(asked):
        sims = every[:, k]
        top = np.argpartition(-sims, min(len(sims) - 1, 31))[:32]
        near: list[str] = []
        for i in sorted(top, key=lambda i: -sims[i]):
            if sims[i] < RELATED_MIN or len(near) == min(RELATED_MAX, left):
                break
            other = index.words[i]
            if not _same_root(word, other) and not any(_same_root(other, x) for x in near):
                near.append(other)
        if near:
            out[word] = tuple(near)
            left -= len(near)
    return out


def _main(argv: list[str]) -> int:
    """``python -m peaceobs.semantic build [URL]``: build (or load) a store's meaning index now."""
    import time

    from .store import open_store

    if not argv or argv[0] != "build":
        print("usage: python -m peaceobs.semantic build [STORE_URL]", file=sys.stderr)
        return 2
    url = argv[1] if len(argv) > 1 else Settings.from_env().db
    store = open_store(url)
    start = time.perf_counter()
    index = document_vectors(store, wait=True)
    print(f"{len(index.symbols)} documents, {time.perf_counter() - start:.1f} s")
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
