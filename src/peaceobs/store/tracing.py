"""What provenance and reuse read and write: indexable paragraphs, reuse pairs."""

from __future__ import annotations

from typing import NamedTuple

from .core import StoreCore


class IndexRow(NamedTuple):
    """A paragraph a shingle index holds."""

    symbol: str
    pid: str
    date: str  # "" when undated
    doc_type: str
    text: str
    doc_id: int
    title: str
    paragraph_id: int


class ReuseRow(NamedTuple):
    """A stored reuse pair: a paragraph and the earlier paragraph it shares language with."""

    symbol: str
    pid: str
    date: str
    source_symbol: str
    source_pid: str
    source_date: str
    kind: str
    ratio: float


class TraceMixin(StoreCore):
    """What provenance and reuse read and write: indexable paragraphs, reuse pairs."""

    def index_rows(self) -> list[IndexRow]:
        """Paragraphs a shingle index holds, in store order."""
        return [IndexRow(*r) for r in self._all(
            "SELECT d.symbol, p.pid, coalesce(d.date, ''), d.doc_type, p.text, d.id, d.title, p.id "
            "FROM paragraphs p JOIN documents d ON d.id = p.doc_id "
            "WHERE p.kind IN ('preambular', 'operative', 'body') ORDER BY p.id")]

    def reuse_pending(self) -> set[int]:
        """Ids of documents the reuse job has not processed yet."""
        return {r[0] for r in self._all(
            "SELECT id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM reuse_done r WHERE r.doc_id = d.id)")}

    def reuse_rows(self) -> list[ReuseRow]:
        """Stored reuse pairs, by paragraph and source date."""
        return [ReuseRow(*r) for r in self._all(
            "SELECT d.symbol, p.pid, coalesce(d.date, ''), sd.symbol, sp.pid, coalesce(sd.date, ''), r.kind, r.ratio "
            "FROM reuse r JOIN paragraphs p ON p.id = r.paragraph_id JOIN documents d ON d.id = p.doc_id "
            "JOIN paragraphs sp ON sp.id = r.source_id JOIN documents sd ON sd.id = sp.doc_id "
            "ORDER BY d.symbol, p.seq, sd.date, sd.symbol")]

    def reuse_count(self) -> int:
        return int((self._one("SELECT count(*) FROM reuse") or (0,))[0])

    def add_reuse(self, rows: list[tuple[int, int, str, float]], processed_docs: list[int]) -> None:
        """Record reuse pairs (paragraph id, source id, kind, ratio) and the documents processed."""
        with self.transaction():
            if rows:
                self._executemany(self._q(self._insert_ignore(
                    "reuse (paragraph_id, source_id, kind, ratio) VALUES (?, ?, ?, ?)")), rows)
            if processed_docs:
                self._executemany(self._q(self._insert_ignore("reuse_done (doc_id) VALUES (?)")),
                                  [(d,) for d in processed_docs])

    def _insert_ignore(self, rest: str) -> str:
        """INSERT that skips rows already there (dialects spell it differently)."""
        return f"INSERT INTO {rest} ON CONFLICT DO NOTHING"
