"""``peaceobs trends``, ``peaceobs emerging`` and ``peaceobs watch``: thin shells over
:mod:`peaceobs.track.trends`, :mod:`peaceobs.track.emerging` and :mod:`peaceobs.track.watches`.
Bad input is one line on stderr and exit code 2; nothing is stored."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.markup import escape

from .cli_common import (
    Col,
    DbOption,
    JsonOption,
    actor_or_exit,
    err,
    narrow_table,
    open_or_exit,
    out,
    print_json,
)
from .errors import PeaceobsError
from .query import Filters
from .store import Store

BodyOption = Annotated[str | None, typer.Option("--body", help="Only this body's documents: GA, SC, SG, ACABQ …")]
ByOption = Annotated[str, typer.Option("--by", help="Periods: year, or session (GA sessions).")]
DraftsOption = Annotated[bool, typer.Option("--drafts", help="Count draft proposals too (left out by default: "
                                                             "a draft and its resolution are one decision).")]
# A watch is its owner's: --as NAME logs in (password from $PEACEOBS_PASSWORD or asked) and the
# watch is that user's, as in the web app; without --as, the watches of the store's own user
# (a one-person store, no accounts). Nobody writes another's watch by naming them.
WatcherOption = Annotated[str | None, typer.Option("--as", help="Your user name (password from $PEACEOBS_PASSWORD or "
                                                                  "asked); without it, the store's own watches.")]


def _owner(store: Store, as_user: str | None) -> str:
    return actor_or_exit(store, as_user).name if as_user else ""

_BARS = "▁▂▃▄▅▆▇█"
CURVE = 12  # periods drawn in a terminal curve


def _fail(message: str) -> NoReturn:
    err.print(f"[red]error:[/] {escape(message)}")
    raise typer.Exit(2)


def _spark(values: list[float]) -> str:
    """A curve in one line of block characters, scaled to its own top (zero stays the lowest)."""
    top = max(values, default=0) or 1
    return "".join(_BARS[min(len(_BARS) - 1, round(v / top * (len(_BARS) - 1)))] for v in values)


def _snippet(snippet: str) -> str:
    """A safe-HTML snippet as terminal markup: the highlight kept, the rest as text."""
    text = re.sub(r"</?mark>", "\0", snippet).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    parts = text.split("\0")
    return "".join(escape(p) if k % 2 == 0 else f"[bold yellow]{escape(p)}[/]" for k, p in enumerate(parts))


def trends_cmd(terms: Annotated[list[str], typer.Argument(help='Terms or "phrases" (search syntax), one chart each.')],
               body: BodyOption = None, by: ByOption = "year", drafts: DraftsOption = False,
               evidence: Annotated[int, typer.Option("--evidence", help="Paragraphs kept per point (--json).")] = 3,
               db: DbOption = None, json_out: JsonOption = False) -> None:
    """How many documents use each term per year or GA session, and their share of all the
    period's documents (drafts left out unless --drafts); --json adds the evidence paragraphs."""
    from .track.trends import trends

    store = open_or_exit(db)
    try:
        result = trends(store, terms, body=body, by=by, include_drafts=drafts,  # type: ignore[arg-type]
                        evidence=max(0, evidence))
    except PeaceobsError as exc:
        _fail(str(exc))
    finally:
        store.close()
    if json_out:
        print_json(result.to_dict())
        return
    scope = f"{result.body or 'all bodies'}, by {result.by}" + (", drafts included" if drafts else "")
    table = narrow_table(f"Documents using each term ({escape(scope)})",
                         [(result.by, Col.KEY), ("documents", Col.NUMBER), *((escape(t.term), Col.FIGURES) for t in result.terms)])
    for k, period in enumerate(result.periods):
        table.add_row(str(period), str(result.totals[k]),
                      *(f"{t.points[k].documents} ({t.points[k].share:.1%})" for t in result.terms))
    out.print(table)
    for t in result.terms:
        out.print(f"{escape(t.term)}: {_spark([p.share for p in t.points])}  {t.documents} documents")
    out.print("[dim]share = documents using the term / documents of the period; --json for the evidence "
              "paragraphs of each point[/]")


