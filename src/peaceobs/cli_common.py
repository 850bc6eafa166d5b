"""What every command shares: the consoles, the store option and how a store is opened."""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from .settings import Settings
from .store import Store, open_store

out = Console()
err = Console(stderr=True, soft_wrap=True)  # one failure, one line: never wrapped

DbOption = Annotated[str | None, typer.Option("--db", help="Store URL: a SQLite path/sqlite:///… or postgresql://…; default $PEACEOBS_DB or data/peaceobs.db")]
JsonOption = Annotated[bool, typer.Option("--json", help="Machine-readable JSON on stdout.")]


class Col(StrEnum):
    """Kinds of table column (see :func:`narrow_table`)."""

    KEY = "key"  # symbols, paragraph IDs, dates, short labels: never wrapped, never cut
    NUMBER = "number"  # a figure: right-aligned, never wrapped
    TEXT = "text"  # words: wrapped at spaces, a word longer than the column folded
    FIGURES = "figures"  # right-aligned words ("13 (5.3%)"), wrapped like TEXT


def narrow_table(title: str | None, columns: list[tuple[str, Col]]) -> Table:
    """A table that fits an 80-column terminal: light rules and one space between columns
    instead of boxes, so that the text columns keep their room. ``columns`` are (header, kind):
    a KEY or NUMBER column keeps its widest cell whole ("S/RES/390 (1976)", never "S/RES/3…"),
    TEXT and FIGURES columns give way, wrapping or folding."""
    table = Table(title=title, box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 1), title_justify="left")
    for header, kind in columns:
        right = "right" if kind in (Col.NUMBER, Col.FIGURES) else "left"
        if kind in (Col.KEY, Col.NUMBER):
            table.add_column(header, justify=right, no_wrap=True)
        else:
            table.add_column(header, justify=right, overflow="fold")
    return table


def open_or_exit(db: str | None, create: bool = False) -> Store:
    """The store at ``db``, or a one-line error and exit code 2. Only commands that fill a store
    (``create``: ingest, fetch, the first user) make a new SQLite file; a reading command on a
    path with no store says so instead of answering from an empty one."""
    url = db or Settings.from_env().db
    if not create and not url.startswith(("postgresql://", "postgres://")):
        path = Path(url[len("sqlite:///"):] if url.startswith("sqlite:///") else url)
        if not path.exists():
            err.print(f"[red]error:[/] no store at {escape(str(path))} — run `peaceobs ingest` first")
            raise typer.Exit(2)
    try:
        return open_store(url)
    except Exception as exc:  # a bad URL or a server that is down: say so in one line
        err.print(f"[red]error:[/] cannot open store {escape(db or 'default')}: {escape(str(exc).splitlines()[0])}")
        raise typer.Exit(2) from exc


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _password(prompt: str = "Password") -> str:
    if os.environ.get("PEACEOBS_PASSWORD"):
        return os.environ["PEACEOBS_PASSWORD"]
    if not sys.stdin.isatty():
        return sys.stdin.readline().rstrip("\n")
    return typer.prompt(prompt, hide_input=True)


def actor_or_exit(store: Store, name: str | None):  # noqa: ANN201 — an Actor, imported late
    from .accounts import AuthError, authenticate

    if not name:
        err.print("[red]error:[/] this changes the store: say who you are with --as NAME")
        raise typer.Exit(2)
    try:
        return authenticate(store, name, _password(f"Password for {name}"), client="cli")
    except AuthError as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from exc
