"""UN document symbols: parse, normalise, format, classify; find references in running text.

One canonical form per document, round-trip safe (``parse(s.canonical).canonical == s.canonical``):

=============================  =================================  ========  ============
as written                     canonical                          body      type
=============================  =================================  ========  ============
``S/RES/2719(2023)``           ``S/RES/2719 (2023)``              SC        resolution
resolution 2719 (2023)         ``S/RES/2719 (2023)``              SC        resolution
resolution 77/313              ``A/RES/77/313``                   GA        resolution
resolution 1874 (S-IV)         ``A/RES/1874 (S-IV)``              GA        resolution
``a/c.4/80/l.4/rev.1``         ``A/C.4/80/L.4/Rev.1``             GA        draft
``A_80_604_ADD.13`` (a file)   ``A/80/604/Add.13``                GA        document
``S/PV.9999``                  ``S/PV.9999``                      SC        meeting
``PSC/PR/COMM.1234(2024)``     ``PSC/PR/COMM.1234 (2024)``        AU-PSC    communique
=============================  =================================  ========  ============

Security Council resolutions are cited both with and without their year; :attr:`Symbol.key`
drops the year so that the two meet (``S/RES/2719``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from .errors import PeaceobsError

__all__ = ["Symbol", "SymbolError", "parse", "normalise", "find_references", "Reference"]


class SymbolError(PeaceobsError, ValueError):
    """Raised for a string that is not a UN document symbol."""


@dataclass(frozen=True, slots=True)
class Symbol:
    canonical: str
    body: str  # SC, GA, ECOSOC, HRC, AU-PSC, UN
    doc_type: str  # resolution, draft, report, meeting, statement, communique, document
    year: int | None = None
    session: int | None = None
    number: str | None = None
    suffix: str = ""  # "/Rev.1", "/Add.13", "/Corr.1" …, canonical case

    @property
    def key(self) -> str:
        """The symbol without an SC resolution's year: how citations and documents are joined."""
        if self.body == "SC" and self.doc_type == "resolution":
            return f"S/RES/{self.number}"
        return self.canonical

    @property
    def is_revision(self) -> bool:
        return "/Rev." in self.suffix

    def __str__(self) -> str:
        return self.canonical


_ROMAN = r"(?:S-|ES-)?[IVXLC]+"
_SUFFIX_RE = re.compile(r"/(REV|ADD|CORR|AMEND|SUMMARY)\.?(\d+)", re.I)
_SUFFIX_CASE = {"REV": "Rev.", "ADD": "Add.", "CORR": "Corr.", "AMEND": "Amend.", "SUMMARY": "Summary."}

# Ordinary writing variants to undo before matching: file names use "_" for "/", some extractions
# put spaces around slashes, and "(2023)" may or may not be preceded by a space.
_SPACES_AROUND_SLASH = re.compile(r"\s*/\s*")


def _clean(text: str) -> str:
    s = text.strip().strip(".,;:")
    s = re.sub(r"\.(pdf|docx?|json|md|txt|html?)$", "", s, flags=re.I)
    s = re.sub(r"-(EN|FR|ES|AR|RU|ZH)$", "", s, flags=re.I)
    if "/" not in s and "_" in s:
        s = s.replace("_", "/")
    s = _SPACES_AROUND_SLASH.sub("/", s)
    return re.sub(r"\s+", " ", s)


def _suffix(rest: str) -> str:
    """Canonical revision/addendum chain from the tail of a symbol; raises on leftovers."""
    out = []
    pos = 0
    for m in _SUFFIX_RE.finditer(rest):
        if m.start() != pos:
            raise SymbolError(f"unexpected {rest[pos:m.start()]!r}")
        out.append(f"/{_SUFFIX_CASE[m.group(1).upper()]}{int(m.group(2))}")
        pos = m.end()
    if pos != len(rest):
        raise SymbolError(f"unexpected {rest[pos:]!r}")
    return "".join(out)


