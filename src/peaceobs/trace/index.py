"""A shingle index over the store: every paragraph's word 5-grams, with their positions.

Words are lower-cased runs of letters and digits; a 5-gram's hash is a rolling combination of
per-word xxh3 hashes, computed for all paragraphs at once with numpy. The index keeps, sorted by
hash: the hash, the paragraph it occurs in and its word position — enough to find every earlier
paragraph that shares language with a query and to show the shared spans.

Boilerplate: a 5-gram found in at least ``boilerplate_df`` documents is a formula ("decides to
remain seized of the matter"), not evidence of borrowing; it is ignored when scoring sources.

Everything is a flat numpy array — postings, the document frequency of each distinct 5-gram,
and the paragraph and document facts provenance shows (strings as one UTF-8 blob plus offsets)
— so that an index can be saved as ``.npy`` files and opened memory-mapped (``trace/persist.py``):
a query reads the few pages its postings and candidates live on, not the whole index.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

import numpy as np
import xxhash

from ..store import Store

K = 5
_WORD = re.compile(r"[^\W_]+")
_MULT = np.uint64(0x9E3779B97F4A7C15)
KINDS = ("preambular", "operative", "body")


def words(text: str) -> list[re.Match[str]]:
    return list(_WORD.finditer(text))


class _Vocab:
    """Word → 64-bit hash, memoised (the corpus has ~100k distinct words)."""

    def __init__(self) -> None:
        self.cache: dict[str, int] = {}

    def __call__(self, word: str) -> int:
        h = self.cache.get(word)
        if h is None:
            h = self.cache[word] = xxhash.xxh3_64_intdigest(word.encode())
        return h


def shingle_hashes(word_hashes: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(hashes, paragraph index, position) of every 5-gram that lies inside one paragraph."""
    n = len(word_hashes)
    if n < K:
        return np.empty(0, np.uint64), np.empty(0, np.int32), np.empty(0, np.int32)
    acc = np.zeros(n - K + 1, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(K):
            acc = acc * _MULT + word_hashes[j:n - K + 1 + j]
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    para = np.repeat(np.arange(len(lengths), dtype=np.int32), lengths)[: n - K + 1]
    pos = (np.arange(n - K + 1) - starts[para]).astype(np.int32)
    inside = pos + K <= lengths[para]
    return acc[inside], para[inside], pos[inside]


class _FileSlice:
    """Reads of a memory-mapped ``.npy`` array's items from its file: ``read(a, b)`` is
    ``array[a:b]`` without touching the mapping."""

    __slots__ = ("fd", "base", "dtype")

    def __init__(self, filename: str, base: int, dtype: np.dtype) -> None:
        self.fd = os.open(filename, os.O_RDONLY)
        self.base, self.dtype = base, dtype

    @classmethod
    def of(cls, array: Any) -> _FileSlice | None:
        if isinstance(array, np.memmap) and getattr(array, "filename", None):
            return cls(array.filename, int(array.offset), array.dtype)
        return None

    def read(self, a: int, b: int) -> np.ndarray:
        size = self.dtype.itemsize
        return np.frombuffer(os.pread(self.fd, (b - a) * size, self.base + a * size), dtype=self.dtype)

    def __del__(self) -> None:
        try:
            os.close(self.fd)
        except OSError:
            pass


class StrCol:
    """A column of strings as one UTF-8 blob and int64 offsets (saved and memory-mapped as two
    arrays); ``col[k]`` decodes one string."""

    __slots__ = ("blob", "off", "_view", "_file")

    def __init__(self, blob: np.ndarray, off: np.ndarray) -> None:
        self.blob, self.off = blob, np.asarray(off)
        self._view = memoryview(np.asarray(blob)) if len(blob) else memoryview(b"")  # cheap slices
        self._file: _FileSlice | None = None

    def read_from_file(self) -> StrCol:
        """Read each string from the file (pread), not through the mapping, so that the strings a
        process has looked at do not stay resident in it: mapped pages count in its RSS until
        memory runs short, a read leaves them to the page cache. For the paragraphs' texts (the
        bulk of the index); the short columns stay mapped, cheaper per string."""
        self._file = _FileSlice.of(self.blob)
        return self

    @classmethod
    def of(cls, strings: Iterable[str]) -> StrCol:
        enc = [s.encode() for s in strings]
        off = np.zeros(len(enc) + 1, dtype=np.int64)
        np.cumsum([len(b) for b in enc], out=off[1:])
        return cls(np.frombuffer(b"".join(enc), dtype=np.uint8).copy(), off)

    def __len__(self) -> int:
        return len(self.off) - 1

    def __getitem__(self, k: int) -> str:
        a, b = int(self.off[k]), int(self.off[k + 1])
        if self._file is not None:
            return self._file.read(a, b).tobytes().decode()
        return bytes(self._view[a:b]).decode()

    def tolist(self) -> list[str]:
        data, off = bytes(self.blob), self.off.tolist()
        return [data[a:b].decode() for a, b in zip(off[:-1], off[1:], strict=True)]

    def take(self, idx: np.ndarray) -> StrCol:
        """The strings at ``idx`` (sorted), as a new column."""
        data, off = bytes(self.blob), self.off
        return StrCol.of(data[a:b].decode() for a, b in zip(off[idx].tolist(), off[idx + 1].tolist(), strict=True))

    def __add__(self, other: StrCol) -> StrCol:
        off = np.concatenate([self.off, other.off[1:] + self.off[-1]])
        return StrCol(np.concatenate([self.blob, other.blob]), off)


@dataclass(slots=True)
class ParagraphMeta:
    symbol: str
    pid: str
    date: str
    doc_type: str
    text: str
    title: str
    row_id: int = 0  # paragraphs.id in the store
    doc_id: int = 0  # documents.id in the store


class MetaView(Sequence[ParagraphMeta]):
    """``index.meta[k]``: paragraph k's facts, read from the columns when asked for (nothing is
    held per paragraph as Python objects)."""

    def __init__(self, index: ShingleIndex) -> None:
        self.ix = index

    def __len__(self) -> int:
        return len(self.ix.p_doc)

    @overload
    def __getitem__(self, k: int) -> ParagraphMeta: ...

    @overload
    def __getitem__(self, k: slice) -> list[ParagraphMeta]: ...

    def __getitem__(self, k: int | slice) -> ParagraphMeta | list[ParagraphMeta]:
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        ix = self.ix
        if k < 0:
            k += len(self)
        if not 0 <= k < len(self):
            raise IndexError(k)
        d = int(ix.p_doc[k])
        return ParagraphMeta(ix.d_symbol[d], ix.p_pid[k], ix.d_date[d], ix.d_type[d], ix.p_text[k],
                             ix.d_title[d], int(ix.p_row[k]), int(ix.d_id[d]))

    def __iter__(self) -> Iterator[ParagraphMeta]:
        ix = self.ix
        docs = list(zip(ix.d_symbol.tolist(), ix.d_date.tolist(), ix.d_type.tolist(), ix.d_title.tolist(),
                        ix.d_id.tolist(), strict=True))
        for d, pid, text, row in zip(ix.p_doc.tolist(), ix.p_pid.tolist(), ix.p_text.tolist(), ix.p_row.tolist(),
                                     strict=True):
            sym, date, typ, title, doc_id = docs[d]
            yield ParagraphMeta(sym, pid, date, typ, text, title, row, doc_id)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, MetaView | list | tuple):
            return len(self) == len(other) and list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


