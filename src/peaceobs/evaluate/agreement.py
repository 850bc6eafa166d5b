"""Cross-extraction agreement: one document read from two sources gives the same paragraphs.

The corpus holds documents twice or three times — session-80 GA resolutions as the GA JSON
extraction and as Markdown, budget reports as PDF, DOCX and report JSON. Each pair is compared by
the sequence of citable paragraph IDs (:func:`.gold.cited_ids`) and, for IDs in both, by their
texts up to typography and footnote markers (the comparison's own rule, :mod:`..compare`).
"""

from __future__ import annotations

import contextlib
import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..compare.normalise import fold, footnote_numbers
from ..compare.redline import is_change, redline
from ..model import Document, Paragraph
from ..pipeline import load
from ..structure.labels import split_label
from .gold import cited_ids


def _squeeze(text: str) -> str:
    return "".join(fold(text).split())


@dataclass(slots=True)
class Difference:
    pid: str
    what: str  # "only in A", "only in B", "text"
    detail: str = ""
    # Set by :func:`explain_by_source`: the second file itself lacks what the first extraction
    # has (checked in the file's own text), or the difference follows from such a loss.
    source_loss: str = ""


@dataclass(slots=True)
class PairResult:
    symbol: str
    source_a: str
    source_b: str
    ids: int  # citable IDs in A
    differences: list[Difference] = field(default_factory=list)

    @property
    def identical(self) -> bool:
        return not self.differences

    @property
    def only_source_losses(self) -> bool:
        """Differing, and every difference is the second file's own loss (see explain_by_source)."""
        return bool(self.differences) and all(d.source_loss for d in self.differences)


def compare_extractions(a: Document, b: Document) -> PairResult:
    """IDs and texts of two extractions of one document."""
    ia, ib = cited_ids(a), cited_ids(b)
    result = PairResult(a.symbol, a.source_format, b.source_format, len(ia))
    sa, sb = set(ia), set(ib)
    result.differences += [Difference(p, "only in A") for p in ia if p not in sb]
    result.differences += [Difference(p, "only in B") for p in ib if p not in sa]
    if not result.differences and ia != ib:
        result.differences.append(Difference(ia[0], "order"))
    ta = {p.pid: p.text for p in a.paragraphs}
    tb = {p.pid: p.text for p in b.paragraphs}
    ma, mb = footnote_numbers(a), footnote_numbers(b)
    limit = max(ma | mb | {0}) + 1
    for pid in ia:
        if pid in sb:
            # The ID is compared above; the texts without their printed label (a Markdown list
            # lost "(a)") and up to spacing ("internationa l": a PDF's kerning), typography and
            # footnote markers.
            x, y = split_label(ta[pid])[1], split_label(tb[pid])[1]
            if _squeeze(x) == _squeeze(y):
                continue
            ops = redline(x, y, fold=True, markers_a=ma, markers_b=mb, marker_limit=limit)
            if is_change(ops):
                changed = " | ".join(f"{op[0]}:{t.strip()[:40]}" for op, t in ops if op != "equal")
                result.differences.append(Difference(pid, "text", changed[:200]))
    return result


_MD_NOTE_REF = re.compile(r"\[\^(\d+)\]")


_DIGITS = re.compile(r"\d")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")


def _file_keys(path: Path) -> tuple[str, str]:
    """The Markdown file's own text as comparison keys, as a reader sees it (entities, escapes and
    emphasis marks undone): footnote references removed, and kept as digits (a conversion may
    take a number of the text for a reference: "P[^5]")."""
    raw = html.unescape(_MD_ESCAPE.sub(r"\1", path.read_text(encoding="utf-8", errors="replace")))
    raw = raw.replace("**", "").replace("*", "")
    return _squeeze(_MD_NOTE_REF.sub("", raw)), _squeeze(_MD_NOTE_REF.sub(r"\1", raw))


