"""The tracker's operations: each checks the actor's role, then writes through the store (which
audits every change in the same transaction)."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ..errors import PeaceobsError
from ..store import Store
from ..store.tracking import CommitmentDraft, CommitmentRow, LinkRow, StatusRow
from .roles import Actor, require


class Status(StrEnum):
    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    IMPLEMENTED = "implemented"
    REVERSED = "reversed"
    UNCLEAR = "unclear"


class LinkState(StrEnum):
    SUGGESTED = "suggested"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class TrackInputError(PeaceobsError):
    """A write that cannot be taken as given (unknown status, paragraph not in the store …)."""


def add_framework(store: Store, actor: Actor, name: str, title: str, source: str,
                  commitments: list[CommitmentDraft]) -> None:
    require(actor, "framework")
    if not name.strip() or not commitments:
        raise TrackInputError("a framework needs a name and at least one commitment")
    store.put_framework(name.strip(), title, source, actor.name, commitments)


def delete_framework(store: Store, actor: Actor, name: str) -> None:
    require(actor, "framework")
    store.delete_framework(name, actor.name)


def link(store: Store, actor: Actor, commitment_id: int, symbol: str, pid: str, state: str = LinkState.CONFIRMED,
         note: str = "", score: float | None = None, origin: str = "manual") -> LinkRow:
    """Add evidence by hand, or review a suggestion (confirm or reject it)."""
    require(actor, "link")
    if state not in tuple(LinkState):
        raise TrackInputError(f"link state {state!r} must be suggested, confirmed or rejected")
    if not store.paragraph_texts([(symbol, pid)]):
        doc = store.get_document(symbol, with_paragraphs=False)
        if doc is None or not store.paragraph_texts([(doc.symbol, pid)]):
            raise TrackInputError(f"no paragraph {pid!r} of {symbol!r} in the store")
        symbol = doc.symbol
    return store.put_link(commitment_id, symbol, pid, state, origin, actor.name, score=score, note=note)


def set_status(store: Store, actor: Actor, commitment_id: int, status: str, rationale: str,
               evidence: list[str], expected_version: int) -> CommitmentRow:
    """A reviewer's decision, with its rationale and the evidence (``SYMBOL#PID`` of confirmed
    links) it rests on; refused if the commitment changed since ``expected_version`` was read."""
    require(actor, "status")
    if status not in tuple(Status):
        raise TrackInputError(f"status {status!r} must be one of: {', '.join(Status)}")
    if status != Status.NOT_STARTED and not rationale.strip():
        raise TrackInputError("a status needs a rationale")
    confirmed = {f"{x.symbol}#{x.pid}" for x in store.links(commitment_id) if x.state == LinkState.CONFIRMED}
    unknown = [e for e in evidence if e not in confirmed]
    if unknown:
        raise TrackInputError(f"evidence must be confirmed links of the commitment: {', '.join(unknown)}")
    return store.set_status(commitment_id, status, rationale, evidence, actor.name, expected_version)


@dataclass(slots=True)
class CommitmentView:
    commitment: CommitmentRow
    links: list[LinkRow]
    history: list[StatusRow]

    def to_dict(self) -> dict[str, Any]:
        c = self.commitment
        return {"id": c.id, "ref": c.ref, "area": c.area, "text": c.text,
                "source": {"symbol": c.source_symbol, "pid": c.source_pid, "note": c.source_note},
                "status": c.status, "rationale": c.rationale, "version": c.version,
                "updated_by": c.updated_by, "updated_at": c.updated_at,
                "links": [x._asdict() for x in self.links],
                "history": [x._asdict() for x in self.history]}


def show(store: Store, framework: str) -> dict[str, Any]:
    """A framework with its commitments, each with links and status history."""
    f = store.framework(framework)
    views = [CommitmentView(c, store.links(c.id), store.status_history(c.id)) for c in store.commitments(framework)]
    return {**f._asdict(), "commitments": [v.to_dict() for v in views]}


EXPORT_FIELDS = ("framework", "ref", "area", "status", "rationale", "updated_by", "updated_at", "source",
                 "confirmed_evidence", "text")


def export_rows(store: Store, framework: str) -> list[dict[str, Any]]:
    data = show(store, framework)
    rows = []
    for c in data["commitments"]:
        src = c["source"]
        rows.append({"framework": framework, "ref": c["ref"], "area": c["area"], "status": c["status"],
                     "rationale": c["rationale"], "updated_by": c["updated_by"], "updated_at": c["updated_at"],
                     "source": f"{src['symbol']} {src['pid']}" if src["symbol"] else src["note"],
                     "confirmed_evidence": "; ".join(f"{x['symbol']} {x['pid']}" for x in c["links"]
                                                     if x["state"] == LinkState.CONFIRMED),
                     "text": c["text"]})
    return rows


def export_csv(store: Store, framework: str) -> str:
    from ..export import csv_writer

    buf = io.StringIO()
    writer = csv_writer(buf)
    writer.writerow(EXPORT_FIELDS)
    writer.writerows([row[k] for k in EXPORT_FIELDS] for row in export_rows(store, framework))
    return buf.getvalue()


def export_json(store: Store, framework: str) -> str:
    return json.dumps(show(store, framework), ensure_ascii=False, indent=2, default=str)


def export_xlsx(store: Store, framework: str) -> bytes:
    from ..export import xlsx_bytes

    return xlsx_bytes(framework, [EXPORT_FIELDS, *([row[k] for k in EXPORT_FIELDS]
                                                   for row in export_rows(store, framework))])
