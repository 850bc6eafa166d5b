"""Queries → ranked paragraphs, over whichever store.

Query syntax (the same on both backends)::

    peacekeeping budget           both words (stemmed: "budgets" matches)
    "scale of assessments"        the phrase
    assess*                       a prefix
    UNSOS OR AMISOM               either
    -Haiti, NOT Haiti             not
    mandate AND Force             both (AND is what two words mean anyway)

Common words ("the", "of", "in") are neither required nor highlighted; a query of common words
only is refused (the two backends' dictionaries treat them differently).
"""

from __future__ import annotations

import dataclasses
import functools
import html
import itertools
import math
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

from .glossary import texts_words
from .model import normalised_words, series_title
from .query import _WORD, Filters, Hit, ParsedQuery, QueryError, QueryTooLarge, Term, word_stems
from .recalled import RECALL_MIN, clause_counts, clause_stems, holds, recalled
from .references import Reference, references, roman, titled
from .symbols import SymbolError
from .symbols import parse as parse_symbol
from .vocabulary import STOP_WORDS, store_vocabulary, vocabulary_if_read

if TYPE_CHECKING:
    from .semantic import Meaning
    from .store.base import Store

__all__ = ["QueryError", "QueryTooLarge", "Term", "Filters", "Hit", "SearchResult", "DocumentHit", "DocumentResult", "parse_query",
           "search", "search_documents", "spelling_suggestion", "facets", "safe_snippet"]

MAX_LIMIT = 200


@dataclass(slots=True)
class SearchResult:
    query: str
    hits: list[Hit]
    total: int | None = None
    # Nothing found and a word no paragraph holds: the query with it corrected, where that finds
    # paragraphs ("Somallia" → "somalia"), for the reader to follow; set from :func:`spelling_suggestion` by
    # the callers that show it (the paragraph view, the API, the CLI), after the search's bound.
    suggestion: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "total": self.total, "hits": [h.to_dict() for h in self.hits],
                "suggestion": self.suggestion}


_TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')


def _term(text: str, prefix: bool = False) -> Term | None:
    words = tuple(w.lower() for w in _WORD.findall(text))
    return Term(words, prefix) if words else None


# Bounds on what one query may ask of an engine: a query past them is refused with a message (HTTP
# 400, exit 2) instead of running for minutes ("a* a* a* …" × 200 once took 2.2 GB).
MAX_QUERY_CHARS = 500
MAX_TERMS = 24
MAX_PREFIX_TERMS = 4
MIN_PREFIX_CHARS = 3



def parse_query(q: str) -> ParsedQuery:
    if len(q) > MAX_QUERY_CHARS:
        raise QueryTooLarge(f"the query is too long ({len(q)} characters; at most {MAX_QUERY_CHARS})")
    if q.count('"') % 2:
        raise QueryError("unbalanced quotation mark")
    clauses: list[list[Term]] = []
    negated: list[Term] = []
    join_next = False
    negate_next = False
    for m in _TOKEN.finditer(q):
        neg = negate_next
        negate_next = False
        if m.group(2) is not None:
            neg = neg or m.group(1) == "-"
            term = _term(m.group(2))
        else:
            tok = m.group(3)
            # The operators, upper case (the same language on both backends): OR joins two terms,
            # NOT (or a leading "-") excludes the next, AND is what two words mean anyway.
            if tok == "OR":
                join_next = bool(clauses)
                continue
            if tok == "AND":
                continue
            if tok == "NOT":
                negate_next = True
                continue
            if tok.startswith("-") and len(tok) > 1:
                neg, tok = True, tok[1:]
            prefix = tok.endswith("*")
            term = _term(tok.rstrip("*"), prefix)
            if term is not None and prefix and term.phrase:
                # "peace-keep*": the words before the last must match whole.
                term = Term(term.words, True)
        if term is None:
            continue
        if neg:
            negated.append(term)
        elif join_next:
            clauses[-1].append(term)
        else:
            clauses.append([term])
        join_next = False
    if not clauses:
        raise QueryError("the query has no words to search for" if not negated
                         else "a query needs at least one word that is not negated")
    kept = [c for c in clauses if not (len(c) == 1 and not c[0].phrase and not c[0].prefix
                                       and c[0].words[0] in STOP_WORDS)]
    if not kept:
        # PostgreSQL's dictionary drops such words, SQLite's index keeps them: refused on both.
        words = ", ".join(sorted({w for c in clauses for t in c for w in t.words}))
        raise QueryError(f"the query has only common words ({words}); add a word or quote a phrase")
    clauses = kept
    terms = [t for c in clauses for t in c] + negated
    if len(terms) > MAX_TERMS:
        raise QueryTooLarge(f"the query has too many terms ({len(terms)}; at most {MAX_TERMS})")
    prefixes = [t for t in terms if t.prefix]
    if len(prefixes) > MAX_PREFIX_TERMS:
        raise QueryTooLarge(f"the query has too many prefix terms ({len(prefixes)}; at most {MAX_PREFIX_TERMS})")
    short = next((t for t in prefixes if len(t.words[-1]) < MIN_PREFIX_CHARS), None)
    if short is not None:
        raise QueryTooLarge(f"a prefix needs at least {MIN_PREFIX_CHARS} letters ({short.words[-1]}*)")
    return ParsedQuery(clauses, negated)


def facets(store: Store, q: str, filters: Filters | None = None) -> dict[str, list[tuple[Any, int]]]:
    """Matching paragraphs counted by body, doc_type, year and kind."""
    return store.facets(parse_query(q), filters or Filters())


def search(store: Store, q: str, filters: Filters | None = None, limit: int = 10,
           offset: int = 0, with_total: bool = False) -> SearchResult:
    """Paragraphs matching ``q``, best first (BM25 on SQLite; on PostgreSQL ts_rank_cd normalised
    by paragraph length, which orders like BM25 on this corpus)."""
    parsed = parse_query(q)
    limit = max(1, min(limit, MAX_LIMIT))
    hits, total = store.search(parsed, filters or Filters(), limit, max(0, offset), with_total)
    for h in hits:
        h.snippet = safe_snippet(h.snippet)
    return SearchResult(q, hits, total)


def spelling_suggestion(store: Store, q: str, wait: bool = False) -> str | None:
    """A spelling suggestion for a paragraph search that found nothing: ``q`` with each word no
    paragraph holds corrected to the store's most frequent word within two edits, where some
    paragraph holds the corrected query; else None. Each word is first looked up alone (one
    unranked row), so that only a word no paragraph holds needs the store's vocabulary, which
    takes seconds per 100,000 paragraphs to read: unless ``wait`` (a one-shot process, which reads
    it now), a vocabulary not read yet gives no suggestion and is read in a thread for the next
    search. Each lookup is bounded as a query is; past the bound, no suggestion."""
    parsed = parse_query(q)
    try:
        words = {w for c in parsed.clauses for t in c if not t.prefix for w in t.words if len(w) >= CORRECTED_MIN}
        if all(store.count(ParsedQuery([[Term((w,))]]), 1) for w in words):
            return None
        read = store_vocabulary(store) if wait else vocabulary_if_read(store)
        if read is None:
            return None
        clauses = []
        for c in parsed.clauses:
            fixed = _correct(c, read.counts)
            clauses.append(fixed[0] if fixed else c)
        corrected = ParsedQuery(clauses, parsed.negated)
        if clauses == parsed.clauses or not store.count(corrected, 1):
            return None
    except QueryTooLarge:
        return None
    return _as_typed(corrected)


