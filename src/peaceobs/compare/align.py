"""Structure-aware alignment of two documents' paragraphs.

Paragraphs are compared within their part (preamble with preamble, operative with operative,
a report's body with body) and at their depth (sub-items with sub-items), on their text without
the printed number, so that renumbering is not an edit, and with typography folded (hyphen and
quote variants, soft hyphens, spacing; see :mod:`.normalise`), so that typography is not an
edit either. Steps, each on what is still unpaired:

1. identical text → unchanged, or renumbered where the printed number differs;
2. one paragraph ≈ two consecutive ones → split; two ≈ one → merged (only where the joined text
   matches clearly better than either part, else step 3 would pair the larger part);
3. near-identical text (rapidfuzz ratio ≥ ``EDIT_THRESHOLD``) → edited, best pairs first;
4. the rest → dropped (only in A) or added (only in B).

Pairs whose order disagrees with the longest run of pairs in order are moved. A pair whose
redline is empty once typography and footnote markers left in one text are set aside is
unchanged (or renumbered), marked ``typography``: an edited paragraph always has a redline.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from rapidfuzz import fuzz, process

from ..model import BODY, HEADING, OPERATIVE, PREAMBULAR, TABLE, Document, Paragraph
from ..structure.labels import split_label
from .normalise import fold, footnote_numbers
from .redline import is_change, redline
from .verbs import VerbChange, strength_change

EDIT_THRESHOLD = 60.0  # rapidfuzz ratio, 0–100: below it two paragraphs are different paragraphs
SPLIT_THRESHOLD = 85.0
PARTS = {PREAMBULAR: "preamble", OPERATIVE: "operative", BODY: "body", HEADING: "body", TABLE: "body"}


class Status(StrEnum):
    """What became of a paragraph between two versions."""

    UNCHANGED = "unchanged"
    RENUMBERED = "renumbered"  # the same words under another number
    EDITED = "edited"
    MOVED = "moved"
    SPLIT = "split"
    MERGED = "merged"
    ADDED = "added"
    DROPPED = "dropped"


STATUSES = tuple(Status)


@dataclass(slots=True)
class Change:
    status: Status
    a: list[Paragraph] = field(default_factory=list)
    b: list[Paragraph] = field(default_factory=list)
    similarity: float = 100.0
    edited: bool = False  # a moved/split/merged paragraph whose words changed too
    typography: bool = False  # the printed texts differ, but only in typography or footnote markers
    redline: list[tuple[str, str]] | None = None
    verb: VerbChange | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "edited": self.edited, "typography": self.typography,
                "similarity": round(self.similarity, 1),
                "a": [{"pid": p.pid, "label": p.label, "text": p.text} for p in self.a],
                "b": [{"pid": p.pid, "label": p.label, "text": p.text} for p in self.b],
                "redline": [{"op": op, "text": t} for op, t in self.redline] if self.redline else None,
                "verb": self.verb._asdict() if self.verb else None}


@dataclass(slots=True)
class Comparison:
    a: Document
    b: Document
    changes: list[Change]

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys(STATUSES, 0)
        for c in self.changes:
            out[c.status] += 1
        out["strengthened"] = sum(1 for c in self.changes if c.verb and c.verb.change == "strengthened")
        out["weakened"] = sum(1 for c in self.changes if c.verb and c.verb.change == "weakened")
        return out

    def to_dict(self) -> dict[str, Any]:
        def meta(d: Document) -> dict[str, Any]:
            return {"symbol": d.symbol, "title": d.title, "date": d.date, "doc_type": d.doc_type}
        return {"a": meta(self.a), "b": meta(self.b), "counts": self.counts(),
                "changes": [c.to_dict() for c in self.changes]}


def body_text(p: Paragraph) -> str:
    """A paragraph's words without its printed number, whitespace folded."""
    _, rest = split_label(p.text)
    return " ".join(rest.split())


def _units(doc: Document) -> list[Paragraph]:
    return [p for p in doc.paragraphs if p.kind in PARTS]


