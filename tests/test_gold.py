"""Structure and citations against the gold set read by hand (tests/gold/, README there).

Targets (issue: citable evidence): exact match on ≥ 98 % of documents; citation precision and
recall ≥ 0.98 each. Every expected value in tests/gold comes from reading the document.
"""

from pathlib import Path

import pytest

from peaceobs.evaluate.gold import read_gold, score_gold

pytestmark = pytest.mark.corpus
GOLD = Path(__file__).parent / "gold"


@pytest.fixture(scope="module")
def report(corpus):
    entries = read_gold(GOLD)
    assert len(entries) >= 60  # the set itself: at least 60 documents
    return score_gold(corpus, entries)


def test_gold_covers_every_kind_of_document():
    entries = read_gold(GOLD)
    kinds = {e["kind"] for e in entries}
    assert kinds == {"resolution", "draft", "report"}
    decades = {int(e["symbol"].split("(")[1][:3]) for e in entries if e["symbol"].startswith("S/RES/")}
    assert {194, 195, 196, 197, 198, 199} <= decades


def test_gold_structure_exact_match(report):
    failed = [(r.symbol, r.missing_ids[:3], r.extra_ids[:3], r.missing_headings[:1])
              for r in report.results if not r.exact]
    assert report.exact_rate >= 0.98, failed


def test_gold_citations(report):
    assert report.citation_precision >= 0.98
    assert report.citation_recall >= 0.98
