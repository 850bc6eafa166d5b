"""The same budget report read from PDF, DOCX and JSON: are the figures the same?

    python -m bench.figures_agreement            # a Markdown table and every disagreement

Figures: the financial resources tables' lines (category, group, period, measure, site) and the
personnel tables' counts, read by ``peaceobs.finance.read_tables`` from each format.
"""

from __future__ import annotations

from bench.common import CORPUS, machine
from peaceobs.evaluate.figures import agreement


def main() -> None:
    reports = agreement(CORPUS / "peacekeeping-budget-reports-2026-27")
    print(f"Machine: {machine()}; {len(reports)} reports held in more than one format")
    print("| report | formats | money figures agreed / read in any | personnel counts agreed / read in all |")
    print("|---|---|---|---|")
    for r in reports:
        print(f"| {r.symbol} | {', '.join(r.formats)} | {r.agreed} / {r.union} | {r.staff_agreed} / {r.staff_common} |")
    agreed, union = sum(r.agreed for r in reports), sum(r.union for r in reports)
    s_agreed, s_common = sum(r.staff_agreed for r in reports), sum(r.staff_common for r in reports)
    print(f"| all | | {agreed} / {union} ({agreed / union:.1%}) | {s_agreed} / {s_common} ({s_agreed / s_common:.1%}) |")
    print("\nDisagreements (format → figure; — where that format lacks it):")
    for r in reports:
        for d in r.disagreements:
            print(f"- {r.symbol}: {' / '.join(x for x in d.key if x)}: {d.values}")
    print("\nOne document, two figures for one line:")
    for r in reports:
        for c in r.conflicts:
            print(f"- {r.symbol} ({c.format}): {' / '.join(x for x in c.key if x)}: {c.values}")


if __name__ == "__main__":
    main()
