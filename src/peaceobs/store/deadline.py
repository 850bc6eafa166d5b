"""A time bound per query: past it the query is stopped and refused (HTTP 400, exit 2).

SQLite: one watchdog thread per process interrupts the connection (``sqlite3_interrupt``) once the
query's thread has spent the budget in CPU time, or ten times the budget in wall time. CPU time,
so that a legitimate query is not refused because 20 others share the cores; the wall bound
catches a query that waits. A progress handler would do the same but takes the GIL every few
thousand SQLite instructions, which costs the other threads of a server.

PostgreSQL: ``SET LOCAL statement_timeout`` (wall time, on the server) around the query.

The budget is :data:`QUERY_SECONDS` (environment ``PEACEOBS_QUERY_SECONDS``, default 0.75 s), read
at each query: below 1 s, so that a request of two bounded queries (the API's search and facets) is
answered or refused within a second.
"""

from __future__ import annotations

import heapq
import itertools
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..query import QueryTooLarge
from ..settings import Settings

QUERY_SECONDS = Settings.from_env().query_seconds
WALL_FACTOR = 10  # a query stopped after this many budgets of wall time, whatever its CPU time


def too_long(seconds: float) -> QueryTooLarge:
    return QueryTooLarge(f"the query took too long (over {seconds:g} s); narrow it: fewer prefixes or "
                         "common words, a phrase, or filters")


def _thread_clock() -> int | None:
    try:
        return time.pthread_getcpuclockid(threading.get_ident())
    except (AttributeError, OSError):  # not on this platform: wall time only
        return None


class _Watch:
    __slots__ = ("conn", "clock", "cpu0", "wall0", "seconds", "active", "fired")

    def __init__(self, conn: sqlite3.Connection, seconds: float) -> None:
        self.conn = conn
        self.clock = _thread_clock()
        self.cpu0 = time.clock_gettime(self.clock) if self.clock is not None else 0.0
        self.wall0 = time.monotonic()
        self.seconds = seconds
        self.active = True
        self.fired = False

    def spent(self) -> float:
        """Seconds of the budget spent: CPU time of the query's thread (wall time where unknown)."""
        if self.clock is None:
            return time.monotonic() - self.wall0
        try:
            return time.clock_gettime(self.clock) - self.cpu0
        except OSError:  # the thread is gone
            return 0.0


class _Watchdog:
    def __init__(self) -> None:
        self.cv = threading.Condition()
        self.heap: list[tuple[float, int, _Watch]] = []
        self.order = itertools.count()
        self.thread: threading.Thread | None = None

    def add(self, watch: _Watch) -> None:
        with self.cv:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(target=self._run, name="peaceobs-query-watchdog", daemon=True)
                self.thread.start()
            heapq.heappush(self.heap, (watch.wall0 + watch.seconds, next(self.order), watch))
            self.cv.notify()

    def done(self, watch: _Watch) -> None:
        with self.cv:
            watch.active = False

    def _run(self) -> None:
        with self.cv:
            while True:
                while self.heap and not self.heap[0][2].active:
                    heapq.heappop(self.heap)
                if not self.heap:
                    self.cv.wait()
                    continue
                due, _, watch = self.heap[0]
                now = time.monotonic()
                if due > now:
                    self.cv.wait(due - now)
                    continue
                heapq.heappop(self.heap)
                left = watch.seconds - watch.spent()
                if left <= 0 or now - watch.wall0 >= watch.seconds * WALL_FACTOR:
                    watch.fired = True
                    watch.conn.interrupt()  # under the lock: the query cannot have been marked done
                else:
                    heapq.heappush(self.heap, (now + max(left, 0.005), next(self.order), watch))


_WATCHDOG = _Watchdog()


@contextmanager
def sqlite_bound(conn: sqlite3.Connection, seconds: float | None = None) -> Iterator[None]:
    """Run the block's statements on ``conn`` within the budget; past it, :class:`QueryTooLarge`."""
    seconds = QUERY_SECONDS if seconds is None else seconds
    if seconds <= 0:
        yield
        return
    watch = _Watch(conn, seconds)
    _WATCHDOG.add(watch)
    try:
        yield
    except sqlite3.OperationalError as exc:
        if watch.fired and "interrupt" in str(exc):
            raise too_long(seconds) from None
        raise
    finally:
        _WATCHDOG.done(watch)


@contextmanager
def postgres_bound(conn: Any, seconds: float | None = None) -> Iterator[None]:
    """The block in a transaction with ``statement_timeout`` set to the budget."""
    import psycopg

    seconds = QUERY_SECONDS if seconds is None else seconds
    if seconds <= 0:
        yield
        return
    try:
        with conn.transaction():
            conn.execute(f"SET LOCAL statement_timeout = {max(1, int(seconds * 1000))}")
            yield
    except psycopg.errors.QueryCanceled:
        raise too_long(seconds) from None


def bounded(store: Any, seconds: float | None = None) -> Any:
    """The bound for this store's backend, as a context manager."""
    if store.dialect == "postgres":
        return postgres_bound(store.conn, seconds)
    return sqlite_bound(store.conn, seconds)
