"""Frameworks of commitments, made from stored paragraphs or from a file a user writes.

``--paragraphs 'OP42(a)-OP42(g)'`` takes the paragraphs of the document from the first ID to the
last in reading order (a list: ``'OP41,OP42(a)-OP42(c)'``); each taken paragraph that has no
taken sub-items is one commitment, its printed ID its reference; its area is the heading above
it ("Action 21. We will adapt peace operations …"). A file (CSV or YAML) gives rows of ``id``,
``text``, ``area`` and ``source`` — every row must say where its text comes from.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import yaml

from ..errors import PeaceobsError
from ..model import FOOTNOTE, HEADING, OTHER, Document, Paragraph
from ..store.tracking import CommitmentDraft


class FrameworkError(PeaceobsError):
    """A framework that cannot be made: a bad range, an unknown paragraph, a file without sources."""


def select_paragraphs(doc: Document, spec: str) -> list[Paragraph]:
    """The paragraphs a spec names, in reading order: IDs and ID ranges separated by commas."""
    by_pid = {p.pid: p for p in doc.paragraphs}
    chosen: dict[str, Paragraph] = {}
    for part in (x.strip() for x in spec.split(",")):
        if not part:
            continue
        first, _, last = part.partition("-") if _is_range(part, by_pid) else (part, "", part)
        first, last = first.strip(), (last or first).strip()
        for pid in (first, last):
            if pid not in by_pid:
                raise FrameworkError(f"{doc.symbol} has no paragraph {pid!r}")
        a, b = by_pid[first].seq, by_pid[last].seq
        if a > b:
            raise FrameworkError(f"{part!r}: {first} comes after {last} in {doc.symbol}")
        for p in doc.paragraphs:
            if a <= p.seq <= b and p.kind not in (FOOTNOTE, OTHER, HEADING):
                chosen.setdefault(p.pid, p)
    if not chosen:
        raise FrameworkError(f"{spec!r} names no paragraph of {doc.symbol}")
    return sorted(chosen.values(), key=lambda p: p.seq)


def _is_range(part: str, by_pid: dict[str, Paragraph]) -> bool:
    # "OP42(a)-OP42(g)" is a range; an ID may itself hold a hyphen ("ANX1.OP2-3" is not printed
    # so, but be safe): a part that is an ID is an ID.
    return part not in by_pid and "-" in part


def commitments_from_paragraphs(doc: Document, spec: str) -> list[CommitmentDraft]:
    """One commitment per taken paragraph without taken sub-items, with its heading as area."""
    taken = select_paragraphs(doc, spec)
    parents = {p.parent for p in taken if p.parent}
    headings: dict[int, str] = {}
    current = ""
    for p in doc.paragraphs:
        if p.kind == HEADING:
            current = p.text
        headings[p.seq] = current
    out = []
    for p in taken:
        if p.pid in parents:
            continue  # its sub-items are the commitments; its words open each of them
        out.append(CommitmentDraft(ref=p.pid, text=p.text, area=headings.get(p.seq, "")[:200],
                                   source_symbol=doc.symbol, source_pid=p.pid))
    return out


def commitments_from_file(path: Path | str) -> list[CommitmentDraft]:
    """Rows of a CSV or YAML file: ``id``, ``text``, ``area`` (optional), ``source`` (required:
    where the text comes from — a document and paragraph, or a URL and date)."""
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise FrameworkError(f"{path}: cannot read ({exc.__class__.__name__}: {exc})") from exc
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            rows = yaml.safe_load(raw) or []
        except yaml.YAMLError as exc:
            raise FrameworkError(f"{path}: not YAML ({str(exc).splitlines()[0]})") from exc
        if isinstance(rows, dict):
            rows = rows.get("commitments") or []
    else:
        rows = list(csv.DictReader(io.StringIO(raw)))
    if not isinstance(rows, list) or not rows:
        raise FrameworkError(f"{path}: no commitments (rows of id, text, area, source)")
    out: list[CommitmentDraft] = []
    seen: set[str] = set()
    for k, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise FrameworkError(f"{path}: row {k} is not a mapping of id, text, area, source")
        ref, text = str(row.get("id") or "").strip(), str(row.get("text") or "").strip()
        source = str(row.get("source") or "").strip()
        if not ref or not text or not source:
            raise FrameworkError(f"{path}: row {k} needs an id, a text and its source")
        if ref in seen:
            raise FrameworkError(f"{path}: id {ref!r} appears twice")
        seen.add(ref)
        out.append(CommitmentDraft(ref=ref, text=text, area=str(row.get("area") or "").strip(), source_note=source))
    return out
