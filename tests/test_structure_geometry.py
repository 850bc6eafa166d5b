"""Page geometry and numbering rules on small inputs written for the purpose (no corpus needed).

Each input is shaped like the budget-report PDFs or the Markdown resolutions the rule is for; the
comment names the real case, read in the corpus (docs/STRUCTURE.md, "Cross-extraction agreement").
"""

from pathlib import Path

from peaceobs.ingest.base import HUNG, INDENTED, SHORT_LINE, TABLE_ROW
from peaceobs.ingest.markdown import read_markdown
from peaceobs.ingest.pdf import _Cell, _footnote_rule, _Line, _mark_amount_rows, _mark_lines, _Row
from peaceobs.structure.furniture import PAGE_BREAK, strip_markers
from peaceobs.structure.lines import join_blocks
from peaceobs.structure.paragraphs import TextBlock
from peaceobs.structure.runon import split_run_on

FULL = "x" * 70  # a line of body text that runs to the right margin


def _blocks(lines: list[str]) -> list[str]:
    return [b.text for b in join_blocks(lines, blank_lines_separate=False, keep_hyphens=True)]


def test_lines_off_the_left_margin_are_marked():
    # A/80/624: body text starts at 124 pt; an item "(a) …" is set in to 148 pt, a lettered side
    # heading "(a) Movement of …" (A/80/590) hangs out at 99 pt; a short last line stops at 300 pt.
    body = (124.0, 488.0)
    page = (595.0, ["1. " + FULL, FULL, "(a) Item " + FULL, "(b) Side heading", "end of it."],
            [body, body, (148.0, 488.0), (99.0, 230.0), (124.0, 300.0)])
    marked = _mark_lines([page, page])[0]
    assert marked[0] == "1. " + FULL and marked[1] == FULL
    assert marked[2] == "(a) Item " + FULL + INDENTED
    assert marked[3] == "(b) Side heading" + HUNG + SHORT_LINE
    assert marked[4] == "end of it." + SHORT_LINE


def test_an_item_at_the_margin_after_a_full_line_runs_on():
    # A/80/624 para. 75: "(a) …; (b) …; (c) …; (d) …;" inline, then a page break and "(e) Triennial
    # Review Report …" at the margin; the items of this report that stand alone are set in.
    lines = ["75. The following evaluations guided planning: (a) Evaluation of one;", "(b) Review of two;",
             PAGE_BREAK, "(e) Triennial Review Report on the Implementation;", "and (f) Evaluation." + SHORT_LINE,
             "76. In response." + SHORT_LINE, "(a) Set in item opens a sentence." + INDENTED + SHORT_LINE]
    blocks = _blocks(lines)
    assert blocks[0].startswith("75. ") and "(e) Triennial Review Report" in blocks[0]
    assert blocks[1:] == ["76. In response.", "(a) Set in item opens a sentence."]


def test_a_set_off_line_after_a_full_sentence_opens_a_block():
    # A/80/590 para. 57 ends "… provision of security services." at the right margin; the next
    # line, set off, is "Expected accomplishment 1.1: Rapid, effective …".
    lines = ["57. The liquidation entails services:" + SHORT_LINE, "(a) Set in item." + INDENTED + SHORT_LINE,
             "58. The range of support ended with security services.",
             "Expected accomplishment 1.1: Rapid, effective support" + INDENTED]
    assert _blocks(lines)[-1] == "Expected accomplishment 1.1: Rapid, effective support"


def test_hung_headings_do_not_make_items_at_the_margin_run_on():
    # A report whose chapter headings hang into the margin and whose items start at the margin:
    # an item after a full line still opens (the layout is learnt from items after a short line).
    lines = ["I. Introduction" + HUNG + SHORT_LINE, "2. The Committee recommends:" + SHORT_LINE,
             "(a) That the first item be done;" + SHORT_LINE, "(b) That the second item, which runs to the",
             "right margin, be done in full;", "(c) That the third item be done." + SHORT_LINE]
    blocks = _blocks(lines)
    assert blocks[-3:] == ["(a) That the first item be done;",
                           "(b) That the second item, which runs to the right margin, be done in full;",
                           "(c) That the third item be done."]


def test_a_chapter_heading_after_an_unfinished_sentence_opens_a_block():
    # A/80/628 para. 51 "… is planned for the 2026/27 period" (no full stop), a page break, then
    # "II. Financial resources"; a single letter ("W. Nimitz") may still be an initial.
    lines = ["51. A self-evaluation is planned for the 2026/27 period", PAGE_BREAK,
             "II. Financial resources" + INDENTED + SHORT_LINE, "A. Overall" + INDENTED + SHORT_LINE]
    assert _blocks(lines)[:2] == ["51. A self-evaluation is planned for the 2026/27 period",
                                  "II. Financial resources"]


