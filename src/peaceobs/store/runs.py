"""Ingest runs and the store's statistics."""

from __future__ import annotations

from typing import Any

from .core import StoreCore, _now


class RunsMixin(StoreCore):
    """Ingest runs and the store's statistics."""

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

    def documents_per_year(self) -> list[tuple[int, str, int]]:
        """(year, body, documents) for the dashboard."""
        return [(y, b, n) for y, b, n in self._all(
            "SELECT year, body, count(*) FROM documents WHERE year IS NOT NULL GROUP BY year, body ORDER BY year, body")]
