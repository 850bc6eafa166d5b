"""Reporting requests: "Requests the Secretary-General to report … by 15 March / within three
months / every four months / at the end of this period" — wherever they stand in the text and
whatever the verb, with their due dates.

A request is an operative paragraph that asks the Secretary-General (or, under "Decides:" or
"Recommends", says he will or shall) to report, submit a report or proposals, present a report,
keep the Council informed or inform it — also when the reporting is the last of several tasks
("to continue his mission of good offices, to keep the Security Council informed of the progress
made and to submit a report … by 30 November 1983"). One request per paragraph, dated by the
first due date it gives. Not a request: the Council welcoming the Secretary-General's intention to
report, reports to the Secretary-General (a mediator's), words quoted from an earlier resolution.

The due date is computed only from what the text states: a date ("not later than 31 December
1983", "by 30 November 1985", "by the end of February 1994"), a delay from adoption ("within
thirty days", "in two months", "no later than seven days after the adoption"), a recurrence
("every four months": first due one interval after adoption), or the end of the mandate period
("at the end of this period", "within the three-month period"), taken from the chain when the
caller has it. Anything else ("periodically", "as soon as possible") is a request with an unknown
due date; so is a date that cannot be read ("by 30 November 198?").
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from ..compare.verbs import lead_verb
from ..dates import DATE_PATTERN, MONTHS, add_months, iso_date
from ..model import Document
from .decisions import decide, quoted, read_days

_SG = r"Secretary[\s-]*General"
# Who is asked: "Requests the Secretary-General", "(c) To request the Secretary-General", "Invites
# the Secretary-General", "Also requests him" (once the paragraph has named him).
_ASK = re.compile(rf"\b(?:requests?|invites?|asks?|calls\s+(?:up)?on|urges|encourages|entrusts|directs)\s+"
                  rf"(?:also\s+|further\s+|again\s+|accordingly\s+)?(?:the\s+{_SG}|(?<=\s)him)\b", re.I)
# Said, not asked, under a deciding verb: "(c) That the Secretary-General will submit at the end of
# this period a report" (363 (1974)); "The Secretary-General … shall report periodically to the
# Security Council" (186 (1964)).
_SHALL = re.compile(rf"\b{_SG}\b[^.;]{{0,160}}?\b(?:shall|will|should|is\s+to)\s+(?:\w+\s+){{0,2}}?(?:report|submit|keep|present|inform)\b", re.I)
_DECIDING = {"decides", "recommends", "requests", "agrees"}
# What he is asked to do: report, submit or present a report (or proposals), keep the Council
# informed, inform it.
_REPORT = re.compile(
    r"\b(?:to|and|or|shall|will|should)\s+(?:(?:also|further|continue\s+to|again|then|periodically|regularly"
    r"|immediately|urgently|promptly|fully)\s+)*report(?:ing)?\b"
    r"|\bsubmit(?:ting)?\b[^.;]{0,80}?\b(?:reports?|proposals|recommendations|assessment)\b"
    r"|\b(?:present|presenting|provide|providing|transmit|transmitting)\b[^.;]{0,60}?\breports?\b"
    r"|\bkeep(?:ing)?\s+(?:the\s+)?(?:Security\s+)?Council\b[^.;]{0,40}?\binformed\b"
    r"|\binform(?:ing)?\s+the\s+(?:Security\s+)?Council\b", re.I)
# "The mediator shall report periodically to the Secretary-General": not to the Council.
_TO_SG = re.compile(rf"^[^.;]{{0,20}}?\bto\s+(?:the\s+)?{_SG}|^\s+to\s+him\b", re.I)
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
_ABSOLUTE = re.compile(r"\b(?:by|not later than|no later than|before)\s+(?:the\s+\w+\s+week\s+of\s+)?" + DATE_PATTERN, re.I)
# "by July 1992", "by the end of February 1994", "by late January 1994", "in November 1991".
_MONTH_ONLY = re.compile(r"\b(by|not later than|no later than|in)\s+(?:(late|mid-?)\s*)?(?:the\s+(?:(\w+)\s+week|end)\s+of\s+)?"
                         + _MONTH + r"\s+(\d{4})\b", re.I)
# "after the conclusion of the joint meetings that will resume in March 1993" (789 (1992)): the
# month of something else, not the report's.
_OTHER_EVENT = re.compile(r"\b(?:resume[sd]?|held|meet|meetings?|take\s+place|scheduled|begin|began|start)\s*$", re.I)
# A due date announced but unreadable: "by 30 November 198?" (510 (1982)).
_UNREADABLE = re.compile(r"\b(?:by|not later than|no later than|before)\s+(\S{1,3}\s+" + _MONTH + r"\s+\d{2,3}\W)", re.I)
_NUM = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "fourteen": 14, "fifteen": 15, "twenty": 20, "twenty-one": 21,
        "twenty-four": 24, "thirty": 30, "forty-five": 45, "sixty": 60, "seventy-two": 72, "ninety": 90,
        "a": 1, "one hundred and twenty": 120}
_WORDS = r"(\d+|[a-z]+(?:-[a-z]+)?)"
_WITHIN = re.compile(rf"\b(?:within|no later than|not later than|in)\s+{_WORDS}\s+(hours?|days?|weeks?|months?)\b", re.I)
_EVERY = re.compile(rf"\bevery\s+{_WORDS}\s+(days?|weeks?|months?)\b", re.I)
# "at the end of this period", "before the end of the present mandate", "at the end of the
# four-month period", "within the three-month period" (523 (1982)): the mandate period the same
# resolution sets. OCR: "al the end" (633 (1989)).
_END_OF_PERIOD = re.compile(
    r"\b(?:before|at|al|by)\s+the\s+end\s+of\s+(?:this|the\s+(?:present|current|new|[\w-]+-month))\s+(?:mandate\s+)?(?:period|mandate)\b"
    r"|\bwithin\s+the\s+(?:present\s+|current\s+|[\w-]+-month\s+)?(?:mandate\s+)?period\b", re.I)


@dataclass(slots=True)
class ReportingRequest:
    symbol: str
    pid: str
    adopted: str | None
    text: str
    due: str | None  # first due date, ISO; None when the text does not say
    basis: str  # "stated", "within N units", "every N units", "end of mandate period", "unknown"
    recurrence: str | None = None  # "every 4 months" …
    also_due: list[str] = field(default_factory=list)  # further dates the same request states

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


def request_start(doc: Document, pid: str, text: str) -> int | None:
    """Where the request to report begins in an operative paragraph's text, or None when the
    paragraph asks for no report."""
    if quoted(doc, pid):
        return None  # "Reaffirms its resolution 425 (1978) which reads: … 4. Requests …"
    starts = [m.start() for m in _ASK.finditer(text)
              # "requests him" only once the paragraph has named him
              if not m.group(0).lower().endswith("him") or re.search(_SG, text[:m.start()], re.I)]
    # "will / shall report" counts under a deciding verb: the paragraph's own, or for "(c) That
    # the Secretary-General will submit …" the "Decides:" above it.
    para = doc.paragraph(pid)
    parent = doc.paragraph(para.parent) if para is not None and para.parent else None
    verb = lead_verb(text) or (lead_verb(parent.text) if parent is not None else None)
    if verb in _DECIDING:
        starts += [m.start() for m in _SHALL.finditer(text)]
    for start in sorted(starts):
        for rep in _REPORT.finditer(text, start):
            if not _TO_SG.search(text[rep.end():]):
                return start
    return None


def reporting_requests(doc: Document, mandate_end: str | None = None, adopted: str | None = None) -> list[ReportingRequest]:
    """Every request to report in the document's operative paragraphs, with its due date.
    ``mandate_end``: the expiry the chain gives this resolution's mandate (for "at the end of this
    period"); without it, the expiry read from this text alone. ``adopted``: the adoption date
    where the text prints none (the chain takes it from the meetings table)."""
    adopted_s = doc.date or adopted
    start_day = date.fromisoformat(adopted_s) if adopted_s else None
    if mandate_end is None:
        mandate_end = decide(doc, None).expiry
    out = []
    for p in doc.paragraphs:
        if p.kind != "operative":
            continue
        start = request_start(doc, p.pid, p.text)
        if start is None:
            continue
        req = _due(doc.symbol, p.pid, adopted_s, p.text[start:], start_day, mandate_end)
        if req.due and adopted_s and req.due < adopted_s:  # a date the text cites, not a deadline
            req.due, req.basis, req.also_due = None, "unknown", []
        out.append(req)
    return out


# "by 10 December 1993 and 25 January 1994" (867 (1993)): a list after "by" is a list of due dates.
_AND_DATE = re.compile(r"(?:\s*,\s*(?:and\s+)?|\s+and\s+(?:by\s+)?)" + DATE_PATTERN, re.I)


def _stated_dates(read: str) -> list[re.Match[str]]:
    """Every date announced as a due date: after "by", "not later than" …, and each date listed
    after one of those."""
    out = []
    for m in _ABSOLUTE.finditer(read):
        out.append(m)
        nxt = _AND_DATE.match(read, m.end())
        while nxt:
            out.append(nxt)
            nxt = _AND_DATE.match(read, nxt.end())
    return out


def _due(symbol: str, pid: str, adopted_s: str | None, text: str, adopted: date | None,
         mandate_end: str | None) -> ReportingRequest:
    req = ReportingRequest(symbol, pid, adopted_s, text, None, "unknown")
    read = read_days(text)
    every = _EVERY.search(read)
    if every and _n(every.group(1)):
        req.recurrence = f"every {_n(every.group(1))} {every.group(2).lower()}"
    dates = [d for d in (iso_date(m) for m in _stated_dates(read)) if d]
    if dates:
        req.due, req.basis, req.also_due = dates[0], "stated", dates[1:]
        return req
    m = next((m for m in _MONTH_ONLY.finditer(read)
              if m.group(1).lower() != "in" or not _OTHER_EVENT.search(read[:m.start()])), None)
    if m:
        month, year = MONTHS[m.group(4).lower()], int(m.group(5))
        week = {"first": 7, "second": 14, "third": 21, "fourth": 28, "last": 28}.get((m.group(3) or "").lower())
        last = add_months(date(year, month, 1), 1) - timedelta(days=1)
        if (m.group(2) or "").lower().startswith("mid"):
            req.due, req.basis = date(year, month, 15).isoformat(), "stated (mid-month)"
        else:
            req.due = (date(year, month, week) if week else last).isoformat()
            req.basis = "stated (month)" if not week else "stated (week)"
        return req
    if _UNREADABLE.search(read):
        req.basis = f"unknown: the date cannot be read ('{_UNREADABLE.search(read).group(1).strip()}')"
        return req
    if adopted is not None:
        m = _WITHIN.search(read)
        if m and _n(m.group(1)):
            req.due = _offset(adopted, _n(m.group(1)) or 0, m.group(2)).isoformat()
            req.basis = f"within {_n(m.group(1))} {m.group(2).lower()}"
            return req
        if every and _n(every.group(1)):
            req.due = _offset(adopted, _n(every.group(1)) or 0, every.group(2)).isoformat()
            req.basis = req.recurrence or "every"
            return req
    if _END_OF_PERIOD.search(read) and mandate_end:
        req.due, req.basis = mandate_end, "end of mandate period"
    return req
