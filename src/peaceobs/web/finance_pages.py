"""The Resolution 2719 calculator page, /assess: a GET form, so that every scenario is a link,
and a page that reads without JavaScript (the table filter and the charts only add to it)."""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from ..errors import PeaceobsError
from ..finance import list_scales, member_groups
from ..finance.scenarios import default_scale
from . import views
from .pages import render
from .service import NO_PEACEKEEPING_SCALE, scenarios, store_of

router = APIRouter(include_in_schema=False)
TOP = 15


@router.get("/assess", response_class=HTMLResponse)
def assess_page(request: Request, budget: Annotated[list[str], Query()] = [],  # noqa: B006 (FastAPI copies it)
                share: Annotated[list[str], Query()] = [],  # noqa: B006
                scale: Annotated[str | None, Query(max_length=100)] = None) -> HTMLResponse:
    store = store_of(request)
    scales = list_scales(store)
    chosen = scale or default_scale(scales)
    budgets = [b.strip() for b in budget if b.strip()]
    shares = [s.strip() for s in share if s.strip()]
    context: dict[str, Any] = {
        "title": "Resolution 2719 scenarios", "scales": scales, "chosen": chosen, "error": None, "result": None,
        # The form keeps what was typed; two share boxes, for a side-by-side comparison.
        "budget_value": budgets[0] if budgets else "", "share_values": (shares + ["", ""])[:max(2, len(shares))],
        "official_peacekeeping": any(s.kind == "peacekeeping" and s.official for s in scales),
        "no_peacekeeping_scale": NO_PEACEKEEPING_SCALE,
    }
    if not (budgets or shares):
        return render(request, "assess.html", **context)
    try:
        result = scenarios(store, budgets, shares, chosen or "")
    except PeaceobsError as exc:  # the input (numbers, scale), said on the page as the API says it
        context["error"] = str(exc)
        return render(request, "assess.html", status_code=422, **context)
    groups = member_groups(store)
    group_spec, group_rows = views.by_group(result.scenarios, groups) if groups else (None, [])
    first = result.scenarios[0].rows
    ranked = sorted(range(len(first)), key=lambda k: (-first[k].amount_usd, first[k].member_state))
    query = urlencode({"budget": budgets, "share": shares, "scale": result.scale.name}, doseq=True)
    context.update(
        result=result, labels=[views.scenario_label(a) for a in result.scenarios], ranked=ranked, top=TOP,
        top_chart=json.dumps(views.largest_contributors(result.scenarios, TOP)),
        group_chart=json.dumps(group_spec) if group_spec else None, group_rows=group_rows, groups=groups,
        with_peacekeeping=any(r.of_peacekeeping is not None for a in result.scenarios for r in a.rows),
        query=query, title=f"Resolution 2719 scenarios by {result.scale.name}")
    return render(request, "assess.html", **context)
