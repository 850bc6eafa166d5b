"""Blocks → paragraphs a UN reader recognises: kinds, printed labels, parents, stable IDs."""

from __future__ import annotations

import re
from dataclasses import dataclass

import xxhash

from ..model import BODY, FOOTNOTE, HEADING, OPERATIVE, OTHER, PREAMBULAR, TABLE, Paragraph
from .labels import Label, opener, split_label


@dataclass(slots=True)
class TextBlock:
    text: str
    hint: str = "para"  # para, heading, table, footnote


_ORGAN_LINE = re.compile(
    r"(?:The\s+)?(?:Security Council|General Assembly|Economic and Social Council|Human Rights Council"
    r"|Peace and Security Council|Assembly|Council)\s*[,:]?", re.I)
_END_LINE = re.compile(
    r"(?:Adopted\s+(?:unanimously\s+)?(?:without\s+(?:a\s+)?vote\s+)?(?:at|by)\b"
    r"|\d+(?:st|nd|rd|th)\s+(?:\(resumed\)\s+)?(?:plenary\s+)?meeting\b)", re.I)
_ANNEX = re.compile(r"(?:Annex(?:\s+[IVX]+)?|Appendix(?:\s+[IVX]+)?)\s*", re.I)
_FOOTNOTE = re.compile(r"(\d{1,3})\s+(\S.*)", re.S)


def paragraph_hash(text: str) -> str:
    return xxhash.xxh3_64_hexdigest(" ".join(text.split()).encode())


def merge_blocks(blocks: list[TextBlock]) -> list[TextBlock]:
    """Mend splits that page breaks left: a label alone, or a block that opens in lower case."""
    out: list[TextBlock] = []
    for b in blocks:
        text = b.text.strip()
        if not text:
            continue
        if out and out[-1].hint == "para" and b.hint == "para":
            prev = out[-1].text
            label, rest = split_label(prev)
            if label is not None and not rest:
                out[-1] = TextBlock(prev + " " + text, "para")
                continue
            tail = prev.rstrip()[-1:]
            # A list broken by a page ("… 75/250 A of 31 December" | "2020, 75/250 B …") continues
            # after a comma or a word; a title line ("79/250. Scale of …") after "]" does not.
            digit_continues = text[:1].isdigit() and split_label(text)[0] is None and (tail == "," or tail.isalnum())
            if ((text[:1].islower() or digit_continues) and not prev.rstrip().endswith((".", ";", ":"))) or (
                    prev.rstrip().endswith(":") and text[:1] in "“\"‘"):
                out[-1] = TextBlock(prev + " " + text, "para")
                continue
        out.append(TextBlock(text, b.hint))
    return out


