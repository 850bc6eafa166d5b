"""A mandate's life: each mandating resolution against the previous one — paragraphs added,
dropped or changed (the compare capability), tasks gained and lost, period and expiry."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..compare import compare
from ..model import Document
from ..store import Store
from .ceilings import CeilingCheck, check
from .decisions import Decision, iter_chain
from .personnel import personnel_series
from .registry import Mission
from .tasks import tag_document


@dataclass(slots=True)
class Step:
    decision: Decision
    changes: dict[str, int] = field(default_factory=dict)  # compare counts against the previous step
    tasks: list[str] = field(default_factory=list)
    gained: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    ceiling: CeilingCheck | None = None  # a ceiling the text states, against the personnel data

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["decision"] = self.decision.to_dict()
        return d


def timeline(store: Store, mission: Mission, corpus: str | Path | None = None,
             chain: list[tuple[Decision, Document]] | None = None) -> list[Step]:
    """``corpus``: where the personnel data are, for the ceiling check (skipped without it);
    ``chain``: what :func:`iter_chain` gave, when the caller has it already."""
    series = personnel_series(corpus, mission.acronym) if corpus else []
    steps: list[Step] = []
    previous = None
    prev_tasks: set[str] = set()
    for dec, doc in chain if chain is not None else iter_chain(store, mission):
        if dec.type == "mention":
            continue
        tasks = {t for tags in tag_document(doc).values() for t in tags}
        step = Step(dec, tasks=sorted(tasks), ceiling=check(doc, series))
        if previous is not None:
            counts = compare(previous, doc).counts()
            step.changes = {k: v for k, v in counts.items() if v and k != "unchanged"}
            step.changes["unchanged"] = counts["unchanged"]
            step.gained, step.lost = sorted(tasks - prev_tasks), sorted(prev_tasks - tasks)
        steps.append(step)
        previous, prev_tasks = doc, tasks
    return steps
