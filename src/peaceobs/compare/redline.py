"""Word-level redline between two texts."""

from __future__ import annotations

from difflib import SequenceMatcher

from .normalise import TOKENS, is_marker, units


def redline(a: str, b: str, fold: bool = False, markers_a: set[int] | None = None,
            markers_b: set[int] | None = None, marker_limit: int = 0) -> list[tuple[str, str]]:
    """[(op, text)] with op in "equal", "delete", "insert"; deletions come before insertions.

    A change that differs word by word ("developments in the situation" → "urgent need to
    continue") reads as one deletion and one insertion, not as interleaved words: spaces kept
    between two changes are folded into both sides.

    With ``fold``, typography is not a change (see :mod:`.normalise`): words are compared by
    their keys and equal stretches are shown as ``b`` prints them, so the non-deleted pieces
    still join to ``b`` (without its invisible characters) while the non-inserted ones join to
    ``a`` up to typography. A number that only one side has and that reads there as one of its
    footnote markers (``markers_a``/``markers_b``: the documents' footnote numbers;
    ``marker_limit``: the highest number a marker may have, see :func:`.normalise.is_marker`) is
    not a change either: ``a``'s is left out, ``b``'s shown as equal text; so is a marker glued
    to a year ("in 20237" against "in 2023").
    """
    if fold:
        ua, ub = units(a), units(b)
        ka, ta = [k for k, _ in ua], [d for _, d in ua]
        kb, tb = [k for k, _ in ub], [d for _, d in ub]
    else:
        ta, tb = TOKENS.findall(a), TOKENS.findall(b)
        ka, kb = ta, tb
    ops = SequenceMatcher(None, ka, kb, autojunk=False).get_opcodes()
    if fold and (markers_a or markers_b or marker_limit):
        ops = _markers_as_equal(ops, ta, tb, markers_a or set(), markers_b or set(), marker_limit)
    out: list[tuple[str, str]] = []
    dele: list[str] = []
    ins: list[str] = []
    for k, (op, i1, i2, j1, j2) in enumerate(ops):
        equal_text = "".join(tb[j1:j2]) if op == "equal" else ""
        between_changes = 0 < k < len(ops) - 1 and op == "equal" and not equal_text.strip()
        if op == "equal" and not between_changes:
            _flush(out, dele, ins)
            _push(out, "equal", equal_text)
        elif between_changes and (dele or ins):
            dele.append(equal_text)
            ins.append(equal_text)
        else:
            dele.extend(ta[i1:i2])
            ins.extend(tb[j1:j2])
    _flush(out, dele, ins)
    return [(op, t) for op, t in out if t]


def is_change(ops: list[tuple[str, str]] | None) -> bool:
    """Whether a redline deletes or inserts anything."""
    return bool(ops) and any(op != "equal" for op, _ in ops)


def _markers_as_equal(ops: list[tuple[str, int, int, int, int]], ta: list[str], tb: list[str],
                      markers_a: set[int], markers_b: set[int], limit: int) -> list[tuple[str, int, int, int, int]]:
    """Deletions and insertions that are only a footnote marker (and spaces) become equal;
    neighbouring equal stretches are joined."""
    out: list[tuple[str, int, int, int, int]] = []
    for op, i1, i2, j1, j2 in ops:
        if op == "delete" and _only_marker(ta, i1, i2, markers_a, limit):
            op = "equal"
        elif op == "insert" and _only_marker(tb, j1, j2, markers_b, limit):
            op = "equal"
        elif op == "replace" and i2 - i1 == j2 - j1 == 1 and (_year_and_marker(ta[i1], tb[j1], limit)
                                                            or _year_and_marker(tb[j1], ta[i1], limit)):
            op = "equal"
        if op == "equal" and out and out[-1][0] == "equal":
            _, pi1, _, pj1, _ = out[-1]
            out[-1] = ("equal", pi1, i2, pj1, j2)
        else:
            out.append((op, i1, i2, j1, j2))
    return out


def _year_and_marker(longer: str, year: str, limit: int) -> bool:
    """"20237" against "2023": a year with a footnote marker glued to it."""
    rest = longer[len(year):]
    return (len(year) == 4 and year.isdigit() and 1900 <= int(year) <= 2099 and longer.startswith(year)
            and rest.isdigit() and len(rest) <= 3 and 0 < int(rest) <= limit)


def _only_marker(disp: list[str], start: int, end: int, markers: set[int], limit: int) -> bool:
    solid = [k for k in range(start, end) if not disp[k].isspace()]
    return len(solid) == 1 and is_marker(disp, solid[0], markers, limit)


def _flush(out: list[tuple[str, str]], dele: list[str], ins: list[str]) -> None:
    d, i = "".join(dele), "".join(ins)
    if d.strip() or i.strip():
        # Shared leading/trailing spaces belong to neither side.
        if d.strip():
            _push(out, "delete", d)
        if i.strip():
            _push(out, "insert", i)
    elif d or i:
        _push(out, "equal", d or i)
    dele.clear()
    ins.clear()


def _push(out: list[tuple[str, str]], op: str, text: str) -> None:
    if out and out[-1][0] == op:
        out[-1] = (op, out[-1][1] + text)
    else:
        out.append((op, text))
