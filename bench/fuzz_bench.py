"""The worst of fuzzed queries: time per query and peak memory, through the library API.

    python -m bench.fuzz_bench --db sqlite:///path/to.db [--n 300]

Queries are drawn by hypothesis from the query syntax (words, "phrases", prefix*, OR, -not,
stray quotes and punctuation, long strings), over the store's most common words and their
three-letter prefixes (the expensive ones), plus hand-made worst cases ("a* a* …" × 200, four
short prefixes of common words, 24 common words). Each query runs as the API's search does:
``search()`` (rank + snippets) then ``facets()``; a refused query (400/422) counts with the time
it took to be refused. Reports p50/p95/p100 ms and this process's peak RSS.
"""

from __future__ import annotations

import argparse
import collections
import re
import statistics
import time
import warnings

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.common import machine, percentile
from peaceobs.search import Filters, QueryError, QueryTooLarge, facets, search
from peaceobs.store import open_store


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


def peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM: ru_maxrss keeps the parent's peak across fork and exec)."""
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM")) / 1024


def run_one(store, q: str) -> tuple[float, str]:
    t = time.perf_counter()
    try:
        search(store, q, Filters(), limit=10)
        facets(store, q, Filters())
        outcome = "ok"
    except QueryTooLarge:
        outcome = "400"
    except QueryError:
        outcome = "422"
    return (time.perf_counter() - t) * 1000, outcome


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", required=True)
    ap.add_argument("--n", type=int, default=300, help="fuzzed queries")
    args = ap.parse_args()
    store = open_store(args.db)
    words = vocabulary(store)
    results: list[tuple[float, str, str]] = []
    for q in HAND_MADE:
        ms, outcome = run_one(store, q)
        results.append((ms, outcome, q))

    @settings(max_examples=args.n, database=None, deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(queries(words))
    def fuzzed(q: str) -> None:
        ms, outcome = run_one(store, q)
        results.append((ms, outcome, q))

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fuzzed()
    store.close()
    ts = [r[0] for r in results]
    outcomes = collections.Counter(r[1] for r in results)
    worst = sorted(results, reverse=True)[:3]
    n = store.url.split("://")[0]
    print(f"fuzz ({n}, {machine()}): {len(results)} queries ({outcomes['ok']} answered, {outcomes['400']} "
          f"refused 400, {outcomes['422']} refused 422); search + facets p50 {statistics.median(ts):.1f} ms, "
          f"p95 {percentile(ts, 0.95):.1f} ms, p100 {max(ts):.1f} ms; peak RSS {peak_rss_mb():.0f} MB; worst: "
          + "; ".join(f"{ms:.0f} ms {o} {q[:40]!r}" for ms, o, q in worst))


if __name__ == "__main__":
    main()
