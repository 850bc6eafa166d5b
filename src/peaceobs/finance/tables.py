"""Budget tables → figures: the financial resources and human resources tables of a report.

General rules, not rules for one report:

* a money table is a table whose caption (the lines just above it) names a dollar unit;
  "(Thousands of United States dollars)" makes every figure ×1,000;
* its header is the rows above the first row that prints an amount; a column's header is its
  header cells read top to bottom ("2024/25" / "apportionment" → "2024/25 apportionment");
* a column's measure comes from its header's words (apportionment, expenditure, cost estimates,
  unencumbered balance, variance, percentage) and its period from the "YYYY/YY" printed in it —
  or, for a column that prints none, the period of the column it is computed from (to its left),
  or the period the report is about;
* a row that prints only a label opens a group ("Operational costs"); "Subtotal" is that group's
  line; a table of personnel has the measure and period in its rows ("Proposed 2026/27") and the
  categories in its columns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from ..model import TABLE, Document, Paragraph
from .model import BudgetLine, Measure, Source, StaffLine
from .numbers import is_amount, parse_figure, period_in, period_of_range, to_usd, unit_multiplier

_FORMULA = re.compile(r"\(\d+\)(?:\s*=.*)?|=.*")
_WORD = re.compile(r"[A-Za-z]+")
# The measure a column header names, tried in order: "Unencumbered balance" is a variance of
# the period's apportionment, "Variance Amount" of the budget period's estimates.
_MEASURES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"percent", re.I), Measure.PERCENT),
    (re.compile(r"unencumbered", re.I), Measure.UNENCUMBERED),
    (re.compile(r"variance|\bamount\b|net change|increase|decrease", re.I), Measure.VARIANCE),
    (re.compile(r"expenditure", re.I), Measure.EXPENDITURE),
    (re.compile(r"apportion|approved", re.I), Measure.APPORTIONMENT),
    (re.compile(r"appropriat", re.I), Measure.APPROPRIATED),
    (re.compile(r"cost estimates|estimates|proposed|budget", re.I), Measure.PROPOSED),
)
_MONEY_MEASURES = {Measure.APPORTIONMENT, Measure.EXPENDITURE, Measure.PROPOSED, Measure.APPROPRIATED}
# A row of a personnel table: "Approved 2025/26", "Proposed posts 2026/27", "Actual 2024/25".
_STAFF_ROW = re.compile(r"(approved|actual|proposed|authori[sz]ed)\b.*?((?:19|20)\d{2}/\d{2})", re.I)
_SUBTOTAL = re.compile(r"sub-?total", re.I)
_CAPTION_REACH = 3  # paragraphs above a table that may hold its caption


class Column(NamedTuple):
    index: int
    header: str
    measure: str | None
    period: str | None


class BudgetTables(NamedTuple):
    """What a document's tables say in figures."""

    lines: list[BudgetLine]
    staff: list[StaffLine]


def read_tables(doc: Document, mission: str | None = None) -> BudgetTables:
    """Every figure of the document's money tables and personnel tables, each with its source."""
    lines: list[BudgetLine] = []
    staff: list[StaffLine] = []
    words = _vocabulary(doc)
    default_period = _report_period(doc)
    paragraphs = doc.paragraphs
    for i, para in enumerate(paragraphs):
        if para.kind != TABLE:
            continue
        rows = para.cells()
        if len(rows) < 2:
            continue
        caption = " ".join(p.text[-400:] for p in paragraphs[max(0, i - _CAPTION_REACH):i])
        multiplier = unit_multiplier(caption + " " + " ".join(rows[0]))
        context_period = _context_period(paragraphs[max(0, i - 12):i]) or default_period
        if multiplier is not None:
            lines.extend(_money_lines(doc, para, rows, multiplier, context_period, words, mission))
        else:
            staff.extend(_staff_lines(doc, para, rows, words))
    return BudgetTables(lines, staff)


def _money_lines(doc: Document, para: Paragraph, rows: list[list[str]], multiplier: int,
                 context_period: str | None, words: set[str], mission: str | None) -> Iterable[BudgetLine]:
    head, body = _split_header(rows)
    if not head:
        return []
    columns = _columns(head, max(len(r) for r in rows), context_period)
    if sum(c.measure in _MONEY_MEASURES for c in columns) < 2:
        return []
    out: list[BudgetLine] = []
    group: str | None = None
    after_subtotal = False
    for row in body:
        label = _clean_label(row[0], words) if row else ""
        figures = [c for c in row[1:] if c.strip()]
        if not figures:
            if label:
                group, after_subtotal = label, False
            continue
        if not label:
            continue
        if _SUBTOTAL.fullmatch(label):
            if group is None:
                continue
            category, line_group, after_subtotal = group, None, True
        else:
            if after_subtotal:
                group, after_subtotal = None, False  # a line after a group's subtotal stands alone
            category, line_group = label, group
        for col in columns:
            if col.measure is None or col.period is None or col.index >= len(row):
                continue
            printed = row[col.index].strip()
            value = parse_figure(printed) if printed else None
            if value is None:
                continue
            source = Source(doc.symbol, doc.source_format, para.pid, row[0].strip(), col.header,
                            _page(para), printed=printed)
            if col.measure == Measure.PERCENT:
                out.append(BudgetLine(category, col.period, col.measure, None, source, line_group,
                                      percent=float(value), mission=mission))
            else:
                out.append(BudgetLine(category, col.period, col.measure, to_usd(value, multiplier), source,
                                      line_group, mission=mission))
    return out


