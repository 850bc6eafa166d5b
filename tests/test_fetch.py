"""Fetch by symbol against a local HTTP server that serves real corpus PDFs (never the internet)."""

import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from peaceobs.fetch import USER_AGENT, FetchConfig, Fetcher, fetch

pytestmark = pytest.mark.corpus
FIXTURES = Path(__file__).parent / "fixtures"


class Server:
    def __init__(self, corpus):
        self.files = {"A/80/628": corpus / "peacekeeping-budget-reports-2026-27" / "originals" / "A_80_628.pdf",
                      "A/80/590": corpus / "peacekeeping-budget-reports-2026-27" / "originals" / "A_80_590.pdf",
                      "A/80/600": corpus / "peacekeeping-budget-reports-2026-27" / "originals" / "A_80_600.pdf",
                      # An invented text (tests/fixtures): the corpus holds no SC text after 1994.
                      "S/RES/9001 (2031)": FIXTURES / "synthetic_sc_resolution_9001.txt"}
        self.requests: list[tuple[str, str]] = []
        self.behaviour: dict[str, list[str]] = {}  # symbol -> queue of "timeout" / "truncate" / "500"
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                query = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)
                symbol = query["s"][0]
                outer.requests.append((symbol, self.headers.get("User-Agent")))
                queue = outer.behaviour.get(symbol, [])
                action = queue.pop(0) if queue else "ok"
                if symbol not in outer.files:
                    self.send_error(404)
                    return
                data = outer.files[symbol].read_bytes()
                ctype = "text/plain; charset=utf-8" if outer.files[symbol].suffix == ".txt" else "application/pdf"
                if action == "500":
                    self.send_error(503)
                    return
                if action == "timeout":
                    threading.Event().wait(1.5)
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                try:
                    self.wfile.write(data[: len(data) // 3] if action == "truncate" else data)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/api?s={{symbol}}&l={{lang}}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()


@pytest.fixture
def server(corpus):
    s = Server(corpus)
    yield s
    s.httpd.shutdown()


def config(server, tmp_path, **kw):
    return FetchConfig(url_template=server.url, cache_dir=tmp_path / "cache",
                       min_interval=kw.get("min_interval", 0.0), retries=2, backoff=0.01,
                       timeout=kw.get("timeout", 5.0))


def test_fetch_ingests_and_caches(server, store, tmp_path):
    cfg = config(server, tmp_path)
    report = fetch(["A/80/628", "a/80/590"], store=store, config=cfg)
    assert report.failures == []
    assert report.ingested == {"A/80/628": "added", "A/80/590": "added"}
    assert store.get_document("A/80/628").paragraph("P1").text.startswith("1. The United Nations Support Office")
    assert all(ua == USER_AGENT for _, ua in server.requests) and "peaceobs" in USER_AGENT
    again = fetch(["A/80/628"], store=store, config=cfg)
    assert [s for s, _ in again.cached] == ["A/80/628"] and len(server.requests) == 2  # no new request
    assert again.ingested == {"A/80/628": "unchanged"}


def test_404_unknown_symbol_and_batch_goes_on(server, store, tmp_path):
    report = fetch(["S/RES/2719 (2023)", "not a symbol", "A/80/628"], store=store, config=config(server, tmp_path))
    reasons = dict(report.failures)
    assert "HTTP 404" in reasons["S/RES/2719 (2023)"]
    assert "unknown symbol" in reasons["not a symbol"]
    assert report.ingested == {"A/80/628": "added"}


def test_retries_timeouts_truncation_and_server_errors(server, tmp_path):
    server.behaviour = {"A/80/628": ["timeout", "truncate"], "A/80/590": ["500", "500", "500"]}
    sleeps: list[float] = []
    fetcher = Fetcher(config(server, tmp_path, timeout=0.5), sleep=sleeps.append)
    path, downloaded = fetcher.download("A/80/628")
    assert downloaded and path.read_bytes()[:5] == b"%PDF-"
    assert path.stat().st_size == server.files["A/80/628"].stat().st_size  # the whole file
    assert sleeps[:2] == [0.01, 0.02]  # exponential backoff
    report = fetch(["A/80/590"], fetcher=fetcher)
    assert "gave up after 3 tries: HTTP 503" in report.failures[0][1]
    assert not list((tmp_path / "cache").glob("*A_80_590*"))  # nothing half-written cached


def test_rate_limit_spaces_requests(server, tmp_path):
    sleeps: list[float] = []
    fetcher = Fetcher(config(server, tmp_path, min_interval=5.0), sleep=sleeps.append)
    fetcher.download("A/80/628")
    fetcher.download("A/80/590")
    assert len(sleeps) == 1 and 4.0 < sleeps[0] <= 5.0


def test_a_fetched_sc_text_joins_the_mission_chain(server, store, tmp_path):
    from peaceobs.mandates.current import current_mandate
    from peaceobs.mandates.decisions import mandate_chain
    from peaceobs.mandates.registry import find_mission

    unsos = find_mission("UNSOS")
    report = fetch(["A/80/628", "S/RES/9001 (2031)"], store=store, config=config(server, tmp_path))
    assert report.failures == []
    # The budget report gives today's mandate: "resolution 2809 (2025), by which it extended the
    # mandate until 31 December 2026" (A/80/628 para. 1).
    latest = current_mandate(store, unsos).latest
    assert (latest.symbol, latest.expiry_iso, latest.source.document) == ("S/RES/2809 (2025)", "2026-12-31", "A/80/628")
    # The fetched text (invented for the test: "Decides to extend the mandate of the United Nations
    # Support Office in Somalia until 31 December 2032") joins the SC chain …
    chain = mandate_chain(store, unsos)
    assert [(d.symbol, d.type, d.expiry, d.basis) for d in chain] == [
        ("S/RES/9001 (2031)", "renew", "2032-12-31", "stated")]
    # … and, newer than every resolution the budget report names, it gives today's mandate,
    # sourced to its own paragraph; the budget report's history stays.
    now = current_mandate(store, unsos, chain)
    assert (now.latest.symbol, now.latest.expiry, now.latest.source.document, now.latest.source.pid) == (
        "S/RES/9001 (2031)", "31 December 2032", "S/RES/9001 (2031)", "OP1")
    assert "S/RES/2809 (2025)" in {r.symbol for r in now.history}
