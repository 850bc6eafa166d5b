"""Printed lines → blocks: where a paragraph ends, and how broken words are mended."""

from __future__ import annotations

import re
from typing import NamedTuple

from ..ingest.base import HUNG, INDENTED, LINE_MARKS, SHORT_LINE, TABLE_CELL, TABLE_ROW, bare
from .furniture import PAGE_BREAK
from .labels import is_label_only, named_heading, opener, split_label, starts_with_label

_TERMINAL = (".", ";", ":", ",")
_SECTION_MARK = re.compile(r"(?:[IVX]{1,6}|[A-Z])\.?")
_WORD = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")


class JoinedBlock(NamedTuple):
    text: str
    after_break: bool  # the block opens on a new page: a page break fell just before it
    hint: str = "para"  # "table": rows on lines, cells between " | " (from TABLE_ROW lines)
    page: int | None = None  # the 1-based page its first line (a table's first row) is printed on


def join_lines(lines: list[str], blank_lines_separate: bool, keep_hyphens: bool) -> list[str]:
    """Blocks of text from printed lines (see :func:`join_blocks`)."""
    return [b.text for b in join_blocks(lines, blank_lines_separate, keep_hyphens)]


def join_blocks(lines: list[str], blank_lines_separate: bool, keep_hyphens: bool,
                pages: list[int] | None = None) -> list[JoinedBlock]:
    """Blocks of text from printed lines, each saying whether a page break fell before it and
    the page it opens on.

    A block ends at a blank line (where the source separates paragraphs so), before a line that
    opens with a printed number, and — where lines carry no other signal (PDF) or at a page
    break — after a short line ending a sentence or before a line that opens as a paragraph of a
    resolution does ("Recalling …", "Decides …").

    ``pages``: the page the lines open on, then the page each ``PAGE_BREAK`` opens (as
    :func:`~peaceobs.structure.furniture.strip_furniture` gives them: furniture inside a page
    breaks too, and an empty page leaves no break); without it, each break opens the next page.
    """
    lines = [line if line == PAGE_BREAK else line.rstrip() for line in lines]  # "\f" is whitespace too
    if blank_lines_separate:
        lines = _keyed_tables(lines)
    geometry = any(line.endswith(SHORT_LINE) for line in lines)
    indents = _sets_items_in(lines)
    vocab = _vocabulary(lines) if any(line.endswith("-") for line in lines) else set()
    widths = sorted(len(x) for x in lines if x and x != PAGE_BREAK)
    full = widths[int(len(widths) * 0.9)] if widths else 80
    blocks: list[tuple[list[str], bool, int]] = []
    current: list[str] = []
    opened_after_break = broke = False
    breaks = 0
    page = opened_page = table_page = pages[0] if pages else 1
    soft_break = not blank_lines_separate  # PDF: every line boundary is judged
    table: list[str] = []
    out: list[JoinedBlock] = []
    expected = 0  # the paragraph number due next, once one is printed

    def flush_table() -> None:
        # A table the reader found stays a table; it sits between the text blocks around it.
        blocks.append(([], False, table_page))
        out_tables[len(blocks) - 1] = "\n".join(table)
        table.clear()

    out_tables: dict[int, str] = {}
    for line in lines:
        if line.startswith(TABLE_ROW):
            if current:
                blocks.append((current, opened_after_break, opened_page))
                current = []
            if not table:
                table_page = page
            table.append(line[len(TABLE_ROW):].rstrip("\r\n"))  # an empty first cell keeps its place
            continue
        if table:
            flush_table()
        if line == PAGE_BREAK:
            soft_break = broke = True
            breaks += 1
            page = pages[breaks] if pages and breaks < len(pages) else page + 1
            if blank_lines_separate and current and not is_label_only(current[-1]):
                # As a blank line: the page's end closes the block; whether the paragraph goes on
                # is decided from its sentence when the paragraphs are built (after_break).
                blocks.append((current, opened_after_break, opened_page))
                current = []
            continue
        if not bare(line):
            if blank_lines_separate and current and not is_label_only(current[-1]):
                blocks.append((current, opened_after_break, opened_page))
                current = []
            continue
        due = geometry and bool(expected) and bool(current) and _due(current[-1], line, expected)
        if current and (_starts_new(current[-1], line, soft_break, full, geometry, indents) or due):
            # "49 For the …" where paragraph 49 is due opens it though its full stop was lost.
            blocks.append((current, opened_after_break, opened_page))
            current = []
        number = re.match(r"(\d{1,3})\.\s", line)
        if number or due:
            expected = int(number.group(1) if number else expected) + 1
        if not current:
            opened_after_break, broke = broke, False
            opened_page = page
        current.append(line.strip())  # the mark stays: _starts_new reads it
        soft_break = not blank_lines_separate
    if current:
        blocks.append((current, opened_after_break, opened_page))
    if table:
        flush_table()
    for k, (block, after, at) in enumerate(blocks):
        # A table printed one cell per line has many short lines: most blocks are told at once.
        rows = (_cell_table([bare(x) for x in block])
                if blank_lines_separate and len(block) >= 6 and sum(len(x) < 40 for x in block) * 2 > len(block)
                else None)
        if k in out_tables:
            out.append(JoinedBlock(out_tables[k], after, "table", at))
        elif rows:
            text = "\n".join(" | ".join(r) for r in rows)
            prev = out[-1] if out else None
            if prev is not None and prev.hint == "table" and prev.text.split("\n")[0] == text.split("\n")[0]:
                # The same table goes on over a page, its header printed again: one table.
                out[-1] = prev._replace(text=prev.text + "\n" + text.split("\n", 1)[1])
            else:
                out.append(JoinedBlock(text, after, "table", at))
        else:
            out.append(JoinedBlock(_mend([x.rstrip(LINE_MARKS) for x in block], vocab, keep_hyphens), after,
                                   page=at))
    return out


