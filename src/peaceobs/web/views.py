"""What pages show that is not in the store as such: Vega-Lite specs (Altair) and the SVG of a
citation neighbourhood. Plain functions of data; no requests, no templates."""

from __future__ import annotations

import math
from html import escape
from typing import Any

import altair as alt

from ..citegraph import Graph


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
