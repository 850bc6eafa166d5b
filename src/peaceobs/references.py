"""Provisions and decisions a query names by number, and the documents whose titles name them.

The United Nations titles many texts after the provision or decision they act on: "Scale of
assessments …: requests under Article 19 of the Charter", "Financing of the activities arising
from Security Council resolution 1863 (2009)", "Information … transmitted under Article 73 e of
the Charter". People ask for those texts by the provision's number and in their own words
("countries in arrears losing their vote Article 19"), words the texts themselves may never use
("permitted to vote"). A title naming the reference says what the document is about, as a
symbol says which document it is.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, NamedTuple

from .query import Filters

if TYPE_CHECKING:
    from .store.base import Store

__all__ = ["MAX_REFERENCES", "TITLED_LIMIT", "Reference", "references", "roman", "titled"]

MAX_REFERENCES = 3  # references read from one query
TITLED_LIMIT = 50  # a reference more titles name than this tells nothing apart

# A number as provisions and decisions are numbered: "19", "73 e", "75/240", or a Roman numeral
# written as one ("VII", not "civil").
_ROMAN = r"(?=[ivxlc])c{0,3}(?:xc|xl|l?x{0,3})(?:ix|iv|v?i{0,3})"
_NUMBER = rf"(?:\d+(?:/\d+)?(?:\s?[a-z](?![\w/]))?|{_ROMAN})(?![\w/])"
# "Article 19", "articles 19 and 20", "Chapter VII", "rule 160", "resolutions 1325 (2000) and 1820".
_REFERENCE = re.compile(rf"\b(article|chapter|rule|resolution)s?\s+((?:{_NUMBER}(?:\s*\(\d{{4}}\))?"
                        rf"(?:\s*(?:,|and)\s*)?)+)", re.I)
_ITEM = re.compile(rf"({_NUMBER})(?:\s*\((\d{{4}})\))?", re.I)
# What the query excludes names no reference: -"Article 19", -word, NOT word.
_EXCLUDED = re.compile(r'(?:(?<!\S)-|\bNOT\s+)(?:"[^"]*"|\S+)')


class Reference(NamedTuple):
    """A numbered provision or decision as the query names it: ("article", "19"), ("article",
    "73 e"), ("resolution", "1863", "2009")."""

    kind: str
    number: str
    year: str = ""  # the year the query dates a resolution by, if it does

    def __str__(self) -> str:
        number = self.number.upper() if self.number.isalpha() else self.number
        return f"{self.kind.capitalize()} {number}" + (f" ({self.year})" if self.year else "")


def references(q: str) -> list[Reference]:
    """The numbered provisions and decisions the query names, in order, each once; none from the
    words it excludes."""
    out: list[Reference] = []
    for m in _REFERENCE.finditer(_EXCLUDED.sub(" ", q)):
        kind = m.group(1).lower()
        for item in _ITEM.finditer(m.group(2)):
            # "73e" and "73 e" are one number, written as titles write it.
            number = re.sub(r"(\d)\s*([a-z])$", r"\1 \2", item.group(1).lower())
            if kind == "chapter" and re.fullmatch(r"[1-9]\d?", number):
                number = roman(int(number))  # "chapter 7": the texts say "Chapter VII"
            ref = Reference(kind, number, item.group(2) or "")
            if ref not in out:
                out.append(ref)
    return out[:MAX_REFERENCES]


def roman(n: int) -> str:
    """``n`` (1–3999) in lower-case Roman numerals, as the words of a query are: 7 → "vii"."""
    out = []
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        count, n = divmod(n, value)
        out.append(numeral * count)
    return "".join(out)


def titled(store: Store, ref: Reference, filters: Filters | None = None) -> list[str]:
    """Symbols of the documents whose title names ``ref``, the newest first: the number whole
    ("Article 19" is not "Article 190"; "Articles 19 and 20" names it), a letter after it only where the query gives one too
    ("Article 73" is "Article 73 e", "Article 73 e" is not "Article 73 b"), and the year, where
    the query dates a resolution, the title's own ("resolution 1863 (2009)", not "1863 (XVII)").
    None when more than :data:`TITLED_LIMIT` titles name it."""
    number = re.escape(ref.number).replace(r"\ ", r"\s?")
    letter = "" if re.search(r"[a-z]$", ref.number) and not ref.number.isalpha() else r"(?:\s?[a-z](?![\w/]))?"
    dated = rf"(?!\s*\((?!{ref.year}\))[^)]*\))" if ref.year else ""
    pattern = re.compile(rf"\b{ref.kind}s?\s+{number}{letter}(?![\w/]){dated}", re.I)
    first = ref.number.split()[0]
    rows = store.documents_titled(f"{ref.kind} {first}", f"{ref.kind}s {first}", filters=filters,
                                  limit=4 * TITLED_LIMIT)
    found = [row.symbol for row in rows if pattern.search(row.title)]
    # The store's limit reached: so many titles name something like it that it tells nothing apart.
    return [] if len(rows) >= 4 * TITLED_LIMIT or len(found) > TITLED_LIMIT else found