# A cell that is a figure: "0.005", "22,946", "(38 956.1)", "7.5", "–".
_FIGURE = re.compile(r"\(?[-–]?\d[\d,. ]*\)?%?|[-–—]")


def _cell_table(lines: list[str]) -> list[list[str]] | None:
    """Rows of a table printed one cell per line (a PDF's table as the GA extraction gives it:
    "Member State" / "Percentage" / "Afghanistan" / "0.005" / …): figures recur with a fixed
    period, every other line is short and ends no sentence. The lines before the first row are its
    header when they are as many as the columns."""
    lines = [x for x in lines if x]
    if len(lines) < 6:
        return None
    figures = [i for i, x in enumerate(lines) if _FIGURE.fullmatch(x)]
    if len(figures) < 3 or len(figures) < 0.3 * len(lines):
        return None
    if any(len(x) > 90 or x.endswith((";", ":", ".")) and not _FIGURE.fullmatch(x) for x in lines):
        return None
    gaps = [b - a for a, b in zip(figures, figures[1:], strict=False)]
    period = max(set(gaps), key=gaps.count)
    if gaps.count(period) < 0.8 * len(gaps) or period < 2 or lines[-1] != lines[figures[-1]]:
        return None
    first = figures[0] - (period - 1)
    if first < 0:
        return None
    rows: list[list[str]] = []
    header = lines[:first]
    if header:
        if len(header) != period:
            return None
        rows.append(header)
    start = first
    for f in figures:
        cells = lines[start:f + 1]
        if len(cells) > period:  # a label printed over two lines
            cells = [" ".join(cells[:len(cells) - period + 1]), *cells[len(cells) - period + 1:]]
        rows.append(cells)
        start = f + 1
    return rows


_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")


def _due(prev: str, line: str, expected: int) -> bool:
    """"49 For the 2024/25 period …" opens paragraph 49 where it is due, its full stop lost: on a
    page with geometry, not a date ("20 January 2023"), and not after a line whose sentence runs
    on in a word ("… a total of" | "49 Member States")."""
    if not line.startswith(f"{expected} "):
        return False
    rest = line[len(str(expected)) + 1:]
    p = prev.rstrip(LINE_MARKS).rstrip()
    return rest[:1].isupper() and not rest.startswith(_MONTHS) and not p[-1:].isalpha()


