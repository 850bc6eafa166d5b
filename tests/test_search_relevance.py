"""Search that puts the right document first: the judged query set (tests/search), bounds, safe
snippets. Figures in docs/SEARCH.md."""

from pathlib import Path

import pytest

from peaceobs.evaluate.search import read_judged, score_relevance
from peaceobs.search import (
    QueryError,
    QueryTooLarge,
    parse_query,
    safe_snippet,
    search_documents,
)

JUDGED = Path(__file__).parent / "search" / "judged_queries.json"


def test_judged_set_is_large_enough():
    judged = read_judged(JUDGED)
    assert len(judged) >= 50
    assert all(j["relevant"] and max(j["relevant"].values()) == 2 for j in judged)


@pytest.mark.corpus
def test_documents_first_beats_paragraphs_on_the_judged_set(corpus_store):
    judged = read_judged(JUDGED)
    before = score_relevance(corpus_store, judged, "paragraphs")
    after = score_relevance(corpus_store, judged, "documents")
    assert after.mean("success3") > before.mean("success3")
    assert after.mean("ndcg10") > before.mean("ndcg10")
    # Issue target: success@3 = 1.0, success@1 ≥ 0.85 — not reached yet (docs/SEARCH.md).
    assert after.mean("success3") >= 0.75
    assert after.mean("success1") >= 0.55


@pytest.mark.corpus
@pytest.mark.parametrize("query,first", [
    ("Support Office in Somalia", {"A/80/628"}),   # the UNSOS budget report, not a footnote elsewhere
    ('"scale of assessments" peacekeeping', {"A/RES/79/250"}),
    ("79/250", {"A/RES/79/250"}),                  # a symbol goes to that document
    ("A/80/628", {"A/80/628"}),
    # The acronym spelled out: the UNIFIL budget report or the GA's "Financing of the United
    # Nations Interim Force in Lebanon" (both graded 2 in tests/search).
    ("UNIFIL financing", {"A/80/634", "A/RES/79/308"}),
    ("Lebannon interim force", {"A/80/634", "A/RES/79/308", "A/80/604/Add.12"}),  # a typo corrected
    # A mission named alone: the text that set it up. 143 (1960) OP2 "to provide the Government
    # with such military assistance" (ONUC, an acronym no text prints); 743 (1992) OP2 "Decides to
    # establish, under its authority, a United Nations Protection Force"; 186 (1964) OP4 "the
    # creation … of a United Nations Peace-keeping Force in Cyprus" ("forse": a typo).
    ("ONUC", {"S/RES/143 (1960)"}),
    ("UNPROFOR established Yugoslavia", {"S/RES/743 (1992)"}),
    ("Cyprus peacekeeping forse 1964", {"S/RES/186 (1964)"}),
    # A year: 482 (1980) OP1 "Extends once more the stationing in Cyprus of the United Nations
    # Peace-keeping Force" — the only 1980 Cyprus text in the corpus, "renewal" said "Extends".
    ("Cyprus peacekeeping force renewal 1980", {"S/RES/482 (1980)"}),
])
def test_the_right_document_first(corpus_store, query, first):
    from peaceobs.registry_search import document_search

    result = document_search(corpus_store, query)
    assert result.documents[0].symbol in first
    assert result.total_documents >= 1 and result.total_paragraphs >= 0


@pytest.mark.corpus
def test_words_across_paragraphs_are_found_and_said(corpus_store):
    # "disinformation" and "peacekeeping" rarely share a paragraph; documents holding both follow.
    result = search_documents(corpus_store, "disinformation peacekeeping", limit=20)
    assert result.across and any(d.across for d in result.documents)
    assert len(result.documents) >= 5


def test_stop_words_are_neither_required_nor_highlighted():
    parsed = parse_query("Support Office in Somalia")
    assert [t.words for c in parsed.clauses for t in c] == [("support",), ("office",), ("somalia",)]
    assert [t.words for c in parse_query('"scale of assessments"').clauses for t in c] == [
        ("scale", "of", "assessments")]


@pytest.mark.parametrize("query", [" ".join(["a*"] * 200), "peace " * 60, "x" * 600, "peace* keep* sec* mand* budg*",
                                   "ab*"])
def test_queries_past_the_bounds_are_refused(query):
    with pytest.raises(QueryTooLarge):
        parse_query(query)
    assert issubclass(QueryTooLarge, QueryError)


def test_snippets_are_safe_html():
    raw = 'x <script>alert(1)</script> <img src=x onerror="a()"> <mark>peace</mark> & more'
    out = safe_snippet(raw)
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;" in out and "<mark>peace</mark>" in out and "&amp; more" in out


def test_a_stored_script_comes_back_as_text(store):
    from peaceobs.model import OPERATIVE, Document, Paragraph
    from peaceobs.search import search

    doc = Document("S/RES/9003 (2030)", title="Test", body="SC", doc_type="resolution", year=2030,
                   paragraphs=[Paragraph("OP1", 0, OPERATIVE, '1. Decides <script>alert("x")</script> peace')])
    store.put_document(doc)
    hit = search(store, "decides peace").hits[0]
    # SQLite gives the tag back escaped; PostgreSQL's headline drops tags: neither is markup.
    assert "<script>" not in hit.snippet and 'alert("x")' in hit.snippet and "<mark>" in hit.snippet


def test_one_query_language_on_both_backends(store):
    """AND, OR, NOT and stop-words mean the same on SQLite and PostgreSQL ("AND OR" once matched
    62,532 paragraphs on one and none on the other)."""
    from peaceobs.model import OPERATIVE, Document, Paragraph
    from peaceobs.search import search

    for n, text in ((1, "1. Decides to renew the mandate of the Force."),
                    (2, "1. Decides to end the mandate of the Mission."),
                    (3, "1. Requests a report on the Force.")):
        store.put_document(Document(f"S/RES/{9100 + n} (2030)", title="t", body="SC", doc_type="resolution",
                                    year=2030, paragraphs=[Paragraph("OP1", 0, OPERATIVE, text)]))

    def found(q):
        return sorted(h.symbol for h in search(store, q, limit=50).hits)

    assert found("mandate AND Force") == ["S/RES/9101 (2030)"]
    assert found("mandate NOT Force") == found("mandate -Force") == ["S/RES/9102 (2030)"]
    assert found("renew OR end") == ["S/RES/9101 (2030)", "S/RES/9102 (2030)"]
    assert found("the mandate of the Force") == ["S/RES/9101 (2030)"]  # "the", "of" not required
    for q in ("AND OR", "the of and", "NOT the"):
        with pytest.raises(QueryError):
            search(store, q)
