"""Structure and citations scored against a gold set read by hand (``tests/gold/structure_*.json``).

Each gold entry names a corpus file and what a reader finds in it: the preambular and operative
(or numbered report) paragraph IDs in order, headings, and the documents cited. A document
matches exactly when its IDs and counts are the reader's and every gold heading is found, in
order; citations are scored over all documents (micro precision and recall, by symbol key).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import BODY, HEADING, OPERATIVE, PREAMBULAR, Document
from ..pipeline import load
from ..store.core import document_key

# Unlabelled text kept under a paragraph ("OP5(b).1") and unnumbered report paragraphs ("U3")
# are not what a reader cites, and the gold set does not list them.
_CONTINUATION = re.compile(r"\.\d+$")
_NUMBERED_BODY = re.compile(r"(?:^|\.)P\d")


@dataclass(slots=True)
class GoldResult:
    symbol: str
    file: str
    ids_match: bool
    counts_match: bool
    headings_match: bool
    missing_ids: list[str]
    extra_ids: list[str]
    missing_headings: list[str]
    cites_missing: list[str]
    cites_extra: list[str]
    cites_true: int

    @property
    def exact(self) -> bool:
        return self.ids_match and self.counts_match and self.headings_match


@dataclass(slots=True)
class GoldReport:
    results: list[GoldResult] = field(default_factory=list)

    @property
    def exact_rate(self) -> float:
        return sum(r.exact for r in self.results) / max(1, len(self.results))

    @property
    def citation_precision(self) -> float:
        tp = sum(r.cites_true for r in self.results)
        return tp / max(1, tp + sum(len(r.cites_extra) for r in self.results))

    @property
    def citation_recall(self) -> float:
        tp = sum(r.cites_true for r in self.results)
        return tp / max(1, tp + sum(len(r.cites_missing) for r in self.results))


def read_gold(folder: Path) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for path in sorted(folder.glob("structure_*.json")):
        entries.extend(json.loads(path.read_text(encoding="utf-8")))
    return entries


def cited_ids(doc: Document) -> list[str]:
    """The IDs a reader cites, in order: preambular, operative and numbered report paragraphs."""
    out = []
    for p in doc.paragraphs:
        if p.kind not in (PREAMBULAR, OPERATIVE, BODY) or _CONTINUATION.search(p.pid):
            continue
        if p.kind == BODY and not _NUMBERED_BODY.search(p.pid):
            continue
        out.append(p.pid)
    return out


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def score_entry(entry: dict[str, Any], doc: Document) -> GoldResult:
    ids = cited_ids(doc)
    gold_ids = list(entry["ids"])
    own = [i for i in ids if not i.startswith("ANX")]
    pp = sum(1 for i in own if re.match(r"(?:[IVXA-Z]+\.)*PP", i))
    counts_match = (pp, len(own) - pp) == (entry["preambular"], entry["operative"])
    headings = [_norm(p.text) for p in doc.paragraphs if p.kind == HEADING]
    missing_h: list[str] = []
    pos = 0
    for h in entry.get("headings") or []:
        want = _norm(h)
        # The gold gives a heading's first words, with or without its numeral or "Annex".
        k = next((j for j in range(pos, len(headings)) if want in headings[j]
                  or want.startswith(headings[j]) and len(headings[j]) > 8), None)
        if k is None:
            missing_h.append(h)
        else:
            pos = k + 1
    gold_cites = {document_key(s) for s in entry["cites"]}
    found = {document_key(c.to_symbol) for c in doc.citations}
    return GoldResult(
        symbol=entry["symbol"], file=entry["file"], ids_match=ids == gold_ids,
        counts_match=counts_match, headings_match=not missing_h,
        missing_ids=[i for i in gold_ids if i not in set(ids)],
        extra_ids=[i for i in ids if i not in set(gold_ids)], missing_headings=missing_h,
        cites_missing=sorted(gold_cites - found), cites_extra=sorted(found - gold_cites),
        cites_true=len(gold_cites & found))


def score_gold(corpus: Path, entries: list[dict[str, Any]]) -> GoldReport:
    report = GoldReport()
    for entry in entries:
        report.results.append(score_entry(entry, load(corpus / entry["file"])))
    return report
