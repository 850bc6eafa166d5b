"""The storage interface, run against both backends."""

import pytest

from peaceobs.model import OPERATIVE, PREAMBULAR, Citation, Document, Paragraph
from peaceobs.search import Filters, QueryError, search
from peaceobs.structure import paragraph_hash


def make_doc(symbol="S/RES/9001 (2030)", source="/tmp/a.txt", chash="h1", fmt="text", texts=None):
    texts = texts or ["Recalling its resolution 338 (1973),", "1. Decides to extend the mandate of the Force;"]
    paras = [Paragraph(pid=f"P{i}", seq=i, kind=PREAMBULAR if i == 0 else OPERATIVE, text=t, hash=paragraph_hash(t))
             for i, t in enumerate(texts)]
    return Document(symbol=symbol, title="Test", date="2030-01-02", body="SC", doc_type="resolution",
                    source=source, source_format=fmt, content_hash=chash, year=2030, paragraphs=paras,
                    citations=[Citation("P0", "S/RES/338 (1973)", "resolution 338 (1973)", "SC", "resolution")])


def test_roundtrip(store):
    assert store.put_document(make_doc()) == "added"
    doc = store.get_document("resolution 9001 (2030)")
    assert doc.symbol == "S/RES/9001 (2030)"
    assert [p.pid for p in doc.paragraphs] == ["P0", "P1"]
    assert doc.paragraphs[1].text == "1. Decides to extend the mandate of the Force;"
    assert store.get_document("S/RES/9001").symbol == "S/RES/9001 (2030)"  # year optional
    assert store.get_document("S/RES/1") is None


def test_unchanged_replaced_and_alternate(store):
    assert store.put_document(make_doc()) == "added"
    assert store.put_document(make_doc()) == "unchanged"
    assert store.put_document(make_doc(chash="h2", texts=["1. Decides anew;"])) == "replaced"
    assert [p.text for p in store.get_document("S/RES/9001").paragraphs] == ["1. Decides anew;"]
    # A worse-structured source of the same symbol is recorded but does not replace the text.
    store.put_document(make_doc(source="/tmp/b.docx", fmt="docx", chash="d"))
    assert store.put_document(make_doc(source="/tmp/c.pdf", fmt="pdf", chash="p")) == "alternate"
    assert store.get_document("S/RES/9001").source == "/tmp/b.docx"
    assert store.stats()["documents"] == 1


def test_failed_write_leaves_nothing(store):
    store.put_document(make_doc())
    bad = make_doc(chash="h2", texts=["one", "two"])
    bad.paragraphs[1].pid = bad.paragraphs[0].pid  # violates UNIQUE (doc_id, pid) mid-write
    with pytest.raises(Exception):  # noqa: B017 - each driver raises its own IntegrityError
        store.put_document(bad)
    doc = store.get_document("S/RES/9001")
    assert [p.text for p in doc.paragraphs][0] == "Recalling its resolution 338 (1973),"
    assert store.stats()["paragraphs"] == 2
    hits = search(store, "one").hits
    assert hits == []


def test_search_phrase_prefix_filters_negation(store):
    store.put_document(make_doc())
    store.put_document(make_doc("A/RES/85/1", "/tmp/g.json", texts=[
        "Recalling the scale of assessments for peacekeeping operations,",
        "1. Decides that the assessment of contributions shall continue;"]))
    d = store.get_document("A/RES/85/1")
    assert d is not None
    assert [h.symbol for h in search(store, '"scale of assessments"').hits] == ["A/RES/85/1"]
    assert search(store, '"assessments of scale"').hits == []
    assert {h.symbol for h in search(store, "assess*").hits} == {"A/RES/85/1"}
    assert {h.symbol for h in search(store, "decides").hits} == {"A/RES/85/1", "S/RES/9001 (2030)"}
    assert {h.symbol for h in search(store, "decides -mandate").hits} == {"A/RES/85/1"}
    assert {h.symbol for h in search(store, "mandate OR peacekeeping").hits} == {"A/RES/85/1", "S/RES/9001 (2030)"}
    hits = search(store, "decides", Filters(symbol_prefix="A/RES/85/")).hits
    assert [h.symbol for h in hits] == ["A/RES/85/1"]
    assert search(store, "decides", Filters(kind="preambular")).hits == []
    assert search(store, "decides", Filters(year_from=2031)).hits == []
    assert len(search(store, "decides", Filters(year_from=2030, year_to=2030)).hits) == 2
    hit = search(store, "mandate").hits[0]
    assert "<mark>mandate</mark>" in hit.snippet and hit.pid == "P1"


@pytest.mark.parametrize("bad", ["", "   ", '"unbalanced', "-only -negations", "!!! ???"])
def test_bad_queries(store, bad):
    with pytest.raises(QueryError):
        search(store, bad)


def test_citations_resolve_to_stored_documents(store):
    store.put_document(make_doc())
    assert [c.resolved for c in store.cites("S/RES/9001")] == [None]
    target = make_doc("S/RES/338 (1973)", "/tmp/338.txt", texts=["1. Calls upon all parties;"])
    target.citations = []
    store.put_document(target)
    assert [c.resolved for c in store.cites("S/RES/9001")] == ["S/RES/338 (1973)"]
    assert [(c.from_symbol, c.from_pid) for c in store.cited_by("S/RES/338")] == [("S/RES/9001 (2030)", "P0")]
    assert store.stats()["citations_resolved"] == 1


def test_delete_document(store):
    store.put_document(make_doc())
    assert store.delete_document("S/RES/9001 (2030)")
    assert store.get_document("S/RES/9001") is None
    assert search(store, "mandate").hits == []
    assert not store.delete_document("S/RES/9001 (2030)")


def test_migrate_is_idempotent(store):
    from importlib import resources

    # The schema's version is its last migration's number (009 added paragraphs.page); read from
    # the folder, so a new migration does not need this test edited.
    folder = resources.files("peaceobs.store") / "migrations" / store.dialect
    last = max(int(f.name.split("_", 1)[0]) for f in folder.iterdir() if f.name.endswith(".sql"))
    assert last >= 9
    assert store.migrate() == store.migrate() == last
