"""What a document says about its own drafting: the draft a resolution was adopted from, and
whether a "draft" is really a list of amendments to another draft.

A General Assembly resolution names its origin under its title, in the front matter:

    [without reference to a Main Committee (A/80/L.15)]       ← the draft, tabled in plenary
    [on the report of the Second Committee (A/80/555, para. 7)] ← a committee report: the draft
                                                                 is inside the report

An amendment document (A/80/L.29, A/C.3/80/L.63) has a draft's symbol but holds no version of
the text: its front matter reads "Brazil: amendment to draft resolution A/80/L.22" and its body
is instructions ("Replace operative paragraph 200 with the following text:", "In the thirteenth
preambular paragraph, replace “…” with “…”", "Delete …", "Insert …"). Compared as if it were a
version of the draft, it would show the whole draft dropped ("423 dropped"); it is recognised
instead and its amendments listed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..model import FOOTNOTE, OPERATIVE, PREAMBULAR, Document
from ..symbols import SymbolError, parse

FRONT = 15  # paragraphs read for front matter: enough for a long list of sponsors

_ORIGIN = re.compile(r"\[\s*(without reference to a Main Committee|on the report of the ([A-Z][^()\]]*?Committee"
                     r"(?: \([^()]*\))?))\s*\(([^()]*)\)\s*\]", re.I)
# "amendment to revised draft resolution A/C.3/80/L.20/Rev.1", "amendment to draft resolution 4
# recommended by the Second Committee in its report contained in document A/80/555"; the symbol
# may be missing where the stored text lost it.
_AMENDMENT = re.compile(r"\bamendments?\s+to\s+(?:the\s+)?((?:revised\s+)?draft\s+(?:resolution|decision))"
                        r"(?:\s+(A/[A-Z0-9./]*\d(?:/Rev\.\d+)?)"
                        r"|\s+(\d+)\s+recommended\s+by\s+the\s+.{0,60}?Committee\s+in\s+its\s+report\s+contained\s+in\s+"
                        r"document\s+(A/[A-Z0-9./]*\d))?", re.I)
# An instruction opens with where or what ("In operative paragraph 64, after “…” insert …",
# "Delete the third preambular paragraph") and, outside its quotations, has a verb of amending.
_INSTRUCTION_OPENS = re.compile(r"^(?:\d{1,3}\.\s+)?(?:In|After|Before|At the end of|Replace|Insert|Delete|Add|"
                                r"Amend|Substitute|Renumber|Move)\b")
_INSTRUCTION_VERB = re.compile(r"\b(?:replace|insert|delete|add|amend|substitute|renumber|move)\b", re.I)
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")


def _is_instruction(text: str) -> bool:
    return bool(_INSTRUCTION_OPENS.match(text)) and bool(_INSTRUCTION_VERB.search(_QUOTED.sub("", text)))


@dataclass(slots=True)
class Origin:
    """Where a resolution says it came from."""

    kind: str  # "draft" (tabled in plenary) or "report" (a committee's report)
    symbol: str  # canonical: "A/80/L.15", "A/80/555"
    where: str  # the words as printed: "without reference to a Main Committee (A/80/L.15)"
    committee: str | None = None  # "Second Committee"

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "symbol": self.symbol, "where": self.where, "committee": self.committee}


@dataclass(slots=True)
class Amendment:
    """One instruction of an amendment document and the words it brings, if any."""

    pid: str
    instruction: str  # "Replace operative paragraph 200 with the following text:"
    text: list[str] = field(default_factory=list)  # the paragraphs that follow it, as printed

    def to_dict(self) -> dict[str, Any]:
        return {"pid": self.pid, "instruction": self.instruction, "text": self.text}


def _front(doc: Document) -> list[str]:
    """The front matter's paragraphs, whitespace folded: those before the first preambular or
    operative paragraph, at most ``FRONT`` of them."""
    out = []
    for p in doc.paragraphs[:FRONT]:
        if p.kind in (PREAMBULAR, OPERATIVE):
            break
        out.append(" ".join(p.text.split()))
    return out


def origin(doc: Document) -> Origin | None:
    """The draft or committee report ``doc``'s header names, or None where it names none."""
    m = _ORIGIN.search(" ".join(_front(doc) or [" ".join(p.text.split()) for p in doc.paragraphs[:FRONT]]))
    if not m:
        return None
    first = re.split(r",|\band\b", m.group(3))[0].strip()
    try:
        sym = parse(first)
    except SymbolError:
        return None
    kind = "draft" if sym.doc_type == "draft" else "report"
    return Origin(kind, sym.canonical, m.group(0).strip("[] "), m.group(2))