class _Ids:
    """Stable, unique paragraph IDs within one document."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.counters: dict[str, int] = {}

    def next(self, prefix: str) -> str:
        self.counters[prefix] = self.counters.get(prefix, 0) + 1
        return f"{prefix}{self.counters[prefix]}"

    def unique(self, pid: str) -> str:
        if pid not in self.used:
            self.used.add(pid)
            return pid
        k = 2
        while f"{pid}-{k}" in self.used:
            k += 1
        self.used.add(f"{pid}-{k}")
        return f"{pid}-{k}"


class _Builder:
    def __init__(self, resolution: bool) -> None:
        self.resolution = resolution
        self.phase = "front" if resolution else "body"
        self.ids = _Ids()
        self.out: list[Paragraph] = []
        self.prefix = ""
        self.annexes = 0
        self.top: Paragraph | None = None  # last top-level numbered/operative paragraph
        self.alpha: Paragraph | None = None  # last (a)-level child
        self.last_alpha_value: str | None = None

    def add(self, text: str, kind: str, pid: str, label: Label | None = None,
            parent: Paragraph | None = None) -> Paragraph:
        p = Paragraph(
            pid=self.ids.unique(self.prefix + pid), seq=len(self.out), kind=kind, text=text,
            label=label.printed if label else None, parent=parent.pid if parent else None,
            depth=parent.depth + 1 if parent else 0, hash=paragraph_hash(text))
        self.out.append(p)
        return p

    # -- one block ---------------------------------------------------------------------------
    def block(self, b: TextBlock) -> None:
        text = b.text
        if b.hint == "table":
            self.add(text, TABLE, self.ids.next("T"))
            return
        if b.hint == "footnote":
            m = _FOOTNOTE.fullmatch(text)
            self.add(m.group(2) if m else text, FOOTNOTE, f"FN{m.group(1)}" if m else self.ids.next("FN"))
            return
        if _ANNEX.fullmatch(text) and self.phase != "front":
            self.annexes += 1
            self.prefix = f"ANX{self.annexes}."
            self.phase = "annex"
            self.top = self.alpha = None
            self.add(text, HEADING, "H")
            return
        if self.phase == "front":
            self._front(b)
        elif self.phase in ("preamble", "operative"):
            self._resolution_body(b)
        elif self.phase == "end":
            m = _FOOTNOTE.fullmatch(text)
            if m:
                self.add(m.group(2), FOOTNOTE, f"FN{m.group(1)}")
            else:
                self.add(text, OTHER, self.ids.next("X"))
        else:
            self._report_body(b)

    def _front(self, b: TextBlock) -> None:
        text = b.text
        if _ORGAN_LINE.fullmatch(text):
            self.phase = "preamble"
            self.add(text, OTHER, self.ids.next("X"))
            return
        label, rest = split_label(text)
        kind = opener(rest)
        if (label is not None and label.level == "num" and kind) or kind == "operative":
            self.phase = "preamble"
            self._resolution_body(b)
        elif kind == "preambular" and text.rstrip().endswith((",", ";")):
            self.phase = "preamble"
            self._resolution_body(b)
        else:
            self.add(text, OTHER, self.ids.next("X"))

    def _resolution_body(self, b: TextBlock) -> None:
        text = b.text
        if self.phase == "operative" and _END_LINE.match(text):
            self.phase = "end"
            self.add(text, OTHER, self.ids.next("X"))
            return
        label, rest = split_label(text, self.last_alpha_value)
        starts = opener(rest)
        if self.phase == "preamble":
            if (label is not None and label.level == "num") or starts == "operative":
                self.phase = "operative"
            elif label is not None and label.level in ("alpha", "roman") and self.out and self.out[-1].kind == PREAMBULAR:
                self._child(text, label, PREAMBULAR)
                return
            else:
                if starts is None and len(text.split()) <= 2:
                    self.add(text, OTHER, self.ids.next("X"))
                else:
                    self.add(text, PREAMBULAR, self.ids.next("PP"))
                return
        # operative part
        if label is not None and label.level == "num":
            self.top = self.add(text, OPERATIVE, f"OP{label.value.replace(' ', '')}", label)
            self.alpha = None
            self.last_alpha_value = None
        elif label is not None and label.level in ("alpha", "roman"):
            self._child(text, label, OPERATIVE)
        elif starts == "operative" or self.top is None:
            self.top = self.add(text, OPERATIVE, self.ids.next("OP"))
            self.alpha = None
            self.last_alpha_value = None
        else:
            # Unlabelled text inside the operative part (a quoted text, a list's lead-in): keep
            # it under the paragraph it belongs to.
            parent = self.alpha or self.top
            self.add(text, OPERATIVE, self._local(self.ids.next(parent.pid + ".")), None, parent)

    def _local(self, pid: str) -> str:
        """A pid without the annex prefix (``add`` puts it back)."""
        return pid[len(self.prefix):] if pid.startswith(self.prefix) else pid

    def _child(self, text: str, label: Label, kind: str) -> None:
        if label.level == "roman" and self.alpha is not None:
            parent = self.alpha
        else:
            parent = self.top if self.top is not None else (self.out[-1] if self.out else None)
        if parent is None:
            self.add(text, kind, f"({label.value})", label)
            return
        p = self.add(text, kind, f"{self._local(parent.pid)}({label.value})", label, parent)
        if label.level == "alpha":
            self.alpha = p
            self.last_alpha_value = label.value

    def _report_body(self, b: TextBlock) -> None:
        text = b.text
        label, rest = split_label(text, self.last_alpha_value)
        if b.hint == "heading" or (label is not None and label.level in ("chapter", "section")):
            self.add(text, HEADING, self.ids.next("H"), label)
            return
        if label is not None and label.level == "num":
            self.top = self.add(text, BODY, f"P{label.value.replace(' ', '')}", label)
            self.alpha = None
            self.last_alpha_value = None
            return
        if label is not None and label.level in ("alpha", "roman"):
            self._child(text, label, BODY)
            return
        if _looks_like_heading(text):
            self.add(text, HEADING, self.ids.next("H"))
            return
        self.add(text, BODY, self.ids.next("U"))


def _looks_like_heading(text: str) -> bool:
    s = text.strip()
    return (len(s) < 110 and not s.endswith((".", ";", ":", ",")) and s[:1].isupper()
            and len(s.split()) <= 16 and not re.search(r"\d{3,}", s))


def build_paragraphs(blocks: list[TextBlock], resolution: bool,
                     footnotes: dict[str, str] | None = None) -> list[Paragraph]:
    builder = _Builder(resolution)
    for b in merge_blocks(blocks):
        builder.block(b)
    # A "resolution" that never showed a preamble or operative part is structured as a report.
    if resolution and not any(p.kind in (PREAMBULAR, OPERATIVE) for p in builder.out):
        builder = _Builder(False)
        for b in merge_blocks(blocks):
            builder.block(b)
    builder.prefix = ""
    for num, text in (footnotes or {}).items():
        pid = f"FN{num}" if num.isdigit() else builder.ids.next("FN")
        builder.add(" ".join(text.split()), FOOTNOTE, pid)
    return builder.out
