"""Evidence packs: a named, stored selection of paragraphs (and, ready for later, comparisons,
finance tables and searches), each with a note, owned by its author and private or shared
read-only with the team; exported as JSON (every item resolvable back to store IDs) and as DOCX
with real footnotes citing each source in UN style and a table of sources.

Who may do what: any role from analyst up makes packs; only the owner or an admin changes one;
anyone may read a shared pack, only its owner and admins a private one. The store records and
audits (:mod:`peaceobs.store.packs`); this module decides and renders.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from lxml import etree

from .cite import cite
from .errors import PeaceobsError
from .model import Document
from .store import Store
from .store.packs import PackItemRow, PackNotFound, PackRow
from .track.roles import Actor, Forbidden, Role, require

__all__ = ["KINDS", "PackError", "PackNotFound", "Forbidden", "add_paragraph", "add_item", "move", "annotate",
           "share", "visible_packs", "get_pack", "resolve", "export_json", "export_docx"]

# Item kinds and the keys their reference needs. Only paragraphs and documents are rendered in
# exports yet; the others are stored, listed and exported as JSON as they are.
KINDS: dict[str, tuple[str, ...]] = {
    "paragraph": ("symbol", "pid"),
    "document": ("symbol",),
    "comparison": ("a", "b"),
    "finance": (),  # a budget key ("budget") or an assessment's parameters ("assessment"): one of them
    "search": ("query",),
}
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}$")


class PackError(PeaceobsError):
    """A pack or item that cannot be made as asked (bad name, unknown document or paragraph)."""


# ---- permissions ------------------------------------------------------------------------------


def _require_maker(actor: Actor) -> None:
    require(actor, "pack")


def _require_editor(pack: PackRow, actor: Actor) -> None:
    _require_maker(actor)
    if actor.name != pack.owner and actor.role < Role.ADMIN:
        raise Forbidden(f"pack {pack.name!r} belongs to {pack.owner}; only its owner or an admin may change it")


def can_read(pack: PackRow, actor: Actor | None) -> bool:
    return pack.shared or (actor is not None and (actor.name == pack.owner or actor.role >= Role.ADMIN))


def get_pack(store: Store, name: str, actor: Actor | None) -> PackRow:
    """The pack, if ``actor`` may read it. A private pack of someone else reads as absent: its
    name is not confirmed to someone who may not see it."""
    pack = store.pack(name)
    if pack is None or not can_read(pack, actor):
        raise PackNotFound(f"no pack {name!r}" + ("" if actor else " shared with the team (give --as to see your own)"))
    return pack


def visible_packs(store: Store, actor: Actor | None) -> list[PackRow]:
    return [p for p in store.packs() if can_read(p, actor)]


# ---- writes -----------------------------------------------------------------------------------


def _pack_for_writing(store: Store, actor: Actor, name: str, title: str, shared: bool) -> PackRow:
    """The pack to add to: made for ``actor`` if it does not exist, else checked as theirs."""
    _require_maker(actor)
    pack = store.pack(name)
    if pack is None:
        if not _NAME.match(name):
            raise PackError(f"pack name {name!r}: 1–64 letters, digits, '-', '_' or '.', starting with a letter or digit")
        return store.create_pack(name, actor.name, title, shared)
    _require_editor(pack, actor)
    return pack


def add_paragraph(store: Store, actor: Actor, name: str, symbol: str, pid: str | None = None, note: str = "",
                  title: str = "", shared: bool = False) -> PackItemRow:
    """Add a stored paragraph (or, without ``pid``, a whole document) to a pack, making the pack
    if it is missing. The paragraph's content hash is kept so an export can tell whether the
    text has changed since it was chosen."""
    _require_maker(actor)  # before any look-up: a reader learns nothing about the store's packs
    doc = store.get_document(symbol)
    if doc is None:
        raise PackError(f"no document {symbol!r} in the store")
    if pid is None:
        ref: dict[str, Any] = {"symbol": doc.symbol}
        kind = "document"
    else:
        para = doc.paragraph(pid)
        if para is None:
            raise PackError(f"{doc.symbol} has no paragraph {pid!r}")
        ref, kind = {"symbol": doc.symbol, "pid": para.pid, "hash": para.hash}, "paragraph"
    _pack_for_writing(store, actor, name, title, shared)
    return store.add_pack_item(name, kind, ref, note, actor.name)


def add_item(store: Store, actor: Actor, name: str, kind: str, ref: dict[str, Any], note: str = "",
             title: str = "", shared: bool = False) -> PackItemRow:
    """Add an item of any kind by its reference (comparisons, finance, searches: stored for later
    rendering). Paragraphs should go through :func:`add_paragraph`, which checks they exist."""
    if kind not in KINDS:
        raise PackError(f"unknown item kind {kind!r} ({', '.join(KINDS)})")
    missing = [k for k in KINDS[kind] if not ref.get(k)]
    if kind == "finance" and not (ref.get("budget") or ref.get("assessment")):
        missing = ["budget or assessment"]
    if missing:
        raise PackError(f"a {kind} item needs {', '.join(missing)}")
    _pack_for_writing(store, actor, name, title, shared)
    return store.add_pack_item(name, kind, ref, note, actor.name)


def move(store: Store, actor: Actor, name: str, position: int, new_position: int) -> list[PackItemRow]:
    pack = get_pack(store, name, actor)
    _require_editor(pack, actor)
    return store.move_pack_item(name, position, new_position, actor.name)


def annotate(store: Store, actor: Actor, name: str, position: int, note: str) -> PackItemRow:
    pack = get_pack(store, name, actor)
    _require_editor(pack, actor)
    return store.note_pack_item(name, position, note, actor.name)


def share(store: Store, actor: Actor, name: str, shared: bool) -> PackRow:
    pack = get_pack(store, name, actor)
    _require_editor(pack, actor)
    return store.share_pack(name, shared, actor.name)


# ---- resolving and exporting ------------------------------------------------------------------


def resolve(store: Store, pack: PackRow) -> list[dict[str, Any]]:
    """Each item with what an export needs: for paragraphs and documents the stored text, the
    content hash now and when chosen, and the UN citation in long and short form; other kinds as
    stored. ``resolved`` is false when the paragraph is gone from the store (re-ingested without
    it); ``changed`` is true when its text differs from the one chosen."""
    docs: dict[str, Document | None] = {}
    out: list[dict[str, Any]] = []
    for item in store.pack_items(pack.name):
        entry: dict[str, Any] = {"position": item.position, "kind": item.kind, "note": item.note,
                                 "ref": item.ref, "added_by": item.added_by, "added_at": item.added_at}
        if item.kind in ("paragraph", "document"):
            symbol = item.ref["symbol"]
            if symbol not in docs:
                docs[symbol] = store.get_document(symbol)
            doc = docs[symbol]
            entry.update(symbol=symbol, resolved=doc is not None)
            if doc is not None:
                entry.update(document_title=doc.title, date=doc.date, body=doc.body, document_citation=cite(doc),
                             citation=cite(doc), short_citation=cite(doc, short=True))
            if item.kind == "paragraph":
                para = doc.paragraph(item.ref["pid"]) if doc is not None else None
                entry.update(pid=item.ref["pid"], resolved=para is not None, hash_chosen=item.ref.get("hash"))
                if doc is not None and para is not None:
                    entry.update(hash=para.hash, text=para.text, changed=bool(item.ref.get("hash"))
                                 and para.hash != item.ref.get("hash"),
                                 citation=cite(doc, para.pid), short_citation=cite(doc, para.pid, short=True))
        out.append(entry)
    return out


def export_json(store: Store, name: str, actor: Actor | None) -> dict[str, Any]:
    pack = get_pack(store, name, actor)
    return {"format": "peaceobs-pack", "version": 1, "name": pack.name, "title": pack.title, "owner": pack.owner,
            "shared": pack.shared, "created_at": pack.created_at, "updated_at": pack.updated_at,
            "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "items": resolve(store, pack)}


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
        t.text = " " + text
        # The reference in the body: a run python-docx knows nothing of, built as raw XML.
        body_run = paragraph.add_run()._r
        rpr = body_run.get_or_add_rPr()
        va = etree.SubElement(rpr, _w("vertAlign"))
        va.set(_w("val"), "superscript")
        etree.SubElement(body_run, _w("footnoteReference")).set(_w("id"), str(fid))
        return fid


def export_docx(store: Store, name: str, actor: Actor | None) -> bytes:
    """The pack as a Word document: each quoted paragraph (or cited document) with a footnote
    citing its source in UN style — the long form at a document's first mention, the short form
    after — its note, then a table of sources. Kinds not rendered yet get a line saying so."""
    from docx import Document as Docx
    from docx.shared import Pt

    pack = get_pack(store, name, actor)
    items = resolve(store, pack)
    document = Docx()
    notes = _Footnotes(document)
    document.add_heading(pack.title or pack.name, level=1)
    document.add_paragraph(f"Evidence pack “{pack.name}” by {pack.owner}, "
                           f"{dt.date.today().isoformat()}; {len(items)} items.")
    cited: set[str] = set()
    sources: dict[str, dict[str, Any]] = {}
    for item in items:
        if item["kind"] in ("paragraph", "document"):
            symbol = item["symbol"]
            if not item.get("resolved") or "citation" not in item:
                document.add_paragraph(f"[{symbol} {item.get('pid', '')}: no longer in the store]".replace(" ]", "]"))
            else:
                if item["kind"] == "paragraph":
                    para = document.add_paragraph(style="Quote")
                    para.add_run(f"“{item['text']}”")
                else:
                    para = document.add_paragraph()
                    para.add_run(item.get("document_title") or symbol).italic = True
                text = item["short_citation"] if symbol in cited else item["citation"]
                # A footnote is a sentence: "Resolution 79/1, para. 1." (UN editorial style).
                notes.add(para, text[:1].upper() + text[1:] + ".")
                cited.add(symbol)
                src = sources.setdefault(symbol, {"citation": item["document_citation"], "symbol": symbol,
                                                   "title": item.get("document_title") or "",
                                                   "date": item.get("date") or "", "paragraphs": []})
                if item["kind"] == "paragraph":
                    src["paragraphs"].append(item["pid"])
        else:
            document.add_paragraph(f"[{item['kind']} item, not rendered in DOCX yet: "
                                   f"{', '.join(f'{k}={v}' for k, v in sorted(item['ref'].items()))}]")
        if item["note"]:
            note = document.add_paragraph()
            run = note.add_run("Note: " + item["note"])
            run.italic = True
            run.font.size = Pt(10)
    if sources:
        document.add_heading("Sources", level=2)
        table = document.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, ("Source", "Title", "Date", "Paragraphs cited"), strict=True):
            cell.text = text
        for src in sources.values():
            cells = table.add_row().cells
            cells[0].text = src["citation"]
            cells[1].text = re.sub(r"^\d+/\d+\.\s*", "", src["title"])
            cells[2].text = (src["date"] or "")[:10]
            cells[3].text = ", ".join(src["paragraphs"]) or "—"
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()
