"""The scales a store offers: the regular budget scales read from its scale resolutions, and the
tables loaded into it (official peacekeeping tables, and estimates marked as such)."""

from __future__ import annotations

from pathlib import Path

from ..store import Store
from ..store.base import RateRow, ScaleRow
from ..symbols import parse
from ..track.roles import Actor, require
from .model import Rate, Scale
from .scales import (
    PEACEKEEPING,
    PEACEKEEPING_ESTIMATE,
    REGULAR,
    ScaleError,
    levels_from_text,
    peacekeeping_estimate,
    rates_from_rows,
    read_levels_csv,
    read_member_column,
    read_scale_csv,
    regular_scales,
)

SCALE_TITLE = "scale of assessments"


def list_scales(store: Store) -> list[Scale]:
    """Every scale: regular scales from the resolutions in the store, then loaded ones."""
    out: dict[str, Scale] = {}
    for titled in store.documents_titled(SCALE_TITLE):
        if titled.doc_type != "resolution":
            continue
        doc = store.get_document(titled.symbol)
        for scale in regular_scales(doc) if doc else []:
            out.setdefault(scale.name, scale)  # newest resolution first
    for row in store.stored_scales():
        out[row.name] = _from_row(row, store.stored_rates(row.name))
    return sorted(out.values(), key=lambda s: (s.kind, s.year, s.name))


def get_scale(store: Store, name: str) -> Scale:
    """A scale by name ("regular:2025"); :class:`ScaleError` naming the ones there are if absent."""
    scales = list_scales(store)
    found = next((s for s in scales if s.name == name), None)
    if found is None:
        names = ", ".join(s.name for s in scales) or "none (ingest a scale resolution such as A/RES/79/249)"
        raise ScaleError(f"unknown scale {name!r}; the store has: {names}")
    return found


def official_peacekeeping(store: Store, year: int | None = None) -> Scale | None:
    """The official peacekeeping scale loaded for a year (the latest if no year), or None."""
    loaded = [s for s in list_scales(store) if s.kind == PEACEKEEPING and s.official
              and (year is None or s.year == year)]
    return max(loaded, key=lambda s: s.year) if loaded else None


def load_scale(store: Store, actor: Actor, source: str, name: str, kind: str = PEACEKEEPING,
               year: int | None = None) -> Scale:
    """Load an official table into the store, from a CSV file (member_state, rate[, level]) or
    from an ingested document's table of Member States and rates (by symbol); audited."""
    require(actor, "scale")
    if kind not in (REGULAR, PEACEKEEPING):
        raise ScaleError(f"kind {kind!r} must be {REGULAR} or {PEACEKEEPING}")
    year = year or _year_of(name)
    path = Path(source)
    if path.exists():
        scale = read_scale_csv(path, name, kind, year)
    else:
        doc = store.get_document(source) if parse(source) else None
        if doc is None:
            raise ScaleError(f"{source}: neither a readable file nor a document in the store")
        best: list[Rate] = []
        for p in doc.paragraphs:
            rates = rates_from_rows(p.cells())
            if len(rates) > len(best):
                best = rates
        if len(best) < 10:
            raise ScaleError(f"{source}: no table of Member States and rates found in the document")
        scale = Scale(name, kind, year, best, source=doc.symbol, official=True)
    _save(store, scale, actor)
    return scale


def estimate_peacekeeping(store: Store, actor: Actor, levels_file: str, base: str, name: str | None = None,
                          discounts_from: str = "A/RES/79/250") -> Scale:
    """A peacekeeping scale ESTIMATED by the 55/235 mechanism from a loaded levels table (CSV:
    member_state, level), the discounts printed in ``discounts_from`` and a regular scale. It is
    stored as an estimate (``official`` false) and is never shown as an official rate."""
    require(actor, "scale")
    doc = store.get_document(discounts_from)
    if doc is None:
        raise ScaleError(f"{discounts_from}: the resolution that sets the levels' discounts is not in the store")
    discounts = levels_from_text(doc)
    if len(discounts) < 2:
        raise ScaleError(f"{discounts_from}: no levels table with discounts found")
    regular = get_scale(store, base)
    scale = peacekeeping_estimate(regular, read_levels_csv(levels_file), discounts,
                                  name or f"{PEACEKEEPING_ESTIMATE}:{regular.year}")
    scale.source += f"; discounts from {discounts_from}; levels from {levels_file}"
    _save(store, scale, actor)
    return scale


def _save(store: Store, scale: Scale, actor: Actor) -> None:
    store.put_scale(ScaleRow(scale.name, scale.kind, scale.year, scale.source, scale.official, scale.printed_total,
                             scale.note, ""),
                    [RateRow(r.member_state, r.rate, r.level) for r in scale.rates], actor.name)


def _from_row(row: ScaleRow, rates: list[RateRow]) -> Scale:
    return Scale(row.name, row.kind, row.year, [Rate(r.member_state, r.rate, r.level) for r in rates],
                 source=row.source, official=row.official, printed_total=row.printed_total, note=row.note)


def _year_of(name: str) -> int:
    tail = name.rsplit(":", 1)[-1]
    if not tail.isdigit():
        raise ScaleError(f"scale name {name!r} must end in its year (peacekeeping:2025), or give --year")
    return int(tail)


REGIONAL_GROUPS = "regional"


def load_groups(store: Store, actor: Actor, path: str, grouping: str = REGIONAL_GROUPS) -> dict[str, str]:
    """Load a grouping of Member States from a CSV (member_state, group): regional groups, for
    example, which the corpus does not hold. Names must match a scale's Member States; audited."""
    require(actor, "scale")
    file = Path(path)
    members = read_member_column(file, "group")
    if not members or any(not g for g in members.values()):
        raise ScaleError(f"{path}: needs columns member_state and group, with a group on every row")
    store.put_groups(grouping, members, str(file), actor.name)
    return members


def member_groups(store: Store, grouping: str = REGIONAL_GROUPS) -> dict[str, str]:
    """Member State → group for a loaded grouping; empty when none is loaded."""
    return store.stored_groups(grouping)
