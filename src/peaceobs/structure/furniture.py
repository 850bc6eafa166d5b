"""Page furniture: mastheads, running heads, page and job numbers, barcodes, footnotes.

Works on pages of printed lines (PDF pages; the GA extraction is one "page" with the page
breaks inside it). Returns the body lines with ``PAGE_BREAK`` where a page ended, the footnotes
by number, and the printed page each stretch of lines is on.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..ingest.base import bare
from ..symbols import SymbolError, parse

PAGE_BREAK = "\f"

_JOB = re.compile(r"\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{6})?")
_PAGE_NO = re.compile(r"\d{1,3}/\d{1,3}")
_BARCODE = re.compile(r"\*\d{6,}\*")
_PAGE_WORD = re.compile(r"Page\s+\d{1,3}", re.I)  # "Page 2" under the symbol (1990s SC texts)
_SEPARATOR = re.compile(r"_{5,}")
_FOOTNOTE_START = re.compile(r"(\d{1,3}|[a-z*†])\s+(\S.*)")


def _is_symbol_line(s: str) -> bool:
    # A running head is a bare symbol; "S/12235." ends a sentence (a footnote's last line).
    if "/" not in s or len(s) > 40 or s.endswith((".", ",", ";")):
        return False
    try:
        parse(s)
        return True
    except SymbolError:
        return False


def is_page_furniture(line: str, pages: str | None = None) -> bool:
    """A line that is only a symbol, page number, job number or barcode (or two of them).

    ``pages``: the document's page count as its page numbers print it ("2/25" → "25"); a lone
    "73/89" in a document of 8 pages is a resolution number on a line of its own, not a page number.
    """
    if len(line) > 48:  # furniture lines are short ("A/C.4/80/L.4/Rev.1 26-01563 12/44"); text is not
        return False
    s = bare(line)
    if not s:
        return False
    if _PAGE_NO.fullmatch(s):
        return pages is None or s.split("/")[1] == pages
    if _BARCODE.fullmatch(s) or _JOB.fullmatch(s) or _PAGE_WORD.fullmatch(s):
        return True
    parts = s.split()
    if 1 < len(parts) <= 4 and all(_PAGE_NO.fullmatch(p) or _JOB.fullmatch(p) or p == "(E)" for p in parts):
        return True  # "26-01563 5/44", "6/44 26-01563"
    return _is_symbol_line(s)


def _norm(s: str) -> str:
    return re.sub(r"\W+", " ", s).strip().lower()


class Stripped(NamedTuple):
    """What :func:`strip_furniture` returns."""

    lines: list[str]  # body lines, pages joined by PAGE_BREAK
    footnotes: dict[str, str]  # {number: text}
    # The 1-based page the lines open on, then the page each PAGE_BREAK opens, in order
    # (len == lines.count(PAGE_BREAK) + 1). A break also falls where furniture sits inside a page
    # (a masthead), so breaks are not pages: this list says which page each stretch is on.
    pages: list[int]
    footnote_pages: dict[str, int]  # {number: page the footnote is printed on}


def strip_furniture(pages: list[list[str]], title: str = "") -> Stripped:
    """Body lines (pages joined by ``PAGE_BREAK``), footnotes {number: text}, and their pages.

    A source may hold several printed pages in one (the GA extraction): a run of furniture
    lines (running head, page and job numbers) marks a page break there too.

    Page numbers are physical, 1-based: the reader's pages where it gives several (PDF, text
    with form feeds), so a page that holds only furniture still counts; inside one page that
    holds several printed ones, each furniture run that carries a page number ("2/56",
    "Page 2") opens the next page.
    """
    title_n = _norm(title)
    body: list[str] = []
    footnotes: dict[str, str] = {}
    starts: list[int] = []
    footnote_pages: dict[str, int] = {}
    for index, page in enumerate(pages):
        for segment, turned in _segments(page, title_n):
            # The page number is the reader's page, or, in a single text of many printed
            # pages, one more for each numbered run passed (the extraction prints a page's
            # header and footer together above its text: "A/RES/79/1 … 24-16433 2/56").
            number = index + 1 + (turned if len(pages) == 1 else 0)
            kept, notes = _split_footnotes(segment)
            kept = strip_markers(kept, [num for num, _ in notes])
            for num, text in notes:
                footnotes.setdefault(num, text)
                footnote_pages.setdefault(num, number)
            if not any(bare(line) for line in kept):
                continue
            if body:
                body.append(PAGE_BREAK)
            body.extend(kept)
            starts.append(number)
    return Stripped(body, footnotes, starts or [1], footnote_pages)


def _segments(lines: list[str], title_n: str) -> list[tuple[list[str], int]]:
    """The lines between runs of furniture (the printed pages of one extracted text), each with
    how many runs carrying a page number came before it."""
    drop = _furniture_mask(lines, title_n, _page_count(lines))
    segments: list[tuple[list[str], int]] = []
    current: list[str] = []
    turned = opened = 0
    numbered = False  # the furniture run being read carries a page number
    for line, dropped in zip(lines, drop, strict=True):
        if dropped:
            if current:
                segments.append((current, opened))
                current = []
            numbered = numbered or _has_page_number(line)
            continue
        if numbered:
            turned += 1
            numbered = False
        if not current:
            opened = turned
        current.append(line)
    if current:
        segments.append((current, opened))
    return segments


def _has_page_number(line: str) -> bool:
    """A line of page and job numbers with a page number ("2/56", "24-16433 2/56") or "Page 2";
    not a running title that a run takes along ("… resolution 79/25")."""
    s = bare(line)
    if _PAGE_WORD.fullmatch(s):
        return True
    parts = s.split()
    return bool(parts) and len(parts) <= 4 and all(
        _PAGE_NO.fullmatch(p) or _JOB.fullmatch(p) or p == "(E)" for p in parts) and any(
        _PAGE_NO.fullmatch(p) and int(p.split("/")[0]) <= int(p.split("/")[1]) for p in parts)


def _page_count(lines: list[str]) -> str | None:
    """The page count the document's "n/N" page numbers share (the most common N), if any."""
    counts: dict[str, int] = {}
    for line in lines:
        parts = bare(line).split()
        if not parts or len(parts) > 4 or not all(_PAGE_NO.fullmatch(p) or _JOB.fullmatch(p) or p == "(E)"
                                                  for p in parts):
            continue  # only lines of page and job numbers count (not "resolution 55/236" in text)
        for part in parts:
            if _PAGE_NO.fullmatch(part):
                n, total = part.split("/")
                if int(n) <= int(total):
                    counts[total] = counts.get(total, 0) + 1
    best = max(counts.items(), key=lambda kv: kv[1], default=None)
    return best[0] if best and best[1] >= 2 else None


