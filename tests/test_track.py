"""The recommendation tracker on both backends: frameworks from stored paragraphs and from files,
roles, reviewed links and statuses, the append-only audit log, no lost update, exports, evidence
suggestions; accounts (argon2, tokens, rate limits) and the CLI's exit codes."""

from __future__ import annotations

import csv
import io
import json
import threading
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from peaceobs import accounts
from peaceobs.cli import app
from peaceobs.pipeline import ingest_paths
from peaceobs.store import Store, open_store
from peaceobs.track import (
    Actor,
    Forbidden,
    FrameworkError,
    Role,
    TrackConflict,
    TrackInputError,
    add_framework,
    commitments_from_file,
    commitments_from_paragraphs,
    export_csv,
    export_json,
    export_xlsx,
    link,
    set_status,
    show,
    suggest,
)

pytestmark = pytest.mark.corpus
ADMIN, ANALYST = Actor("ada", Role.ADMIN), Actor("ana", Role.ANALYST)
REVIEWER, READER = Actor("rev", Role.REVIEWER), Actor("rea", Role.READER)


def _ga(corpus: Path, symbol: str) -> Path:
    return corpus / "ga-documents-2023-2025" / "extracted" / f"{symbol.replace('/', '_')}.json"


@pytest.fixture
def tracked(store: Store, corpus: Path) -> Store:
    """The Pact for the Future and the UN–AU cooperation resolution, and a framework of Action 21."""
    report = ingest_paths(store, [_ga(corpus, "A/RES/79/1"), _ga(corpus, "A/RES/79/329")])
    assert not report.failures
    doc = store.get_document("A/RES/79/1")
    add_framework(store, ADMIN, "pact-peace-ops", "Pact: Action 21", "A/RES/79/1 OP42(a)-OP42(g)",
                  commitments_from_paragraphs(doc, "OP42(a)-OP42(g)"))
    return store


def test_framework_from_paragraphs(tracked: Store) -> None:
    """A/RES/79/1 Action 21: "(g) Ensure adequate, predictable and sustainable financing for African
    Union-led peace support operations mandated by the Security Council in line with Security
    Council resolution 2719 (2023)"."""
    data = show(tracked, "pact-peace-ops")
    refs = [c["ref"] for c in data["commitments"]]
    assert refs == ["OP42(a)", "OP42(b)", "OP42(c)", "OP42(d)", "OP42(e)", "OP42(f)", "OP42(g)"]
    g = data["commitments"][-1]
    assert g["text"].startswith("(g) Ensure adequate, predictable and sustainable financing for African Union-led")
    assert g["area"].startswith("Action 21. We will adapt peace operations")
    assert g["source"] == {"symbol": "A/RES/79/1", "pid": "OP42(g)", "note": ""}
    assert g["status"] == "not started" and g["links"] == []


def test_bad_paragraph_specs(tracked: Store) -> None:
    doc = tracked.get_document("A/RES/79/1")
    with pytest.raises(FrameworkError, match="no paragraph 'OP999'"):
        commitments_from_paragraphs(doc, "OP42(a)-OP999")
    with pytest.raises(FrameworkError, match="comes after"):
        commitments_from_paragraphs(doc, "OP42(g)-OP42(a)")


def test_framework_from_files(tmp_path: Path) -> None:
    good = tmp_path / "a4p.csv"
    good.write_text("id,area,text,source\nA4P-1,Politics,Collective coherence behind a political strategy,"
                    "a test row: not a real A4P+ text\n", encoding="utf-8")
    assert commitments_from_file(good)[0].source_note == "a test row: not a real A4P+ text"
    yml = tmp_path / "f.yaml"
    yml.write_text("commitments:\n  - id: X1\n    text: Some commitment\n    source: a test row\n", encoding="utf-8")
    assert [c.ref for c in commitments_from_file(yml)] == ["X1"]
    nosource = tmp_path / "bad.csv"
    nosource.write_text("id,text\nX,Y\n", encoding="utf-8")
    with pytest.raises(FrameworkError, match="its source"):
        commitments_from_file(nosource)


