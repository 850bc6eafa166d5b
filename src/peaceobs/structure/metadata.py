"""Document metadata read off the text: symbol, date, agenda item, title, issuing body."""

from __future__ import annotations

import re
from pathlib import Path

from ..dates import DATE_PATTERN, iso_date
from ..model import HEADING, OTHER, Document, Paragraph
from ..symbols import Symbol, SymbolError, parse

_ADOPTION = [
    re.compile(r"adopted by the (?:General Assembly|Security Council)(?: at its [\w\s,-]*?meeting,?)?\s+on\s+" + DATE_PATTERN, re.I),
    re.compile(r"Resolution(?:\s+\d+\s*\(\d{4}\))?\.?\s+of\s+" + DATE_PATTERN, re.I),
    re.compile(r"\(\d{4}\)\.?\s+Resolution\s+of\s+" + DATE_PATTERN, re.I),
]
_ISSUED = re.compile(r"Distr\.:?\s*(?:General|Limited|Restricted)\s+" + DATE_PATTERN, re.I)
_AGENDA = re.compile(r"Agenda items?\s+(\d+(?:\s*\([a-z]\))?(?:(?:,|\s+and)\s+\d+(?:\s*\([a-z]\))?)*)", re.I)
_SYMBOL_LINE = re.compile(r"^(?:United Nations\s+)?((?:A|S|E)/[A-Za-z0-9./-]+(?:\s?\(\d{4}\))?)\s*$", re.M)


_BODY_STARTS = re.compile(r"^\s*The (?:General Assembly|Security Council)\s*,", re.M)


def find_date(head: str) -> str | None:
    """Adoption date where the masthead states one, else the date of issue.

    Only the masthead counts: a draft's preamble is full of other dates ("the 2030 Agenda …
    adopted by the General Assembly on 25 September 2015").
    """
    start = _BODY_STARTS.search(head)
    if start:
        head = head[:start.start()]
    for pattern in _ADOPTION:
        m = pattern.search(head)
        if m:
            return iso_date(m)
    m = _ISSUED.search(head)
    return iso_date(m) if m else None


def find_agenda_item(head: str) -> str | None:
    m = _AGENDA.search(head)
    return " ".join(m.group(1).split()) if m else None


def find_symbol(head: str, path: str) -> Symbol | None:
    """The document's own symbol: from its masthead, else from the file name."""
    for m in _SYMBOL_LINE.finditer(head[:800]):
        try:
            return parse(m.group(1))
        except SymbolError:
            continue
    stem = Path(path).stem
    for candidate in (stem, re.sub(r"-(EN|FR|ES|AR|RU|ZH)$", "", stem, flags=re.I)):
        try:
            return parse(candidate)
        except SymbolError:
            continue
    return None


def find_author(head: str) -> tuple[str, str] | None:
    """(body, type) of a report, from its "Report of …" line."""
    if re.search(r"Report of the Advisory Committee on Administrative and Budgetary Questions", head):
        return "ACABQ", "report"
    if re.search(r"Report of the Secretary-General", head):
        return "SG", "report"
    if re.search(r"Note by the Secretary-General", head):
        return "SG", "note"
    if re.search(r"Report of the (?:Fifth|Fourth|First|Second|Third|Sixth|Special Political) Committee", head):
        return "GA", "report"
    return None


def find_title(lines: list[str], symbol: Symbol | None) -> str:
    """A title for documents that carry none in metadata: the numbered title line of a GA
    resolution ("79/250. Scale of …"), the subject heading of an old SC resolution
    ("MILITARY STAFF COMMITTEE"), else the first line that is not furniture."""
    if symbol and symbol.doc_type == "resolution" and symbol.body == "GA" and symbol.number:
        for line in lines[:60]:
            if line.strip().startswith(f"{symbol.number.split(' ')[0]}."):
                return line.strip()
    if symbol and symbol.doc_type == "resolution" and symbol.body == "SC":
        first = lines[0].strip() if lines else ""
        if first.isupper() and len(first) > 3 and "RESOLUTION" not in first:
            return first
        return f"Security Council resolution {symbol.canonical[6:]}"
    for line in lines[:10]:
        s = line.strip()
        if len(s) > 3 and not re.fullmatch(r"[\d\W]+", s):
            return s
    return ""


