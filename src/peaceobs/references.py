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

__all__ = ["MAX_REFERENCES", "Reference", "references", "titled"]

MAX_REFERENCES = 3  # references read from one query
TITLED_LIMIT = 50  # documents read per reference (a reference many titles name is no answer by itself)

# "Article 19", "articles 73", "Chapter VII", "rule 160", "resolution 1863 (2009)", "resolution 75/240".
_REFERENCE = re.compile(r"\b(article|chapter|rule|resolution)s?\s+(\d+(?:/\d+)?|[ivxlc]+)(?![\w/])", re.I)


class Reference(NamedTuple):
    """A numbered provision or decision as the query names it ("article", "19")."""

    kind: str
    number: str

    def __str__(self) -> str:
        return f"{self.kind} {self.number}"


def references(q: str) -> list[Reference]:
    """The numbered provisions and decisions the query names, in order, each once."""
    out: list[Reference] = []
    for m in _REFERENCE.finditer(q):
        ref = Reference(m.group(1).lower(), m.group(2).lower())
        if ref not in out:
            out.append(ref)
    return out[:MAX_REFERENCES]


def titled(store: Store, ref: Reference, filters: Filters | None = None) -> list[str]:
    """Symbols of the documents whose title names ``ref`` — the number whole ("Article 19" is not
    "Article 190"), the kind in either number ("Articles 19") — the newest first; none when more
    than :data:`TITLED_LIMIT` titles name it: a reference that common tells nothing apart."""
    pattern = re.compile(rf"\b{ref.kind}s?\s+{re.escape(ref.number)}(?![\w/])", re.I)
    found = [symbol for symbol, title in store.titled([ref.kind, f" {ref.number}"], filters, 4 * TITLED_LIMIT)
             if pattern.search(title)]
    return [] if len(found) > TITLED_LIMIT else found
