"""Today's mandates, read from the budget reports and the Assembly's financing resolutions.

The corpus holds no Security Council text after 1994, yet every budget report opens with the
mandate it budgets for — "The mandate of MINURSO was established by the Security Council in its
resolution 690 (1991). The mandate for the performance period was provided in its resolutions
2703 (2023) and 2756 (2024). The most recent extension of the mandate was authorized by the
Council in its resolution 2797 (2025), by which it extended the mandate until 31 October 2026."
(A/80/600 para. 1) — and every financing resolution recalls it ("Recalling Security Council
resolution 690 (1991) …, the latest of which was resolution 2756 (2024) of 31 October 2024, by
which the Council extended the mandate of the Mission until 31 October 2025").

Each sentence that says what a Security Council resolution did to the mandate becomes a
:class:`MandateRecord`: the resolution, what it did (established, extended, terminated,
expanded, renamed, or gave the mandate of the budget's performance period), the end date as
printed and as ISO, and the sentence it was read from. The rules are about how such sentences
are built, never about one report:

1. *resolution …, by which / in which / whereby / regarding …* — what follows says what the
   resolution did: the first action verb, and the date after "until" (or, for a termination,
   "as of / as from") before the next action.
2. *resolution …, the Council decided to terminate / requested the Secretary-General to
   establish / established …* — the same, when the clause after the comma acts.
3. *… was established / was most recently extended [until D] … in its resolution N [, until D]*
   — a passive verb (or one coordinated with an earlier action: "and extended most recently")
   whose subject is the mandate or the mission, the nearest before the resolution.

A resolution only cited ("under resolution 2640 (2022)", "paragraph 2 of resolution 1990 (2011)",
"in accordance with …") says nothing; an intention ("expressed its intention to terminate") is
not a decision; a sentence about another mission's mandate ("the mandate of UNTMIS") is not
this one's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, NamedTuple

from ..dates import DATE_PATTERN, iso_date, printed_date
from ..errors import PeaceobsError
from ..finance.budgets import BUDGET_TITLES
from ..finance.entities import entity_of_title
from ..model import Document
from ..store import Store
from ..symbols import find_references
from .decisions import Decision
from .registry import Mission, find_mission, load_missions

__all__ = ["MandateRecord", "CurrentMandate", "Source", "UnknownMission", "current_mandate", "mandate_records",
           "budget_documents"]

ESTABLISHED, EXTENDED, TERMINATED = "established", "extended", "terminated"
EXPANDED, RENAMED, PERFORMANCE = "expanded", "renamed", "performance period"
# Actions that set when a mandate ends: the latest of them is the mandate in force.
ENDING = (EXTENDED, TERMINATED)


class Source(NamedTuple):
    document: str  # the symbol of the report or resolution
    pid: str  # its paragraph
    quote: str  # the sentence, as printed (paragraph number dropped)


class MandateRecord(NamedTuple):
    symbol: str  # the Security Council resolution, canonical: "S/RES/2797 (2025)"
    action: str  # established, extended, terminated, expanded, renamed, performance period
    expiry: str | None  # the end date as printed: "31 October 2026"
    expiry_iso: str | None  # the same, ISO: "2026-10-31"
    source: Source
    adopted: str | None = None  # ISO, where the sentence dates the resolution ("of 14 November 2024")
    final: bool = False  # "extended the mandate for a final time"

    @property
    def number(self) -> int:
        return int(re.search(r"S/RES/(\d+)", self.symbol).group(1))

    def to_dict(self) -> dict[str, Any]:
        return {"symbol": self.symbol, "action": self.action, "expiry": self.expiry,
                "expiry_iso": self.expiry_iso, "adopted": self.adopted, "final": self.final,
                "source": self.source._asdict()}


@dataclass(slots=True)
class CurrentMandate:
    """A mission's mandate as its budget documents state it."""

    mission: str  # acronym
    history: list[MandateRecord] = field(default_factory=list)  # one per resolution and action, by number
    documents: list[str] = field(default_factory=list)  # the budget documents read

    @property
    def latest(self) -> MandateRecord | None:
        """The latest extension (or termination): the end date of the mandate in force."""
        ending = [r for r in self.history if r.action in ENDING]
        return max(ending, key=lambda r: r.number) if ending else None

    @property
    def established(self) -> list[MandateRecord]:
        return [r for r in self.history if r.action == ESTABLISHED]

    @property
    def performance_period(self) -> list[MandateRecord]:
        return [r for r in self.history if r.action == PERFORMANCE]

    def to_dict(self) -> dict[str, Any]:
        latest = self.latest
        return {"mission": self.mission, "latest": latest.to_dict() if latest else None,
                "expiry": latest.expiry if latest else None, "expiry_iso": latest.expiry_iso if latest else None,
                "established": [r.to_dict() for r in self.established],
                "performance_period": [r.to_dict() for r in self.performance_period],
                "history": [r.to_dict() for r in self.history], "documents": self.documents}


