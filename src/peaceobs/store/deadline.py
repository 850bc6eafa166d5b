"""A time bound per request: past it the query is stopped and refused (HTTP 400, exit 2).

The budget is :data:`QUERY_SECONDS` (environment ``PEACEOBS_QUERY_SECONDS``, default 0.75 s), read
at each query, and it is the request's: the API answers a search with two bounded blocks, the
store's ``search()`` then its ``facets()`` of the same query, and the second gets what the first
left (``starts=`` / ``joins=`` below), so on an idle machine the pair is answered or refused
within the budget plus the time to stop (a few ms): under the 1 s of the issue, cold cache or warm.

What the budget counts (SQLite). A query's wall time is the CPU it uses, plus the time it is
blocked (reading a cold page from the disk, waiting for a lock or the GIL), plus the time it is
runnable but waiting for a core. The first two are the query's own cost: a cold cache makes a
query slow wherever it runs, and stopping it at the budget of CPU time let a cold query run 1.07 s
(docs/BENCHMARKS.md, 2026-11-28). The third is the machine's load: 20 clients on 2 cores each wait
for a core, and a normal query must not be refused because the box is busy — which a plain wall
deadline would do, and why the bound used to count CPU time only. So the budget is charged wall
time less the time the query's thread waited for a core (Linux's per-thread ``schedstat``
run_delay): on an idle machine, exactly the wall time; on a loaded one, what the query would take
if it had a core to itself. The cost of the choice: under load a request may still take longer
than the budget end to end (it waited for cores), and waiting for the GIL between statements is
charged. Where ``schedstat`` is missing (not Linux), CPU time is charged, as before. Whatever is
charged, a request is stopped after :data:`WALL_FACTOR` budgets of wall time: a server that far
behind sheds its heaviest queries.

SQLite is stopped by one watchdog thread per process that interrupts the connection
(``sqlite3_interrupt``) once the budget is spent, and again every few ms until the block ends (an
interrupt only reaches a statement that is running). A progress handler would do the same but
takes the GIL every few thousand SQLite instructions, which costs the other threads of a server.

PostgreSQL: ``SET LOCAL statement_timeout`` (wall time, on the server) around each block, set to
what is left of the request's budget; the work is in the server's process, so its waits for a
core cannot be told apart from the client.
"""

from __future__ import annotations

import contextvars
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
WALL_FACTOR = 10  # a request stopped after this many budgets of wall time, whatever was charged
# True: the bound of 2026-11-28 (CPU time only, each block its own budget), kept as the
# benchmark's baseline (bench/fuzz_bench.py --bound cpu).
PREVIOUS_BOUND = False
_REFIRE = 0.005  # seconds between interrupts once the budget is spent


def too_long(seconds: float) -> QueryTooLarge:
    return QueryTooLarge(f"the query took too long (over {seconds:g} s); narrow it: fewer prefixes or "
                         "common words, a phrase, or filters")


class _Request:
    """A request's budget as a block left it: what was charged, when it began (wall)."""

    __slots__ = ("key", "charged", "wall0")

    def __init__(self, key: Any, charged: float, wall0: float) -> None:
        self.key = key
        self.charged = charged
        self.wall0 = wall0


# The request a block with ``starts=`` opened, for the next block with an equal ``joins=`` in the
# same context. A context, not a thread: the web app runs each request in a copy of its context, so
# nothing crosses from one request to the next; in one context the next bounded block takes it.
_OPEN: contextvars.ContextVar[_Request | None] = contextvars.ContextVar("peaceobs_query_request", default=None)


def _request(joins: Any) -> tuple[float, float]:
    """What the block's request has already been charged, and the wall time it began (any block
    takes the open request: only the next one may join it)."""
    opened = _OPEN.get()
    _OPEN.set(None)
    if joins is not None and opened is not None and opened.key == joins and not PREVIOUS_BOUND:
        return opened.charged, opened.wall0
    return 0.0, time.monotonic()


def _close(starts: Any, charged: float, wall0: float) -> None:
    if starts is not None and not PREVIOUS_BOUND:
        _OPEN.set(_Request(starts, charged, wall0))


def _thread_clock() -> int | None:
    try:
        return time.pthread_getcpuclockid(threading.get_ident())
    except (AttributeError, OSError):  # not on this platform: wall time only
        return None


def _schedstat() -> str | None:
    """This thread's ``schedstat`` (CPU ns, ns runnable but waiting for a core, slices), if readable."""
    path = f"/proc/self/task/{threading.get_native_id()}/schedstat"
    try:
        _run_delay(path)
    except (OSError, ValueError, IndexError):
        return None
    return path


