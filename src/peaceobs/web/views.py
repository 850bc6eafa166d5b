"""What pages show that is not in the store as such: Vega-Lite specs (Altair) and the SVG of a
citation neighbourhood. Plain functions of data; no requests, no templates."""

from __future__ import annotations

import math
from html import escape
from typing import Any

import altair as alt

from ..citegraph import Graph
from ..finance import SERIES_MEASURES, Assessment, BudgetLine


def _spec(chart: alt.Chart) -> dict[str, Any]:
    spec = chart.to_dict()
    spec.pop("config", None)
    return spec


def documents_per_year(rows: list[tuple[int, str, int]], title: str) -> dict[str, Any]:
    data = alt.Data(values=[{"year": y, "body": b, "documents": n} for y, b, n in rows])
    chart = alt.Chart(data, title=title).mark_bar().encode(
        x=alt.X("year:O", title="Year", axis=alt.Axis(labelOverlap=True)),
        y=alt.Y("documents:Q", title="Documents"),
        color=alt.Color("body:N", title="Body"),
        tooltip=["year:O", "body:N", "documents:Q"],
    ).properties(width="container", height=220)
    return _spec(chart)


def personnel(rows: list[dict[str, Any]], mission: str) -> dict[str, Any]:
    values = []
    for r in rows:
        for series in ("authorized", "deployed"):
            if r.get(series) is not None:
                values.append({"month": r["month"], "series": series, "personnel": r[series]})
    chart = alt.Chart(alt.Data(values=values), title=f"{mission}: authorised and deployed personnel").mark_line().encode(
        x=alt.X("month:T", title="Month"),
        y=alt.Y("personnel:Q", title="Uniformed personnel"),
        color=alt.Color("series:N", title=None, scale=alt.Scale(domain=["authorized", "deployed"])),
        tooltip=["month:T", "series:N", "personnel:Q"],
    ).properties(width="container", height=240)
    return _spec(chart)


def mandate_expiries(steps: list[Any], mission: str) -> dict[str, Any]:
    """Each mandating resolution on a time axis at its expiry; colour by decision type."""
    values = [{"resolution": s.decision.symbol, "adopted": s.decision.date, "expires": s.decision.expiry,
               "decision": s.decision.type, "basis": s.decision.basis}
              for s in steps if s.decision.expiry and s.decision.date]
    chart = alt.Chart(alt.Data(values=values), title=f"{mission}: mandate periods").mark_rule(strokeWidth=3).encode(
        x=alt.X("adopted:T", title="Adopted → expires"), x2="expires:T",
        y=alt.Y("resolution:N", sort=None, title=None, axis=alt.Axis(labelLimit=140)),
        color=alt.Color("decision:N", title="Decision"),
        tooltip=["resolution:N", "adopted:T", "expires:T", "decision:N", "basis:N"],
    ).properties(width="container", height=alt.Step(12))
    return _spec(chart)


def graph_svg(graph: Graph, href: Any, size: int = 640) -> str:
    """A radial drawing: the document in the centre, depth-1 neighbours on the inner ring,
    depth-2 on the outer. Stored documents are links; edges point from citing to cited."""
    c = size / 2
    rings = {0: [graph.center]}
    for node in sorted(graph.nodes.values(), key=lambda n: n.id):
        if node.depth:
            rings.setdefault(node.depth, []).append(node.id)
    pos: dict[str, tuple[float, float]] = {graph.center: (c, c)}
    for depth, ids in rings.items():
        if depth == 0:
            continue
        radius = c * (0.42 if depth == 1 else 0.82)
        for i, nid in enumerate(ids):
            a = 2 * math.pi * i / len(ids) - math.pi / 2 + (0.0 if depth == 1 else math.pi / len(ids))
            pos[nid] = (c + radius * math.cos(a), c + radius * math.sin(a))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" role="group" '
             f'aria-labelledby="graph-title" class="citegraph">',
             f'<title id="graph-title">Citation neighbourhood of {escape(graph.center)}: '
             f'{len(graph.nodes) - 1} documents, {len(graph.edges)} citations</title>',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" '
             'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#6b7280"/></marker></defs>']
    for a, b in sorted(graph.edges):
        if a in pos and b in pos:
            (x1, y1), (x2, y2) = pos[a], pos[b]
            parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" class="edge" '
                         f'marker-end="url(#arrow)"/>')
    for nid, (x, y) in pos.items():
        node = graph.nodes[nid]
        label = escape(nid)
        cls = "center" if nid == graph.center else ("stored" if node.stored else "missing")
        circle = f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{9 if nid == graph.center else 6}" class="node {cls}"/>'
        text = f'<text x="{x:.1f}" y="{y - 11:.1f}" text-anchor="middle">{label}</text>'
        tip = f"<title>{label}{' — ' + escape(node.title[:120]) if node.title else ''}</title>"
        if node.stored and nid != graph.center:
            parts.append(f'<a href="{escape(href(nid))}">{tip}{circle}{text}</a>')
        else:
            parts.append(f"<g>{tip}{circle}{text}</g>")
    parts.append("</svg>")
    return "".join(parts)


