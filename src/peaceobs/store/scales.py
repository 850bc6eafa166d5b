"""Scales of assessment and groupings of Member States loaded into the store, and the documents
finance reads."""

from __future__ import annotations

from typing import NamedTuple

from .core import StoreCore, _now


class ScaleRow(NamedTuple):
    name: str
    kind: str
    year: int
    source: str
    official: bool
    printed_total: str | None
    note: str
    loaded_at: str


class RateRow(NamedTuple):
    member_state: str
    rate: str  # per cent, as printed
    level: str | None


class ScalesMixin(StoreCore):
    """Loaded scales (replaced whole by name, in one transaction) and document lookup by title."""

    def put_scale(self, scale: ScaleRow, rates: list[RateRow], actor: str) -> None:
        """Store a scale (replacing one of the same name) and its audit entry, in one transaction."""
        with self.transaction():
            old = self._one("SELECT source, official FROM scales WHERE name = ?", (scale.name,))
            self._execute(self._q("DELETE FROM scale_rates WHERE scale = ?"), (scale.name,))
            self._execute(self._q("DELETE FROM scales WHERE name = ?"), (scale.name,))
            self._execute(self._q(
                "INSERT INTO scales (name, kind, year, source, official, printed_total, note, loaded_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                (scale.name, scale.kind, scale.year, scale.source, int(scale.official), scale.printed_total,
                 scale.note, scale.loaded_at or _now()))
            self._executemany(self._q(
                "INSERT INTO scale_rates (scale, seq, member_state, rate, level) VALUES (?, ?, ?, ?, ?)"),
                [(scale.name, k, r.member_state, r.rate, r.level) for k, r in enumerate(rates)])
            self._audit(actor, "scale.load", f"scale:{scale.name}",
                        None if old is None else {"source": old[0], "official": bool(old[1])},
                        {"source": scale.source, "official": scale.official, "members": len(rates)})

    def stored_scales(self) -> list[ScaleRow]:
        return [ScaleRow(n, k, y, s, bool(o), t, note, at) for n, k, y, s, o, t, note, at in self._all(
            "SELECT name, kind, year, source, official, printed_total, note, loaded_at FROM scales ORDER BY name")]

    def stored_rates(self, name: str) -> list[RateRow]:
        return [RateRow(m, r, lv) for m, r, lv in self._all(
            "SELECT member_state, rate, level FROM scale_rates WHERE scale = ? ORDER BY seq", (name,))]

    def delete_scale(self, name: str) -> bool:
        with self.transaction():
            self._execute(self._q("DELETE FROM scale_rates WHERE scale = ?"), (name,))
            gone = self._execute(self._q("DELETE FROM scales WHERE name = ?"), (name,)).rowcount
        return bool(gone)

    def put_groups(self, grouping: str, members: dict[str, str], source: str, actor: str) -> None:
        """Replace a grouping (Member State → group) whole, with its audit entry, in one transaction."""
        with self.transaction():
            self._audit(actor, "groups.load", f"groups:{grouping}", None,
                        {"source": source, "members": len(members)})
            self._execute(self._q("DELETE FROM member_groups WHERE grouping = ?"), (grouping,))
            self._executemany(self._q(
                "INSERT INTO member_groups (grouping, member_state, group_name, source) VALUES (?, ?, ?, ?)"),
                [(grouping, m, g, source) for m, g in members.items()])

    def stored_groups(self, grouping: str) -> dict[str, str]:
        return dict(self._all("SELECT member_state, group_name FROM member_groups WHERE grouping = ? "
                              "ORDER BY member_state", (grouping,)))
