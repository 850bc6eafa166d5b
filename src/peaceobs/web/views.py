"""What pages show that is not in the store as such: Vega-Lite specs (Altair) and the SVG of a
citation neighbourhood. Plain functions of data; no requests, no templates."""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from html import escape
from typing import Any

import altair as alt

from ..citegraph import Graph
from ..finance import SERIES_MEASURES, Assessment, BudgetLine
from ..symbols import SymbolError, parse

# One colour per body, the same on every chart and in the citation graph: Vega's default scale
# gives colours in the order the bodies occur, so the dashboard (SC first) and a mission page (GA
# first) painted the same body differently. Dark enough for a 3:1 contrast on white.
BODY_COLOURS = {
    "SC": "#0b5cad",      # blue
    "GA": "#2e7d32",      # green
    "SG": "#b35c00",      # orange
    "ACABQ": "#7b3294",   # purple
    "ECOSOC": "#00838f",  # teal
    "HRC": "#c2185b",     # magenta
    "AU-PSC": "#795548",  # brown
    "UN": "#57606a",      # grey: other series (ST/, CBD/ …)
}
# Every other categorical colour (scenarios, terms, decisions, series) comes from the same
# colours in the same order, so that the charts read as one set.
CATEGORY = [BODY_COLOURS[b] for b in ("SC", "SG", "GA", "ACABQ", "HRC", "ECOSOC", "AU-PSC", "UN")]
# A budget moves through bodies: the Secretary-General proposes (and reports expenditure), the
# Advisory Committee recommends, the Assembly apportions and appropriates. Each measure takes its
# body's colour; the earlier period's figures (expenditure, apportionment) a light tint of it.
MEASURE_COLOURS = {
    "expenditure": "#e8a15c",    # SG, light
    "apportionment": "#8bc48e",  # GA, light
    "proposed": BODY_COLOURS["SG"],
    "recommended": BODY_COLOURS["ACABQ"],
    "appropriated": BODY_COLOURS["GA"],
}


def body_scale(bodies: list[str]) -> alt.Scale:
    """The body palette as a Vega-Lite scale over the bodies a chart shows: each its own colour
    whatever else is shown, the legend in one order (the palette's, then any other body)."""
    seen = set(bodies)
    domain = [b for b in BODY_COLOURS if b in seen] + sorted(seen - set(BODY_COLOURS))
    return alt.Scale(domain=domain, range=[body_colour(b) for b in domain])


def body_colour(body: str) -> str:
    return BODY_COLOURS.get(body, BODY_COLOURS["UN"])