def _run_delay(path: str) -> float:
    with open(path, "rb") as fh:
        return int(fh.read().split()[1]) / 1e9


class _Watch:
    """One bounded block: how much of the budget it has spent, measured from its own thread."""

    __slots__ = ("conn", "stat", "clock", "cpu0", "delay0", "wall0", "block0", "seconds", "charged0",
                 "active", "fired")

    def __init__(self, conn: sqlite3.Connection, seconds: float, charged0: float = 0.0,
                 wall0: float | None = None) -> None:
        self.conn = conn
        self.stat = None if PREVIOUS_BOUND else _schedstat()
        self.clock = _thread_clock() if self.stat is None else None
        self.cpu0 = time.clock_gettime(self.clock) if self.clock is not None else 0.0
        self.delay0 = _run_delay(self.stat) if self.stat is not None else 0.0
        self.block0 = time.monotonic()
        self.wall0 = self.block0 if wall0 is None else wall0  # the request's start
        self.seconds = seconds
        self.charged0 = charged0  # charged to the request before this block
        self.active = True
        self.fired = False

    def spent(self) -> float:
        """Seconds of the budget the request has spent (see the module's docstring)."""
        try:
            if self.stat is not None:
                return self.charged0 + time.monotonic() - self.block0 - (_run_delay(self.stat) - self.delay0)
            if self.clock is not None:
                return self.charged0 + time.clock_gettime(self.clock) - self.cpu0
        except (OSError, ValueError, IndexError):  # the thread is gone
            return self.charged0
        return self.charged0 + time.monotonic() - self.block0


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
            # Nothing charged runs faster than the wall clock: the first look is due when the
            # budget would be spent with every second charged.
            due = watch.block0 + max(watch.seconds - watch.charged0, 0.0)
            heapq.heappush(self.heap, (due, next(self.order), watch))
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
                if watch.fired or left <= 0 or now - watch.wall0 >= watch.seconds * WALL_FACTOR:
                    watch.fired = True
                    watch.conn.interrupt()  # under the lock: the query cannot have been marked done
                    # Again until the block ends: an interrupt reaches only a statement running
                    # now, and the block may start another.
                    heapq.heappush(self.heap, (now + _REFIRE, next(self.order), watch))
                else:
                    heapq.heappush(self.heap, (now + max(left, _REFIRE), next(self.order), watch))


_WATCHDOG = _Watchdog()


@contextmanager
def sqlite_bound(conn: sqlite3.Connection, seconds: float | None = None, *, starts: Any = None,
                 joins: Any = None) -> Iterator[None]:
    """Run the block's statements on ``conn`` within the budget; past it, :class:`QueryTooLarge`.

    ``starts``: this block opens a request that the next bounded block in this context finishes
    within the same budget if its ``joins`` equals it (the API's search, then its facets).
    """
    seconds = QUERY_SECONDS if seconds is None else seconds
    if seconds <= 0:
        yield
        return
    charged, wall0 = _request(joins)
    if charged >= seconds:  # the request's first block spent it all (and answered): refuse now
        raise too_long(seconds)
    watch = _Watch(conn, seconds, charged, wall0)
    _WATCHDOG.add(watch)
    try:
        yield
    except sqlite3.OperationalError as exc:
        if watch.fired and "interrupt" in str(exc):
            raise too_long(seconds) from None
        raise
    finally:
        _WATCHDOG.done(watch)
    _close(starts, watch.spent(), wall0)


@contextmanager
def postgres_bound(conn: Any, seconds: float | None = None, *, starts: Any = None,
                   joins: Any = None) -> Iterator[None]:
    """The block in a transaction with ``statement_timeout`` set to what is left of the budget
    (``starts`` / ``joins``: as for :func:`sqlite_bound`, in wall time)."""
    import psycopg

    seconds = QUERY_SECONDS if seconds is None else seconds
    if seconds <= 0:
        yield
        return
    _, wall0 = _request(joins)
    left = seconds - (time.monotonic() - wall0)
    if left <= 0.001:
        raise too_long(seconds)
    try:
        with conn.transaction():
            conn.execute(f"SET LOCAL statement_timeout = {max(1, int(left * 1000))}")
            yield
    except psycopg.errors.QueryCanceled:
        raise too_long(seconds) from None
    _close(starts, time.monotonic() - wall0, wall0)


def bounded(store: Any, seconds: float | None = None) -> Any:
    """The bound for this store's backend, as a context manager."""
    if store.dialect == "postgres":
        return postgres_bound(store.conn, seconds)
    return sqlite_bound(store.conn, seconds)