def _staff_lines(doc: Document, para: Paragraph, rows: list[list[str]], words: set[str]) -> list[StaffLine]:
    """A personnel table: rows "Approved 2025/26", "Proposed posts 2026/27" …, categories in the
    columns. A run of rows of words (two or more cells, no figures) is a new header, as where
    the civilian staff follow the uniformed personnel in one table."""
    if sum(bool(r and _STAFF_ROW.match(r[0].strip())) for r in rows) < 2:
        return []
    out: list[StaffLine] = []
    head: list[list[str]] = []
    in_head = False
    group: str | None = None
    for row in rows:
        label = row[0].strip() if row else ""
        m = _STAFF_ROW.match(label)
        if not m:
            texts = {c.strip() for c in row if c.strip()}
            words_only = not any(parse_figure(c) is not None for c in row if c.strip())
            if words_only and len(texts) >= 2:
                head = head + [row] if in_head else [row]
                in_head = True
                group = label if label and label not in {c.strip() for c in row[1:]} else group
            elif words_only and len(texts) == 1:
                group, in_head = texts.pop(), False
            else:
                in_head = False
            continue
        in_head = False
        measure = m.group(1).lower().replace("authorised", "approved").replace("authorized", "approved")
        for j in range(1, len(row)):
            printed = row[j].strip()
            value = parse_figure(printed) if printed else None
            if value is None or value != value.to_integral_value() or printed == label:
                continue
            header = _join_header(head, j)
            category = _clean_label(header, words) if header else ""
            if not category or category.lower() == "total" or category == label:
                category = f"{_clean_label(group, words)} (total)" if group else "Total"
            out.append(StaffLine(category, m.group(2), measure, int(value),
                                 Source(doc.symbol, doc.source_format, para.pid, label, header, _page(para),
                                        printed=printed), group))
    return out


def _split_header(rows: list[list[str]]) -> tuple[list[list[str]], list[list[str]]]:
    """Header rows: those above the first row printing an amount, less the group rows (a label
    alone) just above it."""
    first = next((k for k, r in enumerate(rows) if any(is_amount(c) for c in r[1:] if c.strip())), None)
    if first is None:
        return [], rows
    k = first
    while k > 0 and rows[k - 1] and rows[k - 1][0].strip() and not any(c.strip() for c in rows[k - 1][1:]):
        k -= 1
    return rows[:k], rows[k:]


def _join_header(head: list[list[str]], j: int) -> str:
    parts: list[str] = []
    for row in head:
        cell = row[j].strip() if j < len(row) else ""
        if cell and not _FORMULA.fullmatch(cell) and (not parts or parts[-1] != cell):
            parts.append(cell)
    return " ".join(parts)


def _columns(head: list[list[str]], width: int, context_period: str | None) -> list[Column]:
    columns: list[Column] = []
    for j in range(1, width):
        header = _join_header(head, j)
        measure = next((m for pattern, m in _MEASURES if pattern.search(header)), None)
        # "Variance" above both "Amount" and "Percentage": the lower, more particular word wins.
        if measure == Measure.VARIANCE and re.search(r"percent", header, re.I):
            measure = Measure.PERCENT
        period = period_in(header)
        if period is None and measure is not None:
            derived = measure in (Measure.VARIANCE, Measure.UNENCUMBERED, Measure.PERCENT)
            left = next((c.period for c in reversed(columns) if c.period), None) if derived else None
            period = left or context_period
        columns.append(Column(j, header, measure, period))
    return columns


def _clean_label(label: str, words: set[str]) -> str:
    """A row label without a footnote letter glued to its last word ("Temporary positionsb" →
    "Temporary positions"): the letter goes when the word without it is a word of the document
    and the word with it is not."""
    label = " ".join(label.split())
    # A word the PDF broke over two lines of a narrow header ("Inter-" / "national staff").
    label = re.sub(r"\b([A-Za-z]+)-([a-z]+)\b",
                   lambda h: h.group(1) + h.group(2) if (h.group(1) + h.group(2)).lower() in words else h.group(0),
                   label)
    m = re.search(r"([A-Za-z]{3,})([a-f])$", label)
    if m and m.group(0).lower() not in words and m.group(1).lower() in words:
        return label[:-1]
    return label


def _vocabulary(doc: Document) -> set[str]:
    return {w.lower() for p in doc.paragraphs if p.kind != TABLE for w in _WORD.findall(p.text)}


def _report_period(doc: Document) -> str | None:
    """The period a report is about: the first date range of its title or opening paragraphs."""
    for text in [doc.title, *(p.text for p in doc.paragraphs[:15])]:
        period = period_of_range(text or "")
        if period:
            return period
    return None


def _context_period(paragraphs: list[Paragraph]) -> str | None:
    """The period the text just above a table names, nearest first (a performance table under
    "for the period from 1 July 2024 to 30 June 2025")."""
    for p in reversed(paragraphs):
        if p.kind == TABLE:
            continue
        period = period_of_range(p.text)
        if period:
            return period
    return None


def _page(para: Paragraph) -> int | None:
    return getattr(para, "page", None)