# A masthead's session line ("Seventy-ninth session", "Tenth emergency special session"): a title
# given in metadata that opens with one was read off the masthead, not the title line.
_SESSION_LINE = re.compile(r"^[A-Z][a-z]+(?:-[a-z]+)?\s+(?:emergency\s+)?(?:special\s+)?session\b")
_BODY_OPENER = re.compile(r"^The (?:General Assembly|Security Council|Economic and Social Council)\s*,")
_TITLE_MORE = 160  # characters a cut title may lack


def checked_title(title: str, paragraphs: list[Paragraph]) -> str:
    """A title given in metadata, checked against the document's own front matter: one cut short
    ("Observer status for the Climate Vulnerable Forum in the") is completed from the front
    paragraph that starts with it; one read off the masthead ("Seventy-ninth session
    Cooperation between …", the agenda item's name) is replaced by the paragraph standing above
    "The General Assembly," — a resolution's or draft's title line. Else unchanged."""
    front = []
    for p in paragraphs[:20]:
        if p.kind not in (OTHER, HEADING):
            break
        front.append(" ".join(p.text.split()))
    given = " ".join(title.split())
    if given and not _SESSION_LINE.match(given):
        for text in front:
            if text != given and text.startswith(given) and len(text) - len(given) <= _TITLE_MORE:
                return text
        return title
    if given:  # read off the masthead: the title line above the body's opening words, if any
        for above, text in zip(front, front[1:], strict=False):
            if _BODY_OPENER.match(text) and not _SESSION_LINE.match(above) and not above.startswith("["):
                return above
    return title


_REPORT_BY = re.compile(r"(?:Report|Note) (?:of|by) the (?:Secretary-General|Advisory Committee)")


def report_title(lines: list[str]) -> str | None:
    """A report's own title: what stands between the agenda item and "Report of the …".

    DOCX gives the agenda item's title and the report's title as separate paragraphs; a PDF's
    front page gives wrapped lines of both, so the report's title is taken from where its usual
    opening words start ("Budget performance …", "Proposed budget …").
    """
    for i, line in enumerate(lines[:40]):
        m = _REPORT_BY.search(line)
        if not m:
            continue
        before = line[:m.start()].strip(" –-\t")
        if " – " in before:  # an extraction that ran the front page together with dashes
            return before.rsplit(" – ", 1)[1].strip()
        if before:
            return before
        start = i
        while start > 0 and not _AGENDA.search(lines[start - 1]) and i - start < 8:
            start -= 1
        chunk = " ".join(x.strip() for x in lines[start:i])
        opening = _REPORT_TITLE_START.search(chunk)
        if opening:
            return chunk[opening.start():]
        return lines[i - 1].strip() if i else None
    return None


_REPORT_TITLE_START = re.compile(r"\b(?:Budget performance|Proposed budget|Budget for|Financial report|"
                                 r"Overview of|Final performance|Comprehensive review|Progress report)\b")


# A Security Council resolution's own heading: "Resolution 678 (1990) of 29 November 1990",
# "5 (1946). Resolution of 8 May 1946"; a GA resolution's title: "80/63. Regional …".
_SC_HEADING = re.compile(r"^\s*(?:Resolution\s+)?(\d+)\s*\((\d{4})\)(?:\.|\s+of\b|\s*$)", re.I)
_GA_TITLE = re.compile(r"^\s*(\d+)/(\d+)\s*[A-Z]?\.\s")
_HEAD = 3  # front paragraphs read for the heading


def heading_mismatch(doc: Document) -> str | None:
    """Why the text may not be the document its symbol names: its own heading names another
    resolution ("its heading names resolution 773 (1992), not S/RES/778 (1992)"): a file that holds
    another resolution's text, or a misprinted heading. None where they agree or no heading says."""
    try:
        own = parse(doc.symbol)
    except SymbolError:
        return None
    if own.doc_type != "resolution" or own.number is None:
        return None
    if own.body == "SC":
        for p in doc.paragraphs[:_HEAD]:
            m = _SC_HEADING.match(p.text) if p.kind in (OTHER, HEADING) else None
            if m:
                named = (m.group(1), int(m.group(2)))
                if named != (str(int(own.number)), own.year):
                    return f"its heading names resolution {named[0]} ({named[1]}), not {doc.symbol}"
                return None
        return None
    m = _GA_TITLE.match(doc.title)
    if own.body == "GA" and m and f"{int(m.group(1))}/{int(m.group(2))}" != own.number:
        return f"its title names resolution {int(m.group(1))}/{int(m.group(2))}, not {doc.symbol}"
    return None
