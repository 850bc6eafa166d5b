"""The words the texts use for what people call otherwise.

A reader types "renewal", "who pays", "leftover money"; the Council's texts say "extends", the
General Assembly's "apportionment of the expenses", the budget reports "unencumbered balance".
``data/glossary.csv`` holds each such word in the forms people type it ("pay|pays|paying"), the
texts' words for it, a paragraph of the corpus that uses them so ("SYMBOL PID: words") and why.
Search looks for the texts' words beside the word as typed and says so (``glossed``). An entry
is kept only where at least as many paragraphs hold the texts' words as hold the word typed in
any of its forms (docs/SEARCH.md); every form is listed, none derived, so that no form of
another sense is glossed ("caring" is not a form of "cars", nor "AIDS" of "aid").
"""

from __future__ import annotations

import csv
import io
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from .query import _WORD

__all__ = ["Gloss", "load_glossary", "texts_words", "typed_forms"]


class Gloss(NamedTuple):
    word: str  # the forms people type it in, "|" between them ("pay|pays|paying", "pullout|pull-out")
    terms: tuple[str, ...]  # the texts' words for it, the first the likeliest
    source: str  # a paragraph of the corpus using them so: "S/RES/482 (1980) OP1: Extends once more …"
    why: str


@lru_cache(maxsize=1)
def load_glossary() -> tuple[Gloss, ...]:
    """Every entry of ``data/glossary.csv``, in its order."""
    text = (resources.files("peaceobs") / "data" / "glossary.csv").read_text(encoding="utf-8")
    return tuple(Gloss(row["word"].strip().lower(), tuple(t.strip() for t in row["terms"].split(";") if t.strip()),
                       row["source"], row["why"]) for row in csv.DictReader(io.StringIO(text)))


def typed_forms(gloss: Gloss) -> list[tuple[str, ...]]:
    """An entry's forms, each split into words as a query is ("pull-out": ("pull", "out"))."""
    return [tuple(w.lower() for w in _WORD.findall(form)) for form in gloss.word.split("|")]


@lru_cache(maxsize=1)
def _by_form() -> dict[tuple[str, ...], tuple[str, ...]]:
    out: dict[tuple[str, ...], tuple[str, ...]] = {}
    for gloss in load_glossary():
        for form in typed_forms(gloss):
            out.setdefault(form, gloss.terms)  # the first entry of a form wins (a test forbids two)
    return out


def texts_words(words: tuple[str, ...]) -> tuple[str, ...]:
    """The texts' words for a word or hyphenated word as typed, lower-cased and split into words
    (("renewals",) → ("renew", "extend", "extension"); ("pull", "out") from "pull-out"); none
    where the glossary lists no such form."""
    return _by_form().get(tuple(words), ())
