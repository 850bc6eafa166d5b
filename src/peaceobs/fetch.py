"""Documents from the UN by symbol: resolve → download politely → cache → ingest.

The URL template is configurable (``PEACEOBS_FETCH_URL`` or ``--url-template``), with ``{symbol}``
(URL-quoted canonical symbol) and ``{lang}`` (``en``, ``fr`` …). Downloads are rate-limited,
retried with exponential backoff on timeouts and server errors, checked against Content-Length,
and written to the cache atomically, so a broken download never looks like a cached file.
"""

from __future__ import annotations

import http.client
import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .errors import PeaceobsError
from .ingest.base import ReaderError
from .settings import DEFAULT_FETCH_URL, Settings
from .store import Store
from .symbols import SymbolError, parse

DEFAULT_URL_TEMPLATE = DEFAULT_FETCH_URL
USER_AGENT = f"peaceobs/{__version__} (Peace Operations Observatory; research use)"
_EXTENSIONS = {"application/pdf": ".pdf", "text/html": ".html", "text/plain": ".txt",
               "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx"}


class FetchError(PeaceobsError):
    def __init__(self, symbol: str, reason: str) -> None:
        self.symbol = symbol
        self.reason = reason
        super().__init__(f"{symbol}: {reason}")


@dataclass(slots=True)
class FetchConfig:
    url_template: str = field(default_factory=lambda: Settings.from_env().fetch_url)
    cache_dir: Path = field(default_factory=lambda: Settings.from_env().cache_dir)
    min_interval: float = 1.0  # seconds between requests to the same server
    retries: int = 3
    backoff: float = 1.0  # first retry waits this long, then doubles
    timeout: float = 30.0


@dataclass(slots=True)
class FetchReport:
    fetched: list[tuple[str, str]] = field(default_factory=list)  # (symbol, path)
    cached: list[tuple[str, str]] = field(default_factory=list)
    ingested: dict[str, str] = field(default_factory=dict)  # symbol -> store outcome
    failures: list[tuple[str, str]] = field(default_factory=list)  # (symbol, reason)


def cache_path(config: FetchConfig, canonical: str, lang: str, ext: str) -> Path:
    name = canonical.replace("/", "_").replace(" ", "") + f"-{lang}{ext}"
    return config.cache_dir / name


class Fetcher:
    def __init__(self, config: FetchConfig | None = None, sleep: Callable[[float], None] = time.sleep) -> None:
        self.config = config or FetchConfig()
        self._sleep = sleep
        self._last_request = 0.0

    def _cached(self, canonical: str, lang: str) -> Path | None:
        for ext in _EXTENSIONS.values():
            p = cache_path(self.config, canonical, lang, ext)
            if p.exists() and p.stat().st_size > 0:
                return p
        return None

    def _wait_turn(self) -> None:
        gap = time.monotonic() - self._last_request
        if gap < self.config.min_interval:
            self._sleep(self.config.min_interval - gap)
        self._last_request = time.monotonic()

    def download(self, symbol: str, lang: str = "en") -> tuple[Path, bool]:
        """The cached file for ``symbol`` (downloading it if needed) and whether it was downloaded."""
        try:
            canonical = parse(symbol).canonical
        except SymbolError as exc:
            raise FetchError(symbol, f"unknown symbol ({exc})") from exc
        hit = self._cached(canonical, lang)
        if hit is not None:
            return hit, False
        url = self.config.url_template.format(symbol=urllib.parse.quote(canonical, safe=""), lang=lang)
        delay = self.config.backoff
        last_error = ""
        for attempt in range(self.config.retries + 1):
            if attempt:
                self._sleep(delay)
                delay *= 2
            self._wait_turn()
            try:
                data, ctype = self._get(url)
            except _Permanent as exc:
                raise FetchError(canonical, str(exc)) from None
            except _Transient as exc:
                last_error = str(exc)
                continue
            ext = _EXTENSIONS.get(ctype.split(";")[0].strip().lower(), ".pdf")
            path = cache_path(self.config, canonical, lang, ext)
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(path.suffix + ".part")
            tmp.write_bytes(data)
            os.replace(tmp, path)
            return path, True
        raise FetchError(canonical, f"gave up after {self.config.retries + 1} tries: {last_error}")

    def _get(self, url: str) -> tuple[bytes, str]:
        req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "application/pdf, */*"})
        try:
            with urllib.request.urlopen(req, timeout=self.config.timeout) as resp:
                expected = resp.headers.get("Content-Length")
                data = resp.read()
                ctype = resp.headers.get("Content-Type", "application/pdf")
        except urllib.error.HTTPError as exc:
            if exc.code in (404, 410):
                raise _Permanent(f"not found at {url} (HTTP {exc.code})") from None
            if exc.code == 429 or exc.code >= 500:
                raise _Transient(f"HTTP {exc.code}") from None
            raise _Permanent(f"HTTP {exc.code} from {url}") from None
        except TimeoutError as exc:
            raise _Transient(f"timed out after {self.config.timeout:g} s") from exc
        except urllib.error.URLError as exc:
            if isinstance(exc.reason, (TimeoutError, socket.timeout)):
                raise _Transient(f"timed out after {self.config.timeout:g} s") from exc
            raise _Transient(f"cannot connect: {exc.reason}") from exc
        except OSError as exc:  # connection reset or closed mid-body
            raise _Transient(f"connection broken: {exc}") from exc
        except http.client.HTTPException as exc:  # IncompleteRead: the server hung up early
            raise _Transient(f"download broken: {type(exc).__name__}") from exc
        if expected is not None and expected.isdigit() and int(expected) != len(data):
            raise _Transient(f"truncated download ({len(data)} of {expected} bytes)")
        if not data:
            raise _Transient("empty response")
        return data, ctype


class _Permanent(Exception):
    pass


class _Transient(Exception):
    pass


def fetch(symbols: list[str], store: Store | None = None, lang: str = "en",
          config: FetchConfig | None = None, fetcher: Fetcher | None = None,
          progress: Callable[[str, str], None] | None = None) -> FetchReport:
    """Download each symbol's document (or take it from the cache) and ingest it into ``store``."""
    from .ingest import read  # the readers and structure load only when a file is ingested
    from .structure import structure

    fetcher = fetcher or Fetcher(config)
    report = FetchReport()
    for symbol in symbols:
        try:
            path, downloaded = fetcher.download(symbol, lang)
        except FetchError as exc:
            report.failures.append((exc.symbol, exc.reason))
            if progress:
                progress(symbol, "failed")
            continue
        canonical = parse(symbol).canonical
        (report.fetched if downloaded else report.cached).append((canonical, str(path)))
        if store is not None:
            try:
                raw = read(path)
                raw.meta["symbol"] = canonical
                raw.meta.setdefault("language", lang)
                report.ingested[canonical] = store.put_document(structure(raw))
            except ReaderError as exc:
                # A file that does not read is not worth keeping in the cache.
                path.unlink(missing_ok=True)
                report.failures.append((canonical, f"downloaded but unreadable: {exc.reason}"))
        if progress:
            progress(symbol, "downloaded" if downloaded else "cached")
    return report
