"""Cross-extraction agreement: one document read from two sources gives the same paragraphs.

The corpus holds documents twice or three times — session-80 GA resolutions as the GA JSON
extraction and as Markdown, budget reports as PDF, DOCX and report JSON. Each pair is compared by
the sequence of citable paragraph IDs (:func:`.gold.cited_ids`) and, for IDs in both, by their
texts up to typography and footnote markers (the comparison's own rule, :mod:`..compare`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..compare.normalise import fold, footnote_numbers
from ..compare.redline import is_change, redline
from ..model import Document
from ..pipeline import load
from ..structure.labels import split_label
from .gold import cited_ids


def _squeeze(text: str) -> str:
    return "".join(fold(text).split())


@dataclass(slots=True)
class Difference:
    pid: str
    what: str  # "only in A", "only in B", "text"
    detail: str = ""


@dataclass(slots=True)
class PairResult:
    symbol: str
    source_a: str
    source_b: str
    ids: int  # citable IDs in A
    differences: list[Difference] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        return not self.differences


def compare_extractions(a: Document, b: Document) -> PairResult:
    """IDs and texts of two extractions of one document."""
    ia, ib = cited_ids(a), cited_ids(b)
    result = PairResult(a.symbol, a.source_format, b.source_format, len(ia))
    sa, sb = set(ia), set(ib)
    result.differences += [Difference(p, "only in A") for p in ia if p not in sb]
    result.differences += [Difference(p, "only in B") for p in ib if p not in sa]
    if not result.differences and ia != ib:
        result.differences.append(Difference(ia[0], "order"))
    ta = {p.pid: p.text for p in a.paragraphs}
    tb = {p.pid: p.text for p in b.paragraphs}
    ma, mb = footnote_numbers(a), footnote_numbers(b)
    limit = max(ma | mb | {0}) + 1
    for pid in ia:
        if pid in sb:
            # The ID is compared above; the texts without their printed label (a Markdown list
            # lost "(a)") and up to spacing ("internationa l": a PDF's kerning), typography and
            # footnote markers.
            x, y = split_label(ta[pid])[1], split_label(tb[pid])[1]
            if _squeeze(x) == _squeeze(y):
                continue
            ops = redline(x, y, fold=True, markers_a=ma, markers_b=mb, marker_limit=limit)
            if is_change(ops):
                changed = " | ".join(f"{op[0]}:{t.strip()[:40]}" for op, t in ops if op != "equal")
                result.differences.append(Difference(pid, "text", changed[:200]))
    return result


def held_twice(corpus: Path) -> Iterator[tuple[Path, Path]]:
    """Every pair of files in the corpus that hold the same document."""
    extracted = corpus / "ga-documents-2023-2025" / "extracted"
    for md in sorted((corpus / "ga-resolutions-80-markdown").glob("*.md")):
        js = extracted / f"{md.stem}.json"
        if js.exists():
            yield js, md
    reports = corpus / "peacekeeping-budget-reports-2026-27"
    for pdf in sorted((reports / "originals").glob("*.pdf")):
        others = [reports / "originals" / f"{pdf.stem}.docx", reports / f"{pdf.stem}.json"]
        for other in others:
            if other.exists():
                yield pdf, other


def agreement(corpus: Path) -> list[PairResult]:
    return [compare_extractions(load(a), load(b)) for a, b in held_twice(corpus)]
