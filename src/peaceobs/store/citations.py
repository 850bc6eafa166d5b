"""Citations between documents: what a document cites, what cites it, the most cited."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..symbols import SymbolError, parse
from .core import StoreCore


@dataclass(slots=True)
class CitationRow:
    from_symbol: str
    from_pid: str
    to_symbol: str
    raw: str
    to_body: str
    to_type: str
    resolved: str | None  # the stored document's symbol, where the target is in the store

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__slots__}


class CitedAs(NamedTuple):
    """A stored document a paragraph cites, and the words that cite it ("resolution 418 (1977)")."""

    symbol: str
    raw: str


@dataclass(slots=True)
class ParagraphCitation:
    """A paragraph and the stored documents it cites."""

    symbol: str
    pid: str
    text: str
    cites: list[CitedAs]


_CITATION_FIELDS = ("from_symbol", "from_pid", "to_symbol", "raw", "to_body", "to_type", "resolved")


def _citation(row: tuple[Any, ...]) -> CitationRow:
    """A citation from a row whose columns are in ``_CITATION_FIELDS`` order."""
    return CitationRow(**dict(zip(_CITATION_FIELDS, row, strict=True)))


class CitationsMixin(StoreCore):
    """Citations between documents: what a document cites, what cites it, the most cited."""

    def top_cited(self, limit: int = 20) -> list[tuple[str, int, str | None]]:
        """The most cited targets: (symbol as cited, citing documents, stored symbol or None)."""
        rows = self._all(
            "SELECT c.to_key, min(c.to_symbol), count(DISTINCT c.doc_id) FROM citations c "
            "GROUP BY c.to_key ORDER BY count(DISTINCT c.doc_id) DESC, c.to_key LIMIT ?", (limit,))
        out = []
        for key, shown, n in rows:
            stored = self._one("SELECT symbol FROM documents WHERE key = ? ORDER BY symbol LIMIT 1", (key,))
            out.append((shown, n, stored[0] if stored else None))
        return out

    def cites(self, symbol: str) -> list[CitationRow]:
        """What the document cites, in reading order; ``resolved`` names stored targets."""
        row = self._resolve(symbol)
        if row is None:
            return []
        return [_citation((row[1], *r)) for r in self._all(
            "SELECT c.from_pid, c.to_symbol, c.raw, c.to_body, c.to_type, "
            "(SELECT t.symbol FROM documents t WHERE t.key = c.to_key ORDER BY t.symbol LIMIT 1) "
            "FROM citations c WHERE c.doc_id = ? ORDER BY c.id", (row[0],))]

    def cited_by(self, symbol: str) -> list[CitationRow]:
        """Stored paragraphs that cite the document (whether or not it is itself stored)."""
        try:
            key = parse(symbol).key
        except SymbolError:
            key = symbol
        row = self._resolve(symbol)
        resolved = row[1] if row else None
        return [_citation((*r, resolved)) for r in self._all(
            "SELECT d.symbol, c.from_pid, c.to_symbol, c.raw, c.to_body, c.to_type FROM citations c "
            "JOIN documents d ON d.id = c.doc_id WHERE c.to_key = ? ORDER BY d.year, d.symbol, c.id", (key,))]

    def document_meta(self, symbols: list[str]) -> dict[str, tuple[str, str, str, int | None, str | None]]:
        """symbol → (title, body, doc_type, year, date) of stored documents."""
        out: dict[str, tuple[str, str, str, int | None, str | None]] = {}
        for k in range(0, len(symbols), 500):
            chunk = symbols[k:k + 500]
            marks = ", ".join("?" for _ in chunk)
            for sym, title, body, doc_type, year, date in self._all(
                    f"SELECT symbol, title, body, doc_type, year, date FROM documents WHERE symbol IN ({marks})",
                    tuple(chunk)):
                out[sym] = (title, body, doc_type, year, date)
        return out

    def iter_citations(self) -> Iterator[CitationRow]:
        for r in self._all(
                "SELECT d.symbol, c.from_pid, c.to_symbol, c.raw, c.to_body, c.to_type, "
                "(SELECT t.symbol FROM documents t WHERE t.key = c.to_key ORDER BY t.symbol LIMIT 1) "
                "FROM citations c JOIN documents d ON d.id = c.doc_id ORDER BY d.symbol, c.id"):
            yield _citation(r)

    def paragraph_citations(self, ids: list[int]) -> list[ParagraphCitation]:
        """Of the given paragraphs (row ids, as :meth:`rank` gives them), those that cite a stored
        document other than their own, each with its text and the stored documents it cites, in
        the order given (search reads these to find the document later texts recall in the
        query's words)."""
        found: dict[int, ParagraphCitation] = {}
        for k in range(0, len(ids), 500):
            chunk = ids[k:k + 500]
            for pid_row, symbol, pid, text, target, raw in self._all(
                    "SELECT p.id, d.symbol, p.pid, p.text, t.symbol, c.raw FROM paragraphs p "
                    "JOIN documents d ON d.id = p.doc_id "
                    "JOIN citations c ON c.doc_id = p.doc_id AND c.from_pid = p.pid "
                    # One stored document per cited key, as cites() resolves it (a key two
                    # documents share must not make one citation two votes).
                    "JOIN documents t ON t.id = (SELECT t2.id FROM documents t2 WHERE t2.key = c.to_key "
                    "ORDER BY t2.symbol LIMIT 1) "
                    f"WHERE p.id IN ({', '.join('?' for _ in chunk)}) AND t.id <> d.id ORDER BY c.id, t.symbol",
                    tuple(chunk)):
                held = found.setdefault(pid_row, ParagraphCitation(symbol, pid, text, []))
                held.cites.append(CitedAs(target, raw))
        return [found[i] for i in ids if i in found]