# --- the words ---------------------------------------------------------------------------------

# Verbs that act on a mandate, as they follow "by which", a comma, or "was": each → its action.
_ACTIVE = [
    (r"decided\s+that\b[^.;]{0,160}?\bwould\s+bear\s+the\s+title", RENAMED),
    (r"(?:decided\s+to\s+|to\s+)?terminat(?:e|ed)|decided\s+to\s+end|ended", TERMINATED),
    (r"decided\s+to\s+(?:extend|renew)|extended|renewed|prolonged", EXTENDED),
    (r"requested\s+(?:that\s+)?the\s+Secretary-General\s+(?:to\s+)?establish|decided\s+to\s+(?:establish|set\s+up)"
     r"|established|set\s+up|created|establishment", ESTABLISHED),
    (r"expanded", EXPANDED),
]
_ACTIVE_RE = re.compile("|".join(f"(?P<a{i}>\\b(?:{p})\\b)" for i, (p, _) in enumerate(_ACTIVE)), re.I)
_PASSIVE_RE = re.compile(
    r"\b(?P<perf>mandate\s+for\s+the\s+performance(?:\s+reporting)?\s+period\s+(?:was|were)\s+provided)"
    r"|\b(?P<noun>extension)\s+of\s+the\s+mandate\s+was\s+(?:authorized|approved|decided)"
    r"|\b(?P<be>(?:was|were|has\s+been|have\s+been|had\s+been|is|are)\s+(?:(?:most\s+recently|subsequently|last|also|further)\s+)?)"
    r"(?P<pv>established|set\s+up|created|extended|renewed|expanded|terminated)\b"
    r"|\b(?P<who>(?:the\s+(?:Security\s+)?Council|it)\s+(?:has\s+)?(?:(?:most\s+recently|subsequently|last)\s+)?)"
    r"(?P<av>established|extended|renewed|terminated)\b"
    r"|(?P<comma>,\s*)(?P<pp>established|set\s+up|created)\b"
    r"|(?P<and>(?:,\s*|\band\s+)(?:was\s+)?(?:(?:most\s+recently|subsequently|last)\s+)?)"
    r"(?P<cv>established|extended|renewed|expanded)\b", re.I)
_VERB_ACTION = {"established": ESTABLISHED, "set up": ESTABLISHED, "created": ESTABLISHED, "extended": EXTENDED,
                "renewed": EXTENDED, "expanded": EXPANDED, "terminated": TERMINATED}
_MARKER = re.compile(r"^\s*(?:of\s+" + DATE_PATTERN + r")?\s*,?\s*(?:by\s+which|in\s+which|whereby|regarding)\b", re.I)
_COMMA_ACT = re.compile(r"^\s*(?:of\s+" + DATE_PATTERN + r")?\s*,\s*(?:the\s+(?:Security\s+)?Council\s+)?(?:also\s+)?(?=\w)", re.I)
_INTENT = re.compile(r"\b(?:intent(?:ion)?|intends?|intended|would\s+consider|to\s+consider)\b[^.;]{0,40}$", re.I)
# A resolution cited rather than acting: "under resolution 2640 (2022)", "paragraph 2 of resolution …"
_CITED = re.compile(r"(?:\bunder|\bof|\bin\s+line\s+with|\bset\s+(?:out|forth)\s+in|\bsee|\bimplement|\bprovisions\s+of"
                    r"|\breaffirmed\s+in|\baccordance\s+with|\bpursuant\s+to\s+paragraph\s+\d+\s+of)"
                    r"\s+(?:(?:Security\s+)?Council\s+)?(?:its\s+)?$", re.I)
