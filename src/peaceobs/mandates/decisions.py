"""Mandating decisions: which resolutions establish, renew, adjust or end a mission's mandate,
and until when — and where the chain is broken.

A resolution counts for a mission when one of its paragraphs names the mission (any name or
acronym it has had), or when it cites the mandating resolution and itself decides on a mandate;
its decision is read from the operative text. The expiry is the date the text states ("until 31
May 1977", "ending 26 December 1964"); where the text gives only a period ("for a further period
of six months"), it is the previous expiry plus that period when the renewal follows it, else the
adoption date plus the period — and the basis is recorded. Where neither can be read the expiry
is unknown, never guessed, and the decision says why (``note``).

A renewal is never dropped because its text is damaged: a file cut short after the preamble that
speaks of extending the mission is kept as a renewal with an unknown expiry. A file that holds
another resolution's text is not a decision (it would count that resolution twice). A period
between one expiry and the next adoption with no mandating text in the store is a gap, with its
reason: the renewal withheld from the corpus, a damaged text, or a lapse (:func:`chain_gaps`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from ..compare.verbs import lead_verb
from ..dates import DATE_PATTERN, add_months, iso_date
from ..model import OPERATIVE, PREAMBULAR, Document
from ..search import Filters, parse_query
from ..store import Store
from .meetings import Meetings
from .registry import Mission, load_missions, mission_query

_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# "Decides, in the light of the request of the Government of Lebanon, to establish …": a clause
# may stand between the verb and what it decides. "Decides that the Force shall be established …
# for an initial period of six months" (341 (1973), 426 (1978)) completes an establishment.
# "Approves the recommendation of the Secretary-General … to authorize the establishment and
# immediate dispatch of the United Nations Mission in Haiti" (867 (1993)): approving or authorizing
# an establishment establishes.
_ESTABLISH = re.compile(r"\b(?:decides?\b[^.;]{0,120}?\bto (?:establish|set up)|recommends the creation|hereby establishes"
                        r"|(?:approves?|authorizes?)\b[^.;]{0,200}?\bthe\s+establishment\b"
                        r"|decides?\s+that\b[^.;]{0,120}?\bshall\s+be\s+(?:established|set\s+up))\b", re.I)
# What an approved or authorized establishment sets up: the words after "of", up to six.
_ESTABLISHMENT_OF = re.compile(r"(?:\s+and\s+(?:\w+\s+){0,2}?\w+)?\s+of\s+((?:[\w'’()-]+\s+){0,6}[\w'’()-]+)", re.I)
# "shall be extended for a further period" (346 (1974)) as well as "Extends … for a further period".
# A verb, not "renewal": "such force level to be reviewed at the next renewal of the mandate"
# (897 (1994)) renews nothing.
# "urges all the parties to extend their fullest co-operation to the Special Representative … in the
# … fulfilment of the mandate" (258 (1968)) extends co-operation, not the mandate.
_RENEW = re.compile(r"\b(?:extends?|extended|extending|renews?|renewed|prolongs?)\b"
                    r"(?!\s+(?:\w+\s+){0,2}(?:co-?operation|support|assistance|appreciation|thanks|gratitude|invitation"
                    r"|congratulations|condolences|sympathy|welcome|help)\b)[^.;]{0,250}\b(?:mandate|stationing|period|force|mission)\b"
                    r"|\b(?:mandate|stationing)\b[^.;]{0,120}?\b(?:shall|will|should|to)\s+be\s+(?:extended|renewed|prolonged)\b", re.I)
# "Decides to extend … the mandate of UNPROFOR in order to enable it … to deter attacks" (836
# (1993)) widens the mandate; it sets no period.
_WIDEN = re.compile(r"\b(?:extends?|extend)\b[^.;]{0,80}?\bmandate\b[^.;]{0,80}?\b(?:in order to|so as to|to include|to cover|to enable)\b", re.I)
_END = re.compile(r"\b(?:decides? to (?:terminate|end|close)|terminat(?:e|ion of) the mandate|decides that the mandate[^.;]{0,80}shall (?:end|terminate|expire))", re.I)
# "Decides to approve the immediate increase in the strength" (501 (1982)); "Decides also that
# UNFICYP should be restructured" (831 (1993)).
# A clause may stand between: "Decides, on the basis of the Secretary-General's report …, to enlarge
# the mandate" (832 (1993)).
_ADJUST = re.compile(r"\b(?:decides?\b[^.;]{0,150}?\bto\s+(?:increase|enlarge|expand|reduce|adjust|strengthen|restructure)"
                     r"|(?:authorizes?|approves?)\s+(?:an?\s+|the\s+)?(?:\w+\s+)?(?:increase|enlargement|reduction|expansion)"
                     r"|decides?\s+(?:also\s+)?that\b[^.;]{0,80}?\b(?:should|shall)\s+be\s+(?:restructured|reduced|enlarged|expanded|strengthened)"
                     r"|\brevised\s+mandate|\brevises?\s+the\s+mandate)\b", re.I)
# What an establishing clause sets up: an operation, not "a committee of the Security Council"
# (864 (1993)) or "a ban on military flights" (781 (1992)) — whichever noun comes first.
_SET_UP_WHAT = re.compile(r"\b(?:(force|mission|operation|observers?|group|authority|office|presence|unit)"
                          r"|(committee|commission|ban|fund|tribunal|zone|panel|register|embargo|mechanism|programme))\b", re.I)
# OCR leaves stray marks after the keyword: "until! 30 November 1984" (551 (1984)).
_UNTIL = re.compile(r"\b(?:until|ending(?: on)?|expiring(?: on)?|to expire on|terminating(?: on)?|to terminate on|through)[!:,]?\s+"
                    + DATE_PATTERN, re.I)
# A date the keyword announces but that cannot be read: "until 30 November 198]" (485 (1981)).
_UNREADABLE = re.compile(r"\b(?:until|ending(?: on)?|expiring(?: on)?|to expire on|terminating(?: on)?)[!:,]?\s+(\S{1,3}\s+"
                         + _MONTH + r"\s+\S{3,5}?)[;,.]?(?:\s|$)", re.I)
_UNITS = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
          "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]
_NUMBERS = {w: i for i, w in enumerate(_UNITS, start=1)} | {f"twenty-{w}": 20 + i for i, w in enumerate(_UNITS[:9], start=1)} \
    | {"thirty": 30, "thirty-six": 36}
# "for a period of one year" (378 (1975)) is twelve months.
_PERIOD = re.compile(r"\b(?:for|by)\s+(?:a|an|another|a further|one more|an additional)?\s*(?:further\s+)?(?:interim\s+|initial\s+)?"
                     r"(?:period\s+of\s+)?(\w+(?:-\w+)?)\s+(months?|years?)\b", re.I)
# The heading of a resolution's own text: "Resolution 538 (1983)", "RESOLUTION 790 (1992)",
# "186 (1964). Resolution of 4 March 1964".
_HEADER = re.compile(r"^\W*(?:resolution\s+)?(\d{1,4})\s*\(\s*\d[^)]{2,5}\)", re.I)
# A day printed with OCR slips for 1 ("3] May", "by | October"): read as 1, as dates.py reads
# "IS June". Years are not repaired: "198]" stays unreadable.
_OCR_DAY = re.compile(r"(?<!\w)([0-3]?)[\]|](?=\s+" + _MONTH + r"\b)")


def read_days(text: str) -> str:
    """The text with OCR slips in days before a month name read as 1 ("3] May" → "31 May")."""
    return _OCR_DAY.sub(lambda m: m.group(1) + "1", text)


@dataclass(slots=True)
class Decision:
    symbol: str
    date: str | None  # adoption
    type: str  # establish, renew, adjust, end, mention
    pid: str | None  # the operative paragraph that decides
    expiry: str | None  # ISO date, or None when the text does not say
    basis: str  # "stated", "previous expiry + N months", "adoption + N months", "unknown"
    text: str = ""
    note: str = ""  # why the expiry is unknown, what is wrong with the text
    date_source: str = "text"  # "text", or "meetings table" where the text prints no date

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Gap:
    """A period between one mandate's expiry and the next mandating text's adoption."""
    after: str  # the resolution whose mandate expired
    before: str  # the next mandating resolution in the store
    start: str  # ISO: the expiry
    end: str  # ISO: the next adoption
    why: str  # "withheld", "damaged", "lapse"
    missing: list[str] = field(default_factory=list)  # resolutions not in the store, or damaged ones
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# "Decides to extend the mandate of the Observer Mission to 31 May 1994" (888 (1993)): "to" a date,
# read only after the verb that extends.
_EXTEND_TO = re.compile(r"\bexten(?:d|ds|ded)\b[^.;]{0,120}?\bto\s+" + DATE_PATTERN, re.I)


def _stated(text: str) -> str | None:
    read = read_days(text)
    m = _UNTIL.search(read) or _EXTEND_TO.search(read)
    return iso_date(m) if m else None


def _months(text: str) -> int | None:
    for m in _PERIOD.finditer(text):
        word = m.group(1).lower()
        n = int(word) if word.isdigit() else _NUMBERS.get(word)
        if n:
            return n * 12 if m.group(2).lower().startswith("year") else n
    return None


def number(symbol: str) -> int:
    """The serial number of an SC resolution symbol ("S/RES/186 (1964)" → 186)."""
    m = re.search(r"\d+", symbol)
    return int(m.group(0)) if m else 0


def classify(text: str) -> str | None:
    """The kind of decision an operative paragraph takes about a mandate, if any."""
    if _END.search(text):
        return "end"
    est = _ESTABLISH.search(text)
    # It opens the paragraph (quoted or recalled decisions do not count) and sets up an operation.
    if est and est.start() <= 12:
        if est.group(0).lower().endswith("establishment"):
            # "… the establishment [and immediate dispatch] of the United Nations Mission in Haiti"
            # (867 (1993)) establishes; "Authorizes the establishment of a United Nations police
            # component … as an integral part of ONUMOZ" (898 (1994)) adds to an operation.
            # A trust fund or a committee is no part of a mandate; a component of the force adjusts it.
            obj = _ESTABLISHMENT_OF.match(text, est.end())
            what = _SET_UP_WHAT.search(obj.group(1)) if obj else None
            if obj is None or (what is not None and what.group(2)):
                return None
            return "establish" if what is not None else "adjust"
        what = _SET_UP_WHAT.search(text, est.start())
        if what is None or what.group(1):
            return "establish"
    if _WIDEN.search(text) and not (_stated(text) or _months(text)):
        return "adjust"
    if _RENEW.search(text) and (_stated(text) or _months(text) or re.search(r"\bmandate\b", text, re.I)):
        return "renew"
    if _ADJUST.search(text):
        return "adjust"
    return None


def damage(doc: Document) -> str | None:
    """What makes the text unusable as a mandating decision: another resolution's text under this
    number, or no operative paragraph at all (a file cut short). None when it reads."""
    head = next((p for p in doc.paragraphs[:2] if p.kind not in (OPERATIVE, PREAMBULAR)), None)
    m = _HEADER.match(head.text) if head is not None else None
    own = number(doc.symbol)
    if m and own and int(m.group(1)) != own:
        return f"the file holds the text of resolution {m.group(1)}, not of {doc.symbol}"
    if not any(p.kind == OPERATIVE for p in doc.paragraphs):
        return "no operative paragraph: the text ends after the preamble"
    return None


def mandate_chain(store: Store, mission: Mission, meetings: Meetings | None = None) -> list[Decision]:
    """The Security Council resolutions that decide on ``mission``'s mandate, oldest first."""
    return [decision for decision, _ in iter_chain(store, mission, meetings)]


