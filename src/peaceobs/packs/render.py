"""A pack's items as sections of blocks — quotations, tables, redlines, charts — each with the
sources it rests on, computed again from the store. The DOCX, PDF and JSON exports all render
these sections, so the three say the same thing.

An item that cannot be rendered (its document gone from the store, a scenario the store can no
longer compute) becomes a section with a ``problem`` and no blocks: the export says so in place
rather than failing the whole pack.
"""

from __future__ import annotations

import html
import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from ..cite import cite
from ..errors import PeaceobsError
from ..model import TABLE, Document
from ..store import Store
from .core import PackRow

__all__ = ["Source", "Block", "Section", "render_pack", "MAX_ROWS", "MAX_CHANGES"]
log = logging.getLogger(__name__)

MAX_ROWS = 25  # rows of a table in a brief; the pages and the commands give every row
MAX_CHANGES = 30  # changes of a comparison shown as redlines


@dataclass(frozen=True, slots=True)
class Source:
    """A document an item cites: the long UN-style citation at its first mention, the short one
    after (``peaceobs.cite``)."""

    symbol: str
    citation: str
    short: str
    title: str = ""
    date: str = ""
    pid: str | None = None
    document_citation: str = ""  # the document alone, for the table of sources


@dataclass(slots=True)
class Block:
    """One piece of a section. ``kind``: ``quote`` (text), ``text``, ``table`` (rows, the first
    the header), ``redline`` (runs of (op, text), op ``equal`` / ``delete`` / ``insert``, with a
    caption), ``chart`` (a Vega-Lite ``spec``, drawn as a PNG by the exports)."""

    kind: str
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    runs: list[tuple[str, str]] = field(default_factory=list)
    spec: dict[str, Any] | None = None
    caption: str = ""

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"kind": self.kind}
        for key in ("text", "rows", "runs", "spec", "caption"):
            value = getattr(self, key)
            if value:
                d[key] = [list(r) for r in value] if key == "runs" else value
        return d


@dataclass(slots=True)
class Section:
    """One item of the pack as it will be read: a heading, blocks, the sources a footnote cites
    after the first block, the author's note."""

    position: int
    kind: str
    heading: str = ""
    blocks: list[Block] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    note: str = ""
    problem: str = ""  # why it could not be rendered

    def to_dict(self) -> dict[str, Any]:
        return {"position": self.position, "kind": self.kind, "heading": self.heading,
                "blocks": [b.to_dict() for b in self.blocks],
                "sources": [{"symbol": s.symbol, "citation": s.citation, "short_citation": s.short,
                             "pid": s.pid} for s in self.sources],
                "note": self.note, "problem": self.problem}


def source_of(doc: Document, pid: str | None = None) -> Source:
    return Source(doc.symbol, cite(doc, pid), cite(doc, pid, short=True), doc.title or "", (doc.date or "")[:10], pid,
                  cite(doc))


def render_pack(store: Store, pack: PackRow) -> list[Section]:
    """Every item of ``pack``, in order, as a section. Kept while neither the items nor the store
    change: a page view and its three exports compute them once. (The items themselves are the
    key, not the pack's ``updated_at``: two changes within one second share a timestamp.)"""
    items = store.pack_items(pack.name)
    key = (store.url, store.generation(), pack.name,
           tuple((i.position, i.kind, json.dumps(i.ref, sort_keys=True), i.note) for i in items))
    if key in _CACHE:
        return _CACHE[key]
    out = []
    for item in items:
        section = Section(item.position, item.kind, note=item.note)
        try:
            _RENDERERS[item.kind](store, item.ref, section)
        except PeaceobsError as exc:  # a scenario or a search the store refuses now: said in place
            section.blocks, section.problem = [], str(exc)
        except Exception as exc:  # noqa: BLE001 — one item that cannot be computed never sinks the pack
            log.warning("pack %s item %d (%s): %s", pack.name, item.position, item.kind, exc)
            section.blocks, section.problem = [], f"this {item.kind} could not be computed ({type(exc).__name__})"
        out.append(section)
    if len(_CACHE) >= 32:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = out
    return out


_CACHE: dict[tuple[Any, ...], list[Section]] = {}


# ---- one renderer per kind --------------------------------------------------------------------


def _document(store: Store, symbol: str, section: Section) -> Document | None:
    doc = store.get_document(symbol)
    if doc is None:
        section.problem = f"{symbol} is no longer in the store"
    return doc


def _paragraph(store: Store, ref: dict[str, Any], section: Section) -> None:
    doc = _document(store, ref["symbol"], section)
    para = doc.paragraph(ref["pid"]) if doc is not None else None
    if doc is None or para is None:
        section.problem = section.problem or f"{ref['symbol']} has no paragraph {ref['pid']} any more"
        return
    if para.kind == TABLE:  # a table stays a table
        section.blocks.append(Block("table", rows=para.cells()))
    else:
        section.blocks.append(Block("quote", text=para.text))
    if ref.get("hash") and ref["hash"] != para.hash:
        section.blocks.append(Block("text", text="The text has changed in the store since it was chosen."))
    section.sources.append(source_of(doc, para.pid))


