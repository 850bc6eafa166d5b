"""Word-level redline between two texts."""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_TOKENS = re.compile(r"\d+(?:[.,]\d+)*|\w+|[^\w\s]|\s+")


def redline(a: str, b: str) -> list[tuple[str, str]]:
    """[(op, text)] with op in "equal", "delete", "insert"; deletions come before insertions.

    A change that differs word by word ("developments in the situation" → "urgent need to
    continue") reads as one deletion and one insertion, not as interleaved words: spaces kept
    between two changes are folded into both sides.
    """
    ta, tb = _TOKENS.findall(a), _TOKENS.findall(b)
    ops = SequenceMatcher(None, ta, tb, autojunk=False).get_opcodes()
    out: list[tuple[str, str]] = []
    dele: list[str] = []
    ins: list[str] = []
    for k, (op, i1, i2, j1, j2) in enumerate(ops):
        equal_text = "".join(ta[i1:i2]) if op == "equal" else ""
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
    return out


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
