"""Peacekeeping finance: budgets as data, scales of assessment, and Resolution 2719 scenarios.

The library surface; the CLI and the web app are thin shells over it::

    from peaceobs.store import open_store
    from peaceobs.finance import budget, get_scale, assess

    store = open_store("data/peaceobs.db")
    unsos = budget(store, "UNSOS")
    for line in unsos.series():          # gross requirements, period by period
        print(line.period, line.measure, line.amount_usd, line.source.cite())
    scenario = assess(481_671_800, "0.75", get_scale(store, "regular:2025"))
"""

from __future__ import annotations

from .assess import Assessment, AssessmentError, Share, assess, parse_budget, parse_share
from .budgets import Budget, UnknownBudget, budget, document_lines, peacekeeping_appropriations
from .catalog import (
    estimate_peacekeeping,
    get_scale,
    list_scales,
    load_groups,
    load_scale,
    member_groups,
    official_peacekeeping,
)
from .entities import Entity, entity_by_key, entity_of_title
from .model import GROSS, SERIES_MEASURES, BudgetLine, Measure, Rate, Scale, Source, StaffLine
from .scales import ScaleError, peacekeeping_estimate, regular_scales
from .tables import read_tables
from .texts import read_appropriations, read_recommendations

__all__ = [
    "Assessment", "AssessmentError", "Budget", "BudgetLine", "Entity", "GROSS", "Measure", "Rate",
    "SERIES_MEASURES", "Scale", "ScaleError", "Share", "Source", "StaffLine", "UnknownBudget", "assess", "budget",
    "document_lines", "entity_by_key", "entity_of_title", "estimate_peacekeeping", "get_scale", "list_scales",
    "load_groups", "load_scale", "member_groups", "official_peacekeeping", "parse_budget", "parse_share", "peacekeeping_appropriations",
    "peacekeeping_estimate", "read_appropriations", "read_recommendations", "read_tables", "regular_scales",
]