# Series of UN documents besides the organs' A/, S/, E/: the Secretariat's ST/ (bulletins, instructions),
# treaty bodies and conferences.
_ORGANS = r"A|S|E|ST|CBD|FCCC|UNEP|TD|DP|ICCD|CEDAW|CRC|CCPR|CERD|CAT"
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    # S/RES/2719 (2023), S/RES/2719(2023), S/RES/2719
    (re.compile(r"S/RES/(\d+)\s*(?:\((\d{4})\))?(.*)", re.I), "sc_res"),
    # A/RES/79/1, A/RES/ES-10/21, A/RES/1874 (S-IV), A/RES/3101(XXVIII)
    (re.compile(r"A/RES/((?:ES-|S-)?\d+)/(\d+)(.*)", re.I), "ga_res"),
    (re.compile(rf"A/RES/(\d+)\s*\(({_ROMAN})\)(.*)", re.I), "ga_res_old"),
    # resolution 2719 (2023) / resolution 77/313 / resolution 1874 (S-IV)
    (re.compile(r"(?:Security Council )?resolution\s+(\d+)\s*\((\d{4})\)(.*)", re.I), "sc_res"),
    (re.compile(r"(?:General Assembly )?resolution\s+((?:ES-|S-)?\d+)/(\d+)(.*)", re.I), "ga_res"),
    (re.compile(rf"(?:General Assembly )?resolution\s+(\d+)\s*\(({_ROMAN})\)(.*)", re.I), "ga_res_old"),
    # S/PV.9999, S/PV.9999/Resumption.1 is rare and left as a document
    (re.compile(r"S/PV\.(\d+)(.*)", re.I), "sc_pv"),
    (re.compile(r"S/PRST/(\d{4})/(\d+)(.*)", re.I), "sc_prst"),
    (re.compile(r"S/(\d{4})/(\d+)(.*)", re.I), "sc_doc"),
    (re.compile(r"S/(\d+)(.*)", re.I), "sc_doc_old"),
    # A/80/L.15, A/C.4/80/L.4/Rev.1, A/ES-10/L.30
    (re.compile(r"A/((?:C\.\d|ES-\d+|S-\d+)/)?(?:(\d+)/)?L\.(\d+)(.*)", re.I), "ga_draft"),
    (re.compile(r"A/((?:C\.\d)/)?(\d+)/(PV|SR)\.(\d+)(.*)", re.I), "ga_pv"),
    # PSC/PR/COMM.1234 (2024), PSC/PR/COMM.(MCCCXXI) older style, PSC/AHG/COMM…
    (re.compile(r"PSC/(PR|AHG|MIN)/COMM\.?\s*([0-9]+|\([MDCLXVI]+\))\s*(?:\((\d{4})\))?(.*)", re.I), "psc"),
    # any other A/, S/, E/ document: A/80/604/Add.13, A/HRC/58/12, E/2024/12, A/AC.121/2024/L.1
    (re.compile(rf"({_ORGANS})/((?:[A-Z][A-Z0-9.]*|S-\d+|ES-\d+|\d+)(?:/(?:[A-Z][A-Z0-9.]*|\d+))*?)((?:/(?:Rev|Add|Corr|Amend|Summary)\.?\d+)*)$", re.I), "generic"),
]

_GENERIC_BODY = {"A": "GA", "S": "SC", "E": "ECOSOC"}  # other series (ST/, CBD/, FCCC/ …): "UN"


_QUALIFIER = re.compile(r"\s?\((Sect|Part|Vol)\.?\s?([0-9IVX]+)\)", re.I)


def parse(text: str) -> Symbol:
    """Parse a symbol or a short citation ("resolution 77/313") into its canonical :class:`Symbol`."""
    s = _clean(text)
    if not s:
        raise SymbolError("empty symbol")
    q = _QUALIFIER.search(s)
    if q and "/" in s[:q.start()]:
        # A part of a document: "A/79/6 (Sect. 3)/Add.1" is an addendum to section 3 of A/79/6.
        inner = parse(s[:q.start()] + s[q.end():])
        base = inner.canonical[:len(inner.canonical) - len(inner.suffix)]
        word = {"sect": "Sect.", "part": "Part", "vol": "Vol."}[q.group(1).lower()]
        return replace(inner, canonical=f"{base} ({word} {q.group(2).upper()}){inner.suffix}")
    for pattern, kind in _PATTERNS:
        m = pattern.fullmatch(s)
        if m:
            return _build(kind, m)
    raise SymbolError(f"not a UN document symbol: {text!r}")


def normalise(text: str) -> str:
    """The canonical string for ``text``; raises :class:`SymbolError` if it is no symbol."""
    return parse(text).canonical


