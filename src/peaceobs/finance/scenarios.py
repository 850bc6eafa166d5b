"""Resolution 2719 scenarios: each budget × each share by one scale, measured against the
official peacekeeping scale and appropriations where the store holds them — what ``peaceobs
assess``, ``/assess``, ``/api/v1/assess`` and evidence packs all compute."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from ..store import Store
from .assess import Assessment, AssessmentError, assess, parse_budget, parse_share
from .budgets import peacekeeping_appropriations
from .catalog import get_scale, list_scales, official_peacekeeping
from .model import Scale

# As the CLI says it (peaceobs scale): a regular scale stands in, named as such, never passed off
# as a peacekeeping rate.
NO_PEACEKEEPING_SCALE = (
    "No official peacekeeping scale is loaded (its levels and effective rates are published in a report of "
    "the Secretary-General not in this store): load one with 'peaceobs scale load FILE --name "
    "peacekeeping:2025'. The regular budget scale is offered instead.")
MAX_SCENARIOS = 12  # budgets × shares: each is 193 rows; more is a loop, not a comparison


@dataclass(slots=True)
class Scenarios:
    """Resolution 2719 scenarios over one scale, with what they were measured against."""

    scale: Scale
    scenarios: list[Assessment]
    peacekeeping: Scale | None  # the official peacekeeping scale, when one is loaded
    period: str | None  # the period of the peacekeeping appropriations summed
    peacekeeping_total_usd: int

    @property
    def note(self) -> str | None:
        return None if self.peacekeeping else NO_PEACEKEEPING_SCALE

    def to_dict(self) -> dict[str, Any]:
        """What ``peaceobs assess --json`` prints, plus the note the CLI prints beside it."""
        basis = ({"scale": self.peacekeeping.name, "period": self.period,
                  "appropriations_usd": self.peacekeeping_total_usd} if self.peacekeeping else None)
        return {"scale": self.scale.to_dict(with_rates=False), "peacekeeping_basis": basis, "note": self.note,
                "scenarios": [a.to_dict() for a in self.scenarios]}


def scenarios(store: Store, budgets: list[str], shares: list[str], scale_name: str) -> Scenarios:
    """Each budget × each share by the named scale, as ``peaceobs assess`` computes them.

    Raises AssessmentError or ScaleError (both PeaceobsError) for input that cannot be assessed;
    the numbers are checked before the store is read, and nothing is written."""
    budgets = [b for b in budgets if b.strip()]
    shares = [s for s in shares if s.strip()]
    if not budgets or not shares:
        raise AssessmentError("give a budget (USD) and a share between 0 and 1")
    if len(budgets) * len(shares) > MAX_SCENARIOS:
        raise AssessmentError(f"at most {MAX_SCENARIOS} scenarios (budgets × shares) at once")
    for b in budgets:
        parse_budget(b)
    for s in shares:
        parse_share(s)
    chosen = get_scale(store, scale_name)
    pk = official_peacekeeping(store)
    period, pk_total, _ = peacekeeping_appropriations(store) if pk else (None, 0, [])
    return Scenarios(chosen, [assess(b, s, chosen, pk, pk_total or None) for b in budgets for s in shares],
                     pk, period, pk_total)


def default_scale(scales: list[Scale]) -> str | None:
    """The official peacekeeping scale when one is loaded; else this year's regular scale (the
    latest listed when there is none for this year). Never an estimate unasked."""
    official = [s for s in scales if s.kind == "peacekeeping" and s.official]
    if official:
        return max(official, key=lambda s: s.year).name
    regular = [s for s in scales if s.kind == "regular"]
    this_year = [s for s in regular if s.year == datetime.date.today().year]
    pool = this_year or regular or scales  # sorted by kind, year: the last is the latest
    return pool[-1].name if pool else None


def scenarios_by_default(store: Store, budgets: list[str], shares: list[str], scale_name: str | None) -> Scenarios:
    """:func:`scenarios` by the named scale, or by :func:`default_scale` where none is named (what
    /assess does with a form that names none)."""
    return scenarios(store, budgets, shares, scale_name or default_scale(list_scales(store)) or "")
