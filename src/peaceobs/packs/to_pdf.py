"""A pack as PDF, typeset by Typst (PyPI ``typst``): the same sections as the DOCX — quotations,
tables, redlines, charts as images — with real footnotes citing each source in UN style and a
table of sources. Only the fonts embedded in the typst package are used (system fonts ignored),
so a PDF renders the same offline on any machine (docs/DECISIONS.md D24: Typst over WeasyPrint,
measured in bench/pack_pdf_bench.py).

Text reaches Typst only as string literals (``"…"`` with ``\\`` and ``"`` escaped), never as
markup, so a paragraph holding ``#``, ``*``, ``$`` or ``]`` is printed, not interpreted.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from .render import Block, Section
from .to_docx import chart_png, footnote_text, source_table

FONT = "Libertinus Serif"  # embedded in the typst package: no download, no system font

_PREAMBLE = f"""#set page(paper: "a4", margin: (x: 2.2cm, y: 2.4cm), numbering: "1")
#set text(font: "{FONT}", size: 10.5pt, lang: "en")
#set par(justify: false)
#set table(stroke: 0.5pt + luma(140), inset: 4pt)
#show table: set text(size: 8.5pt)
#show heading.where(level: 1): set text(size: 16pt)
#show heading.where(level: 2): set text(size: 12pt)
"""


def lit(text: str) -> str:
    """A Typst string literal holding ``text`` as it is."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "") + '"'


def _table(rows: list[list[str]]) -> str:
    if not rows or not any(rows):  # an empty table paragraph
        return ""
    width = max(len(r) for r in rows)
    cells = []
    for k, row in enumerate(rows):
        for text in [*row, *[""] * (width - len(row))]:
            cells.append(f"strong({lit(text)})" if k == 0 else lit(text))
    return f"#table(columns: {width}, table.header(..({', '.join(cells[:width])},)), {', '.join(cells[width:])})\n"


def _block(block: Block, images: dict[str, bytes], footnote: str) -> str:
    """One block in Typst, with ``footnote`` (a call or "") after it."""
    out = f"#strong({lit(block.caption)})\n\n" if block.caption and block.kind != "redline" else ""
    if block.kind == "quote":
        return out + f"#quote(block: true)[#{lit('“' + block.text + '”')}{footnote}]\n\n"
    if block.kind == "text":
        return out + f"#{lit(block.text)}{footnote}\n\n"
    if block.kind == "redline":
        parts = []
        for op, text in block.runs:
            if op == "delete":
                parts.append(f"#strike(text(fill: rgb(\"#b3261e\"), {lit(text)}))")
            elif op == "insert":
                parts.append(f"#underline(text(fill: rgb(\"#0b6b2b\"), {lit(text)}))")
            else:
                parts.append(f"#{lit(text)}")
        return f"#strong({lit(block.caption)})\n\n" + "".join(parts) + footnote + "\n\n"
    if block.kind == "table":
        return out + _table(block.rows) + (f"Source:{footnote}\n\n" if footnote else "\n")
    if block.kind == "chart":
        name = f"chart{len(images) + 1}.png"
        images[name] = chart_png(block)
        return out + f"#image({lit(name)}, width: 100%)\n" + (f"Source:{footnote}\n\n" if footnote else "\n")
    return ""


def typst_source(title: str, byline: str, sections: list[Section], images: dict[str, bytes]) -> str:
    """The Typst document; chart images are added to ``images`` (file name → PNG)."""
    out = [_PREAMBLE, f"= #{lit(title)}\n\n#{lit(byline)}\n\n"]
    cited: set[str] = set()
    for section in sections:
        if section.heading:
            out.append(f"== #{lit(section.heading)}\n\n")
        if section.problem:
            out.append(f"#emph({lit(f'[Item {section.position}: {section.problem}]')})\n\n")
        note = f"#footnote({lit(footnote_text(section.sources, cited))})" if section.sources else ""
        for block in section.blocks:
            text = _block(block, images, note)
            out.append(text)
            if note and text:
                note = ""  # one footnote per section, after its first block
        if section.note:
            out.append(f"#text(size: 9.5pt, emph({lit('Note: ' + section.note)}))\n\n")
    rows = source_table(sections)
    if len(rows) > 1:
        out.append("== Sources\n\n" + _table(rows))
    return "".join(out)


def export_pdf(title: str, byline: str, sections: list[Section]) -> bytes:
    import typst

    images: dict[str, bytes] = {}
    source = typst_source(title, byline, sections, images)
    with tempfile.TemporaryDirectory(prefix="peaceobs-pack-") as tmp:
        root = Path(tmp)
        for name, png in images.items():
            (root / name).write_bytes(png)
        (root / "pack.typ").write_text(source, encoding="utf-8")
        pdf = typst.compile(str(root / "pack.typ"), root=str(root), format="pdf", ignore_system_fonts=True)
    assert isinstance(pdf, bytes)
    return pdf