def _build(kind: str, m: re.Match[str]) -> Symbol:
    g = m.groups()
    if kind == "sc_res":
        suffix = _suffix(g[2].strip())
        year = int(g[1]) if g[1] else None
        canonical = f"S/RES/{int(g[0])}" + (f" ({year})" if year else "") + suffix
        return Symbol(canonical, "SC", "resolution", year=year, number=str(int(g[0])), suffix=suffix)
    if kind == "ga_res":
        session_s = g[0].upper()
        suffix = _suffix(g[2].strip())
        session = int(session_s) if session_s.isdigit() else None
        return Symbol(f"A/RES/{session_s}/{int(g[1])}{suffix}", "GA", "resolution",
                      session=session, number=f"{session_s}/{int(g[1])}", suffix=suffix)
    if kind == "ga_res_old":
        suffix = _suffix(g[2].strip())
        roman = g[1].upper()
        return Symbol(f"A/RES/{int(g[0])} ({roman}){suffix}", "GA", "resolution",
                      number=f"{int(g[0])} ({roman})", suffix=suffix)
    if kind == "sc_pv":
        suffix = _suffix(g[1])
        return Symbol(f"S/PV.{int(g[0])}{suffix}", "SC", "meeting", number=str(int(g[0])), suffix=suffix)
    if kind == "sc_prst":
        suffix = _suffix(g[2])
        return Symbol(f"S/PRST/{g[0]}/{int(g[1])}{suffix}", "SC", "statement", year=int(g[0]),
                      number=str(int(g[1])), suffix=suffix)
    if kind == "sc_doc":
        suffix = _suffix(g[2])
        return Symbol(f"S/{g[0]}/{int(g[1])}{suffix}", "SC", "document", year=int(g[0]),
                      number=str(int(g[1])), suffix=suffix)
    if kind == "sc_doc_old":
        suffix = _suffix(g[1])
        return Symbol(f"S/{int(g[0])}{suffix}", "SC", "document", number=str(int(g[0])), suffix=suffix)
    if kind == "ga_draft":
        committee = (g[0] or "").upper().rstrip("/")
        session = int(g[1]) if g[1] else None
        suffix = _suffix(g[3])
        parts = ["A"] + ([committee] if committee else []) + ([str(session)] if session else [])
        canonical = "/".join(parts) + f"/L.{int(g[2])}{suffix}"
        return Symbol(canonical, "GA", "draft", session=session, number=str(int(g[2])), suffix=suffix)
    if kind == "ga_pv":
        committee = (g[0] or "").upper()
        suffix = _suffix(g[4])
        canonical = f"A/{committee}{int(g[1])}/{g[2].upper()}.{int(g[3])}{suffix}"
        return Symbol(canonical, "GA", "meeting", session=int(g[1]), number=str(int(g[3])), suffix=suffix)
    if kind == "psc":
        number = g[1].upper()
        if number.isdigit():
            number = str(int(number))
        year = int(g[2]) if g[2] else None
        suffix = _suffix(g[3].strip())
        canonical = f"PSC/{g[0].upper()}/COMM.{number}" + (f" ({year})" if year else "") + suffix
        return Symbol(canonical, "AU-PSC", "communique", year=year, number=number, suffix=suffix)
    # generic
    organ = g[0].upper()
    middle = g[1]
    parts = [p.upper() if not p.isdigit() else str(int(p)) for p in middle.split("/")]
    suffix = _suffix(g[2])
    session = year = None
    body = _GENERIC_BODY.get(organ, "UN")
    if parts and parts[0] == "HRC":
        body = "HRC"
    first_num = next((p for p in parts if p.isdigit()), None)
    if first_num is not None:
        n = int(first_num)
        if n >= 1946:
            year = n
        elif organ == "A":
            session = n
    if parts and parts[-1] in ("ADD", "REV", "CORR", "AMEND"):
        # "A/79/390/Add." with its number lost is a broken reference, not a document.
        raise SymbolError(f"{parts[-1].title()}. without its number")
    if len(parts) == 1 and parts[0].isdigit() and not suffix:
        raise SymbolError("a session or year alone is no document")  # "A/80/___" left blank
    doc_type = "resolution" if "RES" in parts else "decision" if "DEC" in parts else "document"
    return Symbol("/".join([organ, *parts]) + suffix, body, doc_type, year=year, session=session,
                  number=parts[-1] if parts else None, suffix=suffix)


# --- references in running text ---------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Reference:
    symbol: Symbol
    raw: str
    start: int
    end: int