def scenario_label(a: Assessment) -> str:
    """A scenario as the CSV and XLSX headers name it: "75% of 1,000,000 USD"."""
    return f"{float(a.share) * 100:g}% of {a.budget_usd:,} USD"


def largest_contributors(scenarios: list[Assessment], n: int = 15) -> dict[str, Any]:
    """The ``n`` states paying most (in the first scenario), one bar per scenario beside each."""
    first = scenarios[0].rows
    ranked = sorted(range(len(first)), key=lambda k: (-first[k].amount_usd, first[k].member_state))[:n]
    labels = [scenario_label(a) for a in scenarios]
    values = [{"member_state": a.rows[k].member_state, "scenario": label, "amount_usd": a.rows[k].amount_usd,
               "rate": a.rows[k].rate}
              for k in ranked for a, label in zip(scenarios, labels, strict=True)]
    order = [first[k].member_state for k in ranked]
    chart = alt.Chart(alt.Data(values=values), title=f"The {len(ranked)} largest contributors").mark_bar().encode(
        y=alt.Y("member_state:N", sort=order, title=None, axis=alt.Axis(labelLimit=180)),
        x=alt.X("amount_usd:Q", title="Assessed (USD)", axis=alt.Axis(format="~s")),
        yOffset=alt.YOffset("scenario:N", sort=labels),
        color=alt.Color("scenario:N", title="Scenario", sort=labels, legend=alt.Legend(orient="bottom")),
        tooltip=["member_state:N", "scenario:N", alt.Tooltip("amount_usd:Q", format=",d"), "rate:N"],
    ).properties(width="container", height=alt.Step(10 * len(scenarios) + 6))  # a band per state, a bar per scenario
    return _spec(chart)


