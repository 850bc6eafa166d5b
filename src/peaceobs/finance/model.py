"""The finance records: figures with their sources, scales of assessment, assessments.

Every figure carries a :class:`Source` saying where it was printed, so that a briefing can cite
it ("A/80/628, table T16, row 'Gross requirements', column '2026/27 cost estimates', p. 22").
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from ..cite import paragraph_reference


class Measure(StrEnum):
    """What a figure measures. The first five make a mission's series; the rest are the other
    columns of a financial resources table."""

    EXPENDITURE = "expenditure"
    APPORTIONMENT = "apportionment"
    PROPOSED = "proposed"  # the Secretary-General's cost estimates for the budget period
    RECOMMENDED = "recommended"  # by the Advisory Committee (ACABQ)
    APPROPRIATED = "appropriated"  # by the General Assembly
    VARIANCE = "variance"
    UNENCUMBERED = "unencumbered_balance"
    PERCENT = "percent"  # a percentage column (of the variance or balance left of it)
    REDUCTION = "reduction"  # a reduction the Advisory Committee recommends
    APPORTIONED = "apportioned"  # assessed on Member States for part of a period


SERIES_MEASURES = (Measure.EXPENDITURE, Measure.APPORTIONMENT, Measure.PROPOSED, Measure.RECOMMENDED,
                   Measure.APPROPRIATED)

# The category under which a mission's whole budget is given: SG tables print it as a row, the
# Advisory Committee and the General Assembly name it as the amount "for the maintenance of" it.
GROSS = "Gross requirements"


@dataclass(frozen=True, slots=True)
class Source:
    """Where a figure was printed."""

    document: str  # symbol: "A/80/628"
    format: str = ""  # the file it was read from: pdf, docx, report-json, ga-json …
    table: str | None = None  # the table paragraph's ID ("T16")
    row: str | None = None  # the row label as printed
    column: str | None = None  # the column header as printed
    page: int | None = None  # 1-based printed page, where the source has pages
    paragraph: str | None = None  # the paragraph ID, for a figure read from a sentence
    printed: str = ""  # the figure as printed: "(38 956.1)", "$481,550,400"
    quote: str = ""  # for a figure read from a sentence: the sentence
    author: str = ""  # the document's body: SG, ACABQ, GA

    def cite(self) -> str:
        """A short citation: "A/80/628, T16 ('Gross requirements' × '2026/27 cost estimates'), p. 22"."""
        where = [self.document]
        if self.table:
            where.append(f"{self.table} ('{self.row}' × '{self.column}')" if self.column else f"{self.table} ('{self.row}')")
        elif self.paragraph:
            where.append(paragraph_reference(self.paragraph))
        if self.page:
            where.append(f"p. {self.page}")
        return ", ".join(where)


@dataclass(frozen=True, slots=True)
class BudgetLine:
    """One figure of a budget: a category's amount for a period, as one measure."""

    category: str  # as printed: "Gross requirements", "Military contingents"
    period: str  # as printed: "2026/27"
    measure: str  # a Measure
    amount_usd: int | None  # whole dollars (tables in thousands converted); None for a percentage
    source: Source
    group: str | None = None  # the heading row above it: "Operational costs"
    percent: float | None = None  # for a percentage column
    mission: str | None = None  # acronym, where known
    # From a financial resources table (one with a "Gross requirements" row), as against other
    # money tables of a report (mine action, efficiency gains, trends).
    resources: bool = False
    scope: str | None = None  # a column's part beyond measure and period: "Valencia", "Total"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["source"]["citation"] = self.source.cite()
        return d


@dataclass(frozen=True, slots=True)
class StaffLine:
    """Personnel or posts of one category in one period ("Approved 2025/26", "Proposed 2026/27")."""

    category: str  # the column header as printed: "International staff"
    period: str
    measure: str  # approved | actual | proposed
    count: int
    source: Source
    group: str | None = None
    basis: str | None = None  # "posts", "temporary positions": what the row counts

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Rate:
    """A Member State's rate in a scale, in per cent as printed ("22.000")."""

    member_state: str
    rate: str  # as printed, so that no digit is lost
    level: str | None = None  # peacekeeping level A–J, where known

    @property
    def value(self) -> float:
        return float(self.rate)


@dataclass(slots=True)
class Scale:
    """A scale of assessment: rates summing to 100 per cent (or the printed total)."""

    name: str  # "regular:2025", "peacekeeping:2025"
    kind: str  # regular | peacekeeping
    year: int
    rates: list[Rate] = field(default_factory=list)
    source: str = ""  # the document or file it was read from
    official: bool = True  # False for one computed here (an estimate), which is never shown as official
    printed_total: str | None = None
    note: str = ""

    @property
    def total(self) -> Decimal:
        """The sum of the rates, exactly as printed (no float error)."""
        return sum((Decimal(r.rate) for r in self.rates), Decimal(0))

    def to_dict(self, with_rates: bool = True) -> dict[str, Any]:
        d = {"name": self.name, "kind": self.kind, "year": self.year, "source": self.source,
             "official": self.official, "members": len(self.rates), "total": str(self.total),
             "printed_total": self.printed_total, "note": self.note}
        if self.printed_total:
            d["difference_from_printed_total"] = str(self.total - Decimal(self.printed_total))
        if with_rates:
            d["rates"] = [asdict(r) for r in self.rates]
        return d