def _source_text(path: Path) -> str:
    """The first source's own text as a comparison key (the GA extraction's "text")."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".json":
        with contextlib.suppress(ValueError, AttributeError):
            raw = json.loads(raw).get("text", raw)
    return _squeeze(raw)


def explain_by_source(result: PairResult, a: Document, b: Document, b_path: Path,
                      a_path: Path | None = None) -> PairResult:
    """Mark the differences that are the second file's own losses, checked in its text.

    The first extraction is the fuller one (the GA JSON beside the Markdown made from the same
    PDF). A difference is the Markdown's own loss when the file does not hold what was lost, so
    no reader could get it from there:
    - words: the second reading is the first with words taken out that the first source prints
      (``a_path``) — and nothing added but the words of paragraphs the second reading lacks, run
      in where the file lost their label —, the first reading's paragraph is not in the file as a
      run of words (up to typography and footnote references), and the second's is;
    - a label: the file holds the paragraph's words but not with its printed label before them
      ("2. Expresses …" printed "Expresses …");
    - a consequence: an ID only in the second, or a text under a shifted ID, that is a paragraph
      found lost above under the ID the lost label leaves it; or a paragraph whose label the file
      prints run on into a paragraph whose words the file lost (the cut sentence hides its start).
    Anything else stays unexplained: a difference of the reading, not of the file.
    """
    keys = _file_keys(b_path)
    first = _source_text(a_path) if a_path is not None else ""
    ta = {p.pid: p for p in a.paragraphs}
    tb = {p.pid: p for p in b.paragraphs}

    ma, mb = footnote_numbers(a), footnote_numbers(b)
    limit = max(ma | mb | {0}) + 1

    # The texts of the first reading's paragraphs the second lacks, in order: where the file lost
    # a label or a break, their words stand inside a neighbour in the second reading.
    # Compared without digits: the run-in text carries the footnote numbers the reading strips.
    strays = _DIGITS.sub("", "".join(_squeeze(ta[d.pid].text) for d in result.differences
                                     if d.what == "only in A" and d.pid in ta))

    def file_change(x: str, y: str) -> bool:
        """``y`` is ``x`` with words taken out that the first source prints, or with the words of
        paragraphs the second reading lacks run into it (their label or break lost), or both."""
        ops = [(op, t) for op, t in redline(x, y, fold=True, markers_a=ma, markers_b=mb, marker_limit=limit)
               if op != "equal" and t.strip()]
        return bool(ops) and all(
            (not first or _squeeze(t) in first) if op == "delete" else _DIGITS.sub("", _squeeze(t)) in strays
            for op, t in ops)

    def held(text: str) -> bool:
        k = _squeeze(text)
        return any(k in f for f in keys)

    def opening(p: Paragraph) -> str:
        return " ".join(p.text.split()[:8])

    moved: set[str] = set()  # texts (keys) of paragraphs whose label the file lost
    for d in result.differences:
        p = ta.get(d.pid)
        if p is None or d.what == "only in B":
            continue
        body = split_label(p.text)[1]
        q = tb.get(d.pid)
        # Words lost: the file does not hold the fuller text, and it holds what was read from it
        # (the reading kept the file's words; the file is what lacks them).
        other = split_label(q.text)[1] if q is not None else ""
        if d.what == "text" and held(other) and file_change(body, other) and not held(body):
            d.source_loss = "the file lacks words of this paragraph"
        elif d.what == "text" and held(other) and file_change(body, other):
            d.source_loss = "a paragraph whose label or break the file lost runs on in it"
        elif p.label and not held(opening(p)):
            d.source_loss = f"the file does not print {p.label!r} before these words"
            moved.add(_squeeze(body))
    cut = {d.pid for d in result.differences if d.what == "text" and d.source_loss}
    cut_keys = {x.pid: _squeeze(x.text) for x in b.paragraphs if x.pid in cut}  # read once
    for d in result.differences:
        q, p = tb.get(d.pid), ta.get(d.pid)
        if d.source_loss:
            continue
        if q is not None and _squeeze(split_label(q.text)[1]) in moved:
            d.source_loss = "a paragraph whose label the file lost, under the ID that leaves it"
        elif d.what == "only in A" and p is not None:
            start = _squeeze(opening(p))
            host = next((pid for pid, key in cut_keys.items() if start in key and not key.startswith(start)), None)
            if host is not None:
                d.source_loss = f"printed inside {host}, whose sentence the file cut before it"
    return result


def held_twice(corpus: Path) -> Iterator[tuple[Path, Path]]:
    """Every pair of files in the corpus that hold the same document."""
    extracted = corpus / "ga-documents-2023-2025" / "extracted"
    for md in sorted((corpus / "ga-resolutions-80-markdown").glob("*.md")):
        js = extracted / f"{md.stem}.json"
        if js.exists():
            yield js, md
    reports = corpus / "peacekeeping-budget-reports-2026-27"
    for pdf in sorted((reports / "originals").glob("*.pdf")):
        others = [reports / "originals" / f"{pdf.stem}.docx", reports / f"{pdf.stem}.json"]
        for other in others:
            if other.exists():
                yield pdf, other


def agreement(corpus: Path) -> list[PairResult]:
    """Every pair the corpus holds twice, compared; a Markdown file's own losses marked."""
    out = []
    for a, b in held_twice(corpus):
        da, db = load(a), load(b)
        result = compare_extractions(da, db)
        if b.suffix == ".md" and result.differences:
            explain_by_source(result, da, db, b, a)
        out.append(result)
    return out
