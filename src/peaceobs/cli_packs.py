"""``peaceobs pack …``: evidence packs, a thin shell over :mod:`peaceobs.packs`.

Writes name their actor with ``--as NAME`` and the password comes from ``$PEACEOBS_PASSWORD`` (or
is asked for), as in ``peaceobs track``. Reading commands take ``--as`` optionally: without it
only packs shared with the team are visible. Bad input is exit code 2, a refused role 3.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

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
from .cli_track import AsOption
from .errors import PeaceobsError
from .store import Store

if TYPE_CHECKING:
    from .track.roles import Actor

pack_app = typer.Typer(help="Evidence packs: paragraphs, comparisons, mandates, budgets, scenarios, trends and "
                            "searches with notes, exported as DOCX, PDF or JSON.", no_args_is_help=True)


NoteOption = Annotated[str, typer.Option("--note", help="Why this item is in the pack.")]
TitleOption = Annotated[str, typer.Option(help="The pack's title, when this makes it.")]
SharedOption = Annotated[bool, typer.Option("--shared/--private", help="When this makes the pack: shared read-only "
                                                                      "with the team, or private (default).")]


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
             note: NoteOption = "", title: TitleOption = "", shared: SharedOption = False,
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
    table = narrow_table("Evidence packs", [("name", Col.KEY), ("items", Col.NUMBER), ("owner", Col.KEY),
                                            ("shared", Col.KEY), ("title", Col.TEXT), ("updated", Col.TEXT)])
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
    table = narrow_table(f"{escape(data['name'])}: {escape(data['title'])} ({data['owner']}, "
                         f"{'team' if data['shared'] else 'private'})",
                         [("#", Col.NUMBER), ("item", Col.TEXT), ("note", Col.TEXT), ("text", Col.TEXT)])
    for item, section in zip(data["items"], data["sections"], strict=True):
        what = item.get("citation") or f"{item['kind']}: {section['heading'] or json.dumps(item['ref'], ensure_ascii=False)}"
        if section["problem"]:
            what += f" ({section['problem']})"
        table.add_row(str(item["position"]), escape(what), escape(item["note"]), escape(item.get("text") or ""))
    out.print(table)


@pack_app.command("move")
def pack_move(name: str, position: int, new_position: int, as_user: AsOption = None, db: DbOption = None) -> None:
    """Move the item at POSITION to NEW_POSITION (1-based); the others close up."""
    from .packs import move

    store = open_or_exit(db)
    actor = _writer(store, as_user)
    _run(move, store, actor, name, position, new_position)
    err.print(f"{name}: item {position} is now {new_position}")


@pack_app.command("remove")
def pack_remove(name: str, position: int, as_user: AsOption = None, db: DbOption = None) -> None:
    """Remove the item at POSITION (1-based); the others close up."""
    from .packs import remove

    store = open_or_exit(db)
    actor = _writer(store, as_user)
    left = _run(remove, store, actor, name, position)
    err.print(f"{name}: item {position} removed ({len(left)} left)")


@pack_app.command("delete")
def pack_delete(name: str, as_user: AsOption = None, db: DbOption = None) -> None:
    """Delete a pack and its items (its owner or an admin; the audit log keeps what it held)."""
    from .packs import delete

    store = open_or_exit(db)
    actor = _writer(store, as_user)
    _run(delete, store, actor, name)
    err.print(f"{name}: deleted")


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
                pdf: Annotated[Path | None, typer.Option("--pdf", help="Write a PDF with footnotes (Typst, fonts embedded).")] = None,
                json_file: Annotated[Path | None, typer.Option("--json", help="Write JSON resolvable to store IDs.")] = None,
                as_user: AsOption = None, db: DbOption = None) -> None:
    """Export a pack: --docx FILE or --pdf FILE (quotations, tables, redlines, charts, UN-style
    footnotes, a table of sources) or --json FILE."""
    from .packs import export_docx, export_json, export_pdf

    chosen = [(flag, path) for flag, path in (("docx", docx), ("pdf", pdf), ("json", json_file)) if path is not None]
    if len(chosen) != 1:
        _fail("give one of --docx FILE, --pdf FILE or --json FILE")
    store = open_or_exit(db)
    actor = _actor(store, as_user, required=False)
    flag, path = chosen[0]
    try:
        if flag == "json":
            data = _run(export_json, store, name, actor)
            blob = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        else:
            blob = _run(export_docx if flag == "docx" else export_pdf, store, name, actor)
    except typer.Exit:
        raise
    except Exception as exc:  # noqa: BLE001 — a renderer's failure (Typst, vl-convert): one line, exit 2
        _fail(f"{name}: the {flag} export failed: {type(exc).__name__}: {exc}")
    _write(path, blob)
    err.print(f"wrote {path}")


def _write(path: Path, data: bytes) -> None:
    """All or nothing: a file of its own beside the target (never following a link there), flushed
    to disk and renamed over it, so a failed export leaves no half-written file."""
    import os
    import tempfile

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent or ".")
    except OSError as exc:
        _fail(f"{path}: {exc.strerror or exc}")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        _fail(f"{path}: {exc.strerror or exc}")


@pack_app.command("add-item")
def pack_add_item(name: str,
                  kind: Annotated[str, typer.Argument(help="comparison, mandate, budget, assessment, trend or search.")],
                  fields: Annotated[list[str] | None, typer.Argument(
                      help="KEY=VALUE: a=SYMBOL b=SYMBOL (comparison); mission=ACRONYM (mandate, budget); "
                           "budget=… share=… scale=… (assessment); term=… [term=…] body=… by=year|session "
                           "(trend); q=… body=… type=… year=… (search). A key may repeat.")] = None,
                  note: NoteOption = "", title: TitleOption = "", shared: SharedOption = False,
                  as_user: AsOption = None, db: DbOption = None) -> None:
    """Add a comparison, mandate timeline, budget table, assessment scenario, trend chart or search
    to a pack — what the web's "Add to pack" adds from those pages."""
    from .packs import add_item

    params: dict[str, list[str]] = {}
    for f in fields or []:
        key, eq, value = f.partition("=")
        if not eq or not key:
            _fail(f"{f!r}: give KEY=VALUE")
        params.setdefault(key.strip(), []).append(value)
    flat = {k: v[0] for k, v in params.items()}
    ref: dict[str, Any] = flat if kind in ("comparison", "mandate", "budget", "paragraph", "document") else {"params": params}
    store = open_or_exit(db)
    actor = _writer(store, as_user)
    item = _run(add_item, store, actor, name, kind, ref, note, title=title, shared=shared)
    err.print(f"{name} #{item.position}: {kind} {json.dumps(item.ref, ensure_ascii=False)}")
