"""Corpus-wide reuse: known pairs found, boilerplate families found, Dask gives the same result."""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from itertools import combinations

import pytest
from rapidfuzz import fuzz
from typer.testing import CliRunner

from peaceobs.cli import app
from peaceobs.pipeline import ingest_paths
from peaceobs.store import open_store
from peaceobs.trace import index_for
from peaceobs.trace.reuse import (
    CROWD,
    MIN_RARE,
    MIN_RATIO,
    MIN_SHARED_FRACTION,
    RARE,
    SKETCH,
    candidate_pairs,
    earliest_sources,
    find_reuse,
    stored_rows,
    update_store,
    verify,
)

pytestmark = pytest.mark.corpus


@pytest.fixture(scope="module")
def store(corpus, tmp_path_factory):
    s = open_store(f"sqlite:///{tmp_path_factory.mktemp('reuse') / 'r.db'}")
    folder = corpus / "ga-documents-2023-2025" / "extracted"
    files = sorted(folder.glob("A_RES_78_29*.json")) + sorted(folder.glob("A_RES_78_30*.json")) + \
        sorted(folder.glob("A_RES_79_30*.json")) + sorted((corpus / "unsc-resolutions-1946-1994" / "res_en_gold").glob("S_RES_03[5-9]*"))
    assert not ingest_paths(s, files).failures
    yield s
    s.close()


def _named(index, pairs):
    return {(index.meta[p.newer].symbol, index.meta[p.newer].pid, index.meta[p.older].symbol, index.meta[p.older].pid): p
            for p in pairs}


def test_reuse_finds_last_years_language(store):
    index = index_for(store)
    pairs = find_reuse(index)
    named = _named(index, pairs)
    assert ("A/RES/79/308", "OP4", "A/RES/78/305", "OP4") in named  # UNIFIL, year over year
    dated = [p for p in pairs if index.meta[p.newer].date]  # an undated paragraph counts as newest
    assert dated and all(index.meta[p.older].date <= index.meta[p.newer].date for p in dated)
    earliest = earliest_sources(pairs, index)
    k = next(i for i, m in enumerate(index.meta) if (m.symbol, m.pid) == ("A/RES/79/308", "OP25"))
    assert index.meta[earliest[k]].date.startswith("2024")  # "Invites voluntary contributions": 2024's
    # Boilerplate families are reuse too: identical formulas pair with their earliest member.
    assert any(p.kind == "identical" and index.meta[p.newer].symbol.startswith("S/RES/") for p in pairs)


def test_dask_gives_the_same_pairs(store):
    index = index_for(store)
    local = find_reuse(index)
    distributed = find_reuse(index, scheduler="local", partitions=4)
    assert local == distributed and local


def test_store_is_updated_incrementally(corpus, tmp_path):
    s = open_store(f"sqlite:///{tmp_path / 'inc.db'}")
    folder = corpus / "ga-documents-2023-2025" / "extracted"
    ingest_paths(s, [folder / "A_RES_78_305.json", folder / "A_RES_78_304.json"])
    first = update_store(s)
    assert first["documents"] == 2 and first["pairs"] > 0
    assert update_store(s)["documents"] == 0  # nothing new, nothing checked
    ingest_paths(s, [folder / "A_RES_79_308.json"])
    second = update_store(s)
    assert second["documents"] == 1 and second["total"] == first["total"] + second["pairs"]
    rows = stored_rows(s)
    assert ("A/RES/79/308", "OP4", "2025-06-30", "A/RES/78/305", "OP4") in {r[:5] for r in rows}
    # Replacing a document drops its pairs with its paragraphs (cascade) and queues it again.
    s._execute("DELETE FROM documents WHERE symbol = 'A/RES/79/308'")
    assert not any(r[0] == "A/RES/79/308" for r in stored_rows(s))
    s.close()


def test_cli_exports_csv_and_jsonl(store, tmp_path):
    out = tmp_path / "reuse.csv"
    result = CliRunner().invoke(app, ["reuse", "--db", store.url, "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open()))
    assert rows and {"symbol", "pid", "source_symbol", "source_pid", "kind", "earliest"} <= set(rows[0])
    assert any(r["symbol"] == "A/RES/79/308" and r["source_symbol"] == "A/RES/78/305" for r in rows)
    jl = tmp_path / "reuse.jsonl"
    assert CliRunner().invoke(app, ["reuse", "--db", store.url, "-o", str(jl)]).exit_code == 0
    assert len(jl.read_text().splitlines()) == len(rows)
    assert json.loads(jl.read_text().splitlines()[0])["kind"]


def _plain_candidates(index):
    """candidate_pairs spelled out with dicts and loops: pair → rare 5-grams shared."""
    first: dict[str, int] = {}
    rep = [first.setdefault(" ".join(t.lower().split()), k) for k, t in enumerate(index.p_text.tolist())]
    postings, grams = defaultdict(list), defaultdict(list)
    for h, p in zip(index.hashes.tolist(), index.para.tolist(), strict=True):
        if rep[p] == p:
            postings[h].append(p)
            grams[p].append(h)

    def pairs_in(groups, limit):
        out = Counter()
        for ps in groups:
            if len(ps) <= limit:
                out.update((min(a, b), max(a, b)) for a, b in combinations(ps, 2) if a != b)
        return out

    sketch = defaultdict(list)
    for p, hs in grams.items():
        for h in sorted(hs)[:SKETCH]:
            sketch[h].append(p)
    want = {k: c for k, c in pairs_in(postings.values(), RARE).items() if c >= MIN_RARE}
    for k, c in pairs_in(sketch.values(), CROWD).items():
        if c >= 2:
            want.setdefault(k, 0)
    return want


def test_vectorised_candidates_and_verification_match_plain_python(store):
    index = index_for(store)
    texts = [" ".join(t.split()) for t in index.p_text.tolist()]
    pairs, shared, _ = candidate_pairs(index, texts)
    got = dict(zip(map(tuple, pairs.tolist()), shared.tolist(), strict=True))
    assert got == _plain_candidates(index) and len(got) > 100
    shingles = [int((index.para == k).sum()) for k in range(len(texts))]
    want = []
    for (a, b), common in got.items():  # one rapidfuzz call per pair, as before cpdist
        ratio = fuzz.ratio(texts[a], texts[b], score_cutoff=MIN_RATIO)
        if ratio:
            want.append((a, b, round(ratio, 1), "near-copy"))
        elif common >= MIN_SHARED_FRACTION * max(1, min(shingles[a], shingles[b])):
            want.append((a, b, round(fuzz.ratio(texts[a], texts[b]), 1), "passage"))
    found = verify(pairs, shared, texts, shingles)
    assert found == want
    assert {k for *_, k in found} == {"near-copy", "passage"}
