"""Comparison on real pairs, with the expected alignments written down from reading the texts."""

from __future__ import annotations

import copy
import csv
import random

import docx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from peaceobs.cli import app
from peaceobs.compare import chain, compare, lead_verb, strength_change
from peaceobs.compare.redline import redline
from peaceobs.compare.render import to_docx, to_html
from peaceobs.model import OPERATIVE
from peaceobs.pipeline import load
from peaceobs.structure import paragraph_hash

GA = "ga-documents-2023-2025/extracted"
SC = "unsc-resolutions-1946-1994/res_en_gold"


def ga(corpus, symbol):
    return load(corpus / GA / (symbol.replace("/", "_") + ".json"))


def sc(corpus, number):
    return load(next((corpus / SC).glob(f"S_RES_{number:04d}_*")))


def by_status(comp):
    out: dict[str, list[tuple[str, str]]] = {}
    for c in comp.changes:
        out.setdefault(c.status, []).append(("+".join(p.pid for p in c.a), "+".join(p.pid for p in c.b)))
    return out


def test_verb_ladder():
    assert lead_verb("12. Also strongly urges all parties to …") == "urges"
    assert lead_verb("Takes note of the report") == "takes note"
    assert lead_verb("Calls upon Member States") == "calls upon"
    assert strength_change("Encourages the parties", "Urges the parties")[2] == "strengthened"
    assert strength_change("Decides to consider", "Requests the Secretary-General")[2] == "weakened"
    assert strength_change("Takes note of the report", "Welcomes the report")[2] == "strengthened"
    assert strength_change("Requests the Council", "Also requests the Council")[2] == "same"


@given(st.text(max_size=200), st.text(max_size=200))
def test_redline_rebuilds_both_texts(a, b):
    a, b = " ".join(a.split()), " ".join(b.split())
    ops = redline(a, b)
    assert "".join(t for op, t in ops if op != "insert") == a
    assert "".join(t for op, t in ops if op != "delete") == b


@pytest.mark.corpus
def test_draft_to_adopted_peacebuilding_review(corpus):
    """A/80/L.15 was adopted without change as A/RES/80/11 (read: same 17 + 47 paragraphs)."""
    comp = compare(ga(corpus, "A/80/L.15"), ga(corpus, "A/RES/80/11"))
    assert comp.counts()["unchanged"] == 64
    assert set(by_status(comp)) == {"unchanged"}


@pytest.mark.corpus
def test_unifil_financing_year_over_year(corpus):
    """A/RES/78/305 → A/RES/79/308 (read side by side): the periods, amounts and the latest
    resolutions cited change; 79/308 adds OP11 (abolishing a Field Service post) and no longer
    has 78/305's OP20–21 (a third apportionment period); later paragraphs shift by one."""
    comp = compare(ga(corpus, "A/RES/78/305"), ga(corpus, "A/RES/79/308"))
    s = by_status(comp)
    assert ("PP2", "PP2") in s["edited"]  # resolution 2695 (2023) → 2749 (2024)
    assert s["added"] == [("", "OP11")]
    assert s["dropped"] == [("OP20", ""), ("OP21", "")]
    assert {("OP11", "OP12"), ("OP12", "OP13"), ("OP25", "OP24"), ("OP26", "OP25")} <= set(s["renumbered"])
    assert "moved" not in s
    op16 = next(c for c in comp.changes if c.b and c.b[0].pid == "OP16")
    assert ("delete", "582,625,000") in op16.redline and ("insert", "605,340,200") in op16.redline
    assert op16.verb == ("decides", "decides", "same")


@pytest.mark.corpus
def test_c34_review_weakened(corpus):
    """A/RES/78/291 → A/RES/79/296: "Welcomes the report" became "Takes note of the report";
    the endorsement (OP2) and the call to implement (OP3) are gone; a request for an SG report
    is new (OP5)."""
    comp = compare(ga(corpus, "A/RES/78/291"), ga(corpus, "A/RES/79/296"))
    op1 = next(c for c in comp.changes if c.a and c.a[0].pid == "OP1")
    assert op1.status == "edited" and op1.verb == ("welcomes", "takes note", "weakened")
    s = by_status(comp)
    assert s["dropped"] == [("OP2", ""), ("OP3", "")]
    assert s["added"] == [("", "OP5")]
    assert s["renumbered"] == [("OP4", "OP2"), ("OP5", "OP3")]
    assert comp.counts()["weakened"] == 1


