"""``peaceobs track …`` (the recommendation tracker) and ``peaceobs user …`` (accounts): thin
shells over :mod:`peaceobs.track` and :mod:`peaceobs.accounts`.

Every write names its actor with ``--as NAME``; the password comes from ``$PEACEOBS_PASSWORD``
or is asked for (never on the command line, where ``ps`` would show it). Bad input is one line on
stderr and exit code 2; a refused role is exit code 3; a conflict (someone changed it since) 4.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.markup import escape

from .cli_common import Col, DbOption, JsonOption, err, narrow_table, open_or_exit, out, print_json
from .cli_common import actor_or_exit as _actor
from .errors import PeaceobsError

track_app = typer.Typer(help="The recommendation tracker: frameworks, evidence, statuses.", no_args_is_help=True)
user_app = typer.Typer(help="Accounts: users with roles, API tokens.", no_args_is_help=True)

AsOption = Annotated[str | None, typer.Option("--as", help="Your user name (password from $PEACEOBS_PASSWORD or asked).")]


def _fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[red]error:[/] {escape(message)}")
    raise typer.Exit(code)


def _run(fn, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202 — one error mapping for every command
    from .track import Forbidden, TrackConflict

    try:
        return fn(*args, **kwargs)
    except Forbidden as exc:
        _fail(str(exc), 3)
    except TrackConflict as exc:
        _fail(str(exc), 4)
    except PeaceobsError as exc:
        _fail(str(exc))


# ---- frameworks -------------------------------------------------------------------------------

framework_app = typer.Typer(help="Add or delete a framework.", no_args_is_help=True)
track_app.add_typer(framework_app, name="framework")


@framework_app.command("add")
def framework_add(name: str,
                  source: Annotated[str | None, typer.Option("--from", help="A stored document's symbol.")] = None,
                  paragraphs: Annotated[str | None, typer.Option("--paragraphs", help="IDs and ranges: 'OP42(a)-OP42(g)'.")] = None,
                  file: Annotated[Path | None, typer.Option("--file", help="A CSV or YAML of id, text, area, source.")] = None,
                  title: Annotated[str, typer.Option(help="A title to show.")] = "",
                  as_user: AsOption = None, db: DbOption = None) -> None:
    """Make a framework from stored paragraphs (--from SYMBOL --paragraphs SPEC) or a file (--file)."""
    from .track import add_framework, commitments_from_file, commitments_from_paragraphs

    if bool(source) == bool(file) or (source and not paragraphs):
        _fail("give --from SYMBOL --paragraphs SPEC, or --file FILE")
    store = open_or_exit(db)
    actor = _actor(store, as_user)
    if source:
        doc = store.get_document(source)
        if doc is None:
            _fail(f"no document {source!r} in the store")
        drafts = _run(commitments_from_paragraphs, doc, paragraphs)
        where = f"{doc.symbol} {paragraphs}"
        title = title or f"{doc.symbol}: {paragraphs}"
    else:
        drafts = _run(commitments_from_file, file)
        where = str(file)
    _run(add_framework, store, actor, name, title, where, drafts)
    err.print(f"framework {name}: {len(drafts)} commitments from {where}")


@framework_app.command("delete")
def framework_delete(name: str, as_user: AsOption = None, db: DbOption = None) -> None:
    """Delete a framework (the audit log keeps that it existed)."""
    from .track import delete_framework

    store = open_or_exit(db)
    _run(delete_framework, store, _actor(store, as_user), name)
    err.print(f"framework {name} deleted")


@track_app.command("list")
def track_list(db: DbOption = None, json_out: JsonOption = False) -> None:
    """The frameworks in the store."""
    store = open_or_exit(db)
    rows = store.frameworks()
    if json_out:
        print_json([r._asdict() for r in rows])
        return
    table = narrow_table("Frameworks", [("name", Col.KEY), ("commitments", Col.NUMBER), ("title", Col.TEXT), ("source", Col.TEXT),
                                        ("created", Col.TEXT)])
    for r in rows:
        table.add_row(r.name, str(r.commitments), escape(r.title), escape(r.source), f"{r.created_at} by {r.created_by}")
    out.print(table)


@track_app.command("show")
def track_show(name: str, db: DbOption = None, json_out: JsonOption = False) -> None:
    """A framework's commitments: ID, source paragraph, text, status, links."""
    from .track import show

    store = open_or_exit(db)
    data = _run(show, store, name)
    if json_out:
        print_json(data)
        return
    table = narrow_table(f"{escape(data['name'])}: {escape(data['title'])}",
                         [("ref", Col.KEY), ("status", Col.KEY), ("evidence", Col.NUMBER), ("text", Col.TEXT)])
    for c in data["commitments"]:
        confirmed = sum(x["state"] == "confirmed" for x in c["links"])
        table.add_row(c["ref"], c["status"], str(confirmed), escape(c["text"]))
    out.print(table)