def _fold(text: str) -> str:
    """Letters and digits only, lower case, accents dropped: "Côte d'Ivoire" → "cote d ivoire"."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.findall(r"[a-z0-9]+", plain.lower()))


def host_display(host: str, names: list[str]) -> str:
    """A host as the mission's own name spells it. The corpus's mission list drops accents and
    apostrophes ("Cote d Ivoire"); where a name of the mission (as printed in a UN document, the
    registry's source) holds the same words, its spelling is shown ("Côte d'Ivoire"). Each part
    of a "; "-separated host is looked up apart; a part no name holds is shown as it is."""
    shown = []
    for part in host.split("; "):
        want = _fold(part)
        found = part
        for name in names:
            words = list(re.finditer(r"\w+", name))
            spans = ((i, j) for i in range(len(words)) for j in range(i, len(words)))
            match = next((name[words[i].start():words[j].end()] for i, j in spans
                          if _fold(name[words[i].start():words[j].end()]) == want), None)
            if want and match:
                found = match
                break
        shown.append(found)
    return "; ".join(shown)


def _spec(chart: alt.Chart) -> dict[str, Any]:
    spec = chart.to_dict()
    spec.pop("config", None)
    return spec


def documents_per_year(rows: list[tuple[int, str, int]], title: str) -> dict[str, Any]:
    data = alt.Data(values=[{"year": y, "body": b, "documents": n} for y, b, n in rows])
    chart = alt.Chart(data, title=title).mark_bar().encode(
        x=alt.X("year:O", title="Year", axis=alt.Axis(labelOverlap=True)),
        y=alt.Y("documents:Q", title="Documents"),
        color=alt.Color("body:N", title="Body", scale=body_scale([b for _, b, _ in rows])),
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
        color=alt.Color("series:N", title=None, scale=alt.Scale(domain=["authorized", "deployed"], range=CATEGORY[:2])),
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
        color=alt.Color("decision:N", title="Decision", scale=alt.Scale(range=CATEGORY)),
        tooltip=["resolution:N", "adopted:T", "expires:T", "decision:N", "basis:N"],
    ).properties(width="container", height=alt.Step(12))
    return _spec(chart)


@dataclass(slots=True)
class LeftOut:
    """What a capped citation neighbourhood does not draw: the documents and citations past the
    cap of neighbours followed from any one document (citegraph.MAX_PER_NODE)."""

    cap: int
    documents: list[tuple[str, bool, str]] = field(default_factory=list)  # (symbol, stored, next to)
    citations: int = 0
    # (document, "it cites" or "citing it", how many there are: more than the cap)
    capped: list[tuple[str, str, int]] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(self.documents or self.citations)


def _body_year(symbol: str, meta: dict[str, tuple[str, int | None]]) -> tuple[str, int | None]:
    if symbol in meta:
        return meta[symbol]
    try:
        sym = parse(symbol)
    except SymbolError:  # a cited document whose symbol cannot be read: the grey "other"
        return "UN", None
    return sym.body, sym.year


def graph_svg(graph: Graph, href: Any, meta: dict[str, tuple[str, int | None]] | None = None,
              size: int = 640, labels: int = 12) -> str:
    """A radial drawing: the document in the centre, depth-1 neighbours on the inner ring,
    depth-2 on the outer. Stored documents are links; edges point from citing to cited.

    Readable at depth 2 too: each ring is ordered by body, then year, so a body's documents sit
    together as an arc of its colour (the palette of every chart); a node's size grows with its
    citations in the drawing; only the centre, a small inner ring, and the ``labels`` most
    connected documents are labelled (every node names itself and its title on hover, in its
    <title>). ``meta`` gives stored documents' (body, year); others are read from their symbol."""
    meta = meta or {}
    c = size / 2
    degree: Counter[str] = Counter()
    for a, b in graph.edges:
        degree[a] += 1
        degree[b] += 1
    rings: dict[int, list[str]] = {0: [graph.center]}
    for node in graph.nodes.values():
        if node.depth:
            rings.setdefault(node.depth, []).append(node.id)
    for ids in rings.values():
        ids.sort(key=lambda nid: (list(BODY_COLOURS).index(_body_year(nid, meta)[0])
                                  if _body_year(nid, meta)[0] in BODY_COLOURS else len(BODY_COLOURS),
                                  _body_year(nid, meta)[1] or 0, nid))
    pos: dict[str, tuple[float, float]] = {graph.center: (c, c)}
    for depth, ids in rings.items():
        if depth == 0:
            continue
        radius = c * (0.36 if depth == 1 else 0.78)
        for i, nid in enumerate(ids):
            a = 2 * math.pi * i / len(ids) - math.pi / 2 + (0.0 if depth == 1 else math.pi / len(ids))
            pos[nid] = (c + radius * math.cos(a), c + radius * math.sin(a))
    ranked = sorted((nid for nid in pos if nid != graph.center), key=lambda nid: (-degree[nid], nid))
    labelled = {graph.center, *ranked[:labels]}
    if len(rings.get(1, [])) <= 16:  # a small inner ring has room for every label
        labelled |= set(rings.get(1, []))
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" role="group" '
             f'aria-labelledby="graph-title" class="citegraph">',
             f'<title id="graph-title">Citation neighbourhood of {escape(graph.center)}: '
             f'{len(graph.nodes) - 1} documents, {len(graph.edges)} citations</title>',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" '
             'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="#6b7280"/></marker></defs>']
    radius = {nid: 10.0 if nid == graph.center else min(12.0, 4 + 1.5 * math.sqrt(degree[nid])) for nid in pos}
    for a, b in sorted(graph.edges):
        if a in pos and b in pos:
            (x1, y1), (x2, y2) = pos[a], pos[b]
            # The line stops at the cited node's rim, so that its arrowhead shows.
            length = math.hypot(x2 - x1, y2 - y1) or 1.0
            back = (radius[b] + 1.5) / length
            x2, y2 = x2 - (x2 - x1) * back, y2 - (y2 - y1) * back
            parts.append(f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" class="edge" '
                         f'marker-end="url(#arrow)"/>')
    # Labelled nodes last, so that their words lie over the other nodes' circles.
    for nid in sorted(pos, key=lambda n: (n in labelled, n)):
        x, y = pos[nid]
        node = graph.nodes[nid]
        body = _body_year(nid, meta)[0]
        colour = body_colour(body)
        label = escape(nid)
        r = radius[nid]
        cls = "center" if nid == graph.center else ("stored" if node.stored else "missing")
        # Not stored: a ring of the body's colour, not a disc (nothing to open).
        fill = "#fff" if not node.stored else colour
        circle = (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" class="node {cls}" fill="{fill}" '
                  f'stroke="{"#1f2328" if nid == graph.center else colour}"/>')
        text = ""
        if nid in labelled:
            # Labels point away from the centre: right of a node on the right half, left on the left.
            anchor = "middle" if nid == graph.center or abs(x - c) < 4 else ("start" if x > c else "end")
            dx = 0 if anchor == "middle" else (r + 3 if anchor == "start" else -r - 3)
            dy = -r - 4 if anchor == "middle" else 4
            text = (f'<text x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}" '
                    f'class="{"label center" if nid == graph.center else "label"}">{label}</text>')
        tip = f"<title>{label} ({escape(body)}){' — ' + escape(node.title) if node.title else ''}</title>"
        if node.stored and nid != graph.center:
            parts.append(f'<a href="{escape(href(nid))}">{tip}{circle}{text}</a>')
        else:
            parts.append(f"<g>{tip}{circle}{text}</g>")
    parts.append("</svg>")
    return "".join(parts)


def graph_bodies(graph: Graph, meta: dict[str, tuple[str, int | None]]) -> list[tuple[str, str, int]]:
    """The legend of a drawing: each body shown, its colour and how many documents it has."""
    counts = Counter(_body_year(nid, meta)[0] for nid in graph.nodes)
    order = [b for b in BODY_COLOURS if b in counts] + sorted(set(counts) - set(BODY_COLOURS))
    return [(b, body_colour(b), counts[b]) for b in order]


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
        color=alt.Color("scenario:N", title="Scenario", sort=labels, legend=alt.Legend(orient="bottom"),
                        scale=alt.Scale(range=CATEGORY)),
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
        color=alt.Color("scenario:N", title="Scenario", sort=labels, legend=alt.Legend(orient="bottom"),
                        scale=alt.Scale(range=CATEGORY)),
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
        color=alt.Color("measure:N", title="Measure",
                        scale=alt.Scale(domain=measures, range=[MEASURE_COLOURS[m] for m in measures])),
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
        color=alt.Color("term:N", title="Term", sort=terms, legend=alt.Legend(orient="bottom", labelLimit=280),
                        scale=alt.Scale(range=CATEGORY)),
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