def _keyed_tables(lines: list[str]) -> list[str]:
    """Lines of a table printed one cell per line, with cells that wrap, replaced by its rows.

    A/RES/79/250 OP11 prints "Level" / "Criterion" / "Threshold in United States" / "dollars
    (2025–2027)" / "Discount" / "(percentage)" / "A" / "Permanent members of the Security
    Council" / "Not applicable" / "Premium" / "B" / …: the rows open with keys in sequence (A, B,
    C …) and, once wrapped lines are joined (a line opening in lower case or with "(" goes on the
    cell above), every row holds as many cells as the header above the first key.
    """
    out: list[str] = []
    chunk: list[str] = []
    for line in [*lines, ""]:
        if line and line != PAGE_BREAK:
            chunk.append(line)
            continue
        rows = _keyed_rows(chunk) if len(chunk) >= 12 else None
        if rows:
            out.extend(TABLE_ROW + TABLE_CELL.join(r) for r in rows)
        else:
            out.extend(chunk)
        chunk = []
        out.append(line)
    return out[:-1]


# A cell's line that ends with one of these words goes on ("… less than the average for all" |
# "Member States (except …)").
_RUNS_ON = {"the", "of", "for", "all", "and", "or", "to", "in", "a", "an", "than", "with", "by", "on", "at", "from"}