@track_app.command("suggest")
def track_suggest(name: str, ref: Annotated[str | None, typer.Argument(help="One commitment (default: all).")] = None,
                  limit: int = 10,
                  model: Annotated[str, typer.Option(help="minilm, wordllama, or none (BM25 alone).")] = "minilm",
                  store_links: Annotated[bool, typer.Option("--store", help="Keep the suggestions as links to review.")] = False,
                  as_user: AsOption = None, db: DbOption = None, json_out: JsonOption = False) -> None:
    """Candidate evidence for each commitment: later paragraphs, BM25 re-ranked by embeddings."""
    from .track import embedder, link, suggest

    store = open_or_exit(db)
    actor = _actor(store, as_user) if store_links else None
    chosen = [store.commitment_by_ref(name, ref)] if ref else _run(store.commitments, name)
    if not chosen:
        _fail(f"no framework {name!r} (or it has no commitments)")
    model_obj = None if model == "none" else _run(embedder, model)
    result = {}
    for c in chosen:
        year = None
        if c.source_symbol:
            doc = store.get_document(c.source_symbol, with_paragraphs=False)
            year = doc.year if doc else None
        found = _run(suggest, store, c, limit=limit, embedder=model_obj, year_from=year)
        result[c.ref] = found
        if actor is not None:
            for s in found:
                if not any(x.symbol == s.symbol and x.pid == s.pid for x in store.links(c.id)):
                    _run(link, store, actor, c.id, s.symbol, s.pid, state="suggested", score=s.score,
                         origin="suggested")
    if json_out:
        print_json({ref: [{"symbol": s.symbol, "pid": s.pid, "title": s.title, "score": s.score,
                           "bm25_rank": s.bm25_rank, "similarity": s.similarity} for s in found]
                    for ref, found in result.items()})
        return
    for ref_, found in result.items():
        table = narrow_table(f"{escape(name)} {escape(ref_)}",
                             [("#", Col.NUMBER), ("paragraph", Col.KEY), ("similarity", Col.NUMBER), ("document", Col.TEXT)])
        for k, s in enumerate(found, start=1):
            sim = f"{s.similarity:.2f}" if s.similarity is not None else "—"
            table.add_row(str(k), escape(f"{s.symbol} {s.pid}"), sim, escape(s.title))
        out.print(table)


@track_app.command("link")
def track_link(name: str, ref: str, symbol: str, pid: str,
               state: Annotated[str, typer.Option(help="confirmed, rejected or suggested.")] = "confirmed",
               note: str = "", as_user: AsOption = None, db: DbOption = None) -> None:
    """Link a paragraph as evidence (or confirm / reject a suggested one)."""
    from .track import link

    store = open_or_exit(db)
    actor = _actor(store, as_user)
    c = _run(store.commitment_by_ref, name, ref)
    row = _run(link, store, actor, c.id, symbol, pid, state=state, note=note)
    err.print(f"{name} {ref}: {row.symbol} {row.pid} {row.state}")