def _as_typed(query: ParsedQuery) -> str | None:
    """``query`` as a query to type, if that reads back as the same query (a word whose lower
    case splits, such as "İ", does not)."""
    text = query.text()
    try:
        return text if parse_query(text) == query else None
    except QueryError:
        return None


def safe_snippet(snippet: str) -> str:
    """The engine's snippet as safe HTML: the document's text escaped, only the highlight kept.

    A document may contain "<script>" or "<img onerror=…>"; a client that renders snippets as
    HTML must get it as text. (A literal "<mark>" in a document comes back as a highlight, which
    is harmless.)
    """
    return html.escape(snippet, quote=False).replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>")



# -- documents first ------------------------------------------------------------------------------

# How much a paragraph of each kind counts as evidence: the operative and body text over the
# preamble, headings, tables, notes, and masthead lines ("Seventy-ninth session Agenda item …").
KIND_WEIGHT = {"operative": 1.0, "body": 1.0, "preambular": 0.8, "heading": 0.75, "table": 0.7,
               "footnote": 0.5, "other": 0.35}
CANDIDATES = 400  # paragraph hits read to rank documents
PER_DOCUMENT = 3  # the best paragraphs shown under each document
# Fewer documents than this holding every word in one paragraph: those holding them across
# paragraphs join. A constant, not the page size: the first ten documents are the same whether a
# page shows ten (CLI, benchmark) or twenty (web page, API), and page two continues page one.
ACROSS_BELOW = 10
CORRECTED_MIN = 4  # letters of the shortest word a correction or a spelling suggestion may change


@dataclass(slots=True)
class DocumentHit:
    symbol: str
    title: str
    date: str | None
    body: str
    doc_type: str
    score: float
    matches: int  # matching paragraphs among those read (words across paragraphs: those holding its scarcest clause)
    paragraphs: list[Hit]  # the best few, best first
    across: bool = False  # the words are in the document, not all in one paragraph
    related: bool = False  # found by meaning: its text says it otherwise (no paragraph holds the words)
    similarity: float | None = None  # the query's cosine with the document's digest, where meaning took part
    recalled: int = 0  # matching paragraphs of this many other documents cite it (peaceobs.recalled)
    drafts: list[str] = field(default_factory=list)  # drafts it was adopted from, folded into it
    referenced: str = ""  # the provision or decision the query names by number that its title names

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class DocumentResult:
    query: str
    documents: list[DocumentHit]
    total_documents: int
    total_paragraphs: int
    across: bool = False  # some results hold the words across paragraphs (said so)
    symbol: str | None = None  # the query named this document
    corrected: dict[str, str] = field(default_factory=dict)  # a word no paragraph holds → the one searched
    also_searched: dict[str, list[str]] = field(default_factory=dict)  # a word → those near in meaning searched too
    glossed: dict[str, list[str]] = field(default_factory=dict)  # a word → the texts' words for it searched too
    # Whether meaning took part: "on", or "off: <why>" / "building: <progress>" (lexical alone).
    meaning: str = "off: not asked"
    # The words as the engine was asked for them (corrected, with their alternatives): what the
    # page's facets count. Not part of the record's dict.
    searched_query: ParsedQuery | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        del out["searched_query"]
        return out

    def searched_text(self) -> str:
        """The words as searched, as a query to type: the paragraph view's link, which lists the
        paragraphs counted in ``total_paragraphs`` (corrected, with their alternatives; without the
        years and bodies named, which rank rather than match). The query itself where that is what
        was searched, or where the words as searched cannot be typed (past the bounds, or not
        reading back the same)."""
        if self.searched_query is None or self.searched_query == parse_query(self.query):
            return self.query
        return _as_typed(self.searched_query) or self.query

    def searched(self) -> list[str]:
        """What was searched besides the words as typed, in plain sentences (the CLI and packs say
        them; the page and the API give ``corrected``, ``glossed`` and ``also_searched``)."""
        out = []
        if self.corrected:
            out.append("Searched for: " + ", ".join(f"{a} → {b}" for a, b in self.corrected.items()) + ".")
        for said, added in (("the texts' words for them (the glossary)", self.glossed),
                            ("words near in meaning", self.also_searched)):
            if added:
                out.append(f"Also searched, as {said}: "
                           + "; ".join(f"{a} → {', '.join(near)}" for a, near in added.items()) + ".")
        return out


def _stems(words: Iterable[str]) -> set[str]:
    return {w[:6] for w in words if w not in STOP_WORDS}


def _named_document(store: Store, q: str) -> str | None:
    """The stored document a query names: "A/80/628", "79/250", "S/RES/2719 (2023)", "resolution 425"."""
    from .symbols import SymbolError, parse

    text = q.strip().strip('"')
    candidates = [text]
    if re.fullmatch(r"\d{1,2}/\d{1,3}", text):
        candidates.append("resolution " + text)
    if re.fullmatch(r"(?:res(?:olution)?\.?\s+)?\d{1,4}(?:\s*\(\d{4}\))?", text, re.I):
        candidates.append("S/RES/" + re.sub(r"(?i)res(?:olution)?\.?\s+", "", text))
    for c in candidates:
        try:
            sym = parse(c)
        except SymbolError:
            continue
        doc = store.get_document(sym.canonical, with_paragraphs=False)
        if doc is not None:
            return doc.symbol
    return None


