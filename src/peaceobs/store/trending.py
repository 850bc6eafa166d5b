"""Terms over time and saved searches: documents per period, the documents of each period that
use a query (with the paragraph that shows it best), paragraph texts streamed by period for
term counting, paragraphs stored since a moment, and the watches table (migration 013)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

from ..query import Filters, Hit, ParsedQuery
from .core import StoreCore, _now

# The column a period is read from. Only these two: the name goes into SQL text.
PERIOD_COLUMNS = {"year": "d.year", "session": "d.session"}

# The paragraph that best shows a document uses a term: operative or body text before the
# preamble, headings, notes and masthead lines (the same order as search's kind weights).
_KIND_RANK = ("CASE p.kind WHEN 'operative' THEN 0 WHEN 'body' THEN 0 WHEN 'preambular' THEN 1 "
              "WHEN 'heading' THEN 2 WHEN 'table' THEN 3 WHEN 'footnote' THEN 4 ELSE 5 END")


class PeriodMatch(NamedTuple):
    """A document of a period that uses a query: its best paragraph and how many paragraphs match."""
    period: int
    symbol: str
    paragraph_id: int
    paragraphs: int


class DocumentText(NamedTuple):
    """A document's period and its paragraph texts, in order."""
    doc_id: int
    symbol: str
    period: int
    texts: list[str]


class WatchRow(NamedTuple):
    id: int
    owner: str
    name: str
    query: str
    filters: dict[str, Any]
    created_at: str
    last_seen: str
    last_seen_generation: int


class SinceRow(NamedTuple):
    """A paragraph of a document stored at or after a moment."""
    paragraph_id: int
    symbol: str
    pid: str
    ingested_at: str


