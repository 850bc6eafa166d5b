"""The ingest pipeline: files → read → structure → store, one plain function per stage.

Each file is its own transaction: a failure is recorded with a one-line reason and the batch
goes on; nothing of a failed file reaches the store.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .ingest import ReaderError, is_readable, read
from .ingest.base import MAX_FILE_BYTES, NotADocument, content_hash
from .model import Document
from .store import Store
from .structure import structure

__all__ = ["IngestReport", "expand_paths", "load", "ingest_paths"]

Progress = Callable[[str, str], None]  # (path, outcome)


@dataclass(slots=True)
class IngestReport:
    counts: dict[str, int] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    paragraphs: int = 0

    def add(self, outcome: str) -> None:
        self.counts[outcome] = self.counts.get(outcome, 0) + 1

    @property
    def ok(self) -> bool:
        return not self.failures

    def to_dict(self) -> dict[str, object]:
        return {"counts": self.counts, "paragraphs": self.paragraphs,
                "failures": [{"path": p, "reason": r} for p, r in self.failures]}


def expand_paths(paths: Iterable[str | Path]) -> Iterator[tuple[Path, bool]]:
    """Files to ingest, each with whether it was named explicitly (a directory's files are not).

    Inside directories only files with a known extension are taken, in sorted order.
    """
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs.sort()
                for name in sorted(files):
                    f = Path(root) / name
                    if is_readable(f):
                        yield f, False
        else:
            yield p, True


def load(path: Path) -> Document:
    """Read and structure one file (the CPU-bound half of ingest; no store needed)."""
    return structure(read(path))


def ingest_paths(store: Store, paths: Iterable[str | Path], progress: Progress | None = None,
                 force: bool = False) -> IngestReport:
    """Ingest files and directories into ``store``; see :class:`IngestReport`."""
    report = IngestReport()
    run_id = store.start_run()
    try:
        for path, explicit in expand_paths(paths):
            outcome = _ingest_one(store, path, explicit, report, force)
            if progress is not None:
                progress(str(path), outcome)
    finally:
        store.finish_run(run_id, report.counts, report.failures)
    return report


def _ingest_one(store: Store, path: Path, explicit: bool, report: IngestReport, force: bool) -> str:
    try:
        if not force and path.is_file() and 0 < path.stat().st_size <= MAX_FILE_BYTES:
            if store.source_unchanged(str(path), content_hash(path.read_bytes())):
                report.add("unchanged")
                return "unchanged"
        doc = load(path)
    except NotADocument as exc:
        if explicit:
            report.failures.append((str(path), exc.reason))
            report.add("failed")
            return "failed"
        report.add("skipped")
        return "skipped"
    except ReaderError as exc:
        report.failures.append((str(path), exc.reason))
        report.add("failed")
        return "failed"
    except OSError as exc:
        report.failures.append((str(path), f"cannot read: {exc.strerror or exc}"))
        report.add("failed")
        return "failed"
    outcome = store.put_document(doc)
    report.add(outcome)
    if outcome in ("added", "replaced"):
        report.paragraphs += len(doc.paragraphs)
    return outcome