def _keyed_rows(chunk: list[str]) -> list[list[str]] | None:
    cells: list[str] = []
    for raw in chunk:
        line = bare(raw)
        wrapped = line[:1].islower() or line[:1] == "(" or (cells and cells[-1].split()[-1] in _RUNS_ON)
        if cells and wrapped and not re.fullmatch(r"[A-Z]", cells[-1]):
            cells[-1] = f"{cells[-1]} {line}"  # a wrapped cell
        else:
            cells.append(line)
    keys = []
    for i, c in enumerate(cells):
        if c == chr(ord("A") + len(keys)):
            keys.append(i)
    if len(keys) < 3:
        return None
    width = keys[0]
    bounds = [*keys, len(cells)]
    rows = [cells[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    if width < 3 or any(len(r) != width for r in rows) or any(len(c) > 160 for c in cells):
        return None
    return [cells[:width], *rows]


def _off_margin(line: str) -> bool:
    return line.rstrip(SHORT_LINE).endswith((INDENTED, HUNG))


def _sets_items_in(lines: list[str]) -> bool:
    """The document sets its items in: of the item lines that plainly open an item (after a short
    line), more are set in than start at the margin. Then an item label at the margin after a full
    line runs on in a sentence. Hung side headings ("I.  Introduction" out in the margin) say nothing."""
    set_in = at_margin = 0
    for prev, line in zip(lines, lines[1:], strict=False):
        if not prev.endswith(SHORT_LINE) or not line.strip() or line.startswith(TABLE_ROW):
            continue
        text = bare(line)
        if not text.startswith("(") or not starts_with_label(text):
            continue
        if line.rstrip(SHORT_LINE).endswith(INDENTED):
            set_in += 1
        elif not line.rstrip(SHORT_LINE).endswith(HUNG):
            at_margin += 1
    return set_in > at_margin


def _starts_new(prev: str, line: str, judge: bool, full: int, geometry: bool, indents: bool = False) -> bool:
    short = prev.endswith(SHORT_LINE)
    p = prev.rstrip(LINE_MARKS).rstrip()
    if is_label_only(p):
        return False
    if (len(p) <= 7 and _SECTION_MARK.fullmatch(p)) or (
            len(line) <= 9 and _SECTION_MARK.fullmatch(bare(line))):
        return True  # a section's numeral alone ("II", "B.") is a block of its own
    if line[:1].isupper() and "." in line[:8] and not p.endswith(_TERMINAL) and not short:
        label, _ = split_label(line)
        if label is not None and label.level in ("chapter", "section") and len(label.value) == 1:
            return False  # "Fleet Admiral Chester" | "W. Nimitz": an initial inside a sentence
    if not judge:
        # Blank lines separate paragraphs here, but a missing one between two preambular
        # paragraphs ("… its decisions,\nActing under Chapter VII …") is common in the SC texts;
        # so is a heading line without one ("… peace operations." | "Action 20. We will …").
        return (starts_with_label(line) or (p.endswith((",", ";")) and opener(line) is not None)
                or (p.endswith(_TERMINAL) and named_heading(line)))
    if geometry:
        # The page says where lines stop: a short line ends a paragraph; only a printed
        # paragraph number overrides it (an "(a)" at a line start is often inline).
        if short or _starts_with_number(line):
            return True
        nxt = line.rstrip(LINE_MARKS).rstrip()
        next_short = line.endswith(SHORT_LINE)
        if (next_short or p.endswith(".")) and _HEADING_START.match(nxt):
            return True  # "II. Financial resources", "(Thousands of United States dollars)"
        if (indents and p.endswith((".", ":", ";")) and nxt[:1].isupper() and _off_margin(line)
                and not _off_margin(prev)):
            return True  # a sentence ended at the margin; the next line is set off: a heading, an item
        if p.endswith((".", ":", ";")):
            # A full last line, then what cannot continue a sentence: an item that opens as a
            # sentence ("(a) Movement of …", "…; (c) To approve …"; "(a) lower costs" stays
            # inline), or a short line without closing punctuation (a heading, a table's first row).
            label, rest = split_label(nxt)
            if label is not None and rest[:1].isupper():
                # Where the page sets items in, one at the left margin after a full line is a
                # sentence's next item run on ("…; and" | "(e) Triennial review …").
                return not indents or _off_margin(line)
            if next_short and (nxt[:1].isupper() or nxt[:1].isdigit()) and not nxt.endswith(_TERMINAL):
                return True
        return False
    if starts_with_label(line):
        return True
    ends = p.endswith(_TERMINAL)
    if ends and len(p) < 0.8 * full and line.lstrip()[:1].isupper():
        return True
    return bool(ends and opener(line))


# Lines that open a heading or a table: chapter/section labels, units captions, and the
# column heads of the budget reports' variance tables ("2024/25 variance 2026/27 variance").
_HEADING_START = re.compile(
    r"(?:[IVX]{1,5}|[A-Z])\.\s+[A-Z]|\((?:Thousands|Millions|Number|Percentage)\b"
    r"|\d{4}/\d{2}\s+(?:variance|requirements)\b")


def _starts_with_number(line: str) -> bool:
    return bool(re.match(r"\d{1,3}\.\s+[A-Z“\"]", line.lstrip()))


def _vocabulary(lines: list[str]) -> set[str]:
    vocab: set[str] = set()
    for line in lines:
        for w in _WORD.findall(line):
            w = w.lower()
            vocab.add(w)
            if "-" in w:
                vocab.update(w.split("-"))
    return vocab


def _mend(block: list[str], vocab: set[str], keep_hyphens: bool) -> str:
    out = block[0]
    for line in block[1:]:
        if out.endswith("-") and len(out) > 1 and out[-2].isalpha() and line[:1].islower():
            left = re.search(r"([A-Za-z]+)-$", out)
            right = re.match(r"[a-z]+", line)
            joined = (left.group(1) + right.group(0)).lower() if left and right else ""
            hyphened_word_seen = left and right and f"{left.group(1)}-{right.group(0)}".lower() in vocab
            if not keep_hyphens and joined in vocab and not hyphened_word_seen:
                out = out[:-1] + line
            elif keep_hyphens or hyphened_word_seen or not joined:
                out = out + line
            else:
                out = out[:-1] + line  # a typesetter's break: "subse-" + "quent"
        elif out.endswith(" -") and line[:1].islower():
            out = out[:-2] + "-" + line  # "drone -" + "assisted"
        else:
            out = out + " " + line
    return " ".join(out.split())