class TrendingMixin(StoreCore):
    """Documents per period, query matches per period, texts by period, and saved searches."""

    def _period_where(self, filters: Filters, by: str, include_drafts: bool,
                      kind_column: str | None) -> tuple[str, str, list[Any]]:
        if by not in PERIOD_COLUMNS:
            raise ValueError(f"period must be one of {', '.join(PERIOD_COLUMNS)}, not {by!r}")
        col = PERIOD_COLUMNS[by]
        where, params = self._filter_sql(filters, kind_column=kind_column)  # type: ignore[attr-defined]
        where += f" AND {col} IS NOT NULL"
        if not include_drafts:
            where += " AND d.doc_type <> 'draft'"
        return col, where, params

    def document_bodies(self) -> list[str]:
        """The bodies the stored documents belong to (GA, SC, …)."""
        return [r[0] for r in self._all("SELECT DISTINCT body FROM documents WHERE body <> '' ORDER BY body")]

    def documents_per_period(self, filters: Filters, by: str = "year",
                             include_drafts: bool = False) -> dict[int, int]:
        """Documents per year or GA session under the filters (drafts left out unless asked);
        documents without that period (SC texts have no session) are not counted."""
        col, where, params = self._period_where(filters, by, include_drafts, None)
        return {int(p): int(n) for p, n in self._all(
            f"SELECT {col}, count(*) FROM documents d WHERE {where} GROUP BY {col}", params)}

    def period_matches(self, query: ParsedQuery, filters: Filters, by: str = "year",
                       include_drafts: bool = False) -> list[PeriodMatch]:
        """One row per document that has a paragraph matching ``query``, with its period, its best
        matching paragraph (operative first, then in order) and its number of matching paragraphs.

        One row per document, not per paragraph: a period's count is the number of rows, and
        which documents to show is decided by the caller, the same way on both backends (their
        string collations differ).
        """
        col, where, params = self._period_where(filters, by, include_drafts, "p.kind")
        ids_sql, ids_params = self._matching_ids(query)  # type: ignore[attr-defined]
        rows = self._all(
            f"SELECT period, symbol, id, n FROM ("
            f"SELECT {col} AS period, d.symbol AS symbol, p.id AS id, "
            f"ROW_NUMBER() OVER (PARTITION BY p.doc_id ORDER BY {_KIND_RANK}, p.seq) AS rn, "
            f"count(*) OVER (PARTITION BY p.doc_id) AS n "
            f"FROM paragraphs p JOIN documents d ON d.id = p.doc_id "
            f"WHERE p.id IN ({ids_sql}) AND {where}) m WHERE rn = 1",
            (*ids_params, *params))
        return [PeriodMatch(int(p), s, int(i), int(n)) for p, s, i, n in rows]

    def paragraph_hits(self, query: ParsedQuery, ids: Sequence[int]) -> list[Hit]:
        """These paragraphs as search hits, in this order, with the query highlighted by the
        backend's own snippet maker."""
        return self._hits(query, [(i, 0.0) for i in ids])  # type: ignore[attr-defined]

    def texts_by_period(self, filters: Filters, by: str = "year", include_drafts: bool = False,
                        skip_kinds: Sequence[str] = ("other",), batch: int = 200,
                        periods: Sequence[int] | None = None) -> Iterator[DocumentText]:
        """Each document under the filters (of these ``periods`` only, if given) with its period
        and its paragraphs' texts (kinds in ``skip_kinds`` left out: masthead lines repeat the
        session's name). Read ``batch`` documents at a time, so memory holds one batch, whatever
        the store's size."""
        col, where, params = self._period_where(filters, by, include_drafts, None)
        if periods is not None:
            where += f" AND {col} IN (" + (", ".join("?" for _ in periods) or "NULL") + ")"
            params = [*params, *periods]
        docs = self._all(f"SELECT d.id, d.symbol, {col} FROM documents d WHERE {where} ORDER BY d.id", params)
        skip = list(skip_kinds)
        kinds = (" AND p.kind NOT IN (" + ", ".join("?" for _ in skip) + ")") if skip else ""
        for start in range(0, len(docs), batch):
            chunk = docs[start:start + batch]
            marks = ", ".join("?" for _ in chunk)
            texts: dict[int, list[str]] = {}
            for doc_id, text in self._all(
                    f"SELECT p.doc_id, p.text FROM paragraphs p WHERE p.doc_id IN ({marks}){kinds} "
                    f"ORDER BY p.doc_id, p.seq", (*[d[0] for d in chunk], *skip)):
                texts.setdefault(doc_id, []).append(text)
            for doc_id, symbol, period in chunk:
                yield DocumentText(int(doc_id), symbol, int(period), texts.get(doc_id, []))

    def paragraphs_since(self, query: ParsedQuery, filters: Filters, since: str,
                         limit: int = 200) -> list[SinceRow]:
        """Paragraphs matching ``query`` in documents stored at or after ``since`` (an ISO time
        as the store writes it), newest document first, then in document order."""
        ids_sql, ids_params = self._matching_ids(query)  # type: ignore[attr-defined]
        where, params = self._filter_sql(filters)  # type: ignore[attr-defined]
        rows = self._all(
            f"SELECT p.id, d.symbol, p.pid, d.ingested_at FROM paragraphs p JOIN documents d ON d.id = p.doc_id "
            f"WHERE p.id IN ({ids_sql}) AND {where} AND d.ingested_at >= ? "
            f"ORDER BY d.ingested_at DESC, d.id, p.seq LIMIT ?", (*ids_params, *params, since, limit))
        return [SinceRow(int(i), sym, pid, at) for i, sym, pid, at in rows]

    # -- watches (saved searches) --------------------------------------------------------------

    _WATCH_COLUMNS = "id, owner, name, query, filters, created_at, last_seen, last_seen_generation"

    @staticmethod
    def _watch(row: tuple[Any, ...]) -> WatchRow:
        i, owner, name, query, filters, created, seen, gen = row
        return WatchRow(int(i), owner, name, query, json.loads(filters or "{}"), created, seen, int(gen))

    def add_watch(self, owner: str, name: str, query: str, filters: dict[str, Any]) -> WatchRow:
        """A new watch, seen as of now (its first visit shows what is stored after it). A name is
        unique per owner: adding it again fails (the backend's integrity error)."""
        now = _now()
        with self.transaction():
            generation = int((self._one("SELECT n FROM generation") or (0,))[0])
            self._insert_returning_id(
                "INSERT INTO watches (owner, name, query, filters, created_at, last_seen, last_seen_generation) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (owner, name, query, json.dumps(filters, sort_keys=True), now, now, generation))
            self._audit(owner, "watch.add", f"watch:{owner}/{name}", None, {"query": query, "filters": filters})
        found = self.get_watch(owner, name)
        assert found is not None
        return found

    def get_watch(self, owner: str, name: str) -> WatchRow | None:
        row = self._one(f"SELECT {self._WATCH_COLUMNS} FROM watches WHERE owner = ? AND name = ?", (owner, name))
        return self._watch(row) if row else None

    def list_watches(self, owner: str | None = None) -> list[WatchRow]:
        if owner is None:
            rows = self._all(f"SELECT {self._WATCH_COLUMNS} FROM watches ORDER BY owner, name")
        else:
            rows = self._all(f"SELECT {self._WATCH_COLUMNS} FROM watches WHERE owner = ? ORDER BY name", (owner,))
        return [self._watch(r) for r in rows]

    def delete_watch(self, owner: str, name: str) -> bool:
        with self.transaction():
            old = self.get_watch(owner, name)
            gone = self._execute(self._q("DELETE FROM watches WHERE owner = ? AND name = ?"), (owner, name)).rowcount
            if gone and old is not None:
                self._audit(owner, "watch.delete", f"watch:{owner}/{name}", {"query": old.query, "filters": old.filters},
                            None)
        return bool(gone)

    def mark_watch_seen(self, watch_id: int, seen: str, generation: int) -> None:
        # Not audited: a visit to the watch moves its "seen" mark; it changes what nobody else sees.
        with self.transaction():
            self._execute(self._q("UPDATE watches SET last_seen = ?, last_seen_generation = ? WHERE id = ?"),
                          (seen, generation, watch_id))
