"""Citation extraction scored against the SC citation network (unsc-citations-1985-2011).

The network's edges are resolution → resolution for citing resolutions 571–2022; the SC texts
here stop at 902 (1994). For every citing resolution present in both, we compare the set of SC
resolutions peaceobs extracts with the network's set. About 7% of the network's edges are
noisy (its README), so neither figure can reach 1.0.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from ..pipeline import load


@dataclass(slots=True)
class CitationScore:
    resolutions: int
    true_positive: int
    false_positive: int
    false_negative: int

    @property
    def precision(self) -> float:
        return self.true_positive / max(1, self.true_positive + self.false_positive)

    @property
    def recall(self) -> float:
        return self.true_positive / max(1, self.true_positive + self.false_negative)


def reference_edges(corpus: Path) -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {}
    with (corpus / "unsc-citations-1985-2011" / "edges.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            edges.setdefault(row["source"], set()).add(row["target"])
    return edges


def score(corpus: Path) -> CitationScore:
    edges = reference_edges(corpus)
    folder = corpus / "unsc-resolutions-1946-1994" / "res_en_gold"
    tp = fp = fn = n = 0
    for source, expected in sorted(edges.items()):
        number = int(source.rsplit("/", 1)[1])
        files = list(folder.glob(f"S_RES_{number:04d}_*_EN_GOLD.txt"))
        if not files:
            continue
        doc = load(files[0])
        found = {f"S/RES/{c.to_symbol.split('/')[2].split(' ')[0]}" for c in doc.citations
                 if c.body == "SC" and c.doc_type == "resolution"}
        n += 1
        tp += len(found & expected)
        fp += len(found - expected)
        fn += len(expected - found)
    return CitationScore(n, tp, fp, fn)