def _furniture_mask(lines: list[str], title_n: str, pages: str | None = None) -> list[bool]:
    """Runs of furniture lines, with the running title and blank lines inside the run."""
    n = len(lines)
    drop = [False] * n
    for i, line in enumerate(lines):
        if not is_page_furniture(line, pages):
            continue
        drop[i] = True
        # Spread to neighbours that are blank, furniture or the running title (a header or footer
        # is at most a few lines). A running title opens with a capital: a run of title-like lines
        # counts only when, read in order, its first line does — a page's first line of text may
        # share words with the title ("of the United Nations, other international organizations
        # …") without being its head.
        for step in (-1, 1):
            j = i + step
            budget = 4
            titled: list[int] = []
            while 0 <= j < n and budget:
                t = bare(lines[j])
                n_t = _norm(t)
                if not t or is_page_furniture(t, pages):
                    drop[j] = True
                elif len(t) < 100 and title_n and len(n_t) > 12 and n_t in title_n and not t.endswith((";", ",", ":")):
                    titled.append(j)
                else:
                    break
                j += step
                budget -= 1 if t else 0
            if titled and (bare(lines[min(titled)])[:1].isupper() or bare(lines[min(titled)])[:1].isdigit()):
                for k in titled:
                    drop[k] = True
    return drop


