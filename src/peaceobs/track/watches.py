"""Watches: saved searches that say what is new since the last visit, on a page or as an Atom feed.

A watch is a query in peaceobs syntax with its filters, owned by a user name ("" until accounts
exist). A visit (:func:`new_since`) returns the matching paragraphs of documents stored since the
watch was last seen; :func:`mark_seen` moves that moment on. When the store's generation (bumped
by every write of a document) is the one seen, nothing is new and nothing is searched. A document
replaced with new content counts as new: its matching paragraphs show again.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import quote

from ..errors import PeaceobsError
from ..query import Filters
from ..search import parse_query, safe_snippet
from ..store.deadline import bounded

if TYPE_CHECKING:
    from ..store.base import Store
    from ..store.trending import WatchRow

__all__ = ["Watch", "WatchHit", "NewSince", "WatchError", "add_watch", "get_watch", "list_watches",
           "delete_watch", "new_since", "mark_seen", "atom_feed", "NEW_LIMIT"]

NEW_LIMIT = 200  # paragraphs one visit returns; ``truncated`` says when more matched
WATCH_SECONDS = 5.0  # a visit's search may read every new match: more than a search page's budget
ATOM = "http://www.w3.org/2005/Atom"
_NAME = re.compile(r"[^\s/][^/]{0,79}")


class WatchError(PeaceobsError, ValueError):
    """A watch that cannot be made or found: a bad name, a duplicate, an unknown watch."""


@dataclass(slots=True)
class Watch:
    id: int
    owner: str
    name: str
    query: str
    filters: Filters
    created_at: str
    last_seen: str
    last_seen_generation: int

    @classmethod
    def from_row(cls, row: WatchRow) -> Watch:
        known = {f.name for f in fields(Filters)}
        return cls(row.id, row.owner, row.name, row.query,
                   Filters(**{k: v for k, v in row.filters.items() if k in known}),
                   row.created_at, row.last_seen, row.last_seen_generation)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["filters"] = _filters_dict(self.filters)
        return out


class WatchHit(NamedTuple):
    """A new paragraph for a watch; ``symbol#pid`` is its address."""
    symbol: str
    pid: str
    kind: str
    title: str
    date: str | None
    snippet: str  # safe HTML, the query's words in <mark>
    ingested_at: str

    def to_dict(self) -> dict[str, Any]:
        return self._asdict()


@dataclass(slots=True)
class NewSince:
    """What a visit found, and the moment it looked (what :func:`mark_seen` records)."""
    watch: Watch
    hits: list[WatchHit]
    since: str  # the last visit's time: the hits' documents were stored at or after it
    as_of: str
    generation: int
    truncated: bool = False

    def to_dict(self) -> dict[str, Any]:
        return {"watch": self.watch.to_dict(), "since": self.since, "as_of": self.as_of,
                "generation": self.generation,
                "truncated": self.truncated, "hits": [h.to_dict() for h in self.hits]}


def _filters_dict(f: Filters) -> dict[str, Any]:
    return {k: v for k, v in asdict(f).items() if v is not None}


def _now() -> str:
    # The store's own format (seconds, UTC, "+00:00"): compared as text with documents.ingested_at.
    return _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")


def add_watch(store: Store, name: str, query: str, filters: Filters | None = None, owner: str = "") -> Watch:
    """Save ``query`` (checked now: a bad query is refused with nothing stored) as ``name``; it
    is seen as of now, so its first visit shows what is stored after it."""
    if not _NAME.fullmatch(name or ""):
        raise WatchError("a watch name is 1–80 characters, no slash, not starting with a space")
    parse_query(query)
    if store.get_watch(owner, name) is not None:
        raise WatchError(f"a watch named {name!r} already exists")
    return Watch.from_row(store.add_watch(owner, name, query, _filters_dict(filters or Filters())))


def get_watch(store: Store, name: str, owner: str = "") -> Watch:
    row = store.get_watch(owner, name)
    if row is None:
        names = ", ".join(w.name for w in store.list_watches(owner)) or "none"
        raise WatchError(f"no watch named {name!r} (watches: {names})")
    return Watch.from_row(row)


def list_watches(store: Store, owner: str | None = None) -> list[Watch]:
    """Every watch (of ``owner``, if given), by name."""
    return [Watch.from_row(r) for r in store.list_watches(owner)]


def delete_watch(store: Store, name: str, owner: str = "") -> bool:
    return store.delete_watch(owner, name)


