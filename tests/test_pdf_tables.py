"""Tables read from the PDF page geometry (ingest/pdf.py): rows, cells, columns.

Every expected figure below was read by hand off the rendered PDF page named with it (the
"Financial resources" tables of three budget reports), never from the program's output; the
same figures are then looked for in the same row and column of the DOCX's table.
"""

from __future__ import annotations

import pytest

from peaceobs.model import TABLE
from peaceobs.pipeline import load

# report → (page read, {row label: {column index: printed figure}}); column 0 is the label.
FIGURES = {
    # A/80/590, page 19, "III. Resource performance / A. Financial resources": columns
    # Apportionment (1), Expenditure (2), Variance amount (3), Variance percentage (4).
    "A_80_590": (19, {
        "Gross requirements": {1: "202 783.5", 2: "164 805.9", 3: "37 977.6", 4: "18.7"},
        "Military contingents": {1: "28 587.8", 2: "42 703.7", 3: "(14 115.9)", 4: "(49.4)"},
        "Staff assessment income": {1: "7 267.5", 2: "5 664.4", 3: "1 603.1", 4: "22.1"},
        "Net requirements": {1: "195 516.0", 2: "159 141.5", 3: "36 374.5", 4: "18.6"},
        "Air operations": {1: "4 052.6", 2: "5 470.3", 3: "(1 417.7)", 4: "(35.0)"},
    }),
    # A/80/623, page 40, "II. Financial resources / A. Overall": 2024/25 apportionment (1),
    # expenditure (2), unencumbered balance (3), percentage (4), 2025/26 apportionment (5),
    # 2026/27 cost estimates (6), variance amount (7), percentage (8). Columns (6) and (7) print
    # almost touching ("409 057.4 (101 296.8)"); two row labels wrap onto a second line.
    "A_80_623": (40, {
        "Gross requirements": {1: "1 171 619.7", 2: "1 146 269.1", 5: "1 174 132.0", 6: "1 021 635.4",
                               7: "(152 496.6)", 8: "(13.0)"},
        "Military contingents": {1: "520 321.4", 5: "510 354.2", 6: "409 057.4", 7: "(101 296.8)", 8: "(19.8)"},
        "Communications and information technology": {1: "39 700.8", 2: "34 034.2", 3: "5 666.6",
                                                      6: "38 058.9", 7: "(1 641.9)"},
        "Other supplies, services and equipment": {2: "54 755.8", 3: "(3 391.3)", 4: "(6.6)", 7: "4 867.3"},
        "Staff assessment income": {1: "18 237.5", 3: "(1 947.1)", 5: "21 144.2", 7: "(738.8)", 8: "(3.5)"},
    }),
    # A/80/628 (UNSOS), page 22, "II. Financial resources / A. Overall": same columns as above.
    "A_80_628": (22, {
        "Gross requirements": {1: "499 765.2", 5: "520 627.9", 6: "481 671.8", 7: "(38 956.1)", 8: "(7.5)"},
        "Military contingents": {1: "104 789.5", 2: "111 318.6", 3: "(6 529.1)", 6: "106 090.3", 7: "762.4"},
        "Communications and information technology": {1: "33 800.8", 6: "25 156.1", 7: "(7 849.5)", 8: "(23.8)"},
        "Air operations": {1: "100 504.8", 5: "112 286.3", 6: "93 606.9", 7: "(18 679.4)"},
        "Net requirements": {2: "476 705.9", 3: "14 849.7", 4: "3.0", 5: "511 450.0", 7: "(40 043.8)"},
    }),
}


def _rows(doc) -> list[list[str]]:
    return [row for p in doc.paragraphs if p.kind == TABLE for row in p.cells()]


def _matches(rows: list[list[str]], label: str, figures: dict[int, str]) -> bool:
    return any(row and row[0] == label and all(len(row) > k and row[k] == v for k, v in figures.items())
               for row in rows)


@pytest.mark.parametrize("report", sorted(FIGURES))
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_financial_table_figures_in_their_row_and_column(corpus, report, fmt):
    doc = load(corpus / "peacekeeping-budget-reports-2026-27" / "originals" / f"{report}.{fmt}")
    rows = _rows(doc)
    page, expected = FIGURES[report]
    for label, figures in expected.items():
        assert _matches(rows, label, figures), (report, fmt, page, label,
                                                [r for r in rows if r and r[0] == label])


def test_pdf_table_keeps_group_labels_and_wrapped_labels(corpus):
    """A/80/623 page 40: the group rows are rows of the table, and a label printed on two lines
    ("Communications and information" / "technology") is one cell of one row."""
    doc = load(corpus / "peacekeeping-budget-reports-2026-27" / "originals" / "A_80_623.pdf")
    table = next(p for p in doc.paragraphs if p.kind == TABLE and "Gross requirements" in p.text
                 and "Military observers" in p.text)
    labels = [row[0] for row in table.cells()]
    for group in ("Military and police personnel", "Civilian personnel", "Operational costs"):
        assert group in labels
    assert "technology" not in labels and "Communications and information" not in labels
    assert labels.index("Gross requirements") < labels.index("Net requirements") < labels.index("Total requirements")


def test_numbered_paragraphs_with_amounts_stay_prose(corpus):
    """Body text is never a table: A/80/628 paragraphs quoting "$" amounts stay paragraphs."""
    doc = load(corpus / "peacekeeping-budget-reports-2026-27" / "originals" / "A_80_628.pdf")
    for p in doc.paragraphs:
        if p.kind == TABLE:
            assert not any(len(" ".join(row)) > 400 for row in p.cells()), p.pid
    assert any(p.kind != TABLE and "$481,671,800" in p.text for p in doc.paragraphs)
