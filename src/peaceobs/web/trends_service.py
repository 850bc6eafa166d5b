"""What the emerging-issues pages (/trends, /emerging, /watches) and their API both need, done
once: the terms of a request, whose watches these are, and the Atom feed a reader can fetch.

A watch is personal: it belongs to the logged-in user (``Watch.owner`` is the user's name), and
any role may keep watches, a reader included — they change nothing anyone else sees. Another
user's watch answers 404, as if it did not exist, so that its ID says nothing about whose it is.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any
from urllib.parse import parse_qs, urlencode

from fastapi import HTTPException, Request
from fastapi.responses import PlainTextResponse
from starlette.concurrency import run_in_threadpool

from ..accounts import csrf_ok
from ..store import Store
from ..track import Actor
from ..track.trends import TrendError
from ..track.watches import Watch, atom_feed, list_watches, new_since
from .auth import UNAUTHORIZED, current_viewer

# A chart of more lines than this is unreadable, and each term is a count over the whole store.
MAX_TERMS = 8
# A feed lists the latest matches since the watch was made, not since a visit: a feed reader
# keeps what it has seen by entry ID, and must not take the page's "new" away from its owner.
FEED_ENTRIES = 50


def chosen_terms(terms: list[str]) -> list[str]:
    """The terms of a form with several boxes: blank boxes left out, but some term needed (a
    form sent with every box blank is refused, not answered with an empty chart)."""
    kept = [t.strip() for t in terms if t.strip()]
    if terms and not kept:
        raise TrendError("an empty term: give a word, a \"phrase\" or a prefix*")
    return check_terms(kept)


def check_terms(terms: list[str]) -> list[str]:
    if len(terms) > MAX_TERMS:
        raise TrendError(f"at most {MAX_TERMS} terms on one chart ({len(terms)} given)")
    return terms


# -- whose watches -------------------------------------------------------------------------------


def watch_reader(request: Request) -> Actor | None:
    """The logged-in user reading their watches (session or API token), or None: pages send
    anonymous visitors to /login, the API answers 401."""
    return current_viewer(request).actor


def api_watch_reader(request: Request) -> Actor:
    actor = watch_reader(request)
    if actor is None:
        raise HTTPException(401, current_viewer(request).problem or "log in (or send an API token): a watch "
                            "belongs to a user", headers=UNAUTHORIZED)
    return actor


def watch_writer(request: Request, submitted_csrf: str | None) -> Actor:
    """The user changing their own watches: 401 without credentials, 403 for a login session
    without its CSRF token (a token sent by a script needs none: no browser sends it unasked).
    No role is needed beyond a login."""
    viewer = current_viewer(request)
    if viewer.actor is None:
        raise HTTPException(401, viewer.problem or "log in (or send an API token) to keep watches",
                            headers=UNAUTHORIZED)
    if viewer.via == "session" and (viewer.session is None or not csrf_ok(viewer.session, submitted_csrf)):
        raise HTTPException(403, "missing or wrong CSRF token: reload the page and try again")
    return viewer.actor


def owned_watch(store: Store, actor: Actor, watch_id: int) -> Watch:
    """The actor's watch of that ID; 404 for one that is not theirs. Looked up among the owner's
    own watches (a person keeps a handful), so another's is never even read."""
    for w in list_watches(store, actor.name):
        if w.id == watch_id:
            return w
    raise HTTPException(404, f"you have no watch {watch_id}")


def new_count(store: Store, watch: Watch) -> tuple[int, bool]:
    """How many paragraphs are new for ``watch`` (and whether there are more than a visit shows),
    without recording a visit. Nothing is searched while the store's generation is the one seen."""
    visit = new_since(store, watch)
    return len(visit.hits), visit.truncated


def watch_links(watch: Watch) -> dict[str, str]:
    return {"url": f"/watches/{watch.id}", "feed": f"/watches/{watch.id}/feed.atom"}


# -- the Atom feed -------------------------------------------------------------------------------


def feed_xml(request: Request, store: Store, watch: Watch) -> str:
    """The watch's feed: the latest :data:`FEED_ENTRIES` paragraphs matching it in documents
    stored since it was made, newest first. Its ID and self link are the feed's address without
    the query, so a token given as ``?token=`` is never written into the feed."""
    since_made = replace(watch, last_seen=watch.created_at, last_seen_generation=-1)  # -1: always searched
    visit = new_since(store, since_made, limit=FEED_ENTRIES)
    base = str(request.base_url).rstrip("/")  # with the app's --root-path
    return atom_feed(watch, visit.hits, base_url=base, feed_url=f"{base}/watches/{watch.id}/feed.atom",
                     updated=max((h.ingested_at for h in visit.hits), default=watch.created_at))


def is_feed_path(path: str) -> bool:
    """/watches/{id}/feed.atom (below the app's prefix)."""
    parts = path.strip("/").split("/")
    return len(parts) == 3 and parts[0] == "watches" and parts[1].isdigit() and parts[2] == "feed.atom"


class FeedToken:
    """A feed reader cannot log in, nor send headers: on a watch's feed (GET only) an API token
    may come as ``?token=…``. It is taken as the ``Authorization: Bearer`` header it stands for —
    on that path alone — and removed from the query; an unknown token is answered 401 here, so
    that with ``read_requires_login`` the reader gets a refusal rather than the login page.

    Sits outside LoginGate (see create_app), which then sees a token like any other."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        path, root = scope["path"], scope.get("root_path", "")
        if root and path.startswith(root + "/"):
            path = path[len(root):]
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        tokens = query.pop("token", None)
        if not is_feed_path(path) or tokens is None:
            await self.app(scope, receive, send)
            return
        token = tokens[0].strip()
        headers = [(k, v) for k, v in scope["headers"] if k.lower() != b"authorization"]
        headers.append((b"authorization", f"Bearer {token}".encode("latin-1", "replace")))
        scope = {**scope, "headers": headers, "query_string": urlencode(query, doseq=True).encode("latin-1")}
        viewer = await run_in_threadpool(current_viewer, Request(scope))  # reads the store: a worker thread
        if viewer.actor is None:
            response = PlainTextResponse(f"401: {viewer.problem or 'a token is needed'}\n", 401, headers=UNAUTHORIZED)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
