"""Evidence packs' tables: packs and their ordered items. Every change and its audit entry
(the append-only ``audit_log``, through :meth:`StoreCore._audit`) are written in one
transaction. Who may change what is decided in :mod:`peaceobs.packs`; the store only records."""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from ..errors import PeaceobsError
from .core import StoreCore, _now


class PackNotFound(PeaceobsError):
    """No such pack, or no item at that position."""


class PackConflict(PeaceobsError):
    """A pack of that name exists already."""


class PackRow(NamedTuple):
    name: str
    owner: str
    title: str
    shared: bool
    created_at: str
    updated_at: str
    items: int


class PackItemRow(NamedTuple):
    id: int
    pack: str
    position: int  # 1-based, as the CLI and exports count
    kind: str  # paragraph, document, comparison, finance, search
    ref: dict[str, Any]
    note: str
    added_by: str
    added_at: str


_PACK = ("p.name, p.owner, p.title, p.shared, p.created_at, p.updated_at, "
         "(SELECT count(*) FROM pack_items i WHERE i.pack = p.name)")


def _pack(row: tuple[Any, ...]) -> PackRow:
    name, owner, title, shared, created, updated, items = row
    return PackRow(name, owner, title, bool(shared), created, updated, int(items))


class PacksMixin(StoreCore):
    """Packs, their items, reorders and notes, each audited."""

    def packs(self) -> list[PackRow]:
        return [_pack(r) for r in self._all(f"SELECT {_PACK} FROM packs p ORDER BY p.name")]

    def pack(self, name: str) -> PackRow | None:
        row = self._one(f"SELECT {_PACK} FROM packs p WHERE p.name = ?", (name,))
        return None if row is None else _pack(row)

    def pack_items(self, name: str) -> list[PackItemRow]:
        rows = self._all("SELECT id, pack, seq, kind, ref, note, added_by, added_at FROM pack_items "
                         "WHERE pack = ? ORDER BY seq, id", (name,))
        return [PackItemRow(int(i), p, int(s) + 1, k, json.loads(r), n, b, a) for i, p, s, k, r, n, b, a in rows]

    def create_pack(self, name: str, owner: str, title: str = "", shared: bool = False) -> PackRow:
        with self.transaction():
            if self._one("SELECT 1 FROM packs WHERE name = ?", (name,)):
                raise PackConflict(f"a pack named {name!r} exists")
            now = _now()
            self._execute(self._q("INSERT INTO packs (name, owner, title, shared, created_at, updated_at) "
                                  "VALUES (?, ?, ?, ?, ?, ?)"), (name, owner, title, int(shared), now, now))
            self._audit(owner, "pack.create", f"pack:{name}", None, {"title": title, "shared": shared})
        row = self.pack(name)
        assert row is not None
        return row

    def _require_pack(self, name: str) -> None:
        """The pack exists, and on PostgreSQL its row is locked until the transaction ends: two
        writers of one pack (a remove and a delete, two removes) take turns, so each sees the
        other's result. SQLite's write transactions take turns already."""
        lock = " FOR UPDATE" if self.dialect == "postgres" else ""
        if not self._one(f"SELECT 1 FROM packs WHERE name = ?{lock}", (name,)):
            raise PackNotFound(f"no pack {name!r}")

    def _touch(self, name: str) -> None:
        self._execute(self._q("UPDATE packs SET updated_at = ? WHERE name = ?"), (_now(), name))

    def add_pack_item(self, name: str, kind: str, ref: dict[str, Any], note: str, actor: str) -> PackItemRow:
        """Append an item; its position is the new last one."""
        with self.transaction():
            self._require_pack(name)
            row = self._one("SELECT coalesce(max(seq), -1) + 1 FROM pack_items WHERE pack = ?", (name,))
            seq = int(row[0]) if row else 0
            self._execute(self._q("INSERT INTO pack_items (pack, seq, kind, ref, note, added_by, added_at) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?)"),
                          (name, seq, kind, json.dumps(ref, ensure_ascii=False, sort_keys=True), note, actor, _now()))
            self._touch(name)
            self._audit(actor, "pack.add", f"pack:{name}", None,
                        {"position": seq + 1, "kind": kind, "ref": ref, "note": note})
        return self.pack_items(name)[seq]

    def _item_at(self, name: str, position: int) -> PackItemRow:
        self._require_pack(name)
        items = self.pack_items(name)
        if not 1 <= position <= len(items):
            raise PackNotFound(f"pack {name!r} has no item {position} (it has {len(items)})")
        return items[position - 1]

    def move_pack_item(self, name: str, position: int, new_position: int, actor: str) -> list[PackItemRow]:
        """Move the item at ``position`` to ``new_position`` (both 1-based); the others close up.
        Positions are rewritten densely, so gaps left by earlier edits vanish too."""
        with self.transaction():
            moved = self._item_at(name, position)
            items = self.pack_items(name)
            if not 1 <= new_position <= len(items):
                raise PackNotFound(f"pack {name!r} has no position {new_position} (it has {len(items)})")
            order = [i for i in items if i.id != moved.id]
            order.insert(new_position - 1, moved)
            self._executemany(self._q("UPDATE pack_items SET seq = ? WHERE id = ?"),
                              [(k, i.id) for k, i in enumerate(order)])
            self._touch(name)
            self._audit(actor, "pack.move", f"pack:{name}", {"position": position, "item": moved.ref},
                        {"position": new_position, "item": moved.ref})
        return self.pack_items(name)

    def remove_pack_item(self, name: str, position: int, actor: str) -> list[PackItemRow]:
        """Remove the item at ``position`` (1-based); the others close up. The audit entry keeps
        what it was."""
        with self.transaction():
            gone = self._item_at(name, position)
            self._execute(self._q("DELETE FROM pack_items WHERE id = ?"), (gone.id,))
            self._executemany(self._q("UPDATE pack_items SET seq = ? WHERE id = ?"),
                              [(k, i.id) for k, i in enumerate(self.pack_items(name))])
            self._touch(name)
            self._audit(actor, "pack.remove", f"pack:{name}",
                        {"position": position, "kind": gone.kind, "ref": gone.ref, "note": gone.note}, None)
        return self.pack_items(name)

    def delete_pack(self, name: str, actor: str) -> None:
        """Delete a pack and its items (named here, not left to the cascade, so that the audit
        entry lists what went). The audit entry keeps the pack and every item as they were."""
        with self.transaction():
            self._require_pack(name)
            old = self.pack(name)
            assert old is not None
            items = [{"kind": i.kind, "ref": i.ref, "note": i.note} for i in self.pack_items(name)]
            self._execute(self._q("DELETE FROM pack_items WHERE pack = ?"), (name,))
            self._execute(self._q("DELETE FROM packs WHERE name = ?"), (name,))
            self._audit(actor, "pack.delete", f"pack:{name}",
                        {"title": old.title, "owner": old.owner, "shared": old.shared, "items": items}, None)

    def note_pack_item(self, name: str, position: int, note: str, actor: str) -> PackItemRow:
        with self.transaction():
            old = self._item_at(name, position)
            self._execute(self._q("UPDATE pack_items SET note = ? WHERE id = ?"), (note, old.id))
            self._touch(name)
            self._audit(actor, "pack.note", f"pack:{name}", {"position": position, "note": old.note},
                        {"position": position, "note": note})
        return self.pack_items(name)[position - 1]

    def share_pack(self, name: str, shared: bool, actor: str) -> PackRow:
        with self.transaction():
            self._require_pack(name)
            old = self.pack(name)
            assert old is not None
            self._execute(self._q("UPDATE packs SET shared = ?, updated_at = ? WHERE name = ?"),
                          (int(shared), _now(), name))
            self._audit(actor, "pack.share", f"pack:{name}", {"shared": old.shared}, {"shared": shared})
        row = self.pack(name)
        assert row is not None
        return row
