"""A series of documents (renewals of a mandate, a resolution across sessions): each paragraph's
life — where it appeared, changed, moved and disappeared."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import Document
from .align import Comparison, compare


@dataclass(slots=True)
class Lifeline:
    """One paragraph through the series: per document its pid and what happened to it there."""

    cells: dict[int, tuple[str, str]] = field(default_factory=dict)  # doc index -> (pid, status)

    @property
    def first(self) -> int:
        return min(self.cells)

    @property
    def last(self) -> int:
        return max(self.cells)

    def to_dict(self) -> dict[str, Any]:
        return {str(k): {"pid": pid, "status": status} for k, (pid, status) in sorted(self.cells.items())}


def chain(docs: list[Document]) -> tuple[list[Comparison], list[Lifeline]]:
    """Compare each document with the next; thread their paragraphs into lifelines."""
    comparisons = [compare(a, b) for a, b in zip(docs, docs[1:], strict=False)]
    lines: list[Lifeline] = []
    open_lines: dict[str, Lifeline] = {}  # pid in the current document -> its lifeline
    for k, comp in enumerate(comparisons):
        if k == 0:
            for ch in comp.changes:
                for p in ch.a:
                    line = Lifeline({0: (p.pid, "present")})
                    lines.append(line)
                    open_lines[p.pid] = line
        nxt: dict[str, Lifeline] = {}
        for ch in comp.changes:
            if ch.status == "dropped":
                line = open_lines.get(ch.a[0].pid)
                if line is not None:
                    line.cells[k + 1] = ("", "dropped")
                continue
            if ch.status == "added":
                line = Lifeline({k + 1: (ch.b[0].pid, "added")})
                lines.append(line)
                nxt[ch.b[0].pid] = line
                continue
            # unchanged, renumbered, edited, moved, split, merged: continue the first a's line
            line = open_lines.get(ch.a[0].pid) if ch.a else None
            if line is None:
                line = Lifeline()
                lines.append(line)
            for p in ch.b:
                line.cells[k + 1] = (p.pid, ch.status)
                nxt[p.pid] = line
        open_lines = nxt
    return comparisons, lines
