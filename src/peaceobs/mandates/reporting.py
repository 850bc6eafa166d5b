"""Reporting requests: "Requests the Secretary-General to report … by 15 March / within three
months / every four months / before the end of the period" — with their due dates.

Each request keeps its words; the due date is computed only from what the text states: a date
("not later than 31 December 1983", "by 30 November 1985"), a delay from adoption ("within thirty
days", "within twenty-four hours", "no later than seven days after the adoption"), a recurrence
("every four months", "every 90 days": first due one interval after adoption), or the end of the
mandate period the same resolution sets. Anything else ("as soon as possible", "on a periodic
basis") is a request with an unknown due date.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from ..dates import DATE_PATTERN, MONTHS, add_months, iso_date
from ..model import Document
from .decisions import decide

_REQUEST = re.compile(
    r"\b(?:requests?|invites?|asks?)\s+the\s+Secretary-General\s+(?:to\s+(?:\w+\s+){0,3}?)?"
    r"(?:to\s+)?(?:report|submit|present|keep\s+the\s+(?:Security\s+)?Council|provide)\b", re.I)
_ABSOLUTE = re.compile(r"\b(?:by|not later than|no later than|before)\s+(?:the\s+\w+\s+week\s+of\s+)?" + DATE_PATTERN, re.I)
_MONTH_ONLY = re.compile(r"\b(?:by|not later than|no later than|in)\s+(?:the\s+(\w+)\s+week\s+of\s+)?"
                         r"(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{4})", re.I)
_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15, "twenty": 20, "twenty-one": 21,
        "twenty-four": 24, "thirty": 30, "forty-five": 45, "sixty": 60, "seventy-two": 72, "ninety": 90,
        "a": 1, "one hundred and twenty": 120}
_WORDS = r"(\d+|[a-z]+(?:-[a-z]+)?)"
_WITHIN = re.compile(rf"\b(?:within|no later than|not later than|in)\s+{_WORDS}\s+(hours?|days?|weeks?|months?)\b", re.I)
_EVERY = re.compile(rf"\bevery\s+{_WORDS}\s+(days?|weeks?|months?)\b", re.I)
_END_OF_PERIOD = re.compile(r"\b(?:before|at)\s+the\s+end\s+of\s+(?:this|the\s+(?:present|current|new))\s+(?:period|mandate)", re.I)


@dataclass(slots=True)
class ReportingRequest:
    symbol: str
    pid: str
    adopted: str | None
    text: str
    due: str | None  # first due date, ISO; None when the text does not say
    basis: str  # "stated", "within N units", "every N units", "end of mandate period", "unknown"
    recurrence: str | None = None  # "every 4 months" …

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _n(word: str) -> int | None:
    w = word.lower()
    return int(w) if w.isdigit() else _NUM.get(w)


def _offset(start: date, n: int, unit: str) -> date:
    unit = unit.lower().rstrip("s")
    if unit == "hour":
        return start + timedelta(days=max(1, -(-n // 24)))
    if unit == "day":
        return start + timedelta(days=n)
    if unit == "week":
        return start + timedelta(weeks=n)
    return add_months(start, n)


def reporting_requests(doc: Document) -> list[ReportingRequest]:
    """Every request to report in the document's operative paragraphs, with its due date."""
    adopted = date.fromisoformat(doc.date) if doc.date else None
    mandate = decide(doc, None)
    out = []
    for p in doc.paragraphs:
        if p.kind != "operative" or not _REQUEST.search(p.text):
            continue
        tail = p.text[_REQUEST.search(p.text).start():]
        req = _due(doc.symbol, p.pid, doc.date, tail, adopted, mandate.expiry)
        if req.due and doc.date and req.due < doc.date:  # a date the text cites, not a deadline
            req.due, req.basis = None, "unknown"
        out.append(req)
    return out


def _due(symbol: str, pid: str, adopted_s: str | None, text: str, adopted: date | None,
         mandate_end: str | None) -> ReportingRequest:
    req = ReportingRequest(symbol, pid, adopted_s, text, None, "unknown")
    every = _EVERY.search(text)
    if every and _n(every.group(1)):
        req.recurrence = f"every {_n(every.group(1))} {every.group(2).lower()}"
    m = _ABSOLUTE.search(text)
    if m:
        req.due = iso_date(m)
        if req.due:
            req.basis = "stated"
            return req
    m = _MONTH_ONLY.search(text)
    if m:
        month, year = MONTHS[m.group(2).lower()], int(m.group(3))
        week = {"first": 7, "second": 14, "third": 21, "fourth": 28, "last": 28}.get((m.group(1) or "").lower())
        last = add_months(date(year, month, 1), 1) - timedelta(days=1)
        req.due = (date(year, month, week) if week else last).isoformat()
        req.basis = "stated (month)" if not week else "stated (week)"
        return req
    if adopted is not None:
        m = _WITHIN.search(text)
        if m and _n(m.group(1)):
            req.due = _offset(adopted, _n(m.group(1)) or 0, m.group(2)).isoformat()
            req.basis = f"within {_n(m.group(1))} {m.group(2).lower()}"
            return req
        if every and _n(every.group(1)):
            req.due = _offset(adopted, _n(every.group(1)) or 0, every.group(2)).isoformat()
            req.basis = req.recurrence or "every"
            return req
    if _END_OF_PERIOD.search(text) and mandate_end:
        req.due, req.basis = mandate_end, "end of mandate period"
    return req