def iter_chain(store: Store, mission: Mission, meetings: Meetings | None = None) -> Iterator[tuple[Decision, Document]]:
    """:func:`mandate_chain` with each resolution's document, for callers that read it further
    (timeline, deadlines) without loading it again. Mentions (no decision) are yielded too;
    ``meetings`` (the SC meetings table) dates texts that print no adoption date."""
    docs = store.documents_matching(parse_query(mission_query(mission)),
                                    Filters(body="SC", doc_type="resolution"), limit=5000)
    # Early renewals may not name the mission ("the United Nations Peace-keeping Force shall be
    # stationed in Cyprus … in conformity with the terms of resolution 186 (1964)"): a resolution
    # citing the mandating resolution counts too, when it takes a mandate decision (below).
    named = {d["symbol"] for d in docs}
    citing = [r.from_symbol for r in store.cited_by(mission.mandating_resolution)
              if r.from_symbol.startswith("S/RES/") and r.from_symbol not in named] if mission.mandating_resolution else []
    # The mandating resolution belongs to the chain even where it names the mission by an older
    # name (814 (1993) expands "the United Nations Operation in Somalia" into UNOSOM II).
    own = store.get_document(mission.mandating_resolution) if mission.mandating_resolution.startswith("S/RES/") else None
    if own is not None and own.symbol not in named:
        named.add(own.symbol)
        docs = [*docs, {"symbol": own.symbol}]
    docs = docs + [{"symbol": s} for s in dict.fromkeys(citing) if s not in named]
    previous: str | None = None
    # SC resolutions are numbered in order of adoption: the number orders them even where a
    # text's date could not be read.
    for d in sorted(docs, key=lambda x: number(x["symbol"])):
        doc = store.get_document(d["symbol"])
        if doc is None:
            continue
        decision = decide(doc, previous, meetings)
        if own is not None and doc.symbol == own.symbol and decision.type == "mention":
            decision = registry_establishment(doc, decision, mission)
        if d["symbol"] not in named and decision.type not in ("establish", "renew", "end"):
            continue  # it only cites the mandating resolution
        if decision.type != "mention" and (own is None or doc.symbol != own.symbol):
            why = not_ours(doc, decision, mission)
            if why:
                decision = Decision(doc.symbol, decision.date, "mention", None, None, "unknown", note=why,
                                    date_source=decision.date_source)
        yield decision, doc
        if decision.expiry:
            previous = decision.expiry