@dataclass(slots=True)
class Amends:
    """What an amendment document says it amends."""

    what: str  # "draft resolution", "revised draft resolution"
    target: str | None  # "A/80/L.22", "draft resolution 4 in A/80/555"; None where the text lost it
    header: str  # the words as printed: "amendment to draft resolution A/80/L.22"

    def to_dict(self) -> dict[str, Any]:
        return {"what": self.what, "target": self.target, "header": self.header}


def amends(doc: Document) -> Amends | None:
    """What ``doc`` amends, from its front matter, or None when it is no amendment document."""
    head = " ".join(_front(doc)) or " ".join(" ".join(p.text.split()) for p in doc.paragraphs[:4])
    m = _AMENDMENT.search(head)
    if not m:
        return None
    what = " ".join(m.group(1).lower().split())
    if m.group(2):
        try:
            target: str | None = parse(m.group(2)).canonical
        except SymbolError:
            target = m.group(2)
    elif m.group(3):
        target = f"{what} {m.group(3)} in {m.group(4)}"
    else:
        target = None
    return Amends(what, target, m.group(0))


# "Chad:* draft resolution", "Draft resolution submitted by the President of the General Assembly".
_DRAFT_OF = re.compile(r"\bdraft\s+(resolution|decision)\b", re.I)


def draft_kind(doc: Document) -> str | None:
    """"resolution" or "decision", as a draft's front matter names it ("Chad:* draft resolution");
    None for an amendment to a draft (it proposes changes, it is no version) or where the front
    matter says neither."""
    if amends(doc) is not None:
        return None
    for line in _front(doc):
        m = _DRAFT_OF.search(line)
        if m:
            return m.group(1).lower()
    return None


def is_amendment(doc: Document) -> bool:
    """Whether ``doc`` proposes amendments to a draft rather than being a version of one."""
    return amends(doc) is not None


def amendments(doc: Document) -> list[Amendment]:
    """The instructions of an amendment document, each with the paragraphs of text it brings
    (for "… with the following text:" or "… reading:"); sponsor notes ("* Any changes to the
    list of sponsors …") are left out. Where the stored text ran the header, the title and the
    only instruction into one paragraph, the instruction is cut from its end."""
    out: list[Amendment] = []
    started = False
    for p in doc.paragraphs:
        text = " ".join(p.text.split())
        if not started:
            m = _AMENDMENT.search(text)
            if m:
                started = True
                rest = _first_instruction(text[m.end():])
                if rest:
                    out.append(Amendment(p.pid, rest))
            continue
        if text.startswith("*") or p.kind == FOOTNOTE:
            continue
        if _is_instruction(text):
            out.append(Amendment(p.pid, text))
        elif out and out[-1].instruction.rstrip().endswith(":"):
            out[-1].text.append(text)
    return out


_OPENER = re.compile(r"(?<=\s)(?:\d{1,3}\.\s+)?(?:In|After|Before|At the end of|Replace|Insert|Delete|Add|Amend)\b")


def _first_instruction(text: str) -> str | None:
    for m in _OPENER.finditer(" " + text):
        rest = (" " + text)[m.start():]
        if _is_instruction(rest):
            return rest
    return None


def not_a_version(*docs: Document) -> str | None:
    """Why two documents cannot be compared as versions of one text (one of them is a list of
    amendments), in one line; None when they can."""
    for d in docs:
        am = amends(d)
        if am is not None:
            n = len(amendments(d))
            target = am.target or f"a {am.what} its stored text does not name"
            if am.target and not am.target.startswith(am.what):
                target = f"{am.what} {am.target}"
            return (f"{d.symbol} is an amendment to {target}, not a version of it "
                    f"({n} amendment{'s' if n != 1 else ''}: `peaceobs compare {d.symbol}` lists them)")
    return None
