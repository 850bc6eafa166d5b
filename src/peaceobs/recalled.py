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
at least two of the query's words that hold most of the query, each word weighed by its rarity
(:data:`RECALL_SHARE`): a paragraph that shares only "peace … security" with "women, peace and
security" does not vote. Which candidates vote does not depend on the backend's score scale.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING

from .query import _WORD, Filters, ParsedQuery

if TYPE_CHECKING:
    from .store.base import Store

__all__ = ["RECALL_CANDIDATES", "RECALL_MAX_WORDS", "RECALL_MIN", "RECALL_SHARE", "recalled"]

RECALL_CANDIDATES = 400  # paragraphs holding any of the query's words, best first, that are read
RECALL_MIN = 3  # citing documents needed before a recalled document counts
RECALL_MAX_WORDS = 8  # a longer query is not a decision named by what it did
RECALL_COMMON = 10000  # paragraphs holding a word past which it weighs as little as any common word
RECALL_SHARE = 0.6  # of the query's weight (rare words weigh more) a voting paragraph holds


# Where one statement of a paragraph ends: a semicolon, or a full stop before the next sentence.
_STATEMENT_END = re.compile(r";|\.(?=\s+[A-Z(])")
_NUMBER = re.compile(r"\d[\d/.]*(?:\s*\(\d{4}\))?")


def _sentence(text: str, raw: str) -> str:
    """The statement of ``text`` that cites ``raw`` ("resolutions 338 (1973)" is found by "338
    (1973)" in "resolutions 242 (1967) and 338 (1973)"), or the whole text where it is not found:
    the query's words must describe the document cited, not share a long paragraph with it."""
    key = next(iter(_NUMBER.findall(raw)[-1:]), raw)
    at = text.find(key)
    if at < 0:
        return text
    starts = [0] + [m.end() for m in _STATEMENT_END.finditer(text, 0, at)]
    end = _STATEMENT_END.search(text, at + len(key))
    return text[starts[-1]:end.start() if end else len(text)]


def _stems(text: str) -> set[str]:
    return {w.lower()[:6] for w in _WORD.findall(text)}


def recalled(store: Store, query: ParsedQuery, filters: Filters, words: list[set[str]],
             minimum: int = RECALL_MIN, candidates: int = RECALL_CANDIDATES, share: float = RECALL_SHARE,
             ) -> dict[str, int]:
    """Stored documents recalled by paragraphs that hold the query's words → how many documents
    recall them that way (at least ``minimum``). ``query``'s clauses and ``words`` go together,
    one per query word (``words`` holds the stems that count as holding it, as
    :func:`peaceobs.search.search_documents` builds them); a query of fewer than two words
    recalls nothing (a single word is not a description)."""
    clauses = query.clauses
    if not 2 <= len(clauses) <= RECALL_MAX_WORDS or len(words) != len(clauses):
        return {}
    # Paragraphs holding at least two of the words (a single word describes nothing), best first:
    # for each word, any of the others — far fewer rows to rank than any of the words.
    two = [[t for j, c in enumerate(clauses) if j != i for t in c] for i in range(len(clauses))]
    ranked = store.rank(ParsedQuery(two, query.negated), filters, candidates)
    if not ranked:
        return {}
    # Each word weighs by how rare it is in the store (its inverse document frequency, over
    # paragraphs): "peace" and "security" together are not "women, peace and security".
    # Counted up to RECALL_COMMON paragraphs: past it a word is common, and counting "united" to
    # the last of 50,000 paragraphs would cost more than the search.
    weights = [math.log(1 + RECALL_COMMON / max(1, store.count(ParsedQuery([c]), RECALL_COMMON))) for c in clauses]
    mass = sum(weights)
    voters: dict[str, set[str]] = {}
    for p in store.paragraph_citations([r.id for r in ranked]):
        for cited in p.cites:
            stems = _stems(_sentence(p.text, cited.raw))
            if sum(w for w, forms in zip(weights, words, strict=True) if forms & stems) >= share * mass:
                voters.setdefault(cited.symbol, set()).add(p.symbol)
    return {target: len(by) for target, by in voters.items() if len(by) >= minimum}
