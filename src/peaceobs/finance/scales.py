"""Scales of assessment: the regular budget scale read from a GA resolution, official tables
loaded from a file, and the peacekeeping mechanism of resolution 55/235.

The peacekeeping scale (55/235, reaffirmed by 79/250): each Member State sits in a level A–J;
levels B–J pay their regular budget rate less the level's discount; the permanent members of
the Security Council (level A) bear those discounts pro rata to their regular budget rates (a
premium), so that the scale sums to what the regular scale sums to. Which state sits in which
level is published in a report of the Secretary-General that is not in the corpus: a levels
table must be loaded, and a scale computed from one is an estimate, never an official rate.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path

from ..errors import PeaceobsError
from ..model import OPERATIVE, TABLE, Document
from .model import Rate, Scale

REGULAR, PEACEKEEPING = "regular", "peacekeeping"
PREMIUM = "A"  # the permanent members of the Security Council
PEACEKEEPING_ESTIMATE = "peacekeeping-estimate"
_RATE = re.compile(r"\d{1,3}\.\d{3,6}")
_YEARS = re.compile(r"\b((?:19|20)\d{2})\b")
# A row of the levels table: "D Member States with … Under 22,946 20", "A Permanent members … Premium".
_DISCOUNT = re.compile(r"(Premium|\d+(?:\.\d+)?)\b")
_LEVEL_ROW = re.compile(r"^\(?([A-J])\)?\s+(.+?)\s+(?:Not applicable|Under\s+[\d,]+)\s+(Premium|\d+(?:\.\d+)?)\b")


class ScaleError(PeaceobsError):
    """A scale that cannot be read or used; the message says which and why."""


def regular_scales(doc: Document) -> list[Scale]:
    """The regular budget scale a GA resolution sets, one :class:`Scale` per year it names
    ("… to the regular budget of the United Nations for 2025, 2026 and 2027 shall be as
    follows:" and the table of Member States and percentages after it)."""
    out: list[Scale] = []
    paragraphs = doc.paragraphs
    for i, p in enumerate(paragraphs):
        text = p.text
        if p.kind != OPERATIVE or "scale of assessments" not in text or "regular budget" not in text \
                or not text.rstrip().endswith(":"):
            continue
        table = next((q for q in paragraphs[i + 1:i + 4] if q.kind == TABLE), None)
        if table is None:
            continue
        rates = rates_from_rows(table.cells())
        if len(rates) < 10:
            continue
        years = sorted({int(y) for y in _YEARS.findall(text)})
        total = next((r[1] for r in table.cells() if r and r[0].strip().lower() == "total" and len(r) > 1), None)
        for year in years:
            out.append(Scale(f"{REGULAR}:{year}", REGULAR, year, list(rates),
                             source=f"{doc.symbol}, para. {(p.label or p.pid).rstrip('.')} and its table {table.pid}",
                             official=True, printed_total=total))
    return out


def rates_from_rows(rows: Iterable[list[str]]) -> list[Rate]:
    """(Member State, rate) rows of a table; a header, a total and non-rate rows are skipped; a
    level column is kept where the table has one."""
    out: list[Rate] = []
    for row in rows:
        cells = [c.strip() for c in row]
        if len(cells) < 2 or not cells[0] or cells[0].lower() in ("total", "member state"):
            continue
        rate = next((c for c in reversed(cells[1:]) if _RATE.fullmatch(c)), None)
        if rate is None:
            continue
        level = next((c.rstrip("*") for c in cells[1:] if re.fullmatch(r"[A-J]\*?", c)), None)
        out.append(Rate(cells[0], rate, level))
    return out


def levels_from_text(doc: Document) -> dict[str, Decimal | None]:
    """The discount of each level (per cent) from a GA resolution's levels table (79/250 OP11);
    level A's is None: it pays a premium, not a discount."""
    out: dict[str, Decimal | None] = {}
    for p in doc.paragraphs:
        if p.kind == TABLE:
            # Read as a table: "D | Member States with … | Under 22,946 | 20", the discount last
            # ("80 (or 70 on a voluntary basis)a": 80).
            for cells in p.cells():
                m = _DISCOUNT.match(cells[-1].strip()) if len(cells) >= 3 else None
                level = cells[0].strip().strip("()")
                if m and re.fullmatch(r"[A-J]", level) and level not in out:
                    out[level] = None if m.group(1) == "Premium" else Decimal(m.group(1))
            continue
        for line in p.text.split("\n"):
            m = _LEVEL_ROW.match(line.strip())
            if m and m.group(1) not in out:
                out[m.group(1)] = None if m.group(3) == "Premium" else Decimal(m.group(3))
    return out


def peacekeeping_estimate(regular: Scale, levels: Mapping[str, str], discounts: Mapping[str, Decimal | None],
                          name: str | None = None) -> Scale:
    """The 55/235 mechanism over a regular scale: each state's rate less its level's discount;
    the discounts of all levels together borne by level A pro rata to its regular rates.

    ``levels``: Member State → level ("A"…"J"; "H*" takes the voluntary discount given for
    "H*" in ``discounts``). Every state of the regular scale must have a level. The result is an
    estimate (``official=False``) and is named so.
    """
    missing = [r.member_state for r in regular.rates if r.member_state not in levels]
    if missing:
        raise ScaleError(f"no level for {len(missing)} Member State(s) of {regular.name}: {', '.join(missing[:5])}")
    unknown = sorted({lv for lv in levels.values() if lv != PREMIUM and lv not in discounts})
    if unknown:
        raise ScaleError(f"no discount known for level(s) {', '.join(unknown)}")
    if not any(levels[r.member_state] == PREMIUM for r in regular.rates):
        raise ScaleError("no Member State in level A: nobody to bear the discounts")
    exact = {r.member_state: Decimal(r.rate) for r in regular.rates}
    discounted: dict[str, Decimal] = {}
    relief = Decimal(0)
    for state, rate in exact.items():
        level = levels[state]
        if level == PREMIUM:
            continue
        cut = rate * (discounts[level] or Decimal(0)) / 100
        discounted[state] = rate - cut
        relief += cut
    premium_base = sum(rate for state, rate in exact.items() if levels[state] == PREMIUM)
    for state, rate in exact.items():
        if levels[state] == PREMIUM:
            discounted[state] = rate + relief * rate / premium_base
    year = regular.year
    rates = [Rate(s, f"{discounted[s]:.6f}", levels[s]) for s in exact]
    return Scale(name or f"{PEACEKEEPING_ESTIMATE}:{year}", PEACEKEEPING, year, rates,
                 source=f"estimate: {regular.name} with a loaded levels table, by the mechanism of resolution 55/235",
                 official=False, note="ESTIMATE computed here — not an official rate")



def read_scale_csv(path: Path | str, name: str, kind: str, year: int) -> Scale:
    """An official table from a CSV file with a header row naming ``member_state`` and ``rate``
    (per cent; ``effective_rate`` is taken too), and optionally ``level``."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScaleError(f"{path}: cannot read ({exc.__class__.__name__}: {exc})") from exc
    reader = csv.DictReader(io.StringIO(text))
    fields = {f.strip().lower(): f for f in (reader.fieldnames or [])}
    state_col = fields.get("member_state") or fields.get("member state")
    rate_col = fields.get("rate") or fields.get("effective_rate") or fields.get("effective rate")
    if not state_col or not rate_col:
        raise ScaleError(f"{path}: needs columns member_state and rate (found: {', '.join(fields) or 'none'})")
    rates: list[Rate] = []
    for k, row in enumerate(reader, start=2):
        state, rate = (row.get(state_col) or "").strip(), (row.get(rate_col) or "").strip()
        if not state:
            continue
        try:
            if Decimal(rate) < 0:
                raise ValueError
        except (ArithmeticError, ValueError):
            raise ScaleError(f"{path}: line {k}: rate {rate!r} of {state} is not a non-negative number") from None
        level_col = fields.get("level")
        rates.append(Rate(state, rate, (row.get(level_col) or "").strip() or None if level_col else None))
    if not rates:
        raise ScaleError(f"{path}: no rates")
    return Scale(name, kind, year, rates, source=str(path), official=True)


def read_member_column(path: Path | str, column: str) -> dict[str, str]:
    """Member State → the value of ``column`` from a CSV with a ``member_state`` column (a levels
    table, a grouping); rows without a Member State are skipped."""
    path = Path(path)
    try:
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    except (OSError, UnicodeDecodeError) as exc:
        raise ScaleError(f"{path}: cannot read ({exc.__class__.__name__}: {exc})") from exc
    out = {(r.get("member_state") or "").strip(): (r.get(column) or "").strip() for r in rows}
    out.pop("", None)
    return out


def read_levels_csv(path: Path | str) -> dict[str, str]:
    """Member State → level from a CSV with columns ``member_state`` and ``level``."""
    out = read_member_column(path, "level")
    if not out or any(not re.fullmatch(r"[A-J]\*?", lv) for lv in out.values()):
        raise ScaleError(f"{path}: needs columns member_state and level (A–J)")
    return out
