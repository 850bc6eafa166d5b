"""Resolution 2719 scenarios: what each Member State would pay if a share of an operation's
budget were financed from assessed contributions.

The assessed amount is the budget times the share, rounded to the dollar (half up). It is
apportioned by the scale's rates — divided by the scale's own sum, so that a printed scale
summing to 99.999 or 100.001 per cent still apportions exactly the assessed amount — and
rounded by largest remainders: each state pays the whole dollars of its exact share, and the
dollars left over go one each to the states with the largest fractions (ties: larger rate, then
name). So the amounts add up to the assessed amount to the dollar, zero gives zero, and no
amount is more than a dollar from its exact share. What is not assessed (the African Union's
share under resolution 2719) is its own line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from ..errors import PeaceobsError
from .model import Scale

MAX_BUDGET_USD = Decimal(10) ** 13  # ten trillion dollars: more is a typing error, not a budget


class AssessmentError(PeaceobsError):
    """A scenario that cannot be computed (bad budget, share or scale); nothing is stored."""


@dataclass(frozen=True, slots=True)
class Share:
    member_state: str
    rate: str  # per cent, as in the scale
    amount_usd: int
    level: str | None = None
    of_peacekeeping: float | None = None  # the amount as a share of the state's current peacekeeping assessments


@dataclass(slots=True)
class Assessment:
    """One scenario: a budget, the assessed share, the scale used, and each state's amount."""

    budget_usd: int
    share: Decimal
    scale: str
    scale_official: bool
    scale_kind: str
    assessed_usd: int
    not_assessed_usd: int  # the remainder (the AU share)
    rows: list[Share] = field(default_factory=list)
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "budget_usd": self.budget_usd, "share": float(self.share), "scale": self.scale,
            "scale_kind": self.scale_kind, "scale_official": self.scale_official,
            "assessed_usd": self.assessed_usd, "not_assessed_usd": self.not_assessed_usd,
            "total_of_rows_usd": sum(r.amount_usd for r in self.rows), "note": self.note,
            "rounding": "largest remainders: whole dollars of each exact share, the dollars left over one "
                        "each to the largest fractions",
            "rows": [{"member_state": r.member_state, "rate": r.rate, "amount_usd": r.amount_usd,
                      "level": r.level, "of_peacekeeping": r.of_peacekeeping} for r in self.rows],
        }


def parse_budget(value: str | float | int | Decimal) -> Decimal:
    """A budget in dollars: a non-negative number ("481671800", "481,671,800", "4.8e8")."""
    try:
        budget = Decimal(str(value).replace(",", "").replace("_", "").strip())
    except (InvalidOperation, ValueError):
        raise AssessmentError(f"budget {value!r} is not a number of dollars") from None
    if not budget.is_finite() or budget < 0:
        raise AssessmentError(f"budget {value!r} must be zero or more dollars")
    if budget > MAX_BUDGET_USD:
        raise AssessmentError(f"budget {value!r} is over {MAX_BUDGET_USD:,.0f} dollars")
    return budget


def parse_share(value: str | float | Decimal) -> Decimal:
    """A share between 0 and 1 ("0.75"); "75%" is read as 0.75."""
    text = str(value).strip()
    try:
        share = Decimal(text[:-1]) / 100 if text.endswith("%") else Decimal(text)
    except (InvalidOperation, ValueError):
        raise AssessmentError(f"share {value!r} is not a number") from None
    if not share.is_finite() or not Decimal(0) <= share <= Decimal(1):
        raise AssessmentError(f"share {value!r} must be between 0 and 1 (0.75 for 75 %)")
    return share


def assess(budget: str | float | int | Decimal, share: str | float | Decimal, scale: Scale,
           peacekeeping: Scale | None = None, peacekeeping_total_usd: int | None = None) -> Assessment:
    """Each Member State's amount for ``share`` of an annual ``budget`` by ``scale``.

    Where an official peacekeeping scale and the current total of peacekeeping appropriations
    are given, each amount is also given as a share of the state's current peacekeeping
    assessments (its peacekeeping rate × that total)."""
    budget_d, share_d = parse_budget(budget), parse_share(share)
    if not scale.rates:
        raise AssessmentError(f"scale {scale.name} has no rates")
    budget_usd = int(budget_d.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    assessed = int((budget_d * share_d).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    rates = [Decimal(r.rate) for r in scale.rates]
    total_rate = sum(rates)
    if total_rate <= 0:
        raise AssessmentError(f"scale {scale.name} sums to zero")
    exact = [Decimal(assessed) * r / total_rate for r in rates]
    whole = [int(e.to_integral_value(rounding=ROUND_FLOOR)) for e in exact]
    left = assessed - sum(whole)
    order = sorted(range(len(exact)), key=lambda k: (-(exact[k] - whole[k]), -rates[k], scale.rates[k].member_state))
    for k in order[:left]:
        whole[k] += 1
    pk = {r.member_state: Decimal(r.rate) for r in peacekeeping.rates} if peacekeeping else {}
    rows = []
    for rate, amount in zip(scale.rates, whole, strict=True):
        of_pk = None
        if pk and peacekeeping_total_usd and rate.member_state in pk:
            current = pk[rate.member_state] / 100 * peacekeeping_total_usd
            of_pk = float(Decimal(amount) / current) if current else None
        rows.append(Share(rate.member_state, rate.rate, amount, rate.level, of_pk))
    note = "" if scale.official else "The scale is an ESTIMATE computed here, not an official rate."
    return Assessment(budget_usd, share_d, scale.name, scale.official, scale.kind, assessed, budget_usd - assessed,
                      rows, note)
