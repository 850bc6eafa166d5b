"""A pack as a Word document (python-docx): the pack's title, then each item — quotations, tables,
redlines (deletions struck through, insertions underlined), charts as images — with a real Word
footnote citing its sources in UN style (the long form at a document's first mention, the short
form after), the author's note, and at the end a table of sources."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from typing import Any

from lxml import etree

from ..compare.render import redline_runs
from .render import Block, Section, Source

MAX_FOOTNOTE_SOURCES = 6
# Characters XML 1.0 cannot hold (a document's form feed, a stray control byte): dropped.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def _clean(sections: list[Section]) -> list[Section]:
    """The sections with every text XML-safe (python-docx refuses a control character)."""
    out = []
    for s in sections:
        blocks = [dataclasses.replace(b, text=xml_safe(b.text), caption=xml_safe(b.caption),
                                      rows=[[xml_safe(c) for c in r] for r in b.rows],
                                      runs=[(op, xml_safe(t)) for op, t in b.runs]) for b in s.blocks]
        out.append(dataclasses.replace(s, heading=xml_safe(s.heading), blocks=blocks, note=xml_safe(s.note),
                                       problem=xml_safe(s.problem)))
    return out

# DOCX footnotes. python-docx has no footnote API: we add the part ourselves — word/footnotes.xml
# with the two separator footnotes Word expects (IDs 0 and 1, referenced from settings.xml), a
# relationship from the document part, and a w:footnoteReference run after each quotation.
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FOOTNOTES_XML = (f'<w:footnotes xmlns:w="{_W}">'
                  '<w:footnote w:type="separator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
                  'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
                  '<w:footnote w:type="continuationSeparator" w:id="1"><w:p><w:pPr><w:spacing w:after="0" '
                  'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
                  '</w:footnotes>')


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


class _Footnotes:
    """The footnotes part of one document and the next free ID."""

    def __init__(self, document: Any) -> None:
        from docx.opc.constants import CONTENT_TYPE as CT
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.packuri import PackURI
        from docx.opc.part import XmlPart
        from docx.oxml.parser import parse_xml

        # An XmlPart serialises its element when the package is saved: footnotes added later land.
        self.root = parse_xml(_FOOTNOTES_XML)
        self.part = XmlPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, self.root, document.part.package)
        document.part.relate_to(self.part, RT.FOOTNOTES)
        self.next_id = 2
        self._settings(document)

    @staticmethod
    def _settings(document: Any) -> None:
        """Name the separator footnotes in settings.xml, as Word writes them; w:footnotePr goes
        before w:endnotePr/w:compat and after the elements that precede it in the schema, so it
        is inserted before the first of its successors present."""
        settings = document.settings.element
        pr = etree.SubElement(settings, _w("footnotePr"))
        for fid in ("0", "1"):
            etree.SubElement(pr, _w("footnote")).set(_w("id"), fid)
        successors = ("endnotePr", "compat", "docVars", "rsids", "mathPr", "attachedSchema", "themeFontLang",
                      "clrSchemeMapping", "doNotIncludeSubdocsInStats", "doNotAutoCompressPictures",
                      "forceUpgrade", "captions", "readModeInkLockDown", "smartTagType", "schemaLibrary",
                      "shapeDefaults", "doNotEmbedSmartTags", "decimalSymbol", "listSeparator")
        for child in settings:
            if child is not pr and etree.QName(child).localname in successors:
                child.addprevious(pr)
                break

    def add(self, paragraph: Any, text: str) -> int:
        """A footnote with ``text``, referenced by a superscript run at the end of ``paragraph``."""
        fid = self.next_id
        self.next_id += 1
        note = etree.SubElement(self.root, _w("footnote"))
        note.set(_w("id"), str(fid))
        p = etree.SubElement(note, _w("p"))
        ref_run = etree.SubElement(p, _w("r"))
        rpr = etree.SubElement(ref_run, _w("rPr"))
        etree.SubElement(rpr, _w("vertAlign")).set(_w("val"), "superscript")
        etree.SubElement(ref_run, _w("footnoteRef"))
        run = etree.SubElement(p, _w("r"))
        rpr = etree.SubElement(run, _w("rPr"))
        etree.SubElement(rpr, _w("sz")).set(_w("val"), "18")  # 9 pt, as footnote text is set
        t = etree.SubElement(run, _w("t"))
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = " " + xml_safe(text)
        # The reference in the body: a run python-docx knows nothing of, built as raw XML.
        body_run = paragraph.add_run()._r
        rpr = body_run.get_or_add_rPr()
        va = etree.SubElement(rpr, _w("vertAlign"))
        va.set(_w("val"), "superscript")
        etree.SubElement(body_run, _w("footnoteReference")).set(_w("id"), str(fid))
        return fid


def footnote_text(sources: list[Source], cited: set[str]) -> str:
    """The footnote for a section's sources: long form at a document's first mention, short after;
    a sentence, as the UN's editorial style writes one ("Resolution 79/1, para. 1.")."""
    parts = []
    for s in sources:
        parts.append(s.short if s.symbol in cited else s.citation)
        cited.add(s.symbol)
    parts = list(dict.fromkeys(parts))
    if len(parts) > MAX_FOOTNOTE_SOURCES:
        # A mandate of forty renewals: the first and the last in the note, every one in the table
        # of sources.
        left = len(parts) - 2
        parts = [parts[0], f"{left} other documents listed under Sources", parts[-1]]
    text = "; ".join(parts)
    return text[:1].upper() + text[1:] + "."


