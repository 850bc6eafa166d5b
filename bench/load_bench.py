"""Load on loopback: 20 concurrent connections on search and document pages of the full corpus
(wrk), and 20 concurrent API clients on /api/v1/search (httpx, asyncio), with and without one
adversarial client; a static file as the baseline of each.

    python -m bench.load_bench [--connections 20] [--seconds 30] [--server-workers 2] [--api-only]

Pages need Debian's `wrk`. Bounded: each phase runs --seconds (default 30) against 127.0.0.1 only.
The server (`peaceobs serve`) and the load generator share the 2 cores. Search URLs cycle at
random through the 41 benchmark queries; document URLs through 300 random stored documents.

API phases: each of 20 clients sends its next request as soon as the last returns (no think
time); the adversarial client does the same with the worst queries of bench/fuzz_bench.py (those
within the bounds run; those past them are refused). Measured with the server's time bound per
query (PEACEOBS_QUERY_SECONDS, default 0.75 s) and, as the baseline of the same run, without it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx

from bench.common import CORPUS, QUERIES, machine, percentile
from peaceobs.pipeline import ingest_paths
from peaceobs.store import open_store

FOLDERS = ["unsc-resolutions-1946-1994/res_en_gold", "ga-documents-2023-2025/extracted",
           "ga-resolutions-80-markdown", "peacekeeping-budget-reports-2026-27"]

LUA = """
paths = {%s}
math.randomseed(%d)
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
done = function(summary, latency, requests)
  io.write(string.format("RESULT %%d %%d %%.1f %%.1f %%.1f %%.1f\\n", summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000))
