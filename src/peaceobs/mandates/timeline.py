"""A mandate's life: each mandating resolution against the previous one — paragraphs added,
dropped or changed (the compare capability), the mandate's tasks and those gained and lost, its
period and expiry, and the reports it asks for.

Tasks belong to the mandate, not to one text: a renewal that only extends the period ("Extends
the stationing in Cyprus of the United Nations Peace-keeping Force … for an additional period of
three months", 192 (1964)) keeps every task the mandate had. A text adds the tasks its deciding
paragraphs name (decides, recommends, authorizes, approves, requests …; not what it calls on the
parties to do); it replaces them when it restates the mandate ("with a revised mandate for the
following:", "entrust a new mandate"); an end takes them all away.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..compare import compare
from ..compare.verbs import lead_verb
from ..model import Document
from ..store import Store
from .ceilings import CeilingCheck, check
from .decisions import (
    Decision,
    Gap,
    OffChain,
    chain_end,
    chain_gaps,
    is_damage,
    iter_chain,
    off_chain,
)
from .meetings import Meetings
from .personnel import personnel_series
from .registry import Mission
from .reporting import ReportingRequest, reporting_requests
from .tasks import tag_document, task_name

# Lead verbs by which the Council gives the mission (or the Secretary-General for it) something to do.
_TASKING = {"decides", "recommends", "authorizes", "approves", "requests", "endorses", "entrusts", "mandates"}
_RESTATES = re.compile(r"\b(?:revised|new)\s+mandate\b|\brevises?\s+(?:the|its)\s+mandate\b"
                       r"|\bdecides\s+that\s+the\s+mandate\b[^.;]{0,60}\bshall\s+(?:be|include|consist)", re.I)


@dataclass(slots=True)
class Step:
    decision: Decision
    changes: dict[str, int] = field(default_factory=dict)  # compare counts against the previous step
    tasks: list[str] = field(default_factory=list)  # the mandate's tasks after this text, as people read them
    gained: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    task_codes: list[str] = field(default_factory=list)  # the same tasks by key, for scripts
    ceiling: CeilingCheck | None = None  # a ceiling the text states, against the personnel data
    reports: list[ReportingRequest] = field(default_factory=list)  # what it asks the Secretary-General to report

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["decision"] = self.decision.to_dict()
        d["reports"] = [r.to_dict() for r in self.reports]
        return d


def text_tasks(doc: Document) -> tuple[set[str], bool]:
    """The tasks a text gives the mandate — from its top-level operative paragraphs led by a
    tasking verb, sub-items included — and whether it restates the mandate as a whole."""
    tags: set[str] = set()
    restates = False
    for pid, codes in tag_document(doc).items():
        para = doc.paragraph(pid)
        if para is None or lead_verb(para.text) not in _TASKING:
            continue
        tags.update(codes)
    for p in doc.paragraphs:
        if p.kind == "operative" and not p.parent and lead_verb(p.text) in _TASKING and _RESTATES.search(p.text):
            restates = True
    return tags, restates


def timeline(store: Store, mission: Mission, corpus: str | Path | None = None,
             chain: list[tuple[Decision, Document]] | None = None) -> list[Step]:
    """``corpus``: where the personnel data are, for the ceiling check (skipped without it);
    ``chain``: what :func:`iter_chain` gave, when the caller has it already."""
    series = personnel_series(corpus, mission.acronym) if corpus else []
    steps: list[Step] = []
    previous = None
    mandate: set[str] = set()
    for dec, doc in chain if chain is not None else iter_chain(store, mission):
        if dec.type == "mention":
            continue
        given, restates = text_tasks(doc)
        if dec.type == "end":
            now: set[str] = set()
        elif restates and given:
            now = given
        else:
            now = mandate | given
        step = Step(dec, ceiling=check(doc, series), reports=reporting_requests(doc, dec.expiry, dec.date))
        step.task_codes = sorted(now)
        step.tasks = [task_name(c) for c in step.task_codes]
        if previous is not None:
            counts = compare(previous, doc).counts()
            step.changes = {k: v for k, v in counts.items() if v and k != "unchanged"}
            step.changes["unchanged"] = counts["unchanged"]
            step.gained = [task_name(c) for c in sorted(now - mandate)]
            step.lost = [task_name(c) for c in sorted(mandate - now)]
        steps.append(step)
        previous, mandate = doc, now
    return steps


@dataclass(slots=True)
class MandateReport:
    """Everything `peaceobs mandate` says about one mission: its decisions (steps), the gaps
    between them, texts too damaged to read, how the chain ends, and — asked for — the
    resolutions on its topic that the chain leaves out."""
    mission: Mission
    steps: list[Step]
    gaps: list[Gap] = field(default_factory=list)
    damaged: list[dict[str, str]] = field(default_factory=list)  # {"symbol", "why"}
    end: str | None = None
    check: list[OffChain] | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"mission": self.mission.acronym, "name": self.mission.name,
                             "decisions": [s.to_dict() for s in self.steps],
                             "gaps": [g.to_dict() for g in self.gaps], "damaged": self.damaged, "end": self.end}
        if self.check is not None:
            d["check"] = [c.to_dict() for c in self.check]
        return d


def mandate_report(store: Store, mission: Mission, chain: list[tuple[Decision, Document]],
                   corpus: str | Path | None = None, meetings: Meetings | None = None,
                   check: bool = False) -> MandateReport:
    """The report on one mission from its chain (:func:`iter_chain`); ``check`` needs the
    meetings table."""
    steps = timeline(store, mission, corpus, chain)
    damaged = [{"symbol": d.symbol, "why": d.note} for d, _ in chain
               if d.note and (d.type == "mention" and is_damage(d.note)
                              or d.pid is None and d.type != "mention")]
    report = MandateReport(mission, steps, chain_gaps(store, chain, meetings), damaged, chain_end(mission, chain))
    if check and meetings is not None:
        report.check = off_chain(store, mission, chain, meetings)
    return report