def test_roles_links_statuses_audit(tracked: Store) -> None:
    c = tracked.commitment_by_ref("pact-peace-ops", "OP42(g)")
    with pytest.raises(Forbidden):
        link(tracked, READER, c.id, "A/RES/79/329", "PP11")
    with pytest.raises(Forbidden):
        add_framework(tracked, ANALYST, "x", "", "", [])
    # A/RES/79/329 PP11: "… the importance of ensuring adequate, predictable and sustainable
    # financing for such operations … based on … Security Council resolution 2719 (2023)".
    row = link(tracked, ANALYST, c.id, "A/RES/79/329", "PP11", note="reiterates the financing language")
    assert (row.state, row.by_user) == ("confirmed", "ana")
    with pytest.raises(TrackInputError, match="no paragraph"):
        link(tracked, ANALYST, c.id, "A/RES/79/329", "OP999")
    with pytest.raises(Forbidden):
        set_status(tracked, ANALYST, c.id, "in progress", "why", [], c.version)
    with pytest.raises(TrackInputError, match="confirmed links"):
        set_status(tracked, REVIEWER, c.id, "in progress", "why", ["A/RES/79/329#OP1"], c.version)
    with pytest.raises(TrackInputError, match="rationale"):
        set_status(tracked, REVIEWER, c.id, "in progress", " ", [], c.version)
    new = set_status(tracked, REVIEWER, c.id, "in progress", "79/329 takes the language up",
                     ["A/RES/79/329#PP11"], c.version)
    assert (new.status, new.version, new.updated_by) == ("in progress", c.version + 1, "rev")
    with pytest.raises(TrackConflict, match="reload"):  # a second reviewer who read the old version
        set_status(tracked, REVIEWER, c.id, "implemented", "done", [], c.version)
    history = tracked.status_history(c.id)
    assert [(h.status, h.evidence) for h in history] == [("in progress", ["A/RES/79/329#PP11"])]
    log = tracked.audit_log()
    assert [e.action for e in log[:2]] == ["status.set", "link.add"]
    assert log[0].before["status"] == "not started" and log[0].after["status"] == "in progress"
    assert log[0].actor == "rev"


def test_audit_log_is_append_only(tracked: Store) -> None:
    assert tracked.audit_log()
    for sql in ("UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log"):
        with pytest.raises(Exception, match="append-only"):
            with tracked.transaction():
                tracked._execute(sql)
    assert all(e.actor == "ada" for e in tracked.audit_log())


def test_exports(tracked: Store) -> None:
    c = tracked.commitment_by_ref("pact-peace-ops", "OP42(g)")
    link(tracked, ANALYST, c.id, "A/RES/79/329", "PP11")
    set_status(tracked, REVIEWER, c.id, "in progress", "taken up", ["A/RES/79/329#PP11"], c.version)
    rows = list(csv.DictReader(io.StringIO(export_csv(tracked, "pact-peace-ops"))))
    g = next(r for r in rows if r["ref"] == "OP42(g)")
    assert (g["status"], g["confirmed_evidence"], g["updated_by"]) == ("in progress", "A/RES/79/329 PP11", "rev")
    data = json.loads(export_json(tracked, "pact-peace-ops"))
    assert next(x for x in data["commitments"] if x["ref"] == "OP42(g)")["history"][0]["rationale"] == "taken up"
    sheet = load_workbook(io.BytesIO(export_xlsx(tracked, "pact-peace-ops"))).active
    assert [cell.value for cell in sheet[1]][:4] == ["framework", "ref", "area", "status"]
    assert any(r[3] == "in progress" for r in sheet.iter_rows(min_row=2, values_only=True))


def test_suggestions_are_later_paragraphs_of_other_documents(tracked: Store) -> None:
    c = tracked.commitment_by_ref("pact-peace-ops", "OP42(g)")
    for model in (None, "minilm"):
        from peaceobs.track import embedder

        found = suggest(tracked, c, limit=10, embedder=embedder(model) if model else None, year_from=2024)
        assert found and all(s.symbol != "A/RES/79/1" for s in found)
        # A/RES/79/329 (UN–AU cooperation) takes up 2719 financing: it is among the first ten.
        assert any(s.symbol == "A/RES/79/329" for s in found), [(s.symbol, s.pid) for s in found]
    cached = tracked.query("SELECT count(*) FROM embeddings")[0][0]
    assert cached > 0  # vectors kept by paragraph hash: the next suggestion embeds nothing new