def _whole_document(store: Store, ref: dict[str, Any], section: Section) -> None:
    doc = _document(store, ref["symbol"], section)
    if doc is None:
        return
    section.heading = doc.title or doc.symbol
    section.blocks.append(Block("text", text=f"{doc.symbol}" + (f", {doc.date[:10]}" if doc.date else "")))
    section.sources.append(source_of(doc))


def _comparison(store: Store, ref: dict[str, Any], section: Section) -> None:
    from ..compare import compare

    a, b = (_document(store, ref[k], section) for k in ("a", "b"))
    if a is None or b is None:
        return
    comp = compare(a, b)
    counts = {k: v for k, v in comp.counts().items() if v and k != "unchanged"}
    section.heading = f"{a.symbol} → {b.symbol}"
    section.blocks.append(Block("text", text="Changes: " + (", ".join(f"{v} {k}" for k, v in counts.items()) or "none")
                                + f"; {comp.counts()['unchanged']} paragraphs unchanged."))
    shown = [c for c in comp.changes if c.status not in ("unchanged", "renumbered") and not c.typography]
    for c in shown[:MAX_CHANGES]:
        ids = f"{'+'.join(p.pid for p in c.a) or '—'} → {'+'.join(p.pid for p in c.b) or '—'}"
        op = "insert" if c.status == "added" else "delete" if c.status == "dropped" else "equal"
        runs = c.redline or [(op, " ".join(p.text for p in (c.b or c.a)))]
        section.blocks.append(Block("redline", runs=list(runs), caption=f"{c.status} {ids}"))
    if len(shown) > MAX_CHANGES:
        section.blocks.append(Block("text", text=f"… and {len(shown) - MAX_CHANGES} more changes "
                                                 f"(peaceobs compare {a.symbol} {b.symbol})."))
    section.sources += [source_of(a), source_of(b)]


def _mandate(store: Store, ref: dict[str, Any], section: Section) -> None:
    from ..mandates.current import current_mandate
    from ..mandates.decisions import iter_chain
    from ..mandates.registry import find_mission
    from ..mandates.reporting import reporting_requests

    mission = find_mission(ref["mission"])
    if mission is None:
        section.problem = f"{ref['mission']} is no longer in the missions registry"
        return
    section.heading = f"Mandate of {mission.acronym} ({mission.name})"
    chain = [(d, doc) for d, doc in iter_chain(store, mission) if d.type != "mention"]
    rows = [["Resolution", "Adopted", "Decision", "Expires", "Reports due"]]
    for d, doc in chain:
        due = [r.due for r in reporting_requests(doc, d.expiry, d.date) if r.due]
        rows.append([d.symbol, d.date or "?", d.type, d.expiry or ("—" if d.type == "adjust" else "unknown"),
                     ", ".join(due) or "—"])
        section.sources.append(source_of(doc, d.pid))
    if chain:
        section.blocks.append(Block("table", rows=_capped(rows), caption="Security Council decisions in the store"))
    now = current_mandate(store, mission, [d for d, _ in chain]).latest
    if now is not None:
        verb = "terminated the mandate" if now.action == "terminated" else "extended the mandate"
        until = f" until {now.expiry}" if now.expiry and now.action != "terminated" else ""
        when = "Today" if mission.active else "Last decision"  # a closed mission has no today
        section.blocks.append(Block("quote", text=now.source.quote, caption=f"{when}: {now.symbol} {verb}{until}"))
        doc = store.get_document(now.source.document)
        if doc is not None:
            section.sources.append(source_of(doc, now.source.pid))
    if not chain and now is None:
        section.problem = f"no mandating text or budget report in the store names {mission.acronym}"


def _budget(store: Store, ref: dict[str, Any], section: Section) -> None:
    from ..finance import budget

    series = budget(store, ref["mission"]).series()
    section.heading = f"{ref['mission']}: gross requirements (United States dollars)"
    rows = [["Period", "Measure", "Amount (USD)", "Source"]]
    cited: dict[str, Source] = {}
    for line in series:
        rows.append([line.period or "", line.measure, f"{line.amount_usd:,}" if line.amount_usd is not None else "",
                     line.source.cite()])
        if line.source.document not in cited:
            doc = store.get_document(line.source.document)
            if doc is not None:
                cited[doc.symbol] = source_of(doc)
    if len(rows) == 1:
        section.problem = f"no budget figures for {ref['mission']} in the store"
        return
    section.blocks.append(Block("table", rows=_capped(rows)))
    section.sources += list(cited.values())