def new_since(store: Store, watch: Watch, limit: int = NEW_LIMIT) -> NewSince:
    """The paragraphs matching the watch's query in documents stored since it was last seen,
    newest document first (at most ``limit``; ``truncated`` says when more matched)."""
    as_of, generation = _now(), store.generation()  # read first: a later write is seen next time
    if generation == watch.last_seen_generation:
        return NewSince(watch, [], watch.last_seen, as_of, generation)
    query = parse_query(watch.query)
    with bounded(store, WATCH_SECONDS):
        rows = store.paragraphs_since(query, watch.filters, watch.last_seen, limit + 1)
        found = store.paragraph_hits(query, [r.paragraph_id for r in rows[:limit]])
    stamps = {(r.symbol, r.pid): r.ingested_at for r in rows[:limit]}
    hits = [WatchHit(h.symbol, h.pid, h.kind, h.title, h.date, safe_snippet(h.snippet), stamps[h.symbol, h.pid])
            for h in found]
    return NewSince(watch, hits, watch.last_seen, as_of, generation, len(rows) > limit)


def mark_seen(store: Store, watch: Watch, visit: NewSince | None = None) -> Watch:
    """Record a visit: as of ``visit`` (what was shown), or of now. Returns the watch updated."""
    seen, generation = (visit.as_of, visit.generation) if visit else (_now(), store.generation())
    store.mark_watch_seen(watch.id, seen, generation)
    watch.last_seen, watch.last_seen_generation = seen, generation
    return watch


# -- Atom 1.0 (RFC 4287) -------------------------------------------------------------------------

def paragraph_url(base_url: str, symbol: str, pid: str) -> str:
    """The document page at the paragraph, as the web app addresses it (/doc/S/RES/390(1976)#OP1(b))."""
    return (base_url.rstrip("/") + "/doc/" + quote(symbol.replace(" ", ""), safe="/().")
            + "#" + quote(pid, safe="()."))


# Characters XML 1.0 cannot hold (form feeds of page breaks, stray control bytes of a PDF): left
# out, or the feed would not parse.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _sub(parent: Any, tag: str, text: str | None = None, **attrs: str) -> Any:
    from lxml import etree

    el = etree.SubElement(parent, f"{{{ATOM}}}{tag}", {k: _NOT_XML.sub("", v) for k, v in attrs.items()})
    if text is not None:
        el.text = _NOT_XML.sub("", text)
    return el


def atom_feed(watch: Watch, hits: list[WatchHit], base_url: str = "http://127.0.0.1:8000",
              feed_url: str | None = None, updated: str | None = None) -> str:
    """The hits as an Atom 1.0 feed (XML text). Each entry is a paragraph: its id and link the
    paragraph's address on the document page (a replaced document's paragraph is the same entry,
    updated), its title the symbol, paragraph ID and document title, its summary the snippet as
    HTML. Every text goes through the XML writer (escaped, characters XML cannot hold left out):
    nothing in a document can break the feed. ``feed_url`` is the feed's own address (its id);
    by default ``{base_url}/watches/{name}.atom``."""
    from lxml import etree

    feed = etree.Element(f"{{{ATOM}}}feed", nsmap={None: ATOM})
    self_url = feed_url or f"{base_url.rstrip('/')}/watches/{quote(watch.name, safe='')}.atom"
    _sub(feed, "id", self_url)
    _sub(feed, "title", f"peaceobs watch: {watch.name}")
    _sub(feed, "subtitle", f"New paragraphs matching {watch.query}")
    _sub(feed, "updated", updated or max((h.ingested_at for h in hits), default=watch.last_seen))
    _sub(feed, "link", rel="self", href=self_url, type="application/atom+xml")
    _sub(_sub(feed, "author"), "name", "peaceobs")
    _sub(feed, "generator", "peaceobs")
    for h in hits:
        url = paragraph_url(base_url, h.symbol, h.pid)
        entry = _sub(feed, "entry")
        _sub(entry, "id", url)
        _sub(entry, "title", f"{h.symbol} {h.pid}: {h.title}".strip())
        _sub(entry, "updated", h.ingested_at)
        _sub(entry, "link", rel="alternate", href=url, type="text/html")
        _sub(entry, "summary", h.snippet, type="html")
    return etree.tostring(feed, encoding="unicode", pretty_print=True).join(
        ('<?xml version="1.0" encoding="utf-8"?>\n', ""))
