"""Authorised personnel ceilings stated in the texts, joined to the personnel data.

A ceiling is read from an operative paragraph that sets a strength or force level ("a force
level of up to 22,000", "increase … the strength of UNIFIL … to approximately 7,000"). The data's
authorised figure is the first month at or after adoption (within six months). Texts usually
count troops; the data count all uniformed personnel (troops, police, observers), so a
difference is flagged, not corrected.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from ..model import OPERATIVE, Document
from .personnel import PersonnelMonth

_CEILING = re.compile(
    r"\b(?:strength|force level|troop level|ceiling|authorized level)\b[^.;]{0,140}?\b(?:up to|to|of|at)\s+"
    r"(?:approximately\s+|some\s+|a total of\s+)?(\d{1,3}(?:,\d{3})+|\d{4,6})\b", re.I)
FLAG = 0.05  # a relative difference above which text and data disagree


@dataclass(slots=True)
class CeilingCheck:
    text_ceiling: int
    pid: str
    data_month: str | None = None
    data_authorized: float | None = None
    difference: float | None = None  # (data − text) / text
    flagged: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def stated_ceiling(doc: Document) -> tuple[int, str] | None:
    for p in doc.paragraphs:
        if p.kind == OPERATIVE:
            m = _CEILING.search(p.text)
            if m:
                return int(m.group(1).replace(",", "")), p.pid
    return None


def check(doc: Document, series: list[PersonnelMonth]) -> CeilingCheck | None:
    found = stated_ceiling(doc)
    if found is None:
        return None
    result = CeilingCheck(found[0], found[1])
    if not doc.date:
        return result
    start = doc.date[:7]
    months = [p for p in series if p.month >= start and p.authorized is not None]
    if months and _months_apart(start, months[0].month) <= 6:
        m = months[0]
        result.data_month, result.data_authorized = m.month, m.authorized
        result.difference = round((m.authorized - result.text_ceiling) / result.text_ceiling, 3)
        result.flagged = abs(result.difference) > FLAG
    return result


def _months_apart(a: str, b: str) -> int:
    ya, ma = map(int, a.split("-"))
    yb, mb = map(int, b.split("-"))
    return (yb - ya) * 12 + (mb - ma)