@track_app.command("status")
def track_status(name: str, ref: str, status: str,
                 rationale: Annotated[str, typer.Option(help="Why: what the evidence shows.")] = "",
                 evidence: Annotated[list[str] | None, typer.Option(help="A confirmed link, 'SYMBOL#PID'; repeat.")] = None,
                 version: Annotated[int | None, typer.Option(help="The version you read (default: the current).")] = None,
                 as_user: AsOption = None, db: DbOption = None) -> None:
    """Set a commitment's status: not started, in progress, implemented, reversed, unclear."""
    from .track import set_status

    store = open_or_exit(db)
    actor = _actor(store, as_user)
    c = _run(store.commitment_by_ref, name, ref)
    row = _run(set_status, store, actor, c.id, status, rationale, evidence or [],
               c.version if version is None else version)
    err.print(f"{name} {ref}: {row.status} (version {row.version})")


@track_app.command("export")
def track_export(name: str, output: Annotated[Path, typer.Option("--output", "-o", help=".csv, .json or .xlsx")],
                 db: DbOption = None) -> None:
    """A framework's commitments, statuses and confirmed evidence as CSV, JSON or XLSX."""
    from .track import export_csv, export_json, export_xlsx

    store = open_or_exit(db)
    suffix = output.suffix.lower()
    if suffix == ".csv":
        output.write_text(_run(export_csv, store, name), encoding="utf-8")
    elif suffix == ".json":
        output.write_text(_run(export_json, store, name), encoding="utf-8")
    elif suffix == ".xlsx":
        output.write_bytes(_run(export_xlsx, store, name))
    else:
        _fail("--output must end in .csv, .json or .xlsx")
    err.print(f"wrote {output}")


@track_app.command("audit")
def track_audit(limit: int = 50, db: DbOption = None, json_out: JsonOption = False) -> None:
    """The latest changes: who, when, what, before and after (append-only)."""
    store = open_or_exit(db)
    rows = store.audit_log(limit=limit)
    if json_out:
        print_json([r._asdict() for r in rows])
        return
    table = narrow_table("Audit log (newest first)", [("at", Col.TEXT), ("actor", Col.KEY), ("action", Col.KEY),
                                                      ("object", Col.TEXT), ("after", Col.TEXT)])
    for r in rows:
        table.add_row(r.at, r.actor, r.action, r.object, escape(str(r.after)[:80]))
    out.print(table)


# ---- users ------------------------------------------------------------------------------------


@user_app.command("add")
def user_add(name: str, role: Annotated[str, typer.Option(help="reader, analyst, reviewer or admin.")],
             as_user: AsOption = None, db: DbOption = None) -> None:
    """Add a user; the new password is read from stdin (or $PEACEOBS_NEW_PASSWORD). The first user
    needs no --as; later ones need an admin's."""
    from .accounts import add_user

    store = open_or_exit(db, create=True)
    by = _actor(store, as_user) if store.users() else None
    new = os.environ.get("PEACEOBS_NEW_PASSWORD") or sys.stdin.readline().rstrip("\n")
    _run(add_user, store, name, role, new, by=by)
    err.print(f"user {name} added as {role}")


@user_app.command("role")
def user_role(name: str, role: str, as_user: AsOption = None, db: DbOption = None) -> None:
    """Change a user's role (admins only)."""
    from .accounts import set_role

    store = open_or_exit(db)
    _run(set_role, store, _actor(store, as_user), name, role)
    err.print(f"{name} is now {role}")


@user_app.command("token")
def user_token(name: str, label: str = "", as_user: AsOption = None, db: DbOption = None) -> None:
    """An API token for scripts (shown once): send it as 'Authorization: Bearer TOKEN'."""
    from .accounts import issue_token

    store = open_or_exit(db)
    sys.stdout.write(_run(issue_token, store, _actor(store, as_user), name, label) + "\n")


@user_app.command("list")
def user_list(db: DbOption = None, json_out: JsonOption = False) -> None:
    store = open_or_exit(db)
    rows = [{"name": u.name, "role": u.role, "active": u.active, "created_at": u.created_at} for u in store.users()]
    if json_out:
        print_json(rows)
        return
    for r in rows:
        out.print(f"{r['name']}\t{r['role']}\t{'active' if r['active'] else 'inactive'}")
