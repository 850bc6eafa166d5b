"""The storage interface. SQL that both backends speak lives here; dialects override hooks.

Every write of a document is one transaction: its old paragraphs and citations go and the new
ones come together, or not at all.
"""

from __future__ import annotations

import datetime as _dt
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

from ..model import Citation, Document, Paragraph
from ..search import Filters, Hit, ParsedQuery
from ..symbols import SymbolError, parse

# Which reader's version of a document wins when several files carry the same symbol
# (a report as DOCX, JSON and PDF): the one that knows the most structure.
FORMAT_RANK = {"docx": 50, "report-json": 45, "ga-json": 40, "markdown": 30, "html": 25,
               "pdf": 20, "text": 10}

_DOC_COLUMNS = ("symbol", "key", "title", "date", "year", "session", "body", "doc_type",
                "agenda_item", "language", "source", "source_format", "content_hash",
                "n_paragraphs", "ingested_at")


def _now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


def _absolute(path: str) -> bool:
    return path.startswith("/") or (len(path) > 2 and path[1] == ":" and path[2] in "/\\")


def document_key(symbol: str) -> str:
    try:
        return parse(symbol).key
    except SymbolError:
        return symbol


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


class Store(ABC):
    """A peaceobs database. Use :func:`peaceobs.store.open_store` to get one."""

    dialect: str = ""
    placeholder = "?"

    def __init__(self, url: str) -> None:
        self.url = url

    # -- connection hooks ----------------------------------------------------------------------
    @abstractmethod
    def _execute(self, sql: str, params: Sequence[Any] = ()) -> Any: ...

    @abstractmethod
    def _executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None: ...

    @abstractmethod
    def transaction(self) -> Any:
        """Context manager: commit on success, roll back on any exception. Nested calls are
        savepoints: the inner block is undone alone, the outer one goes on."""

    @abstractmethod
    def close(self) -> None: ...

    @abstractmethod
    def _insert_returning_id(self, sql: str, params: Sequence[Any]) -> int: ...

    @abstractmethod
    def search(self, query: ParsedQuery, filters: Filters, limit: int, offset: int,
               with_total: bool) -> tuple[list[Hit], int | None]: ...

    @abstractmethod
    def _matching_ids(self, query: ParsedQuery) -> tuple[str, list[Any]]:
        """SQL selecting the ids of paragraphs that match (one column), and its parameters."""

    def _matching_paragraphs(self, query: ParsedQuery) -> tuple[str, list[Any]]:
        """``FROM … WHERE …`` text over the matching paragraphs as ``p`` (a backend may do better)."""
        ids_sql, params = self._matching_ids(query)
        return f"paragraphs p WHERE p.id IN ({ids_sql})", params

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _q(self, sql: str) -> str:
        return sql if self.placeholder == "?" else sql.replace("?", self.placeholder)

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return list(self._execute(self._q(sql), params).fetchall())

    def _one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        return self._execute(self._q(sql), params).fetchone()

    # -- schema ---------------------------------------------------------------------------------
    def migrate(self) -> int:
        """Apply the migrations this database lacks; returns the schema version."""
        self._execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        row = self._one("SELECT max(version) FROM schema_version")
        current = row[0] if row and row[0] is not None else 0
        folder = resources.files("peaceobs.store") / "migrations" / self.dialect
        scripts = sorted((f for f in folder.iterdir() if f.name.endswith(".sql")), key=lambda f: f.name)
        for script in scripts:
            version = int(script.name.split("_", 1)[0])
            if version <= current:
                continue
            with self.transaction():
                self._run_script(script.read_text())
                self._execute(self._q("INSERT INTO schema_version (version) VALUES (?)"), (version,))
            current = version
        return current

    def _run_script(self, script: str) -> None:
        for statement in _split_sql(script):
            self._execute(statement)

    # -- writing --------------------------------------------------------------------------------
    def source_unchanged(self, path: str, content_hash: str) -> bool:
        """Whether the file at ``path`` (resolved: the pipeline keys sources by the real path) was
        stored with this content."""
        row = self._one("SELECT content_hash FROM sources WHERE path = ?", (path,))
        return bool(row and row[0] == content_hash)

    def put_document(self, doc: Document) -> str:
        """Store ``doc``; returns "added", "replaced", "unchanged" or "alternate".

        "alternate": a better-structured source of the same symbol is already stored (the file is
        recorded, its text is not used).
        """
        with self.transaction():
            row = self._one("SELECT id, source, source_format, content_hash FROM documents WHERE symbol = ?",
                            (doc.symbol,))
            outcome = "added"
            if row is not None:
                doc_id, source, fmt, chash = row
                if chash == doc.content_hash:
                    # The same bytes: the same document, whatever path named the file (relative,
                    # absolute, through a link). Nothing is rewritten.
                    outcome = "unchanged"
                    if source != doc.source and not _absolute(source):
                        # Stored before sources were keyed by resolved path: adopt this one and
                        # drop the old relative name's row.
                        self._execute(self._q("UPDATE documents SET source = ? WHERE id = ?"), (doc.source, doc_id))
                        self._execute(self._q(
                            "DELETE FROM sources WHERE symbol = ? AND content_hash = ? AND path <> ?"),
                            (doc.symbol, doc.content_hash, doc.source))
                        source = doc.source
                elif source != doc.source and FORMAT_RANK.get(fmt, 0) > FORMAT_RANK.get(doc.source_format, 0):
                    outcome = "alternate"
                else:
                    self._execute(self._q("DELETE FROM documents WHERE id = ?"), (doc_id,))
                    outcome = "replaced"
            if outcome in ("added", "replaced"):
                self._insert_document(doc)
                self._bump_generation()
            self._execute(self._q("DELETE FROM sources WHERE path = ?"), (doc.source,))
            self._execute(self._q(
                "INSERT INTO sources (path, content_hash, symbol, format, status, ingested_at) "
                "VALUES (?, ?, ?, ?, ?, ?)"),
                (doc.source, doc.content_hash, doc.symbol, doc.source_format,
                 "alternate" if outcome == "alternate" or (outcome == "unchanged" and source != doc.source)
                 else "primary", _now()))
        return outcome

    def _insert_document(self, doc: Document) -> None:
        values = (doc.symbol, document_key(doc.symbol), doc.title, doc.date, doc.year, doc.session,
                  doc.body, doc.doc_type, doc.agenda_item, doc.language, doc.source,
                  doc.source_format, doc.content_hash, len(doc.paragraphs), _now())
        cols = ", ".join(_DOC_COLUMNS)
        marks = ", ".join("?" for _ in _DOC_COLUMNS)
        doc_id = self._insert_returning_id(f"INSERT INTO documents ({cols}) VALUES ({marks})", values)
        self._executemany(self._q(
            "INSERT INTO paragraphs (doc_id, pid, seq, kind, label, parent, depth, text, hash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            [(doc_id, p.pid, p.seq, p.kind, p.label, p.parent, p.depth, p.text, p.hash)
             for p in doc.paragraphs])
        self._index_paragraphs(doc_id)
        if doc.citations:
            self._executemany(self._q(
                "INSERT INTO citations (doc_id, from_pid, to_symbol, to_key, raw, to_body, to_type) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)"),
                [(doc_id, c.from_pid, c.to_symbol, document_key(c.to_symbol), c.raw, c.body, c.doc_type)
                 for c in doc.citations])

    def _index_paragraphs(self, doc_id: int) -> None:
        """Hook: make a document's freshly written paragraphs searchable. PostgreSQL's
        generated tsvector column needs nothing; SQLite fills its FTS5 table."""
        return None

    # -- what trace needs -------------------------------------------------------------------------
    def _bump_generation(self) -> None:
        """Inside a write's transaction: one more change to the documents."""
        self._execute("UPDATE generation SET n = n + 1")

    def generation(self) -> int:
        """A counter bumped by every write of a document (added, replaced, deleted)."""
        return int((self._one("SELECT n FROM generation") or (0,))[0])

    def version(self) -> tuple[Any, ...]:
        """Changes whenever documents are added, replaced or deleted: a cache key (the generation,
        not the count and latest ingest time, which stay put for a replacement within a second)."""
        return (self.generation(),)

    def index_rows(self) -> list[tuple[Any, ...]]:
        """Paragraphs a shingle index holds, in store order: (symbol, pid, date, doc_type, text,
        document id, title, paragraph id)."""
        return self._all(
            "SELECT d.symbol, p.pid, coalesce(d.date, ''), d.doc_type, p.text, d.id, d.title, p.id "
            "FROM paragraphs p JOIN documents d ON d.id = p.doc_id "
            "WHERE p.kind IN ('preambular', 'operative', 'body') ORDER BY p.id")

    def reuse_pending(self) -> set[int]:
        """Ids of documents the reuse job has not processed yet."""
        return {r[0] for r in self._all(
            "SELECT id FROM documents d WHERE NOT EXISTS (SELECT 1 FROM reuse_done r WHERE r.doc_id = d.id)")}

    def reuse_rows(self) -> list[tuple[Any, ...]]:
        """Stored reuse pairs: (symbol, pid, date, source symbol, source pid, source date, kind, ratio)."""
        return self._all(
            "SELECT d.symbol, p.pid, coalesce(d.date, ''), sd.symbol, sp.pid, coalesce(sd.date, ''), r.kind, r.ratio "
            "FROM reuse r JOIN paragraphs p ON p.id = r.paragraph_id JOIN documents d ON d.id = p.doc_id "
            "JOIN paragraphs sp ON sp.id = r.source_id JOIN documents sd ON sd.id = sp.doc_id "
            "ORDER BY d.symbol, p.seq, sd.date, sd.symbol")

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

    def delete_document(self, symbol: str) -> bool:
        with self.transaction():
            row = self._one("SELECT id FROM documents WHERE symbol = ?", (symbol,))
            if row is None:
                return False
            self._execute(self._q("DELETE FROM documents WHERE id = ?"), (row[0],))
            self._execute(self._q("DELETE FROM sources WHERE symbol = ?"), (symbol,))
            self._bump_generation()
        return True

    # -- ingest runs ------------------------------------------------------------------------------
    def start_run(self) -> int:
        with self.transaction():
            return self._insert_returning_id("INSERT INTO runs (started_at) VALUES (?)", (_now(),))

    def record_run(self, run_id: int, counts: dict[str, int], failures: list[tuple[str, str]]) -> None:
        """Inside a batch's transaction: the run's counts so far and its new failures, so that a
        killed run still shows what it stored."""
        self._execute(self._q(
            "UPDATE runs SET added = ?, replaced = ?, unchanged = ?, failed = failed + ? WHERE id = ?"),
            (counts.get("added", 0), counts.get("replaced", 0), counts.get("unchanged", 0), len(failures),
             run_id))
        if failures:
            self._executemany(self._q("INSERT INTO failures (run_id, path, reason) VALUES (?, ?, ?)"),
                              [(run_id, p, r) for p, r in failures])

    def finish_run(self, run_id: int, counts: dict[str, int], failures: list[tuple[str, str]]) -> None:
        """The run's final counts, the failures not yet recorded, and its end."""
        with self.transaction():
            self.record_run(run_id, counts, failures)
            self._execute(self._q("UPDATE runs SET finished_at = ? WHERE id = ?"), (_now(), run_id))

    def last_run(self) -> dict[str, Any] | None:
        """The latest ingest run; ``status`` is "unfinished" for one that never reached its end
        (killed, or still running)."""
        row = self._one("SELECT id, started_at, finished_at, added, replaced, unchanged, failed "
                        "FROM runs ORDER BY id DESC LIMIT 1")
        if row is None:
            return None
        keys = ("id", "started_at", "finished_at", "added", "replaced", "unchanged", "failed")
        out = dict(zip(keys, row, strict=True))
        out["status"] = "finished" if out["finished_at"] else "unfinished"
        out["failures"] = [{"path": p, "reason": r} for p, r in
                           self._all("SELECT path, reason FROM failures WHERE run_id = ? ORDER BY path", (row[0],))]
        return out

    # -- reading ------------------------------------------------------------------------------
    def _resolve(self, symbol: str) -> tuple[Any, ...] | None:
        cols = "id, " + ", ".join(_DOC_COLUMNS)
        row = self._one(f"SELECT {cols} FROM documents WHERE symbol = ?", (symbol,))
        if row is None:
            try:
                sym = parse(symbol)
            except SymbolError:
                return None
            row = self._one(f"SELECT {cols} FROM documents WHERE symbol = ?", (sym.canonical,))
            if row is None:
                row = self._one(f"SELECT {cols} FROM documents WHERE key = ? ORDER BY symbol LIMIT 1", (sym.key,))
        return row

    def get_document(self, symbol: str, with_paragraphs: bool = True) -> Document | None:
        """The stored document for a symbol in any written form ("S/RES/390", "resolution 390 (1976)")."""
        row = self._resolve(symbol)
        if row is None:
            return None
        doc_id, values = row[0], dict(zip(_DOC_COLUMNS, row[1:], strict=True))
        doc = Document(**{k: v for k, v in values.items() if k not in ("key", "n_paragraphs", "ingested_at")})
        if with_paragraphs:
            doc.paragraphs = [Paragraph(pid=r[0], seq=r[1], kind=r[2], label=r[3], parent=r[4], depth=r[5],
                                        text=r[6], hash=r[7])
                              for r in self._all("SELECT pid, seq, kind, label, parent, depth, text, hash "
                                                 "FROM paragraphs WHERE doc_id = ? ORDER BY seq", (doc_id,))]
            doc.citations = [Citation(from_pid=r[0], to_symbol=r[1], raw=r[2], body=r[3], doc_type=r[4])
                             for r in self._all("SELECT from_pid, to_symbol, raw, to_body, to_type "
                                                "FROM citations WHERE doc_id = ? ORDER BY id", (doc_id,))]
        return doc

    def list_documents(self, filters: Filters | None = None, limit: int = 100, offset: int = 0) -> list[Document]:
        where, params = self._filter_sql(filters or Filters(), kind_column=None)
        cols = ", ".join(_DOC_COLUMNS)
        rows = self._all(f"SELECT {cols} FROM documents d WHERE {where} ORDER BY d.year, d.symbol "
                         f"LIMIT ? OFFSET ?", (*params, limit, offset))
        docs = []
        for row in rows:
            values = dict(zip(_DOC_COLUMNS, row, strict=True))
            docs.append(Document(**{k: v for k, v in values.items() if k not in ("key", "n_paragraphs", "ingested_at")}))
        return docs

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

    FACETS = ("body", "doc_type", "year", "kind")

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
        """Documents with matching paragraphs, oldest first, with how many paragraphs match."""
        ids_sql, ids_params = self._matching_ids(query)
        where, params = self._filter_sql(filters or Filters())
        rows = self._all(
            f"SELECT d.symbol, d.title, d.date, d.year, d.body, d.doc_type, count(*) FROM paragraphs p "
            f"JOIN documents d ON d.id = p.doc_id WHERE p.id IN ({ids_sql}) AND {where} "
            f"GROUP BY d.symbol, d.title, d.date, d.year, d.body, d.doc_type "
            f"ORDER BY d.date, d.symbol LIMIT ?", (*ids_params, *params, limit))
        keys = ("symbol", "title", "date", "year", "body", "doc_type", "paragraphs")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def documents_per_year(self) -> list[tuple[int, str, int]]:
        """(year, body, documents) for the dashboard."""
        return [(y, b, n) for y, b, n in self._all(
            "SELECT year, body, count(*) FROM documents WHERE year IS NOT NULL GROUP BY year, body ORDER BY year, body")]

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
        return [CitationRow(row[1], *r) for r in self._all(
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
        return [CitationRow(r[0], r[1], r[2], r[3], r[4], r[5], resolved) for r in self._all(
            "SELECT d.symbol, c.from_pid, c.to_symbol, c.raw, c.to_body, c.to_type FROM citations c "
            "JOIN documents d ON d.id = c.doc_id WHERE c.to_key = ? ORDER BY d.year, d.symbol, c.id", (key,))]

    def iter_citations(self) -> Iterator[CitationRow]:
        for r in self._all(
                "SELECT d.symbol, c.from_pid, c.to_symbol, c.raw, c.to_body, c.to_type, "
                "(SELECT t.symbol FROM documents t WHERE t.key = c.to_key ORDER BY t.symbol LIMIT 1) "
                "FROM citations c JOIN documents d ON d.id = c.doc_id ORDER BY d.symbol, c.id"):
            yield CitationRow(*r)

    def stats(self) -> dict[str, Any]:
        by = [{"body": b, "doc_type": t, "documents": n, "paragraphs": p or 0} for b, t, n, p in self._all(
            "SELECT body, doc_type, count(*), sum(n_paragraphs) FROM documents GROUP BY body, doc_type "
            "ORDER BY body, doc_type")]
        kinds = dict(self._all("SELECT kind, count(*) FROM paragraphs GROUP BY kind ORDER BY kind"))
        totals = self._one("SELECT count(*), coalesce(sum(n_paragraphs), 0) FROM documents") or (0, 0)
        citations = self._one("SELECT count(*) FROM citations") or (0,)
        resolved = self._one("SELECT count(*) FROM citations c WHERE EXISTS "
                             "(SELECT 1 FROM documents t WHERE t.key = c.to_key)") or (0,)
        return {"backend": self.dialect, "documents": totals[0], "paragraphs": int(totals[1]),
                "citations": citations[0], "citations_resolved": resolved[0],
                "by_body_and_type": by, "paragraphs_by_kind": kinds, "last_run": self.last_run()}


def _split_sql(script: str) -> list[str]:
    """Statements of a migration; trigger bodies (BEGIN … END;) stay whole."""
    statements: list[str] = []
    buf: list[str] = []
    in_trigger = False
    for line in script.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("--"):
            continue
        buf.append(line)
        if stripped.upper().startswith("CREATE TRIGGER"):
            in_trigger = True
        if (in_trigger and stripped.upper() == "END;") or (not in_trigger and stripped.endswith(";")):
            statements.append("\n".join(buf).rstrip().rstrip(";") if not in_trigger else "\n".join(buf))
            buf = []
            in_trigger = False
    if buf:
        statements.append("\n".join(buf))
    return statements
