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
    # An unencumbered balance is the performance period's variance, and is printed so in the
    # summary tables ("Variance / Amount"): one measure.
    (re.compile(r"unencumbered", re.I), Measure.VARIANCE),
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
_TOTALS = re.compile(r"(?:gross|net|total|staff assessment|voluntary)\b", re.I)
# Header words that say the measure or period; what is left says which part ("Valencia").
_SCOPE_DROP = re.compile(r"\(?(?:19|20)\d{2}/\d{2}\)?|\b\w*(?:apportion|expenditure|estimat|variance|unencumbered|"
                         r"percent|proposed|approved|appropriat|budget|amount|balance|cost|period|net change)\w*\b",
                         re.I)
_CAPTION_REACH = 3  # paragraphs above a table that may hold its caption


class Column(NamedTuple):
    index: int
    header: str
    measure: str | None
    period: str | None
    scope: str | None = None  # "Valencia", "Total": a column's part beyond measure and period


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
    previous: _Head | None = None
    staff_head: _StaffHead | None = None
    for i, para in enumerate(paragraphs):
        if para.kind != TABLE:
            continue
        rows = para.cells()
        if not rows:
            continue
        head, body = _split_header(rows)
        width = max(len(r) for r in rows)
        if not head and previous is not None and _continues(paragraphs, previous, i, width):
            # A table the page (or a row read as a heading) cut from its header: the rows go on
            # under the header above, and a heading between is the group row it was.
            between = [[p.text] for p in paragraphs[previous.index + 1:i] if p.kind != TABLE]
            head, body = previous.rows, [*between, *body]
            multiplier, context_period = previous.multiplier, previous.period
        else:
            if len(rows) < 2:
                continue
            caption = " ".join(p.text[-400:] for p in paragraphs[max(0, i - _CAPTION_REACH):i])
            multiplier = unit_multiplier(caption + " " + " ".join(rows[0]))
            context_period = _context_period(paragraphs[max(0, i - 12):i]) or default_period
        if multiplier is None:
            carried = staff_head if staff_head and i - staff_head.index <= 3 else None
            found_staff, state = _staff_lines(doc, para, rows, words, carried)
            staff.extend(found_staff)
            if state:
                staff_head = state._replace(index=i)
            continue
        found = _money_lines(doc, para, head, body, multiplier, context_period, words, mission)
        lines.extend(found)
        if head:
            previous = _Head(head, width, multiplier, context_period, i)
    return BudgetTables(lines, staff)


class _Head(NamedTuple):
    rows: list[list[str]]
    width: int
    multiplier: int
    period: str | None
    index: int  # the table paragraph's position


def _continues(paragraphs: list[Paragraph], previous: _Head, i: int, width: int) -> bool:
    """A headerless table goes on under the money table just above it: as wide, and nothing
    but headings (or a table of the header alone) between them."""
    if i - previous.index > 4 or width > previous.width or width < previous.width - 1:
        return False
    return all(p.kind in ("heading", TABLE) or len(p.text) < 60 for p in paragraphs[previous.index + 1:i])


def _money_lines(doc: Document, para: Paragraph, head: list[list[str]], body: list[list[str]], multiplier: int,
                 context_period: str | None, words: set[str], mission: str | None) -> list[BudgetLine]:
    if not head:
        return []
    columns = _columns(head, max(len(r) for r in [*head, *body]), context_period)
    if sum(c.measure in _MONEY_MEASURES for c in columns) < 2:
        return []
    out: list[BudgetLine] = []
    group: str | None = None
    after_subtotal = False
    resources = any(row and _clean_label(row[0], words).lower() == "gross requirements" for row in body)
    body = _join_wrapped_labels(body)
    for row in body:
        label = _clean_label(row[0], words) if row else ""
        figures = [c for c in row[1:] if c.strip()]
        nil_after_subtotal = after_subtotal and figures and all(parse_figure(c) == 0 and not c.strip()[:1].isdigit()
                                                                for c in figures)
        if not figures or nil_after_subtotal and not _TOTALS.match(label):
            # A label alone opens a group; so does a row of dashes right after a group's
            # subtotal (some extractions print the next group's heading row with dashes).
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
                            _page(para), printed=printed, author=doc.body)
            if col.measure == Measure.PERCENT:
                out.append(BudgetLine(category, col.period, col.measure, None, source, line_group,
                                      percent=float(value), mission=mission, resources=resources,
                                      scope=col.scope))
            else:
                out.append(BudgetLine(category, col.period, col.measure, to_usd(value, multiplier), source,
                                      line_group, mission=mission, resources=resources, scope=col.scope))
    return out


