"""Evidence packs: named, stored selections of evidence — paragraphs, documents, comparisons,
mandate timelines, budget tables, assessment scenarios, trend charts, searches — each with a
note, exported as DOCX and PDF with real footnotes in UN style, and as JSON.

    from peaceobs.packs import add_paragraph, add_item, export_docx
    add_paragraph(store, actor, "au-financing", "A/RES/79/1", "OP42(g)", note="the Pact's commitment")
    add_item(store, actor, "au-financing", "mandate", {"mission": "UNSOS"})
    open("brief.docx", "wb").write(export_docx(store, "au-financing", actor))
"""

from ..store.packs import PackNotFound
from ..track.roles import Forbidden
from .core import (
    KINDS,
    PackError,
    add_item,
    add_paragraph,
    annotate,
    can_read,
    clean_params,
    delete,
    get_pack,
    move,
    remove,
    resolve,
    share,
    visible_packs,
)
from .export import export_docx, export_json, export_pdf
from .render import Block, Section, Source, render_pack

__all__ = ["KINDS", "PackError", "PackNotFound", "Forbidden", "add_paragraph", "add_item", "move", "annotate",
           "remove", "delete", "share", "visible_packs", "get_pack", "can_read", "clean_params", "resolve", "export_json",
           "export_docx", "export_pdf", "render_pack", "Section", "Block", "Source"]