def test_a_paragraph_number_due_next_opens_a_paragraph_without_its_full_stop():
    # A/80/607: "49 For the 2024/25 period, the reduced requirements …" under a variance table.
    lines = ["48. Requirements are lower." + SHORT_LINE, "Military contingents $526.0 2.4%",
             "49 For the 2024/25 period, the reduced requirements were attributable", "to rations." + SHORT_LINE]
    blocks = _blocks(lines)
    assert blocks[-1] == "49 For the 2024/25 period, the reduced requirements were attributable to rations."
    # A date at a line start is no paragraph number (S/RES/818 (1993): "… dated" | "2 April 1993").
    lines = ["1. Takes note of the report of the Secretary-General dated",
             "2 April 1993 on the situation;" + SHORT_LINE, "2. Decides to remain seized." + SHORT_LINE]
    assert _blocks(lines)[0] == "1. Takes note of the report of the Secretary-General dated 2 April 1993 on the situation;"


def test_a_number_in_a_list_of_numbers_is_no_note_marker():
    # A/80/628 para. 15 "… across phases 2, 3 and 4 …" with note 3 glued to "Phase 2" at a line end;
    # A/RES/80/6 OP1 "… for 2024/25; 4" (note 4 after the semicolon).
    lines = ["the commencement of Phase 23" + SHORT_LINE, "across phases 2, 3 and 4 of the concept."]
    assert strip_markers(lines, ["3"]) == ["the commencement of Phase 2" + SHORT_LINE,
                                           "across phases 2, 3 and 4 of the concept."]
    assert strip_markers(["Welcomes the report for 2024/25; 4"], ["4"]) == ["Welcomes the report for 2024/25;"]


def test_a_typed_rule_goes_above_small_notes_under_a_drawn_one():
    # A/80/605 annex II: note 1 in 8.5 pt under 10 pt text, its rule drawn (no "____" text).
    body = [_Line(f"Line {k} of the body text.", (124.0, 488.0), 700.0 - 12 * k, 10.0) for k in range(6)]
    notes = [_Line("1 Recommendations of the Advisory Committee", (118.0, 465.0), 92.0, 8.5),
             _Line("contained in A/76/760/Add.5.", (124.0, 300.0), 82.0, 8.5)]
    out = [x.text for x in _footnote_rule(body + notes, [99.0])]
    assert out[6] == "_" * 18 and out[7].startswith("1 Recommendations")
    # No rule drawn between the text and the notes, no note in a smaller size, or small figures
    # that open no note (a chart's labels "4 088 3 509", A/80/611): left as it is.
    assert len(_footnote_rule(body + notes, [])) == 8
    assert len(_footnote_rule(body, [99.0])) == 6
    labels = [_Line("4 088 3 509 3 047", (130.0, 400.0), 92.0, 7.0)]
    assert len(_footnote_rule(body + labels, [99.0])) == 7


def _row(y: float, *cells: tuple[float, float, str]) -> _Row:
    return _Row(y, 7.0, [_Cell(a, b, t) for a, b, t in cells], [])


def test_a_two_column_statement_is_a_table():
    # A/80/590 section V: "Cash assets …… 194 056.4", figures right-aligned at 487 pt.
    rows = [_row(364, (138, 182, "Cash assets"), (451, 487, "194 056.4")),
            _row(332, (124, 249, "Contributions received in advance"), (467, 487, "312.2")),
            _row(318, (123, 272, "Accounts payable and accrued liabilities"), (456, 486.5, "98 574.1")),
            _row(303, (124, 209, "Other accounts payable"), (452, 487, "135 030.4")),
            _row(290, (124, 480, "A line of prose that runs across the page and ends at the margin.")),
            _row(280, (124, 300, "Prose with a figure"), (310, 330, "42"))]
    _mark_amount_rows(rows)
    assert [r.kind for r in rows] == ["amount"] * 4 + ["other", "other"]