_EXPLICIT_RE = re.compile(
    r"(?<![\w/])(?:PSC/(?:PR|AHG|MIN)/COMM\.?\s?[0-9]+(?:\s?\(\d{4}\))?"
    r"|(?:ST|CBD|FCCC|UNEP|TD|DP|ICCD|CEDAW|CRC|CCPR|CERD|CAT|A|S|E)/(?:[A-Z0-9][A-Za-z0-9.\-]*/)*[A-Za-z0-9.\-]*[A-Za-z0-9]"
    r"(?:\s?\(\d{4}\))?)"
    # "A/79/6 (Sect. 3)/Add.1", "A/CONF.157/24 (Part I)", "A/80/5 (Vol. II)": one document's part
    r"(?:\s?\((?:Sect|Part|Vol)\.?\s?[0-9IVX]+\)(?:/(?:Add|Corr|Rev)\.\d+)*)?"
)
_AND_SUFFIX = re.compile(r"\s*(?:,|and)\s*(Add|Corr|Rev)\.(\d+)")
_JOINT = re.compile(r"-(?=(?:A|S|E)/)")
# "resolution(s)" then a list of numbers: "1863 (2009) and 2036 (2012)", "55/235 and 55/236",
# "660 (1990) of 2 August 1990, 661 (1990) of 6 August 1990", "1874 (S-IV)".
_KEYWORD_RE = re.compile(r"\b(resolution|decision)s?\b", re.I)
# The last form is the SC texts' OCR slip "841 1993" for "841 (1993)", accepted only in a list.
# "377 A (V)": a part letter between number and session is dropped (one document, A/RES/377 (V)).
_ITEM_RE = re.compile(rf"\s*((?:ES-|S-)?\d+/\d+|\d+(?:\s[A-D](?=\s?\({_ROMAN}\)))?\s?\((?:\d{{4}}|{_ROMAN})\)"
                      rf"|\d+\s(?:19[4-9]\d|20\d\d)\b(?!\s*\)))")
_PART = re.compile(r"(?<=\d)\s[A-D](?=\s?\()")
_BARE_YEAR = re.compile(r"(\d+)\s((?:19|20)\d\d)$")
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_SEP_RE = re.compile(
    rf"\s*(?:,|;|\band\b|\bas well as\b|\bor\b|\bof\s+(?:\d{{1,2}}\s+)?(?:{_MONTHS})\s+\d{{4}}"
    # "A to C", "A and B" (the parts of one resolution); "on uniting for peace and …" (a topic)
    rf"|\bA\s+(?:to|and)\s+[B-F]\b|\bon\s+(?:the\s+)?[a-z][\w’'-]*(?:\s+(?!and\b)[a-z][\w’'-]*){{0,6}}(?=\s+and\b|\s*,)"
    rf"|\bof\s+\d{{1,2}}\s+(?:{_MONTHS})\b|\b[A-D]\b|\bI\b|\bII\b|\bIII\b)\s*"
)


def find_references(text: str) -> Iterator[Reference]:
    """Every document a text refers to, in order, each with its words as written.

    Two kinds of reference: explicit symbols (``S/2024/123``, ``A/79/318``) and the
    "resolution(s) N (YYYY) / NN/NNN" lists of resolutions that resolutions use.
    """
    has_slash = "/" in text
    if not has_slash and "esolution" not in text and "ecision" not in text:
        return
    seen_spans: list[tuple[int, int]] = []
    for m in (_EXPLICIT_RE.finditer(text) if has_slash else ()):
        # A document issued to two organs is written "A/79/552-S/2024/767": two symbols.
        start = m.start()
        for part in _JOINT.split(m.group(0)):
            raw = part.rstrip(".-")
            try:
                sym = parse(raw)
            except SymbolError:
                start += len(part) + 1
                continue
            seen_spans.append((start, start + len(raw)))
            yield Reference(sym, raw, start, start + len(raw))
            # "S/11302 and Add.1", "A/79/519 and Corr.1": the same document's addenda by suffix alone
            pos = start + len(raw)
            while (am := _AND_SUFFIX.match(text, pos)) is not None:
                try:
                    extra = parse(f"{sym.canonical}/{am.group(1)}.{am.group(2)}")
                except SymbolError:
                    break
                yield Reference(extra, am.group(0).strip(" ,"), am.start(1), am.end())
                pos = am.end()
            start += len(part) + 1
    prev_body: str | None = None
    prev_end = -1
    for km in _KEYWORD_RE.finditer(text):
        body = issuing_body(text[max(0, km.start() - 80):km.start()])
        if body is None and prev_end >= 0 and re.fullmatch(r"\d{0,3}[\s,;]*(?:and\s+)?(?:its|their)\s+",
                                                          text[prev_end:km.start()]):
            body = prev_body  # "Human Rights Council resolutions … 57/28 and its decision 56/115"
        pos = km.end()
        first = True
        while True:
            im = _ITEM_RE.match(text, pos)
            if not im:
                break
            start, end = im.start(1), im.end(1)
            if body != "other" and not any(a <= start < b for a, b in seen_spans):
                item = _PART.sub("", _BARE_YEAR.sub(r"\1 (\2)", im.group(1)))
                sym = _resolution(item, body) if km.group(1).lower() == "resolution" else _decision(item, body)
                if sym is not None:
                    raw = text[km.start():end] if first else im.group(1)
                    yield Reference(sym, raw, km.start() if first else start, end)
            first = False
            pos = im.end()
            prev_body = body
            while True:
                sm = _SEP_RE.match(text, pos)
                if not sm or sm.end() == pos:
                    break
                pos = sm.end()
            prev_end = pos


