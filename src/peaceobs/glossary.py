"""The words the texts use for what people call otherwise.

A reader types "renewal", "who pays", "borrowing between missions"; the Council's texts say
"extends", the General Assembly's "apportionment of the expenses", the budget reports "loans".
``data/glossary.csv`` holds each such word with the texts' words for it, where the texts use
them so (symbol, paragraph, words), and why: search looks for the texts' words beside the word
as typed and says so (``also_searched``). An entry is kept only where the texts say it otherwise
— the texts' words are held by many more paragraphs than the word typed (docs/SEARCH.md).
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

__all__ = ["Gloss", "load_glossary", "texts_words"]

_WORD = re.compile(r"[a-z0-9]+")


class Gloss(NamedTuple):
    word: str  # as people type it, in its base form ("pay", "cross-borrowing"); irregular forms after "|"
    terms: tuple[str, ...]  # the texts' words for it, the first the likeliest
    source: str  # a paragraph of the corpus using them so: "S/RES/482 (1980) OP1: Extends once more …"
    why: str


@lru_cache(maxsize=1)
def load_glossary() -> tuple[Gloss, ...]:
    """Every entry of ``data/glossary.csv``, in its order."""
    text = (resources.files("peaceobs") / "data" / "glossary.csv").read_text(encoding="utf-8")
    return tuple(Gloss(row["word"].strip().lower(), tuple(t.strip() for t in row["terms"].split(";") if t.strip()),
                       row["source"], row["why"]) for row in csv.DictReader(text.splitlines()))


def inflections(word: str) -> set[str]:
    """The regular English forms of a word as people type them: "pay" → "pays", "paying",
    "payed"; "refund" → "refunds", "refunded", "refunding"; "cut" → "cuts", "cutting";
    "salary" → "salaries"; "close" → "closes", "closed", "closing". Irregular forms ("paid")
    are entries of their own. A word given in the plural ("soldiers") is typed in the singular too."""
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return {word} | inflections(word[:-3] + "y" if word.endswith("ies") else word[:-1])
    out = {word, word + "s", word + "es", word + "ed", word + "ing"}
    if word.endswith("e"):
        out |= {word + "d", word[:-1] + "ing"}
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        out |= {word[:-1] + "ies", word[:-1] + "ied"}
    if len(word) >= 3 and word[-1] not in "aeiouwxy" and word[-2] in "aeiou" and word[-3] not in "aeiou":
        out |= {word + word[-1] + "ed", word + word[-1] + "ing"}  # "cut" → "cutting"
    return out


@lru_cache(maxsize=1)
def _by_form() -> dict[tuple[str, ...], tuple[str, ...]]:
    """The words of each form a glossary word may be typed in (its last word inflected) → the
    texts' words; the first entry of a form wins."""
    out: dict[tuple[str, ...], tuple[str, ...]] = {}
    for gloss in load_glossary():
        for word in gloss.word.split("|"):
            *head, last = _WORD.findall(word)
            for form in sorted(inflections(last)):
                out.setdefault((*head, form), gloss.terms)
    return out


def texts_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """The texts' words for a word or phrase as typed, lower-cased and split into words
    (("renewals",) → ("renew", "extend", "extension"); ("cross", "borrowing") from
    "cross-borrowing"); none where the glossary has no entry."""
    return _by_form().get(tuple(words), ())