def search_documents(store: Store, q: str, filters: Filters | None = None, limit: int = 10,
                     offset: int = 0, aliases: Mapping[str, str] | None = None,
                     vocabulary: Callable[[], Mapping[str, int]] | None = None,
                     founding: Mapping[str, str] | None = None, semantic: bool = False,
                     related: bool = True) -> DocumentResult:
    """Documents answering ``q``, best first, each with its best few paragraphs.

    A document ranks by its best paragraph's score weighed by the paragraph's kind, by how many of
    its paragraphs match, and by how much of the query its title holds; a year in the query
    ("renewal 1979") favours documents of that year rather than requiring the number in the text;
    a query that is a symbol puts that document first. When fewer than ``ACROSS_BELOW`` documents
    hold all the words in one paragraph, documents that hold them across paragraphs join the
    ranking (``across``), then documents that hold most of them; with more, they follow all of
    those when the page reaches past them. No page size changes the ranking. ``aliases`` maps a
    short name to its full form ("unifil" → "United Nations Interim Force in Lebanon", from the
    missions registry): the acronym or its full form
    is searched, and a title that spells it out holds it. ``vocabulary`` (word → paragraphs)
    corrects a word no paragraph holds ("Lebannon" → "lebanon"), said in ``corrected``.
    ``semantic`` weighs each document's meaning (peaceobs.semantic); with it and ``related``, the
    store's words near in meaning to the query's are searched beside them, said in ``also_searched``;
    with meaning or without, the texts' words for the query's (peaceobs.glossary), said in ``glossed``.
    """
    parsed = parse_query(q)
    filters = filters or Filters()
    aliases = aliases or {}
    # A year asks for documents of that year — unless it dates a resolution the query cites
    # ("2719 (2023) financing" asks for what followed 2719, not for 2023's documents).
    # Nor is a budget period ("2024/25": July 2024 to June 2025, reported on in 2025 and 2026).
    cited = {int(y) for y in re.findall(r"\d\s*\(\s*(\d{4})\s*\)|(?<!\d)(\d{4})/\d{2}(?!\d)", q) for y in y if y}
    years = {int(t.words[0]) for c in parsed.clauses for t in c
             if _YEAR.fullmatch(t.words[0]) and len(c) == 1} - cited
    # A body named by its acronym ("ACABQ report"): the body's documents are preferred; its
    # own texts rarely print the acronym, so the word is not required in a paragraph.
    bodies = {BODY_WORDS[c[0].words[0]] for c in parsed.clauses if len(c) == 1 and c[0].words[0] in BODY_WORDS}
    core = [c for c in parsed.clauses if not (len(c) == 1 and (_YEAR.fullmatch(c[0].words[0])
                                                                 or c[0].words[0] in BODY_WORDS))] or parsed.clauses
    # With meaning on, the store's words nearest a query word's meaning are searched beside it
    # ("protecting reporters from violence": the resolutions say "journalists").
    # The texts' own words for what people call otherwise ("pays": "assessed contributions",
    # "apportionment"; peaceobs.glossary), searched with meaning on or off, and said.
    glossed = _glossed(core)
    near = _related_words(store, core, aliases, glossed) if semantic and related else {}
    # "chapter 7" as the texts number it: "Chapter VII".
    expansions = {**near, **{n: (roman(int(n)),) for n in _chapter_numbers(core)}}
    query = ParsedQuery([_expand(c, aliases, expansions, glossed) for c in core], parsed.negated)
    # A title holds a word by its texts' words too (each word of a hyphenated word glossed:
    # "pull-out" by "withdrawal"; in titles only: a "pull" alone elsewhere is not glossed).
    alternatives = {**{w: terms for t, terms in glossed.items() for w in t.words}, **expansions}
    words = _query_words(ParsedQuery(core, parsed.negated), aliases, alternatives)
    # Each clause without the words added for it (glossed, near in meaning): step 7 reads those
    # too, so that a clause widened by common words ("aid" OR "assistance") still finds the
    # paragraphs of the word typed, which the widened clause's first candidates may leave out.
    plain = [_expand(c, aliases) for c in core]
    hits, total = store.search(query, filters, CANDIDATES, 0, True)
    corrected: dict[str, str] = {}
    if not hits and vocabulary is not None:
        # Nothing holds every word: correct the words no paragraph holds, and search again — not
        # in a clause whose alternative the store holds ("reporters" is searched as "journalists").
        known = vocabulary()
        clauses = []
        for c, typed in zip(query.clauses, core, strict=True):
            held = any(all(w in known for w in t.words) for t in c[len(typed):])
            fixed = None if held else _correct(c, known)
            if fixed is not None:
                corrected.update(fixed[1])
            clauses.append(fixed[0] if fixed else c)
        if corrected:
            query = ParsedQuery(clauses, query.negated)
            # The title's words: the query's own as corrected (its first terms), beside their alternatives.
            words = _query_words(ParsedQuery([c[:len(typed)] for c, typed in zip(clauses, core, strict=True)],
                                             parsed.negated), aliases, alternatives)
            hits, total = store.search(query, filters, CANDIDATES, 0, True)
    dated = (dataclasses.replace(filters, year_from=min(years), year_to=max(years))
             if years and filters.year_from is None and filters.year_to is None else None)
    if dated is not None and hits:
        # The year's documents join the candidates even when commoner ones filled the pool
        # ("UNIFIL mandate renewal 1979": the budget reports extend mandates in many paragraphs).
        seen = {(h.symbol, h.pid) for h in hits}
        hits += [h for h in store.search(query, dated, CANDIDATES, 0, False)[0] if (h.symbol, h.pid) not in seen]
    groups = _by_document(hits)
    top = max((h.score for h in hits), default=1.0) or 1.0
    docs = [_rank(group, top, words) for group in groups.values()]
    _blend_phrased(store, docs, groups, core)
    across = False
    tried = len(docs) < ACROSS_BELOW and len(query.clauses) > 1 or not docs  # step 7
    if tried:
        extra, more = _partial_matches(store, query, filters, set(groups), words, vocabulary, plain)
        corrected.update(more)
        across = bool(extra)
        docs += extra
    if dated is not None and len(query.clauses) > 1 and not any(d.date and int(d.date[:4]) in years for d in docs):
        # None of the year's documents holds every word in one paragraph: those holding them
        # across paragraphs ("Decides to renew the mandate of the Force" under a preamble naming
        # UNIFIL) are the year's answer.
        extra, _ = _partial_matches(store, query, dated, {d.symbol for d in docs}, words, None, plain)
        across = across or bool(extra)
        docs += extra
    unfiltered = filters == Filters() and not parsed.negated  # a filter or "-word" asks for something else
    counts = functools.cache(lambda: _clause_counts(store, query))  # counted once, if a rule asks
    named = _named_document(store, q)
    # Drafts folded before the rules that measure against the best document (a draft that is not
    # listed must not set their ceiling), and again after them for those the rules brought; each
    # draft's front matter read once.
    draft_resolution = functools.cache(lambda symbol: _a_draft_resolution(store, symbol))
    docs = _fold_drafts(docs, draft_resolution, keep=named)
    refs = references(q)  # provisions and decisions named by number ("Article 19")
    referenced = _referenced(store, refs, filters)
    joined = _join_referenced(store, docs, referenced, words, refs, not parsed.negated and filters.kind is None)
    meaning = _meaning(store, q, {**BODY_NAMES, **aliases}, filters, semantic)
    if meaning is not None and meaning.on:
        # Words weak (few documents hold them all in one paragraph, or some had to be corrected):
        # meaning weighs more.
        weight = MEANING_WEIGHT_WEAK if across or corrected else MEANING_WEIGHT
        docs = _blend_meaning(store, docs, meaning, words, not parsed.negated and filters.kind is None, weight,
                              query, counts)
    if across:
        # Few documents say it all in one paragraph: people may be naming a decision by what it
        # did, in the words later texts recall it by (where the words are strong, they answer).
        docs = _blend_recalled(store, docs, query, filters, words, unfiltered, counts)
    _lift_referenced(docs)
    for d in docs:
        if years and d.date and int(d.date[:4]) in years:
            d.score = round(d.score + YEAR_WEIGHT, 4)
        if d.body in bodies:
            d.score = round(d.score + BODY_WEIGHT, 4)
    docs = _fold_drafts(docs, draft_resolution, keep=named)
    docs.sort(key=lambda d: (-d.score, _newest_first(d.date)))  # ties: the latest document first
    if named is None and founding and unfiltered and not bodies:  # a body named asks for its own text
        # The words as typed ("ONUC", which no paragraph holds, is not "MONUC"), else as searched
        # (corrected: "forse" → "force"), without their expansions.
        named = (_founding_text(store, core, founding, years)
                 or _founding_text(store, [c[:1] for c in query.clauses], founding, years))
        if named is not None and docs and docs[0].symbol != named and _titled(docs[0], core, words, years):
            named = None
    if named is not None:
        first = next((d for d in docs if d.symbol == named), None)
        if first is None:
            doc = store.get_document(named, with_paragraphs=False)
            first = DocumentHit(doc.symbol, doc.title, doc.date, doc.body, doc.doc_type, 0.0, 0, [])
        else:
            docs.remove(first)
        # First by the rule, and so scored: a list's scores never rise down the list.
        first.score = max([first.score, *(d.score for d in docs)])
        docs.insert(0, first)
    if not tried and len(query.clauses) > 1 and len(docs) <= offset + limit:
        # The page reaches the last document found: those holding the words across paragraphs
        # follow them — after, never among them, so that no page size changes the ranking of
        # the documents before (a page just filled reads them too, so that a next page exists).
        tail = _tail(store, query, filters, docs, words, draft_resolution, plain)
        across = bool(tail)
        docs += tail
    return DocumentResult(q, docs[offset:offset + limit], len(docs), total or len(hits), across=across or joined,
                          symbol=named, corrected=corrected, meaning=meaning.status if meaning is not None else
                          "off: not asked", also_searched={w: list(others) for w, others in near.items()},
                          glossed={"-".join(t.words): list(terms) for t, terms in glossed.items()},
                          searched_query=query)


