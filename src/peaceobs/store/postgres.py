"""The shared-deployment backend: PostgreSQL 15, tsvector (the `peaceobs` text search configuration:
words split as FTS5 splits them, English stems, no stop-word list; migration 015) + pg_trgm."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from .. import topk
from ..query import Filters, Hit, ParsedQuery, Ranked, Term
from .base import Store
from .deadline import postgres_bound


def _ts_term(term: Term) -> tuple[str, str]:
    """SQL for one term (with the store's "?" placeholder) and its parameter. Words are \\w+
    only, so "a <-> b:*" is safe."""
    if term.prefix:
        return "to_tsquery('peaceobs', ?)", " <-> ".join(term.words) + ":*"
    if term.phrase:
        return "phraseto_tsquery('peaceobs', ?)", " ".join(term.words)
    return "plainto_tsquery('peaceobs', ?)", term.words[0]


def tsquery_sql(query: ParsedQuery) -> tuple[str, list[str]]:
    parts: list[str] = []
    params: list[str] = []
    for clause in query.clauses:
        alts = []
        for t in clause:
            sql, p = _ts_term(t)
            alts.append(sql)
            params.append(p)
        parts.append("(" + " || ".join(alts) + ")")
    for t in query.negated:
        sql, p = _ts_term(t)
        parts.append(f"(!! {sql})")
        params.append(p)
    return " && ".join(parts), params


class PostgresStore(Store):
    dialect = "postgres"
    placeholder = "%s"

    def __init__(self, url: str) -> None:
        import psycopg

        super().__init__(url)
        self.conn = psycopg.connect(url, autocommit=True)
        self._depth = 0

    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.conn.execute(sql, params)  # type: ignore[arg-type]

    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        with self.conn.cursor() as cur:
            cur.executemany(sql, rows)  # type: ignore[arg-type]

    def _insert_returning_id(self, sql: str, params: Sequence[Any]) -> int:
        row = self.conn.execute(self._q(sql) + " RETURNING id", params).fetchone()  # type: ignore[arg-type]
        return int(row[0])

    @contextmanager
    def transaction(self) -> Iterator[None]:
        # psycopg nests transaction() blocks as savepoints: an inner failure undoes only itself.
        self._depth += 1
        try:
            with self.conn.transaction():
                yield
        finally:
            self._depth -= 1

    def close(self) -> None:
        self.conn.close()

    def _matching_ids(self, query: ParsedQuery) -> tuple[str, list[Any]]:
        tsq, params = tsquery_sql(query)
        return f"SELECT p2.id FROM paragraphs p2 WHERE p2.tsv @@ ({tsq})", list(params)

    def search(self, query: ParsedQuery, filters: Filters, limit: int, offset: int,
               with_total: bool) -> tuple[list[Hit], int | None]:
        # The API's request: this search, then the facets of the same query, within one budget.
        with postgres_bound(self.conn, starts=(query, filters)):
            found = topk.ranked(self, query, filters, limit, offset, with_total)  # None: no current index
            if found is not None:
                return self._hits(query, found[0]), found[1]
            return self._search(query, filters, limit, offset, with_total)

    def facets(self, query: ParsedQuery, filters: Filters) -> dict[str, list[tuple[Any, int]]]:
        with postgres_bound(self.conn, joins=(query, filters)):
            return super().facets(query, filters)

    def _hits(self, query: ParsedQuery, ranked: list[tuple[int, float]]) -> list[Hit]:
        """Details and snippets for the given paragraphs (the top-k index's), in its order."""
        if not ranked:
            return []
        tsq, tparams = tsquery_sql(query)
        rows = self._all(
            f"SELECT p.id, d.symbol, p.pid, p.kind, p.label, d.title, d.date, d.body, d.doc_type, "
            f"ts_headline('peaceobs', p.text, q.q, 'StartSel=<mark>, StopSel=</mark>, MaxFragments=2, "
            f"MaxWords=40, MinWords=15, FragmentDelimiter=\" … \"') FROM paragraphs p "
            f"JOIN documents d ON d.id = p.doc_id, (SELECT {tsq} AS q) q WHERE p.id = ANY(?)",
            (*tparams, [i for i, _ in ranked]))
        details = {r[0]: r[1:] for r in rows}
        return [Hit.from_row(details[i][:-1], snippet=details[i][-1], score=score) for i, score in ranked if i in details]

    def count(self, query: ParsedQuery, cap: int) -> int:
        with postgres_bound(self.conn):
            tsq, tparams = tsquery_sql(query)
            return int((self._one(f"SELECT count(*) FROM (SELECT 1 FROM paragraphs p WHERE p.tsv @@ ({tsq}) LIMIT ?) x",
                                  (*tparams, cap)) or (0,))[0])

    def rank(self, query: ParsedQuery, filters: Filters, limit: int) -> list[Ranked]:
        with postgres_bound(self.conn):
            found = topk.ranked(self, query, filters, limit, 0, False)
            if found is not None:
                return [Ranked(i, score) for i, score in found[0]]
            tsq, tparams = tsquery_sql(query)
            where, fparams = self._filter_sql(filters)
            # Normalised by the log of the length, not the length (search's 2): a ranking asked
            # for paragraphs holding many of the words, which a short paragraph holding one of
            # them must not outrank (bm25 on SQLite does the same).
            rows = self._all(
                f"SELECT p.id, ts_rank_cd(p.tsv, q.q, 1) AS score FROM paragraphs p JOIN documents d ON d.id = p.doc_id, "
                f"(SELECT {tsq} AS q) q WHERE p.tsv @@ q.q AND {where} ORDER BY score DESC, p.id LIMIT ?",
                (*tparams, *fparams, limit))
            return [Ranked(int(i), float(score)) for i, score in rows]

    def _search(self, query: ParsedQuery, filters: Filters, limit: int, offset: int,
                with_total: bool) -> tuple[list[Hit], int | None]:
        tsq, tparams = tsquery_sql(query)
        where, fparams = self._filter_sql(filters)
        inner = (
            f"SELECT p.id, p.text, d.symbol, p.pid, p.kind, p.label, d.title, d.date, d.body, d.doc_type, "
            f"ts_rank_cd(p.tsv, q.q, 2) AS score FROM paragraphs p JOIN documents d ON d.id = p.doc_id, "
            f"(SELECT {tsq} AS q) q WHERE p.tsv @@ q.q AND {where} ORDER BY score DESC, p.id LIMIT ? OFFSET ?")
        sql = (
            f"SELECT r.symbol, r.pid, r.kind, r.label, r.title, r.date, r.body, r.doc_type, "
            f"ts_headline('peaceobs', r.text, q.q, 'StartSel=<mark>, StopSel=</mark>, MaxFragments=2, "
            f"MaxWords=40, MinWords=15, FragmentDelimiter=\" … \"'), r.score "
            f"FROM ({inner}) r, (SELECT {tsq} AS q) q ORDER BY r.score DESC, r.id")
        rows = self._all(sql, (*tparams, *fparams, limit, offset, *tparams))
        hits = [Hit.from_row(r[:8], snippet=r[8], score=float(r[9])) for r in rows]
        total = None
        if with_total:
            total = (self._one(
                f"SELECT count(*) FROM paragraphs p JOIN documents d ON d.id = p.doc_id, (SELECT {tsq} AS q) q "
                f"WHERE p.tsv @@ q.q AND {where}", (*tparams, *fparams)) or (0,))[0]
        return hits, total
