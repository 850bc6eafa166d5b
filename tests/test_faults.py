"""Bad input: each failure is one line naming the file and the reason; the batch goes on; nothing
partial stays in the store; a killed ingest leaves the store consistent."""

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner

from peaceobs.cli import app
from peaceobs.ingest import ReaderError, read
from peaceobs.pipeline import ingest_paths
from peaceobs.store import open_store

GOOD = "Resolution 9001 (2030)\nof 1 January 2030\n\nThe Security Council,\n\nRecalling its resolution 338 (1973),\n\n1. Decides to remain seized of the matter.\n"


def write_bad_files(folder: Path) -> dict[str, str]:
    """Each bad file and a word its error must contain."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "S_RES_9001_2030_EN.txt").write_text(GOOD)
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "corrupt.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(2000))
    (folder / "garbage.txt").write_bytes(b"\x00\x01\x02" * 500)
    (folder / "latin1.txt").write_bytes("Résolution adoptée à l'unanimité".encode("latin-1"))
    (folder / "no_symbol.txt").write_text("Some notes about peacekeeping.\n")
    (folder / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (folder / "bad.json").write_text("{not json")
    writer = pypdf.PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret")
    buf = io.BytesIO()
    writer.write(buf)
    (folder / "encrypted.pdf").write_bytes(buf.getvalue())
    with (folder / "huge.pdf").open("wb") as fh:  # sparse: 200 MB on paper, nothing on disk
        fh.truncate(200 * 1024 * 1024)
    return {"empty.pdf": "empty", "corrupt.pdf": "corrupt PDF", "garbage.txt": "binary",
            "latin1.txt": "UTF-8", "no_symbol.txt": "symbol", "broken.docx": "corrupt DOCX",
            "bad.json": "invalid JSON", "encrypted.pdf": "encrypted", "huge.pdf": "too large"}


def test_each_bad_file_fails_alone(store, tmp_path):
    expected = write_bad_files(tmp_path / "in")
    report = ingest_paths(store, [tmp_path / "in" / name for name in sorted(os.listdir(tmp_path / "in"))])
    failed = {Path(p).name: reason for p, reason in report.failures}
    assert set(failed) == set(expected)
    for name, word in expected.items():
        assert word in failed[name], (name, failed[name])
        assert "\n" not in failed[name]
    assert report.counts["added"] == 1
    assert store.stats()["documents"] == 1
    assert store.last_run()["failed"] == len(expected)


def test_cli_reports_failures_and_exit_code(tmp_path):
    write_bad_files(tmp_path / "in")
    db = tmp_path / "s.db"
    result = CliRunner().invoke(app, ["ingest", "--db", str(db), str(tmp_path / "in" / "corrupt.pdf"),
                                      str(tmp_path / "in" / "S_RES_9001_2030_EN.txt")])
    assert result.exit_code == 1
    assert "corrupt.pdf: corrupt PDF" in result.output
    assert "1 added" in result.output and "1 failed" in result.output
    result = CliRunner().invoke(app, ["ingest", "--db", str(db), str(tmp_path / "in" / "S_RES_9001_2030_EN.txt")])
    assert result.exit_code == 0 and "1 unchanged" in result.output


def test_reader_errors_name_the_file(tmp_path):
    write_bad_files(tmp_path)
    with pytest.raises(ReaderError) as info:
        read(tmp_path / "corrupt.pdf")
    assert str(info.value).startswith(str(tmp_path / "corrupt.pdf") + ": ")


def test_changed_file_replaces_document(store, tmp_path):
    f = tmp_path / "S_RES_9001_2030_EN.txt"
    f.write_text(GOOD)
    assert ingest_paths(store, [f]).counts == {"added": 1}
    f.write_text(GOOD.replace("remain seized of the matter", "extend the mandate"))
    assert ingest_paths(store, [f]).counts == {"replaced": 1}
    texts = [p.text for p in store.get_document("S/RES/9001").paragraphs]
    assert "1. Decides to extend the mandate." in texts
    assert not any("seized" in t for t in texts)


KILL_SCRIPT = """
import sys
from peaceobs.store import open_store
from peaceobs.pipeline import ingest_paths
store = open_store(sys.argv[1])
ingest_paths(store, [sys.argv[2]], progress=lambda p, o: print(o, flush=True))
"""


@pytest.mark.corpus
def test_killed_ingest_leaves_store_consistent(corpus, tmp_path):
    db = tmp_path / "k.db"
    folder = corpus / "ga-documents-2023-2025" / "extracted"
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, f"sqlite:///{db}", str(folder)],
                            stdout=subprocess.PIPE, text=True)
    seen = 0
    while seen < 150:
        if proc.stdout.readline():
            seen += 1
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    store = open_store(f"sqlite:///{db}")
    docs = store._all("SELECT id, n_paragraphs FROM documents")
    assert len(docs) >= 100
    for doc_id, n in docs:  # every stored document is whole
        assert store._one("SELECT count(*) FROM paragraphs WHERE doc_id = ?", (doc_id,))[0] == n
    store._execute("INSERT INTO paragraphs_fts(paragraphs_fts) VALUES ('integrity-check')")
    t = time.time()
    report = ingest_paths(store, [folder])  # resumes: what was stored is unchanged
    assert report.counts["unchanged"] >= len(docs) - 1 and not report.failures
    assert store.stats()["documents"] == 1167 - report.counts.get("skipped", 0)
    assert time.time() - t < 120


@pytest.mark.corpus
def test_ingest_on_dask_equals_one_process(corpus, tmp_path):
    """Bulk ingest read on a local Dask cluster stores exactly what one process stores."""
    files = sorted((corpus / "unsc-resolutions-1946-1994" / "res_en_gold").glob("S_RES_03*"))
    one = open_store(f"sqlite:///{tmp_path / 'one.db'}")
    dask_store = open_store(f"sqlite:///{tmp_path / 'dask.db'}")
    r1 = ingest_paths(one, files)
    r2 = ingest_paths(dask_store, files, scheduler="local", batch=16)
    assert r1.counts == r2.counts and r1.paragraphs == r2.paragraphs
    q = "SELECT d.symbol, p.pid, p.kind, p.text FROM paragraphs p JOIN documents d ON d.id = p.doc_id ORDER BY d.symbol, p.seq"
    assert one._all(q) == dask_store._all(q)
