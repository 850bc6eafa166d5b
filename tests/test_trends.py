"""Emerging issues: terms over time, bursts, watches.

Counts on the corpus are checked against the corpus files read without peaceobs: each GA
resolution's adoption year from its own line "Resolution adopted by the General Assembly on
22 September 2024", its session from its symbol, and whether it uses a term by a regular
expression over its raw text (line-end hyphens joined). Both backends answer the same.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from peaceobs.cli import app
from peaceobs.pipeline import ingest_paths
from peaceobs.query import Filters, QueryError
from peaceobs.track.emerging import bursts, emerging, terms_of
from peaceobs.track.trends import TrendError, trends
from peaceobs.track.watches import (
    WatchError,
    WatchHit,
    add_watch,
    atom_feed,
    delete_watch,
    get_watch,
    list_watches,
    mark_seen,
    new_since,
)

ATOM = "{http://www.w3.org/2005/Atom}"
runner = CliRunner()


# -- the corpus files, read without peaceobs ---------------------------------------------------

def _ga_resolutions(corpus: Path) -> dict[str, tuple[int, int, str]]:
    """A/RES/… symbol → (adoption year, session, raw text) for every GA resolution file."""
    out: dict[str, tuple[int, int, str]] = {}
    for f in sorted((corpus / "ga-documents-2023-2025" / "extracted").glob("A_RES_*.json")):
        d = json.loads(f.read_text())
        m = re.search(r"adopted by the General Assembly\s+on\s+\d{1,2}\s+\w+\s+(\d{4})", d["text"])
        out[d["symbol"]] = (int(m.group(1)), int(d["symbol"].split("/")[2]), d["text"])
    for f in sorted((corpus / "ga-resolutions-80-markdown").glob("A_RES_*.md")):
        text = f.read_text()
        symbol = re.search(r"^symbol:\s*\"?([^\"\n]+)", text, re.M).group(1).strip()
        year = re.search(r"^date:\s*\"?(\d{4})", text, re.M).group(1)
        out.setdefault(symbol, (int(year), int(symbol.split("/")[2]), text))
    return out


def _using(resolutions: dict[str, tuple[int, int, str]], phrase: str) -> dict[str, tuple[int, int]]:
    """The resolutions using ``phrase``, also where its last word starts a hyphenated compound
    ("artificial intelligence-driven"): both backends split the compound into its words."""
    pattern = re.compile(r"\b" + r"\s+".join(phrase.split()) + r"\b", re.I)
    return {s: (y, n) for s, (y, n, text) in resolutions.items()
            if pattern.search(re.sub(r"-\s*\n\s*", "", text))}


@pytest.fixture(scope="module")
def ga_files(corpus: Path) -> dict[str, tuple[int, int, str]]:
    return _ga_resolutions(corpus)


# -- trends on the corpus ----------------------------------------------------------------------

@pytest.mark.corpus
def test_trends_by_year_match_the_files(corpus_store, ga_files):
    result = trends(corpus_store, ["misinformation", '"artificial intelligence"'], body="GA", by="year")
    years = Counter(y for y, _, _ in ga_files.values())
    assert result.periods == [2023, 2024, 2025]
    assert result.totals == [years[2023], years[2024], years[2025]] == [247, 324, 303]
    for term, phrase in zip(result.terms, ["misinformation", "artificial intelligence"], strict=True):
        # The same on both backends since PostgreSQL indexes FTS5's words (migration 015): a
        # phrase before a hyphenated compound ("intelligence-driven") is found on both.
        using = _using(ga_files, phrase)
        by_year = Counter(y for y, _ in using.values())
        assert [p.documents for p in term.points] == [by_year[y] for y in result.periods]
        for p in term.points:
            assert p.share == pytest.approx(by_year[p.period] / years[p.period])
            assert len(p.evidence) == 3
            for e in p.evidence:  # each evidence paragraph is one of those documents and holds the words
                assert using[e.symbol][0] == p.period
                assert "<mark>" in e.snippet
                text = corpus_store.get_document(e.symbol).paragraph(e.pid).text
                assert re.search(r"\s+".join(phrase.split()), text, re.I)
    # The brief's example, read by hand in the files: 10 resolutions adopted in 2024 mention
    # misinformation (A/RES/78/280, 78/330, 79/1, 79/68, 79/138, 79/140, 79/152, 79/156, 79/175,
    # 79/182); "artificial intelligence": 11, 28 and 43 in 2023, 2024, 2025.
    assert result.terms[0].points[1].documents == 10
    # Both backends: PostgreSQL too finds "artificial intelligence-driven" (A/RES/80/139) and
    # "…-generated" (A/RES/80/190) since migration 015.
    assert [p.documents for p in result.terms[1].points] == [11, 28, 43]
    assert result.terms[1].points[2].share == pytest.approx(43 / 303)


@pytest.mark.corpus
def test_trends_by_session_and_with_drafts(corpus_store, ga_files, corpus):
    result = trends(corpus_store, ['"Sevilla Commitment"'], body="GA", by="session")
    sessions = Counter(n for _, n, _ in ga_files.values())
    assert result.periods == [78, 79, 80]
    assert result.totals == [sessions[78], sessions[79], sessions[80]]
    using = Counter(n for _, n in _using(ga_files, "Sevilla Commitment").values())
    assert [p.documents for p in result.terms[0].points] == [using[78], using[79], using[80]] == [0, 2, 47]
    assert result.terms[0].points[0].evidence == []
    # Drafts count only when asked: every session-80 draft file (A/80/L.*, A/C.n/80/L.*) joins the total.
    drafts = len([f for f in (corpus / "ga-documents-2023-2025" / "extracted").glob("*.json")
                  if not f.name.startswith("A_RES_")])
    with_drafts = trends(corpus_store, ['"Sevilla Commitment"'], body="GA", by="session", include_drafts=True)
    assert with_drafts.totals == [sessions[78], sessions[79], sessions[80] + drafts]
    assert with_drafts.terms[0].points[2].documents >= 47


@pytest.mark.corpus
def test_trends_over_every_body_by_year(corpus_store):
    # SC texts have years, not sessions: by year they are periods of their own.
    result = trends(corpus_store, ['"Disengagement Observer Force"'], by="year")
    points = {p.period: p for p in result.terms[0].points}
    assert points[1974].documents >= 1 and points[1946].documents == 0
    assert all(e.symbol.startswith("S/RES/") for p in result.terms[0].points if p.period < 2000 for e in p.evidence)


@pytest.mark.corpus
def test_trends_refuses_bad_input(corpus_store):
    with pytest.raises(TrendError, match="unknown body 'XX'"):
        trends(corpus_store, ["peace"], body="XX")
    with pytest.raises(TrendError, match="empty term"):
        trends(corpus_store, ["  "])
    with pytest.raises(TrendError, match="at least one term"):
        trends(corpus_store, [])
    with pytest.raises(TrendError, match="--by"):
        trends(corpus_store, ["peace"], by="decade")  # type: ignore[arg-type]
    with pytest.raises(QueryError, match="unbalanced"):
        trends(corpus_store, ["peace", '"misinformation'])
    with pytest.raises(QueryError, match="too many prefix"):
        trends(corpus_store, ["a* " * 10])


# -- the burst model, worked by hand ----------------------------------------------------------

def test_burst_of_a_term_absent_then_frequent():
    # 7 periods of 10 documents; the term is in none for 5, then in 8 and 9.
    # p0 = 17/70 = 0.242857, p1 = 2·p0 = 0.485714; entering a burst costs ln 7 = 1.9459.
    # Period 6 (r = 8): σ0 = −(8 ln p0 + 2 ln(1 − p0)) = 11.8788, σ1 = −(8 ln p1 + 2 ln(1 − p1)) = 7.1071
    # Period 7 (r = 9): σ0 = 13.0159, σ1 = 7.1642. Weight = (11.8788 − 7.1071) + (13.0159 − 7.1642) = 10.6234.
    # Periods 1–5 (r = 0): σ0 = −10 ln(1 − p0) = 2.7820 < σ1 = −10 ln(1 − p1) = 6.6501: no burst there.
    found = bursts([0, 0, 0, 0, 0, 8, 9], [10] * 7)
    assert [(b.start, b.end) for b in found] == [(5, 6)]
    assert found[0].weight == pytest.approx(10.6234, abs=1e-3)
    p0, p1 = 17 / 70, 34 / 70
    sigma = [[-(r * math.log(p) + (10 - r) * math.log(1 - p)) for r in (8, 9)] for p in (p0, p1)]
    assert found[0].weight == pytest.approx(sum(sigma[0]) - sum(sigma[1]))


def test_no_burst_for_a_flat_term_or_a_trickle():
    assert bursts([3] * 7, [10] * 7) == []  # flat: the base rate explains every period
    assert bursts([0, 0, 0, 0, 0, 1, 1], [10] * 7) == []  # one document more is not worth ln 7
    assert bursts([1, 0, 1, 0, 1, 0, 1], [10] * 7) == []


def test_burst_parameters_move_the_threshold():
    # 100 documents a period; 20 use the term, then 40 twice: p0 = 180/700 = 0.257, the last
    # share 0.4 is 1.56 × p0.
    r, d = [20] * 5 + [40, 40], [100] * 7
    assert [(b.start, b.end) for b in bursts(r, d)] == [(5, 6)]  # s = 2
    # A burst rate nearer the share seen explains it better: a heavier burst.
    assert bursts(r, d, s=1.5)[0].weight > bursts(r, d)[0].weight
    assert bursts(r, d, s=3) == []  # a tripling is not what happened
    # γ = 5: entering costs 5 ln 7 = 9.73, more than the burst explains (9.63).
    assert bursts(r, d, s=1.5)[0].weight == pytest.approx(9.632, abs=1e-3)
    assert bursts(r, d, s=1.5, gamma=5) == []
    with pytest.raises(ValueError):
        bursts([11], [10])


def test_terms_of_drop_stop_words_numbers_and_calendar_words():
    terms = terms_of(["The Sevilla Commitment of 2025, endorsed at the eightieth session (A/RES/79/323)."])
    assert {"sevilla", "commitment", "sevilla commitment", "endorsed", "res"} <= terms
    assert "commitment endorsed" not in terms  # "of 2025" lies between them
    assert not {"the", "of", "2025", "eightieth", "session a", "a"} & terms


# -- emerging terms on the corpus ------------------------------------------------------------

@pytest.mark.corpus
def test_emerging_in_the_latest_ga_session(corpus_store, ga_files):
    result = emerging(corpus_store, body="GA", by="session", top=10)
    assert result.periods == [78, 79, 80]
    top = result.terms[0]
    # The Sevilla Commitment (FfD4, endorsed in August 2025) enters session 80's resolutions:
    # 0, 2 and 47 resolutions by the files; the same paragraph's words come with it.
    assert top.term == "sevilla commitment"
    using = Counter(n for _, n in _using(ga_files, "Sevilla Commitment").values())
    assert top.counts == [using[78], using[79], using[80]] == [0, 2, 47]
    assert top.burst == (80, 80) and top.weight > 15
    assert "sets forth" in top.related
    assert top.evidence and all(e.symbol.startswith("A/RES/80/") for e in top.evidence)
    names = {t.term for t in result.terms} | {r for t in result.terms for r in t.related}
    assert "dili" in names  # the Dili conference, new in session 80
    # Terms used all along do not emerge.
    assert not {"united nations", "general assembly", "peace", "security"} & names
    assert result.params == {"s": 2.0, "gamma": 1.0, "min_docs": 5, "max_terms": 100_000, "latest": 1}
    assert all(t.weight >= u.weight for t, u in zip(result.terms, result.terms[1:], strict=False))


@pytest.mark.corpus
def test_emerging_bounds(corpus_store):
    small = emerging(corpus_store, body="SC", by="year", top=5, latest=3, max_terms=300)
    assert small.capped and small.vocabulary == 300
    assert len(small.terms) <= 5
    assert all(t.burst[1] >= small.periods[-3] for t in small.terms)
    with pytest.raises(TrendError):
        emerging(corpus_store, s=1.0)
    with pytest.raises(TrendError, match="unknown body"):
        emerging(corpus_store, body="XX")
    assert emerging(corpus_store, body="SC", by="session").terms == []  # SC texts have no session


# -- watches -------------------------------------------------------------------------------------

RESOLUTION = """Resolution 9101 (2031)
of 3 March 2031

