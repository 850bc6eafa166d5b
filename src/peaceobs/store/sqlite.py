"""The embedded default: one SQLite file, FTS5 (porter stemming, BM25 ranking)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .. import topk
from ..query import _WORD, Filters, Hit, ParsedQuery, Ranked, Term
from .base import Store
from .deadline import sqlite_bound


def _fts_term(term: Term) -> str:
    # Words are \w+ only (see search.parse_query), so quoting them is all the escaping FTS5 needs.
    text = '"' + " ".join(term.words) + '"'
    return text + "*" if term.prefix else text


def fts_expression(query: ParsedQuery) -> str:
    clauses = ["(" + " OR ".join(_fts_term(t) for t in clause) + ")" for clause in query.clauses]
    expr = " AND ".join(clauses)
    if query.negated:
        expr += " NOT (" + " OR ".join(_fts_term(t) for t in query.negated) + ")"
    return expr


class SQLiteStore(Store):
    dialect = "sqlite"

    def __init__(self, url: str, path: str) -> None:
        super().__init__(url)
        self.path = path
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        self.conn.execute("PRAGMA foreign_keys = ON")
        self.conn.execute("PRAGMA journal_mode = WAL")
        self.conn.execute("PRAGMA synchronous = NORMAL")
        self.conn.execute("PRAGMA busy_timeout = 10000")
        self._depth = 0

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self.conn.executemany(sql, rows)

    def _insert_returning_id(self, sql: str, params: Sequence[Any]) -> int:
        cur = self.conn.execute(self._q(sql), params)
        return int(cur.lastrowid or 0)

    def _index_paragraphs(self, doc_id: int) -> None:
        self.conn.execute("INSERT INTO paragraphs_fts (rowid, text) SELECT id, text FROM paragraphs "
                          "WHERE doc_id = ?", (doc_id,))

    @contextmanager
    def transaction(self) -> Iterator[None]:
        if self._depth:
            # Nested: a savepoint, so one document can fail inside a batch without the others.
            name = f"sp{self._depth}"
            self.conn.execute(f"SAVEPOINT {name}")
            self._depth += 1
            try:
                yield
            except BaseException:
                self.conn.execute(f"ROLLBACK TO {name}")
                self.conn.execute(f"RELEASE {name}")
                raise
            else:
                self.conn.execute(f"RELEASE {name}")
            finally:
                self._depth -= 1
            return
        self.conn.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")
        finally:
            self._depth = 0

    def close(self) -> None:
        self.conn.close()

    def search(self, query: ParsedQuery, filters: Filters, limit: int, offset: int,
               with_total: bool) -> tuple[list[Hit], int | None]:
        # The API's request: this search, then the facets of the same query, within one budget.
        with sqlite_bound(self.conn, starts=(query, filters)):
            found = topk.ranked(self, query, filters, limit, offset, with_total)  # None: no current index
            if found is not None:  # tantivy's scores are positive, FTS5's bm25() negative
                return self._hits(query, [(i, -score) for i, score in found[0]]), found[1]
            return self._search(query, filters, limit, offset, with_total)

    def facets(self, query: ParsedQuery, filters: Filters) -> dict[str, list[tuple[Any, int]]]:
        with sqlite_bound(self.conn, joins=(query, filters)):
            return super().facets(query, filters)

    def _search(self, query: ParsedQuery, filters: Filters, limit: int, offset: int,
                with_total: bool) -> tuple[list[Hit], int | None]:
        # Two phases. Ranking touches every match, so it reads nothing it does not need: the FTS
        # index alone when there are no filters, the joins only when filters ask for them.
        # Snippets and document details are then made for the page of results alone.
        expr = fts_expression(query)
        filtered = any(getattr(filters, f) is not None for f in filters.__slots__)
        ranked = self._ranked(query, filters, limit, offset)
        hits = self._hits(query, ranked)
        total = None
        if with_total:
            if filtered:
                where, params = self._filter_sql(filters)
                total = self.conn.execute(
                    "SELECT count(*) FROM paragraphs_fts JOIN paragraphs p ON p.id = paragraphs_fts.rowid "
                    f"JOIN documents d ON d.id = p.doc_id WHERE paragraphs_fts MATCH ? AND {where}",
                    (expr, *params)).fetchone()[0]
            else:
                total = self.conn.execute("SELECT count(*) FROM paragraphs_fts WHERE paragraphs_fts MATCH ?",
                                          (expr,)).fetchone()[0]
        return hits, total

    def _ranked(self, query: ParsedQuery, filters: Filters, limit: int, offset: int) -> list[tuple[int, float]]:
        """(paragraph id, bm25) best first: bm25() is negative, the lowest best."""
        expr = fts_expression(query)
        if any(getattr(filters, f) is not None for f in filters.__slots__):
            where, params = self._filter_sql(filters)
            return self.conn.execute(
                "SELECT p.id, bm25(paragraphs_fts) AS score FROM paragraphs_fts "
                "JOIN paragraphs p ON p.id = paragraphs_fts.rowid JOIN documents d ON d.id = p.doc_id "
                f"WHERE paragraphs_fts MATCH ? AND {where} ORDER BY score LIMIT ? OFFSET ?",
                (expr, *params, limit, offset)).fetchall()
        return self.conn.execute(
            "SELECT rowid, bm25(paragraphs_fts) AS score FROM paragraphs_fts "
            "WHERE paragraphs_fts MATCH ? ORDER BY score LIMIT ? OFFSET ?", (expr, limit, offset)).fetchall()

    def count(self, query: ParsedQuery, cap: int) -> int:
        with sqlite_bound(self.conn):
            return self.conn.execute(
                "SELECT count(*) FROM (SELECT rowid FROM paragraphs_fts WHERE paragraphs_fts MATCH ? LIMIT ?)",
                (fts_expression(query), cap)).fetchone()[0]

    def rank(self, query: ParsedQuery, filters: Filters, limit: int) -> list[Ranked]:
        with sqlite_bound(self.conn):
            found = topk.ranked(self, query, filters, limit, 0, False)
            if found is not None:
                return [Ranked(i, score) for i, score in found[0]]
            return [Ranked(i, -score) for i, score in self._ranked(query, filters, limit, 0)]

    def _matching_ids(self, query: ParsedQuery) -> tuple[str, list[Any]]:
        return "SELECT rowid FROM paragraphs_fts WHERE paragraphs_fts MATCH ?", [fts_expression(query)]

    def _matching_paragraphs(self, query: ParsedQuery) -> tuple[str, list[Any]]:
        # Driven by the FTS index, reading (doc_id, kind) from the narrow covering index.
        return ("paragraphs_fts JOIN paragraphs p INDEXED BY paragraphs_facets ON p.id = paragraphs_fts.rowid "
                "WHERE paragraphs_fts MATCH ?", [fts_expression(query)])

    def _hits(self, query: ParsedQuery, ranked: list[tuple[int, float]]) -> list[Hit]:
        if not ranked:
            return []
        ids = [r[0] for r in ranked]
        marks = ", ".join("?" for _ in ids)
        details = {r[0]: r[1:] for r in self.conn.execute(
            "SELECT p.id, d.symbol, p.pid, p.kind, p.label, d.title, d.date, d.body, d.doc_type, p.text "
            f"FROM paragraphs p JOIN documents d ON d.id = p.doc_id WHERE p.id IN ({marks})", ids)}
        expr = snippet_expression(query, [d[-1] for d in details.values()])
        snippets = dict(self.conn.execute(
            "SELECT rowid, snippet(paragraphs_fts, 0, '<mark>', '</mark>', '…', 40) FROM paragraphs_fts "
            f"WHERE paragraphs_fts MATCH ? AND rowid IN ({marks})", (expr, *ids)).fetchall()) if expr else {}
        return [Hit.from_row(details[i][:-1], snippet=snippets.get(i) or _lead(details[i][-1]), score=-float(score))
                for i, score in ranked if i in details]


def snippet_expression(query: ParsedQuery, texts: list[str]) -> str:
    """An FTS5 expression that highlights the query's terms in these paragraphs: any term (OR), and
    each prefix as the words of these texts that start with it. (A prefix in the expression makes
    FTS5 read every expansion's postings for each row: 1 s for "con* pro* the* res*" at 200,000
    paragraphs, against 1 ms for the words themselves.)"""
    words = sorted({w for t in texts for w in _WORD.findall(t.lower())})
    parts: list[str] = []
    for term in [t for c in query.clauses for t in c]:
        if not term.prefix:
            parts.append(_fts_term(term))
            continue
        last = term.words[-1]
        found = [w for w in words if w.startswith(last)][:16] or [last]
        parts += [_fts_term(Term((*term.words[:-1], w))) for w in found]
    return " OR ".join(dict.fromkeys(parts))


def _lead(text: str, words: int = 40) -> str:
    """A snippet where no term is found again: the paragraph's first words."""
    head = text.split()
    return " ".join(head[:words]) + (" …" if len(head) > words else "")