class _StaffHead(NamedTuple):
    rows: list[list[str]]
    group: str | None
    index: int  # the table paragraph's position


def _staff_lines(doc: Document, para: Paragraph, rows: list[list[str]], words: set[str],
                 carried: _StaffHead | None = None) -> tuple[list[StaffLine], _StaffHead | None]:
    """A personnel table: rows "Approved 2025/26", "Proposed posts 2026/27" …, categories in the
    columns. A run of rows of words (two or more cells, no figures) is a new header, as where
    the civilian staff follow the uniformed personnel in one table; a table that opens with
    such rows and no header goes on under ``carried``, the header of the table above it."""
    if sum(bool(r and _STAFF_ROW.match(r[0].strip())) for r in rows) < 2:
        return [], None
    out: list[StaffLine] = []
    opens_headless = bool(rows and _STAFF_ROW.match(rows[0][0].strip()))
    head: list[list[str]] = carried.rows if carried and opens_headless else []
    in_head = False
    group: str | None = carried.group if carried and opens_headless else None
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
        basis = _basis(label, m)
        spread = _spread_groups(head, len(row))
        for j in range(1, len(row)):
            printed = row[j].strip()
            value = parse_figure(printed) if printed else None
            if value is None or value != value.to_integral_value() or printed == label:
                continue
            header = _join_header(spread, j)
            category = _clean_label(header, words) if header else ""
            if not category or category == label:
                continue  # a figure under no header says not what it counts
            if category.lower() == "total":
                category = f"{_clean_label(group, words)} (total)" if group else "Total"
            out.append(StaffLine(category, m.group(2), measure, int(value),
                                 Source(doc.symbol, doc.source_format, para.pid, label, header, _page(para),
                                        printed=printed, author=doc.body), group, basis))
    return out, _StaffHead(head, group, 0) if head else None


def _basis(label: str, m: re.Match[str]) -> str | None:
    """What a personnel row counts besides its measure and period: "posts", "temporary
    positions" ("Approved temporary positionsa 2025/26")."""
    rest = (label[:m.start(1)] + label[m.end(1):m.start(2)] + label[m.end(2):]).strip()
    rest = re.sub(r"(?<=[a-z])[a-f]$", "", rest).strip()
    return rest.lower() or None


def _spread_groups(head: list[list[str]], width: int) -> list[list[str]]:
    """Staff headers group grades under "International staff", "National staff", "UNV", each
    group closed by a "Subtotal" column. An upper label printed over one column of its group
    (a PDF centres it) reaches every column of the group: the group is the run of columns up to
    and including its Subtotal."""
    rows = [row + [""] * (width - len(row)) for row in head]
    if len(rows) < 2:
        return rows
    lowest = [next((x[j].strip() for x in reversed(rows) if x[j].strip()), "") for j in range(width)]
    ends = [j for j in range(1, width) if _SUBTOTAL.fullmatch(lowest[j])]
    if not ends:
        return rows
    starts = [1] + [e + 1 for e in ends[:-1]]
    for row in rows[:-1]:
        for a, b in zip(starts, ends, strict=True):
            labels = {row[j].strip() for j in range(a, b + 1) if row[j].strip()}
            if len(labels) == 1:
                label = labels.pop()
                for j in range(a, b + 1):
                    row[j] = label
    return rows


def _join_wrapped_labels(rows: list[list[str]]) -> list[list[str]]:
    """A label printed over two rows ("Voluntary contributions in kind" / "(budgeted)" with the
    figures): a row whose label opens with "(" or a lower-case word continues the label of a
    row above it that prints no figures."""
    out: list[list[str]] = []
    for row in rows:
        label = row[0].strip() if row else ""
        prev = out[-1] if out else None
        if (prev is not None and label[:1] in "(abcdefghijklmnopqrstuvwxyz" and label
                and prev[0].strip() and not any(c.strip() for c in prev[1:])):
            out[-1] = [f"{prev[0].strip()} {label}", *row[1:]]
            continue
        out.append(list(row))
    return out