def emerging_cmd(top: Annotated[int, typer.Option("--top", help="Terms listed.")] = 20,
                 body: BodyOption = None, by: ByOption = "year", drafts: DraftsOption = False,
                 latest: Annotated[int, typer.Option("--latest", help="Bursts reaching these last periods.")] = 1,
                 s: Annotated[float, typer.Option("--s", help="Burst rate = s × the term's usual share.")] = 2.0,
                 gamma: Annotated[float, typer.Option("--gamma", help="Cost of entering a burst, × ln(periods).")] = 1.0,
                 min_docs: Annotated[int, typer.Option("--min-docs", help="Terms in at least this many documents.")] = 5,
                 db: DbOption = None, json_out: JsonOption = False) -> None:
    """Words and two-word phrases whose use bursts in the latest periods (Kleinberg's burst
    model), heaviest first, with their curves and an example paragraph."""
    from .track.emerging import emerging

    store = open_or_exit(db)
    try:
        result = emerging(store, body=body, by=by, include_drafts=drafts, top=top,  # type: ignore[arg-type]
                          s=s, gamma=gamma, min_docs=min_docs, latest=latest)
    except PeaceobsError as exc:
        _fail(str(exc))
    finally:
        store.close()
    if json_out:
        print_json(result.to_dict())
        return
    if len(result.periods) < 2:
        out.print(f"Fewer than two {escape(result.by)}s hold documents here: nothing can burst.")
        return
    # The curve covers the last CURVE periods (a century of years would fill the line); the counts
    # of the last ones get a column each while the terminal has room for them beside the term and
    # its example (none at 80 columns, six from 118 on).
    shown = result.periods[len(result.periods) - min(6, max(0, (out.width - 76) // 7)):]
    table = narrow_table(f"Emerging in {result.by} {result.periods[-1]} ({escape(result.body or 'all bodies')}; "
                         f"{result.vocabulary:,} terms in ≥ {min_docs} documents)",
                         [("term", Col.TEXT), ("weight", Col.NUMBER), ("burst", Col.KEY),
                          (f"curve, {result.periods[-min(CURVE, len(result.periods))]}–", Col.KEY),
                          *((str(p), Col.NUMBER) for p in shown), ("example", Col.KEY)])
    for t in result.terms:
        ex = t.evidence[0] if t.evidence else None
        name = escape(t.term) + (f"\n[dim]{escape(', '.join(t.related[:4]))}[/]" if t.related else "")
        burst = str(t.burst[0]) if t.burst[0] == t.burst[1] else f"{t.burst[0]}–{t.burst[1]}"
        table.add_row(name, f"{t.weight:.1f}", burst, _spark(t.shares[-CURVE:]),
                      *(str(c) for c in t.counts[len(t.counts) - len(shown):]),
                      f"{escape(ex.symbol)} {escape(ex.pid)}" if ex else "")
    out.print(table)
    last = result.periods[-6:]
    out.print(f"[dim]documents per {escape(result.by)}: "
              + ", ".join(f"{p}: {n}" for p, n in zip(last, result.totals[-len(last):], strict=True))
              + f"; s = {s:g}, γ = {gamma:g}; --json for every curve and the example paragraphs[/]")


# -- watches --------------------------------------------------------------------------------------

watch_app = typer.Typer(help="Saved searches: what is new since the last visit, also as an Atom feed.",
                        no_args_is_help=True)


@watch_app.command("add")
def watch_add(name: Annotated[str, typer.Argument(help="A name for the watch.")],
              query: Annotated[str, typer.Argument(help='Words, "phrases", prefix*, OR, -not.')],
              body: BodyOption = None,
              doc_type: Annotated[str | None, typer.Option("--type", help="resolution, draft, report …")] = None,
              year_from: Annotated[int | None, typer.Option(help="From this year.")] = None,
              year_to: Annotated[int | None, typer.Option(help="To this year.")] = None,
              symbol: Annotated[str | None, typer.Option(help="Symbol prefix, e.g. A/RES/80/.")] = None,
              kind: Annotated[str | None, typer.Option(help="preambular, operative, body …")] = None,
              as_user: WatcherOption = None, db: DbOption = None, json_out: JsonOption = False) -> None:
    """Save a search; its first visit shows what is stored after now."""
    from .track.trends import check_body
    from .track.watches import add_watch

    store = open_or_exit(db, create=True)
    owner = _owner(store, as_user)
    try:
        check_body(store, body, stored=False)
        watch = add_watch(store, name, query, Filters(body=body.upper() if body else None, doc_type=doc_type,
                                                      year_from=year_from, year_to=year_to,
                                                      symbol_prefix=symbol, kind=kind), owner)
    except PeaceobsError as exc:
        _fail(str(exc))
    finally:
        store.close()
    if json_out:
        print_json(watch.to_dict())
        return
    err.print(f"watching {escape(watch.query)} as {escape(watch.name)}; new paragraphs from now on: "
              f"peaceobs watch new {escape(watch.name)}")


@watch_app.command("list")
def watch_list(owner: Annotated[str | None, typer.Option("--owner", help="One owner's watches.")] = None,
               db: DbOption = None, json_out: JsonOption = False) -> None:
    """The saved searches, with when each was last seen."""
    from .track.watches import list_watches

    store = open_or_exit(db)
    try:
        watches = list_watches(store, owner)
    finally:
        store.close()
    if json_out:
        print_json([w.to_dict() for w in watches])
        return
    if not watches:
        out.print("No watches yet: peaceobs watch add NAME QUERY")
        return
    table = narrow_table("Watches", [("name", Col.KEY), ("query", Col.TEXT), ("filters", Col.TEXT), ("last seen", Col.TEXT),
                                     ("owner", Col.KEY)])
    for w in watches:
        f = ", ".join(f"{k}={v}" for k, v in w.to_dict()["filters"].items())
        table.add_row(escape(w.name), escape(w.query), escape(f), w.last_seen, escape(w.owner))
    out.print(table)


@watch_app.command("new")
def watch_new(name: Annotated[str, typer.Argument(help="The watch's name.")],
              atom: Annotated[Path | None, typer.Option("--atom", help="Also write the new paragraphs as an Atom feed.")] = None,
              base_url: Annotated[str, typer.Option("--base-url", help="Where the Observatory is served (feed links).")]
              = "http://127.0.0.1:8000",
              peek: Annotated[bool, typer.Option("--peek", help="Show without marking the watch seen.")] = False,
              limit: Annotated[int, typer.Option("--limit", help="Paragraphs at most.")] = 200,
              as_user: WatcherOption = None, db: DbOption = None, json_out: JsonOption = False) -> None:
    """The paragraphs matching a watch in documents stored since its last visit; the visit is
    then recorded (unless --peek)."""
    from .track.watches import atom_feed, get_watch, mark_seen, new_since

    store = open_or_exit(db)
    owner = _owner(store, as_user)
    try:
        watch = get_watch(store, name, owner)
        visit = new_since(store, watch, limit=max(1, limit))
        if atom is not None:
            atom.write_text(atom_feed(watch, visit.hits, base_url=base_url), encoding="utf-8")
        if not peek:
            mark_seen(store, watch, visit)
    except (PeaceobsError, OSError) as exc:
        _fail(str(exc))
    finally:
        store.close()
    if json_out:
        print_json(visit.to_dict())
        return
    out.print(f"[dim]{len(visit.hits)}{'+' if visit.truncated else ''} new paragraphs for "
              f"{escape(watch.name)} ({escape(watch.query)}) since {visit.since}[/]")
    for h in visit.hits:
        out.print(f"[bold cyan]{escape(h.symbol)}[/] [green]{escape(h.pid)}[/] [dim]{h.kind} · {h.date or ''} · "
                  f"stored {h.ingested_at}[/]")
        out.print(f"    {_snippet(h.snippet)}")


@watch_app.command("delete")
def watch_delete(name: Annotated[str, typer.Argument(help="The watch's name.")],
                 as_user: WatcherOption = None, db: DbOption = None) -> None:
    """Forget a saved search."""
    from .track.watches import delete_watch

    store = open_or_exit(db)
    owner = _owner(store, as_user)
    try:
        gone = delete_watch(store, name, owner)
    finally:
        store.close()
    if not gone:
        _fail(f"no watch named {name!r}")
    err.print(f"deleted watch {escape(name)}")
