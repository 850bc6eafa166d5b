"""Documents in and out: write one in a transaction, read, list, delete; the generation counter."""

from __future__ import annotations

from typing import Any, NamedTuple

from ..model import Citation, Document, Outcome, Paragraph
from ..query import Filters
from ..symbols import SymbolError, parse
from .core import _DOC_COLUMNS, FORMAT_RANK, StoreCore, _absolute, _now, document_key


class TitledDocument(NamedTuple):
    symbol: str
    title: str
    body: str
    doc_type: str
    year: int | None


class DocumentsMixin(StoreCore):
    """Documents in and out: write one in a transaction, read, list, delete; the generation counter."""

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
            outcome = Outcome.ADDED
            if row is not None:
                doc_id, source, fmt, chash = row
                if chash == doc.content_hash and not self._same_structure(doc_id, doc):
                    # The same bytes read another way (a newer peaceobs, `ingest --force`): the
                    # document as read now replaces the one stored.
                    self._execute(self._q("DELETE FROM documents WHERE id = ?"), (doc_id,))
                    outcome = Outcome.REPLACED
                elif chash == doc.content_hash:
                    # The same bytes: the same document, whatever path named the file (relative,
                    # absolute, through a link). Nothing is rewritten.
                    outcome = Outcome.UNCHANGED
                    if source != doc.source and not _absolute(source):
                        # Stored before sources were keyed by resolved path: adopt this one and
                        # drop the old relative name's row.
                        self._execute(self._q("UPDATE documents SET source = ? WHERE id = ?"), (doc.source, doc_id))
                        self._execute(self._q(
                            "DELETE FROM sources WHERE symbol = ? AND content_hash = ? AND path <> ?"),
                            (doc.symbol, doc.content_hash, doc.source))
                        source = doc.source
                elif source != doc.source and FORMAT_RANK.get(fmt, 0) > FORMAT_RANK.get(doc.source_format, 0):
                    outcome = Outcome.ALTERNATE
                else:
                    self._execute(self._q("DELETE FROM documents WHERE id = ?"), (doc_id,))
                    outcome = Outcome.REPLACED
            if outcome in (Outcome.ADDED, Outcome.REPLACED):
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

    def _same_structure(self, doc_id: int, doc: Document) -> bool:
        """Whether the stored document is ``doc`` as read now: its metadata, paragraphs (ids,
        kinds, labels, nesting, text hashes, pages) and citations."""
        meta = self._one("SELECT title, date, year, session, body, doc_type, agenda_item, language, source_format "
                         "FROM documents WHERE id = ?", (doc_id,))
        if meta is None or tuple(meta) != (doc.title, doc.date, doc.year, doc.session, doc.body, doc.doc_type,
                                           doc.agenda_item, doc.language, doc.source_format):
            return False
        stored = [tuple(r) for r in self._all("SELECT pid, seq, kind, label, parent, depth, hash, page "
                                              "FROM paragraphs WHERE doc_id = ? ORDER BY seq", (doc_id,))]
        if stored != [(p.pid, p.seq, str(p.kind), p.label, p.parent, p.depth, p.hash, p.page) for p in doc.paragraphs]:
            return False
        cites = [tuple(r) for r in self._all("SELECT from_pid, to_symbol, raw, to_body, to_type FROM citations "
                                             "WHERE doc_id = ? ORDER BY id", (doc_id,))]
        return cites == [(c.from_pid, c.to_symbol, c.raw, c.body, c.doc_type) for c in doc.citations]

    def _insert_document(self, doc: Document) -> None:
        values = (doc.symbol, document_key(doc.symbol), doc.title, doc.date, doc.year, doc.session,
                  doc.body, doc.doc_type, doc.agenda_item, doc.language, doc.source,
                  doc.source_format, doc.content_hash, len(doc.paragraphs), _now())
        cols = ", ".join(_DOC_COLUMNS)
        marks = ", ".join("?" for _ in _DOC_COLUMNS)
        doc_id = self._insert_returning_id(f"INSERT INTO documents ({cols}) VALUES ({marks})", values)
        self._executemany(self._q(
            "INSERT INTO paragraphs (doc_id, pid, seq, kind, label, parent, depth, text, hash, page) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
            [(doc_id, p.pid, p.seq, p.kind, p.label, p.parent, p.depth, p.text, p.hash, p.page)
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

    def delete_document(self, symbol: str) -> bool:
        with self.transaction():
            row = self._one("SELECT id FROM documents WHERE symbol = ?", (symbol,))
            if row is None:
                return False
            self._execute(self._q("DELETE FROM documents WHERE id = ?"), (row[0],))
            self._execute(self._q("DELETE FROM sources WHERE symbol = ?"), (symbol,))
            self._bump_generation()
        return True

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
                                        text=r[6], hash=r[7], page=r[8])
                              for r in self._all("SELECT pid, seq, kind, label, parent, depth, text, hash, page "
                                                 "FROM paragraphs WHERE doc_id = ? ORDER BY seq", (doc_id,))]
            doc.citations = [Citation(from_pid=r[0], to_symbol=r[1], raw=r[2], body=r[3], doc_type=r[4])
                             for r in self._all("SELECT from_pid, to_symbol, raw, to_body, to_type "
                                                "FROM citations WHERE doc_id = ? ORDER BY id", (doc_id,))]
        return doc

    def documents_titled(self, *phrases: str, filters: Filters | None = None,
                         limit: int | None = None) -> list[TitledDocument]:
        """Documents whose title holds any of the phrases (any case; "%" and "_" are themselves),
        the newest first, undated last, under the filters (not the paragraph kind)."""
        if not phrases:
            return []
        where, params = self._filter_sql(filters or Filters(), kind_column=None)
        # ILIKE on PostgreSQL can use the titles' trigram index; SQLite's LIKE ignores ASCII case.
        like = "d.title ILIKE ? ESCAPE '\\'" if self.dialect == "postgres" else "d.title LIKE ? ESCAPE '\\'"
        held = " OR ".join(like for _ in phrases)
        patterns = ["%" + p.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%" for p in phrases]
        rows = self._all(f"SELECT d.symbol, d.title, d.body, d.doc_type, d.year FROM documents d "
                         f"WHERE ({held}) AND {where} "
                         f"ORDER BY CASE WHEN d.year IS NULL THEN 1 ELSE 0 END, d.year DESC, d.symbol"
                         + (" LIMIT ?" if limit is not None else ""),
                         (*patterns, *params, *([limit] if limit is not None else [])))
        return [TitledDocument(*row) for row in rows]

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