def test_no_lost_update_under_concurrent_reviewers(store: Store, corpus: Path, tmp_path: Path) -> None:
    """Two reviewers read the same version and write at once, on two connections: one wins, the
    other is told of the conflict (PostgreSQL serves teams; SQLite serialises writers)."""
    ingest_paths(store, [_ga(corpus, "A/RES/79/1")])
    add_framework(store, ADMIN, "f", "", "", commitments_from_paragraphs(store.get_document("A/RES/79/1"),
                                                                           "OP42(g)"))
    c = store.commitment_by_ref("f", "OP42(g)")
    url = store.url
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def review(status: str) -> None:
        s = open_store(url)
        barrier.wait()
        try:
            set_status(s, REVIEWER, c.id, status, f"I say {status}", [], c.version)
            outcomes.append("ok")
        except TrackConflict:
            outcomes.append("conflict")
        finally:
            s.close()

    threads = [threading.Thread(target=review, args=(x,)) for x in ("implemented", "reversed")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["conflict", "ok"]
    assert len(store.status_history(c.id)) == 1 and store.commitment(c.id).version == c.version + 1


def test_accounts(store: Store) -> None:
    accounts.add_user(store, "ada", "admin", "a long enough password")
    assert store.user("ada").password_hash.startswith("$argon2")
    with pytest.raises(accounts.AccountError, match="only an admin"):
        accounts.add_user(store, "eve", "admin", "another long password")
    ada = accounts.authenticate(store, "ada", "a long enough password")
    accounts.add_user(store, "rea", "reader", "reader password!", by=ada)
    rea = accounts.authenticate(store, "rea", "reader password!")
    with pytest.raises(Forbidden):
        accounts.add_user(store, "eve", "admin", "another long password", by=rea)
    token = accounts.issue_token(store, ada, "ada", "script")
    assert accounts.token_actor(store, token) == ada and token not in str(store.query("SELECT * FROM api_tokens"))
    for _ in range(accounts.LOGIN_FAILURES_ALLOWED):
        with pytest.raises(accounts.AuthError):
            accounts.authenticate(store, "rea", "wrong", client="10.0.0.9")
    with pytest.raises(accounts.RateLimited):
        accounts.authenticate(store, "rea", "reader password!", client="10.0.0.9")


runner = CliRunner()


def test_cli_writes_need_a_user_with_the_role(corpus: Path, tmp_path: Path) -> None:
    db = str(tmp_path / "t.db")
    assert runner.invoke(app, ["ingest", str(_ga(corpus, "A/RES/79/1")), str(_ga(corpus, "A/RES/79/329")),
                               "--db", db]).exit_code == 0
    assert runner.invoke(app, ["user", "add", "ada", "--role", "admin", "--db", db],
                         input="a long enough password\n").exit_code == 0
    env = {"PEACEOBS_PASSWORD": "a long enough password", "PEACEOBS_NEW_PASSWORD": "reader password!"}
    assert runner.invoke(app, ["user", "add", "rea", "--role", "reader", "--as", "ada", "--db", db],
                         env=env).exit_code == 0
    add = ["track", "framework", "add", "pact", "--from", "A/RES/79/1", "--paragraphs", "OP42(a)-OP42(g)", "--db", db]
    assert runner.invoke(app, add).exit_code == 2  # no --as
    assert runner.invoke(app, [*add, "--as", "ada"], env=env).exit_code == 0
    reader_env = {"PEACEOBS_PASSWORD": "reader password!"}
    denied = runner.invoke(app, ["track", "link", "pact", "OP42(g)", "A/RES/79/329", "PP11", "--as", "rea",
                                 "--db", db], env=reader_env)
    assert denied.exit_code == 3 and "reader" in denied.stderr
    wrong = runner.invoke(app, ["track", "link", "pact", "OP42(g)", "A/RES/79/329", "PP11", "--as", "ada",
                                "--db", db], env={"PEACEOBS_PASSWORD": "not it at all"})
    assert wrong.exit_code == 2 and "wrong user name or password" in wrong.stderr
    assert runner.invoke(app, ["track", "link", "pact", "OP42(g)", "A/RES/79/329", "PP11", "--as", "ada",
                               "--db", db], env=env).exit_code == 0
    ok = runner.invoke(app, ["track", "status", "pact", "OP42(g)", "in progress", "--rationale", "79/329 PP11",
                             "--evidence", "A/RES/79/329#PP11", "--as", "ada", "--db", db], env=env)
    assert ok.exit_code == 0, ok.output
    stale = runner.invoke(app, ["track", "status", "pact", "OP42(g)", "implemented", "--rationale", "x",
                                "--version", "1", "--as", "ada", "--db", db], env=env)
    assert stale.exit_code == 4
    shown = json.loads(runner.invoke(app, ["track", "show", "pact", "--json", "--db", db]).stdout)
    g = next(c for c in shown["commitments"] if c["ref"] == "OP42(g)")
    assert g["status"] == "in progress" and g["links"][0]["symbol"] == "A/RES/79/329"
    audit = json.loads(runner.invoke(app, ["track", "audit", "--json", "--db", db]).stdout)
    assert audit[0]["action"] == "status.set" and audit[0]["actor"] == "ada"
    out = tmp_path / "pact.xlsx"
    assert runner.invoke(app, ["track", "export", "pact", "-o", str(out), "--db", db]).exit_code == 0
    assert load_workbook(out).active.max_row == 8