def _tail(store: Store, query: ParsedQuery, filters: Filters, docs: list[DocumentHit], words: list[set[str]],
          draft_resolution: Callable[[str], bool], plain: list[list[Term]] | None = None) -> list[DocumentHit]:
    """The documents holding the words across paragraphs, after ``docs`` and scored below the last
    of them; none if the time bound ran out (the page already ranked is the answer)."""
    listed = {d.symbol for d in docs} | {s for d in docs for s in d.drafts}
    try:
        tail, _ = _partial_matches(store, query, filters, listed, words, None, plain)
    except QueryTooLarge:
        return []
    tail = _fold_drafts(sorted(tail, key=lambda d: (-d.score, _newest_first(d.date))), draft_resolution)
    below = docs[-1].score
    for d in tail:
        below = d.score = round(min(d.score, below - 0.001), 4)
    return tail


def _fold_drafts(docs: list[DocumentHit], draft_resolution: Callable[[str], bool],
                 keep: str | None = None) -> list[DocumentHit]:
    """A draft resolution found beside the resolution adopted from it (the same session, the same
    title without the resolution's number, as ``trace`` reads versions) is folded into it: one
    text, not two places in the list. The resolution keeps its own score (its own words are the
    evidence) and names the draft. Not folded: an amendment or a draft decision (their front
    matter says so; they are no version of the resolution), a draft whose title two listed
    resolutions share, the document the query names (``keep``), and a draft holding the words in
    one paragraph where its resolution does not (the words were amended away: the draft answers).
    ``draft_resolution``: whether a draft's front matter calls it a draft resolution."""
    drafts = {d.symbol: key for d in docs if d.doc_type == "draft" and d.symbol != keep
              and (key := _version_key(d)) is not None}
    if not drafts:
        return docs
    titles = {title for _, title in drafts.values()}
    adopted: dict[tuple[int, str], list[DocumentHit]] = {}
    for d in docs:
        if d.doc_type == "resolution" and normalised_words(series_title(d.title)) in titles:
            key = _version_key(d)
            if key is not None:
                adopted.setdefault(key, []).append(d)
    out = []
    for d in docs:
        found = adopted.get(drafts[d.symbol], []) if d.symbol in drafts else []
        resolution = found[0] if len(found) == 1 else None
        if resolution is None or _weaker(resolution, d) or not draft_resolution(d.symbol):
            out.append(d)
            continue
        if d.symbol not in resolution.drafts:  # meaning may bring back a draft folded before it ran
            resolution.drafts.append(d.symbol)
    return out


def _weaker(resolution: DocumentHit, draft: DocumentHit) -> bool:
    """The draft holds the words in one paragraph and the resolution does not."""
    return (resolution.across or resolution.related) and not (draft.across or draft.related)


def _a_draft_resolution(store: Store, symbol: str) -> bool:
    from .compare.drafts import draft_kind  # read only when a draft is about to fold

    doc = store.get_document(symbol)
    return doc is not None and draft_kind(doc) == "resolution"


def _version_key(d: DocumentHit) -> tuple[int, str] | None:
    """(session, title without the resolution's number), or None where either is unknown."""
    title = normalised_words(series_title(d.title))
    try:
        session = parse_symbol(d.symbol).session
    except SymbolError:
        return None
    return (session, title) if session is not None and title else None


_YEAR = re.compile(r"19[4-9]\d|20[0-4]\d")
# Words that ask for a mission's setting-up ("UNPROFOR established", "ONUC mandate").
# "resolution": "the resolution that set up the peacekeeping force in Cyprus" names the text asked for.
_FOUNDING_WORDS = re.compile(r"establish\w*|creat\w*|set|up|mandate\w*|founding|origin\w*|resolution", re.I)


_KEYS: list[tuple[Mapping[str, str], dict[str, str]]] = []  # (the mapping, its keys): one entry


def _founding_keys(founding: Mapping[str, str]) -> dict[str, str]:
    """Names as the query's words come — lower case, split at hyphens, without stop words ("United
    Nations Operation in the Congo" is "united nations operation congo") — made once per mapping
    (the registry's is one cached object), not per query."""
    if _KEYS and _KEYS[0][0] is founding:
        return _KEYS[0][1]
    keys = {" ".join(w for w in _WORD.findall(n.lower()) if w not in STOP_WORDS): n for n in founding}
    _KEYS[:] = [(founding, keys)]
    return keys


