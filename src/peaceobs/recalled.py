"""The document later texts recall in the query's words.

People name a decision by what it did ("mandatory arms embargo South Africa", "Golan annexation
null and void"); the decision itself says it in its own terms ("Decides that all States shall
cease forthwith any provision to South Africa of arms"), while the texts that follow it recall it
in the words people use ("Recalling its resolution 418 (1977), by which it imposed a mandatory
arms embargo"). So the paragraphs that hold (most of) the query's words and cite a stored
document are votes for that document: one document citing it is an aside, several documents
doing so name the answer.

A vote counts once per citing document (a long resolution that recalls 418 (1977) in five
paragraphs is one voice), and only from paragraphs among the best :data:`RECALL_CANDIDATES` holding
at least two of the query's words, from the statement that cites, when it holds most of the
query, each word weighed by its rarity (:data:`RECALL_SHARE`): a paragraph that shares only
"peace … security" with "women, peace and security" does not vote, and a query of common words
only recalls nothing. Which candidates vote does not depend on the backend's score scale.

Recall is a signal, never a requirement: a query it cannot weigh (a prefix, more than
:data:`RECALL_MAX_WORDS` words, only common words) or one whose extra ranking runs past the time
bound gets no votes, and search goes on without them.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, NamedTuple

from .query import Filters, ParsedQuery, QueryTooLarge, word_stems

if TYPE_CHECKING:
    from .store.base import Store

__all__ = ["RECALL_CANDIDATES", "RECALL_COMMON", "RECALL_MAX_WORDS", "RECALL_MIN", "RECALL_SHARE",
           "Recall", "clause_counts", "clause_stems", "holds", "recalled"]

RECALL_CANDIDATES = 400  # paragraphs holding two of the query's words or more, best first, that are read
RECALL_MIN = 3  # citing documents needed before a recalled document counts
RECALL_MAX_WORDS = 6  # a longer query is not a decision named by what it did
RECALL_COMMON = 10000  # paragraphs holding a word past which it weighs as little as any common word
RECALL_SHARE = 0.6  # of the query's weight (rare words weigh more) a voting statement holds

# Where one statement of a paragraph ends: a semicolon, or a full stop before the next sentence.
_STATEMENT_END = re.compile(r";|\.(?=\s+[A-Z(])")
# The number that names a cited document: "418 (1977)", else the first number ("79/250").
_CITED_NUMBER = re.compile(r"\d+\s*\(\d{4}\)|\d+(?:/\d+)*")


class Recall(NamedTuple):
    """How a stored document is recalled in the query's words."""

    by: int  # documents whose citing statement holds most of the query (RECALL_SHARE of its weight)
    nearly: int  # of them, those whose statement misses one of the query's words at most (holding two or more)


def clause_stems(query: ParsedQuery) -> list[list[frozenset[str]]]:
    """Per clause of the query, its alternatives, each as the stems a text must all hold (a word:
    one stem; a phrase or a spelled-out acronym: every word of it)."""
    return [[frozenset(w[:6] for w in t.words) for t in clause] for clause in query.clauses]


def holds(stems: set[str], clause: list[frozenset[str]]) -> bool:
    """Whether a text with these stems holds the clause (any alternative, all its words)."""
    return any(term <= stems for term in clause)


def clause_counts(store: Store, query: ParsedQuery) -> list[int]:
    """Paragraphs of the store holding each clause, counted up to :data:`RECALL_COMMON`."""
    return [store.count(ParsedQuery([c]), RECALL_COMMON) for c in query.clauses]


def _sentence(text: str, raw: str) -> str:
    """The statement of ``text`` that cites ``raw``: found by the whole citation, else by its
    number ("418 (1977)" in "resolutions 242 (1967) and 418 (1977)"), never inside a longer
    number ("1418 (1977)"); the whole text where neither is found. The query's words must
    describe the document cited, not share a long paragraph with it."""
    at, size = text.find(raw), len(raw)
    if at < 0:
        number = _CITED_NUMBER.search(raw)
        found = re.search(rf"(?<![\d/]){re.escape(number.group())}(?![\d/])", text) if number else None
        if found is None:
            return text
        at, size = found.start(), found.end() - found.start()
    starts = [0] + [m.end() for m in _STATEMENT_END.finditer(text, 0, at)]
    end = _STATEMENT_END.search(text, at + size)
    return text[starts[-1]:end.start() if end else len(text)]


def recalled(store: Store, query: ParsedQuery, filters: Filters,
             counts: list[int] | None = None, minimum: int = RECALL_MIN,
             candidates: int = RECALL_CANDIDATES, share: float = RECALL_SHARE) -> dict[str, Recall]:
    """Stored documents recalled by statements that hold the query's words → how many documents
    recall them that way (at least ``minimum``), and how many of those in all its words but one; {}
    where the query cannot be weighed or the ranking runs past the time bound. ``counts``: the
    clauses' paragraph counts (:func:`clause_counts`), where the caller has them already."""
    clauses = query.clauses
    if not 2 <= len(clauses) <= RECALL_MAX_WORDS or any(t.prefix for c in clauses for t in c):
        return {}
    try:
        found = counts if counts is not None else clause_counts(store, query)
        # A word no paragraph holds is no evidence either way; one past RECALL_COMMON is common.
        kept = [(c, n) for c, n in zip(clauses, found, strict=True) if n > 0]
        if len(kept) < 2 or all(n >= RECALL_COMMON for _, n in kept):
            return {}
        stems = clause_stems(ParsedQuery([c for c, _ in kept]))
        weights = [math.log(1 + RECALL_COMMON / n) for _, n in kept]
        # Paragraphs holding at least two of the words (a single word describes nothing), best
        # first: for each word, any of the others — far fewer rows to rank than any of the words.
        two = [[t for j, (c, _) in enumerate(kept) if j != i for t in c] for i in range(len(kept))]
        ranked = store.rank(ParsedQuery(two, query.negated), filters, candidates)
        citing = store.paragraph_citations([r.id for r in ranked]) if ranked else []
    except QueryTooLarge:
        return {}  # an optional signal: the search answers without it
    mass = sum(weights)
    voters: dict[str, set[str]] = {}
    nearly: dict[str, set[str]] = {}
    for p in citing:
        for cited in p.cites:
            held = word_stems(_sentence(p.text, cited.raw))
            found = [w for w, clause in zip(weights, stems, strict=True) if holds(held, clause)]
            if sum(found) >= share * mass:
                voters.setdefault(cited.symbol, set()).add(p.symbol)
                if len(found) >= max(2, len(stems) - 1):
                    nearly.setdefault(cited.symbol, set()).add(p.symbol)
    return {target: Recall(len(by), len(nearly.get(target, ()))) for target, by in voters.items()
            if len(by) >= minimum}
