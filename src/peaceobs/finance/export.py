"""Finance tables out: CSV and XLSX of scenarios and budget lines, the scale named on each."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import TextIO

from ..export import safe_cell
from .assess import Assessment
from .model import BudgetLine


def _label(a: Assessment) -> str:
    return f"{float(a.share) * 100:g}% of {a.budget_usd:,} USD"


def scenario_rows(scenarios: Sequence[Assessment]) -> tuple[list[str], list[list[object]]]:
    """One row per Member State, one amount column per scenario (and its share of current
    peacekeeping assessments where known); then the totals and the non-assessed remainder."""
    header = ["member_state", "rate_percent"]
    for a in scenarios:
        header.append(f"amount_usd ({_label(a)})")
        if any(r.of_peacekeeping is not None for r in a.rows):
            header.append(f"of_current_peacekeeping ({_label(a)})")
    rows: list[list[object]] = []
    for k, first in enumerate(scenarios[0].rows):
        row: list[object] = [first.member_state, first.rate]
        for a in scenarios:
            share = a.rows[k]
            row.append(share.amount_usd)
            if any(r.of_peacekeeping is not None for r in a.rows):
                row.append(share.of_peacekeeping)
        rows.append(row)
    for label, pick in (("Total assessed", lambda a: a.assessed_usd),
                        ("Not assessed (African Union share)", lambda a: a.not_assessed_usd),
                        ("Budget", lambda a: a.budget_usd)):
        row = [label, ""]
        for a in scenarios:
            row.append(pick(a))
            if any(r.of_peacekeeping is not None for r in a.rows):
                row.append("")
        rows.append(row)
    return header, rows


def scenarios_csv(scenarios: Sequence[Assessment], out: TextIO) -> None:
    scale = scenarios[0]
    out.write(f"# scale: {scale.scale} ({'official' if scale.scale_official else 'ESTIMATE, not official'}, "
              f"{scale.scale_kind}); rounding: largest remainders to the dollar\n")
    header, rows = scenario_rows(scenarios)
    writer = csv.writer(out)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(c) if isinstance(c, str) else c for c in row])


def scenarios_xlsx(scenarios: Sequence[Assessment]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "assessment"
    scale = scenarios[0]
    sheet.append([f"Scale: {scale.scale} — {'official' if scale.scale_official else 'ESTIMATE, not official'} "
                  f"({scale.scale_kind}); amounts rounded to the dollar by largest remainders"])
    header, rows = scenario_rows(scenarios)
    sheet.append(header)
    for row in rows:
        # openpyxl writes a string opening with "=" as a formula: names are quoted as in CSV.
        sheet.append([safe_cell(c) if isinstance(c, str) else c for c in row])
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


LINE_FIELDS = ("category", "group", "period", "measure", "amount_usd", "percent", "mission", "document", "format",
               "table", "row", "column", "page", "paragraph", "printed", "citation")


def lines_csv(lines: Sequence[BudgetLine], out: TextIO) -> None:
    writer = csv.writer(out)
    writer.writerow(LINE_FIELDS)
    for x in lines:
        s = x.source
        writer.writerow([safe_cell(str(v)) if isinstance(v, str) else ("" if v is None else v) for v in (
            x.category, x.group, x.period, x.measure, x.amount_usd, x.percent, x.mission, s.document, s.format,
            s.table, s.row, s.column, s.page, s.paragraph, s.printed, s.cite())])