def registry_establishment(doc: Document, decision: Decision, mission: Mission) -> Decision:
    """The mandating resolution's establishing decision where its words are not read as one: ONUC's
    143 (1960) "Decides to authorize the Secretary-General … to provide the Government with such
    military assistance as may be necessary" sets up an operation without naming one. The
    registry quotes the paragraph that does ("S/RES/143 (1960) OP2: …"); that paragraph is taken,
    and the decision says it rests on the registry. Without such a quotation it stays a mention."""
    m = re.match(re.escape(doc.symbol) + r"\s+((?:OP|P)\d+(?:\([a-z]+\))?):", mission.verified_in_corpus)
    para = doc.paragraph(m.group(1)) if m else None
    if para is None or para.kind != OPERATIVE:
        return decision
    expiry = _stated(para.text)
    return Decision(doc.symbol, decision.date, "establish", para.pid, expiry, "stated" if expiry else "unknown",
                    para.text, note="establishing by the registry's reading of this paragraph (its words name no operation)"
                    + ("" if expiry else "; no end date or period in the deciding paragraph"),
                    date_source=decision.date_source)


@lru_cache(maxsize=4)
def _name_patterns(missions: tuple[Mission, ...]) -> dict[str, re.Pattern[str]]:
    """Per mission, a pattern for its names; "UNOSOM" does not match the start of "UNOSOM II"."""
    everyone = [(m.acronym, n) for m in missions for n in m.names() if n]
    out = {}
    for m in missions:
        alts = []
        for n in (n for n in m.names() if n):
            longer = [o[len(n):].strip() for a, o in everyone if a != m.acronym and o.lower().startswith(n.lower() + " ")]
            alts.append(re.escape(n) + "".join(rf"(?!\s+{re.escape(rest)})" for rest in longer))
        out[m.acronym] = re.compile(r"(?<![\w-])(?:" + "|".join(alts) + r")(?![\w-])", re.I)
    return out