_UNTIL = re.compile(r"\b(?:until|through|to\s+expire\s+on)\s+" + DATE_PATTERN, re.I)
_AS_OF = re.compile(r"\b(?:as\s+(?:of|from)|with\s+effect\s+from|effective|on)\s+" + DATE_PATTERN, re.I)
_AFTER_DATE = re.compile(r"^\s*,?\s*(?:until|to\s+expire\s+on)\s+" + DATE_PATTERN, re.I)
_AFTER_AS_OF = re.compile(r"^\s*,?\s*(?:as\s+(?:of|from)|with\s+effect\s+from)\s+" + DATE_PATTERN, re.I)
_ADOPTED = re.compile(r"^\s*of\s+" + DATE_PATTERN, re.I)
_FINAL = re.compile(r"\bfor\s+a\s+final\b|\bfinal\s+extension\b", re.I)
# A named body of the UN or the AU: "the United Nations Investigative Team to Promote …"
_PROPER = re.compile(r"\b(?:United\s+Nations|African\s+Union)(?:\s+(?:[A-Z][\w’'/-]*|of|in|for|on|to|the|and))*"
                     r"\s+[A-Z][\w’'/-]*")
_SUBJECT = re.compile(r"\b(?:mandate|Mission|Force|Operation|Office|support\s+package)\b", re.I)
# "The mandate of UNMISS, established by resolution 1996 (2011), …": a participle after its noun
_NOUN_BEFORE = re.compile(r"\b(?:mandate|Mission|Force|Operation|Office|[A-Z]{4,}\w*)(?:\s+of\s+[^,;]{1,80})?\s*$")
_LIST_GAP = re.compile(r"^\s*(?:,\s*and|,|and)\s*$")
_LABEL = re.compile(r"^\s*(?:\d+\.|\([a-z]{1,3}\))\s+")
# Sentences end at a full stop before a capital, not after "para.", "No.", "Add." and the like.
_SENTENCE = re.compile(r"(?<!\bpara)(?<!\bparas)(?<!\bNo)(?<!\bAdd)(?<!\bRev)(?<!\bCorr)(?<!\bSect)(?<!\bvol)"
                       r"(?<=[.;])\s+(?=[A-Z“\"(])")


def _sentences(text: str) -> Iterator[str]:
    for s in _SENTENCE.split(" ".join(text.split())):
        s = _LABEL.sub("", s).strip()
        if s:
            yield s


class _Ref(NamedTuple):
    symbol: str
    start: int  # of "resolution(s)" for a list's first item, else of the number
    end: int


def _sc_references(sentence: str) -> list[_Ref]:
    return [_Ref(r.symbol.canonical, r.start, r.end) for r in find_references(sentence)
            if r.symbol.body == "SC" and r.symbol.doc_type == "resolution"]


def _action(verb: str) -> str:
    m = _ACTIVE_RE.fullmatch(verb)
    for i, (_, action) in enumerate(_ACTIVE):
        if m and m.group(f"a{i}"):
            return action
    return _VERB_ACTION[" ".join(verb.lower().split())]


def _first_action(clause: str) -> tuple[str, int, int] | None:
    """The first action of a clause that follows a resolution: (action, start, end)."""
    for m in _ACTIVE_RE.finditer(clause):
        if _INTENT.search(clause[:m.start()]):
            return None  # "expressed its intention to terminate": not a decision
        return _action(m.group(0)), m.start(), m.end()
    return None


def _date_in(text: str, action: str) -> re.Match[str] | None:
    if action in (TERMINATED, RENAMED):
        return _AS_OF.search(text) or _UNTIL.search(text)
    return _UNTIL.search(text) if action in (EXTENDED, ESTABLISHED) else None


@lru_cache(maxsize=1)
def _all_names() -> tuple[tuple[str, str], ...]:
    """Every name (longer than three letters) of every mission, with its acronym."""
    return tuple((n, m.acronym) for m in load_missions() for n in m.names() if len(n) > 3)


