"""Task tagging scored against the 2010 DPA mandate matrix (corpus `mandate-matrix-2010`).

Each matrix cell cites a resolution and operative paragraph for a task; where that paragraph is in
the corpus, the rules of :mod:`peaceobs.mandates.tasks` should tag it with the same task.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from ..mandates.tasks import tag_document

MATRIX_TO_TASK = {
    "Ceasefire monitoring": "ceasefire",
    "Conflict prevention": "conflict_prevention",
    "Humanitarian support / coordination": "humanitarian",
    "Electoral assistance": "electoral",
    "Territorial  control / Consolidation of state authority": "territorial_security",
    "Peacekeeping / military tasks|Executive policing": "public_order",
    "Peacekeeping / military tasks|Territorial security": "territorial_security",
    "DDR": "ddr", "SSR": "ssr", "Human Rights": "human_rights", "Rule of Law": "rule_of_law",
    "Mine action": "mine_action", "Women, Peace Security": "wps", "Children and armed conflict": "children",
    "Public information": "public_information", "Sanctions enforcement / monitoring": "sanctions",
    "Refugees/IDPs: facilitation of return": "refugees_idps", "Authorization of the use of force": "use_of_force",
}
_CITE = re.compile(r"Res\.?\s*(\d+)\s*(?:\(\d{4}\))?\s*,?\s*(?:OP\s*|para\.\s*)(\d+)", re.I)


def matrix_cells(corpus: Path) -> list[tuple[str, int, str]]:
    """(task code, resolution number, "OPn") for matrix cells whose label we map."""
    out = []
    with (corpus / "mandate-matrix-2010" / "mandate_matrix_long.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            label = re.sub(r"\s*\[[^\]]*\]\s*$", "", row["row_label"]).strip()
            sub = re.sub(r"\s*\[[^\]]*\]\s*$", "", row["sub_label"]).strip()
            code = MATRIX_TO_TASK.get(f"{label}|{sub}") or MATRIX_TO_TASK.get(f"{label}|{sub.split(',')[0]}") \
                or MATRIX_TO_TASK.get(label)
            if code is None:
                continue
            for m in _CITE.finditer(row["value"]):
                out.append((code, int(m.group(1)), f"OP{int(m.group(2))}"))
    return out


@dataclass(slots=True)
class TaskScore:
    cells: int  # matrix cells with the cited paragraph in the corpus
    found: int  # … tagged with the matrix's task
    tags_on_cited: int  # all tags we put on those paragraphs
    tags_matching: int  # … that the matrix also gives them

    @property
    def recall(self) -> float:
        return self.found / max(1, self.cells)

    @property
    def precision(self) -> float:
        return self.tags_matching / max(1, self.tags_on_cited)


def evaluate(corpus: Path, load_doc) -> tuple[TaskScore, dict[str, tuple[int, int]]]:  # type: ignore[no-untyped-def]
    """Recall over the matrix cells we can check, precision over the paragraphs they cite, and
    per task (cells, found)."""
    cells = matrix_cells(corpus)
    expected: dict[tuple[int, str], set[str]] = {}
    for code, number, pid in cells:
        expected.setdefault((number, pid), set()).add(code)
    per: dict[str, tuple[int, int]] = {}
    found = n = on = match = 0
    for (number, pid), codes in sorted(expected.items()):
        doc = load_doc(number)
        if doc is None or pid not in tag_document(doc) and doc.paragraph(pid) is None:
            continue
        tags = set(tag_document(doc).get(pid, []))
        for code in codes:
            n += 1
            hit = code in tags
            found += hit
            c, f = per.get(code, (0, 0))
            per[code] = (c + 1, f + hit)
        on += len(tags)
        match += len(tags & codes)
    return TaskScore(n, found, on, match), per
