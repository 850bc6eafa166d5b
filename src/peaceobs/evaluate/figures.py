"""The same report read from PDF, DOCX and JSON must give the same figures: every disagreement,
named. The figures compared are those of the financial resources tables, keyed by category,
group, period and measure (a figure printed in two tables of one report is one figure), and the
personnel tables' counts."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from ..finance.tables import read_tables
from ..pipeline import load

Key = tuple[str, str, str, str, str]


@dataclass(slots=True)
class Disagreement:
    key: Key  # category, group, period, measure, scope
    values: dict[str, str]  # format → figure as read ("—" where that format lacks it)

    def to_dict(self) -> dict[str, Any]:
        return {"category": self.key[0], "group": self.key[1], "period": self.key[2], "measure": self.key[3],
                "scope": self.key[4],
                "values": self.values}


@dataclass(slots=True)
class Conflict:
    """One document giving two figures for the same line (in two of its tables)."""

    format: str
    key: Key
    values: dict[str, str]  # "T3 p. 4" → figure

    def to_dict(self) -> dict[str, Any]:
        return {"format": self.format, "category": self.key[0], "group": self.key[1], "period": self.key[2],
                "measure": self.key[3], "scope": self.key[4], "values": self.values}


@dataclass(slots=True)
class ReportAgreement:
    symbol: str
    formats: list[str]
    figures: dict[str, int] = field(default_factory=dict)  # format → figures read
    agreed: int = 0  # keys read alike in every format
    union: int = 0  # keys read in any format
    disagreements: list[Disagreement] = field(default_factory=list)
    # Personnel counts: keys read in every format (the header words of personnel tables vary
    # between extractions more than money tables do), and of those, how many agree.
    staff_agreed: int = 0
    staff_common: int = 0
    staff_union: int = 0
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def share(self) -> float:
        return self.agreed / self.union if self.union else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"symbol": self.symbol, "formats": self.formats, "figures": self.figures, "agreed": self.agreed,
                "union": self.union, "share": round(self.share, 4), "staff_agreed": self.staff_agreed,
                "staff_common": self.staff_common, "staff_union": self.staff_union, "disagreements": [d.to_dict() for d in self.disagreements],
                "conflicts": [c.to_dict() for c in self.conflicts]}


def report_files(folder: Path) -> dict[str, dict[str, Path]]:
    """Budget report files by stem ("A_80_628") and format, from the corpus's budget folder."""
    out: dict[str, dict[str, Path]] = {}
    for path in sorted([*folder.glob("originals/*.pdf"), *folder.glob("originals/*.docx"), *folder.glob("*.json")]):
        if "_604_" in path.name:  # the ACABQ reports exist in one format only
            continue
        out.setdefault(path.stem, {})[path.suffix.lstrip(".")] = path
    return {k: v for k, v in out.items() if len(v) > 1}


class _Read(NamedTuple):
    symbol: str
    money: dict[Key, str]
    staff: dict[tuple[str, ...], int]
    conflicts: list[Conflict]


def _figures(path: Path, fmt: str) -> _Read:
    doc = load(path)
    tables = read_tables(doc)
    money: dict[Key, str] = {}
    where: dict[Key, str] = {}
    conflicts: list[Conflict] = []
    for line in tables.lines:
        if not line.resources:
            continue
        key = (line.category, line.group or "", line.period, line.measure, line.scope or "")
        value = str(line.amount_usd) if line.amount_usd is not None else f"{line.percent}%"
        cite = f"{line.source.table} p. {line.source.page}" if line.source.page else str(line.source.table)
        if key in money and money[key] != value:
            # The document gives two figures for one thing (a summary table against the detail).
            conflicts.append(Conflict(fmt, key, {where[key]: money[key], cite: value}))
        money.setdefault(key, value)
        where.setdefault(key, cite)
    staff: dict[tuple[str, ...], int] = {}
    for s in tables.staff:
        staff.setdefault((s.group or "", s.category, s.basis or "", s.period, s.measure), s.count)
    return _Read(doc.symbol, money, staff, conflicts)


def compare_formats(files: dict[str, Path]) -> ReportAgreement:
    """One report in each of its formats: figures read alike, and every one that is not."""
    read = {fmt: _figures(path, fmt) for fmt, path in files.items()}
    symbol = next(iter(read.values())).symbol
    out = ReportAgreement(symbol, sorted(read))
    keys: set[Key] = set().union(*(set(r.money) for r in read.values()))
    out.figures = {fmt: len(r.money) for fmt, r in read.items()}
    out.union = len(keys)
    for key in sorted(keys):
        values = {fmt: r.money.get(key, "—") for fmt, r in read.items()}
        if len(set(values.values())) == 1:
            out.agreed += 1
        else:
            out.disagreements.append(Disagreement(key, values))
    staff_keys = set().union(*(set(r.staff) for r in read.values()))
    common = set.intersection(*(set(r.staff) for r in read.values()))
    out.staff_union, out.staff_common = len(staff_keys), len(common)
    out.staff_agreed = sum(len({r.staff[k] for r in read.values()}) == 1 for k in common)
    out.conflicts = [c for r in read.values() for c in r.conflicts]
    return out


def agreement(folder: Path, only: Iterable[str] | None = None) -> list[ReportAgreement]:
    """Every budget report held in more than one format."""
    chosen = set(only or [])
    return [compare_formats(files) for stem, files in report_files(folder).items() if not chosen or stem in chosen]
