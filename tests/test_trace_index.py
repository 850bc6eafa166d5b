"""The shingle index on disk: the same arrays and results as a build in memory, reopened without
rebuilding, brought up to date (not rebuilt) when documents are added, replaced or deleted."""

from __future__ import annotations

import random

import numpy as np
import pytest

import peaceobs.trace as trace
import peaceobs.trace.persist as persist
from peaceobs.model import Document, Paragraph
from peaceobs.pipeline import ingest_paths
from peaceobs.store import open_store
from peaceobs.trace import index_for, trace_paragraph, trace_text
from peaceobs.trace.index import ShingleIndex

WORDS = [f"w{i}" for i in range(400)]
FORMULA = "Decides to remain seized of the matter and to keep the question under review"


def _doc(n: int, rng: random.Random, shared: list[str], year: int = 2000) -> Document:
    paras = [Paragraph(pid="PP1", seq=0, kind="preambular", text=FORMULA)]
    for j in range(3):  # some of a common pool of sentences, and some words of its own
        text = rng.choice(shared) + " " + " ".join(rng.choice(WORDS) for _ in range(12))
        paras.append(Paragraph(pid=f"OP{j + 1}", seq=j + 1, kind="operative", text=text))
    return Document(symbol=f"A/RES/{year % 100}/{n}", title=f"{year % 100}/{n}. A test resolution",
                    date=f"{year + n // 10}-01-{1 + n % 28:02d}", body="GA", doc_type="resolution",
                    year=year + n // 10, session=year % 100, source=f"mem://{n}",
                    content_hash=str(rng.random()), paragraphs=paras)


@pytest.fixture
def fresh(monkeypatch):
    monkeypatch.setattr(trace, "_cache", {})  # each test starts as a new process would


def _shared(rng: random.Random) -> list[str]:
    return [" ".join(rng.choice(WORDS) for _ in range(15)) for _ in range(12)]


def _same(a: ShingleIndex, b: ShingleIndex) -> None:
    for name in ("hashes", "para", "pos", "boilerplate", "p_doc", "p_row", "d_id"):
        assert np.array_equal(np.asarray(getattr(a, name)), np.asarray(getattr(b, name))), name
    assert a.boilerplate_df == b.boilerplate_df and a.store_from == b.store_from
    assert list(a.meta) == list(b.meta)


def test_saved_index_is_the_in_memory_build_and_reopens_without_rebuilding(tmp_path, fresh, monkeypatch):
    rng = random.Random(1)
    shared = _shared(rng)
    s = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    for n in range(30):
        s.put_document(_doc(n, rng, shared))
    ix = index_for(s)
    assert ix.mapped and isinstance(ix.hashes.base, np.memmap)  # opened from disk, not held in memory
    # Queries read postings and texts from the files (pread), not through the mapping: what a
    # process has traced does not stay resident in it (docs/BENCHMARKS.md, RSS at 1 M).
    assert ix.p_text._file is not None and all(f is not None for f in ix._files.values())
    assert (tmp_path / "a.db.trace" / "CURRENT").is_file()
    built = ShingleIndex.build(s)
    _same(ix, built)
    assert len(ix.boilerplate) > 0  # the formula is in all 30 documents (≥ 20)
    for k in range(0, len(built.meta), 7):
        m = built.meta[k]
        assert trace_text(ix, m.text, before=m.date, exclude=m.symbol) == \
            trace_text(built, m.text, before=m.date, exclude=m.symbol)
    first = trace_paragraph(s, "A/RES/0/29", "OP1")
    s.close()
    # A new process: the saved index is opened as it is, nothing tokenised, nothing rebuilt.
    monkeypatch.setattr(trace, "_cache", {})
    monkeypatch.setattr(persist, "make_segment", lambda *a, **k: pytest.fail("rebuilt"))
    s = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    again = index_for(s)
    assert again is not ix and again.key == ix.key
    assert trace_paragraph(s, "A/RES/0/29", "OP1") == first
    s.close()


