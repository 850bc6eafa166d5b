"""The worst of fuzzed queries: time per query and peak memory, through the library API.

    python -m bench.fuzz_bench --db sqlite:///path/to.db [--n 300] [--evict start|each] [--baseline]

Queries are drawn by hypothesis from the query syntax (words, "phrases", prefix*, OR, -not,
stray quotes and punctuation, long strings), over the store's most common words and their
three-letter prefixes (the expensive ones), plus hand-made worst cases ("a* a* …" × 200, four
short prefixes of common words, 24 common words). Each query runs as the API's search does:
``search()`` (rank + snippets), ``facets()``, and for a query that found nothing the spelling
suggestion (``spelling_suggestion()``, where the code has it); a refused query (400/422) counts with the time
it took to be refused. Reports p50/p95/p100 ms and this process's peak RSS.

``--evict start`` drops a SQLite store's files (the database, its WAL, the top-k folder) from the
operating system's page cache before the run, ``--evict each`` before every query: a cold cache,
where a query waits on the disk. ``--baseline`` runs the same queries again under the bound of
2026-11-28 (CPU time, search and facets each their own budget) and prints the ratio of the p100s.
"""

from __future__ import annotations

import argparse
import collections
import os
import re
import statistics
import threading
import time
import warnings

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.common import machine, percentile
from peaceobs.search import Filters, QueryError, QueryTooLarge, facets, search

try:  # the API's spelling suggestion for a search that found nothing (2026-11-30); older code has none
    from peaceobs.search import spelling_suggestion
    SUGGEST = True
except ImportError:
    SUGGEST = False
from peaceobs.store import deadline, open_store


def vocabulary(store, k: int = 400) -> list[str]:
    counts: collections.Counter[str] = collections.Counter()
    for (text,) in store.query("SELECT text FROM paragraphs ORDER BY id LIMIT 20000"):
        counts.update(re.findall(r"[a-z]+", text.lower()))
    return [w for w, _ in counts.most_common(k)]


