"""``peaceobs pack …``: evidence packs, a thin shell over :mod:`peaceobs.packs`.

Writes name their actor with ``--as NAME`` and the password comes from ``$PEACEOBS_PASSWORD`` (or
is asked for), as in ``peaceobs track``. Reading commands take ``--as`` optionally: without it
only packs shared with the team are visible. Bad input is exit code 2, a refused role 3.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.markup import escape
from rich.table import Table

from .cli_common import DbOption, JsonOption, actor_or_exit, err, open_or_exit, out, print_json
from .cli_track import AsOption
from .errors import PeaceobsError
from .store import Store
from .track.roles import Actor

pack_app = typer.Typer(help="Evidence packs: paragraphs with notes, exported as DOCX or JSON.", no_args_is_help=True)


def _fail(message: str, code: int = 2) -> NoReturn:
    err.print(f"[red]error:[/] {escape(message)}")
    raise typer.Exit(code)


def _actor(store: Store, name: str | None, required: bool = True) -> Actor | None:
    """Who writes (required), or who reads when named (a private pack is its owner's)."""
    if not name and not required:
        return None
    return actor_or_exit(store, name)


def _run(fn: Any, *args: Any, **kwargs: Any) -> Any:
    """One error mapping for every command: refused role 3, anything else of ours 2."""
    from .track.roles import Forbidden

    try:
        return fn(*args, **kwargs)
    except Forbidden as exc:
        _fail(str(exc), 3)
    except PeaceobsError as exc:
        _fail(str(exc))


def _writer(store: Store, as_user: str | None) -> Actor:
    actor = _actor(store, as_user)
    assert actor is not None  # _actor exits when a required actor is missing
    return actor


@pack_app.command("add")
def pack_add(name: str, symbol: str,
             paragraph: Annotated[str | None, typer.Option("--paragraph", help="A paragraph ID: 'OP42(g)', 'PP11'. "
                                                           "Without it the whole document is added.")] = None,
             note: Annotated[str, typer.Option("--note", help="Why this item is in the pack.")] = "",
             title: Annotated[str, typer.Option(help="The pack's title, when this makes it.")] = "",
             shared: Annotated[bool, typer.Option("--shared/--private",
                                                  help="When this makes the pack: shared read-only with the team, "
                                                       "or private (default).")] = False,
             as_user: AsOption = None, db: DbOption = None) -> None:
    """Add a paragraph (or a document) to a pack, making the pack if it is missing."""
    from .packs import add_paragraph

    store = open_or_exit(db)
    actor = _writer(store, as_user)
    item = _run(add_paragraph, store, actor, name, symbol, paragraph, note, title=title, shared=shared)
    err.print(f"{name} #{item.position}: {item.ref['symbol']} {item.ref.get('pid', '')}".rstrip())


@pack_app.command("list")
def pack_list(as_user: AsOption = None, db: DbOption = None, json_out: JsonOption = False) -> None:
    """The packs you may read: shared ones, and with --as your own (an admin: all)."""
    from .packs import visible_packs

    store = open_or_exit(db)
    rows = visible_packs(store, _actor(store, as_user, required=False))
    if json_out:
        print_json([r._asdict() for r in rows])
        return
    table = Table(title="Evidence packs")
    for col in ("name", "items", "owner", "shared", "title", "updated"):
        table.add_column(col)
    for r in rows:
        table.add_row(escape(r.name), str(r.items), r.owner, "team" if r.shared else "private", escape(r.title),
                      r.updated_at)
    out.print(table)


@pack_app.command("show")
def pack_show(name: str, as_user: AsOption = None, db: DbOption = None, json_out: JsonOption = False) -> None:
    """A pack's items in order: position, citation, note, text."""
    from .packs import export_json

    store = open_or_exit(db)
    data = _run(export_json, store, name, _actor(store, as_user, required=False))
    if json_out:
        print_json(data)
        return
    table = Table(title=f"{escape(data['name'])}: {escape(data['title'])} ({data['owner']}, "
                        f"{'team' if data['shared'] else 'private'})")
    for col in ("#", "item", "note", "text"):
        table.add_column(col)
    for item in data["items"]:
        what = item.get("citation") or f"{item['kind']}: {json.dumps(item['ref'], ensure_ascii=False)}"
        if item["kind"] == "paragraph" and not item.get("resolved"):
            what = f"{item['symbol']} {item['pid']} (no longer in the store)"
        table.add_row(str(item["position"]), escape(what), escape(item["note"]), escape((item.get("text") or "")[:100]))
    out.print(table)


@pack_app.command("move")
def pack_move(name: str, position: int, new_position: int, as_user: AsOption = None, db: DbOption = None) -> None:
    """Move the item at POSITION to NEW_POSITION (1-based); the others close up."""
    from .packs import move

    store = open_or_exit(db)
    actor = _writer(store, as_user)
    _run(move, store, actor, name, position, new_position)
    err.print(f"{name}: item {position} is now {new_position}")


@pack_app.command("note")
def pack_note(name: str, position: int, text: str, as_user: AsOption = None, db: DbOption = None) -> None:
    """Set the note of the item at POSITION (an empty TEXT clears it)."""
    from .packs import annotate

    store = open_or_exit(db)
    actor = _writer(store, as_user)
    _run(annotate, store, actor, name, position, text)
    err.print(f"{name} #{position}: note set")


@pack_app.command("share")
def pack_share(name: str,
               shared: Annotated[bool, typer.Option("--team/--private", help="Share read-only with the team, "
                                                    "or make private again.")] = True,
               as_user: AsOption = None, db: DbOption = None) -> None:
    """Share a pack read-only with the team, or make it private."""
    from .packs import share

    store = open_or_exit(db)
    actor = _writer(store, as_user)
    _run(share, store, actor, name, shared)
    err.print(f"{name}: {'shared with the team' if shared else 'private'}")


@pack_app.command("export")
def pack_export(name: str,
                docx: Annotated[Path | None, typer.Option("--docx", help="Write a Word document with footnotes.")] = None,
                json_file: Annotated[Path | None, typer.Option("--json", help="Write JSON resolvable to store IDs.")] = None,
                as_user: AsOption = None, db: DbOption = None) -> None:
    """Export a pack: --docx FILE (quotations, UN-style footnotes, a table of sources) or --json FILE."""
    from .packs import export_docx, export_json

    if (docx is None) == (json_file is None):
        _fail("give one of --docx FILE or --json FILE")
    store = open_or_exit(db)
    actor = _actor(store, as_user, required=False)
    if docx is not None:
        docx.write_bytes(_run(export_docx, store, name, actor))
        err.print(f"wrote {docx}")
    elif json_file is not None:
        data = _run(export_json, store, name, actor)
        json_file.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        err.print(f"wrote {json_file}")
