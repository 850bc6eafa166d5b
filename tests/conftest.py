"""Shared fixtures: the real corpus, and a store per backend (SQLite always, PostgreSQL when up).

In CI (`PEACEOBS_REQUIRE_SERVICES=1`, set by .ci/run) a missing corpus or PostgreSQL fails the
run; on a developer's machine the tests that need them skip, saying why.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from peaceobs.pipeline import ingest_paths
from peaceobs.store import Store, open_store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("PEACEOBS_CORPUS", ROOT.parent / "shared" / "corpus"))
PG_URL = os.environ.get("PEACEOBS_TEST_PG", "postgresql://peaceobs:peaceobs@127.0.0.1:5432/peaceobs_test")
REQUIRE = os.environ.get("PEACEOBS_REQUIRE_SERVICES") == "1"


@pytest.fixture(autouse=True)
def _words_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """Search by words alone unless a test turns meaning on: otherwise the first document search
    over the corpus would start embedding 2,000 documents in the background (minutes of CPU on a
    fresh machine) under the tests that follow, and results would depend on when it ends."""
    monkeypatch.setenv("PEACEOBS_SEMANTIC", "off")


def _unavailable(reason: str) -> None:
    if REQUIRE:
        pytest.fail(reason + " (required: PEACEOBS_REQUIRE_SERVICES=1)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        _unavailable(f"the shared corpus is not at {CORPUS}")
    return CORPUS


def _reset_postgres() -> None:
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute("DROP SCHEMA IF EXISTS public CASCADE")
        conn.execute("CREATE SCHEMA public")


def _open(backend: str, tmp: Path) -> Store:
    if backend == "sqlite":
        return open_store(f"sqlite:///{tmp / 'peaceobs.db'}")
    try:
        _reset_postgres()
    except Exception as exc:  # psycopg.OperationalError and friends: the server is not there
        _unavailable(f"PostgreSQL is not reachable at {PG_URL}: {str(exc).splitlines()[0]}")
    return open_store(PG_URL)


@pytest.fixture(params=["sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty, migrated store of each backend."""
    s = _open(request.param, tmp_path)
    yield s
    s.close()


# The document folders of the corpus (`make demo` ingests the same): every format, 2,139 files.
def corpus_subset(corpus: Path) -> list[Path]:
    return [corpus / "unsc-resolutions-1946-1994" / "res_en_gold",
            corpus / "ga-documents-2023-2025" / "extracted",
            corpus / "ga-resolutions-80-markdown",
            corpus / "peacekeeping-budget-reports-2026-27"]


@pytest.fixture(scope="session")
def corpus_sqlite_url(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The real corpus in one SQLite file, ingested once per session and shared by every test
    that reads it (the corpus store's SQLite half, the README's commands)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('corpus') / 'peaceobs.db'}"
    s = open_store(url)
    report = ingest_paths(s, corpus_subset(corpus), workers=2)
    s.close()
    assert not report.failures, report.failures
    return url


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
def corpus_store(request: pytest.FixtureRequest, corpus: Path,
                 tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A store of each backend holding the real corpus (ingested once per session)."""
    if request.param == "sqlite":
        s = open_store(request.getfixturevalue("corpus_sqlite_url"))
    else:
        s = _open(request.param, tmp_path_factory.mktemp(request.param))
        report = ingest_paths(s, corpus_subset(corpus), workers=2)
        assert not report.failures, report.failures
    yield s
    s.close()


def corpus_copy_with_analyst(corpus_sqlite_url: str, folder: Path, password: str) -> str:
    """A copy of the session's corpus store with an admin (ada) and an analyst (ana): tests that
    write accounts write them to the copy, never to the shared store."""
    import sqlite3

    from peaceobs import accounts
    from peaceobs.track import Actor, Role

    copy = folder / "peaceobs.db"
    with sqlite3.connect(corpus_sqlite_url.removeprefix("sqlite:///")) as src, sqlite3.connect(copy) as dst:
        src.backup(dst)
    url = f"sqlite:///{copy}"
    store = open_store(url)
    accounts.add_user(store, "ada", "admin", password)
    accounts.add_user(store, "ana", "analyst", password, by=Actor("ada", Role.ADMIN))
    store.close()
    return url


@contextlib.contextmanager
def served_on_loopback(app: Any) -> Iterator[str]:
    """The app served by uvicorn on a free loopback port, in a thread; yields its base URL and
    stops it on exit (the browser tests' server)."""
    import socket
    import threading
    import time

    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(5)