@pytest.mark.corpus
@pytest.mark.parametrize("earlier,later,edited", [
    (390, 398, {"PP2", "OP1(b)"}),  # UNDOF 1976: "… until 31 May 1977" added; a new preambular clause
    (381, 390, set()),              # UNDOF: the 1976 text is restructured (see lifelines test)
])
def test_sc_undof_renewals(corpus, earlier, later, edited):
    comp = compare(sc(corpus, earlier), sc(corpus, later))
    got = {c.b[0].pid for c in comp.changes if c.status == "edited"}
    if edited:
        assert got == edited
        assert comp.counts()["added"] == comp.counts()["dropped"] == 0
        ob = next(c for c in comp.changes if c.b and c.b[0].pid == "OP1(b)")
        assert ("insert", ", that is, until 31 May 1977") in ob.redline


@pytest.mark.corpus
def test_unficyp_renewal_changes_only_dates(corpus):
    """Successive UNFICYP renewals (S/RES/349 → 355, 1974): the operative extension paragraph
    differs only in the date; nothing moves."""
    comp = compare(sc(corpus, 349), sc(corpus, 355))
    s = by_status(comp)
    assert "moved" not in s
    for c in comp.changes:
        if c.status == "edited":
            changed = " ".join(t for op, t in c.redline if op != "equal")
            assert any(m in changed for m in ("1974", "1975", "June", "December", "months")), changed


@pytest.mark.corpus
def test_draft_resolution_pairs_all_align(corpus):
    """Every header_symbol pair whose two files are in the corpus: each paragraph is accounted
    for once, and drafts are mostly adopted as tabled. (The CSV marks 23 drafts as present; 5 of
    those files are not in extracted/, e.g. A/80/L.13.)"""
    with (corpus / "ga-documents-2023-2025" / "derived_draft_resolution_pairs.csv").open() as fh:
        pairs = [r for r in csv.DictReader(fh) if r["method"] == "header_symbol" and r["draft_in_corpus"] == "True"
                 and (corpus / GA / (r["draft"].replace("/", "_") + ".json")).exists()
                 and (corpus / GA / (r["resolution"].replace("/", "_") + ".json")).exists()]
    assert len(pairs) == 18
    unchanged = total = 0
    for r in pairs:
        a, b = ga(corpus, r["draft"]), ga(corpus, r["resolution"])
        comp = compare(a, b)
        a_seen = [p.pid for c in comp.changes for p in c.a]
        b_seen = [p.pid for c in comp.changes for p in c.b]
        assert sorted(a_seen) == sorted(p.pid for p in a.paragraphs if p.kind in ("preambular", "operative", "body", "heading", "table"))
        assert sorted(b_seen) == sorted(p.pid for p in b.paragraphs if p.kind in ("preambular", "operative", "body", "heading", "table"))
        unchanged += comp.counts()["unchanged"]
        total += len(comp.changes)
    assert unchanged / total > 0.8


@pytest.mark.corpus
def test_self_comparison_is_all_unchanged(corpus):
    rng = random.Random(3)
    files = rng.sample(sorted((corpus / SC).glob("*.txt")), 40) + rng.sample(sorted((corpus / GA).glob("*.json")), 20)
    for f in files:
        d = load(f)
        comp = compare(d, d)
        assert {c.status for c in comp.changes} <= {"unchanged"}, f


def _shuffled_renumbered(doc, order):
    """The document with its numbered operative paragraphs (and their sub-items) in a new order,
    renumbered 1, 2, 3 … as a secretariat would."""
    d = copy.deepcopy(doc)
    tops = [p for p in d.paragraphs if p.kind == OPERATIVE and p.parent is None and p.label]
    groups = {t.pid: [t] + [p for p in d.paragraphs if p.parent and p.parent.startswith(t.pid + "(")] for t in tops}
    for t in tops:
        groups[t.pid] += [p for p in d.paragraphs if p.parent == t.pid and p not in groups[t.pid]]
    moved = [p for k in order for p in groups[tops[k].pid]]
    ids = {id(p) for p in moved}
    first = next(i for i, p in enumerate(d.paragraphs) if id(p) in ids)
    rest = [p for p in d.paragraphs if id(p) not in ids]
    d.paragraphs = rest[:first] + moved + rest[first:]
    for n, k in enumerate(order, start=1):
        t = tops[k]
        t.text = f"{n}." + t.text[len(t.label):]
        t.label = f"{n}."
        t.hash = paragraph_hash(t.text)
    return d


