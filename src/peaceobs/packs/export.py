"""Exporting a pack: JSON for reproducibility, DOCX and PDF for reading. All three render the same
sections (:mod:`peaceobs.packs.render`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..store import Store
from ..track.roles import Actor
from .core import get_pack, resolve
from .render import render_pack
from .to_docx import byline
from .to_docx import export_docx as _docx
from .to_pdf import export_pdf as _pdf


def export_json(store: Store, name: str, actor: Actor | None) -> dict[str, Any]:
    """The pack with every item resolvable back to store IDs (``items``: the references, the
    paragraph hashes now and when chosen) and what the DOCX and PDF show (``sections``)."""
    pack = get_pack(store, name, actor)
    return {"format": "peaceobs-pack", "version": 2, "name": pack.name, "title": pack.title, "owner": pack.owner,
            "shared": pack.shared, "created_at": pack.created_at, "updated_at": pack.updated_at,
            "exported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "items": resolve(store, pack), "sections": [s.to_dict() for s in render_pack(store, pack)]}


def export_docx(store: Store, name: str, actor: Actor | None) -> bytes:
    """The pack as a Word document with real footnotes and a table of sources."""
    pack = get_pack(store, name, actor)
    sections = render_pack(store, pack)
    return _docx(pack.title or pack.name, byline(pack.name, pack.owner, len(sections)), sections)


def export_pdf(store: Store, name: str, actor: Actor | None) -> bytes:
    """The pack as PDF (Typst, embedded fonts only) with real footnotes and a table of sources."""
    pack = get_pack(store, name, actor)
    sections = render_pack(store, pack)
    return _pdf(pack.title or pack.name, byline(pack.name, pack.owner, len(sections)), sections)
