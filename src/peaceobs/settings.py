"""One settings object: every option peaceobs reads from the environment, read in one place.

``Settings.from_env()`` reads the ``PEACEOBS_*`` variables (and ``XDG_CACHE_HOME``); code that
needs an option takes it from there, or is given a ``Settings`` made by its caller. A leaf module:
it imports nothing of ours.

============================  ==========================================  ============================
variable                      what                                        default
============================  ==========================================  ============================
``PEACEOBS_DB``               the store (SQLite path/URL or postgresql://)  ``sqlite:///data/peaceobs.db``
``PEACEOBS_CORPUS``           the corpus folder (personnel data, demo)    ``../shared/corpus``
``PEACEOBS_FETCH_URL``        URL template for fetching by symbol         the UN documents API
``PEACEOBS_CACHE``            fetched files                               ``data/cache``
``PEACEOBS_FILE_SECONDS``     time one file may take to read + structure  120
``PEACEOBS_FILE_MEMORY_MB``   memory growth one file may cause            2048
``PEACEOBS_QUERY_SECONDS``    time one search query may take              0.75
``PEACEOBS_TRACE_ON_INGEST``  update the provenance index after ingest    1 (0: leave it to ``trace``)
``PEACEOBS_TRACE_DIR``        where provenance indexes are kept           beside the SQLite file, else
                                                                          the user's cache folder
``PEACEOBS_TOPK``             the top-k search index (0/off: never)       on, at scale
``PEACEOBS_TOPK_DIR``         where top-k indexes are kept                as the provenance indexes
``PEACEOBS_TOPK_MIN``         paragraphs before an ingest builds it       200000
``PEACEOBS_SEMANTIC``         meaning in document search (0/off: words)   on where the model is installed
============================  ==========================================  ============================

The web app's: ``PEACEOBS_READ_REQUIRES_LOGIN`` (1: every page and GET API needs a login; default
0, reading is open) and ``PEACEOBS_SECURE_COOKIES`` (1: the login cookie is sent over https only,
for a server behind a TLS proxy; default 0, and it is whenever the request itself is https).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

__all__ = ["Settings", "DEFAULT_DB", "DEFAULT_FETCH_URL"]

DEFAULT_DB = "sqlite:///data/peaceobs.db"
DEFAULT_FETCH_URL = "https://documents.un.org/api/symbol/access?s={symbol}&l={lang}&t=pdf"

# field name → environment variable
_ENV = {
    "db": "PEACEOBS_DB", "corpus": "PEACEOBS_CORPUS", "fetch_url": "PEACEOBS_FETCH_URL",
    "cache_dir": "PEACEOBS_CACHE", "file_seconds": "PEACEOBS_FILE_SECONDS",
    "file_memory_mb": "PEACEOBS_FILE_MEMORY_MB", "query_seconds": "PEACEOBS_QUERY_SECONDS",
    "trace_on_ingest": "PEACEOBS_TRACE_ON_INGEST", "trace_dir": "PEACEOBS_TRACE_DIR",
    "topk": "PEACEOBS_TOPK", "topk_dir": "PEACEOBS_TOPK_DIR", "topk_min": "PEACEOBS_TOPK_MIN",
    "read_requires_login": "PEACEOBS_READ_REQUIRES_LOGIN", "secure_cookies": "PEACEOBS_SECURE_COOKIES",
    "semantic": "PEACEOBS_SEMANTIC",
}


@dataclass(frozen=True, kw_only=True)
class Settings:
    db: str = DEFAULT_DB
    corpus: Path = Path("../shared/corpus")
    fetch_url: str = DEFAULT_FETCH_URL
    cache_dir: Path = Path("data/cache")
    file_seconds: float = 120.0
    file_memory_mb: float = 2048.0
    query_seconds: float = 0.75
    trace_on_ingest: bool = True
    trace_dir: Path | None = None
    topk: bool = True
    topk_dir: Path | None = None
    topk_min: int = 200_000
    read_requires_login: bool = False
    secure_cookies: bool = False
    semantic: bool = True
    user_cache: Path = Path.home() / ".cache"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Settings from ``environ`` (default: the process environment); unset or empty
        variables keep their defaults; a malformed number is refused with its variable's name."""
        env = os.environ if environ is None else environ
        values: dict[str, object] = {}
        for f in fields(cls):
            name = _ENV.get(f.name)
            raw = env.get(name, "").strip() if name else ""
            if not raw:
                continue
            default = getattr(cls, f.name, None)
            try:
                if isinstance(default, bool):
                    values[f.name] = raw.lower() not in ("0", "no", "false", "off")
                elif isinstance(default, float):
                    values[f.name] = float(raw)
                elif isinstance(default, int):
                    values[f.name] = int(raw)
                elif f.name in ("corpus", "cache_dir", "trace_dir", "topk_dir"):
                    values[f.name] = Path(raw)
                else:
                    values[f.name] = raw
            except ValueError as exc:
                raise ValueError(f"{name}={raw!r}: not a number") from exc
        xdg = env.get("XDG_CACHE_HOME", "").strip()
        if xdg:
            values["user_cache"] = Path(xdg)
        return cls(**values)  # type: ignore[arg-type]

    def to_env(self) -> dict[str, str]:
        """The environment that gives these settings to another process (a server's workers)."""
        out = {}
        for name, var in _ENV.items():
            value = getattr(self, name)
            if value is not None:
                out[var] = ("1" if value else "0") if isinstance(value, bool) else str(value)
        return out
