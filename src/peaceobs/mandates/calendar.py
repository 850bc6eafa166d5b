"""The mandate calendar: expiries and reporting deadlines, as iCalendar (RFC 5545) and CSV."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, TextIO

from ..export import csv_writer
from ..model import Document
from ..store import Store
from .decisions import Decision, iter_chain
from .registry import Mission
from .reporting import reporting_requests


@dataclass(slots=True)
class Deadline:
    mission: str
    what: str  # "mandate expires" or "report due"
    due: str  # ISO date
    symbol: str
    pid: str
    basis: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def deadlines(store: Store, mission: Mission,
              chain: list[tuple[Decision, Document]] | None = None) -> list[Deadline]:
    """Mandate expiries and reporting deadlines set by the mission's mandating resolutions
    (``chain``: what :func:`iter_chain` gave, when the caller has it already)."""
    out = []
    for dec, doc in chain if chain is not None else iter_chain(store, mission):
        if dec.type == "mention":
            continue
        if dec.expiry:
            out.append(Deadline(mission.acronym, "mandate expires", dec.expiry, dec.symbol, dec.pid or "", dec.basis))
        # Due "at the end of this period": the chain's expiry, which may come from the previous one.
        for req in reporting_requests(doc, dec.expiry, dec.date):
            if req.due:
                out.append(Deadline(mission.acronym, "report due", req.due, req.symbol, req.pid, req.basis))
    return sorted(out, key=lambda d: (d.due, d.mission, d.what))


def to_ics(events: list[Deadline], stamp: str = "20260101T000000Z") -> str:
    """An iCalendar file: one all-day event per deadline."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//peaceobs//mandate calendar//EN", "CALSCALE:GREGORIAN"]
    for ev in events:
        day = date.fromisoformat(ev.due)
        uid = f"{ev.mission}-{ev.what}-{ev.symbol}-{ev.pid}-{ev.due}".replace(" ", "").replace("/", "-") + "@peaceobs"
        lines += ["BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{stamp}",
                  f"DTSTART;VALUE=DATE:{day:%Y%m%d}", f"DTEND;VALUE=DATE:{_add_days(day):%Y%m%d}",
                  _fold(f"SUMMARY:{ev.mission} {ev.what} ({ev.symbol})"),
                  _fold(f"DESCRIPTION:{ev.symbol} {ev.pid}; date {ev.basis}"),
                  "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def to_csv(events: list[Deadline], out: TextIO) -> int:
    writer = csv_writer(out)
    writer.writerow(["mission", "what", "due", "symbol", "paragraph", "basis"])
    for ev in events:
        writer.writerow([ev.mission, ev.what, ev.due, ev.symbol, ev.pid, ev.basis])
    return len(events)


def _add_days(d: date) -> date:
    return date.fromordinal(d.toordinal() + 1)


def _fold(line: str) -> str:
    """RFC 5545: escape text and fold lines at 75 octets."""
    key, _, value = line.partition(":")
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    raw = f"{key}:{value}".encode()
    parts = [raw[i:i + 73] for i in range(0, len(raw), 73)]
    return "\r\n ".join(p.decode("utf-8", "ignore") for p in parts)