def not_ours(doc: Document, decision: Decision, mission: Mission) -> str | None:
    """Why this decision is not about ``mission``'s mandate, or None when it is.

    Not the mission's: a decision adopted outside the mission's life in the registry (from a year
    before its start to a month after its end), or one that sets up a new body after the mission
    was established. Otherwise a decision is a mission's when its paragraph names the mission; when
    the paragraph names another mission alive then and not this one, it is the other's; when it
    names none ("renew the mandate of the Force"), it belongs to the mission the whole text names
    most — UNIFIL's renewals name UNTSO's observers in passing, and are not UNTSO's."""
    missions = tuple(m for m in load_missions())
    patterns = _name_patterns(missions if mission in missions else (*missions, mission))
    if decision.date and not _alive(mission, decision.date):
        # "extend the existing mandate of the United Nations Angola Verification Mission I until 31 May
        # 1993" (823 (1993), OCR for "II"): UNAVEM (I) ended in 1991; a mission decides nothing after.
        return f"adopted after {mission.acronym} ended ({mission.end} in the registry)"
    alive = {m.acronym for m in missions if not decision.date or _alive(m, decision.date)} | {mission.acronym}
    patterns = {a: pat for a, pat in patterns.items() if a in alive}
    para = next((p.text for p in doc.paragraphs if p.pid == decision.pid), decision.text)
    if (decision.type == "establish" and re.search(r"\bto\s+(?:establish|set\s+up)\b", para, re.I)
            and number(mission.mandating_resolution) and number(doc.symbol) > number(mission.mandating_resolution)):
        # After the mission's own establishment, "decides to establish a team of twenty military
        # liaison officers" (880 (1993), UNTAC) or "the United Nations Angola Verification Mission II"
        # (696 (1991), under UNAVEM's words) sets up another body; "Decides that the Force shall be
        # established … for an initial period" (341 (1973)) completes the mission's own.
        return "establishes another body"
    mine = patterns[mission.acronym]
    if mine.search(para):
        return None
    in_para = [a for a, pat in patterns.items() if a != mission.acronym and pat.search(para)]
    if in_para:
        return f"decides on the mandate of {in_para[0]}"
    whole = " ".join(p.text for p in doc.paragraphs)
    counts = Counter({a: len(pat.findall(whole)) for a, pat in patterns.items()})
    ours = counts.pop(mission.acronym, 0)
    best = counts.most_common(1)
    return f"decides on the mandate of {best[0][0]}" if best and best[0][1] > ours else None


