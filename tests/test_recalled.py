"""The document later texts recall in the query's words (peaceobs.recalled): a resolution that
says what it does in its own terms comes first when other texts name it in the query's words.
Small documents written here, on both backends. Recall runs where the words are weak (fewer
than five documents hold them all in one paragraph), as here: only one does."""

from peaceobs.model import OPERATIVE, PREAMBULAR, Citation, Document, Paragraph
from peaceobs.query import Filters
from peaceobs.recalled import Recall, _sentence, recalled
from peaceobs.search import parse_query, search_documents

ORIGIN = "S/RES/9418 (2030)"


def _resolution(symbol: str, year: int, paragraphs: list[tuple[str, str, str]],
                cites: dict[str, str] | None = None) -> Document:
    return Document(symbol, title=f"Security Council resolution {symbol}", body="SC", doc_type="resolution",
                    year=year, date=f"{year}-01-01",
                    paragraphs=[Paragraph(pid, n, kind, text) for n, (pid, kind, text) in enumerate(paragraphs)],
                    citations=[Citation(pid, target, f"resolution {target}") for pid, target in (cites or {}).items()])


def _corpus(store, recalling: int) -> None:
    # The decision in its own words: no "mandatory", no "embargo".
    store.put_document(_resolution(ORIGIN, 2030, [
        ("OP1", OPERATIVE, "1. Decides that all States shall cease forthwith any provision to the Territory of "
                           "arms and related materiel of all types.")]))
    # Later texts that recall it in the words people use, and one that uses them without citing it.
    for n in range(recalling):
        store.put_document(_resolution(f"S/RES/95{n:02d} (2031)", 2031, [
            ("PP1", PREAMBULAR, f"Recalling its resolution 9418 (2030), by which it imposed a mandatory arms "
                                f"embargo, and noting report number {n},"),
            ("OP1", OPERATIVE, "1. Calls upon all States to observe strictly the provisions of its resolutions "
                               "on the Territory,")],
            cites={"PP1": ORIGIN}))
    store.put_document(_resolution("S/RES/9600 (2032)", 2032, [
        ("OP1", OPERATIVE, "1. Condemns violations of the mandatory arms embargo against the Territory.")]))
    # Common words only: "peace" and "security" shared with the query do not make a vote.
    for n in range(4):
        store.put_document(_resolution(f"S/RES/97{n:02d} (2033)", 2033, [
            ("PP1", PREAMBULAR, f"Recalling its resolution 9418 (2030) on international peace and security "
                                f"in the region, number {n},")],
            cites={"PP1": ORIGIN}))


def _votes(store, q: str) -> dict[str, Recall]:
    return recalled(store, parse_query(q), Filters())


def test_the_recalled_decision_comes_first(store):
    _corpus(store, recalling=8)
    assert _votes(store, "mandatory arms embargo Territory") == {ORIGIN: Recall(8, 8)}
    result = search_documents(store, "mandatory arms embargo Territory")
    first = result.documents[0]
    assert first.symbol == ORIGIN and first.recalled == 8
    # Its own paragraph is shown, holding the words it holds.
    assert first.paragraphs and "arms" in first.paragraphs[0].snippet


def test_two_recalling_documents_are_an_aside(store):
    _corpus(store, recalling=2)
    assert _votes(store, "mandatory arms embargo Territory") == {}
    result = search_documents(store, "mandatory arms embargo Territory")
    assert result.documents[0].symbol != ORIGIN
    assert all(d.recalled == 0 for d in result.documents)


def test_common_words_do_not_vote(store):
    """Four documents recall the resolution with "peace and security": the query's rare word
    ("women") is missing from all of them, so none votes."""
    _corpus(store, recalling=0)
    for n in range(30):  # "peace" and "security" made common, "women" rare
        store.put_document(_resolution(f"S/RES/98{n:02d} (2034)", 2034, [
            ("OP1", OPERATIVE, f"1. Stresses international peace and security, item {n}.")]))
    store.put_document(_resolution("S/RES/9900 (2035)", 2035, [
        ("OP1", OPERATIVE, "1. Welcomes the agenda on women and peace and security.")]))
    assert _votes(store, "women peace and security") == {}


