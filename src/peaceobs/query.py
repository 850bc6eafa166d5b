"""The records a search is made of, shared by the search stage and the stores: a parsed query
(clauses of terms), filters, and a paragraph hit. No I/O, nothing of ours imported but the model's
conventions — the stores depend on this module, not on :mod:`peaceobs.search`.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any, NamedTuple

from .errors import PeaceobsError

__all__ = ["Term", "ParsedQuery", "Filters", "Hit", "QueryError", "QueryTooLarge"]

# A word of a query or a text, as every engine here splits them.
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def word_stems(text: str) -> set[str]:
    """The text's words, lower-cased and cut to six letters: the crude stems search compares
    query words and texts by ("assessments" and "assessed" both "assess")."""
    return {w.lower()[:6] for w in _WORD.findall(text)}


class QueryError(PeaceobsError, ValueError):
    """A query that cannot be run: empty, unbalanced quotes, only negations."""


class QueryTooLarge(QueryError):
    """A query past the bounds on length, terms and prefixes (HTTP 400, exit 2)."""


@dataclass(frozen=True, slots=True)
class Term:
    words: tuple[str, ...]  # lower-cased word characters only: safe to pass to any engine
    prefix: bool = False

    @property
    def phrase(self) -> bool:
        return len(self.words) > 1

    def text(self) -> str:
        """The term as a query writes it: a word, a "quoted phrase", a prefix* (a phrase ending
        in a prefix hyphenated: peace-keep*, as quotes would take the star literally)."""
        if self.prefix:
            return "-".join(self.words) + "*"
        return f'"{" ".join(self.words)}"' if self.phrase else self.words[0]


@dataclass(slots=True)
class ParsedQuery:
    clauses: list[list[Term]]  # AND of ORs
    negated: list[Term] = field(default_factory=list)

    def text(self) -> str:
        """The query as one would type it, which reads back as this query: clauses apart,
        alternatives joined by OR, excluded terms after a minus ("UNIFIL OR \"peace keeping\" -Haiti")."""
        clauses = [" OR ".join(t.text() for t in clause) for clause in self.clauses]
        return " ".join(clauses + ["-" + t.text() for t in self.negated])


@dataclass(slots=True, kw_only=True)
class Filters:
    body: str | None = None
    doc_type: str | None = None
    year_from: int | None = None
    year_to: int | None = None
    symbol_prefix: str | None = None
    kind: str | None = None  # preambular, operative, body, …


class Ranked(NamedTuple):
    """A paragraph's place in a ranking, before its text and snippet are read."""

    id: int  # the paragraph's row id in its store
    score: float  # higher is better (each backend's own scale)


@dataclass(slots=True)
class Hit:
    symbol: str
    pid: str
    kind: str
    label: str | None
    title: str
    date: str | None
    body: str
    doc_type: str
    snippet: str  # matches wrapped in <mark>…</mark>
    score: float

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_row(cls, row: tuple[Any, ...], snippet: str, score: float) -> Hit:
        """A hit from a row whose columns are in ``HIT_COLUMNS`` order."""
        return cls(**dict(zip(HIT_COLUMNS, row, strict=True)), snippet=snippet, score=score)


# The columns a store selects for a hit, in this order: p.pid, p.kind … as named here.
HIT_COLUMNS = ("symbol", "pid", "kind", "label", "title", "date", "body", "doc_type")