def _assessment(store: Store, ref: dict[str, Any], section: Section) -> None:
    from ..finance.scenarios import scenarios_by_default

    params = ref["params"]
    result = scenarios_by_default(store, params.get("budget", []), params.get("share", []),
                                  (params.get("scale") or [None])[0])
    scale = result.scale
    section.heading = f"Resolution 2719 scenarios by the scale {scale.name}" + ("" if scale.official else " (ESTIMATE)")
    for a in result.scenarios:
        rows = [["Member State", "Rate (%)", "Amount (USD)"]]
        for r in sorted(a.rows, key=lambda r: -r.amount_usd)[:MAX_ROWS - 1]:
            rows.append([r.member_state, str(r.rate), f"{r.amount_usd:,}"])
        section.blocks.append(Block(
            "table", rows=rows,
            caption=(f"{float(a.share):.0%} of USD {a.budget_usd:,} assessed: USD {a.assessed_usd:,}; not assessed "
                     f"(the African Union's share): USD {a.not_assessed_usd:,}. The {len(rows) - 1} largest of "
                     f"{len(a.rows)} amounts.")))
    if result.note:
        section.blocks.append(Block("text", text=result.note))
    doc = store.get_document(scale.source) if scale.source else None
    if doc is not None:
        section.sources.append(source_of(doc))
    elif scale.source:
        section.blocks.append(Block("text", text=f"Scale read from {scale.source}."))


def _trend(store: Store, ref: dict[str, Any], section: Section) -> None:
    from ..track.trends import trends

    params = ref["params"]
    drafts = (params.get("drafts") or [""])[0] in ("1", "true", "on")
    result = trends(store, [t for t in params.get("term", []) if t.strip()], body=(params.get("body") or [None])[0] or None,
                    by=(params.get("by") or ["year"])[0], include_drafts=drafts)  # type: ignore[arg-type]
    period = "GA session" if result.by == "session" else "year"
    section.heading = f"Terms over time: {', '.join(t.term for t in result.terms)}"
    label = f"Share of {result.body or 'all'} documents per {period} using each term"
    values = [{"period": str(p.period), "share": round(p.share, 4), "term": t.term} for t in result.terms for p in t.points]
    spec = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": 460, "height": 220,
            "data": {"values": values}, "mark": {"type": "line", "point": True},
            "encoding": {"x": {"field": "period", "type": "ordinal", "title": period},
                         "y": {"field": "share", "type": "quantitative", "title": "share of documents",
                               "axis": {"format": "%"}},
                         "color": {"field": "term", "type": "nominal", "title": "term"}}}
    section.blocks.append(Block("chart", spec=spec, caption=label))
    rows = [[period.capitalize(), "Documents", *[t.term for t in result.terms]]]
    for k, p in enumerate(result.periods):
        rows.append([str(p), str(result.totals[k]), *[str(t.points[k].documents) for t in result.terms]])
    section.blocks.append(Block("table", rows=_capped(rows), caption="Documents using each term"))
    seen: dict[str, Source] = {}
    for t in result.terms:
        for p in t.points:
            for e in p.evidence[:1]:
                doc = store.get_document(e.symbol) if e.symbol not in seen else None
                if doc is not None:
                    seen[doc.symbol] = source_of(doc, e.pid)
    section.sources += list(seen.values())[:10]


def _search(store: Store, ref: dict[str, Any], section: Section) -> None:
    from ..registry_search import document_search
    from ..search import Filters

    params = {k: v[0] for k, v in ref["params"].items() if v}
    year = _int(params.get("year"))
    filters = Filters(body=params.get("body") or None, doc_type=params.get("type") or None,
                      year_from=year or _int(params.get("year_from")), year_to=year or _int(params.get("year_to")),
                      symbol_prefix=params.get("symbol") or None, kind=params.get("kind") or None)
    q = params.get("q", "")
    result = document_search(store, q, filters, limit=10)
    section.heading = f"Search: {q}"
    rows = [["Document", "Paragraph", "Text"]]
    for d in result.documents:
        doc = store.get_document(d.symbol)
        for h in d.paragraphs[:2]:
            rows.append([d.symbol, h.pid, html.unescape(re.sub(r"</?mark>", "", h.snippet))])
        if doc is not None:
            section.sources.append(source_of(doc))
    section.blocks.append(Block("text", text=" ".join([
        f"{result.total_documents} documents, {result.total_paragraphs} paragraphs; "
        f"the first {len(result.documents)} documents, best paragraphs first.", *result.searched()])))
    if len(rows) > 1:
        section.blocks.append(Block("table", rows=rows))


def _int(value: str | None) -> int | None:
    return int(value) if value and re.fullmatch(r"[0-9]{4}", value) else None  # a year, or nothing


def _capped(rows: list[list[str]]) -> list[list[str]]:
    """At most MAX_ROWS rows under the header, the last saying how many were left out."""
    if len(rows) <= MAX_ROWS + 1:
        return rows
    left = len(rows) - 1 - MAX_ROWS
    return [*rows[:MAX_ROWS + 1], [f"… {left} more rows"] + [""] * (len(rows[0]) - 1)]


_RENDERERS = {"paragraph": _paragraph, "document": _whole_document, "comparison": _comparison, "mandate": _mandate,
              "budget": _budget, "assessment": _assessment, "trend": _trend, "search": _search}