def queries(words: list[str]) -> st.SearchStrategy[str]:
    word = st.sampled_from(words) | st.text("abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12)
    prefix = st.builds(lambda w, n: w[:n] + "*", st.sampled_from(words), st.integers(1, 6))
    phrase = st.lists(word, min_size=2, max_size=8).map(lambda ws: '"' + " ".join(ws) + '"')
    noise = st.sampled_from(['"', "-", "*", "OR", "(", ")", "'", ":", "^", "NEAR", "AND", "NOT", "\\", "é", "—"])
    atom = st.one_of(word, word, prefix, phrase, noise, word.map(lambda w: "-" + w), st.just("OR"))
    short = st.lists(atom, min_size=1, max_size=30).map(" ".join)
    long = st.lists(atom, min_size=30, max_size=250).map(" ".join)
    return st.one_of(short, short, short, long, st.text(min_size=1, max_size=600))


HAND_MADE = ["a* " * 200, "con* pro* the* res*", "the* and* for* con*", "uni* nat* sec* gen*",
             " ".join(["the", "of", "and", "to", "in", "united", "nations", "council", "security", "general",
                       "resolution", "peace", "international", "development", "assembly", "report", "states",
                       "secretary", "support", "mission", "operations", "including", "implementation",
                       "human"]),
             '"the of and to in"', "x" * 5000, "-the peace", '"' * 101]


def store_files(store) -> list[str]:
    """The files a SQLite store reads: the database, its WAL, the top-k index beside it."""
    if store.dialect != "sqlite":
        raise SystemExit("--evict: SQLite stores only (PostgreSQL keeps its own shared buffers)")
    base = os.path.abspath(store.path)
    folder, name = os.path.split(base)
    files = []
    for entry in os.listdir(folder):
        if entry.startswith(name):
            path = os.path.join(folder, entry)
            files += [os.path.join(d, f) for d, _, fs in os.walk(path) for f in fs] if os.path.isdir(path) else [path]
    return files


def evict(files: list[str]) -> None:
    """Drop the files' pages from the page cache (clean pages only: the store is not written)."""
    for path in files:
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def reset_peak_rss() -> None:
    """Start VmHWM again from the current RSS (Linux ≥ 4.0), so each pass reports its own peak."""
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
    except OSError:
        pass


def peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM: ru_maxrss keeps the parent's peak across fork and exec)."""
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM")) / 1024


def core_wait() -> float:
    """Seconds this thread has been runnable but waiting for a core (0 where Linux does not say)."""
    try:
        with open(f"/proc/self/task/{threading.get_native_id()}/schedstat", "rb") as fh:
            return int(fh.read().split()[1]) / 1e9
    except (OSError, ValueError, IndexError):
        return 0.0


def run_one(store, q: str) -> tuple[float, str, float]:
    """Milliseconds, outcome, and milliseconds of them spent waiting for a core (the machine's
    load, which the bound does not charge: on an idle machine the query would take the rest)."""
    w = core_wait()
    t = time.perf_counter()
    try:
        search(store, q, Filters(), limit=10)
        counts = facets(store, q, Filters())
        if SUGGEST and not sum(n for _, n in counts["kind"]):
            spelling_suggestion(store, q)  # what the API adds for a search that found nothing
        outcome = "ok"
    except QueryTooLarge:
        outcome = "400"
    except QueryError:
        outcome = "422"
    return (time.perf_counter() - t) * 1000, outcome, (core_wait() - w) * 1000


def fuzzed_queries(words: list[str], n: int) -> list[str]:
    """The hand-made worst cases, then ``n`` drawn by hypothesis (derandomized: the same each run)."""
    drawn: list[str] = []

    @settings(max_examples=n, database=None, deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(queries(words))
    def draw(q: str) -> None:
        drawn.append(q)

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        draw()
    return HAND_MADE + drawn


Result = tuple[float, str, str, float]  # ms, outcome, query, ms waiting for a core


def run_pass(store, qs: list[str], mode: str, files: list[str]) -> tuple[list[Result], float]:
    """Each query as the API runs it; the results, and the pass's peak RSS (MB)."""
    reset_peak_rss()
    if mode == "start":
        evict(files)
    results = []
    for q in qs:
        if mode == "each":
            evict(files)
        ms, outcome, waited = run_one(store, q)
        results.append((ms, outcome, q, waited))
    return results, peak_rss_mb()


def report(label: str, results: list[Result], rss: float) -> str:
    ts = [r[0] for r in results]
    idle = [r[0] - r[3] for r in results]
    outcomes = collections.Counter(r[1] for r in results)
    worst = sorted(results, reverse=True)[:3]
    return (f"{label}: {len(results)} queries ({outcomes['ok']} answered, {outcomes['400']} refused 400, "
            f"{outcomes['422']} refused 422); search + facets p50 {statistics.median(ts):.1f} ms, "
            f"p95 {percentile(ts, 0.95):.1f} ms, p100 {max(ts):.1f} ms (less the wait for a core: p100 "
            f"{max(idle):.1f} ms); peak RSS {rss:.0f} MB; worst: "
            + "; ".join(f"{ms:.0f} ms {o} {q[:40]!r} ({w:.0f} ms waiting for a core)" for ms, o, q, w in worst))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--n", type=int, default=300, help="fuzzed queries")
    ap.add_argument("--evict", choices=["none", "start", "each"], default="none",
                    help="drop the SQLite store's files from the page cache before the run or each query")
    ap.add_argument("--baseline", action="store_true",
                    help="run the queries again under the previous bound (CPU time, a budget per block)")
    args = ap.parse_args()
    store = open_store(args.db)
    files = store_files(store) if args.evict != "none" else []
    qs = fuzzed_queries(vocabulary(store), args.n)
    name = store.url.split("://")[0]
    cache = {"none": "", "start": ", cold cache at the start", "each": ", cold cache at each query"}[args.evict]
    results, rss = run_pass(store, qs, args.evict, files)
    print(report(f"fuzz ({name}{cache}, request bound {deadline.QUERY_SECONDS:g} s, {machine()})", results, rss))
    if args.baseline:
        deadline.PREVIOUS_BOUND = True
        try:
            base, base_rss = run_pass(store, qs, args.evict, files)
        finally:
            deadline.PREVIOUS_BOUND = False
        print(report(f"baseline ({name}{cache}, previous bound: {deadline.QUERY_SECONDS:g} s per block, CPU time on SQLite)",
                     base, base_rss))
        print(f"ratio p100 request bound / previous bound {max(r[0] for r in results) / max(r[0] for r in base):.2f}")
    store.close()


if __name__ == "__main__":
    main()