def test_a_markdown_note_reference_below_one_passed_is_text(tmp_path: Path):
    # A/RES/80/48 OP12: "the Young Professionals Network of P[^5] academics" after note 13.
    md = tmp_path / "A_RES_99_1.md"
    # A note referenced again ("79/2[^12]") stays a marker; an escape ("3\\.") is its character.
    md.write_text("---\nsymbol: A/RES/99/1\n---\n\n1. Recalls its resolution 1/1,[^12] and"
                  " Youth4Disarmament,[^13] with the Network of P[^5] academics;\n\n"
                  "2. Recalls also resolution 79/2[^12] &amp; 3\\. of it;\n\n[^5]: Five.\n\n"
                  "[^12]: Twelve.\n\n[^13]: Thirteen.\n", encoding="utf-8")
    raw = read_markdown(md)
    assert raw.blocks[0].text == "1. Recalls its resolution 1/1, and Youth4Disarmament, with the Network of P5 academics;"
    assert raw.blocks[1].text == "2. Recalls also resolution 79/2 & 3. of it;"


def test_paragraphs_run_together_are_split_by_their_numbers():
    # A/RES/80/5: "… for Sustainable Development.2 2. We acknowledge …"; A/RES/80/3: "Global context
    # and shared commitments 3. We gather …"; a cited number ("paragraph 3. The") stays.
    blocks = [TextBlock("1. We met. We welcome the Agenda for Sustainable Development.2 2. We acknowledge the need."),
              TextBlock("Global context and shared commitments 3. We gather at a juncture."),
              TextBlock("4. We recall paragraph 5. The rest follows."),
              TextBlock("Action 5. We will adapt peace operations."),
              TextBlock("5. We recall the staffing."), TextBlock("See the staffing in Table 6. Number of staff.")]
    texts = [b.text for b in split_run_on(blocks)]
    assert texts == ["1. We met. We welcome the Agenda for Sustainable Development.2",
                     "2. We acknowledge the need.", "Global context and shared commitments",
                     "3. We gather at a juncture.", "4. We recall paragraph 5. The rest follows.",
                     "Action 5. We will adapt peace operations.", "5. We recall the staffing.",
                     "See the staffing in Table 6. Number of staff."]


def test_table_rows_of_two_tables_stay_apart():
    # A/80/623: a two-column personnel table ("Category | Total") straight above a wide one; the
    # reader ends each table with a blank line, so they stay two tables.
    lines = [TABLE_ROW + "Category | Total", TABLE_ROW + "Approved 2024/25 | 155", "",
             TABLE_ROW + "Net change | – | (11)", TABLE_ROW + "IV. Formed police units"]
    tables = [b.text for b in join_blocks(lines, blank_lines_separate=False, keep_hyphens=True) if b.hint == "table"]
    assert tables == ["Category | Total\nApproved 2024/25 | 155", "Net change | – | (11)\nIV. Formed police units"]


def test_a_table_printed_one_cell_per_line_with_wrapped_cells_is_a_table():
    # A/RES/79/250 OP11: "Level" / "Criterion" / "Threshold in United States" / "dollars
    # (2025–2027)" / "Discount" / "(percentage)" / "A" / … rows keyed A, B, C …, a criterion
    # wrapped after "for all", and the table's note "a …" under it (marker glued: "basis)a").
    from peaceobs.ingest.base import RawDocument
    from peaceobs.model import FOOTNOTE, TABLE
    from peaceobs.structure import structure

    lines = ["United Nations", "A/RES/99/2", "", "General Assembly", "", "99/2. A scale", "",
             "The General Assembly,", "", "Recalling its resolution 1/1,", "",
             "1. Decides that the levels shall be as set forth in the table below:", "",
             "Level", "Criterion", "Threshold in United States", "dollars (2025–2027)", "Discount",
             "(percentage)", "A", "Permanent members of the Security Council", "Not applicable", "Premium",
             "B", "Member States with income less than the average for all",
             "Member States (except level A)", "Under 11,473", "80 (or 70 on a", "voluntary basis)a",
             "C", "Least developed countries", "Not applicable", "90", "",
             "a Member States in level B* have a discount of 70 per cent.", "",
             "2. Decides to remain seized of the matter."]
    doc = structure(RawDocument("test", "ga-json", "h", {"symbol": "A/RES/99/2"}, pages=[lines]))
    table = doc.paragraph("T1")
    assert table.kind == TABLE and table.parent == "OP1"
    assert table.cells() == [
        ["Level", "Criterion", "Threshold in United States dollars (2025–2027)", "Discount (percentage)"],
        ["A", "Permanent members of the Security Council", "Not applicable", "Premium"],
        ["B", "Member States with income less than the average for all Member States (except level A)",
         "Under 11,473", "80 (or 70 on a voluntary basis)a"],
        ["C", "Least developed countries", "Not applicable", "90"]]
    note = doc.paragraph("T1.a")
    assert note.kind == FOOTNOTE and note.text == "Member States in level B* have a discount of 70 per cent."
    assert [p.pid for p in doc.paragraphs if p.kind == "operative"] == ["OP1", "OP2"]
