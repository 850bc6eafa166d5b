"""The store's core: connection hooks each backend implements, the one public way to run SQL
(:meth:`StoreCore.query`), migrations, and helpers the feature mixins share."""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
from abc import ABC, abstractmethod
from collections.abc import Sequence
from importlib import resources
from typing import Any

from ..symbols import SymbolError, parse

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


def redacted_url(url: str) -> str:
    """A store's URL with its password left out: what a log line or a digest may hold."""
    head, sep, tail = url.partition("://")
    if sep and "@" in tail:
        cred, _, rest = tail.rpartition("@")
        return f"{head}://{cred.split(':', 1)[0]}@{rest}"
    return url


def url_digest(url: str) -> str:
    """A short name for a store's URL, its password left out: the folder of an index kept for it
    in a cache (the provenance and top-k indexes of a PostgreSQL store)."""
    return hashlib.sha256(redacted_url(url).encode()).hexdigest()[:16]


class StoreCore(ABC):
    """What every feature of the store stands on: a connection and its dialect."""

    dialect: str = ""
    placeholder = "?"

    def __init__(self, url: str) -> None:
        self.url = url

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

    def __enter__(self) -> StoreCore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _q(self, sql: str) -> str:
        return sql if self.placeholder == "?" else sql.replace("?", self.placeholder)

    def _all(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return list(self._execute(self._q(sql), params).fetchall())

    def _one(self, sql: str, params: Sequence[Any] = ()) -> tuple[Any, ...] | None:
        return self._execute(self._q(sql), params).fetchone()

    def migrate(self) -> int:
        """Apply the migrations this database lacks — each one not yet recorded, not only those
        past the highest (a migration numbered below one already applied still runs); returns
        the schema version (the highest applied)."""
        self._execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
        applied = {v for (v,) in self._all("SELECT version FROM schema_version")}
        folder = resources.files("peaceobs.store") / "migrations" / self.dialect
        scripts = sorted((f for f in folder.iterdir() if f.name.endswith(".sql")), key=lambda f: f.name)
        for script in scripts:
            version = int(script.name.split("_", 1)[0])
            if version in applied:
                continue
            with self.transaction():
                self._run_script(script.read_text())
                self._execute(self._q("INSERT INTO schema_version (version) VALUES (?)"), (version,))
            applied.add(version)
        return max(applied, default=0)

    def _run_script(self, script: str) -> None:
        for statement in _split_sql(script):
            self._execute(statement)

    def _audit(self, actor: str, action: str, obj: str, before: Any, after: Any) -> None:
        """One entry of the append-only audit log (migration 011), inside the caller's
        transaction: every feature that writes (tracker, packs, scales) audits through here."""
        self._execute(self._q("INSERT INTO audit_log (at, actor, action, object, before, after) "
                              "VALUES (?, ?, ?, ?, ?, ?)"),
                      (_now(), actor, action, obj, None if before is None else json.dumps(before, default=str),
                       None if after is None else json.dumps(after, default=str)))

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows of one read-only SQL statement, ``?`` placeholders on both backends (for tests,
        benchmarks and one-off questions; features use the store's own methods)."""
        return self._all(sql, params)


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
        if stripped.upper().startswith("CREATE TRIGGER") and not stripped.endswith(";"):
            in_trigger = True  # a body of statements follows, up to END; (a one-line trigger is whole)
        if (in_trigger and stripped.upper() == "END;") or (not in_trigger and stripped.endswith(";")):
            statements.append("\n".join(buf).rstrip().rstrip(";") if not in_trigger else "\n".join(buf))
            buf = []
            in_trigger = False
    if buf:
        statements.append("\n".join(buf))
    return statements