def _split_header(rows: list[list[str]]) -> tuple[list[list[str]], list[list[str]]]:
    """Header rows: those above the first row printing an amount, less the group rows (a label
    alone) just above it."""
    first = next((k for k, r in enumerate(rows) if any(is_amount(c) for c in r[1:] if c.strip())), None)
    if first is None:  # a header alone (the page cut the table after it)
        return rows, []
    k = first
    while k > 0 and rows[k - 1] and rows[k - 1][0].strip() and not any(c.strip() for c in rows[k - 1][1:]):
        k -= 1
    return rows[:k], rows[k:]


def _join_header(head: list[list[str]], j: int) -> str:
    """A column's header cells top to bottom; a cell ending in a dash ("USG–" over "ASG", a
    range broken over two lines) joins the next without a space."""
    text = ""
    last = ""
    for row in head:
        cell = row[j].strip() if j < len(row) else ""
        if not cell or _FORMULA.fullmatch(cell) or cell == last:
            continue
        text = f"{text}{cell}" if text.endswith(("–", "-")) else f"{text} {cell}".strip()
        last = cell
    # "D-2– D-1", "Government- provided": a word or range broken at its dash over two lines.
    return re.sub(r"(?<=[–-]) (?=[A-Z]-?\d|[a-z])", "", text)


def _is_qualifier(cell: str) -> bool:
    """A lowest header cell that names no measure and no period: "Brindisi", "Total"."""
    return bool(cell) and not _FORMULA.fullmatch(cell) and period_in(cell) is None and not any(
        pattern.search(cell) for pattern, _ in _MEASURES)


def _spread_spanning(head: list[list[str]], width: int) -> list[list[str]]:
    """A header printed once over several columns ("2024/25 apportionment" centred over
    "Brindisi", "Valencia", "Total") reaches each of them: an upper header cell holding a period
    fills the empty cells beside it whose lowest header names neither a measure nor a period,
    each empty cell taking the nearest such cell (the left one on a tie). Where the PDF places
    it over one column of the span, the other columns would otherwise have no measure."""
    rows = [row + [""] * (width - len(row)) for row in head]
    if len(rows) < 2:
        return rows
    for r, row in enumerate(rows[:-1]):
        # The lowest words under each column (a row of column numbers "(4)" is not words).
        below = ["" if j == 0 else next((x[j].strip() for x in reversed(rows[r + 1:])
                                         if x[j].strip() and not _FORMULA.fullmatch(x[j].strip())), "")
                 for j in range(width)]
        anchors = [j for j in range(1, width) if row[j].strip() and period_in(row[j]) and _is_qualifier(below[j])]
        if not anchors:
            continue
        filled = list(row)
        for j in range(1, width):
            if row[j].strip() or not _is_qualifier(below[j]):
                continue
            nearest = min(anchors, key=lambda a: (abs(a - j), a))
            between = row[min(nearest, j) + 1:max(nearest, j)]
            if not any(c.strip() for c in between):
                filled[j] = row[nearest]
        row[:] = filled
    return rows


def _scope(header: str) -> str | None:
    """What a header says beyond its measure and period: the site or part a column is about
    ("Valencia", "Total"), or None."""
    rest = " ".join(_SCOPE_DROP.sub(" ", header).split()).strip(" ()")
    return rest or None


def _columns(head: list[list[str]], width: int, context_period: str | None) -> list[Column]:
    columns: list[Column] = []
    head = _spread_spanning(head, width)
    for j in range(1, width):
        header = _join_header(head, j)
        measure = next((m for pattern, m in _MEASURES if pattern.search(header)), None)
        # "Variance" above both "Amount" and "Percentage": the lower, more particular word wins.
        if measure == Measure.VARIANCE and re.search(r"percent", header, re.I):
            measure = Measure.PERCENT
        period = period_in(header)
        if period is None and measure is not None:
            derived = measure in (Measure.VARIANCE, Measure.PERCENT)
            left = next((c.period for c in reversed(columns) if c.period), None) if derived else None
            period = left or context_period
        columns.append(Column(j, header, measure, period, _scope(header)))
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
    if re.search(r"\)[a-f]$", label):  # "(budgeted)a": a letter after a parenthesis is a note
        return label[:-1]
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
