"""Finance under /api/v1: a mission's budget with the source of every figure, the scales of
assessment, and Resolution 2719 scenarios (JSON, CSV or XLSX). The same library calls as
``peaceobs budget``, ``peaceobs scale`` and ``peaceobs assess``; nothing here writes to the store."""

from __future__ import annotations

import io
import re
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request, Response
from pydantic import BaseModel, Field

from ..errors import PeaceobsError
from ..finance import ScaleError, UnknownBudget, budget, get_scale, list_scales
from ..finance.export import scenarios_csv, scenarios_xlsx
from ..symbols import SymbolError
from .api import ERRORS
from .service import MAX_SCENARIOS, figure_url, scenarios, store_of

router = APIRouter(prefix="/api/v1", tags=["finance"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SourceOut(BaseModel):
    document: str = Field(description="The symbol of the document the figure was printed in")
    format: str = Field(description="The file it was read from: pdf, docx, report-json, ga-json …")
    table: str | None = Field(description="The table's paragraph ID (T2), for a figure read from a table")
    row: str | None = Field(description="The row label as printed")
    column: str | None = Field(description="The column header as printed")
    page: int | None = Field(description="The printed page, where the source has pages")
    paragraph: str | None = Field(description="The paragraph ID (OP6, P56), for a figure read from a sentence")
    printed: str = Field(description="The figure as printed: '481 671.8', '$481,550,400'")
    quote: str = Field(description="The sentence, for a figure read from one")
    author: str = Field(description="The body that printed it: SG, ACABQ, GA")
    citation: str = Field(description="A short citation: \"A/80/628, T2 ('Gross requirements' × '2026/27 cost "
                                      "estimates')\"")
    url: str = Field(description="The document page, at the table or paragraph the figure was read from")


class BudgetLineOut(BaseModel):
    category: str = Field(description="As printed: 'Gross requirements', 'Military contingents'")
    period: str = Field(description="The budget period as printed: '2026/27'")
    measure: str = Field(description="expenditure, apportionment, proposed, recommended, appropriated (the "
                                     "series), or variance, unencumbered_balance, percent, reduction, apportioned")
    amount_usd: int | None = Field(description="Whole dollars (tables in thousands converted); null for a percentage")
    source: SourceOut
    group: str | None = Field(description="The heading row above it: 'Operational costs'")
    percent: float | None
    mission: str | None
    resources: bool = Field(description="Read from a financial resources table (one with a 'Gross requirements' row)")
    scope: str | None = Field(description="A column's part beyond measure and period: a site, 'Total'")


class StaffLineOut(BaseModel):
    category: str
    period: str
    measure: str = Field(description="approved, actual or proposed")
    count: int
    source: SourceOut
    group: str | None
    basis: str | None = Field(description="What the row counts: 'posts', 'temporary positions'")


class BudgetOut(BaseModel):
    key: str = Field(description="The mission's or service entity's acronym")
    name: str
    documents: list[str] = Field(description="The budget reports and financing resolutions read")
    lines: list[BudgetLineOut] = Field(description="Every category's series figures (all figures with all=true)")
    totals: list[BudgetLineOut] = Field(description="Gross requirements by period and measure: the series")
    staff: list[StaffLineOut]


class ScaleSummary(BaseModel):
    name: str = Field(description="regular:2025, peacekeeping:2025, …")
    kind: str = Field(description="regular or peacekeeping")
    year: int
    source: str
    official: bool = Field(description="False for an ESTIMATE computed here, never an official rate")
    members: int
    total: str = Field(description="The sum of the rates, in per cent, exactly as printed")
    printed_total: str | None
    note: str
    difference_from_printed_total: str | None = None


class RateOut(BaseModel):
    member_state: str
    rate: str = Field(description="Per cent, as printed (22.000)")
    level: str | None


class ScaleOut(ScaleSummary):
    rates: list[RateOut]


class ShareOut(BaseModel):
    member_state: str
    rate: str
    amount_usd: int
    level: str | None
    of_peacekeeping: float | None = Field(description="The amount as a share of the state's current "
                                                      "peacekeeping assessments (only with an official scale)")


class ScenarioOut(BaseModel):
    budget_usd: int
    share: float
    scale: str
    scale_kind: str
    scale_official: bool
    assessed_usd: int = Field(description="budget × share, to the dollar; the rows add up to it")
    not_assessed_usd: int = Field(description="The remainder: the African Union's share under resolution 2719")
    total_of_rows_usd: int
    note: str
    rounding: str
    rows: list[ShareOut]


class PeacekeepingBasis(BaseModel):
    scale: str
    period: str | None
    appropriations_usd: int


class AssessOut(BaseModel):
    scale: ScaleSummary
    peacekeeping_basis: PeacekeepingBasis | None = Field(
        description="The official peacekeeping scale and appropriations each amount is set against, when loaded")
    note: str | None = Field(description="Says so when no official peacekeeping scale is loaded")
    scenarios: list[ScenarioOut] = Field(description="Each budget × each share, in the order given")


@router.get("/missions/{acronym}/finance", response_model=BudgetOut, responses=ERRORS,
            summary="A mission's budget: every figure with its source")
def api_finance(request: Request, acronym: str,
                all_lines: Annotated[bool, Query(alias="all", description="Every figure read (all columns), "
                                                                          "not only the series")] = False
                ) -> dict[str, Any]:
    """Expenditure, apportionment, proposed, recommended (ACABQ) and appropriated (GA) amounts
    by period, read from the budget reports and financing resolutions in the store. Takes the
    missions registry's acronyms and service entities (UNLB, RSCE, the support account)."""
    try:
        found = budget(store_of(request), acronym)
    except UnknownBudget as exc:
        raise HTTPException(404, str(exc)) from exc
    except SymbolError as exc:  # neither an acronym nor a symbol: budget() gives up parsing it
        raise HTTPException(404, f"{acronym!r}: no mission or service entity of that acronym and no document "
                                 "of that symbol in the store") from exc
    data = found.to_dict(all_lines=all_lines)
    # The JSON names the document page of each figure, as the mission page links it.
    for key, objs in (("lines", found.lines if all_lines else found.series(category=None)),
                      ("totals", found.series()), ("staff", found.staff)):
        for item, obj in zip(data[key], objs, strict=True):
            item["source"] = {**item["source"], "citation": obj.source.cite(), "url": figure_url(obj.source)}
    return data


@router.get("/scales", response_model=list[ScaleSummary], summary="Scales of assessment in the store (no rates)")
def api_scales(request: Request) -> list[dict[str, Any]]:
    """Regular budget scales read from the Assembly's scale resolutions, and tables loaded with
    ``peaceobs scale load`` (official) or ``peaceobs scale estimate`` (marked ESTIMATE)."""
    return [s.to_dict(with_rates=False) for s in list_scales(store_of(request))]


@router.get("/scales/{name}", response_model=ScaleOut, responses=ERRORS, summary="One scale with its rates")
def api_scale(request: Request, name: str) -> dict[str, Any]:
    try:
        return get_scale(store_of(request), name).to_dict()
    except ScaleError as exc:
        raise HTTPException(404, str(exc)) from exc


@router.get("/assess", response_model=AssessOut, summary="Resolution 2719 scenarios: each Member State's amount",
            responses={**ERRORS, 200: {"content": {"text/csv": {}, XLSX: {}},
                                       "description": "JSON, or a CSV or XLSX download naming the scale"}})
def api_assess(request: Request,
               budget: Annotated[list[str], Query(description=(
                   f"Annual budget in USD (481671800 or 481,671,800); repeat for scenarios (at most "
                   f"{MAX_SCENARIOS} budgets × shares)"))],
               share: Annotated[list[str], Query(description="Share assessed, 0–1 (0.75, or 75%); repeat for "
                                                             "scenarios")],
               scale: Annotated[str, Query(max_length=100, description="Scale name, e.g. regular:2025 "
                                                                       "(see /api/v1/scales)")],
               format: Literal["json", "csv", "xlsx"] = "json") -> Any:
    """What each Member State would pay if ``share`` of an operation's annual ``budget`` were
    financed from assessed contributions by ``scale`` — each budget × each share. The amounts add
    up to the assessed amount to the dollar; the remainder (the African Union's share) is its own
    figure. Bad numbers or an unknown scale are a 422; nothing is stored."""
    try:
        result = scenarios(store_of(request), budget, share, scale)
    except PeaceobsError as exc:  # AssessmentError, ScaleError: the input, not the server
        raise HTTPException(422, str(exc)) from exc
    # A loaded scale's name is the user's: only safe characters reach the header.
    name = "assessment-" + re.sub(r"[^A-Za-z0-9._-]+", "-", result.scale.name)
    if format == "csv":
        out = io.StringIO()
        scenarios_csv(result.scenarios, out)
        return Response(out.getvalue(), media_type="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{name}.csv"'})
    if format == "xlsx":
        return Response(scenarios_xlsx(result.scenarios), media_type=XLSX,
                        headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'})
    return result.to_dict()