def _months_of(yyyy_mm: str) -> int:
    y, m = yyyy_mm[:7].split("-")
    return int(y) * 12 + int(m)


def _alive(mission: Mission, day: str) -> bool:
    """Whether a decision adopted on ``day`` can be about ``mission``: from a year before the
    registry's start (the establishing text comes first) to a month after its end."""
    at = _months_of(day)
    if mission.start and re.match(r"\d{4}-\d{2}", mission.start) and at < _months_of(mission.start) - 12:
        return False
    return not (mission.end and re.match(r"\d{4}-\d{2}", mission.end) and at > _months_of(mission.end) + 1)


_PRIORITY = {"establish": 0, "renew": 1, "end": 2, "adjust": 3}
_QUOTING = {"reaffirms", "recalls", "reiterates", "notes", "takes note"}


def quoted(doc: Document, pid: str | None) -> bool:
    """Whether a paragraph sits under one that quotes or recalls ("Reaffirms its resolution 425
    (1978), which reads: … 3. Decides … to establish"): its words are not this text's decisions."""
    by_pid = {p.pid: p for p in doc.paragraphs}
    seen: set[str] = set()
    parent = by_pid.get(by_pid[pid].parent or "") if pid in by_pid else None
    while parent is not None and parent.pid not in seen:
        if lead_verb(parent.text) in _QUOTING:
            return True
        seen.add(parent.pid)
        parent = by_pid.get(parent.parent or "")
    return False