end
"""


def run_wrk(base: str, paths: list[str], connections: int, seconds: int, tmp: Path) -> list[float]:
    script = tmp / "paths.lua"
    script.write_text(LUA % (", ".join(f'"{p}"' for p in paths), random.randint(1, 10**6)))
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
                          "-s", str(script), base], capture_output=True, text=True, check=True).stdout
    m = re.search(r"RESULT (\d+) (\d+) ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)", out)
    assert m, out
    return [float(x) for x in m.groups()]


ADVERSARIAL = ["con* pro* the* res*", "the* and* for* con*", "uni* nat* sec* gen*", "pre* com* int* rep*",
               " ".join(["the", "of", "and", "united", "nations", "council", "security", "general", "resolution",
                         "peace", "international", "development", "assembly", "report", "states", "secretary",
                         "support", "mission", "operations", "including", "implementation", "human"]),
               "a* " * 200]


async def _client(http: httpx.AsyncClient, paths: list[str], until: float, seed: int,
                  out: list[tuple[float, int]]) -> None:
    rng = random.Random(seed)
    while time.monotonic() < until:
        path = rng.choice(paths)
        t = time.perf_counter()
        try:
            status = (await http.get(path)).status_code
        except httpx.HTTPError:
            status = 0
        out.append(((time.perf_counter() - t) * 1000, status))


async def _api_phase(base: str, paths: list[str], clients: int, seconds: int,
                     adversarial: list[str] | None) -> tuple[list[tuple[float, int]], list[tuple[float, int]]]:
    limits = httpx.Limits(max_connections=clients + 1, max_keepalive_connections=clients + 1)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
        until = time.monotonic() + seconds
        normal: list[tuple[float, int]] = []
        bad: list[tuple[float, int]] = []
        tasks = [_client(http, paths, until, i, normal) for i in range(clients)]
        if adversarial:
            tasks.append(_client(http, adversarial, until, 99, bad))
        await asyncio.gather(*tasks)
    return normal, bad


def api_row(name: str, seconds: int, normal: list[tuple[float, int]], bad: list[tuple[float, int]]) -> str:
    ts = [t for t, _ in normal]
    errors = sum(1 for _, s in normal if s != 200)
    adv = ""
    if bad:
        codes = {c: sum(1 for _, s in bad if s == c) for c in sorted({s for _, s in bad})}
        adv = (f"{len(bad)} requests, p50 {statistics.median([t for t, _ in bad]):.0f} ms, max "
               f"{max(t for t, _ in bad):.0f} ms, status " + ", ".join(f"{c}: {n}" for c, n in codes.items()))
    return (f"| {name} | {len(ts)} | {errors} | {len(ts) / seconds:.0f} | {statistics.median(ts):.1f} | "
            f"{percentile(ts, 0.95):.1f} | {percentile(ts, 0.99):.1f} | {max(ts):.1f} | {adv or '—'} |")


def start_server(db: str, workers: int, env: dict[str, str]) -> tuple[subprocess.Popen, str]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    server = subprocess.Popen(
        [sys.executable, "-m", "peaceobs.cli", "serve", "--db", db, "--port", str(port),
         "--workers", str(workers), "--corpus", str(CORPUS)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True, env={**os.environ, **env})
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            if httpx.get(base + "/static/app.css").status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    return server, base


def stop_server(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(10)


def api_load(db: str, workers: int, clients: int, seconds: int) -> list[str]:
    """The API phases: rows of the API table."""
    paths = ["/api/v1/search?limit=10&q=" + quote(q) for q in QUERIES]
    adversarial = ["/api/v1/search?limit=10&q=" + quote(q) for q in ADVERSARIAL]
    rows = []
    for label, env in (("time bound 0.75 s", {"PEACEOBS_QUERY_SECONDS": "0.75"}),
                       ("no time bound (baseline)", {"PEACEOBS_QUERY_SECONDS": "0"})):
        server, base = start_server(db, workers, env)
        try:
            for p in paths + adversarial:  # warm the page cache as a running server would be
                httpx.get(base + p, timeout=120)
            normal, _ = asyncio.run(_api_phase(base, paths, clients, seconds, None))
            rows.append(api_row(f"/api/v1/search, {clients} clients, {label}", seconds, normal, []))
            normal, bad = asyncio.run(_api_phase(base, paths, clients, seconds, adversarial))
            rows.append(api_row(f"/api/v1/search, {clients} clients + 1 adversarial, {label}", seconds, normal, bad))
            if env["PEACEOBS_QUERY_SECONDS"] != "0":
                static, _ = asyncio.run(_api_phase(base, ["/static/app.css"], clients, min(seconds, 15), None))
                rows.append(api_row(f"static file, {clients} clients (baseline)", min(seconds, 15), static, []))
        finally:
            stop_server(server)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--connections", type=int, default=20)
    ap.add_argument("--seconds", type=int, default=30)
    ap.add_argument("--server-workers", type=int, default=2)
    ap.add_argument("--api-only", action="store_true", help="only the API phases (no wrk)")
    args = ap.parse_args()
    if not args.api_only and not shutil.which("wrk"):
        sys.exit("load_bench needs wrk: apt-get install wrk")
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        db = f"sqlite:///{tmp / 'load.db'}"
        store = open_store(db)
        ingest_paths(store, [CORPUS / f for f in FOLDERS], workers=2)
        n = store.stats()["paragraphs"]
        symbols = [r[0] for r in store.query("SELECT symbol FROM documents")]
        store.close()
        rng = random.Random(7)
        docs = ["/doc/" + quote(s.replace(" ", ""), safe="/()") for s in rng.sample(symbols, 300)]
        searches = ["/search?q=" + quote(q) for q in QUERIES]
        rows: dict[str, list[float]] = {}
        if not args.api_only:
            server, base = start_server(db, args.server_workers, {})
            try:
                for p in searches + docs[:20]:  # warm the page cache as a running server would be
                    httpx.get(base + p, timeout=30)
                rows = {
                    "search page": run_wrk(base, searches, args.connections, args.seconds, tmp),
                    "document page": run_wrk(base, docs, args.connections, args.seconds, tmp),
                    "static file (baseline)": run_wrk(base, ["/static/app.css"], args.connections,
                                                      min(args.seconds, 15), tmp),
                }
            finally:
                stop_server(server)
        api_rows = api_load(db, args.server_workers, args.connections, args.seconds)
    print(f"machine: {machine()}; {n:,} paragraphs; {args.connections} connections, {args.seconds} s per phase; "
          f"server workers {args.server_workers}")
    if rows:
        print("| page (wrk) | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |")
        print("|---|---|---|---|---|---|---|---|")
        for name, (reqs, errs, p50, p95, p99, mx) in rows.items():
            secs = args.seconds if "baseline" not in name else min(args.seconds, 15)
            print(f"| {name} | {int(reqs)} | {int(errs)} | {reqs / secs:.0f} | {p50:.1f} | {p95:.1f} | {p99:.1f} | {mx:.1f} |")
        print(f"ratio search p95 / static p95: {rows['search page'][3] / rows['static file (baseline)'][3]:.1f}")
    print("| API (httpx, asyncio) | requests | non-200 | req/s | p50 ms | p95 ms | p99 ms | max ms | adversarial client |")
    print("|---|---|---|---|---|---|---|---|---|")
    for line in api_rows:
        print(line)


if __name__ == "__main__":
    main()