def test_new_generation_updates_the_saved_index(tmp_path, fresh, monkeypatch):
    rng = random.Random(2)
    shared = _shared(rng)
    s = open_store(f"sqlite:///{tmp_path / 'b.db'}")
    for n in range(25):
        s.put_document(_doc(n, rng, shared))
    before = index_for(s)
    g = s.generation()
    monkeypatch.setattr(persist, "build", lambda *a, **k: pytest.fail("full rebuild"))
    # Added: five documents merged in (the formula's document count goes up, the rule 2 % / 20 holds).
    for n in range(25, 30):
        s.put_document(_doc(n, rng, shared))
    added = index_for(s)
    assert s.generation() == g + 5 and added is not before and added.key[0] == g + 5
    _same(added, ShingleIndex.build(s))
    # Replaced: the old paragraphs go out, the new come in.
    s.put_document(_doc(3, rng, shared))
    replaced = index_for(s)
    _same(replaced, ShingleIndex.build(s))
    assert sum(m.symbol == "A/RES/0/3" for m in replaced.meta) == 4
    # Deleted: 29 documents left.
    assert s.delete_document("A/RES/0/7")
    deleted = index_for(s)
    _same(deleted, ShingleIndex.build(s))
    assert len(deleted.d_id) == 29 and "A/RES/0/7" not in set(deleted.d_symbol.tolist())
    # Each state was saved: a new process opens the last one as it is.
    monkeypatch.setattr(trace, "_cache", {})
    reopened = index_for(s)
    assert reopened.key == deleted.key and reopened.mapped
    assert len(list((tmp_path / "b.db.trace").glob("g*"))) == 1  # older versions removed
    s.close()


def test_a_recreated_store_at_the_same_path_is_not_served_the_old_index(tmp_path, fresh):
    rng = random.Random(3)
    shared = _shared(rng)
    path = tmp_path / "c.db"
    s = open_store(f"sqlite:///{path}")
    s.put_document(_doc(1, rng, shared))
    old = index_for(s)
    s.close()
    for p in tmp_path.glob("c.db*"):
        if p.is_file():
            p.unlink()
    trace._cache.clear()
    s = open_store(f"sqlite:///{path}")
    s.put_document(_doc(1, rng, shared))  # same generation, counts and ids; other words
    new = index_for(s)
    assert new.key != old.key
    _same(new, ShingleIndex.build(s))
    s.close()


def test_ingest_saves_the_index_and_env_settings(corpus, tmp_path, fresh, monkeypatch):
    folder = corpus / "ga-documents-2023-2025" / "extracted"
    monkeypatch.setenv("PEACEOBS_TRACE_DIR", str(tmp_path / "cache"))
    s = open_store(f"sqlite:///{tmp_path / 'd.db'}")
    ingest_paths(s, [folder / "A_RES_78_305.json", folder / "A_RES_79_308.json"])
    root = persist.index_dir(s)
    assert root is not None and root.parent == tmp_path / "cache"
    saved = persist.open_index(root)  # written by the ingest, before any trace
    assert saved is not None and saved.key == persist.store_key(s)
    monkeypatch.setattr(persist, "build", lambda *a, **k: pytest.fail("rebuilt"))
    monkeypatch.setattr(persist, "make_segment", lambda *a, **k: pytest.fail("rebuilt"))
    op4 = trace_paragraph(s, "A/RES/79/308", "OP4")
    assert (op4.sources[0].symbol, op4.sources[0].pid) == ("A/RES/78/305", "OP4")
    s.close()
    memory = open_store("sqlite:///:memory:")
    assert persist.index_dir(memory) is None  # an in-memory store: an in-memory index
    memory.close()


@pytest.mark.corpus
def test_corpus_index_saved_equals_built(corpus, tmp_path, fresh):
    folder = corpus / "ga-documents-2023-2025" / "extracted"
    s = open_store(f"sqlite:///{tmp_path / 'e.db'}")
    files = sorted(folder.glob("A_RES_78_3*.json"))
    ingest_paths(s, files[: len(files) // 2])
    index_for(s)
    ingest_paths(s, files[len(files) // 2:])  # merged in by the ingest
    saved = persist.open_index(persist.index_dir(s))
    built = ShingleIndex.build(s)
    _same(saved, built)
    doc = s.get_document("A/RES/78/305")
    for p in doc.paragraphs[::5]:
        assert trace_text(saved, p.text, before=doc.date, exclude=doc.symbol) == \
            trace_text(built, p.text, before=doc.date, exclude=doc.symbol)
    s.close()
