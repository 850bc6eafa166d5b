"""Paragraphs a conversion ran together: "… Development.2 2. We acknowledge …".

A Markdown made from a PDF sometimes loses the line break before a numbered paragraph, so one
block holds the end of a paragraph (or a heading) and the next paragraph. The numbering says where
the second one starts: its number is the one due next, and what stands before it either ends a
sentence (a footnote number may follow the full stop) or is a heading ("Global context and shared
commitments 3. We gather …"). A number the text cites ("paragraph 3. The …") is never split off.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .labels import split_label
from .paragraphs import TextBlock

_NUMBER = re.compile(r"(?<=\s)(\d{1,3})\.\s+(?=[A-Z“\"‘])")
_LEADING = re.compile(r"(\d{1,3})\.\s")
# What a sentence's end looks like once a footnote number glued after it is set aside.
_MARKER = re.compile(r"\s?\d{1,3}$")
_CITED_BY = {"paragraph", "paragraphs", "para", "paras", "resolution", "resolutions", "annex", "article",
             "articles", "chapter", "section", "phase", "goal", "goals", "target", "volume", "vol", "no",
             "page", "pages", "rule", "item", "decision", "step", "principle", "part"}
_HEADING_WORDS = 25


def _opens_here(before: str, block_start: bool) -> bool:
    words = before.split()
    last = words[-1].strip(".,;:") if words else ""
    if not words or last.lower() in _CITED_BY:
        return False
    if _MARKER.sub("", before.rstrip()).endswith((".", ";", ":")):
        return True
    if not block_start:
        return False
    label, rest = split_label(before.strip())
    if label is not None and label.level == "num":
        return False  # a numbered paragraph whose sentence did not end
    heading = (rest if label is not None else before).split()
    # A name and its number ("Table 2.", "Action 21.", "Recommendation 13."): one word, or a
    # capitalised word right before the number; a heading ends in an ordinary word ("… shared
    # commitments 3.", "… call to action 23.").
    if len(heading) < 2 or last[:1].isupper():
        return False
    return len(heading) <= _HEADING_WORDS and not before.rstrip().endswith(",")


def split_run_on(blocks: list[TextBlock]) -> list[TextBlock]:
    """Blocks split where a paragraph due next by its number was run on into them."""
    out: list[TextBlock] = []
    expected = 0
    for b in blocks:
        if b.hint != "para":
            out.append(b)
            continue
        text = b.text
        lead = _LEADING.match(text)
        if lead:
            expected = int(lead.group(1)) + 1
        start = 0
        pos = 0
        while expected:
            # The number due, or the one after it where the conversion lost a label as well.
            m = next((m for m in _NUMBER.finditer(text, pos) if 0 <= int(m.group(1)) - expected <= 1), None)
            if m is None:
                break
            if _opens_here(text[start:m.start()], block_start=start == 0 and not lead):
                piece = text[start:m.start()].strip()
                if piece:
                    out.append(replace(b, text=piece))
                start = m.start()
                expected = int(m.group(1)) + 1
            pos = m.end()
        out.append(replace(b, text=text[start:].strip()) if start else b)
    return out
