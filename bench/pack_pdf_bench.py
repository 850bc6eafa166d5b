"""Evidence pack PDF: Typst (PyPI ``typst``) against WeasyPrint (with Debian's Pango), the same
sections typeset by each.

    python -m bench.pack_pdf_bench              # a pack of every kind, 5 runs each
    python -m bench.pack_pdf_bench --runs 10

Like with like: one pack — quotations, a redline comparison, a mandate table, a budget table,
a scenario table, a trend chart (the same PNG for both), a search table, the table of sources —
rendered from the same sections (``peaceobs.packs.render_pack``); footnotes as each engine makes
real ones (Typst ``footnote``, WeasyPrint CSS ``float: footnote``). Measured: seconds per PDF
(the chart drawn once, outside the timing), pages, bytes, whether every font is embedded and
which, whether footnote text lands at the foot of a page, and whether any request would leave the
machine (WeasyPrint's URL fetcher is replaced by one that records and refuses).
"""

from __future__ import annotations

import argparse
import base64
import html
import re
import subprocess
import tempfile
import time
from pathlib import Path

from bench.common import CORPUS, machine
from peaceobs import accounts, packs
from peaceobs.packs.render import Section
from peaceobs.packs.to_docx import chart_png, footnote_text, source_table
from peaceobs.packs.to_pdf import typst_source
from peaceobs.pipeline import ingest_paths
from peaceobs.store import open_store

PASSWORD = "bench password long enough"


def build(db: Path) -> tuple[str, list[Section]]:
    ga = CORPUS / "ga-documents-2023-2025" / "extracted"
    sc = CORPUS / "unsc-resolutions-1946-1994" / "res_en_gold"
    budget = CORPUS / "peacekeeping-budget-reports-2026-27"
    store = open_store(f"sqlite:///{db}")
    ingest_paths(store, [ga / "A_RES_79_1.json", ga / "A_RES_79_329.json", ga / "A_RES_79_249.json",
                         ga / "A_C.2_80_L.58.json", ga / "A_RES_80_118.json", budget / "A_80_628.json",
                         budget / "A_80_604_ADD.1.json", *sorted(sc.glob("S_RES_0[3-5]*_EN_GOLD.txt"))])
    accounts.add_user(store, "ana", "admin", PASSWORD)
    ana = accounts.actor(store, "ana")
    packs.add_paragraph(store, ana, "bench", "A/RES/79/1", "OP42(g)", note="the Pact's commitment", title="Bench pack")
    packs.add_item(store, ana, "bench", "comparison", {"a": "A/C.2/80/L.58", "b": "A/RES/80/118"})
    packs.add_item(store, ana, "bench", "mandate", {"mission": "UNDOF"})
    packs.add_item(store, ana, "bench", "budget", {"mission": "UNSOS"})
    packs.add_item(store, ana, "bench", "assessment", {"params": {"budget": ["481671800"], "share": ["0.75"]}})
    packs.add_item(store, ana, "bench", "trend", {"params": {"term": ["peace support operations"], "body": ["GA"]}})
    packs.add_item(store, ana, "bench", "search", {"params": {"q": ["Support Office in Somalia"]}})
    packs.add_paragraph(store, ana, "bench", "A/RES/79/1", "OP42(a)")
    sections = packs.render_pack(store, store.pack("bench"))
    store.close()
    return "Bench pack", sections