def test_a_filter_keeps_recalled_documents_of_other_bodies_out(store):
    _corpus(store, recalling=3)
    result = search_documents(store, "mandatory arms embargo Territory", Filters(year_from=2031))
    assert result.documents and ORIGIN not in {d.symbol for d in result.documents}


def test_phrases_and_alternatives_recall_too(store):
    _corpus(store, recalling=3)
    assert _votes(store, '"arms embargo" mandatory Territory') == {ORIGIN: Recall(3, 3)}
    assert _votes(store, "mandatory arms OR weapons embargo Territory") == {ORIGIN: Recall(3, 3)}


def test_queries_recall_cannot_weigh_get_no_votes(store):
    """A prefix (its stems are not words), a word no paragraph holds beside the others (left
    out, not a veto), and more words than a decision's description."""
    _corpus(store, recalling=3)
    assert _votes(store, "mandatory arms embar* Territory") == {}
    assert _votes(store, "mandatory arms embargo Territory zzzq") == {ORIGIN: Recall(3, 3)}
    assert _votes(store, "mandatory arms embargo Territory against provision materiel types") == {}


def test_the_citing_statement_is_found_by_its_own_number():
    text = "Recalling resolution 1418 (1977) on fisheries; and resolution 418 (1977) imposing an arms embargo,"
    assert _sentence(text, "resolutions 418 (1977)") == " and resolution 418 (1977) imposing an arms embargo,"
    assert _sentence("Noting document A/80/604/Add.5; and the report 59.", "A/80/604/Add.5") == \
        "Noting document A/80/604/Add.5"
    assert _sentence("No citation here.", "resolution 9 (1999)") == "No citation here."


def test_a_paragraph_saying_every_word_outweighs_recall_in_part_of_them(store):
    """Eight documents recall the decision as "a mandatory arms embargo against the Territory";
    the query asks besides about "violations" and "breaches", which one paragraph says with all
    the rest. Recall in four words of six lifts the decision, but not past that paragraph; the
    same recall in all the words but one (the query without "breaches") puts it first."""
    store.put_document(_resolution(ORIGIN, 2030, [
        ("OP1", OPERATIVE, "1. Decides that all States shall cease forthwith any provision to the Territory of "
                           "arms and related materiel of all types.")]))
    for n in range(8):
        store.put_document(_resolution(f"S/RES/95{n:02d} (2031)", 2031, [
            ("PP1", PREAMBULAR, f"Recalling its resolution 9418 (2030), by which it imposed a mandatory arms "
                                f"embargo against the Territory, and noting report number {n},")],
            cites={"PP1": ORIGIN}))
    for n in range(4):  # "violations" and "breaches" said elsewhere too: rare, not unique
        store.put_document(_resolution(f"S/RES/97{n:02d} (2033)", 2033, [
            ("OP1", OPERATIVE, f"1. Deplores violations of the ceasefire and breaches of the peace, item {n}.")]))
    store.put_document(_resolution("S/RES/9600 (2032)", 2032, [
        ("OP1", OPERATIVE, "1. Condemns the violations and breaches of the mandatory arms embargo against the "
                           "Territory.")]))
    query = "mandatory arms embargo Territory violations breaches"
    votes = _votes(store, query)
    assert votes[ORIGIN].by == 8 and votes[ORIGIN].nearly == 0
    ranked = search_documents(store, query).documents
    assert [d.symbol for d in ranked[:2]] == ["S/RES/9600 (2032)", ORIGIN]
    assert ranked[1].recalled == 8
    # Recalled in every word but "violations": first.
    assert _votes(store, "mandatory arms embargo Territory violations")[ORIGIN].nearly == 8
    assert search_documents(store, "mandatory arms embargo Territory violations").documents[0].symbol == ORIGIN