@pytest.mark.corpus
@settings(max_examples=20, deadline=None)
@given(data=st.data())
def test_shuffled_renumbered_copy_has_moves_and_no_edits(corpus, data):
    doc = ga(corpus, "A/RES/79/250")
    n = len([p for p in doc.paragraphs if p.kind == OPERATIVE and p.parent is None and p.label])
    order = data.draw(st.permutations(range(n)))
    comp = compare(doc, _shuffled_renumbered(doc, order))
    statuses = {c.status for c in comp.changes}
    assert statuses <= {"unchanged", "renumbered", "moved"}
    assert all(not c.edited for c in comp.changes)
    if list(order) != sorted(order):
        assert "moved" in statuses or "renumbered" in statuses


@pytest.mark.corpus
def test_split_and_merge(corpus):
    doc = ga(corpus, "A/RES/79/250")
    later = copy.deepcopy(doc)
    i = next(k for k, p in enumerate(later.paragraphs) if p.pid == "OP11")
    p = later.paragraphs[i]
    cut = p.text.index(", the rates of assessment") + 1
    first, second = copy.deepcopy(p), copy.deepcopy(p)
    first.text, second.text = p.text[:cut], p.text[cut + 1:]
    second.pid, second.label = "OP11bis", None
    later.paragraphs[i:i + 1] = [first, second]
    comp = compare(doc, later)
    assert by_status(comp)["split"] == [("OP11", "OP11+OP11bis")]
    assert by_status(compare(later, doc))["merged"] == [("OP11+OP11bis", "OP11")]


@pytest.mark.corpus
def test_chain_of_undof_renewals(corpus):
    docs = [sc(corpus, n) for n in (381, 390, 398)]
    comparisons, lines = chain(docs)
    assert len(comparisons) == 2
    pp1 = next(line for line in lines if line.cells.get(0, ("",))[0] == "PP1")
    assert [pp1.cells[k][1] for k in range(3)] == ["present", "unchanged", "unchanged"]
    born = [line for line in lines if line.first == 1]
    assert born and all(line.cells[1][1] == "added" for line in born)


@pytest.mark.corpus
def test_renderers_and_cli(corpus, tmp_path):
    a = corpus / GA / "A_RES_78_291.json"
    b = corpus / GA / "A_RES_79_296.json"
    comp = compare(load(a), load(b))
    html = to_html(comp)
    assert "<del>Welcomes</del>" in html and "<ins>Takes note of</ins>" in html
    to_docx(comp, tmp_path / "r.docx")
    runs = [r for p in docx.Document(str(tmp_path / "r.docx")).paragraphs for r in p.runs]
    assert any(r.font.strike and r.text == "Welcomes" for r in runs)
    assert any(r.font.underline and r.text == "Takes note of" for r in runs)
    result = CliRunner().invoke(app, ["compare", str(a), str(b), "--json"])
    assert result.exit_code == 0
    import json

    data = json.loads(result.stdout)
    assert data["counts"]["weakened"] == 1 and data["a"]["symbol"] == "A/RES/78/291"
    out = tmp_path / "r.html"
    assert CliRunner().invoke(app, ["compare", str(a), str(b), "--html", str(out)]).exit_code == 0
    assert out.read_text().startswith("<!doctype html>")


@pytest.mark.corpus
def test_unifil_renewal_reordered(corpus):
    """S/RES/474 → 483 (1980): "Takes note of the report" now comes first, so the renewal moved
    from OP1 to OP2, with its date changed (read in both texts)."""
    comp = compare(sc(corpus, 474), sc(corpus, 483))
    renewal = next(c for c in comp.changes if c.a and c.a[0].pid == "OP1")
    assert renewal.status == "moved" and renewal.edited and renewal.b[0].pid == "OP2"
    assert ("delete", "December 1980") in renewal.redline and ("insert", "June 1981") in renewal.redline
    assert renewal.verb[:2] == ("decides", "decides")
