"""Evidence packs: who may make, change and read them, and what an item refers to.

A pack is a named, stored selection — paragraphs, documents, comparisons, mandate timelines,
budget tables, assessment scenarios, trend charts, searches — each with a note, owned by its
author and private or shared read-only with the team. Any role from analyst up makes packs; only
the owner or an admin changes one; anyone may read a shared pack, only its owner and admins a
private one. The store records and audits (:mod:`peaceobs.store.packs`); this module decides.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..cite import cite
from ..errors import PeaceobsError
from ..model import Document
from ..store import Store
from ..store.packs import PackItemRow, PackNotFound, PackRow
from ..track.roles import Actor, Forbidden, Role, require

# Item kinds and the keys their reference needs. ``params`` are the query parameters of the page
# the item was added from (/assess, /trends, /search), each a list of strings as a query string
# carries them: the export computes the same result again from the store.
KINDS: dict[str, tuple[str, ...]] = {
    "paragraph": ("symbol", "pid"),
    "document": ("symbol",),
    "comparison": ("a", "b"),  # two symbols: draft → adopted
    "mandate": ("mission",),  # a mission's mandate timeline
    "budget": ("mission",),  # a mission's budget series (gross requirements)
    "assessment": ("params",),  # budget, share, scale
    "trend": ("params",),  # term, body, by, drafts
    "search": ("params",),  # q and the filters
}
MAX_PARAM_VALUES = 12  # a page's parameters: a few terms or shares, never a payload
MAX_ITEMS = 200  # a brief, not an archive: each item is computed again at every export
# Names the pack routes take for themselves: /packs/add, /packs/NAME.docx|.pdf|.json.
_RESERVED = re.compile(r"^add$|\.(?:docx|pdf|json)$", re.I)
# Characters XML cannot hold (a DOCX is XML): never stored in a note or title.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean_text(text: str, limit: int = 2000) -> str:
    """A note or title as stored: control characters dropped, at most ``limit`` characters."""
    return _CONTROL.sub("", text or "")[:limit]
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
        if not _NAME.match(name) or _RESERVED.search(name):
            raise PackError(f"pack name {name!r}: 1–64 letters, digits, '-', '_' or '.', starting with a letter or "
                            "digit; not 'add', not ending .docx, .pdf or .json")
        return store.create_pack(name, actor.name, clean_text(title, 200), shared)
    if not can_read(pack, actor):  # someone else's private pack: as absent as when reading it
        raise PackNotFound(f"no pack {name!r}")
    _require_editor(pack, actor)
    if len(store.pack_items(name)) >= MAX_ITEMS:
        raise PackError(f"pack {name!r} holds {MAX_ITEMS} items, the most a pack may hold")
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
    return store.add_pack_item(name, kind, ref, clean_text(note), actor.name)


def add_item(store: Store, actor: Actor, name: str, kind: str, ref: dict[str, Any], note: str = "",
             title: str = "", shared: bool = False) -> PackItemRow:
    """Add an item of any kind by its reference, checked first: the documents and the mission
    exist; a page's ``params`` are a few short strings. Paragraphs and documents go through
    :func:`add_paragraph` (which keeps the paragraph's content hash)."""
    _require_maker(actor)
    if kind not in KINDS:
        raise PackError(f"unknown item kind {kind!r} ({', '.join(KINDS)})")
    missing = [k for k in KINDS[kind] if not ref.get(k)]
    if missing:
        raise PackError(f"a {kind} item needs {', '.join(missing)}")
    if kind in ("paragraph", "document"):
        return add_paragraph(store, actor, name, str(ref["symbol"]), str(ref["pid"]) if kind == "paragraph" else None,
                             note, title, shared)
    clean: dict[str, Any]
    if kind == "comparison":
        docs = [store.get_document(str(ref[k])) for k in ("a", "b")]
        absent = [str(ref[k]) for k, d in zip(("a", "b"), docs, strict=True) if d is None]
        if absent:
            raise PackError(f"no document {absent[0]!r} in the store")
        clean = {"a": docs[0].symbol, "b": docs[1].symbol}  # type: ignore[union-attr]
    elif kind in ("mandate", "budget"):
        from ..mandates.registry import find_mission

        mission = find_mission(str(ref["mission"]))
        if mission is None:
            raise PackError(f"{ref['mission']!r}: not in the missions registry")
        clean = {"mission": mission.acronym}
    else:
        clean = {"params": clean_params(ref["params"])}
    _pack_for_writing(store, actor, name, title, shared)
    return store.add_pack_item(name, kind, clean, clean_text(note), actor.name)


_PARAM_KEY = re.compile(r"^[a-z_]{1,20}$")


def clean_params(params: Any) -> dict[str, list[str]]:
    """A page's query parameters as stored: each key a short lower-case name, each value a list
    of strings (a query string may repeat a key: two shares, three terms)."""
    if not isinstance(params, dict) or not params:
        raise PackError("params: the page's query parameters, as an object of strings or lists of strings")
    out: dict[str, list[str]] = {}
    for key, value in params.items():
        values = value if isinstance(value, list) else [value]
        if not _PARAM_KEY.match(str(key)) or not all(isinstance(v, str | int | float) and len(str(v)) <= 500 for v in values):
            raise PackError(f"params: {str(key)[:30]!r} is not a page parameter")
        out[str(key)] = [str(v) for v in values]
    if sum(len(v) for v in out.values()) > MAX_PARAM_VALUES:
        raise PackError(f"params: at most {MAX_PARAM_VALUES} values")
    for key in ("year", "year_from", "year_to"):
        if any(not re.fullmatch(r"(?:19|20)[0-9]{2}", v) for v in out.get(key, []) if v):
            raise PackError(f"params: {key} is a year (1900–2099)")
    return out


def move(store: Store, actor: Actor, name: str, position: int, new_position: int) -> list[PackItemRow]:
    pack = get_pack(store, name, actor)
    _require_editor(pack, actor)
    return store.move_pack_item(name, position, new_position, actor.name)


def remove(store: Store, actor: Actor, name: str, position: int) -> list[PackItemRow]:
    """Remove the item at ``position`` (1-based); the others close up. The pack's owner or an admin."""
    pack = get_pack(store, name, actor)
    _require_editor(pack, actor)
    return store.remove_pack_item(name, position, actor.name)


def delete(store: Store, actor: Actor, name: str) -> None:
    """Delete the pack and its items. The pack's owner or an admin; the audit log keeps them."""
    pack = get_pack(store, name, actor)
    _require_editor(pack, actor)
    store.delete_pack(name, actor.name)


def annotate(store: Store, actor: Actor, name: str, position: int, note: str) -> PackItemRow:
    pack = get_pack(store, name, actor)
    _require_editor(pack, actor)
    return store.note_pack_item(name, position, clean_text(note), actor.name)


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