def compare(a: Document, b: Document) -> Comparison:
    """Align ``a`` (earlier) with ``b`` (later); see the module docstring."""
    ua, ub = _units(a), _units(b)
    ra, rb = [body_text(p) for p in ua], [body_text(p) for p in ub]  # as printed
    ta, tb = [fold(t) for t in ra], [fold(t) for t in rb]  # as compared
    marks_a, marks_b = footnote_numbers(a), footnote_numbers(b)
    limit = max(marks_a | marks_b, default=-1) + 1  # no footnotes on either side: no markers

    def lines(x: str, y: str) -> list[tuple[str, str]]:
        return redline(x, y, fold=True, markers_a=marks_a, markers_b=marks_b, marker_limit=limit)

    pair_b: dict[int, int] = {}  # a index -> b index
    splits: dict[int, list[int]] = {}  # a index -> [b, b]
    merges: dict[int, list[int]] = {}  # b index -> [a, a]

    def group(i: int, side: list[Paragraph]) -> tuple[str, int]:
        return PARTS[side[i].kind], side[i].depth

    # 1. identical text, in order of appearance
    free_b: dict[tuple[tuple[str, int], str], list[int]] = {}
    for j, t in enumerate(tb):
        free_b.setdefault((group(j, ub), t), []).append(j)
    for i, t in enumerate(ta):
        slots = free_b.get((group(i, ua), t))
        if slots:
            pair_b[i] = slots.pop(0)

    # 2. splits and merges among what is left, between neighbours: taken only where the joined
    #    text matches clearly better than either part alone (else step 3 pairs the larger part).
    rest_a = [i for i in range(len(ua)) if i not in pair_b]
    taken = set(pair_b.values())
    rest_b = [j for j in range(len(ub)) if j not in taken]
    single = _scores([ta[i] for i in rest_a], [tb[j] for j in rest_b])
    col = {j: y for y, j in enumerate(rest_b)}
    row = {i: x for x, i in enumerate(rest_a)}
    used_b = set(taken)
    used_a = set(pair_b)
    # A split is one paragraph of A against two neighbours in B; a merge is the same seen from B.
    splits.update(_joins(rest_a, rest_b, ta, tb, ua, ub, group, lambda x, y: single[row[x], col[y]],
                         used_a, used_b))
    merges.update(_joins(rest_b, rest_a, tb, ta, ub, ua, group, lambda y, x: single[row[x], col[y]],
                         used_b, used_a))

    # 3. near-identical text, best pairs first, within part and depth
    _fuzzy(ua, ub, ta, tb, pair_b, group, exclude_a=used_a, exclude_b=used_b, scores=(single, row, col))
    used_a |= set(pair_b)
    used_b |= set(pair_b.values())

    # Order: anchors in the longest in-order run stay; other pairs moved.
    anchors = [(i, j) for i, j in sorted(pair_b.items())]
    in_order = _longest_increasing([j for _, j in anchors])
    kept = {anchors[k] for k in in_order}

    changes_at: list[tuple[float, Change]] = []  # sorted by position in b (dropped: after its neighbour)
    for i, j in anchors:
        pa, pb = ua[i], ub[j]
        same = ta[i] == tb[j]
        marks = lines(ra[i], rb[j]) if not same else None
        if marks is not None and not is_change(marks):
            same = True  # only a footnote marker left in one of the texts
        if (i, j) not in kept:
            c = Change(Status.MOVED, [pa], [pb], 100.0 if same else fuzz.ratio(ta[i], tb[j]), edited=not same)
        elif same:
            c = Change(Status.RENUMBERED if (pa.label or "") != (pb.label or "") else Status.UNCHANGED, [pa], [pb])
        else:
            c = Change(Status.EDITED, [pa], [pb], fuzz.ratio(ta[i], tb[j]), edited=True)
        if not same:
            c.redline = marks
        c.typography = same and ra[i] != rb[j]
        if pa.kind == OPERATIVE:
            c.verb = strength_change(ra[i], rb[j])
        changes_at.append((j, c))
    for i, (j1, j2) in splits.items():
        ops = lines(ra[i], rb[j1] + " " + rb[j2])
        changes_at.append((j1, Change(Status.SPLIT, [ua[i]], [ub[j1], ub[j2]], fuzz.ratio(ta[i], tb[j1] + " " + tb[j2]),
                                      edited=is_change(ops), redline=ops)))
    for j, (i1, i2) in merges.items():
        ops = lines(ra[i1] + " " + ra[i2], rb[j])
        changes_at.append((j, Change(Status.MERGED, [ua[i1], ua[i2]], [ub[j]], fuzz.ratio(ta[i1] + " " + ta[i2], tb[j]),
                                     edited=is_change(ops), redline=ops)))
    for j in range(len(ub)):
        if j not in used_b:
            changes_at.append((j, Change(Status.ADDED, [], [ub[j]], 0.0)))
    b_of = {i: j for i, j in pair_b.items()}
    for i in range(len(ua)):
        if i not in used_a:
            # Place a dropped paragraph after the b position of its nearest earlier paired neighbour.
            prev = max((b_of[k] for k in b_of if k < i), default=-1)
            changes_at.append((prev + 0.5, Change(Status.DROPPED, [ua[i]], [], 0.0)))
    changes_at.sort(key=lambda x: x[0])
    return Comparison(a, b, [c for _, c in changes_at])


