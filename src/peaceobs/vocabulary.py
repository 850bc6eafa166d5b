"""The store's words: how many paragraphs hold each, and which it prints as names.

Spelling correction asks how common a word is ("Lebannon" → "lebanon", the most frequent word
within two edits); the words near in meaning that a search adds (peaceobs.semantic) come from the
common words the store prints in lower case — "iraq" is a name, and the model's nearest word to a
name is another name ("syria"), not another way of saying it.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .query import _WORD
from .store.core import redacted_url
from .topk import store_key

if TYPE_CHECKING:
    from .store import Store

log = logging.getLogger(__name__)

# Words too common to require or highlight ("Support Office in Somalia": "in" is no evidence), and
# prepositions, which say how the query's words relate, not what they are ("push Iraq out of
# Kuwait", "loans between missions"). A phrase keeps them ("scale of assessments"); a query of
# stop-words only is refused. The emerging-issues terms and the tracker's key words leave them out
# too (peaceobs.track).
STOP_WORDS = frozenset("""a an and are as at be by do does for from has have how in into is it its of on or
that the their this to was were what when where which who why with
about above after among before below between during off out over through under until up upon via within
without""".split())


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Per lower-cased word: the paragraphs (and titles) holding it, and those printing it with a
    capital letter."""

    counts: dict[str, int]
    capitalised: dict[str, int]

    def is_name(self, word: str) -> bool:
        """Printed with a capital letter in more paragraphs than not ("Iraq", "UNSOS",
        "Security Council"); a word the store does not hold is not known to be one."""
        held = self.counts.get(word, 0)
        return held > 0 and self.capitalised.get(word, 0) * 2 > held

    def common(self, min_count: int = 3, limit: int = 50_000) -> list[str]:
        """The words a search may add for another: letters only, three or more of them, in at
        least ``min_count`` paragraphs, not stop-words, not names; the ``limit`` most frequent,
        alphabetically."""
        kept = [(n, w) for w, n in self.counts.items()
                if n >= min_count and len(w) >= 3 and w.isalpha() and w not in STOP_WORDS and not self.is_name(w)]
        kept.sort(key=lambda x: (-x[0], x[1]))
        return sorted(w for _, w in kept[:limit])

    def names(self, min_count: int = 3) -> list[str]:
        """The words it prints as names in at least ``min_count`` paragraphs, sorted: a search
        adds no words near in meaning to these."""
        return sorted(w for w, n in self.counts.items() if n >= min_count and self.is_name(w))


_CACHED: OrderedDict[tuple[str, Any], Vocabulary] = OrderedDict()
_LOCK = threading.Lock()  # one build at a time: a second thread asking waits, then finds it


def store_address(store: Store) -> str:
    """What a cache of the store's contents is kept under: its URL (each thread of the web app has
    its own connection to one store), or the object itself for a store in memory."""
    url = getattr(store, "url", "")
    return f"{url}#{id(store)}" if ":memory:" in url or not url else url


def store_vocabulary(store: Store) -> Vocabulary:
    """The store's vocabulary, built once per store generation (a few seconds per 100,000
    paragraphs) and kept — for the last few stores, so that memory stays bounded."""
    key = (store_address(store), tuple(store_key(store)))  # a store made anew at one place differs
    with _LOCK:
        cached = _CACHED.get(key)
        if cached is None:
            cached = _read(store)
            _CACHED[key] = cached
            while len(_CACHED) > 4:
                _CACHED.popitem(last=False)
        else:
            _CACHED.move_to_end(key)
    return cached


_READING: set[str] = set()  # stores whose vocabulary a background thread is reading


def vocabulary_if_read(store: Store) -> Vocabulary | None:
    """The store's vocabulary if it has been read; else None, and a thread reads it now, over
    its own connection to the store's URL, for the next caller. For what must answer within a
    query's time bound (the paragraph search's spelling suggestion): reading takes seconds per
    100,000 paragraphs. A store in memory, which no other connection can open, is read here."""
    address = store_address(store)
    if address != getattr(store, "url", None):
        return store_vocabulary(store)
    key = (address, tuple(store_key(store)))
    if not _LOCK.acquire(blocking=False):
        return None  # a read is under way
    try:
        cached = _CACHED.get(key)
        if cached is not None or address in _READING:
            return cached
        _READING.add(address)
    finally:
        _LOCK.release()
    threading.Thread(target=_read_apart, args=(address,), name="peaceobs-vocabulary", daemon=True).start()
    return None


def _read_apart(url: str) -> None:
    from .store import open_store

    try:
        store = open_store(url, migrate=False)
        try:
            store_vocabulary(store)
        finally:
            store.close()
    except Exception as exc:  # noqa: BLE001 - said, and the next caller tries again
        log.warning("reading the vocabulary of %s failed: %s", redacted_url(url), exc)
    finally:
        with _LOCK:
            _READING.discard(url)


def _read(store: Store) -> Vocabulary:
    counts: dict[str, int] = {}
    capitalised: dict[str, int] = {}
    seen_titles: set[str] = set()
    for row in store.index_rows():
        texts = [row.text]
        if row.title not in seen_titles:
            seen_titles.add(row.title)
            texts.append(row.title)
        for text in texts:
            tokens = _WORD.findall(text)
            for w in {t.lower() for t in tokens}:
                counts[w] = counts.get(w, 0) + 1
            for w in {t.lower() for t in tokens if t[0].isupper()}:
                capitalised[w] = capitalised.get(w, 0) + 1
    return Vocabulary(counts, capitalised)