def source_table(sections: list[Section]) -> list[list[str]]:
    """The table of sources: one row per document cited, with the paragraphs cited."""
    rows: dict[str, list[Any]] = {}
    for section in sections:
        for s in section.sources:
            whole = s.document_citation or s.citation
            row = rows.setdefault(s.symbol, [whole[:1].upper() + whole[1:], re.sub(r"^\d+/\d+\.\s*", "", s.title),
                                             s.date, []])
            if s.pid and s.pid not in row[3]:
                row[3].append(s.pid)
    return [["Source", "Title", "Date", "Paragraphs cited"]] + [[*r[:3], ", ".join(r[3]) or "—"] for r in rows.values()]


def chart_png(block: Block) -> bytes:
    """A chart drawn offline (vl-convert bundles Vega and its fonts)."""
    import vl_convert

    return vl_convert.vegalite_to_png(block.spec, scale=2)


def export_docx(title: str, byline: str, sections: list[Section]) -> bytes:
    from docx import Document as Docx
    from docx.shared import Inches, Pt

    sections = _clean(sections)
    document = Docx()
    notes = _Footnotes(document)
    document.add_heading(xml_safe(title), level=1)
    document.add_paragraph(xml_safe(byline))
    cited: set[str] = set()
    for section in sections:
        if section.heading:
            document.add_heading(section.heading, level=2)
        if section.problem:
            document.add_paragraph(f"[Item {section.position}: {section.problem}]")
        anchor = None
        for block in section.blocks:
            if block.caption and block.kind != "redline":
                cap = document.add_paragraph()
                cap.add_run(block.caption).bold = True
            if block.kind == "quote":
                para = document.add_paragraph(style="Quote")
                para.add_run(f"“{block.text}”")
            elif block.kind == "text":
                para = document.add_paragraph(block.text)
            elif block.kind == "redline":
                head = document.add_paragraph()
                head.add_run(block.caption).bold = True
                para = document.add_paragraph()
                redline_runs(para, block.runs)
            elif block.kind == "table":
                para = _table(document, block.rows)
            elif block.kind == "chart":
                document.add_picture(io.BytesIO(chart_png(block)), width=Inches(6))
                para = document.paragraphs[-1]
            else:
                continue
            anchor = anchor or para
        if section.sources and anchor is not None:
            # A table has no paragraph to carry the reference: a line after it does.
            target = anchor if hasattr(anchor, "add_run") else document.add_paragraph("Source:")
            notes.add(target, footnote_text(section.sources, cited))
        if section.note:
            run = document.add_paragraph().add_run("Note: " + section.note)
            run.italic = True
            run.font.size = Pt(10)
    rows = source_table(sections)
    if len(rows) > 1:
        document.add_heading("Sources", level=2)
        _table(document, rows)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def _table(document: Any, rows: list[list[str]]) -> Any:
    width = max((len(r) for r in rows), default=1) or 1  # an empty table paragraph: one empty cell
    table = document.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    for k, row in enumerate(rows):
        cells = table.add_row().cells
        for cell, text in zip(cells, [*row, *[""] * (width - len(row))], strict=True):
            cell.text = xml_safe(text)
            if k == 0:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
    return table


def byline(name: str, owner: str, count: int) -> str:
    return f"Evidence pack “{name}” by {owner}, {dt.date.today().isoformat()}; {count} items."
