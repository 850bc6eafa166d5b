"""The glossary: the texts' words for what people call otherwise (peaceobs.glossary).

Fast checks read only the data file; the corpus checks read each entry's source paragraph and
count, on both backends, that the texts do say it otherwise."""

from __future__ import annotations

import importlib
import re

import pytest

from peaceobs.glossary import inflections, load_glossary, texts_words
from peaceobs.query import ParsedQuery, Term
from peaceobs.symbols import parse as parse_symbol

_SOURCE = re.compile(r"(?P<symbol>.+?) (?P<pid>[A-Z]+[\w.-]*): (?P<quote>.+)")


def _forms(word: str) -> list[tuple[str, ...]]:
    """An entry's word and its irregular forms ("renewal|renewed"), each split as the engine
    splits it ("cross-borrowing": two words)."""
    return [tuple(re.findall(r"[a-z0-9]+", w)) for w in word.split("|")]


@pytest.mark.parametrize(("word", "forms"), [
    ("pay", {"pays", "paying"}), ("refund", {"refunds", "refunded", "refunding"}), ("cut", {"cuts", "cutting"}),
    ("close", {"closes", "closed", "closing"}), ("salary", {"salaries"}), ("renewal", {"renewals"}),
    ("soldiers", {"soldier", "soldiers"}), ("salaries", {"salary"}),
])
def test_a_word_is_glossed_in_the_forms_people_type_it(word, forms):
    assert forms <= inflections(word)


def test_every_entry_is_whole_and_sourced():
    entries = load_glossary()
    assert len(entries) >= 20
    for g in entries:
        assert g.word == g.word.lower() and " " not in g.word, g
        assert g.terms and not set(g.word.split("|")) & set(g.terms) and g.why, g
        m = _SOURCE.fullmatch(g.source)
        assert m, f"{g.word}: source {g.source!r} is not 'SYMBOL PID: words'"
        parse_symbol(m["symbol"])  # raises on a symbol that is not one
        assert len(m["quote"].split()) >= 4, g


def test_no_form_is_glossed_twice():
    seen: dict[tuple[str, ...], str] = {}
    for g in load_glossary():
        for *head, last in _forms(g.word):
            for form in inflections(last):
                key = (*head, form)
                assert key not in seen or seen[key] == g.word, f"{key}: {seen.get(key)} and {g.word}"
                seen[key] = g.word


def test_the_mandate_cycle_is_in_the_glossary():
    # 482 (1980) OP1: "Extends once more the stationing in Cyprus of the United Nations
    # Peace-keeping Force": a renewal, in the Council's words.
    assert "extend" in texts_words(("renewals",))
    assert texts_words(("soldier",)) == texts_words(("soldiers",)) != ()
    assert texts_words(("peacekeeping",)) == ()


@pytest.mark.corpus
def test_each_source_says_the_texts_words_where_it_says(corpus_store):
    for g in load_glossary():
        m = _SOURCE.fullmatch(g.source)
        doc = corpus_store.get_document(m["symbol"])
        assert doc is not None, f"{g.word}: {m['symbol']} is not in the corpus"
        text = next((" ".join(p.text.split()) for p in doc.paragraphs if p.pid == m["pid"]), None)
        assert text is not None, f"{g.word}: {m['symbol']} has no paragraph {m['pid']}"
        quote = m["quote"].rstrip(".… ").replace("…", "")
        assert all(part.strip() in text for part in re.split(r"\s*\.\.\.\s*", quote)), (g.word, quote, text[:300])
        stems = {w.lower()[:5] for w in re.findall(r"\w+", text)}
        assert any(all(w[:5] in stems for w in term.lower().split()) for term in g.terms), (g.word, g.terms, text[:300])


@pytest.mark.corpus
def test_the_texts_say_it_otherwise(corpus_store):
    """Each entry earns its place: at least as many paragraphs hold its terms as hold the word
    typed, in any of its forms (an entry the word outnumbers widens queries for little: the texts
    use the word itself, as they do "debt" and "buildings", which were left out so)."""
    cap = 1_000_000
    for g in load_glossary():
        typed = corpus_store.count(ParsedQuery([[Term(f) for f in _forms(g.word)]]), cap)
        terms = corpus_store.count(ParsedQuery([[Term(tuple(re.findall(r"[a-z0-9]+", t.lower()))) for t in g.terms]]),
                                   cap)
        assert terms >= typed and terms > 0, (g.word, typed, g.terms, terms)


@pytest.mark.corpus
def test_a_word_the_texts_say_otherwise_finds_their_words_and_says_so(corpus_store):
    """By words alone (meaning off, as the tests run): "who pays for peacekeeping" asks for
    79/250, "Scale of assessments for the apportionment of the expenses of the United Nations
    peacekeeping operations", which does not say "pays"; "pays" is searched with the
    texts' words for it, and the result says so."""
    from peaceobs.registry_search import document_search

    result = document_search(corpus_store, "who pays for peacekeeping")
    assert result.documents[0].symbol == "A/RES/79/250"
    assert result.also_searched == {"pays": ["assessed contributions", "apportionment"]}
    assert "pays → assessed contributions, apportionment" in " ".join(result.searched())
    # "leftover" is in no paragraph; "unencumbered balance" in many: A/80/604/Add.13 P5 "The
    # unencumbered balance, in gross terms, amounts to $38,504,900", and the query finds the
    # budget reports and financing resolutions.
    found = document_search(corpus_store, "leftover money peacekeeping")
    assert found.documents and all(d.symbol.startswith(("A/80/", "A/RES/", "A/C.5/")) for d in found.documents[:3])
    assert "unencumbered balance" in found.also_searched["leftover"]


def test_one_query_is_searched_with_a_bounded_number_of_the_texts_words():
    search = importlib.import_module("peaceobs.search")
    words = "pay money cut refund leftover surplus shortage soldiers helmets cops rebels deal talks"
    glossed = search._glossed(search.parse_query(words).clauses)
    assert 0 < sum(len(terms) for terms in glossed.values()) <= search.GLOSSED_TOTAL
    # The first words typed are glossed first: "pay" → its two, "money" → its three, …
    assert [t.words[0] for t in glossed][:2] == ["pay", "money"]
    assert glossed[Term(("pay",))] == texts_words(("pay",))
