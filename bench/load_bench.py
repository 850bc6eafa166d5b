"""Load on loopback with wrk: 20 concurrent connections on search and document pages of the
full corpus, and a static file as the baseline.

    python -m bench.load_bench [--connections 20] [--seconds 30] [--server-workers 2]

Needs Debian's `wrk`. Bounded: each phase runs --seconds (default 30) against 127.0.0.1 only.
The server (`peaceobs serve`) and wrk share the 2 cores. Search URLs cycle at random through
the 41 benchmark queries; document URLs through 300 random stored documents.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx

from bench.common import CORPUS, QUERIES, machine
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


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--connections", type=int, default=20)
    ap.add_argument("--seconds", type=int, default=30)
    ap.add_argument("--server-workers", type=int, default=2)
    args = ap.parse_args()
    if not shutil.which("wrk"):
        sys.exit("load_bench needs wrk: apt-get install wrk")
    with tempfile.TemporaryDirectory() as tmp_s:
        tmp = Path(tmp_s)
        db = f"sqlite:///{tmp / 'load.db'}"
        store = open_store(db)
        ingest_paths(store, [CORPUS / f for f in FOLDERS], workers=2)
        n = store.stats()["paragraphs"]
        symbols = [r[0] for r in store._all("SELECT symbol FROM documents")]
        store.close()
        rng = random.Random(7)
        docs = ["/doc/" + quote(s.replace(" ", ""), safe="/()") for s in rng.sample(symbols, 300)]
        searches = ["/search?q=" + quote(q) for q in QUERIES]
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
        sock.close()
        server = subprocess.Popen(
            [sys.executable, "-m", "peaceobs.cli", "serve", "--db", db, "--port", str(port),
             "--workers", str(args.server_workers), "--corpus", str(CORPUS)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        base = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    if httpx.get(base + "/static/app.css").status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            for p in searches + docs[:20]:  # warm the page cache as a running server would be
                httpx.get(base + p, timeout=30)
            rows = {
                "search page": run_wrk(base, searches, args.connections, args.seconds, tmp),
                "document page": run_wrk(base, docs, args.connections, args.seconds, tmp),
                "static file (baseline)": run_wrk(base, ["/static/app.css"], args.connections,
                                                  min(args.seconds, 15), tmp),
            }
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(10)
    print(f"machine: {machine()}; {n:,} paragraphs; wrk -t2 -c{args.connections} -d{args.seconds}s; "
          f"server workers {args.server_workers}")
    print("| page | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---|---|---|---|---|---|---|")
    for name, (reqs, errs, p50, p95, p99, mx) in rows.items():
        secs = args.seconds if "baseline" not in name else min(args.seconds, 15)
        print(f"| {name} | {int(reqs)} | {int(errs)} | {reqs / secs:.0f} | {p50:.1f} | {p95:.1f} | {p99:.1f} | {mx:.1f} |")
    print(f"ratio search p95 / static p95: {rows['search page'][3] / rows['static file (baseline)'][3]:.1f}")


if __name__ == "__main__":
    main()
