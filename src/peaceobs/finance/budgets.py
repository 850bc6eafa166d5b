"""A mission's money, from every document in the store: the Secretary-General's tables, the
Advisory Committee's recommendations and the General Assembly's appropriations — one series,
period by period, each figure with its source."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import PeaceobsError
from ..model import Document
from ..store import Store
from ..symbols import parse
from .entities import Entity, entity_by_key, entity_of_title
from .model import GROSS, SERIES_MEASURES, BudgetLine, Measure, StaffLine
from .numbers import ranges
from .tables import read_tables
from .texts import read_appropriations, read_recommendations, read_summary_table

# Titles of the documents finance reads (SG and ACABQ budget reports, GA financing resolutions).
BUDGET_TITLES = ("budget performance", "proposed budget", "budget for the period", "budgets for the periods",
                 "financing of")


class UnknownBudget(PeaceobsError):
    """A mission or symbol the store has no budget documents for."""


@dataclass(slots=True)
class Budget:
    """Everything the store says of one mission's (or one document's) money."""

    key: str  # the acronym, or the symbol asked for
    name: str
    documents: list[str] = field(default_factory=list)
    lines: list[BudgetLine] = field(default_factory=list)  # every figure read
    staff: list[StaffLine] = field(default_factory=list)

    def series(self, category: str | None = GROSS) -> list[BudgetLine]:
        """The five measures (expenditure, apportionment, proposed, recommended, appropriated),
        one figure per category, period and measure (the first source found: tables before the
        summary tables that repeat them), ordered by period and measure."""
        seen: dict[tuple[str, str | None, str, str], BudgetLine] = {}
        for line in sorted(self.lines, key=_authority):
            if line.measure not in SERIES_MEASURES or line.amount_usd is None or not line.period:
                continue
            if category is not None and line.category != category:
                continue
            seen.setdefault((line.category, line.group, line.period, line.measure), line)
        order = {m: k for k, m in enumerate(SERIES_MEASURES)}
        return sorted(seen.values(), key=lambda x: (x.period, order[Measure(x.measure)], x.category))

    def to_dict(self, all_lines: bool = False) -> dict[str, Any]:
        lines = self.lines if all_lines else self.series(category=None)
        return {"key": self.key, "name": self.name, "documents": self.documents,
                "lines": [x.to_dict() for x in lines],
                "totals": [x.to_dict() for x in self.series()],
                "staff": [x.to_dict() for x in self.staff]}


# Who speaks with authority on each measure: a figure from another body (the Advisory
# Committee's summary of an appropriation) is kept only where that body's is missing.
_AUTHOR = {Measure.APPROPRIATED: "GA", Measure.RECOMMENDED: "ACABQ"}


def _authority(line: BudgetLine) -> int:
    return 0 if line.source.author == _AUTHOR.get(Measure(line.measure), "SG") else 1


def document_lines(doc: Document, entity: Entity | None = None) -> tuple[list[BudgetLine], list[StaffLine]]:
    """The figures one document gives: tables for reports, sentences for the Advisory
    Committee's recommendations and the Assembly's appropriations."""
    mission = entity.key if entity else None
    if doc.doc_type == "resolution":
        return read_appropriations(doc, mission), []
    lines: list[BudgetLine] = []
    staff: list[StaffLine] = []
    if doc.body == "ACABQ":
        budget_period = next((p for _, p in reversed(ranges(doc.title or ""))), None)
        lines.extend(read_recommendations(doc, mission, budget_period))
        # The summary table fills what the sentences leave unsaid (a budget approved as proposed).
        said = {(x.measure, x.period) for x in lines if x.category == GROSS}
        lines.extend(x for x in read_summary_table(doc, mission) if (x.measure, x.period) not in said)
    else:
        tables = read_tables(doc, mission)
        lines.extend(tables.lines)
        staff.extend(tables.staff)
    return lines, staff


def budget(store: Store, key: str) -> Budget:
    """The budget of a mission (acronym: "UNSOS", "unifil") or of one document (symbol:
    "A/80/628", "A/RES/79/312")."""
    entity = entity_by_key(key)
    if entity is None:
        try:
            symbol = parse(key)
        except PeaceobsError:  # neither an acronym nor a symbol
            symbol = None
        doc = store.get_document(key) if symbol else None
        if doc is None:
            raise UnknownBudget(f"{key!r}: no mission of that acronym and no document of that symbol in the store")
        found = entity_of_title(doc.title or "")
        lines, staff = document_lines(doc, found)
        return Budget(doc.symbol, doc.title, [doc.symbol], lines, staff)
    out = Budget(entity.key, entity.name)
    for titled in store.documents_titled(*BUDGET_TITLES):
        found = entity_of_title(titled.title)
        if found is None or found.key != entity.key:
            continue
        doc = store.get_document(titled.symbol)
        if doc is None:
            continue
        lines, staff = document_lines(doc, entity)
        if lines or staff:
            out.documents.append(doc.symbol)
            out.lines.extend(lines)
            out.staff.extend(staff)
    if not out.documents:
        raise UnknownBudget(f"{key!r}: the store holds no budget report or financing resolution for {entity.name}")
    return out


def peacekeeping_appropriations(store: Store, period: str | None = None) -> tuple[str | None, int, list[str]]:
    """The total the General Assembly appropriated for peacekeeping in a period (default: the
    latest period any financing resolution in the store covers), the period, and the
    resolutions summed. Used to put a 2719 assessment beside a state's current assessments."""
    totals: dict[str, int] = {}
    sources: dict[str, list[str]] = {}
    for titled in store.documents_titled("financing of"):
        if titled.doc_type != "resolution" or entity_of_title(titled.title) is None:
            continue
        doc = store.get_document(titled.symbol)
        if doc is None:
            continue
        for line in read_appropriations(doc):
            if line.category == "Total appropriation" and line.amount_usd and line.period:
                totals[line.period] = totals.get(line.period, 0) + line.amount_usd
                sources.setdefault(line.period, []).append(doc.symbol)
    if not totals:
        return None, 0, []
    chosen = period if period in totals else max(totals)
    return chosen, totals[chosen], sources[chosen]