def decide(doc: Document, previous: str | None, meetings: Meetings | None = None) -> Decision:
    adopted_s, source = doc.date, "text"
    if adopted_s is None and meetings is not None:
        adopted_s = meetings.adopted(number(doc.symbol))
        source = "meetings table" if adopted_s else "text"
    broken = damage(doc)
    if broken and broken.startswith("the file holds"):
        # Read as a decision it would count the other resolution twice (542 (1983) holds 538).
        return Decision(doc.symbol, adopted_s, "mention", None, None, "unknown", note=broken, date_source=source)
    if broken:
        # Cut short after the preamble: a preamble that speaks of extending the mission ("should
        # extend the stationing of the … Force … for a further period of six months") is a renewal
        # whose expiry is lost with its operative text.
        extends = next((p for p in doc.paragraphs if p.kind == PREAMBULAR and _RENEW.search(p.text)), None)
        if extends is not None:
            return Decision(doc.symbol, adopted_s, "renew", None, None, "unknown", extends.text,
                            note=f"{broken}; the preamble speaks of extending, so a renewal whose expiry cannot be read",
                            date_source=source)
        return Decision(doc.symbol, adopted_s, "mention", None, None, "unknown", note=broken, date_source=source)
    best: tuple[int, Any, str] | None = None
    for p in doc.paragraphs:
        if p.kind != OPERATIVE or quoted(doc, p.pid):
            continue
        kind = classify(p.text)
        if kind and (best is None or _PRIORITY[kind] < best[0]):
            best = (_PRIORITY[kind], p, kind)
    if best is None:
        return Decision(doc.symbol, adopted_s, "mention", None, None, "unknown", date_source=source)
    _, para, kind = best
    expiry, basis, note = _stated(para.text), "stated", ""
    if expiry is None and kind in ("establish", "adjust"):
        # "Decides to expand the size of the force … and its mandate" (OP5) with "Authorizes the
        # mandate for the expanded Operation for an initial period through 31 October 1993"
        # (OP6, 814 (1993)): the end date may stand in a paragraph of its own.
        for p in doc.paragraphs:
            if (p.kind == OPERATIVE and p.pid != para.pid and not quoted(doc, p.pid)
                    and lead_verb(p.text) in ("decides", "authorizes", "approves")
                    and re.search(r"\b(?:mandate|period)\b", p.text, re.I) and _stated(p.text)):
                expiry, note = _stated(p.text), f"the end date is stated in {p.pid}"
                break
    if expiry is None:
        unreadable = _UNREADABLE.search(para.text)
        if unreadable:
            note = f"the stated date cannot be read ('{unreadable.group(1)}')"
    if expiry is None and kind in ("establish", "renew"):
        months = _months(para.text)
        adopted = date.fromisoformat(adopted_s) if adopted_s else None
        if months and previous and adopted and abs((date.fromisoformat(previous) - adopted).days) <= 60:
            expiry, basis = add_months(date.fromisoformat(previous), months).isoformat(), f"previous expiry + {months} months"
        elif months and adopted:
            expiry, basis = add_months(adopted, months).isoformat(), f"adoption + {months} months"
        else:
            basis = "unknown"
            note = note or ("a period but no adoption date to count it from" if months else "no end date or period in the deciding paragraph")
        if expiry and note:
            note += "; the period gives the expiry"
    elif expiry is None:
        basis = "unknown"
        note = note or ("an adjustment: the period of the mandate in force is unchanged" if kind == "adjust"
                        else "no end date in the deciding paragraph")
    return Decision(doc.symbol, adopted_s, kind, para.pid, expiry, basis, para.text, note, source)


