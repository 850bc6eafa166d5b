"""``peaceobs cite``: a document or paragraph cited in the UN's style, or as BibTeX / CSL-JSON."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from .cli_common import DbOption, err, open_or_exit
from .settings import Settings


def cite_cmd(symbol: str,
             paragraph: Annotated[str | None, typer.Option("--paragraph", "-p", help="A paragraph ID such as OP42(b).")] = None,
             style: Annotated[str, typer.Option(help="un, un-short, bibtex or csl.")] = "un",
             corpus: Annotated[Path | None, typer.Option(help="Corpus folder, for UN Digital Library record URLs.")] = None,
             db: DbOption = None) -> None:
    """"General Assembly resolution 79/1, para. 42 (b)"; BibTeX and CSL-JSON with the record URL."""
    from .cite import bibtex, cite, csl_text, record_url

    store = open_or_exit(db)
    doc = store.get_document(symbol, with_paragraphs=paragraph is not None)
    store.close()
    if doc is None:
        err.print(f"[red]error:[/] no document {escape(symbol)!r} in the store")
        raise typer.Exit(2)
    if paragraph is not None and doc.paragraph(paragraph) is None:
        err.print(f"[red]error:[/] {escape(doc.symbol)} has no paragraph {escape(paragraph)!r}")
        raise typer.Exit(2)
    if style in ("un", "un-short"):
        sys.stdout.write(cite(doc, paragraph, short=style == "un-short") + "\n")
        return
    folder = corpus or Settings.from_env().corpus
    url = record_url(doc, folder if folder.is_dir() else None)
    if style == "bibtex":
        sys.stdout.write(bibtex(doc, url))
    elif style == "csl":
        sys.stdout.write(csl_text(doc, url) + "\n")
    else:
        err.print("[red]error:[/] --style must be un, un-short, bibtex or csl")
        raise typer.Exit(2)
