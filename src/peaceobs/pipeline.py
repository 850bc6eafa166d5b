"""The ingest pipeline: files → read → structure → store, one plain function per stage.

Each file is its own transaction: a failure is recorded with a one-line reason and the batch
goes on; nothing of a failed file reaches the store.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from .ingest import ReaderError, is_readable, read
from .ingest.base import MAX_FILE_BYTES, NotADocument, content_hash
from .model import Document
from .store import Store
from .structure import structure

__all__ = ["IngestReport", "Loaded", "expand_paths", "load", "read_stage", "read_many",
           "unchanged_stage", "write_stage", "ingest_paths"]

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


# Documents written per commit. Each document is still all-or-nothing (a savepoint); the batch
# only saves the cost of a commit per file. A killed process loses at most the open batch.
BATCH = 64


@dataclass(slots=True)
class Loaded:
    """The outcome of the read+structure stage for one file (picklable, for worker processes)."""

    path: str
    doc: Document | None = None
    outcome: str = ""  # "failed" or "skipped" when doc is None
    reason: str = ""


def read_stage(item: tuple[Path, bool]) -> Loaded:
    """Read and structure one file; failures become data, never exceptions."""
    path, explicit = item
    try:
        return Loaded(str(path), load(path))
    except NotADocument as exc:
        return Loaded(str(path), None, "failed" if explicit else "skipped", exc.reason)
    except ReaderError as exc:
        return Loaded(str(path), None, "failed", exc.reason)
    except OSError as exc:
        return Loaded(str(path), None, "failed", f"cannot read: {exc.strerror or exc}")


def unchanged_stage(store: Store, path: Path) -> bool:
    """Whether the store already holds this exact file (by path and content hash)."""
    try:
        if not path.is_file() or not 0 < path.stat().st_size <= MAX_FILE_BYTES:
            return False
        return store.source_unchanged(str(path), content_hash(path.read_bytes()))
    except OSError:
        return False


def write_stage(store: Store, loaded: Loaded, report: IngestReport) -> str:
    """Store one structured document (inside the caller's batch transaction)."""
    if loaded.doc is None:
        if loaded.outcome == "failed":
            report.failures.append((loaded.path, loaded.reason))
        report.add(loaded.outcome)
        return loaded.outcome
    try:
        outcome = store.put_document(loaded.doc)
    except Exception as exc:  # a database error for this document only: its savepoint is undone
        reason = f"cannot store: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        report.failures.append((loaded.path, reason))
        report.add("failed")
        return "failed"
    report.add(outcome)
    if outcome in ("added", "replaced"):
        report.paragraphs += len(loaded.doc.paragraphs)
    return outcome


def read_many(items: list[tuple[Path, bool]]) -> list[Loaded]:
    """:func:`read_stage` over a batch: the unit of work sent to a worker process."""
    return [read_stage(item) for item in items]


def ingest_paths(store: Store, paths: Iterable[str | Path], progress: Progress | None = None,
                 force: bool = False, workers: int = 1, batch: int = BATCH,
                 scheduler: str | None = None) -> IngestReport:
    """Ingest files and directories into ``store``; see :class:`IngestReport`.

    ``workers`` > 1 reads and structures files in that many processes, a few batches ahead of
    the writes; ``scheduler`` does the same on Dask ("local" starts a local cluster,
    "tcp://host:8786" uses a running one — the files must be readable there at the same paths).
    The store is written by this process alone, in file order, so the result is the same
    whichever runs the reading.
    """
    report = IngestReport()
    run_id = store.start_run()
    cluster = None
    pool: Any = None
    if scheduler is not None:
        from dask.distributed import Client, LocalCluster

        cluster = LocalCluster(n_workers=max(2, workers), threads_per_worker=1, processes=True,
                               dashboard_address=None) if scheduler == "local" else None
        pool = Client(cluster if cluster is not None else scheduler)
    elif workers > 1:
        pool = ProcessPoolExecutor(workers)
    try:
        for done, loaded in _read_ahead(store, expand_paths(paths), pool, batch, force, report):
            with store.transaction():
                for item in loaded:
                    done.append((item.path, write_stage(store, item, report)))
            if progress is not None:  # reported once committed
                for path_s, outcome in done:
                    progress(path_s, outcome)
        if report.counts.get("added") or report.counts.get("replaced"):
            from .trace import refresh_index  # the saved trace index follows (trace/persist.py)

            refresh_index(store)
    finally:
        if isinstance(pool, ProcessPoolExecutor):
            pool.shutdown(cancel_futures=True)
        elif pool is not None:
            pool.close()
        if cluster is not None:
            cluster.close()
        store.finish_run(run_id, report.counts, report.failures)
    return report


def _read_ahead(store: Store, files: Iterator[tuple[Path, bool]], pool: Any,
                batch: int, force: bool, report: IngestReport
                ) -> Iterator[tuple[list[tuple[str, str]], list[Loaded]]]:
    """Batches of loaded files, in order; with a pool, up to ``AHEAD`` batches are in flight."""
    pending: deque[tuple[list[tuple[str, str]], Any]] = deque()  # (done, future or list of Loaded)
    while True:
        chunk = list(islice(files, batch))
        if chunk:
            done: list[tuple[str, str]] = []
            todo = []
            for path, explicit in chunk:
                if not force and unchanged_stage(store, path):
                    report.add("unchanged")
                    done.append((str(path), "unchanged"))
                else:
                    todo.append((path, explicit))
            pending.append((done, pool.submit(read_many, todo) if pool else read_many(todo)))
        if pending and (not chunk or len(pending) > AHEAD):
            done, result = pending.popleft()
            yield done, result if isinstance(result, list) else result.result()
        elif not chunk:
            return


AHEAD = 2