def is_damage(note: str) -> bool:
    """Whether a mention's note says its text is damaged (not that it is another mission's)."""
    return note.startswith(("the file holds", "no operative paragraph"))


def chain_gaps(store: Store, chain: list[tuple[Decision, Document]], meetings: Meetings | None = None) -> list[Gap]:
    """Periods with no mandating text: one mandate expired before the next mandating resolution
    in the store was adopted. The reason, in this order: resolutions numbered between the two
    are not in the store (withheld from the corpus; the meetings table gives their date and
    topic when it is at hand); a text between them names the mission but is damaged; otherwise
    the mandate lapsed (or the store lacks the renewal for a reason it cannot see)."""
    mandating = [(d, doc) for d, doc in chain if d.type in ("establish", "renew", "adjust", "end")]
    damaged = {d.symbol: d.note for d, _ in chain if d.type == "mention" and d.note and is_damage(d.note)}
    gaps = []
    previous: Decision | None = None
    for dec, _ in mandating:
        if dec.type == "adjust":
            continue  # an adjustment does not carry the mandate's period
        # A renewal adopted the day after the expiry (430 (1978), 16 June for 15 June) is the
        # Council meeting past midnight, not a period without a mandate.
        if (previous is not None and previous.expiry and dec.date
                and (date.fromisoformat(dec.date) - date.fromisoformat(previous.expiry)).days > 1):
            lo, hi = number(previous.symbol), number(dec.symbol)
            absent = [n for n in range(lo + 1, hi) if store.get_document(f"S/RES/{n}") is None]
            broken = [s for s in damaged if lo < number(s) < hi]
            gap = Gap(previous.symbol, dec.symbol, previous.expiry, dec.date, "lapse")
            if meetings is not None and absent:
                absent = _likely(absent, previous.expiry, meetings, lo, hi)
            if absent:
                gap.why, gap.missing = "withheld", [_symbol(n, meetings) for n in absent]
                gap.note = "not in the store: " + "; ".join(
                    _describe(n, meetings) for n in absent)
            elif broken:
                gap.why, gap.missing = "damaged", broken
                gap.note = "; ".join(f"{s}: {damaged[s]}" for s in broken)
            else:
                gap.note = "no text in the store renews the mandate between its expiry and the next adoption"
            gaps.append(gap)
        # An unknown expiry measures no gap; after an end, a new establishment is no gap either.
        previous = None if dec.type == "end" else dec
    return gaps


def _likely(absent: list[int], expiry: str, meetings: Meetings, lo: int, hi: int) -> list[int]:
    """The absent resolutions that can be the missing renewal: on the topic of the texts around
    the gap (the meetings table's), and, where some were adopted in the month before the expiry
    or the week after it (when renewals are adopted), those — UNDOF's gap of 1975 lacks 369
    (28 May, the expiry 31 May), not UNEF II's 368 (17 April), on the same topic."""
    topics = meetings.topics(lo) | meetings.topics(hi)
    if topics:
        absent = [n for n in absent if meetings.topics(n) & topics]
    end = date.fromisoformat(expiry)
    near = [n for n in absent if (a := meetings.adopted(n)) and -31 <= (date.fromisoformat(a) - end).days <= 7]
    return near or absent


def _symbol(n: int, meetings: Meetings | None) -> str:
    year = meetings.year(n) if meetings is not None else None
    return f"S/RES/{n} ({year})" if year else f"S/RES/{n}"


def _describe(n: int, meetings: Meetings | None) -> str:
    if meetings is None or not meetings.adopted(n):
        return _symbol(n, meetings)
    topic = sorted(meetings.topics(n))
    return f"{_symbol(n, meetings)}, adopted {meetings.adopted(n)}" + (f" ('{topic[0]}')" if topic else "")