# Who adopted the resolutions a "resolution(s) …" list names: the body written just before the
# keyword ("Human Rights Council resolutions 18/6 and 33/3", "the Council in its resolution …").
# Longest names first; "other" is any other organ (UNEP's Environment Assembly, the World Health
# Assembly, a Conference of the Parties): its resolutions are no UN document we can name.
_BODY_NAMES = (
    ("economic and social council", "ECOSOC"), ("human rights council", "HRC"),
    ("commission on human rights", "CHR"), ("security council", "SC"), ("general assembly", "GA"),
)
_LEAD_IN = re.compile(r"(?:\s+(?:in|by|of|through|under|and|with|to)?\s*(?:its|their|the)?)+\s*$", re.I)
_OTHER_ORGAN = re.compile(
    r"[A-Z][\w-]*\s+(?:Assembly|Conference|Commission|Board|Organization|Forum|Committee|Parties"
    r"|Union|Agency|Programme|Congress)$")

# "Recalling Assembly resolution …", "Also Assembly …": a paragraph's own first word, not an organ's.
_OPENING_WORD = re.compile(r"\w+(?:ing|s)|Also|Further|The|And|Its", re.I)


def issuing_body(before: str) -> str | None:
    """The body named right before a "resolution(s)" keyword: GA, SC, HRC, ECOSOC, CHR, "Council"
    (a council not named further: the number's form decides), "other", or None (not said)."""
    tail = _LEAD_IN.sub("", before.rstrip())
    low = tail.lower()
    for name, body in _BODY_NAMES:
        if low.endswith(name):
            return body
    m = _OTHER_ORGAN.search(tail)
    if m and not _OPENING_WORD.fullmatch(m.group(0).split()[0]):
        return "other"
    if re.search(r"\bannex(?:\s+[IVX]+)?,?$", tail, re.I) or re.search(r"(?:^|\s)[A-Z]+/[\w./-]+,$", before.rstrip()):
        # "A/56/1026, annex II, resolution 14/221", "CBD/COP/15/17, decision 15/4": a text printed
        # in another document, not a resolution of a UN organ
        return "other"
    if low.endswith("council"):
        return "Council"
    if low.endswith("assembly"):
        return "GA"  # "the Assembly", "Assembly resolution 65/7"
    return None


def _resolution(item: str, body: str | None) -> Symbol | None:
    """The symbol of resolution ``item`` ("18/6", "2024/12", "1645 (2005)", "1874 (S-IV)") of ``body``.

    The number's form tells the organ where the words do not: "N (YYYY)" is the Security Council,
    "YYYY/N" the Economic and Social Council, "N/N" the General Assembly — or, named so or after a
    bare "Council", the Human Rights Council.
    """
    m = re.fullmatch(r"(\d+)/(\d+)", item)
    try:
        if m is None:
            return parse("resolution " + item)  # "N (YYYY)" → SC, "N (ROMAN)" → GA
        first = int(m.group(1))
        if first >= 1946:
            organ = "E/CN.4/RES" if body == "CHR" else "E/RES"
            return parse(f"{organ}/{m.group(1)}/{m.group(2)}")
        if body in ("HRC", "Council"):
            return parse(f"A/HRC/RES/{m.group(1)}/{m.group(2)}")
        if body in ("SC", "ECOSOC", "CHR"):
            return None  # that organ numbers otherwise: a damaged or misread reference
        return parse("resolution " + item)
    except SymbolError:
        return None


def _decision(item: str, body: str | None) -> Symbol | None:
    """The symbol of decision ``item`` ("68/548", "2024/208", HRC "56/115"); SC decisions have no
    number."""
    m = re.fullmatch(r"(\d+)/(\d+)", item)
    if m is None or body in ("SC", "CHR"):
        return None
    first = int(m.group(1))
    organ = "E/DEC" if first >= 1946 else "A/HRC/DEC" if body in ("HRC", "Council") else "A/DEC"
    if body == "ECOSOC" and first < 1946:
        return None
    try:
        return parse(f"{organ}/{m.group(1)}/{m.group(2)}")
    except SymbolError:
        return None