def _split_footnotes(lines: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    for i in range(len(lines) - 1, -1, -1):
        if _SEPARATOR.fullmatch(bare(lines[i])):
            body, tail = lines[:i], lines[i + 1:]
            break
    else:
        return _slash_notes(lines)
    notes: list[tuple[str, str]] = []
    for line in tail:
        s = bare(line)
        if not s:
            continue
        m = _FOOTNOTE_START.fullmatch(s)
        if m and (not notes or _next_number(notes[-1][0], m.group(1))):
            notes.append((m.group(1), m.group(2)))
        elif notes:
            notes[-1] = (notes[-1][0], notes[-1][1] + " " + s)
        else:
            notes.append(("*", s))  # "Note: …" lines under tables
    # Strip trailing blank lines left by the separator.
    while body and not bare(body[-1]):
        body.pop()
    return body, notes


_SLASH_NOTE = re.compile(r"(\d{1,2})/\s+(\S.*)")


def _slash_notes(lines: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Notes printed "1/ S/1994/262." at the foot of a page with no rule above them (the 1990s SC
    layout): the page's last lines, from the first such line on, when the numbers run in order."""
    last = len(lines)
    while last and not bare(lines[last - 1]):
        last -= 1
    start = last
    pending = 0  # lines read upwards since the last note opened: a note's wrapped lines
    for i in range(last - 1, -1, -1):
        s = bare(lines[i])
        if not s:
            continue
        if _SLASH_NOTE.fullmatch(s):
            start, pending = i, 0
        else:
            pending += 1
            if pending > 2:
                break
    if start == last:
        return lines, []
    notes: list[tuple[str, str]] = []
    for line in lines[start:last]:
        s = bare(line)
        if not s:
            continue
        m = _SLASH_NOTE.fullmatch(s)
        if m and (not notes or int(m.group(1)) == int(notes[-1][0]) + 1):
            notes.append((m.group(1), m.group(2)))
        elif notes:
            notes[-1] = (notes[-1][0], notes[-1][1] + " " + s)
        else:
            return lines, []
    return lines[:start], notes


def _next_number(prev: str, cur: str) -> bool:
    if prev.isdigit() and cur.isdigit():
        return int(cur) == int(prev) + 1
    # After a starred note ("* Any changes to the list of sponsors …") the numbered notes begin.
    return cur.isdigit() or not prev.isdigit()


def strip_markers(lines: list[str], numbers: list[str]) -> list[str]:
    """Remove the footnote reference numbers of one page from its body lines.

    Markers are superscripts that extraction glues on: "55/236,1", "resources4", "20242"
    (2024 + note 2), or sets off with a space after punctuation: "Guard Unit, 1 which".
    """
    lines = list(lines)
    for num in numbers:
        if not num.isdigit():
            continue
        patterns = [
            re.compile(rf"(?<=[A-Za-z,;:.)\]”’'\"]){num}(?=[\s,;:.)\ue000\ue002\ue003]|$)"),
            # … but not a number in a list of numbers ("phases 2, 3 and 4").
            re.compile(rf"(?<=[,;:.)”])\s{num}(?=[\s\ue000\ue002\ue003]|$)(?!\s*(?:,\s*\d|(?:and|or|to)\s+\d))"),
            re.compile(rf"(?<=\b(?:19|20)\d\d){num}(?=[\s,;:.\ue000\ue002\ue003]|$)"),
            re.compile(rf"(?<=\d){num}(?=\s*[\ue000\ue002\ue003]*$)"),
            re.compile(rf"(?<=\s){num}/(?=[\s,;.]|$)"),  # "of 4 March 1994 1/ on his mission"
            # "resolution 55/2831": resolution 55/28 + note 31 (no session numbers that far)
            re.compile(rf"(?<=\b\d\d/\d\d){num}(?=[\s,;:.)\ue000\ue002\ue003]|$)"),
        ]
        done = False
        for pat in patterns:
            for k, line in enumerate(lines):
                m = next((m for m in pat.finditer(line) if not numbered_reference(line, m.start())
                          and not _real_resolution_number(line, m.start(), num)), None)
                if m is not None:
                    lines[k] = line[:m.start()] + line[m.end():]
                    done = True
                    break
            if done:
                break
    return lines


# A number that belongs to what precedes it is never a footnote marker: the Add./Rev./Corr. number
# of a symbol ("A/78/481/Add.2", "A/80/L.2/Rev.1"), a paragraph or volume number ("para. 1").
_NUMBERED_BEFORE = re.compile(
    r"(?:/(?:Add|Rev|Corr|Amend|L|PV|SR|Sub|Res)\.|/|\b(?:paras?|No|Nos|vol|art|arts|sect|chap|pp?|Suppl)\.\s?"
    r"|(?<![\d.])\d{1,3}\.)$",  # "3.7 billion": a decimal's digits
    re.I)


def _real_resolution_number(line: str, start: int, num: str) -> bool:
    """"79/25" + "0" is resolution 79/250 and "74/57" + "1" decision 74/571; "55/28" + "31" is no
    resolution or decision (a session numbers them in the hundreds)."""
    m = re.search(r"\b\d\d/(\d\d)$", line[max(0, start - 6):start])
    return bool(m) and int(m.group(1) + num) < 1000


def numbered_reference(line: str, start: int) -> bool:
    """The number at ``start`` belongs to what precedes it ("A/78/481/Add.2", "No.5", "para. 3"):
    it is never a footnote marker."""
    return bool(_NUMBERED_BEFORE.search(line[max(0, start - 12):start]))