@dataclass(slots=True)
class OffChain:
    """A resolution on the mission's topic (the meetings table's) that the chain leaves out."""
    symbol: str
    adopted: str | None
    topic: str
    why: str
    suspect: bool = False  # it decides on a mandate and names no other mission: a renewal the chain may miss

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def off_chain(store: Store, mission: Mission, chain: list[tuple[Decision, Document]], meetings: Meetings) -> list[OffChain]:
    """Every resolution in the store adopted under a topic of the chain's decisions (the SC
    meetings table: "The situation in Cyprus", "The situation in the Middle East" …) that is not
    one of its decisions, each with why — so a renewal the chain misses cannot hide."""
    decided = {d.symbol for d, _ in chain if d.type != "mention"}
    mentions = {d.symbol: d for d, _ in chain if d.type == "mention"}
    topics: set[str] = set()
    for d in decided:
        topics |= meetings.topics(number(d))
    missions = tuple(load_missions())
    patterns = _name_patterns(missions if mission in missions else (*missions, mission))
    founding = {m.mandating_resolution: m.acronym for m in missions if m.mandating_resolution}
    out = []
    for n in meetings.on_topics(topics):
        doc = store.get_document(f"S/RES/{n}")
        if doc is None or doc.symbol in decided:
            continue
        topic = "; ".join(sorted(meetings.topics(n) & topics))
        adopted = doc.date or meetings.adopted(n)
        if doc.symbol in mentions:
            m = mentions[doc.symbol]
            out.append(OffChain(doc.symbol, adopted, topic, m.note or "names the mission; takes no decision on its mandate"))
            continue
        whole = " ".join(p.text for p in doc.paragraphs)
        named = [a for a, pat in patterns.items() if a != mission.acronym and pat.search(whole)]
        # "Decides that the Force shall be established" (341 (1973)) names no mission but cites
        # UNEF II's mandating resolution, 340 (1973).
        named += [a for a in dict.fromkeys(founding.get(c.to_symbol, "") for c in doc.citations) if a and a not in named
                  and a != mission.acronym]
        dec = decide(doc, None)
        if dec.note and dec.type == "mention":
            why = dec.note
        elif dec.type != "mention":
            why = f"{dec.type} ({dec.pid})" + (f"; names {', '.join(named)}" if named else "; names no mission of the registry")
        else:
            why = f"no mandate decision; names {', '.join(named)}" if named else "no mandate decision; does not name the mission"
        out.append(OffChain(doc.symbol, adopted, topic, why, suspect=dec.type in ("establish", "renew", "end") and not named))
    return out


def chain_end(mission: Mission, chain: list[tuple[Decision, Document]]) -> str | None:
    """How the chain ends when the mission has ended (the registry's end) and no text in the store
    ends it: at the last expiry, when that is when the mission ended (UNEF II: 24 July 1979, after
    438 (1978)); otherwise the store lacks the later texts (the SC texts here stop in 1994)."""
    mandating = [d for d, _ in chain if d.type in ("establish", "renew", "adjust", "end")]
    if not mandating or mandating[-1].type == "end" or not mission.end:
        return None
    last = next((d for d in reversed(mandating) if d.expiry), None)
    if last is None or last.expiry is None:
        return None
    y, m = map(int, mission.end[:7].split("-"))
    ly, lm = map(int, last.expiry[:7].split("-"))
    if abs((y * 12 + m) - (ly * 12 + lm)) <= 1:
        return f"the mandate lapsed on {last.expiry}: no later text in the store renews or ends it (last: {last.symbol})"
    if (ly, lm) < (y, m):
        return (f"the last text in the store, {last.symbol}, runs the mandate until {last.expiry}; the mission ran until "
                f"{mission.end} (registry): the later texts are not in the store")
    # UNAVEM (I) ended in 1991; texts on UNAVEM II name it by the same words.
    return (f"the last text in the store, {last.symbol}, runs a mandate until {last.expiry}, after the mission's end in "
            f"the registry ({mission.end}): the later texts may be a successor's")