def _names_another(text: str, mission: Mission) -> bool:
    """Whether ``text`` names some other body and not ``mission`` — then what it says of a
    mandate ("whose mandate was terminated", "the mandate of UNTMIS") is that body's."""
    if any(re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", text) for n in mission.names()):
        return False
    if any(a != mission.acronym and re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", text) for n, a in _all_names()):
        return True
    return _PROPER.search(text) is not None


def _records_in(sentence: str, mission: Mission) -> Iterator[tuple[str, str, re.Match[str] | None, str | None, bool]]:
    """(symbol, action, date match, adopted ISO, final) for each resolution the sentence says acted."""
    refs = _sc_references(sentence)
    acted: dict[int, str] = {}  # index of a ref → its action, for lists and coordinated verbs
    prev_end = 0
    used_to = 0  # verbs before this offset are taken by an earlier resolution
    for i, ref in enumerate(refs):
        nxt = next((r.start for r in refs[i + 1:] if not _CITED.search(sentence[:r.start])), len(sentence))
        after = sentence[ref.end:nxt]
        adopted_m = _ADOPTED.match(after)
        adopted = iso_date(adopted_m) if adopted_m else None
        if i and _LIST_GAP.match(sentence[refs[i - 1].end:ref.start]) and i - 1 in acted:
            acted[i] = acted[i - 1]  # "resolutions 425 (1978) and 426 (1978)": one verb for the list
            yield ref.symbol, acted[i], None, adopted, False
            prev_end = ref.end
            continue
        found: tuple[str, re.Match[str] | None, str] | None = None
        marker = _MARKER.match(after) or _COMMA_ACT.match(after)
        if marker:  # rules 1 and 2: what follows the resolution says what it did
            clause = after[marker.end():]
            first = _first_action(clause)
            if first and (_MARKER.match(after) or first[1] == 0):
                action, _, a_end = first
                following = _ACTIVE_RE.search(clause, a_end)
                span = clause[:following.start()] if following else clause
                found = (action, _date_in(span[a_end:] if action == EXTENDED else span, action), span)
                used_to = ref.end + marker.end() + a_end
        if found is None and not _CITED.search(sentence[:ref.start]):
            # rule 3: the nearest passive (or coordinated) verb before, whose subject is the mandate
            window_start = max(prev_end, used_to)
            window = sentence[window_start:ref.start]
            verbs = [m for m in _PASSIVE_RE.finditer(window)
                     if not (m.group("and") is not None and not acted)  # "and extended" continues an action
                     and not (m.group("comma") is not None and not _NOUN_BEFORE.search(sentence[:window_start + m.start()]))]
            if verbs:
                v = verbs[-1]
                head = sentence[:window_start + v.start()]
                if v.group("perf"):
                    action = PERFORMANCE
                elif v.group("noun"):
                    action = EXTENDED
                else:
                    verb = v.group("pv") or v.group("cv") or v.group("av") or v.group("pp")
                    action = _VERB_ACTION[" ".join(verb.lower().split())]
                between = window[v.end():]
                # the mandate is the verb's subject ("The mandate of UNDOF was renewed"), or, after
                # "the Council renewed", its object
                told = head if v.group("av") is None else between
                if v.group("perf") or v.group("noun") or _SUBJECT.search(told) or any(
                        n in told for n in mission.names()) or acted:
                    date = _date_in(between, action) or _AFTER_DATE.match(after) or (
                        _AFTER_AS_OF.match(after) if action == TERMINATED else None)
                    found = (action, date, window)
                    used_to = ref.start
        if found is None:
            prev_end = ref.end
            continue
        action, date, clause = found
        if _names_another(clause, mission):
            prev_end = ref.end
            continue
        acted[i] = action
        yield ref.symbol, action, date, adopted, bool(_FINAL.search(clause))
        prev_end = ref.end


def mandate_records(doc: Document, mission: Mission) -> list[MandateRecord]:
    """Every statement of ``doc`` on what a Security Council resolution did to ``mission``'s mandate."""
    out: list[MandateRecord] = []
    for p in doc.paragraphs:
        if p.kind in ("footnote", "table", "heading") or "esolution" not in p.text:
            continue
        for sentence in _sentences(p.text):
            if "esolution" not in sentence:
                continue
            for symbol, action, date, adopted, final in _records_in(sentence, mission):
                printed = " ".join(date.group(0).split()[-3:]) if date else None
                out.append(MandateRecord(symbol, action, printed, iso_date(date, date.re.groups - 2) if date else None,
                                         Source(doc.symbol, p.pid, sentence), adopted, final))
    return out


# The Secretary-General's report of the latest session is the fullest statement, then the
# Advisory Committee's, then the Assembly's resolutions, newest first: where documents agree,
# the record cites the first of them.
_BODY_RANK = {"SG": 0, "ACABQ": 1, "GA": 2}


def _rank(doc: Document) -> tuple[int, int, str]:
    return (-(doc.session or 0), _BODY_RANK.get(doc.body, 3), "~" if doc.date is None else _invert(doc.date))


def _invert(iso: str) -> str:
    return "".join(chr(ord("9") - ord(c) + ord("0")) if c.isdigit() else c for c in iso)


def budget_documents(store: Store, mission: Mission) -> list[Document]:
    """The budget reports and financing resolutions the finance module assigns to ``mission``."""
    docs = []
    for titled in store.documents_titled(*BUDGET_TITLES):
        entity = entity_of_title(titled.title)
        if entity is None or entity.key != mission.acronym:
            continue
        doc = store.get_document(titled.symbol)
        if doc is not None:
            docs.append(doc)
    return sorted(docs, key=_rank)


def _dedupe(records: Iterable[MandateRecord]) -> list[MandateRecord]:
    """One record per resolution and action, from the first document (they come ranked). A dated
    statement wins over an undated one of the same act ("established … until 30 April 2015" over
    "was established"); two documents giving two dates are both kept: a disagreement to see."""
    groups: dict[tuple[str, str], list[MandateRecord]] = {}
    for r in records:
        groups.setdefault((r.symbol, r.action), []).append(r)
    out: list[MandateRecord] = []
    for group in groups.values():
        dated = {r.expiry_iso: r for r in reversed(group) if r.expiry_iso}  # first source of each date
        out.extend(sorted(dated.values(), key=group.index) if dated else group[:1])
    order = {r: i for i, r in enumerate(out)}
    return sorted(out, key=lambda r: (r.number, order[r]))


class UnknownMission(PeaceobsError, KeyError):
    """A mission the registry does not know."""


def current_mandate(store: Store, mission: Mission | str, chain: Iterable[Decision] | None = None) -> CurrentMandate:
    """``mission``'s mandate as its budget documents state it: the establishing resolution, the
    resolutions of the performance period, every extension they recall and the latest one, each
    with the sentence it was read from. Empty (``latest`` None) where the store holds none.

    ``chain``: the mission's Security Council decisions read from the texts in the store
    (:func:`~peaceobs.mandates.decisions.mandate_chain`). A text newer than every resolution the
    budget documents name — one fetched after them (``peaceobs fetch``) — joins the history, sourced
    to its own deciding paragraph, so that it, not the budget reports, gives today's mandate."""
    found = mission if isinstance(mission, Mission) else find_mission(mission)
    if found is None:
        raise UnknownMission(f"{mission!r}: not in the missions registry")
    docs = budget_documents(store, found)
    records = [r for doc in docs for r in mandate_records(doc, found)]
    newest = max((r.number for r in records), default=0)
    for d in chain or ():
        action = _CHAIN_ACTIONS.get(d.type)
        symbol = canonical_sc(d.symbol)
        if action and symbol and int(re.search(r"S/RES/(\d+)", symbol).group(1)) > newest and d.pid:
            records.append(MandateRecord(symbol, action, printed_date(d.expiry) if d.expiry else None, d.expiry,
                                         Source(d.symbol, d.pid, re.sub(r"^\s*\d+\.\s*", "", d.text)), d.date))
    return CurrentMandate(found.acronym, _dedupe(records), [d.symbol for d in docs])


_CHAIN_ACTIONS = {"establish": ESTABLISHED, "renew": EXTENDED, "end": TERMINATED}


def canonical_sc(symbol: str) -> str | None:
    """"S/RES/2809 (2025)" from any spelling the chain or a reference uses; None if not an SC text."""
    m = re.search(r"S/RES/(\d+)\s*\((\d{4})\)", symbol)
    return f"S/RES/{m.group(1)} ({m.group(2)})" if m else None