The Security Council,

Recalling its resolution 338 (1973),

Concerned by the spread of misinformation & <script>alert(1)</script> about peacekeepers,

1. Requests the Secretary-General to report on misinformation targeting peacekeeping operations;

2. Decides to remain seized of the matter.
"""


def test_watch_shows_what_is_new_then_nothing(store, tmp_path):
    watch = add_watch(store, "misinfo", "misinformation", Filters(body="SC"))
    other = add_watch(store, "ga only", "misinformation", Filters(body="GA"))
    assert new_since(store, watch).hits == []
    f = tmp_path / "S_RES_9101_2031_EN.txt"
    f.write_text(RESOLUTION)
    assert not ingest_paths(store, [f]).failures
    visit = new_since(store, get_watch(store, "misinfo"))
    assert [(h.symbol, h.pid) for h in visit.hits] == [("S/RES/9101 (2031)", "PP2"), ("S/RES/9101 (2031)", "OP1")]
    assert "<mark>misinformation</mark>" in visit.hits[1].snippet
    assert "<script>" not in visit.hits[0].snippet  # the document's markup is text (or dropped: PostgreSQL)
    assert new_since(store, other).hits == []  # filtered by body
    mark_seen(store, watch, visit)
    assert new_since(store, get_watch(store, "misinfo")).hits == []
    ingest_paths(store, [f])  # unchanged: the generation stays, nothing is new
    assert new_since(store, get_watch(store, "misinfo")).hits == []

    feed = etree.fromstring(atom_feed(watch, visit.hits, base_url="https://obs.example").encode())
    assert feed.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{tag}") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    first = entries[0]
    assert first.findtext(f"{ATOM}id") == "https://obs.example/doc/S/RES/9101(2031)#PP2"
    assert first.find(f"{ATOM}link").get("href") == "https://obs.example/doc/S/RES/9101(2031)#PP2"
    assert first.findtext(f"{ATOM}title").startswith("S/RES/9101 (2031) PP2")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", first.findtext(f"{ATOM}updated"))
    summary = first.find(f"{ATOM}summary")
    assert summary.get("type") == "html" and "<script>" not in summary.text


def test_watch_names_queries_and_lists(store):
    with pytest.raises(QueryError):
        add_watch(store, "bad", '"unbalanced')
    assert list_watches(store) == []  # nothing stored on bad input
    add_watch(store, "peace", "peacekeeping", owner="ana")
    add_watch(store, "peace", "peacekeeping", owner="ben")  # names are per owner
    with pytest.raises(WatchError, match="already exists"):
        add_watch(store, "peace", "budget", owner="ana")
    with pytest.raises(WatchError):
        add_watch(store, "a/b", "budget")
    with pytest.raises(WatchError, match="no watch named"):
        get_watch(store, "peace")  # owner "" has none
    assert [w.owner for w in list_watches(store)] == ["ana", "ben"]
    assert delete_watch(store, "peace", owner="ana") and not delete_watch(store, "peace", owner="ana")
    assert [w.owner for w in list_watches(store)] == ["ben"]
    # Adding and deleting are audited, with who and what; the refused duplicate left no entry.
    entries = store.audit_log(obj="watch:ana/peace")
    assert [(e.actor, e.action) for e in entries] == [("ana", "watch.delete"), ("ana", "watch.add")]
    assert entries[0].before["query"] == "peacekeeping" and entries[0].after is None
    assert [e.action for e in store.audit_log(obj="watch:ben/peace")] == ["watch.add"]


def test_atom_feed_survives_hostile_text():
    from peaceobs.track.watches import Watch

    watch = Watch(1, "", "odd <&> name", 'a "b"', Filters(), "2030-01-01T00:00:00+00:00",
                  "2030-01-01T00:00:00+00:00", 0)
    hit = WatchHit("A/RES/80/1", "OP1(a)", "operative", "Title \x0c with a form feed & <b>",
                   None, "x <mark>y</mark> &amp; \x01z", "2030-01-02T00:00:00+00:00")
    feed = etree.fromstring(atom_feed(watch, [hit]).encode())
    entry = feed.find(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "A/RES/80/1 OP1(a): Title  with a form feed & <b>"
    assert entry.findtext(f"{ATOM}summary") == "x <mark>y</mark> &amp; z"
    assert feed.findtext(f"{ATOM}updated") == "2030-01-02T00:00:00+00:00"
    assert feed.findtext(f"{ATOM}title") == "peaceobs watch: odd <&> name"


# -- CLI -----------------------------------------------------------------------------------------

@pytest.mark.corpus
def test_cli_trends_and_emerging(corpus_sqlite_url):
    r = runner.invoke(app, ["trends", "misinformation", '"artificial intelligence"', "--body", "GA",
                            "--db", corpus_sqlite_url, "--json"])
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    assert [p["documents"] for p in data["terms"][1]["points"]] == [11, 28, 43]
    assert data["terms"][0]["points"][1]["evidence"][0]["symbol"].startswith("A/RES/")
    r = runner.invoke(app, ["trends", "misinformation", "--body", "GA", "--by", "session", "--db", corpus_sqlite_url])
    assert r.exit_code == 0 and "78" in r.stdout and "misinformation" in r.stdout
    for args, message in ((["trends", "x", "--body", "XX"], "unknown body"), (["trends", ""], "empty term"),
                          (["trends", "x", "--by", "decade"], "--by"), (["trends", '"x'], "unbalanced"),
                          (["emerging", "--body", "XX"], "unknown body")):
        r = runner.invoke(app, [*args, "--db", corpus_sqlite_url])
        assert r.exit_code == 2, (args, r.output)
        assert message in r.stderr and len(r.stderr.strip().splitlines()) == 1
    r = runner.invoke(app, ["emerging", "--body", "GA", "--by", "session", "--top", "3", "--json",
                            "--db", corpus_sqlite_url])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["terms"][0]["term"] == "sevilla commitment"


def test_cli_watch(tmp_path):
    db = f"sqlite:///{tmp_path / 'w.db'}"
    r = runner.invoke(app, ["watch", "add", "misinfo", "misinformation", "--body", "SC", "--db", db])
    assert r.exit_code == 0, r.output
    for args, message in ((["watch", "add", "misinfo", "x"], "already exists"),
                          (["watch", "add", "b", '"x'], "unbalanced"),
                          (["watch", "add", "b", "x", "--body", "ZZ"], "unknown body"),
                          (["watch", "new", "nope"], "no watch named")):
        r = runner.invoke(app, [*args, "--db", db])
        assert r.exit_code == 2 and message in r.stderr, (args, r.output)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "S_RES_9101_2031_EN.txt").write_text(RESOLUTION)
    assert runner.invoke(app, ["ingest", str(tmp_path / "in"), "--db", db]).exit_code == 0
    feed = tmp_path / "new.atom"
    r = runner.invoke(app, ["watch", "new", "misinfo", "--atom", str(feed), "--json", "--db", db])
    assert r.exit_code == 0, r.output
    assert [h["pid"] for h in json.loads(r.stdout)["hits"]] == ["PP2", "OP1"]
    assert len(etree.parse(str(feed)).getroot().findall(f"{ATOM}entry")) == 2
    r = runner.invoke(app, ["watch", "new", "misinfo", "--json", "--db", db])  # the visit was recorded
    assert json.loads(r.stdout)["hits"] == []
    r = runner.invoke(app, ["watch", "list", "--json", "--db", db])
    assert [w["name"] for w in json.loads(r.stdout)] == ["misinfo"]
    assert runner.invoke(app, ["watch", "delete", "misinfo", "--db", db]).exit_code == 0
    assert runner.invoke(app, ["watch", "delete", "misinfo", "--db", db]).exit_code == 2


def test_cli_watch_of_a_user_needs_their_login(tmp_path):
    from peaceobs import accounts
    from peaceobs.store import open_store

    db = f"sqlite:///{tmp_path / 'w.db'}"
    store = open_store(db)
    accounts.add_user(store, "ana", "reader", "ana's long password")
    store.close()
    # Naming a user is logging in as them: a wrong password writes nothing.
    r = runner.invoke(app, ["watch", "add", "m", "misinformation", "--as", "ana", "--db", db],
                      env={"PEACEOBS_PASSWORD": "not her password"})
    assert r.exit_code != 0
    r = runner.invoke(app, ["watch", "add", "m", "misinformation", "--as", "ana", "--db", db],
                      env={"PEACEOBS_PASSWORD": "ana's long password"})
    assert r.exit_code == 0, r.output
    listed = json.loads(runner.invoke(app, ["watch", "list", "--json", "--db", db]).stdout)
    assert [(w["name"], w["owner"]) for w in listed] == [("m", "ana")]
    # The store's own watches (no --as) are another owner's: ana's watch is not among them.
    assert runner.invoke(app, ["watch", "delete", "m", "--db", db]).exit_code == 2