def _founding_text(store: Store, clauses: list[list[Term]], founding: Mapping[str, str],
                   years: set[int]) -> str | None:
    """The text that set up the mission a query names, when the query asks for nothing else: its
    acronym or whole name ("ONUC", "UNEF", "United Nations Protection Force"), or the words of
    one mission's name and no other's with its year or a founding word ("Cyprus peacekeeping
    force 1964"); besides, only words asking
    for its setting-up, words of that text ("UNPROFOR established Yugoslavia") or the year it was
    adopted. ``founding``: name → mandating resolution (the missions registry)."""
    words = [w for c in clauses for t in c for w in t.words if w not in STOP_WORDS]
    text = " ".join(words)
    keys = _founding_keys(founding)
    key = next((k for k in sorted(keys, key=len, reverse=True)  # "unavem ii" before "unavem"
                if k and re.search(rf"(?<![\w-]){re.escape(k)}(?![\w-])", text)), None)
    name = keys[key] if key else None
    if key is not None:
        rest = re.sub(rf"(?<![\w-]){re.escape(key)}(?![\w-])", " ", text).split()
    elif years or any(_FOUNDING_WORDS.fullmatch(w) for w in words):
        # A name's words alone may ask about the mission now ("Lebanon interim force": its
        # budget); with its founding year or a word asking for its setting-up, they ask for that.
        asked = [w for w in words if not _FOUNDING_WORDS.fullmatch(w)]
        # A mission's name as people shorten it: "UN peacekeeping force in Cyprus".
        spelled = _stems(x for w in asked for x in (SPELLINGS.get(w) or NAME_ABBREVIATIONS.get(w, w)).split())
        fits = {n: symbol for n, symbol in founding.items()
                if len(asked) >= 2 and spelled <= _stems(w.lower() for w in _WORD.findall(n))}
        if len(set(fits.values())) != 1:
            return None
        name, rest = next(iter(fits)), [w for w in words if _FOUNDING_WORDS.fullmatch(w)]
    else:
        return None
    doc = store.get_document(founding[name])
    if doc is None or (years and (not doc.date or int(doc.date[:4]) not in years)):
        return None
    held = _stems(w.lower() for p in doc.paragraphs for w in _WORD.findall(p.text))
    return doc.symbol if all(_FOUNDING_WORDS.fullmatch(w) or _stems([w]) <= held for w in rest) else None


# Words the documents also spell in two ("peacekeeping" is "peace-keeping" in the SC texts of
# 1946–1994, which the index keeps as two words).
NAME_ABBREVIATIONS = {"un": "united nations"}  # in a mission's name (search still asks for "UN" as typed)
SPELLINGS = {"peacekeeping": "peace keeping", "peacekeepers": "peace keepers", "peacekeeper": "peace keeper",
             "peacebuilding": "peace building", "ceasefire": "cease fire", "postconflict": "post conflict"}


# What a year asked for weighs: more than any one paragraph's evidence (at most 1), so that the
# year's document answering the words comes before a better-worded one of another year — on
# both backends, whose scores spread differently.
YEAR_WEIGHT = 1.0
# Acronyms of bodies whose own documents seldom print them (the Advisory Committee's reports).
BODY_WORDS = {"acabq": "ACABQ"}
BODY_NAMES = {"acabq": "Advisory Committee on Administrative and Budgetary Questions"}  # spelled out for meaning
# What a body named weighs: as much as a year asked for ("ACABQ report UNSOS": the Committee's
# report before the Secretary-General's, which says "report" and "UNSOS" in more paragraphs).
BODY_WEIGHT = 1.0
# The most of the texts' words one query is searched with besides its own (each is one more OR
# term for the engine, and the glossary's are common words: "money" → "resources", "funds",
# "financing"), to the words in the order typed. The query of 24 glossed words in docs/SEARCH.md
# ("Cost") took 1.36 s by words alone on the corpus with every word's terms, 0.67 s with twelve
# (measured with the glossary's first version).
GLOSSED_TOTAL = 12


def _glossed(core: list[list[Term]]) -> dict[Term, tuple[str, ...]]:
    """The texts' words for each of the query's words and hyphenated words that the glossary
    holds (peaceobs.glossary), at most :data:`GLOSSED_TOTAL` in all; a word whose entry an
    earlier word of the query took ("pay pays") takes none."""
    out: dict[Term, tuple[str, ...]] = {}
    left = GLOSSED_TOTAL
    for t in (t for c in core for t in c if not t.prefix):
        terms = texts_words(t.words)
        if terms and t not in out and terms not in out.values() and len(terms) <= left:
            out[t] = terms
            left -= len(terms)
    return out


def _expand(clause: list[Term], aliases: Mapping[str, str],
            related: Mapping[str, tuple[str, ...]] | None = None,
            glossed: Mapping[Term, tuple[str, ...]] | None = None) -> list[Term]:
    """A clause with each acronym's full form as an alternative ("UNDOF" OR "United Nations
    Disengagement Observer Force"), each word's older spelling ("peace-keeping"), the words
    the texts use for it (``glossed``: "renewal" OR "extend") and those near it in meaning
    (``related``)."""
    out = list(clause)
    for t in clause:
        single = len(t.words) == 1 and not t.prefix
        full = (aliases.get(t.words[0]) or SPELLINGS.get(t.words[0])) if single else None
        others = (glossed or {}).get(t) or ((related or {}).get(t.words[0], ()) if single else ())
        spelled = [full] if full else []
        if full and t.words[0] in aliases:
            # A name as the older texts spell it: "United Nations Peace-keeping Force in Cyprus".
            older = " ".join(SPELLINGS.get(w.lower(), w) for w in full.split())
            spelled += [older] if older != full else []
        for alternative in spelled + list(others):
            phrase = _term(alternative)
            if phrase is not None:
                out.append(phrase)
    return out


