"""The embedded default: one SQLite file, FTS5 (porter stemming, BM25 ranking)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ..search import Filters, Hit, ParsedQuery, Term
from .base import Store


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
        # Two phases. Ranking touches every match, so it reads nothing it does not need: the FTS
        # index alone when there are no filters, the joins only when filters ask for them.
        # Snippets and document details are then made for the page of results alone.
        expr = fts_expression(query)
        filtered = any(getattr(filters, f) is not None for f in filters.__slots__)
        if filtered:
            where, params = self._filter_sql(filters)
            ranked = self.conn.execute(
                "SELECT p.id, bm25(paragraphs_fts) AS score FROM paragraphs_fts "
                "JOIN paragraphs p ON p.id = paragraphs_fts.rowid JOIN documents d ON d.id = p.doc_id "
                f"WHERE paragraphs_fts MATCH ? AND {where} ORDER BY score LIMIT ? OFFSET ?",
                (expr, *params, limit, offset)).fetchall()
        else:
            ranked = self.conn.execute(
                "SELECT rowid, bm25(paragraphs_fts) AS score FROM paragraphs_fts "
                "WHERE paragraphs_fts MATCH ? ORDER BY score LIMIT ? OFFSET ?", (expr, limit, offset)).fetchall()
        hits = self._hits(expr, ranked)
        total = None
        if with_total:
            if filtered:
                total = self.conn.execute(
                    "SELECT count(*) FROM paragraphs_fts JOIN paragraphs p ON p.id = paragraphs_fts.rowid "
                    f"JOIN documents d ON d.id = p.doc_id WHERE paragraphs_fts MATCH ? AND {where}",
                    (expr, *params)).fetchone()[0]
            else:
                total = self.conn.execute("SELECT count(*) FROM paragraphs_fts WHERE paragraphs_fts MATCH ?",
                                          (expr,)).fetchone()[0]
        return hits, total

    def _matching_ids(self, query: ParsedQuery) -> tuple[str, list[Any]]:
        return "SELECT rowid FROM paragraphs_fts WHERE paragraphs_fts MATCH ?", [fts_expression(query)]

    def _matching_paragraphs(self, query: ParsedQuery) -> tuple[str, list[Any]]:
        # Driven by the FTS index, reading (doc_id, kind) from the narrow covering index.
        return ("paragraphs_fts JOIN paragraphs p INDEXED BY paragraphs_facets ON p.id = paragraphs_fts.rowid "
                "WHERE paragraphs_fts MATCH ?", [fts_expression(query)])

    def _hits(self, expr: str, ranked: list[tuple[int, float]]) -> list[Hit]:
        if not ranked:
            return []
        ids = [r[0] for r in ranked]
        marks = ", ".join("?" for _ in ids)
        details = {r[0]: r[1:] for r in self.conn.execute(
            "SELECT p.id, d.symbol, p.pid, p.kind, p.label, d.title, d.date, d.body, d.doc_type "
            f"FROM paragraphs p JOIN documents d ON d.id = p.doc_id WHERE p.id IN ({marks})", ids)}
        snippets = dict(self.conn.execute(
            "SELECT rowid, snippet(paragraphs_fts, 0, '<mark>', '</mark>', '…', 40) FROM paragraphs_fts "
            f"WHERE paragraphs_fts MATCH ? AND rowid IN ({marks})", (expr, *ids)).fetchall())
        return [Hit(*details[i], snippet=snippets.get(i, ""), score=-float(score)) for i, score in ranked]
