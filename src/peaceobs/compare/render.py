"""A comparison for people: terminal (rich), standalone HTML, DOCX with redline formatting."""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import Any

import docx
from docx.enum.text import WD_COLOR_INDEX
from docx.shared import RGBColor
from rich.console import Console
from rich.text import Text

from .align import Change, Comparison

_BADGE = {"unchanged": "=", "renumbered": "#", "edited": "~", "moved": "↕", "split": "⇉", "merged": "⇇",
          "added": "+", "dropped": "−"}


def _ids(c: Change) -> str:
    a = "+".join(p.pid for p in c.a) or "—"
    b = "+".join(p.pid for p in c.b) or "—"
    return f"{a} → {b}"


def _verb(c: Change) -> str:
    if c.verb and c.verb.change in ("strengthened", "weakened", "shifted"):
        return f" [{c.verb.before} → {c.verb.after}: {c.verb.change}]"
    return ""


def to_terminal(comp: Comparison, console: Console, show_unchanged: bool = False) -> None:
    counts = comp.counts()
    # Two rows of ten columns would be cut to "unch…" in 80 columns: the counts fold onto as many
    # lines as the width needs, each "N status" whole.
    console.print(Text(f"{comp.a.symbol} → {comp.b.symbol}", style="bold"))
    console.print(Text(" · ".join(f"{v} {k}" for k, v in counts.items()), overflow="fold"))
    for c in comp.changes:
        if c.status == "unchanged" and not show_unchanged:
            continue
        head = Text(f"{_BADGE[c.status]} {c.status:<10} {_ids(c)}{_verb(c)}", style="bold")
        console.print(head)
        body = Text("    ")
        # Colours vanish in a pipe or a file ("7778/302291 of 2928 June 20232024"): there the
        # redline is written with plain markers, [-old-]{+new+}, as wdiff does.
        plain = not console.is_terminal
        if c.redline:
            for op, t in c.redline:
                if plain and op in ("delete", "insert"):
                    body.append(f"[-{t}-]" if op == "delete" else f"{{+{t}+}}")
                else:
                    body.append(t, style="red strike" if op == "delete" else "green underline" if op == "insert" else "")
        else:
            text = " ".join(p.text for p in (c.b or c.a))
            if plain and c.status in ("dropped", "added"):
                text = f"[-{text}-]" if c.status == "dropped" else f"{{+{text}+}}"
            body.append(text, style="red strike" if c.status == "dropped" else "green" if c.status == "added" else "")
        console.print(body)


_CSS = """body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1f2328}
table{border-collapse:collapse}td,th{border:1px solid #d0d7de;padding:.2rem .5rem;text-align:right}
del{color:#b3261e;text-decoration:line-through}ins{color:#0b6b2b;text-decoration:underline}
.change{border-top:1px solid #eee;padding:.4rem 0}.status{font-weight:700}.ids{font-family:monospace;color:#57606a}
.added .text{color:#0b6b2b}.dropped .text{color:#b3261e;text-decoration:line-through}.verb{color:#8a4b00}"""


def to_html(comp: Comparison, show_unchanged: bool = True) -> str:
    counts = comp.counts()
    rows = "".join(f"<th>{escape(k)}</th>" for k in counts) + "</tr><tr>" + "".join(f"<td>{v}</td>" for v in counts.values())
    parts = [f"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{escape(comp.a.symbol)} → "
             f"{escape(comp.b.symbol)}</title><style>{_CSS}</style></head><body>",
             f"<h1>{escape(comp.a.symbol)} → {escape(comp.b.symbol)}</h1>",
             f"<p>{escape(comp.a.title)}<br>{escape(comp.b.title)}</p><table><tr>{rows}</tr></table>"]
    for c in comp.changes:
        if c.status == "unchanged" and not show_unchanged:
            continue
        if c.redline:
            text = "".join(f"<del>{escape(t)}</del>" if op == "delete" else f"<ins>{escape(t)}</ins>" if op == "insert"
                           else escape(t) for op, t in c.redline)
        else:
            text = escape(" ".join(p.text for p in (c.b or c.a)))
        parts.append(f'<div class="change {c.status}"><span class="status">{escape(c.status)}</span> '
                     f'<span class="ids">{escape(_ids(c))}</span><span class="verb">{escape(_verb(c))}</span>'
                     f'<div class="text">{text}</div></div>')
    parts.append("</body></html>")
    return "".join(parts)


def to_docx(comp: Comparison, path: str | Path, show_unchanged: bool = True) -> None:
    """A Word document with redline formatting: deletions struck through in red, insertions
    underlined in green, each change headed by its status and paragraph IDs."""
    d = docx.Document()
    d.add_heading(f"{comp.a.symbol} → {comp.b.symbol}", level=1)
    counts = comp.counts()
    table = d.add_table(rows=2, cols=len(counts))
    for k, (name, n) in enumerate(counts.items()):
        table.cell(0, k).text = name
        table.cell(1, k).text = str(n)
    for c in comp.changes:
        if c.status == "unchanged" and not show_unchanged:
            continue
        head = d.add_paragraph()
        run = head.add_run(f"{c.status} {_ids(c)}{_verb(c)}")
        run.bold = True
        para = d.add_paragraph()
        pieces = c.redline or [("insert" if c.status == "added" else "delete" if c.status == "dropped" else "equal",
                                " ".join(p.text for p in (c.b or c.a)))]
        redline_runs(para, pieces, highlight=c.status == "added")
    d.save(str(path))


def redline_runs(paragraph: Any, pieces: list[tuple[str, str]], highlight: bool = False) -> None:
    """A redline as Word runs on a python-docx paragraph: deletions struck through in red,
    insertions underlined in green (highlighted too where a whole paragraph is added)."""
    for op, t in pieces:
        r = paragraph.add_run(t)
        if op == "delete":
            r.font.strike = True
            r.font.color.rgb = RGBColor(0xB3, 0x26, 0x1E)
        elif op == "insert":
            r.font.underline = True
            r.font.color.rgb = RGBColor(0x0B, 0x6B, 0x2B)
            r.font.highlight_color = WD_COLOR_INDEX.BRIGHT_GREEN if highlight else None
