"""The lead verb of an operative paragraph and its place on the UN ladder of strength."""

from __future__ import annotations

import re
from typing import NamedTuple

from ..structure.labels import split_label
from ..verbs import ADVERBS, LEVEL

_WORD = re.compile(r"[A-Za-z]+")


def lead_verb(text: str) -> str | None:
    """"Also strongly urges all parties …" → "urges"; "Takes note of …" → "takes note"."""
    _, rest = split_label(text)
    words = [w.lower() for w in _WORD.findall(rest[:80])]
    i = 0
    while i < len(words) - 1 and words[i] in ADVERBS:
        i += 1
    if i >= len(words):
        return None
    two = " ".join(words[i:i + 2])
    if two in LEVEL:
        return two
    return words[i] if words[i] in LEVEL else None


class VerbChange(NamedTuple):
    before: str | None
    after: str | None
    change: str  # "strengthened" | "weakened" | "same" | "shifted" | "unknown"


def strength_change(a_text: str, b_text: str) -> VerbChange:
    """The lead verbs of two versions of a paragraph and how the second moved on the ladder."""
    va, vb = lead_verb(a_text), lead_verb(b_text)
    if va is None or vb is None:
        return VerbChange(va, vb, "unknown")
    if va == vb:
        return VerbChange(va, vb, "same")
    la, lb = LEVEL[va], LEVEL[vb]
    return VerbChange(va, vb, "strengthened" if lb > la else "weakened" if lb < la else "shifted")