# The arrays an index is made of, as saved (``StrCol`` columns as NAME.blob / NAME.off).
ARRAYS = ("hashes", "para", "pos", "boilerplate", "df_hash", "df_n", "p_doc", "p_row", "d_id", "seen",
          "seen_content", "fence")
# Every FENCE-th hash, held apart: a lookup binary-searches this small array, then one block of
# FENCE hashes (16 KiB) of the memory-mapped postings — a few pages per 5-gram, not a path of
# pages across the whole file (which, over many queries, maps all of it).
FENCE = 2048
STRCOLS = ("p_pid", "p_text", "d_symbol", "d_date", "d_type", "d_title")


def default_boilerplate_df(n_docs: int) -> int:
    # Measured on the corpus (docs/TRACE.md): formulas recur in hundreds of documents, borrowed
    # language in a handful; 2 % of the documents (at least 20) separates them.
    return max(20, max(1, n_docs) // 50)


@dataclass(slots=True)
class Segment:
    """Shingles and facts of some paragraphs (a whole build, or what an ingest adds), with
    paragraph and document indexes already offset to where they go in the index."""

    hashes: np.ndarray  # sorted, stable (by paragraph, then position, within a hash)
    para: np.ndarray
    pos: np.ndarray
    df_hash: np.ndarray  # distinct 5-grams, sorted
    df_n: np.ndarray  # documents holding each
    p_doc: np.ndarray
    p_row: np.ndarray
    p_pid: StrCol
    p_text: StrCol
    d_id: np.ndarray
    d_symbol: StrCol
    d_date: StrCol
    d_type: StrCol
    d_title: StrCol


def doc_frequency(hashes: np.ndarray, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct hashes (sorted) and in how many distinct documents each occurs: count distinct
    (hash, document) pairs, found by sorting on (hash, document) and keeping the first of each run."""
    order = np.lexsort((docs, hashes))
    h2, d2 = hashes[order], docs[order]
    first = np.ones(len(h2), dtype=bool)  # (an empty store has no 5-grams at all)
    first[1:] = (h2[1:] != h2[:-1]) | (d2[1:] != d2[:-1])
    uniq, df = np.unique(h2[first], return_counts=True)
    return uniq, df.astype(np.int32)


def make_segment(rows: Iterable[tuple[Any, ...]], para0: int = 0, doc0: int = 0,
                 vocab: _Vocab | None = None) -> Segment:
    """Tokenise and hash (symbol, pid, date, doc_type, text, document key, title[, paragraph id])
    rows; paragraph k of ``rows`` is paragraph ``para0 + k`` of the index, new documents are
    numbered from ``doc0``."""
    vocab = vocab or _Vocab()
    cache = vocab.cache
    word_hashes: list[int] = []
    lens: list[int] = []
    pids: list[str] = []
    texts: list[str] = []
    p_row: list[int] = []
    p_doc: list[int] = []
    doc_ids: dict[Any, int] = {}
    docs: list[tuple[Any, str, str, str, str]] = []
    for k, (symbol, pid, date, doc_type, text, doc_id, title, *row_id) in enumerate(rows):
        ws = _WORD.findall(text.lower())
        for w in set(ws).difference(cache):  # hash each new word once
            cache[w] = xxhash.xxh3_64_intdigest(w.encode())
        word_hashes.extend(map(cache.__getitem__, ws))
        lens.append(len(ws))
        pids.append(pid)
        texts.append(text)
        p_row.append(row_id[0] if row_id else para0 + k)
        d = doc_ids.get(doc_id)
        if d is None:
            d = doc_ids[doc_id] = doc0 + len(docs)
            docs.append((doc_id, symbol, date or "", doc_type or "", title or ""))
        p_doc.append(d)
    lengths = np.array(lens, dtype=np.int64)
    h, para, pos = shingle_hashes(np.array(word_hashes, dtype=np.uint64), lengths)
    para = para + np.int32(para0)
    order = np.argsort(h, kind="stable")
    h, para, pos = h[order], para[order], pos[order]
    p_doc_a = np.array(p_doc, dtype=np.int32)
    df_hash, df_n = doc_frequency(h, p_doc_a[para - para0] if len(h) else np.empty(0, np.int32))
    return Segment(h, para, pos, df_hash, df_n, p_doc_a, np.array(p_row, dtype=np.int64),
                   StrCol.of(pids), StrCol.of(texts), np.array([d[0] for d in docs], dtype=np.int64),
                   StrCol.of(d[1] for d in docs), StrCol.of(d[2] for d in docs), StrCol.of(d[3] for d in docs),
                   StrCol.of(d[4] for d in docs))


def merge_sorted(a: np.ndarray, b: np.ndarray, *cols: tuple[np.ndarray, np.ndarray]) -> list[np.ndarray]:
    """Sorted ``a`` and ``b`` merged (``b``'s entries after ``a``'s equal ones, as a stable sort of
    their concatenation would place them), and each (a-column, b-column) pair merged alike."""
    where = np.searchsorted(a, b, side="right") + np.arange(len(b))
    from_a = np.ones(len(a) + len(b), dtype=bool)
    from_a[where] = False
    out = []
    for x, y in ((a, b), *cols):
        z = np.empty(len(a) + len(b), dtype=x.dtype)
        z[where] = y
        z[from_a] = x
        out.append(z)
    return out


class ShingleIndex:
    """Postings sorted by 5-gram hash, document frequencies, and the paragraphs' facts, all arrays
    (in memory after a build, memory-mapped once saved: :func:`peaceobs.trace.persist.open_index`)."""

    def __init__(self, arrays: dict[str, Any], boilerplate_df: int, store_from: int | None = None,
                 fixed_df: bool = False) -> None:
        self.mapped = isinstance(arrays["hashes"], np.memmap)  # opened from disk
        # Queries read postings from the files rather than through the mapping (see StrCol).
        self._files = {name: _FileSlice.of(arrays[name]) for name in ("hashes", "para", "pos")}
        # Plain ndarray views of the mapped files: indexing a np.memmap costs a subclass per call.
        arrays = {k: np.asarray(v) if isinstance(v, np.ndarray) else v for k, v in arrays.items()}
        self.hashes: np.ndarray = arrays["hashes"]
        self.para: np.ndarray = arrays["para"]
        self.pos: np.ndarray = arrays["pos"]
        self.boilerplate: np.ndarray = arrays["boilerplate"]
        self.df_hash: np.ndarray = arrays["df_hash"]
        self.df_n: np.ndarray = arrays["df_n"]
        self.p_doc: np.ndarray = arrays["p_doc"]
        self.p_row: np.ndarray = arrays["p_row"]
        self.d_id: np.ndarray = arrays["d_id"]
        self.seen: np.ndarray = arrays.get("seen", np.empty(0, np.int64))  # store document ids covered
        self.seen_content: np.ndarray = arrays.get("seen_content", np.empty(0, np.uint64))  # (persist.py)
        fence = arrays.get("fence")
        self.fence: np.ndarray = np.array(self.hashes[::FENCE]) if fence is None else fence
        self.p_pid: StrCol = arrays["p_pid"]
        self.p_text: StrCol = arrays["p_text"].read_from_file() if self.mapped else arrays["p_text"]
        self.d_symbol: StrCol = arrays["d_symbol"]
        self.d_date: StrCol = arrays["d_date"]
        self.d_type: StrCol = arrays["d_type"]
        self.d_title: StrCol = arrays["d_title"]
        self.boilerplate_df = boilerplate_df
        self.fixed_df = fixed_df  # a boilerplate_df given by the caller rather than the 2 % rule
        self.meta = MetaView(self)
        self.vocab = _Vocab()
        # The earliest year of the documents behind the index: "earliest in this store" is only
        # as early as the store reaches.
        self.store_from = store_from
        # Per-document facts read while tracing (relations.DocInfo), valid as long as this index.
        self.doc_info: dict[str, Any] = {}
        self.key: tuple[Any, ...] | None = None  # the store's state it was made from (persist.py)

    @property
    def doc_of(self) -> np.ndarray:
        """Paragraph → its document's index (0 … documents - 1)."""
        return self.p_doc

    def arrays(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in (*ARRAYS, *STRCOLS)}

    @classmethod
    def from_segment(cls, seg: Segment, boilerplate_df: int | None = None,
                     seen: np.ndarray | None = None, store_from: int | None = None) -> ShingleIndex:
        df = boilerplate_df or default_boilerplate_df(len(seg.d_id))
        arrays: dict[str, Any] = {name: getattr(seg, name) for name in Segment.__slots__}  # type: ignore[attr-defined]
        arrays["boilerplate"] = seg.df_hash[seg.df_n >= df]
        arrays["seen"] = np.unique(seg.d_id) if seen is None else np.unique(seen)
        if store_from is None:
            years = [int(d[:4]) for d in seg.d_date.tolist() if d[:4].isdigit()]
            store_from = min(years) if years else None
        return cls(arrays, df, store_from, fixed_df=boilerplate_df is not None)

    @classmethod
    def build(cls, store: Store, boilerplate_df: int | None = None) -> ShingleIndex:
        """An in-memory index of the store (``persist.index_for`` keeps one on disk instead)."""
        index = cls.from_rows(store.index_rows(), boilerplate_df)
        years = [year for year, _, _ in store.documents_per_year()]
        if years:
            index.store_from = min(years)
        return index

    @classmethod
    def from_rows(cls, rows: list[tuple[Any, ...]], boilerplate_df: int | None = None) -> ShingleIndex:
        """From (symbol, pid, date, doc_type, text, document key, title[, paragraph id]) rows."""
        vocab = _Vocab()
        index = cls.from_segment(make_segment(rows, vocab=vocab), boilerplate_df)
        index.vocab = vocab
        return index

    def with_changes(self, removed_docs: np.ndarray, added: Segment | None, seen: np.ndarray,
                     store_from: int | None) -> ShingleIndex:
        """A new in-memory index: this one without the paragraphs of ``removed_docs`` (store
        document ids), with ``added`` (numbered after the kept paragraphs) — the same arrays a
        build from scratch would give, provided the added paragraphs come after the kept ones in
        store order."""
        arrays: dict[str, Any]
        dead_doc = np.isin(self.d_id, removed_docs)
        if dead_doc.any():
            alive_doc = ~dead_doc
            alive_para = alive_doc[self.p_doc]
            keep = alive_para[self.para]
            para_map = (np.cumsum(alive_para) - 1).astype(np.int32)
            doc_map = (np.cumsum(alive_doc) - 1).astype(np.int32)
            gone_h = self.hashes[~keep]
            gone_hash, gone_n = doc_frequency(gone_h, self.p_doc[self.para[~keep]])
            df_hash, df_n = np.array(self.df_hash), np.array(self.df_n)
            df_n[np.searchsorted(df_hash, gone_hash)] -= gone_n
            live = df_n > 0
            ip, idoc = np.flatnonzero(alive_para), np.flatnonzero(alive_doc)
            arrays = {"hashes": self.hashes[keep], "para": para_map[self.para[keep]], "pos": self.pos[keep],
                      "df_hash": df_hash[live], "df_n": df_n[live], "p_doc": doc_map[self.p_doc[alive_para]],
                      "p_row": self.p_row[alive_para], "d_id": self.d_id[alive_doc],
                      "p_pid": self.p_pid.take(ip), "p_text": self.p_text.take(ip),
                      **{name: getattr(self, name).take(idoc) for name in ("d_symbol", "d_date", "d_type", "d_title")}}
        else:
            arrays = {name: np.asarray(getattr(self, name)) if name in ARRAYS else getattr(self, name)
                      for name in (*ARRAYS, *STRCOLS) if name not in ("boilerplate", "seen", "seen_content", "fence")}
        if added is not None and len(added.p_doc):
            hashes, para, pos = merge_sorted(arrays["hashes"], added.hashes, (arrays["para"], added.para),
                                             (arrays["pos"], added.pos))
            df_hash, df_n = arrays["df_hash"], np.array(arrays["df_n"])
            at = np.searchsorted(df_hash, added.df_hash)
            known = at < len(df_hash)
            known[known] = df_hash[at[known]] == added.df_hash[known]
            df_n[at[known]] += added.df_n[known]
            df_hash, df_n = merge_sorted(df_hash, added.df_hash[~known], (df_n, added.df_n[~known]))
            arrays.update(hashes=hashes, para=para, pos=pos, df_hash=df_hash, df_n=df_n)
            for name in ("p_doc", "p_row", "d_id"):
                arrays[name] = np.concatenate([arrays[name], getattr(added, name)])
            for name in STRCOLS:
                arrays[name] = arrays[name] + getattr(added, name)
        df = self.boilerplate_df if self.fixed_df else default_boilerplate_df(len(arrays["d_id"]))
        arrays["boilerplate"] = arrays["df_hash"][arrays["df_n"] >= df]
        arrays["seen"] = np.unique(seen)
        return ShingleIndex(arrays, df, store_from, self.fixed_df)

    def query_hashes(self, text: str) -> tuple[np.ndarray, list[re.Match[str]]]:
        ms = words(text)
        ws = np.array([self.vocab(m.group(0).lower()) for m in ms], dtype=np.uint64)
        h, _, _ = shingle_hashes(ws, np.array([len(ws)]))
        return h, ms

    def is_boilerplate(self, hashes: np.ndarray) -> np.ndarray:
        if not len(self.boilerplate):
            return np.zeros(len(hashes), bool)
        idx = np.searchsorted(self.boilerplate, hashes)
        idx[idx >= len(self.boilerplate)] = 0
        return np.asarray(self.boilerplate[idx] == hashes)

    def postings(self, hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For each query 5-gram (by its position q): the paragraphs and positions holding it."""
        left, right = self._bounds(hashes, "left"), self._bounds(hashes, "right")
        counts = right - left
        qpos = np.repeat(np.arange(len(hashes), dtype=np.int32), counts)
        if self._files["para"] is not None and self._files["pos"] is not None:
            ranges = [(a, b) for a, b in zip(left.tolist(), right.tolist(), strict=True) if b > a]
            para = [self._files["para"].read(a, b) for a, b in ranges]
            pos = [self._files["pos"].read(a, b) for a, b in ranges]
            return (qpos, np.concatenate(para) if para else self.para[:0].copy(),
                    np.concatenate(pos) if pos else self.pos[:0].copy())
        take = np.concatenate([np.arange(a, b) for a, b in zip(left, right, strict=True)]) if counts.sum() else \
            np.empty(0, dtype=np.int64)
        return qpos, np.asarray(self.para[take]), np.asarray(self.pos[take])

    def _bounds(self, hashes: np.ndarray, side: Any) -> np.ndarray:
        """``np.searchsorted(self.hashes, hashes, side)``, through the fence: one block each."""
        n = len(self.hashes)
        block = np.searchsorted(self.fence, hashes, side=side)
        out = np.empty(len(hashes), dtype=np.int64)
        for i, (h, j) in enumerate(zip(hashes.tolist(), block.tolist(), strict=True)):
            lo, hi = max(0, (j - 1) * FENCE), min(n, j * FENCE)
            block = self._files["hashes"].read(lo, hi) if self._files["hashes"] is not None else self.hashes[lo:hi]
            out[i] = lo + int(np.searchsorted(block, np.uint64(h), side=side))
        return out
