"""The recommendation tracker's tables: frameworks, commitments, evidence links, statuses, the
append-only audit log and the embedding cache. Every change and its audit entry are written in
one transaction; a status is set only over the version the writer read (no lost update)."""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from ..errors import PeaceobsError
from .core import StoreCore, _now


class TrackConflict(PeaceobsError):
    """Someone changed the commitment since it was read: read it again, then decide."""


class TrackNotFound(PeaceobsError):
    """No such framework, commitment or link."""


class CommitmentDraft(NamedTuple):
    ref: str  # the commitment's ID in its framework: "OP42(b)", "A4P+-1"
    text: str
    area: str = ""
    source_symbol: str | None = None
    source_pid: str | None = None
    source_note: str = ""  # where the text comes from, for a commitment not in the store


class FrameworkRow(NamedTuple):
    name: str
    title: str
    source: str
    created_by: str
    created_at: str
    commitments: int


class CommitmentRow(NamedTuple):
    id: int
    framework: str
    seq: int
    ref: str
    area: str
    text: str
    source_symbol: str | None
    source_pid: str | None
    source_note: str
    status: str
    rationale: str
    version: int
    updated_by: str
    updated_at: str


class LinkRow(NamedTuple):
    id: int
    commitment_id: int
    symbol: str
    pid: str
    state: str  # suggested | confirmed | rejected
    origin: str  # suggested | manual
    score: float | None
    note: str
    by_user: str
    at: str


class StatusRow(NamedTuple):
    id: int
    commitment_id: int
    status: str
    rationale: str
    evidence: list[str]
    by_user: str
    at: str


class AuditRow(NamedTuple):
    id: int
    at: str
    actor: str
    action: str
    object: str
    before: Any
    after: Any


_COMMITMENT = ("id, framework, seq, ref, area, text, source_symbol, source_pid, source_note, status, rationale, "
               "version, updated_by, updated_at")
_LINK = "id, commitment_id, symbol, pid, state, origin, score, note, by_user, at"