def _related_words(store: Store, core: list[list[Term]], aliases: Mapping[str, str],
                   glossed: Mapping[Term, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """The store's words near in meaning to each of the query's plain words (peaceobs.semantic,
    which leaves out stop-words, short words, numbers and names): not for phrases and prefixes,
    acronyms the registry spells out, or words this module already gives alternatives for."""
    from .semantic import related_words

    asked = [t.words[0] for c in core for t in c
             if len(t.words) == 1 and not t.prefix and t.words[0] not in aliases and t.words[0] not in SPELLINGS
             and t not in glossed and t.words[0] not in BODY_WORDS]
    return related_words(store, asked)


def _chapter_numbers(core: list[list[Term]]) -> list[str]:
    """The numbers the query gives a chapter in Arabic numerals ("chapter 7"): the Charter's
    chapters, and those of the Organization's reports, are numbered in Roman ones."""
    out = []
    for before, clause in itertools.pairwise(core):
        if (len(before) == 1 and before[0].words in {("chapter",), ("chapters",)} and len(clause) == 1
                and len(clause[0].words) == 1 and not clause[0].prefix and re.fullmatch(r"[1-9]\d?", clause[0].words[0])):
            out.append(clause[0].words[0])
    return out


def _by_document(hits: list[Hit]) -> dict[str, list[Hit]]:
    groups: dict[str, list[Hit]] = {}
    for h in hits:
        h.snippet = safe_snippet(h.snippet)
        groups.setdefault(h.symbol, []).append(h)
    return groups


def _query_words(parsed: ParsedQuery, aliases: Mapping[str, str],
                 related: Mapping[str, tuple[str, ...]] | None = None) -> list[set[str]]:
    """Per query word, the stems a title may hold it by: the word, the words searched for it
    (near in meaning: "The safety of journalists" holds "reporters"; the texts' words for it:
    "… the apportionment of the expenses …" holds "pays"), or its spelled-out form. A form of
    several words is held when the title holds them all: ``_NAME`` + stems for a mission's
    name spelled out (other rules read those as a name), ``_ALL`` + stems for any other."""
    out = []
    for w in (w for c in parsed.clauses for t in c for w in t.words if w not in STOP_WORDS):
        full = aliases.get(w)
        forms = {w[:6]} | {x[:6] for x in (related or {}).get(w, ()) if " " not in x}
        # "permanent members"; not a form with a stop-word, which titles would hold by its other
        # words alone ("set off" by "set").
        added = [x for x in (related or {}).get(w, ()) if " " in x and not STOP_WORDS & set(_WORD.findall(x.lower()))]
        for marker, several in ((_NAME, [full] if full else []), (_ALL, added)):
            for f in several:
                stems = _stems(x.lower() for x in _WORD.findall(f))
                if stems:  # a form of stop-words alone would be held by every title
                    forms.add(marker + " ".join(sorted(stems)))
        out.append(forms)
    return out


_NAME = "\0"  # a form that is a mission's name spelled out ("unifil" → "united nations interim force …")
_ALL = "\1"  # a form of several words that is not a name ("assessed contributions")


def _title_share(title: str, words: list[set[str]]) -> float:
    stems = _stems(w.lower() for w in _WORD.findall(title))
    held = 0
    for forms in words:
        for form in forms:
            if form[:1] in (_NAME, _ALL):
                if set(form[1:].split()) <= stems:
                    held += 1
                    break
            elif form in stems:
                held += 1
                break
    return held / len(words) if words else 0.0


def _rank(group: list[Hit], top: float, words: list[set[str]], matches: int | None = None) -> DocumentHit:
    best = sorted(group, key=lambda h: -(h.score * KIND_WEIGHT.get(h.kind, 0.5)))
    first = best[0]
    evidence = first.score / top * KIND_WEIGHT.get(first.kind, 0.5)
    count = len(group) if matches is None else matches
    score = evidence + 0.15 * math.log2(1 + count) + 0.5 * _title_share(first.title, words)
    return DocumentHit(first.symbol, first.title, first.date, first.body, first.doc_type, round(score, 4),
                       count, best[:PER_DOCUMENT])


# What saying the query's words as a phrase weighs, per doubling of the paragraphs that say it
# (docs/SEARCH.md, step 3a): an agenda named by its words in order ("women, peace and security").
PHRASE_WEIGHT = 0.3


def _phrase(core: list[list[Term]]) -> list[str] | None:
    """The query's words in order, as crude stems, when they can be read as one phrase: two or
    more words besides stop-words, each clause one plain word (no OR, prefix or quoted phrase)."""
    if len(core) < 2 or any(len(c) != 1 or c[0].prefix or len(c[0].words) != 1 for c in core):
        return None
    words = [c[0].words[0][:6] for c in core if c[0].words[0] not in STOP_WORDS]
    return words if len(words) >= 2 else None


def _says_phrase(text: str, phrase: list[str]) -> bool:
    """Whether the text holds the phrase's words one after another, stop-words and punctuation
    between them aside ("women and peace and security", "youth, peace and security")."""
    seq = [w[:6] for w in (w.lower() for w in _WORD.findall(text)) if w not in STOP_WORDS]
    n = len(phrase)
    return any(seq[i:i + n] == phrase for i in range(len(seq) - n + 1))


def _blend_phrased(store: Store, docs: list[DocumentHit], groups: Mapping[str, list[Hit]],
                   core: list[list[Term]]) -> None:
    """Each document holding every word in one paragraph gains by how many of its paragraphs say
    the words as a phrase, in the query's order: a report that names "the youth, peace and
    security agenda" in six paragraphs is about it, a resolution that names it once in passing is
    not, however near its title and opening come to the words."""
    phrase = _phrase(core)
    if phrase is None:
        return
    texts = store.paragraph_texts([(h.symbol, h.pid) for g in groups.values() for h in g])
    for d in docs:
        said = sum(1 for h in groups.get(d.symbol, ()) if _says_phrase(texts.get((h.symbol, h.pid), ("", ""))[0], phrase))
        if said:
            d.score = round(d.score + PHRASE_WEIGHT * math.log2(1 + said), 4)


def _partial_matches(store: Store, parsed: ParsedQuery, filters: Filters, seen: set[str],
                     words: list[set[str]], vocabulary: Callable[[], Mapping[str, int]] | None,
                     plain: list[list[Term]] | None = None) -> tuple[list[DocumentHit], dict[str, str]]:
    """Documents that hold the query's clauses across paragraphs: all of them first, then most of
    them (at least 60 %), each clause searched alone — and, where ``plain`` gives it with fewer
    alternatives, as that too (its candidates joined). A clause that nothing holds is tried once
    more with its words corrected from ``vocabulary``."""
    per_clause: list[dict[str, list[Hit]]] = []
    corrected: dict[str, str] = {}
    for i, clause in enumerate(parsed.clauses):
        hits, _ = store.search(ParsedQuery([clause], parsed.negated), filters, CANDIDATES, 0, False)
        fewer = plain[i] if plain is not None and i < len(plain) and len(plain[i]) < len(clause) else None
        if fewer is not None:
            have = {(h.symbol, h.pid) for h in hits}
            hits += [h for h in store.search(ParsedQuery([fewer], parsed.negated), filters, CANDIDATES, 0, False)[0]
                     if (h.symbol, h.pid) not in have]
        if not hits and vocabulary is not None:
            fixed = _correct(clause, vocabulary())
            if fixed is not None:
                clause, fixes = fixed
                corrected.update(fixes)
                hits, _ = store.search(ParsedQuery([clause], parsed.negated), filters, CANDIDATES, 0, False)
        per_clause.append(_by_document(hits))
    n = len(per_clause)
    need = n if n <= 2 else math.ceil(0.6 * n)
    counts: dict[str, int] = {}
    for groups in per_clause:
        for symbol in groups:
            counts[symbol] = counts.get(symbol, 0) + 1
    out = []
    for symbol, k in counts.items():
        if symbol in seen or k < need:
            continue
        paragraphs = list({h.pid: h for g in per_clause if symbol in g for h in g[symbol][:1]}.values())
        top = max(h.score for h in paragraphs) or 1.0
        # Half the weight of a paragraph holding every word, less for each clause missing.
        # Its matching paragraphs: as many as hold its scarcest clause (a long text that names
        # "Iraq" in sixty paragraphs and "all necessary means" in one matches once, not sixty times).
        d = _rank(paragraphs, top * 2 * n / k, words, min(len(g[symbol]) for g in per_clause if symbol in g))
        d.across = True
        out.append(d)
    return out, corrected


def _correct(clause: list[Term], vocabulary: Mapping[str, int]) -> tuple[list[Term], dict[str, str]] | None:
    """The clause with each word no paragraph holds replaced by the most frequent known word within
    two edits (names first: "Lebannon" → "lebanon", "assesments" → "assessments")."""
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    fixes: dict[str, str] = {}
    out: list[Term] = []
    for t in clause:
        words = []
        for w in t.words:
            if w in vocabulary or len(w) < CORRECTED_MIN:
                words.append(w)
                continue
            found = process.extract(w, vocabulary.keys(), scorer=Levenshtein.distance, limit=8,
                                    score_cutoff=2 if len(w) > 5 else 1)
            found = [m for m in found if m[0] not in STOP_WORDS]  # "whch" is no misspelt "which"
            if not found:
                words.append(w)
                continue
            best = min(found, key=lambda m: (m[1], -vocabulary[m[0]]))[0]
            fixes[w] = best
            words.append(best)
        out.append(Term(tuple(words), t.prefix))
    return (out, fixes) if fixes else None


def vocabulary(store: Store) -> dict[str, int]:
    """Every word of the store's paragraphs and titles → the number of paragraphs holding it
    (peaceobs.vocabulary: built once per store generation and kept)."""
    return store_vocabulary(store).counts


def _newest_first(date: str | None) -> int:
    return -int(date.replace("-", "")) if date else 0


# -- meaning --------------------------------------------------------------------------------------

# What meaning weighs (docs/SEARCH.md, measured on the judged and held-out sets). The query's
# spread is the distance from the median cosine of the store's documents to the 99.5th
# percentile; a document's closeness is how many spreads above the median it lies (at most
# MEANING_CAP), and each spread adds MEANING_WEIGHT to its score. Where the words are weak — few
# documents hold them all in one paragraph, or a word had to be corrected — a spread weighs
# MEANING_WEIGHT_WEAK: people's phrasing ("killer robots") is what the words cannot answer. Where
# they are strong (symbols, mission names, titles) the words lead.
MEANING_WEIGHT = 0.3
MEANING_WEIGHT_WEAK = 1.0
MEANING_CAP = 2.5
MEANING_ADDED = 5  # nearest documents that join the candidates when their words did not bring them…
MEANING_MIN = 1.0  # …if at least this many spreads above the median


def _titled(best: DocumentHit, core: list[list[Term]], words: list[set[str]], years: set[int]) -> bool:
    """Whether the query names a mission with words its founding text holds that the best
    document's title holds too ("MINURSO budget": the budget report for the Mission, not 690
    (1991), which mentions a budget): the title answers. Not with a year or a founding word, and
    not for the words of the mission's own name ("UNIFIL Lebanon" still asks for 425 (1978))."""
    if years or any(_FOUNDING_WORDS.fullmatch(w) for c in core for t in c for w in t.words):
        return False
    name = {x for forms in words for f in forms if f.startswith(_NAME) for x in f[1:].split()}
    rest = [forms for forms in words if not any(f.startswith(_NAME) for f in forms) and not forms & name]
    return bool(rest) and _title_share(best.title, words) == 1.0


def _spelled_out(q: str, aliases: Mapping[str, str]) -> str:
    """The query with each acronym the registry knows followed by its full name, for the
    embedding: a sentence model has never read "UNIFIL" ("UNIFIL (United Nations Interim Force
    in Lebanon) mandate renewal 1979")."""
    if not aliases:
        return q
    return re.sub(r"[^\W_]+", lambda m: f"{m.group()} ({aliases[m.group().lower()]})"
                  if m.group().lower() in aliases else m.group(), q)


def _meaning(store: Store, q: str, aliases: Mapping[str, str], filters: Filters, semantic: bool) -> Meaning | None:
    if not semantic:
        return None
    from .semantic import meaning, query_text

    # Operators and excluded words go first: a mission the query excludes is not spelled out.
    return meaning(store, _spelled_out(query_text(q), aliases), filters)


def _closeness(meaning: Meaning, symbol: str) -> float:
    """How much nearer than the median document this one is, in units of the query's spread
    (the median to the 99.5th percentile), capped."""
    sim = meaning.similarity.get(symbol)
    if sim is None:
        return 0.0
    median, scale = meaning.spread
    return min(MEANING_CAP, max(0.0, (sim - median) / scale))


def _clause_counts(store: Store, query: ParsedQuery) -> list[int] | None:
    """Paragraphs holding each clause (peaceobs.recalled), or None past the time bound: the
    rules that weigh words by rarity are then left out."""
    try:
        return clause_counts(store, query)
    except QueryTooLarge:
        return None


def _rarest(query: ParsedQuery, counts: list[int] | None) -> list[frozenset[str]] | None:
    """The alternatives of the query's clause that the fewest paragraphs hold (at least one):
    None for a one-word query, a prefix (its stems are not whole words) or without counts."""
    if counts is None or len(query.clauses) < 2 or any(t.prefix for c in query.clauses for t in c):
        return None
    held = [(n, i) for i, n in enumerate(counts) if n > 0]
    return clause_stems(query)[min(held)[1]] if held else None


def _blend_meaning(store: Store, docs: list[DocumentHit], meaning: Meaning, words: list[set[str]], add: bool,
                   weight: float, query: ParsedQuery, counts: Callable[[], list[int] | None]) -> list[DocumentHit]:
    """Each document's score plus what its meaning weighs; the nearest few documents join when
    their words did not bring them (``add``: not under a paragraph-kind filter or a negation,
    which a digest cannot answer for)."""
    for d in docs:
        d.similarity = round(meaning.similarity.get(d.symbol, 0.0), 4)
        d.score = round(d.score + weight * _closeness(meaning, d.symbol), 4)
    if not add:
        return docs
    seen = {d.symbol for d in docs}
    # A document meaning brings that lacks the query's rarest word stays below the best one
    # holding every word in one paragraph ("disinformation peacekeeping": the C-34 resolutions,
    # all about peacekeeping, never say "disinformation"); one lacking only a commoner word may
    # lead ("2719 (2023) financing": 80/230 says "financial").
    ceiling = max((d.score for d in docs if not d.across), default=None)
    rare: list[frozenset[str]] | None = None  # counted when a document is about to join, not before
    joined = 0
    for symbol, sim in meaning.ranked:
        if joined >= MEANING_ADDED:
            break
        if symbol in seen:
            continue
        closeness = _closeness(meaning, symbol)
        if closeness < MEANING_MIN:
            break
        if ceiling is not None and rare is None:
            rare = _rarest(query, counts()) or []
        related = _related(store, symbol, words, frozenset().union(*rare) if rare else frozenset())
        if related is None:
            continue
        hit = related.hit
        hit.similarity = round(sim, 4)
        hit.score = round(hit.score + weight * closeness, 4)
        if ceiling is not None and rare and not holds(related.held, rare):
            hit.score = round(min(hit.score, ceiling - 0.001), 4)
        docs.append(hit)
        joined += 1
    return docs


# What being recalled weighs: a document cited by RECALL_FULL or more of the documents whose
# paragraphs hold the query's words gains RECALL_WEIGHT, fewer (at least RECALL_MIN) gain less, on
# a log scale (docs/SEARCH.md).
RECALL_WEIGHT = 1.0
RECALL_FULL = 8
RECALL_ADDED = 5  # recalled documents that may join the candidates, most recalled first


def _blend_recalled(store: Store, docs: list[DocumentHit], query: ParsedQuery, filters: Filters,
                    words: list[set[str]], unfiltered: bool, counts: Callable[[], list[int] | None],
                    ) -> list[DocumentHit]:
    """Each document recalled in the query's words gains by how many documents recall it; one
    the words did not bring joins (unless a filter asks for something else: a recalled
    resolution may be of another body or year)."""
    found = counts()
    votes = recalled(store, query, filters, counts=found) if found is not None else {}
    held = {d.symbol: d for d in docs}
    # A paragraph saying every word outweighs recall in a part of them ("all necessary means Iraq
    # Kuwait": 678 (1990) OP2 says it all; 661 and 687 are recalled as "Iraq … Kuwait"): a document
    # holding the words only across paragraphs, or not at all, rises by recall at most to just
    # below the best one holding them in one paragraph, unless RECALL_MIN documents recall it in
    # all the words but one ("sanctions against Southern Rhodesia" for "Rhodesia trade sanctions").
    ceiling = max((d.score for d in docs if not d.across and not d.related), default=None)
    capped: list[tuple[float, DocumentHit]] = []  # (the score recall would give, the document)
    joined = 0
    for symbol, (n, nearly) in sorted(votes.items(), key=lambda v: -v[1].by):
        d = held.get(symbol)
        if d is None:
            if not unfiltered or joined >= RECALL_ADDED:
                continue
            joined += 1
            d = _related_hit(store, symbol, words)
            if d is None:
                continue
            d.related = False
            docs.append(d)
        d.recalled = n
        lifted = d.score + RECALL_WEIGHT * min(1.0, math.log2(1 + n) / math.log2(1 + RECALL_FULL))
        if ceiling is not None and nearly < RECALL_MIN and (d.across or d.related or symbol not in held) \
                and lifted >= ceiling:
            capped.append((lifted, d))
        else:
            d.score = round(lifted, 4)
    _hold_below(capped, ceiling)
    return docs


def _hold_below(capped: list[tuple[float, DocumentHit]], ceiling: float | None) -> None:
    """Documents a rule would lift past ``ceiling`` held just below it, keeping among themselves
    the order the rule would have given them (none is capped without a ceiling)."""
    if ceiling is None:
        return
    for k, (_, d) in enumerate(sorted(capped, key=lambda c: -c[0]), start=1):
        d.score = round(max(d.score, ceiling - 0.001 * k), 4)


# What a title naming the provision or decision the query names by number weighs ("Article 19":
# "… requests under Article 19 of the Charter"): as much as the year asked for.
REFERENCE_WEIGHT = 1.0


def _referenced(store: Store, refs: list[Reference], filters: Filters) -> dict[str, str]:
    """Symbol → the reference its title names, for each provision or decision the query names by
    number (the first it names, where a title names several)."""
    out: dict[str, str] = {}
    for ref in refs:
        for symbol in titled(store, ref, filters):
            out.setdefault(symbol, str(ref))
    return out


def _join_referenced(store: Store, docs: list[DocumentHit], referenced: Mapping[str, str], words: list[set[str]],
                     refs: list[Reference], add: bool) -> bool:
    """Mark the documents whose title names a reference of the query; those the words did not
    bring join (``add``: not under a negation or a paragraph-kind filter, which a title cannot
    answer for), scored by the words they hold as words across paragraphs — if they hold one of
    the query's words besides the reference's own, or it has none ("freedom of expression
    Article 19" is not about the Charter's Article 19). Whether any joined."""
    if not referenced:
        return False
    held = {d.symbol: d for d in docs}
    named = {w.lower()[:6] for ref in refs for w in _WORD.findall(f"{ref.kind} {ref.number} {ref.year}")}
    other = [forms for forms in words if not forms <= named]
    joined = False
    for symbol, label in referenced.items():
        d = held.get(symbol)
        if d is None:
            related = _related(store, symbol, words) if add else None
            if related is None or (other and not any(forms & related.held for forms in other)):
                continue
            d = related.hit
            d.related, d.across = False, True
            docs.append(d)
            joined = True
        d.referenced = label
    return joined


def _lift_referenced(docs: list[DocumentHit]) -> None:
    """Documents whose title names the query's reference gain :data:`REFERENCE_WEIGHT`; one that
    holds the words only across paragraphs, or joined by its title, rises at most to just below
    the best document holding every word in one paragraph (as recall's do)."""
    ceiling = max((d.score for d in docs if not d.across and not d.related), default=None)
    capped: list[tuple[float, DocumentHit]] = []
    for d in docs:
        if not d.referenced:
            continue
        lifted = d.score + REFERENCE_WEIGHT
        if ceiling is not None and (d.across or d.related) and lifted >= ceiling:
            capped.append((lifted, d))
        else:
            d.score = round(lifted, 4)
    _hold_below(capped, ceiling)


class _Related(NamedTuple):
    hit: DocumentHit
    held: set[str]  # the query's stems the document holds (in a paragraph or its title)


def _related_hit(store: Store, symbol: str, words: list[set[str]]) -> DocumentHit | None:
    related = _related(store, symbol, words)
    return related.hit if related is not None else None


def _related(store: Store, symbol: str, words: list[set[str]], also: frozenset[str] = frozenset()) -> _Related | None:
    """A document meaning brought: scored by the words it holds, as words across paragraphs are
    (_partial_matches: half of a paragraph holding them all, in the share of the query's words it
    holds) and by its title; shown with its paragraphs holding most of them. Read from the
    document itself: an OR search of every word would cost more than the rest of the query."""
    doc = store.get_document(symbol)
    if doc is None:
        return None
    stems = {f for forms in words for f in forms if f[:1] not in (_NAME, _ALL)}
    wanted = stems | also  # ``also``: stems the caller asks about besides (``held`` says which the document has)
    scored = []
    held: set[str] = set()
    for p in doc.paragraphs:
        own = word_stems(p.text)
        held |= own & wanted
        found = _stems(own) & stems
        if found:
            scored.append((len(found) * KIND_WEIGHT.get(p.kind, 0.5), p))
    held |= word_stems(doc.title) & wanted
    share = sum(1 for forms in words if forms & held) / max(1, len(words))
    scored.sort(key=lambda x: -x[0])
    shown = [Hit(doc.symbol, p.pid, p.kind, p.label, doc.title, doc.date, doc.body, doc.doc_type,
                 _marked(p.text, stems), round(weight, 4)) for weight, p in scored[:PER_DOCUMENT]]
    score = 0.5 * share + 0.5 * _title_share(doc.title, words)
    return _Related(DocumentHit(doc.symbol, doc.title, doc.date, doc.body, doc.doc_type, round(score, 4),
                                len(scored), shown, related=True), held)


def _marked(text: str, stems: set[str], width: int = 240) -> str:
    """A snippet as the engines make them: the text around the first word the query holds, those
    words marked, safe HTML."""
    found = [m for m in _WORD.finditer(text) if _stems([m.group().lower()]) & stems]
    start = max(0, found[0].start() - width // 3) if found else 0
    end = min(len(text), start + width)
    out, at = [], start
    for m in found:
        if m.start() < start or m.end() > end:
            continue
        out += [html.escape(text[at:m.start()], quote=False), "<mark>", html.escape(m.group(), quote=False), "</mark>"]
        at = m.end()
    out.append(html.escape(text[at:end], quote=False))
    return ("…" if start else "") + "".join(out) + ("…" if end < len(text) else "")
