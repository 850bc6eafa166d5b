"""Blocks → paragraphs a UN reader recognises: kinds, printed labels, parents, stable IDs."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

import xxhash

from ..model import BODY, FOOTNOTE, HEADING, OPERATIVE, OTHER, PREAMBULAR, TABLE, Paragraph
from .labels import Label, named_heading, opener, split_label


@dataclass(slots=True)
class TextBlock:
    text: str
    hint: str = "para"  # para, heading, table, footnote
    # The label read from the sequence where the printed one is damaged ("(6)" between (a) and
    # (c) is "(b)"); the text keeps what was printed.
    repaired: str | None = None
    after_break: bool = False  # a page break fell just before the block
    page: int | None = None  # the 1-based page it opens on, where the source has pages


# "The Security Council," opens the preamble; a masthead line "Security Council" does not.
_ORGANS = (r"(?:Security Council|General Assembly|Economic and Social Council|Human Rights Council"
           r"|Peace and Security Council|Assembly|Council)")
# OCR prints its comma as a full stop or semicolon ("The Security Council." in 590 (1986)).
_ORGAN_LINE = re.compile(rf"The\s+{_ORGANS}\s*[,:.;]?|{_ORGANS}\s*[,:]", re.I)
# The organ line run into the masthead when the source has no blank line before it.
_ORGAN_TAIL = re.compile(r"\bThe\s+(?:Security Council|General Assembly|Economic and Social Council"
                         r"|Human Rights Council|Peace and Security Council),$")
_END_LINE = re.compile(
    r"(?:Adopted\s+(?:unanimously\s+)?(?:without\s+(?:a\s+)?vote\s+)?(?:at|by)\b"
    r"|Adopted\b[^.]{0,80}\b(?:meeting|votes?)\b"
    r"|\d+(?:st|nd|rd|th)\s+(?:\(resumed\)\s+)?(?:plenary\s+)?meeting\b)", re.I)
# "Annex", "Annex II", or either with its title run on ("Annex Modalities for the …").
_ANNEX = re.compile(r"(?:Annex|Appendix)(?:\s+[IVX]+)?\b\s*(?:[–—-]\s*)?([A-Z][^\n]{0,200})?")
_FOOTNOTE = re.compile(r"(\d{1,3})\s+(\S.*)", re.S)
_TABLE_NOTE = re.compile(r"([a-z])\s+([A-Z].*)", re.S)


def paragraph_hash(text: str) -> str:
    return xxhash.xxh3_64_hexdigest(" ".join(text.split()).encode())


def merge_blocks(blocks: list[TextBlock]) -> list[TextBlock]:
    """Mend splits that page breaks left: a label alone, or a block that opens in lower case."""
    out: list[TextBlock] = []
    for b in blocks:
        # A table's rows keep their empty edge cells (" | 2024/25" opens with an empty label cell).
        text = b.text.strip("\n") if b.hint == "table" else b.text.strip()
        if not text.strip():
            continue
        if out and out[-1].hint == "para" and b.hint == "para" and b.repaired is None:
            prev = out[-1].text
            label, rest = split_label(prev)
            if (label is not None or out[-1].repaired is not None) and not rest and len(prev.split()) == 1:
                out[-1] = replace(out[-1], text=prev + " " + text)  # the first block's page
                continue
            tail = prev.rstrip()[-1:]
            # A list broken by a page ("… 75/250 A of 31 December" | "2020, 75/250 B …") continues
            # after a comma or a word; a title line ("79/250. Scale of …") after "]" does not.
            digit_continues = text[:1].isdigit() and split_label(text)[0] is None and (tail == "," or tail.isalnum())
            # "faving noted …" (OCR for "Having noted") opens a paragraph after a preambular
            # paragraph's comma, lower case or not.
            opens = prev.rstrip().endswith(",") and opener(text[:1].upper() + text[1:]) == "preambular" \
                and text.split()[0].lower() not in _CONTINUING_WORDS and opener(rest or prev) == "preambular"
            if (((text[:1].islower() and not opens) or digit_continues)
                    and not prev.rstrip().endswith((".", ";", ":"))) or (
                    prev.rstrip().endswith(":") and text[:1] in "“\"‘"):
                out[-1] = replace(out[-1], text=prev + " " + text)
                continue
        out.append(replace(b, text=text))
    return out


# Lower-case words that open a preambular paragraph's form but continue a sentence after a comma
# ("…, including", "…, bearing in mind").
_CONTINUING_WORDS = {"including", "bearing", "taking", "noting", "recalling", "acting", "having",
                     "reaffirming", "recognizing", "stressing", "emphasizing", "welcoming", "expressing",
                     "also", "further", "and", "by", "whereas"}


class _Ids:
    """Stable, unique paragraph IDs within one document.

    A clash gets ``-2``, ``-3`` …; the next free suffix of each ID is remembered, so a file of
    thousands of paragraphs printed with the same number stays linear.
    """

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.counters: dict[str, int] = {}
        self.next_suffix: dict[str, int] = {}

    def next(self, prefix: str) -> str:
        self.counters[prefix] = self.counters.get(prefix, 0) + 1
        return f"{prefix}{self.counters[prefix]}"

    def unique(self, pid: str) -> str:
        if pid not in self.used:
            self.used.add(pid)
            return pid
        k = self.next_suffix.get(pid, 2)
        while f"{pid}-{k}" in self.used:
            k += 1
        self.next_suffix[pid] = k + 1
        self.used.add(f"{pid}-{k}")
        return f"{pid}-{k}"


# A section label alone on its line ("II", "B."), a starred or daggered note ("* Any changes to the list of
# sponsors …", "** Reissued for technical reasons").
_SECTION_MARK = re.compile(r"([IVX]{1,6}|[A-Z])\.?")
_NOTE = re.compile(r"(\*{1,3}|[†‡]{1,2})\s*(\S.*)", re.S)
# A sentence that ends at a block's end; anything else (a word, a number, a closing bracket) was
# cut by a page break.
_SENTENCE_END = (".", ";", ":", ",", "!", "?", ".”", ";”", ".\"", "”", "\"")


_FUNCTION_WORDS = {"the", "a", "an", "of", "and", "or", "to", "in", "on", "for", "by", "with", "at", "from",
                   "its", "their", "that", "which", "as", "under", "into", "between"}


def _ends_sentence(text: str) -> bool:
    # A footnote number left after the punctuation ("Israel,21") does not hide the sentence's end.
    return _TRAILING_MARKER.sub("", text.rstrip()).endswith(_SENTENCE_END)


_TRAILING_MARKER = re.compile(r"(?<=[,;:.)])\s?(?:\d{1,3}/?|[‘’'`]|\*{1,3})$")


class _Builder:
    def __init__(self, resolution: bool, sections: set[int] | None = None, page_broken: bool = True) -> None:
        self.resolution = resolution
        self.phase = "front" if resolution else "body"
        self.ids = _Ids()
        self.out: list[Paragraph] = []
        self.prefix = ""  # "ANX1." inside an annex, "II." inside a section, "ANX1.II." both
        self.annex = ""
        self.annexes = 0
        self.sections = sections or set()  # indexes of blocks that open a restarting section
        self.page_broken = page_broken  # the source breaks paragraphs at pages (not DOCX, HTML)
        self.top: Paragraph | None = None  # last top-level numbered/operative paragraph
        self.alpha: Paragraph | None = None  # last (a)-level child
        self.last_alpha_value: str | None = None
        self.following: TextBlock | None = None  # the block after the one being read
        self.title_next = False  # a section numeral was read: its title comes next
        self.sublist = 0  # the last number of a list numbered inside a paragraph
        self.blocks: list[TextBlock] = []
        self.index = -1
        self.page: int | None = None  # the page of the block being read: its paragraphs start there

    def add(self, text: str, kind: str, pid: str, label: Label | None = None,
            parent: Paragraph | None = None) -> Paragraph:
        p = Paragraph(
            pid=self.ids.unique(self.prefix + pid), seq=len(self.out), kind=kind, text=text,
            label=label.printed if label else None, parent=parent.pid if parent else None,
            depth=parent.depth + 1 if parent else 0, hash=paragraph_hash(text), page=self.page)
        self.out.append(p)
        return p

    def next(self, stem: str) -> str:
        """The next ID of a kind counted by order (``PP3``, ``H2``), counted within the section."""
        return self.ids.next(self.prefix + stem)[len(self.prefix):]

    def _reset(self) -> None:
        self.top = self.alpha = None
        self.last_alpha_value = None

    # -- one block ---------------------------------------------------------------------------
    def block(self, b: TextBlock, index: int = -1) -> None:
        text = b.text
        self.index = index
        self.page = b.page
        if b.hint == "table":
            # A table printed under an operative paragraph ("… shall be as follows:") belongs to it.
            parent = self.top if self.phase == "operative" and self.top is not None else None
            self.add(text, TABLE, self.next("T"), None, parent)
            return
        note = _TABLE_NOTE.fullmatch(text) if self.out and self.out[-1].kind == TABLE else None
        if note and re.search(rf"[^\s|]{note.group(1)}(?=[ \t]*(?:\||\n|$))", self.out[-1].text):
            # "a Member States in level H* have …" under a table whose cell ends "…basis)a":
            # the table's note, not a paragraph of the text.
            table = self.out[-1]
            own = table.pid[len(self.prefix):] if table.pid.startswith(self.prefix) else table.pid
            self.add(note.group(2), FOOTNOTE, f"{own}.{note.group(1)}", None, table)
            return
        if b.hint == "footnote":
            m = _FOOTNOTE.fullmatch(text)
            self.add(m.group(2) if m else text, FOOTNOTE, f"FN{m.group(1)}" if m else self.next("FN"))
            return
        note = _NOTE.fullmatch(text) if b.hint == "para" and text[:1] in "*†‡" else None
        if note and not _SECTION_MARK.fullmatch(text):
            # Sponsor notes and other starred notes are notes, never paragraphs of the text.
            self.add(note.group(2), FOOTNOTE, "FN" + note.group(1))
            return
        annex = _ANNEX.fullmatch(text) if text[:1] == "A" else None
        title = (annex.group(1) or "") if annex else ""
        # A title run on to "Annex" only in a resolution or a heading the source marks as one (a
        # report's table of contents lists "Annex Organization charts … 45" lines).
        # A report's annexes follow its numbered paragraphs: an "Annex" line before paragraph 1
        # is its table of contents.
        in_contents = annex is not None and not self.resolution and not any(
            p.label for p in self.out if p.kind == BODY)
        if annex and self.phase != "front" and not in_contents and (not title or (
                (self.resolution or b.hint == "heading")
                and not title.rstrip().endswith((".", ";", ":", ",")) and not title[-1:].isdigit())):
            self.annexes += 1
            self.annex = self.prefix = f"ANX{self.annexes}."
            self.phase = "annex"
            self._reset()
            self.add(text, HEADING, "H")
            self.title_next = not title
            return
        if index in self.sections:
            self.prefix = f"{self.annex}{text.strip().rstrip('.')}."
            self.phase = "preamble"  # each section has its own preamble
            self._reset()
            self.add(text, HEADING, self.next("H"))
            self.title_next = True
            return
        if self.title_next:
            # The section's title follows its numeral, however long ("I" | "Conditions of service …").
            self.title_next = False
            label, rest = split_label(text)
            if label is None and opener(text) != "operative" and not text.rstrip().endswith((",", ";")):
                mark = self.out[-1]
                mark.text = f"{mark.text.strip()} {text}"
                mark.hash = paragraph_hash(mark.text)
                return
        if self._continues(b):
            return
        if self.phase == "front":
            self._front(b)
        elif self.phase in ("preamble", "operative"):
            self._resolution_body(b)
        elif self.phase == "end":
            m = _FOOTNOTE.fullmatch(text)
            if m:
                self._footnotes(int(m.group(1)), m.group(2))
            else:
                self.add(text, OTHER, self.next("X"))
        else:
            self._report_body(b)

    def _next_label(self) -> Label | None:
        """The label of the next block that is not a title line (a chapeau may stand before the
        title of the text it adopts: "Adopts the following Pact …:" | "The Pact for the Future" | "1.")."""
        for b in self.blocks[self.index + 1:self.index + 4]:
            label, _ = split_label(b.text)
            if label is not None or not _looks_like_heading(b.text):
                return label
        return None

    def _footnotes(self, number: int, text: str) -> None:
        """Footnotes printed one after another without a blank line ("… S/12235. 5 Three members …")."""
        while True:
            m = re.search(rf"(?<=[.)])\s+{number + 1}\s+(?=[A-Z])", text)
            if m is None:
                break
            self.add(text[:m.start()], FOOTNOTE, f"FN{number}")
            number, text = number + 1, text[m.end():]
        self.add(text, FOOTNOTE, f"FN{number}")

    def _continues(self, b: TextBlock) -> bool:
        """Join a block to the paragraph a page break cut: the paragraph's sentence did not end and
        the block opens with no label or heading — whatever its first word ("General Assembly
        entitled …", "Developing States: …", a digit, a quotation mark)."""
        if not (self.page_broken and self.out and b.hint == "para" and b.repaired is None):
            return False
        # A note printed between the halves (a sponsor note at the page's foot) is passed over.
        prev = next((p for p in reversed(self.out) if p.kind != FOOTNOTE), self.out[-1])
        if prev.kind not in (PREAMBULAR, OPERATIVE, BODY):
            return False
        if _ends_sentence(prev.text):
            # A list of clauses broken by a page ("…; and decisions GC(69)/DEC/10 …;" | "GC(69)/DEC/11,
            # entitled …") goes on after ";" or "," when the block opens no paragraph of its own.
            if not (b.after_break and prev.text.rstrip().endswith((";", ",")) and opener(b.text) is None
                    and split_label(b.text)[0] is None and not _looks_like_heading(b.text)):
                return False
        if prev.kind == BODY and prev.label is None and len(prev.text) < 150:
            return False  # a short unpunctuated line of a report: a caption or table fragment
        text = b.text
        label, rest = split_label(text)
        if label is not None or named_heading(text) or _SECTION_MARK.fullmatch(text.strip()):
            return False
        joined = prev.text + " " + text
        prev.text, prev.hash = joined, paragraph_hash(joined)
        return True

    def _label(self, b: TextBlock, prev_alpha: str | None = None) -> tuple[Label | None, str]:
        if b.repaired is None:
            return split_label(b.text, prev_alpha)
        label, _ = split_label(b.repaired + " x", prev_alpha)
        return label, b.text.split(None, 1)[1] if " " in b.text.strip() else ""

    def _heading(self, text: str, label: Label | None, rest: str) -> bool:
        """A heading inside a resolution: a chapter or section title ("II. International peace and
        security"), a named numbered heading ("Action 21. …"), a section letter alone, or a title
        line that opens nothing and ends no sentence."""
        if named_heading(text) or _SECTION_MARK.fullmatch(text.strip()):
            return True
        if label is not None and label.level in ("chapter", "section"):
            return _looks_like_heading(rest)
        # Between a finished paragraph and the next numbered one a title may be long ("Financing
        # of the support account … for the financial periods from 1 July 2023 to 30 June 2024 …").
        nlabel = split_label(self.following.text)[0] if self.following is not None else None
        longest = 250 if nlabel is not None and nlabel.level == "num" else 110
        if label is not None or not _looks_like_heading(text, longest) or text.split()[-1].lower() in _FUNCTION_WORDS:
            return False
        if _TRAILING_MARKER.search(text.rstrip()):
            return False  # "Having heard the statements …,21": a paragraph with a glued marker
        # A title line is followed by what opens anew: a label, an opening verb, another heading.
        nxt = self.following
        if nxt is None:
            return False
        nlabel, nrest = split_label(nxt.text)
        return (nlabel is not None or nxt.repaired is not None or opener(nrest) is not None
                or nxt.hint in ("heading", "table") or _SECTION_MARK.fullmatch(nxt.text.strip()) is not None
                or named_heading(nxt.text) or _looks_like_heading(nxt.text))

    def _front(self, b: TextBlock) -> None:
        text = b.text
        if _ORGAN_LINE.fullmatch(text) or _ORGAN_TAIL.search(text):
            self.phase = "preamble"
            self.add(text, OTHER, self.next("X"))
            return
        label, rest = self._label(b)
        kind = opener(rest)
        if (label is not None and label.level == "num" and kind) or kind == "operative":
            self.phase = "preamble"
            self._resolution_body(b)
        elif kind == "preambular" and text.rstrip().endswith((",", ";")):
            self.phase = "preamble"
            self._resolution_body(b)
        else:
            self.add(text, OTHER, self.next("X"))

    def _resolution_body(self, b: TextBlock) -> None:
        text = b.text
        if _END_LINE.match(text):
            self.phase = "end"
            self.add(text, OTHER, self.next("X"))
            return
        label, rest = self._label(b, self.last_alpha_value)
        starts = opener(rest)
        if self._heading(text, label, rest):
            self.add(text, HEADING, self.next("H"), label if label and label.level in ("chapter", "section") else None)
            self.title_next = bool(_SECTION_MARK.fullmatch(text.strip()))
            return
        if self.phase == "preamble":
            nxt = split_label(self.following.text)[0] if self.following is not None else None
            more_preamble = (self.following is not None and nxt is None
                             and self.following.text.rstrip().endswith(","))
            if label is None and starts == "operative" and text.rstrip().endswith(",") \
                    and ((nxt is not None and nxt.level == "num") or more_preamble):
                # "Recalls its resolution …," before "1.", or "Strongly supportive of …," before
                # more of the preamble: whatever its first words, a paragraph punctuated as the
                # preamble and followed by the preamble or by paragraph 1 is the preamble's.
                self.add(text, PREAMBULAR, self.next("PP"))
                return
            if (label is not None and label.level == "num") or starts == "operative":
                self.phase = "operative"
            elif label is not None and label.level in ("alpha", "roman") and self.out and self.out[-1].kind == PREAMBULAR:
                self._child(text, label, PREAMBULAR)
                return
            else:
                if starts is None and len(text.split()) <= 2:
                    self.add(text, OTHER, self.next("X"))
                else:
                    self.add(text, PREAMBULAR, self.next("PP"))
                return
        # operative part
        if label is not None and label.level == "num":
            self.top = self.add(text, OPERATIVE, f"OP{label.value.replace(' ', '')}", label)
            self.alpha = None
            self.last_alpha_value = None
        elif label is not None and label.level in ("alpha", "roman"):
            self._child(text, label, OPERATIVE)
        elif starts == "operative" or self.top is None:
            # A chapeau before paragraphs printed from 1 ("Resolves:" | "1. To request …"; "Adopts
            # the following Pact …:") is paragraph 0: the printed numbers keep their IDs.
            nxt = self._next_label()
            chapeau = text.rstrip().endswith(":") and nxt is not None and nxt.level == "num" and nxt.value == "1"
            self.top = self.add(text, OPERATIVE, "OP0" if chapeau else self.next("OP"))
            self.alpha = None
            self.last_alpha_value = None
        else:
            # Unlabelled text inside the operative part (a quoted text, a list's lead-in): keep
            # it under the paragraph it belongs to.
            parent = self.alpha or self.top
            self.add(text, OPERATIVE, self._local(self.ids.next(parent.pid + ".")), None, parent)

    def _local(self, pid: str) -> str:
        """A pid without the annex/section prefix (``add`` puts it back)."""
        return pid[len(self.prefix):] if pid.startswith(self.prefix) else pid

    def _child(self, text: str, label: Label, kind: str) -> None:
        if label.level == "roman" and self.alpha is not None:
            parent = self.alpha
        else:
            parent = self.top if self.top is not None else (self.out[-1] if self.out else None)
            # Siblings share a parent: "(b)" after "(a)" hangs where "(a)" hangs.
            while parent is not None and parent.parent is not None and parent.label and parent.label.startswith("("):
                parent = next((p for p in reversed(self.out) if p.pid == parent.parent), None)
        if parent is None:
            self.add(text, kind, f"({label.value})", label)
            return
        p = self.add(text, kind, f"{self._local(parent.pid)}({label.value})", label, parent)
        if label.level == "alpha":
            self.alpha = p
            self.last_alpha_value = label.value

    def _report_body(self, b: TextBlock) -> None:
        text = b.text
        if _SECTION_MARK.fullmatch(text.strip()) and b.hint == "para":
            self.add(text, HEADING, self.next("H"))  # "II." alone: its title follows
            self.title_next = True
            return
        label, rest = self._label(b, self.last_alpha_value)
        if b.hint == "heading" or (label is not None and label.level in ("chapter", "section")) \
                or (named_heading(text) and not _ends_sentence(text)):
            self.add(text, HEADING, self.next("H"), label)
            return
        nlabel = split_label(self.following.text)[0] if self.following is not None else None
        if label is not None and label.level in ("num", "alpha") and _looks_like_heading(rest) and (
                (nlabel is not None and nlabel.level == "num") if label.level == "alpha"
                else (self.top is not None and self.top.label and label.value != _successor(self.top.label))):
            # "(a) Movement of …" before "41. …"; "1. Borrowing" after paragraph 42: sub-headings
            # that are labelled, told from paragraphs by their shape and their place in the sequence.
            self.add(text, HEADING, self.next("H"), label)
            return
        if label is not None and label.level == "num":
            value = label.value.replace(" ", "")
            top = self.top
            # A list numbered from 1 inside a paragraph that ends with a colon ("7. … the following
            # objectives:" | "1. Close all digital divides …" … "5. …"; then "8."): its items.
            if top is not None and top.label and (
                    (value == "1" and top.text.rstrip().endswith(":") and top.label != "1.")
                    or (self.sublist and value == str(self.sublist + 1))):
                self.sublist = int(value)
                self.add(text, BODY, f"{self._local(top.pid)}({value})", label, top)
                return
            self.sublist = 0
            self.top = self.add(text, BODY, f"P{value}", label)
            self.alpha = None
            self.last_alpha_value = None
            return
        if label is not None and label.level in ("alpha", "roman"):
            self._child(text, label, BODY)
            return
        if _looks_like_heading(text):
            self.add(text, HEADING, self.next("H"))
            return
        if self.phase == "annex" and opener(text) == "preambular" and text.rstrip().endswith(","):
            self.add(text, PREAMBULAR, self.next("PP"))  # an annexed declaration's preamble
            return
        self.add(text, BODY, self.next("U"))


def _successor(printed: str) -> str:
    """The number after a printed paragraph label ("41." → "42")."""
    digits = re.match(r"\d+", printed)
    return str(int(digits.group(0)) + 1) if digits else ""


def _looks_like_heading(text: str, longest: int = 110) -> bool:
    """Short, capitalised, no closing punctuation, no figures (a year is no figure)."""
    s = text.strip()
    return (len(s) < longest and not s.endswith((".", ";", ":", ",")) and s[:1].isupper()
            and len(s.split()) <= longest // 7 and not re.search(r"\d{3,}", _YEARS.sub("", s)))


_YEARS = re.compile(r"\b(?:19|20)\d\d\b")


def restarting_sections(blocks: list[TextBlock]) -> set[int]:
    """Blocks that open a section of a document whose paragraph numbering starts again at 1 in
    each section ("I" … "1." … "II" … "1."): their IDs carry the section. Once two sections
    restart, every numeral of the same series in sequence opens a section, including one whose
    only paragraph is unnumbered. Where numbering runs on through the chapters, chapter labels are
    headings and IDs stay as printed."""
    marks: list[tuple[int, str]] = []
    restart: set[int] = set()
    for i, b in enumerate(blocks):
        if b.hint != "para" or not _SECTION_MARK.fullmatch(b.text.strip()):
            continue
        marks.append((i, b.text.strip().rstrip(".")))
        for nb in blocks[i + 1:]:
            if _SECTION_MARK.fullmatch(nb.text.strip()):
                break
            label, _ = split_label(nb.text)
            if label is not None and label.level == "num":
                if label.value == "1":
                    restart.add(i)
                break
    if len(restart) < 2:
        return set()
    roman = sum(_roman(v) is not None and len(v) >= 1 and v[0] in "IVX" for i, v in marks if i in restart) * 2 >= len(restart)
    starts: set[int] = set()
    expected = 1
    for i, v in marks:
        n = _roman(v) if roman else (ord(v) - 64 if len(v) == 1 else None)
        if n == expected:
            starts.add(i)
            expected += 1
    return starts


def _roman(v: str) -> int | None:
    values = {"I": 1, "V": 5, "X": 10}
    if not v or any(c not in values for c in v):
        return None
    total = 0
    for k, c in enumerate(v):
        n = values[c]
        total += -n if k + 1 < len(v) and values[v[k + 1]] > n else n
    return total


def build_paragraphs(blocks: list[TextBlock], resolution: bool,
                     footnotes: dict[str, str] | None = None, page_broken: bool = True,
                     labels_dropped: bool = False, footnote_pages: dict[str, int] | None = None) -> list[Paragraph]:
    """Paragraphs with kinds, labels, parents and IDs from a document's blocks.

    ``page_broken``: the source may cut a paragraph at a page break (PDF, text, GA extraction,
    Markdown); DOCX and HTML paragraphs are whole. ``labels_dropped``: the source's conversion
    dropped list markers (Markdown); they are read from the list's sequence. Each paragraph
    starts on its first block's page; ``footnote_pages`` gives the footnotes' pages.
    """
    blocks = merge_blocks(repair_labels(blocks))
    if labels_dropped:
        blocks = infer_dropped_labels(blocks)
    sections = restarting_sections(blocks) if resolution else set()
    builder = _Builder(resolution, sections, page_broken)
    builder.blocks = blocks
    for i, b in enumerate(blocks):
        builder.following = blocks[i + 1] if i + 1 < len(blocks) else None
        builder.block(b, i)
    # A "resolution" that never showed a preamble or operative part is structured as a report.
    if resolution and not any(p.kind in (PREAMBULAR, OPERATIVE) for p in builder.out):
        builder = _Builder(False, page_broken=page_broken)
        builder.blocks = blocks
        for i, b in enumerate(blocks):
            builder.following = blocks[i + 1] if i + 1 < len(blocks) else None
            builder.block(b, i)
    builder.prefix = ""
    for num, text in (footnotes or {}).items():
        pid = f"FN{num}"  # "FN3"; a starred note "FN*"
        builder.page = (footnote_pages or {}).get(num)
        builder.add(" ".join(text.split()), FOOTNOTE, pid)
    return builder.out


# -- labels damaged in print or OCR, repaired from their sequence ------------------------------------

_DIGIT_ITEM = re.compile(r"\((\d{1,2})\)(?:\s|$)")  # "(6)" printed for "(b)", "(1)" for "(i)"
# A paragraph number with an OCR slip: "1," for "1.", "S." for "5.", "l2." for "12."
_DAMAGED_NUM = re.compile(r"([0-9SlIO]{1,3})[.,]\s+(?=[A-Z])")
_OCR_DIGITS = str.maketrans("SlIO", "5110")
_ROMANS = ["i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii"]


def _item_value(text: str) -> str | None:
    m = re.match(r"\(([a-z]{1,2}|[ivxl]{1,6}|\d{1,2})\)(?:\s|$)", text)
    return m.group(1) if m else None


def _after(v: str) -> str | None:
    if v in _ROMANS and v != _ROMANS[-1] and len(v) > 1:
        return _ROMANS[_ROMANS.index(v) + 1]
    return chr(ord(v) + 1) if len(v) == 1 and v.isalpha() and v != "z" else None


def _before(v: str) -> str | None:
    if v in _ROMANS[1:] and (len(v) > 1 or v == "v"):
        return _ROMANS[_ROMANS.index(v) - 1]
    return chr(ord(v) - 1) if len(v) == 1 and v.isalpha() and v != "a" else None


def repair_labels(blocks: list[TextBlock]) -> list[TextBlock]:
    """Labels whose print is damaged, read from the sequence they stand in.

    An item label printed as a digit in a list of letters is the letter its neighbours leave
    for it ("(a)", "(6)", "(c)" → "(b)"; "(1)", "(ii)" → "(i)"); a list of digit labels is left
    as it is. A paragraph number printed "1," or "S." is the number the sequence expects, when the
    paragraph opens with an operative verb. The text keeps what was printed.
    """
    out = list(blocks)
    expected_num = 1
    for i, b in enumerate(out):
        text = b.text.lstrip()
        label, rest = split_label(text)
        if label is not None and label.level == "num":
            expected_num = int(label.value.split()[0]) + 1
            continue
        bare_number = re.match(r"(\d{1,3})\s+(?=[A-Z])", text)
        if label is None and bare_number and int(bare_number.group(1)) == expected_num and expected_num > 1:
            # "49 In …" with its full stop lost, where paragraph 49 is due.
            out[i] = replace(b, repaired=f"{expected_num}.")
            expected_num += 1
            continue
        m = _DAMAGED_NUM.match(text)
        if m and (label is None or label.level in ("section", "chapter")):
            value = m.group(1).translate(_OCR_DIGITS)
            if value.isdigit() and int(value) == expected_num and opener(text[m.end():]) == "operative":
                out[i] = replace(b, repaired=f"{value}.")
                expected_num += 1
            continue
        dm = _DIGIT_ITEM.match(text)
        if dm is None:
            continue
        prev = next((_item_value(x.text.lstrip()) for x in reversed(out[max(0, i - 8):i])
                     if _item_value(x.text.lstrip())), None)
        nxt = next((_item_value(x.text.lstrip()) for x in out[i + 1:i + 9] if _item_value(x.text.lstrip())), None)
        if (prev and prev.isdigit()) or (nxt and nxt.isdigit()):
            continue  # a list numbered with digits
        guess = None
        if prev and nxt and _after(prev) is not None and _after(prev) == _before(nxt):
            guess = _after(prev)
        elif nxt and not prev and _before(nxt) is not None:
            guess = _before(nxt)
        elif prev and not nxt:
            guess = _after(prev)
        if guess:
            out[i] = replace(b, repaired=f"({guess})")
    return out


# -- list markers a conversion dropped (Markdown) ---------------------------------------------------

_QUOTES = "“\"‘'"


def _label_value(kind: str, index: int) -> str:
    return chr(ord("a") + index) if kind == "alpha" else _ROMANS[min(index, len(_ROMANS) - 1)]


def _label_index(kind: str, value: str) -> int:
    return ord(value[0]) - ord("a") if kind == "alpha" else (_ROMANS.index(value) if value in _ROMANS else 0)


def infer_dropped_labels(blocks: list[TextBlock]) -> list[TextBlock]:
    """Item labels a conversion dropped, read from the list they stand in.

    A paragraph that ends with a colon opens a list; the paragraphs after it that open without a
    label (and do not continue a cut sentence, quote or title) are its items, lettered in order —
    "(a)", "(b)" …, "(i)", "(ii)" … one level down after an item that ends with a colon. Where
    printed labels remain they set the count; an unlabelled item after a nested list returns to
    the outer list when the next printed label says the count fits there ("(ii)", ?, ?, "(e)":
    the two are "(c)" and "(d)"). The text keeps what was printed.
    """
    out = list(blocks)
    stack: list[list] = []  # [kind, next index] per open list, innermost last
    prev = ""
    last_alpha: str | None = None
    for i, b in enumerate(out):
        text = b.text.strip()
        if b.hint != "para" or b.repaired is not None:
            prev = text
            continue
        label, _ = split_label(text, last_alpha)
        if label is not None and label.level == "num":
            stack = []
            last_alpha = None
        elif label is not None and label.level in ("alpha", "roman"):
            kind = label.level
            while stack and stack[-1][0] != kind:
                stack.pop()
            if not stack:
                stack.append([kind, 0])
            stack[-1][1] = _label_index(kind, label.value) + 1
            if kind == "alpha":
                last_alpha = label.value
        elif stack and _ends_sentence(prev) and text[:1] not in _QUOTES and not _looks_like_heading(text):
            if len(stack) > 1 and _returns_to_outer(out, i, stack):
                stack.pop()
            kind, index = stack[-1]
            value = _label_value(kind, index)
            out[i] = replace(b, repaired=f"({value})")
            stack[-1][1] += 1
            if kind == "alpha":
                last_alpha = value
        elif label is None and stack and not _ends_sentence(prev):
            prev = prev + " " + text  # a sentence cut by a page: its end decides what follows
            continue
        if text.rstrip().endswith(":"):
            inner = "roman" if stack and stack[-1][0] == "alpha" and (label is not None or out[i].repaired) else "alpha"
            if label is not None and label.level == "num" or not stack:
                inner = "alpha"
            stack.append([inner, 0])
        prev = text
    return out


def _returns_to_outer(blocks: list[TextBlock], i: int, stack: list[list]) -> bool:
    """Whether the unlabelled items from ``i`` belong to the outer list: the next printed label
    is of the outer kind and lands where counting them there would put it."""
    k = 0
    for b in blocks[i:]:
        label, _ = split_label(b.text.strip())
        if label is None:
            k += 1
            continue
        if label.level == "num":
            return False
        kind, index = stack[-2]
        return label.level == kind and _label_index(kind, label.value) == index + k
    return False
