"""Printed paragraph numbers and the words that open preambular and operative paragraphs."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..verbs import ADVERBS, OPERATIVE_VERBS, PREAMBULAR_WORDS

# "12.", "12 bis.", "(a)", "(aa)", "(iv)", "I.", "A." — in that order of precedence.
_NUM = re.compile(r"(\d{1,3})(?:\s?(bis|ter|quater))?\.(?=\s|$)")
_PAREN = re.compile(r"\(([a-z]{1,2}|[ivxl]{1,6})\)(?=\s|$)")
_ROMAN_HEAD = re.compile(r"([IVX]{1,6})\.(?=\s)")
_LETTER_HEAD = re.compile(r"([A-Z])\.(?=\s)")
_ROMAN_SMALL = re.compile(r"[ivxl]+")


@dataclass(frozen=True, slots=True)
class Label:
    printed: str  # as printed: "4.", "(b)", "II."
    value: str  # the bare number/letter: "4", "b", "II"
    level: str  # "num", "alpha", "roman", "chapter", "section"


def split_label(text: str, prev_alpha: str | None = None) -> tuple[Label | None, str]:
    """The label opening ``text`` (if any) and the text after it.

    ``prev_alpha`` is the last lettered item seen at this level: after "(h)", "(i)" is a letter,
    otherwise it is a roman numeral.
    """
    s = text.lstrip()
    c = s[:1]
    if not (c.isdigit() or c == "(" or (c.isupper() and "." in s[:7])):
        return None, s  # the common case, decided without a regex
    m = _NUM.match(s)
    if m:
        value = m.group(1) + (f" {m.group(2)}" if m.group(2) else "")
        return Label(m.group(0), value, "num"), s[m.end():].lstrip()
    m = _PAREN.match(s)
    if m:
        v = m.group(1)
        level = "alpha"
        if _ROMAN_SMALL.fullmatch(v) and not (prev_alpha and _next_letter(prev_alpha) == v):
            level = "roman"
        return Label(m.group(0), v, level), s[m.end():].lstrip()
    m = _ROMAN_HEAD.match(s)
    if m and len(s) < 200:
        return Label(m.group(0), m.group(1), "chapter"), s[m.end():].lstrip()
    m = _LETTER_HEAD.match(s)
    if m and len(s) < 200 and not s[m.end():].lstrip()[:1].islower():
        return Label(m.group(0), m.group(1), "section"), s[m.end():].lstrip()
    return None, s


def _next_letter(v: str) -> str:
    return chr(ord(v[-1]) + 1) if len(v) == 1 else v


# A heading named and numbered: "Action 21. We will adapt …", "Objective 1. Close …", "Article 5.".
_NAMED_HEADING = re.compile(
    r"(?:Action|Article|Chapter|Part|Section|Rule|Principle|Objective|Commitment|Goal|Pillar|Step"
    r"|Recommendation)\s+\d{1,3}[A-Za-z]?\.(?:\s+\S|$)")


def named_heading(text: str) -> bool:
    return bool(_NAMED_HEADING.match(text.lstrip()))


def is_label_only(line: str) -> bool:
    label, rest = split_label(line)
    return label is not None and not rest.strip()


def starts_with_label(line: str) -> bool:
    label, rest = split_label(line)
    if label is None:
        return False
    if label.level == "num":
        # "1990. In …" would be a year; a paragraph number is followed by a capital or a quote.
        return not rest or rest[:1].isupper() or rest[:1] in "“\"‘'(["
    return True


def _words(text: str, n: int = 3) -> list[str]:
    return [w.strip(",;:.“”\"'()").lower() for w in text.split()[:n]]


def opener(text: str) -> str | None:
    """'operative', 'preambular' or None for the paragraph text after its label."""
    words = _words(text, 4)
    if not words or not text.lstrip()[:1].isupper():
        return None
    first = words[0]
    i = 0
    while i < len(words) - 1 and words[i] in ADVERBS and words[i] not in OPERATIVE_VERBS:
        i += 1
    if words[i] in OPERATIVE_VERBS and not words[i].endswith("ing"):
        # "Notes" is a verb, "Noting" a participle; "Also noting" stays preambular.
        return "operative"
    if first.endswith("ing") or first in PREAMBULAR_WORDS or words[i] in PREAMBULAR_WORDS:
        return "preambular"  # "Particularly concerned that …": an adverb before the participle
    if first == "the" and len(words) > 1 and words[1] in ("security", "general"):
        return "operative"  # the 1940s form: "1. The Security Council requests …"
    return None
