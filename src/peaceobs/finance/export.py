"""Finance tables out: CSV and XLSX of scenarios and budget lines, the scale named on each."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from ..export import csv_writer, xlsx_bytes
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
    writer = csv_writer(out)
    writer.writerow(header)
    writer.writerows(rows)


def scenarios_xlsx(scenarios: Sequence[Assessment]) -> bytes:
    scale = scenarios[0]
    note = (f"Scale: {scale.scale} — {'official' if scale.scale_official else 'ESTIMATE, not official'} "
            f"({scale.scale_kind}); amounts rounded to the dollar by largest remainders")
    header, rows = scenario_rows(scenarios)
    return xlsx_bytes("assessment", [[note], header, *rows])


LINE_FIELDS = ("category", "group", "period", "measure", "amount_usd", "percent", "mission", "document", "format",
               "table", "row", "column", "page", "paragraph", "printed", "citation")


def lines_csv(lines: Sequence[BudgetLine], out: TextIO) -> None:
    writer = csv_writer(out)
    writer.writerow(LINE_FIELDS)
    for x in lines:
        s = x.source
        writer.writerow((
            x.category, x.group, x.period, x.measure, x.amount_usd, x.percent, x.mission, s.document, s.format,
            s.table, s.row, s.column, s.page, s.paragraph, s.printed, s.cite()))