def weasy_html(title: str, sections: list[Section], charts: dict[str, bytes]) -> str:
    """The sections as HTML for WeasyPrint, footnotes as CSS footnotes."""
    e = html.escape
    out = [f"<h1>{e(title)}</h1>"]
    cited: set[str] = set()
    k = 0
    for s in sections:
        if s.heading:
            out.append(f"<h2>{e(s.heading)}</h2>")
        note = f'<span class="fn">{e(footnote_text(s.sources, cited))}</span>' if s.sources else ""
        for b in s.blocks:
            cap = f"<p><b>{e(b.caption)}</b></p>" if b.caption else ""
            if b.kind == "quote":
                out.append(f"{cap}<blockquote>“{e(b.text)}”{note}</blockquote>")
            elif b.kind == "text":
                out.append(f"{cap}<p>{e(b.text)}{note}</p>")
            elif b.kind == "redline":
                runs = "".join(f"<del>{e(t)}</del>" if op == "delete" else f"<ins>{e(t)}</ins>" if op == "insert" else e(t)
                               for op, t in b.runs)
                out.append(f"{cap}<p>{runs}{note}</p>")
            elif b.kind == "table":
                rows = "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>" for r in b.rows)
                out.append(f"{cap}<table>{rows}</table><p>Source:{note}</p>")
            elif b.kind == "chart":
                k += 1
                charts[f"chart{k}.png"] = chart_png(b)
                data = base64.b64encode(charts[f"chart{k}.png"]).decode()
                out.append(f'{cap}<img src="data:image/png;base64,{data}" style="width:100%"><p>Source:{note}</p>')
            note = ""
    rows = source_table(sections)
    out.append("<h2>Sources</h2><table>" + "".join("<tr>" + "".join(f"<td>{e(c)}</td>" for c in r) + "</tr>"
                                                   for r in rows) + "</table>")
    css = ("@page { size: A4; margin: 2.2cm } body { font-family: 'DejaVu Serif'; font-size: 10.5pt } "
           ".fn { float: footnote; font-size: 8.5pt } table { border-collapse: collapse; font-size: 8.5pt } "
           "td { border: 0.5pt solid #888; padding: 3pt } del { color: #b3261e } ins { color: #0b6b2b }")
    return f"<html><head><style>{css}</style></head><body>{''.join(out)}</body></html>"


def measure(name: str, render, runs: int) -> dict:
    times = []
    pdf = b""
    for _ in range(runs):
        t0 = time.perf_counter()
        pdf = render()
        times.append(time.perf_counter() - t0)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "x.pdf"
        path.write_bytes(pdf)
        pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(path)], capture_output=True,
                                                                  text=True).stdout).group(1))
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout.splitlines()[2:]
        text = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout.split())
    names = sorted({re.sub(r"^[A-Z]{6}\+", "", f.split()[0]) for f in fonts})
    return {"engine": name, "first_s": round(times[0], 3), "median_s": round(sorted(times)[len(times) // 2], 3), "pages": pages, "bytes": len(pdf),
            "fonts": names, "all_embedded": all(f.split()[-5] == "yes" for f in fonts),
            "footnote_found": "General Assembly resolution 79/1, para. 42 (g)." in text}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        title, sections = build(Path(tmp) / "bench.db")
    import typst
    from weasyprint import HTML

    images: dict[str, bytes] = {}
    source = typst_source(title, "bench", sections, images)
    tdir = Path(tempfile.mkdtemp())
    for n, png in images.items():
        (tdir / n).write_bytes(png)
    (tdir / "p.typ").write_text(source, encoding="utf-8")
    charts: dict[str, bytes] = {}
    page = weasy_html(title, sections, charts)
    requests: list[str] = []

    from weasyprint.urls import URLFetcher

    class Recorder(URLFetcher):  # the charts are data: URIs; anything else is recorded and refused
        def fetch(self, url, headers=None):
            requests.append(url)
            if url.startswith("data:"):
                return super().fetch(url, headers)
            raise ValueError(f"refused: {url}")

    fetcher = Recorder(allowed_protocols=["data"])

    results = [
        measure("typst", lambda: typst.compile(str(tdir / "p.typ"), root=str(tdir), format="pdf",
                                               ignore_system_fonts=True), args.runs),
        measure("weasyprint", lambda: HTML(string=page, url_fetcher=fetcher).write_pdf(), args.runs),
    ]
    print(f"machine: {machine()}; runs: {args.runs}; sections: {len(sections)}")
    for r in results:
        print(r)
    ratio = results[1]["first_s"] / results[0]["first_s"]
    print(f"weasyprint / typst time (first run, no cache): {ratio:.1f}x; requests WeasyPrint made: "
          f"{sorted({u.split(':')[0] for u in requests})}")


if __name__ == "__main__":
    main()