class TrackingMixin(StoreCore):
    """Frameworks, commitments, links, statuses and their audit."""

    def put_framework(self, name: str, title: str, source: str, actor: str,
                      commitments: list[CommitmentDraft]) -> None:
        with self.transaction():
            if self._one("SELECT 1 FROM frameworks WHERE name = ?", (name,)):
                raise TrackConflict(f"a framework named {name!r} exists")
            now = _now()
            self._execute(self._q("INSERT INTO frameworks (name, title, source, created_by, created_at) "
                                  "VALUES (?, ?, ?, ?, ?)"), (name, title, source, actor, now))
            self._executemany(self._q(
                "INSERT INTO commitments (framework, seq, ref, area, text, source_symbol, source_pid, source_note, "
                "updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                [(name, k, c.ref, c.area, c.text, c.source_symbol, c.source_pid, c.source_note, actor, now)
                 for k, c in enumerate(commitments)])
            self._audit(actor, "framework.add", f"framework:{name}", None,
                        {"title": title, "source": source, "commitments": [c.ref for c in commitments]})

    def delete_framework(self, name: str, actor: str) -> None:
        with self.transaction():
            if not self._one("SELECT 1 FROM frameworks WHERE name = ?", (name,)):
                raise TrackNotFound(f"no framework {name!r}")
            refs = [r for (r,) in self._all("SELECT ref FROM commitments WHERE framework = ? ORDER BY seq", (name,))]
            self._execute(self._q("DELETE FROM frameworks WHERE name = ?"), (name,))
            self._audit(actor, "framework.delete", f"framework:{name}", {"commitments": refs}, None)

    def frameworks(self) -> list[FrameworkRow]:
        return [FrameworkRow(*r) for r in self._all(
            "SELECT f.name, f.title, f.source, f.created_by, f.created_at, "
            "(SELECT count(*) FROM commitments c WHERE c.framework = f.name) FROM frameworks f ORDER BY f.name")]

    def framework(self, name: str) -> FrameworkRow:
        found = next((f for f in self.frameworks() if f.name == name), None)
        if found is None:
            raise TrackNotFound(f"no framework {name!r}")
        return found

    def commitments(self, framework: str) -> list[CommitmentRow]:
        return [CommitmentRow(*r) for r in self._all(
            f"SELECT {_COMMITMENT} FROM commitments WHERE framework = ? ORDER BY seq", (framework,))]

    def commitment(self, commitment_id: int) -> CommitmentRow:
        row = self._one(f"SELECT {_COMMITMENT} FROM commitments WHERE id = ?", (commitment_id,))
        if row is None:
            raise TrackNotFound(f"no commitment {commitment_id}")
        return CommitmentRow(*row)

    def commitment_by_ref(self, framework: str, ref: str) -> CommitmentRow:
        row = self._one(f"SELECT {_COMMITMENT} FROM commitments WHERE framework = ? AND ref = ?", (framework, ref))
        if row is None:
            raise TrackNotFound(f"no commitment {ref!r} in framework {framework!r}")
        return CommitmentRow(*row)

    def links(self, commitment_id: int) -> list[LinkRow]:
        return [LinkRow(*r) for r in self._all(
            f"SELECT {_LINK} FROM evidence_links WHERE commitment_id = ? "
            "ORDER BY CASE state WHEN 'confirmed' THEN 0 WHEN 'suggested' THEN 1 ELSE 2 END, score DESC, id",
            (commitment_id,))]

    def put_link(self, commitment_id: int, symbol: str, pid: str, state: str, origin: str, actor: str,
                 score: float | None = None, note: str = "") -> LinkRow:
        """Add a link, or change an existing one's state (suggested → confirmed or rejected)."""
        with self.transaction():
            self.commitment(commitment_id)
            old = self._one(f"SELECT {_LINK} FROM evidence_links WHERE commitment_id = ? AND symbol = ? AND pid = ?",
                            (commitment_id, symbol, pid))
            now = _now()
            if old is None:
                self._execute(self._q(
                    "INSERT INTO evidence_links (commitment_id, symbol, pid, state, origin, score, note, by_user, at) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                    (commitment_id, symbol, pid, state, origin, score, note, actor, now))
            else:
                self._execute(self._q("UPDATE evidence_links SET state = ?, note = ?, by_user = ?, at = ? "
                                      "WHERE id = ?"), (state, note or old[7], actor, now, old[0]))
            new = LinkRow(*self._one(f"SELECT {_LINK} FROM evidence_links WHERE commitment_id = ? AND symbol = ? "
                                     "AND pid = ?", (commitment_id, symbol, pid)))
            before = None if old is None else LinkRow(*old)._asdict()
            self._audit(actor, "link.add" if old is None else "link.review", f"commitment:{commitment_id}",
                        before, new._asdict())
            return new

    def set_status(self, commitment_id: int, status: str, rationale: str, evidence: list[str], actor: str,
                   expected_version: int) -> CommitmentRow:
        """Set a commitment's status over the version the writer read; :class:`TrackConflict` if it
        has moved on since."""
        with self.transaction():
            old = self.commitment(commitment_id)
            now = _now()
            changed = self._execute(self._q(
                "UPDATE commitments SET status = ?, rationale = ?, version = version + 1, updated_by = ?, "
                "updated_at = ? WHERE id = ? AND version = ?"),
                (status, rationale, actor, now, commitment_id, expected_version)).rowcount
            if changed != 1:
                raise TrackConflict(f"commitment {old.framework}/{old.ref} was changed by {old.updated_by} at "
                                    f"{old.updated_at} (version {old.version}, you read {expected_version}): "
                                    "reload it and decide again")
            self._execute(self._q("INSERT INTO status_history (commitment_id, status, rationale, evidence, by_user, at) "
                                  "VALUES (?, ?, ?, ?, ?, ?)"),
                          (commitment_id, status, rationale, json.dumps(evidence), actor, now))
            new = self.commitment(commitment_id)
            self._audit(actor, "status.set", f"commitment:{commitment_id}",
                        {"status": old.status, "rationale": old.rationale, "version": old.version},
                        {"status": new.status, "rationale": rationale, "evidence": evidence, "version": new.version})
            return new

    def status_history(self, commitment_id: int) -> list[StatusRow]:
        return [StatusRow(i, c, s, r, json.loads(e or "[]"), b, a) for i, c, s, r, e, b, a in self._all(
            "SELECT id, commitment_id, status, rationale, evidence, by_user, at FROM status_history "
            "WHERE commitment_id = ? ORDER BY id", (commitment_id,))]

    def audit_log(self, obj: str | None = None, limit: int = 200) -> list[AuditRow]:
        where, params = ("WHERE object = ?", (obj,)) if obj else ("", ())
        rows = self._all(f"SELECT id, at, actor, action, object, before, after FROM audit_log {where} "
                         "ORDER BY id DESC LIMIT ?", (*params, limit))
        return [AuditRow(i, at, actor, action, o, json.loads(b) if b else None, json.loads(a) if a else None)
                for i, at, actor, action, o, b, a in rows]

    def paragraph_texts(self, refs: list[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, str]]:
        """(symbol, pid) → (text, content hash) for stored paragraphs; absent ones are left out.
        One query per 400 references, whatever the number of documents (search reads the texts
        of its candidate paragraphs, of a hundred documents, per query)."""
        out: dict[tuple[str, str], tuple[str, str]] = {}
        wanted = list(dict.fromkeys(refs))
        for k in range(0, len(wanted), 400):
            chunk = wanted[k:k + 400]
            # VALUES names its columns column1, column2 on both backends.
            values = ", ".join("(?, ?)" for _ in chunk)
            for symbol, pid, text, h in self._all(
                    f"SELECT d.symbol, p.pid, p.text, p.hash FROM (VALUES {values}) v "
                    f"JOIN documents d ON d.symbol = v.column1 JOIN paragraphs p ON p.doc_id = d.id AND p.pid = v.column2",
                    [x for ref in chunk for x in ref]):
                out[(symbol, pid)] = (text, h)
        return out

    def cached_vectors(self, hashes: list[str], model: str) -> dict[str, bytes]:
        out: dict[str, bytes] = {}
        for k in range(0, len(hashes), 500):
            chunk = hashes[k:k + 500]
            marks = ", ".join("?" for _ in chunk)
            out.update({h: bytes(v) for h, v in self._all(
                f"SELECT hash, vector FROM embeddings WHERE model = ? AND hash IN ({marks})", (model, *chunk))})
        return out

    def cache_vectors(self, model: str, vectors: dict[str, bytes]) -> None:
        if not vectors:
            return
        with self.transaction():
            known = self.cached_vectors(list(vectors), model)
            self._executemany(self._q("INSERT INTO embeddings (hash, model, vector) VALUES (?, ?, ?)"),
                              [(h, model, v) for h, v in vectors.items() if h not in known])
