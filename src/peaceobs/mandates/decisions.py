"""Mandating decisions: which resolutions establish, renew, adjust or end a mission's mandate,
and until when.

A resolution counts for a mission when one of its paragraphs names the mission (any name or
acronym it has had); its decision is read from the operative text. The expiry is the date the
text states ("until 31 May 1977", "ending 26 December 1964"); where the text gives only a
period ("for a further period of six months"), it is the previous expiry plus that period when the
renewal follows it, else the adoption date plus the period — and the basis is recorded. Where
neither is stated the expiry is unknown: never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from ..compare.verbs import lead_verb
from ..dates import DATE_PATTERN, add_months, iso_date
from ..model import Document
from ..search import Filters, parse_query
from ..store import Store
from .registry import Mission, mission_query

# "Decides, in the light of the request of the Government of Lebanon, to establish …": a clause
# may stand between the verb and what it decides.
_ESTABLISH = re.compile(r"\b(?:decides?\b[^.;]{0,120}?\bto (?:establish|set up)|recommends the creation|hereby establishes)\b", re.I)
_RENEW = re.compile(r"\b(?:extends?|renews?|renewal|prolongs?)\b[^.;]{0,250}\b(?:mandate|stationing|period|force|mission)\b", re.I)
_END = re.compile(r"\b(?:decides? to (?:terminate|end|close)|terminat(?:e|ion of) the mandate|decides that the mandate[^.;]{0,80}shall (?:end|terminate|expire))", re.I)
_ADJUST = re.compile(r"\b(?:decides? to (?:increase|enlarge|expand|reduce|adjust|strengthen)"
                     r"|(?:authorizes?|approves?) (?:an? |the )?(?:increase|enlargement|reduction))\b", re.I)
_UNTIL = re.compile(r"\b(?:until|ending(?: on)?|expiring on|to expire on|through)\s+" + DATE_PATTERN, re.I)
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
            "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "eighteen": 18, "twenty-four": 24}
_PERIOD = re.compile(r"\b(?:for|by)\s+(?:a|an|another|a further|one more|an additional)?\s*(?:further\s+)?(?:interim\s+|initial\s+)?"
                     r"(?:period\s+of\s+)?(\w+(?:-\w+)?)\s+months?\b", re.I)


@dataclass(slots=True)
class Decision:
    symbol: str
    date: str | None  # adoption
    type: str  # establish, renew, adjust, end, mention
    pid: str | None  # the operative paragraph that decides
    expiry: str | None  # ISO date, or None when the text does not say
    basis: str  # "stated", "previous expiry + N months", "adoption + N months", "unknown"
    text: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _stated(text: str) -> str | None:
    m = _UNTIL.search(text)
    return iso_date(m) if m else None


def _months(text: str) -> int | None:
    for m in _PERIOD.finditer(text):
        word = m.group(1).lower()
        if word.isdigit():
            return int(word)
        if word in _NUMBERS:
            return _NUMBERS[word]
    return None


def classify(text: str) -> str | None:
    """The kind of decision an operative paragraph takes about a mandate, if any."""
    if _END.search(text):
        return "end"
    est = _ESTABLISH.search(text)
    if est and est.start() <= 12:  # it opens the paragraph: quoted or recalled decisions do not count
        return "establish"
    if _RENEW.search(text) and (_UNTIL.search(text) or _months(text) or re.search(r"\bmandate\b", text, re.I)):
        return "renew"
    if _ADJUST.search(text):
        return "adjust"
    return None


def mandate_chain(store: Store, mission: Mission) -> list[Decision]:
    """The Security Council resolutions that decide on ``mission``'s mandate, oldest first."""
    return [decision for decision, _ in iter_chain(store, mission)]


def iter_chain(store: Store, mission: Mission) -> Iterator[tuple[Decision, Document]]:
    """:func:`mandate_chain` with each resolution's document, for callers that read it further
    (timeline, deadlines) without loading it again."""
    docs = store.documents_matching(parse_query(mission_query(mission)),
                                    Filters(body="SC", doc_type="resolution"), limit=5000)
    # Early renewals may not name the mission ("the United Nations Peace-keeping Force shall be
    # stationed in Cyprus … in conformity with the terms of resolution 186 (1964)"): a resolution
    # citing the mandating resolution counts too, when it takes a mandate decision (below).
    named = {d["symbol"] for d in docs}
    citing = [r.from_symbol for r in store.cited_by(mission.mandating_resolution)
              if r.from_symbol.startswith("S/RES/") and r.from_symbol not in named] if mission.mandating_resolution else []
    docs = docs + [{"symbol": s} for s in dict.fromkeys(citing)]
    previous: str | None = None
    # SC resolutions are numbered in order of adoption: the number orders them even where a
    # text's date could not be read.
    for d in sorted(docs, key=lambda x: int(re.search(r"\d+", x["symbol"]).group(0))):
        doc = store.get_document(d["symbol"])
        if doc is None:
            continue
        decision = decide(doc, previous)
        if d["symbol"] not in named and decision.type not in ("renew", "end"):
            continue  # it only cites the mandating resolution
        yield decision, doc
        if decision.expiry:
            previous = decision.expiry


_PRIORITY = {"establish": 0, "renew": 1, "end": 2, "adjust": 3}
_QUOTING = {"reaffirms", "recalls", "reiterates", "notes", "takes note"}


def decide(doc: Document, previous: str | None) -> Decision:
    by_pid = {p.pid: p for p in doc.paragraphs}
    best: tuple[int, Any, str] | None = None
    for p in doc.paragraphs:
        if p.kind != "operative":
            continue
        parent = by_pid.get(p.parent or "")
        if parent is not None and lead_verb(parent.text) in _QUOTING:
            continue  # "Reaffirms its resolution 425 (1978), in which it: … (c) Decides …" quotes
        kind = classify(p.text)
        if kind and (best is None or _PRIORITY[kind] < best[0]):
            best = (_PRIORITY[kind], p, kind)
    if best is None:
        return Decision(doc.symbol, doc.date, "mention", None, None, "unknown")
    _, para, kind = best
    expiry, basis = _stated(para.text), "stated"
    if expiry is None and kind in ("establish", "renew"):
        months = _months(para.text)
        adopted = date.fromisoformat(doc.date) if doc.date else None
        if months and previous and adopted and abs((date.fromisoformat(previous) - adopted).days) <= 60:
            expiry, basis = add_months(date.fromisoformat(previous), months).isoformat(), f"previous expiry + {months} months"
        elif months and adopted:
            expiry, basis = add_months(adopted, months).isoformat(), f"adoption + {months} months"
        else:
            basis = "unknown"
    elif expiry is None:
        basis = "unknown"
    return Decision(doc.symbol, doc.date, kind, para.pid, expiry, basis, para.text)
