"""How a source document stands to the traced one: its own earlier version, or its own series.

Read from the documents' texts, never from a list of pairs:

* **versions** — a resolution's header names the text it was adopted from, in brackets:
  "[without reference to a Main Committee (A/80/L.15)]", "[on the report of the … Committee
  (A/80/537, para. 15)]"; any stored document named there is an earlier version of this text.
  A draft of the same session whose title is the resolution's title without its number
  ("Comprehensive review of special political missions" for "80/83. Comprehensive review of
  special political missions") is one too. A version is where this text was *negotiated*, not
  where its language came from.
* **series** — the same agenda item, read from the header's "Agenda item 163 (b) Financing of …"
  line without its number (numbers change from session to session; the item's name does not),
  else the same title without its number. The previous session's text in the series is the
  resolution's predecessor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import OTHER, Document, normalised_words, series_title
from ..store import Store
from ..store.base import document_key
from ..symbols import find_references

_AGENDA = re.compile(r"\bAgenda items?\s+(?:\d+(?:\s*\([a-z]\))?(?:\s*(?:,|and)\s*)?)+\s*(?P<name>.*)$", re.I)

@dataclass(slots=True)
class DocInfo:
    symbol: str
    doc_type: str
    session: int | None
    title: str  # normalised, without the resolution number
    agenda: str  # normalised agenda item name from the header, "" if none
    named: set[str] = field(default_factory=set)  # keys of documents its bracketed header names


def doc_info(doc: Document) -> DocInfo:
    agenda = ""
    named: set[str] = set()
    for p in doc.paragraphs:
        if p.kind != OTHER:
            continue
        text = p.text.strip()
        if not agenda and (m := _AGENDA.search(text)):
            agenda = normalised_words(m.group("name"))
        if text.startswith("["):
            named.update(r.symbol.key for r in find_references(text))
    return DocInfo(doc.symbol, doc.doc_type, doc.session, normalised_words(series_title(doc.title)), agenda, named)


class Relations:
    """Classifies sources against one target document; source documents are read once per index."""

    def __init__(self, store: Store, target: Document, cache: dict[str, DocInfo | None]) -> None:
        self.store = store
        self.target = doc_info(target)
        self.cache = cache

    def info(self, symbol: str) -> DocInfo | None:
        if symbol not in self.cache:
            doc = self.store.get_document(symbol)
            self.cache[symbol] = doc_info(doc) if doc is not None else None
        return self.cache[symbol]

    def is_version(self, symbol: str) -> bool:
        """``symbol`` is an earlier version of the target text (named in its header, or a draft of
        the same session with the same title)."""
        t = self.target
        if document_key(symbol) in t.named:
            return True
        s = self.info(symbol)
        return bool(s and s.doc_type == "draft" and t.session is not None and s.session == t.session
                    and t.title and s.title == t.title)

    def series(self, symbol: str) -> int:
        """2: the target's own series, previous session; 1: its series, another session; 0: not."""
        t, s = self.target, self.info(symbol)
        if s is None:
            return 0
        same = (t.agenda and s.agenda == t.agenda) or (t.title and s.title == t.title)
        if not same:
            return 0
        return 2 if t.session is not None and s.session == t.session - 1 else 1