def by_group(scenarios: list[Assessment], groups: dict[str, str]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Each scenario's amounts summed by regional group; states the table leaves out are
    "no group listed" (so the bars still add up to the assessed amount). The spec and its rows."""
    sums: dict[tuple[str, str], int] = {}
    labels = [scenario_label(a) for a in scenarios]
    for a, label in zip(scenarios, labels, strict=True):
        for r in a.rows:
            key = (groups.get(r.member_state) or "no group listed", label)
            sums[key] = sums.get(key, 0) + r.amount_usd
    rows = [{"group": g, "scenario": s, "amount_usd": v} for (g, s), v in sorted(sums.items())]
    chart = alt.Chart(alt.Data(values=rows), title="Assessed by regional group").mark_bar().encode(
        y=alt.Y("group:N", sort="-x", title=None, axis=alt.Axis(labelLimit=220)),
        x=alt.X("amount_usd:Q", title="Assessed (USD)", axis=alt.Axis(format="~s")),
        yOffset=alt.YOffset("scenario:N", sort=labels),
        color=alt.Color("scenario:N", title="Scenario", sort=labels, legend=alt.Legend(orient="bottom")),
        tooltip=["group:N", "scenario:N", alt.Tooltip("amount_usd:Q", format=",d")],
    ).properties(width="container", height=alt.Step(10 * len(scenarios) + 6))
    return _spec(chart), rows


def budget_series(lines: list[BudgetLine], key: str) -> dict[str, Any]:
    """Gross requirements by period, one bar per measure (expenditure … appropriated) in the
    order a budget moves through: the Secretary-General, the Advisory Committee, the Assembly."""
    measures = [str(m) for m in SERIES_MEASURES]
    values = [{"period": x.period, "measure": x.measure, "amount_usd": x.amount_usd, "source": x.source.cite()}
              for x in lines]
    chart = alt.Chart(alt.Data(values=values), title=f"{key}: gross requirements by period").mark_bar().encode(
        x=alt.X("period:O", title="Budget period (July–June)", axis=alt.Axis(labelAngle=0)),
        xOffset=alt.XOffset("measure:N", sort=measures),
        y=alt.Y("amount_usd:Q", title="USD", axis=alt.Axis(format="~s")),
        color=alt.Color("measure:N", title="Measure", scale=alt.Scale(domain=measures)),
        tooltip=["period:O", "measure:N", alt.Tooltip("amount_usd:Q", format=",d"), "source:N"],
    ).properties(width="container", height=240)
    return _spec(chart)


def status_over_time(history: list[Any], start: str | None, ref: str, order: list[str]) -> dict[str, Any]:
    """A commitment's status as a step line over time: "not started" from ``start`` (when the
    framework was made), then each status a reviewer set, with who set it."""
    values = ([{"at": start, "status": order[0], "by": "(framework created)"}] if start else []) + [
        {"at": h.at, "status": h.status, "by": h.by_user} for h in history]
    chart = alt.Chart(alt.Data(values=values), title=f"{ref}: status over time").mark_line(
        interpolate="step-after", point=True).encode(
        x=alt.X("at:T", title="Date"),
        y=alt.Y("status:N", title=None, sort=order, scale=alt.Scale(domain=order)),
        tooltip=["at:T", "status:N", "by:N"],
    ).properties(width="container", height=160)
    return _spec(chart)


def term_shares(result: Any, label: str) -> dict[str, Any]:
    """Each term's share of the period's documents, one line per term on one chart. Each point
    links to its evidence on the page (``#ev-K-PERIOD``): a click on a point is a click on the
    table's count beside it."""
    values = [{"term": t.term, "period": p.period, "documents": p.documents, "total": p.total,
               "share": p.share, "href": f"#ev-{k}-{p.period}"}
              for k, t in enumerate(result.terms) for p in t.points]
    terms = [t.term for t in result.terms]
    chart = alt.Chart(alt.Data(values=values), title=label).mark_line(point=True).encode(
        x=alt.X("period:O", title="GA session" if result.by == "session" else "Year",
                axis=alt.Axis(labelAngle=0, labelOverlap=True)),
        y=alt.Y("share:Q", title="Share of the period's documents", axis=alt.Axis(format="%")),
        color=alt.Color("term:N", title="Term", sort=terms, legend=alt.Legend(orient="bottom", labelLimit=280)),
        href=alt.Href("href:N"),
        tooltip=["term:N", "period:O", "documents:Q", "total:Q", alt.Tooltip("share:Q", format=".1%")],
    ).properties(width="container", height=260)
    return _spec(chart)


def sparkline(values: list[float], label: str, width: int = 120, height: int = 28) -> str:
    """A curve drawn on the server as a small SVG (no script, no style attribute: it reads where
    JavaScript does not run), scaled to its own top; the last point marked. ``label`` is its
    text alternative."""
    top = max(values, default=0.0) or 1.0
    step = (width - 6) / max(1, len(values) - 1)
    points = [(3 + k * step, height - 3 - (v / top) * (height - 6)) for k, v in enumerate(values)]
    path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
    last = (f'<circle cx="{points[-1][0]:.1f}" cy="{points[-1][1]:.1f}" r="2.5" class="spark-last"/>'
            if points else "")
    return (f'<svg class="spark" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
            f'width="{width}" height="{height}" role="img" aria-label="{escape(label)}">'
            f"<title>{escape(label)}</title><polyline points=\"{path}\" class=\"spark-line\" fill=\"none\" stroke=\"currentColor\"/>{last}</svg>")