def _joins(ones: list[int], twos: list[int], t1: list[str], t2: list[str], u1: list[Paragraph],
           u2: list[Paragraph], group: Any, single: Any, used1: set[int], used2: set[int]) -> dict[int, list[int]]:
    """Each paragraph of side 1 that matches two consecutive paragraphs of side 2 joined, clearly
    better than either alone. Marks what it takes as used on both sides."""
    found: dict[int, list[int]] = {}
    available = set(twos)
    for i in ones:
        if i in used1:
            continue
        for j in twos:
            k = j + 1
            if k not in available or j in used2 or k in used2 or not group(i, u1) == group(j, u2) == group(k, u2):
                continue
            best_part = max(single(i, j), single(i, k))
            if best_part < 30:
                continue
            joined = fuzz.ratio(t1[i], t2[j] + " " + t2[k])
            if joined >= SPLIT_THRESHOLD and joined > best_part + 5:
                found[i] = [j, k]
                used1.add(i)
                used2.update((j, k))
                break
    return found


def _scores(a: list[str], b: list[str]) -> Any:
    if not a or not b:
        return None
    return process.cdist(a, b, scorer=fuzz.ratio, workers=1)


def _fuzzy(ua: list[Paragraph], ub: list[Paragraph], ta: list[str], tb: list[str], pair_b: dict[int, int],
           group: Any, exclude_a: set[int], exclude_b: set[int], scores: tuple[Any, dict[int, int], dict[int, int]]) -> None:
    matrix, row, col = scores
    if matrix is None:
        return
    candidates = []
    for i, x in row.items():
        if i in exclude_a:
            continue
        for j, y in col.items():
            s = float(matrix[x, y])
            if s >= EDIT_THRESHOLD and j not in exclude_b and group(i, ua) == group(j, ub):
                # Prefer the pair nearer in relative position when scores tie.
                candidates.append((-s, abs(i / max(1, len(ua)) - j / max(1, len(ub))), i, j))
    candidates.sort()
    used_j: set[int] = set()
    for _, _, i, j in candidates:
        if i not in pair_b and j not in used_j:
            pair_b[i] = j
            used_j.add(j)


def _longest_increasing(seq: list[int]) -> list[int]:
    """Indexes of one longest strictly increasing subsequence (patience sorting, O(n log n))."""
    tails: list[int] = []
    tails_idx: list[int] = []
    prev = [-1] * len(seq)
    for k, v in enumerate(seq):
        pos = bisect_left(tails, v)
        if pos == len(tails):
            tails.append(v)
            tails_idx.append(k)
        else:
            tails[pos] = v
            tails_idx[pos] = k
        prev[k] = tails_idx[pos - 1] if pos else -1
    out = []
    k = tails_idx[-1] if tails_idx else -1
    while k != -1:
        out.append(k)
        k = prev[k]
    return out[::-1]
