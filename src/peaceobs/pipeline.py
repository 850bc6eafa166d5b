"""The ingest pipeline: files → read → structure → store, one plain function per stage.

Each file is its own transaction: a failure is recorded with a one-line reason and the batch
goes on; nothing of a failed file reaches the store. Each file is read within a budget of time
and memory (:data:`TIME_BUDGET`, :data:`MEMORY_BUDGET`), so one hostile file fails alone.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from .ingest import ReaderError, is_readable, read
from .ingest.base import MAX_FILE_BYTES, NotADocument, content_hash
from .model import Document, Outcome
from .settings import Settings
from .store import Store
from .structure import structure
from .structure.metadata import heading_mismatch

log = logging.getLogger(__name__)

__all__ = ["IngestReport", "Loaded", "expand_paths", "load", "read_stage", "read_many",
           "unchanged_stage", "write_stage", "ingest_paths"]

Progress = Callable[[str, str], None]  # (path, outcome)


@dataclass(slots=True)
class IngestReport:
    counts: dict[str, int] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    paragraphs: int = 0
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (path, reason): stored, but said

    def add(self, outcome: str) -> None:
        self.counts[outcome] = self.counts.get(outcome, 0) + 1

    @property
    def ok(self) -> bool:
        return not self.failures

    def to_dict(self) -> dict[str, object]:
        return {"counts": self.counts, "paragraphs": self.paragraphs,
                "failures": [{"path": p, "reason": r} for p, r in self.failures],
                "warnings": [{"path": p, "reason": r} for p, r in self.warnings]}


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
    outcome: str = ""  # Outcome.FAILED or Outcome.SKIPPED when doc is None
    reason: str = ""
    warning: str | None = None  # stored all the same, but worth a look (structure.metadata.heading_mismatch)


# What one file may cost to read and structure: the corpus's largest file takes seconds and
# tens of MB. Past either bound the file fails ("over the time budget (N s)") and the batch goes
# on. Environment: PEACEOBS_FILE_SECONDS, PEACEOBS_FILE_MEMORY_MB.
TIME_BUDGET = Settings.from_env().file_seconds
MEMORY_BUDGET = int(Settings.from_env().file_memory_mb * 2**20)
_TICK = 0.1  # seconds between checks of the budget


class OverBudget(BaseException):
    """Raised into a file's reading when it passes its budget. A BaseException, so that a reader's
    ``except Exception`` (a corrupt file's many error types) cannot swallow it."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def _rss() -> int:
    """This process's resident memory in bytes (0 where /proc is not there: no memory check)."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


@contextlib.contextmanager
def budget(seconds: float = TIME_BUDGET, memory: int = MEMORY_BUDGET) -> Iterator[None]:
    """Raise :class:`OverBudget` into the block once it has run ``seconds`` or grown this process's
    resident memory by ``memory`` bytes (0: no bound).

    A timer signal checks both every tenth of a second, so only the main thread of a process can
    be bounded (elsewhere — Dask's worker threads — the block runs unbounded); code inside one
    long C call is stopped when it returns to Python.
    """
    if (threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer")
            or signal.getsignal(signal.SIGALRM) not in (signal.SIG_DFL, signal.SIG_IGN, None)):
        yield
        return
    start = time.monotonic()
    base = _rss() if memory else 0

    def check(signum: int, frame: Any) -> None:
        reason = None
        if time.monotonic() - start > seconds:
            reason = f"over the time budget ({seconds:g} s)"
        elif base and _rss() - base > memory:
            reason = f"over the memory budget ({memory / 2**20:.0f} MiB)"
        if reason is not None:
            signal.setitimer(signal.ITIMER_REAL, 0)
            raise OverBudget(reason)

    previous = signal.signal(signal.SIGALRM, check)
    signal.setitimer(signal.ITIMER_REAL, min(_TICK, seconds), _TICK)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def read_stage(item: tuple[Path, bool], limits: tuple[float, int] | None = None) -> Loaded:
    """Read and structure one file within ``limits`` (seconds, bytes; default the module's budget);
    failures become data, never exceptions.

    The file is read by its resolved path (the document's ``source``), so the same file named
    another way (relative, absolute, ``./a/../a``, a link) is the same source and the same document.
    """
    path, explicit = item
    seconds, memory = limits or (TIME_BUDGET, MEMORY_BUDGET)
    try:
        try:
            real = path.resolve()
        except (OSError, RuntimeError):
            real = path
        try:
            with budget(seconds, memory):
                doc = load(real)
        except MemoryError:
            raise OverBudget("out of memory") from None
        return Loaded(str(path), doc, warning=heading_mismatch(doc))
    except OverBudget as exc:
        return Loaded(str(path), None, Outcome.FAILED, exc.reason)
    except NotADocument as exc:
        return Loaded(str(path), None, Outcome.FAILED if explicit else Outcome.SKIPPED, exc.reason)
    except ReaderError as exc:
        return Loaded(str(path), None, Outcome.FAILED, exc.reason)
    except OSError as exc:
        return Loaded(str(path), None, Outcome.FAILED, f"cannot read: {exc.strerror or exc}")


def unchanged_stage(store: Store, path: Path) -> bool:
    """Whether the store already holds this exact file (by resolved path and content hash)."""
    try:
        if not path.is_file() or not 0 < path.stat().st_size <= MAX_FILE_BYTES:
            return False
        return store.source_unchanged(str(path.resolve()), content_hash(path.read_bytes()))
    except OSError:
        return False


def write_stage(store: Store, loaded: Loaded, report: IngestReport) -> str:
    """Store one structured document (inside the caller's batch transaction)."""
    if loaded.doc is None:
        if loaded.outcome == Outcome.FAILED:
            log.info("%s: %s", loaded.path, loaded.reason)  # the report lists it too
            report.failures.append((loaded.path, loaded.reason))
        report.add(loaded.outcome)
        return loaded.outcome
    try:
        outcome = store.put_document(loaded.doc)
    except Exception as exc:  # a database error for this document only: its savepoint is undone
        reason = f"cannot store: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
        log.info("%s: %s", loaded.path, reason)
        report.failures.append((loaded.path, reason))
        report.add(Outcome.FAILED)
        return Outcome.FAILED
    report.add(outcome)
    if outcome in (Outcome.ADDED, Outcome.REPLACED):
        report.paragraphs += len(loaded.doc.paragraphs)
    if loaded.warning and outcome != Outcome.ALTERNATE:
        log.info("%s: %s", loaded.path, loaded.warning)
        report.warnings.append((loaded.path, loaded.warning))
    return outcome


def read_many(items: list[tuple[Path, bool]], limits: tuple[float, int] | None = None) -> list[Loaded]:
    """:func:`read_stage` over a batch: the unit of work sent to a worker process."""
    return [read_stage(item, limits) for item in items]


def _worker_init(parent: int) -> None:
    """In each worker process: exit when the parent dies (a ``kill -9`` of ingest would otherwise
    leave the workers running, blocked on their pipe)."""
    with contextlib.suppress(Exception):  # Linux: the kernel sends SIGKILL when the parent goes
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGKILL), 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # already gone before prctl took effect
        os._exit(1)

    def watch() -> None:  # elsewhere (and as a second guard): look every second
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="peaceobs-parent-watch", daemon=True).start()


class _Readers:
    """Where files are read: in this process, in a pool of worker processes, or on Dask.

    A worker that dies (killed, out of memory) breaks a process pool: the pool is made again, the
    files of the batches it held are read again one at a time, and the one it dies on fails alone.
    """

    def __init__(self, workers: int, scheduler: str | None, limits: tuple[float, int]) -> None:
        self.workers = workers
        self.limits = limits
        self.cluster: Any = None
        self.pool: Any = None
        if scheduler is not None:
            from dask.distributed import Client, LocalCluster

            self.cluster = LocalCluster(n_workers=max(2, workers), threads_per_worker=1, processes=True,
                                        dashboard_address=None) if scheduler == "local" else None
            self.pool = Client(self.cluster if self.cluster is not None else scheduler)
        elif workers > 1:
            self.pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.workers, initializer=_worker_init, initargs=(os.getpid(),))

    def submit(self, items: list[tuple[Path, bool]]) -> Any:
        if self.pool is None:
            return read_many(items, self.limits)
        try:
            return self.pool.submit(read_many, items, self.limits)
        except BrokenProcessPool:
            self._renew()
            return self.pool.submit(read_many, items, self.limits)

    def result(self, handle: Any, items: list[tuple[Path, bool]]) -> list[Loaded]:
        if isinstance(handle, list):
            return handle
        try:
            return list(handle.result())
        except Exception:  # noqa: BLE001 - a broken pool or a lost Dask worker: one file at a time
            return [self._alone(item) for item in items]

    def _alone(self, item: tuple[Path, bool]) -> Loaded:
        for _ in range(2):  # a pool broken by another batch's file is made again, once
            try:
                return self.pool.submit(read_many, [item], self.limits).result()[0]
            except BrokenProcessPool:
                self._renew()
            except Exception as exc:  # noqa: BLE001
                return Loaded(str(item[0]), None, Outcome.FAILED, f"reading failed: {type(exc).__name__}: "
                              f"{str(exc).splitlines()[0] if str(exc) else ''}")
        return Loaded(str(item[0]), None, Outcome.FAILED, "the process reading it died (killed, or out of memory)")

    def _renew(self) -> None:
        if isinstance(self.pool, ProcessPoolExecutor):
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.pool = self._new_pool()

    def close(self) -> None:
        if isinstance(self.pool, ProcessPoolExecutor):
            self.pool.shutdown(cancel_futures=True)
        elif self.pool is not None:
            self.pool.close()
        if self.cluster is not None:
            self.cluster.close()


def ingest_paths(store: Store, paths: Iterable[str | Path], progress: Progress | None = None,
                 force: bool = False, workers: int = 1, batch: int = BATCH,
                 scheduler: str | None = None, time_budget: float | None = None,
                 memory_budget: int | None = None) -> IngestReport:
    """Ingest files and directories into ``store``; see :class:`IngestReport`.

    ``workers`` > 1 reads and structures files in that many processes, a few batches ahead of
    the writes; ``scheduler`` does the same on Dask ("local" starts a local cluster,
    "tcp://host:8786" uses a running one — the files must be readable there at the same paths).
    The store is written by this process alone, in file order, so the result is the same
    whichever runs the reading. Each file is read within ``time_budget`` seconds and
    ``memory_budget`` bytes (default :data:`TIME_BUDGET`, :data:`MEMORY_BUDGET`).

    The run is recorded as it goes (counts and failures with each committed batch), and marked
    finished at the end: a killed run shows what it stored, and that it did not finish.
    """
    report = IngestReport()
    run_id = store.start_run()
    limits = (TIME_BUDGET if time_budget is None else time_budget,
              MEMORY_BUDGET if memory_budget is None else memory_budget)
    readers = _Readers(workers, scheduler, limits)
    recorded = 0  # failures already written to the run
    try:
        for done, loaded in _read_ahead(store, expand_paths(paths), readers, batch, force, report):
            with store.transaction():
                for item in loaded:
                    done.append((item.path, write_stage(store, item, report)))
                store.record_run(run_id, report.counts, report.failures[recorded:])
                recorded = len(report.failures)
            if progress is not None:  # reported once committed
                for path_s, outcome in done:
                    progress(path_s, outcome)
    finally:
        readers.close()
        store.finish_run(run_id, report.counts, report.failures[recorded:])
    if report.counts.get(Outcome.ADDED) or report.counts.get(Outcome.REPLACED):
        from .trace import refresh_index  # the saved trace index follows (trace/persist.py)

        refresh_index(store)
    from .topk import after_ingest

    after_ingest(store)  # the top-k index beside the store, if there is one: never fails the ingest
    return report


def _read_ahead(store: Store, files: Iterator[tuple[Path, bool]], readers: _Readers,
                batch: int, force: bool, report: IngestReport
                ) -> Iterator[tuple[list[tuple[str, str]], list[Loaded]]]:
    """Batches of loaded files, in order; with a pool, up to ``AHEAD`` batches are in flight."""
    # (done, files sent, future or list of Loaded)
    pending: deque[tuple[list[tuple[str, str]], list[tuple[Path, bool]], Any]] = deque()
    while True:
        chunk = list(islice(files, batch))
        if chunk:
            done: list[tuple[str, str]] = []
            todo = []
            for path, explicit in chunk:
                if not force and unchanged_stage(store, path):
                    report.add(Outcome.UNCHANGED)
                    done.append((str(path), Outcome.UNCHANGED))
                else:
                    todo.append((path, explicit))
            pending.append((done, todo, readers.submit(todo)))
        if pending and (not chunk or len(pending) > AHEAD):
            done, todo, handle = pending.popleft()
            yield done, readers.result(handle, todo)
        elif not chunk:
            return


AHEAD = 2
