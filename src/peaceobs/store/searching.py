"""Search over paragraphs: the backend ranks, the shared SQL filters and counts facets."""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

from ..query import Filters, Hit, ParsedQuery, Ranked
from .core import StoreCore


class SearchMixin(StoreCore):
    """Search over paragraphs: the backend ranks, the shared SQL filters and counts facets."""

    FACETS = ("body", "doc_type", "year", "kind")

    @abstractmethod
    def search(self, query: ParsedQuery, filters: Filters, limit: int, offset: int,
               with_total: bool) -> tuple[list[Hit], int | None]: ...

    @abstractmethod
    def count(self, query: ParsedQuery, cap: int) -> int:
        """How many paragraphs of the whole store match, counted up to ``cap`` (how common a word
        is: search weighs a rare word over a common one, and past the cap all are common)."""

    @abstractmethod
    def rank(self, query: ParsedQuery, filters: Filters, limit: int) -> list[Ranked]:
        """The best ``limit`` paragraphs' ids and scores, higher better, without reading their
        text (a fraction of :meth:`search`'s cost). For an OR of words, the paragraphs holding
        more of them, and rarer ones, come first on every backend."""

    @abstractmethod
    def _matching_ids(self, query: ParsedQuery) -> tuple[str, list[Any]]:
        """SQL selecting the ids of paragraphs that match (one column), and its parameters."""

    def _matching_paragraphs(self, query: ParsedQuery) -> tuple[str, list[Any]]:
        """``FROM … WHERE …`` text over the matching paragraphs as ``p`` (a backend may do better)."""
        ids_sql, params = self._matching_ids(query)
        return f"paragraphs p WHERE p.id IN ({ids_sql})", params

    def _filter_sql(self, f: Filters, kind_column: str | None = "p.kind") -> tuple[str, list[Any]]:
        """WHERE text for the filters over documents ``d``; the kind filter applies to
        ``kind_column`` (None: a document-level query, no kind filter)."""
        where = ["1 = 1"]
        params: list[Any] = []
        if f.body:
            where.append("d.body = ?")
            params.append(f.body.upper())
        if f.doc_type:
            where.append("d.doc_type = ?")
            params.append(f.doc_type.lower())
        if f.year_from is not None:
            where.append("d.year >= ?")
            params.append(f.year_from)
        if f.year_to is not None:
            where.append("d.year <= ?")
            params.append(f.year_to)
        if f.symbol_prefix:
            where.append("d.symbol LIKE ? ESCAPE '\\'")
            escaped = f.symbol_prefix.upper().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            escaped = escaped.replace("/REV.", "/Rev.").replace("/ADD.", "/Add.").replace("/CORR.", "/Corr.")
            params.append(escaped + "%")
        if f.kind and kind_column:
            where.append(f"{kind_column} = ?")
            params.append(f.kind.lower())
        return " AND ".join(where), params

    def facets(self, query: ParsedQuery, filters: Filters) -> dict[str, list[tuple[Any, int]]]:
        """Counts of matching paragraphs by body, type, year and kind, under the filters.

        One grouped pass over the matches gives all four (and their total: any facet's sum).
        """
        source, source_params = self._matching_paragraphs(query)
        where, params = self._filter_sql(filters, kind_column="g.kind")
        # Group by document first (paragraph rows only), then look each document up once.
        rows = self._all(
            f"SELECT d.body, d.doc_type, d.year, g.kind, sum(g.n) FROM ("
            f"SELECT p.doc_id, p.kind, count(*) AS n FROM {source} "
            f"GROUP BY p.doc_id, p.kind) g JOIN documents d ON d.id = g.doc_id "
            f"WHERE {where} GROUP BY d.body, d.doc_type, d.year, g.kind",
            (*source_params, *params))
        counts: dict[str, dict[Any, int]] = {name: {} for name in self.FACETS}
        for *values, n in rows:
            for name, value in zip(self.FACETS, values, strict=True):
                if value is not None:
                    counts[name][value] = counts[name].get(value, 0) + n
        return {name: sorted(c.items(), key=lambda kv: (-kv[1], str(kv[0]))) for name, c in counts.items()}

    def documents_matching(self, query: ParsedQuery, filters: Filters | None = None,
                           limit: int = 500) -> list[dict[str, Any]]:
        """Documents with matching paragraphs, oldest first and undated last (SQLite would sort a
        missing date first, PostgreSQL last: said explicitly, both agree), with how many match."""
        ids_sql, ids_params = self._matching_ids(query)
        where, params = self._filter_sql(filters or Filters())
        rows = self._all(
            f"SELECT d.symbol, d.title, d.date, d.year, d.body, d.doc_type, count(*) FROM paragraphs p "
            f"JOIN documents d ON d.id = p.doc_id WHERE p.id IN ({ids_sql}) AND {where} "
            f"GROUP BY d.symbol, d.title, d.date, d.year, d.body, d.doc_type "
            f"ORDER BY CASE WHEN d.date IS NULL THEN 1 ELSE 0 END, d.date, d.symbol LIMIT ?",
            (*ids_params, *params, limit))
        keys = ("symbol", "title", "date", "year", "body", "doc_type", "paragraphs")
        return [dict(zip(keys, r, strict=True)) for r in rows]
