"""Every example in the README runs: the console block (each `peaceobs …` line) and the Python
block, from a scratch folder against a store of the real corpus. `serve`, `fetch` and `curl` need
servers; they are tested in test_browser.py, test_fetch.py and test_api.py."""

from __future__ import annotations

import re
import shlex

import pytest
from typer.testing import CliRunner

from peaceobs.cli import app
from tests.conftest import ROOT

pytestmark = pytest.mark.corpus
README = (ROOT / "README.md").read_text()
NEEDS_A_SERVER = ("serve", "fetch")


def console_commands() -> list[str]:
    block = re.search(r"```console\n(.*?)```", README, re.S).group(1)
    return [re.split(r"\s+#\s", line[2:])[0].strip() for line in block.splitlines() if line.startswith("$ peaceobs ")]


@pytest.fixture(scope="module")
def demo_db(corpus_sqlite_url):
    return corpus_sqlite_url  # the session's corpus store (tests/conftest.py): ingested once


@pytest.mark.parametrize("command", [c for c in console_commands()
                                     if shlex.split(c)[1] not in NEEDS_A_SERVER])
def test_console_example(command, demo_db, corpus, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    args = shlex.split(command.replace("../shared/corpus", str(corpus)))[1:]
    if args[0] == "ingest":
        args += ["--db", f"sqlite:///{tmp_path / 'fresh.db'}"]
    else:
        args += ["--db", demo_db]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, (command, result.output)
    assert result.output.strip() or any(tmp_path.iterdir())


def test_every_console_command_is_covered():
    verbs = {shlex.split(c)[1] for c in console_commands()}
    assert verbs >= {"ingest", "search", "show", "cites", "cited-by", "stats", "export", "compare", "chain",
                     "trace", "reuse", "mandate"}


def test_python_example(corpus, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code = re.search(r"```python\n(.*?)```", README, re.S).group(1).replace("../shared/corpus", str(corpus))
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)  # noqa: S102 - the README's own example
    assert (tmp_path / "data" / "peaceobs.db").exists()
    assert namespace["doc"].paragraph("OP1(b)").text.startswith("(b) To renew the mandate")
