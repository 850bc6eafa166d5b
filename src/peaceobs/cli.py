"""The ``peaceobs`` command: thin calls into the library, rich output, ``--json`` for scripts."""

from __future__ import annotations

import html
import re
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.markup import escape
from rich.padding import Padding
from rich.table import Table

from . import cli_cite, cli_finance, cli_packs, cli_track, cli_trends
from .cli_common import Col, DbOption, JsonOption, err, narrow_table, open_or_exit, out, print_json
from .search import Filters, QueryError, search
from .settings import Settings
from .store import Store

app = typer.Typer(help="peaceobs — the Peace Operations Observatory.", no_args_is_help=True,
                  add_completion=False)
export_app = typer.Typer(help="Export data from the store.", no_args_is_help=True)
app.add_typer(export_app, name="export")

@app.callback()
def _main() -> None:
    """peaceobs — the Peace Operations Observatory."""
    # The library logs on "peaceobs" and prints nothing; the command shows its warnings (a PDF
    # library's complaint about a named file) on stderr, one line each.
    import logging

    logger = logging.getLogger("peaceobs")
    if not any(getattr(h, "_peaceobs_cli", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("warning: %(message)s"))
        handler.setLevel(logging.WARNING)
        handler._peaceobs_cli = True  # type: ignore[attr-defined]
        logger.addHandler(handler)


@app.command()
def ingest(paths: Annotated[list[Path], typer.Argument(help="Files or directories.")],
           db: DbOption = None, force: Annotated[bool, typer.Option(help="Re-read unchanged files; one read differently now replaces the stored document.")] = False,
           workers: Annotated[int, typer.Option(help="Processes that read and structure files.")] = 1,
           scheduler: Annotated[str | None, typer.Option(help="Read on Dask: 'local' or tcp://host:8786.")] = None,
           json_out: JsonOption = False) -> None:
    """Read, structure and store documents; unchanged files are skipped. Exit 1 if any failed."""
    store = open_or_exit(db, create=True)
    from .pipeline import expand_paths, ingest_paths  # the readers load only for ingest

    files = list(expand_paths(paths))
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  TextColumn("{task.description}"), console=err, disable=json_out or not err.is_terminal) as bar:
        task = bar.add_task("", total=len(files))

        def progress(path: str, outcome: str) -> None:
            bar.update(task, advance=1, description=escape(Path(path).name))

        report = ingest_paths(store, [f for f, _ in files], progress=progress, force=force, workers=workers,
                              scheduler=scheduler)
    store.close()
    if json_out:
        print_json(report.to_dict())
    else:
        for path, reason in report.failures:
            err.print(f"[red]✗[/] {escape(path)}: {escape(reason)}")
        for path, reason in report.warnings:  # stored, but the text may not be what its name says
            err.print(f"[yellow]![/] {escape(path)}: {escape(reason)}")
        summary = ", ".join(f"{n} {k}" for k, n in sorted(report.counts.items())) or "nothing to do"
        out.print(f"[bold]{summary}[/]; {report.paragraphs} paragraphs written")
        if report.failures:
            out.print(f"[red]{len(report.failures)} file(s) failed[/] (listed above)")
    raise typer.Exit(1 if report.failures else 0)


_MARK = re.compile(r"<mark>(.*?)</mark>", re.S)


@app.command("search")
def search_cmd(query: Annotated[str, typer.Argument(help='Words, "phrases", prefix*, OR, -not, or a symbol.')],
               body: Annotated[str | None, typer.Option(help="SC, GA, SG, ACABQ, AU-PSC …")] = None,
               doc_type: Annotated[str | None, typer.Option("--type", help="resolution, draft, report …")] = None,
               year_from: Annotated[int | None, typer.Option(help="From this year.")] = None,
               year_to: Annotated[int | None, typer.Option(help="To this year.")] = None,
               symbol: Annotated[str | None, typer.Option(help="Symbol prefix, e.g. A/RES/79/.")] = None,
               kind: Annotated[str | None, typer.Option(help="preambular, operative, body, footnote …")] = None,
               paragraphs: Annotated[bool, typer.Option("--paragraphs", help="Paragraphs, not documents.")] = False,
               csv_out: Annotated[bool, typer.Option("--csv", help="Matching paragraphs as CSV on stdout.")] = False,
               limit: int = 10, offset: int = 0, db: DbOption = None, json_out: JsonOption = False) -> None:
    """Full-text search: documents best first with their best paragraphs (--paragraphs: paragraphs;
    --csv: the paragraphs as CSV, one row each, safe to open in a spreadsheet)."""
    from .registry_search import document_search
    from .search import QueryTooLarge, spelling_suggestion

    store = open_or_exit(db)
    filters = Filters(body=body, doc_type=doc_type, year_from=year_from, year_to=year_to,
                      symbol_prefix=symbol, kind=kind)
    try:
        if paragraphs or csv_out:
            result: Any = search(store, query, filters, limit=limit, offset=offset, with_total=True)
            if paragraphs and not result.hits and offset == 0:
                result.suggestion = spelling_suggestion(store, query, wait=True)  # one command: the words read now
        else:
            result = document_search(store, query, filters, limit=limit, offset=offset)
    except QueryTooLarge as exc:
        err.print(f"[red]error:[/] query too large: {escape(str(exc))}")
        raise typer.Exit(2) from exc
    except QueryError as exc:
        err.print(f"[red]error:[/] bad query: {escape(str(exc))}")
        raise typer.Exit(2) from exc
    finally:
        store.close()
    try:
        _print_search(result, json_out, csv_out, paragraphs)
    finally:
        _finish_meaning()


# How long a command waits, after printing, for the meaning index a search began to rebuild.
CLI_BUILD_WAIT = 120.0


def _finish_meaning() -> None:
    """A rebuild of the meaning index that this command's search began (the store changed since
    the index was built) is finished and saved before the process exits, which would end its
    thread: the next command finds the index current. Bounded; an unfinished one resumes."""
    semantic = sys.modules.get("peaceobs.semantic")
    if semantic is not None and semantic.builds_under_way():
        err.print("[dim]Bringing the meaning index up to date for the next search…[/]")
        semantic.finish_builds(CLI_BUILD_WAIT)


def _print_search(result: Any, json_out: bool, csv_out: bool, paragraphs: bool) -> None:
    if json_out:
        print_json(result.to_dict())
        return
    if csv_out:
        from . import export as export_mod  # the writers load when a file is written

        export_mod.hits_csv(result.hits, sys.stdout)
        return
    if paragraphs:
        out.print(f"[dim]{result.total} matching paragraphs[/]")
        if result.suggestion:
            out.print(f"[dim]No paragraph holds the words as typed. Did you mean: {escape(result.suggestion)}[/]")
        for h in result.hits:
            out.print(f"[bold cyan]{escape(h.symbol)}[/] [green]{escape(h.pid)}[/] [dim]{h.kind} · {h.date or ''}[/]")
            out.print(_indented(f"[dim]{escape(h.title)}[/]"))
            out.print(_indented(_snippet(h.snippet)))
        return
    for sentence in result.searched():
        out.print(f"[dim]{escape(sentence)}[/]")
    out.print(f"[dim]{result.total_documents} documents, {result.total_paragraphs} matching paragraphs"
              f"{'; some hold the words across paragraphs' if result.across else ''}[/]")
    for d in result.documents:
        more = f" · {d.matches} matching paragraphs" if d.matches else ""
        # What the search page says of a document, said here too.
        said = [("words across paragraphs", d.across), ("related in meaning", d.related),
                (f"recalled in these words by {d.recalled} documents", d.recalled),
                (f"its title names {d.referenced}", d.referenced),
                ("adopted from " + ", ".join(d.drafts), d.drafts)]
        notes = "".join(f" · {escape(text)}" for text, shown in said if shown)
        out.print(f"[bold cyan]{escape(d.symbol)}[/] [dim]{d.doc_type} · {d.date or 'undated'}{more}{notes}[/]")
        out.print(_indented(escape(d.title)))
        for h in d.paragraphs:
            out.print(_indented(f"[green]{escape(h.pid)}[/] {_snippet(h.snippet)}"))


def _indented(markup: str) -> Padding:
    """Rich markup four columns in, its wrapped lines too (not back at the margin)."""
    return Padding(markup, (0, 0, 0, 4), expand=False)


def _snippet(snippet: str) -> str:
    """A search snippet (escaped HTML with <mark>) as rich text for the terminal."""
    parts = _MARK.split(snippet)  # odd items are the matched words
    return "".join(f"[bold yellow]{escape(html.unescape(x))}[/]" if i % 2 else escape(html.unescape(x))
                   for i, x in enumerate(parts))


def _doc_or_exit(store: Store, symbol: str, with_paragraphs: bool = True) -> Any:
    doc = store.get_document(symbol, with_paragraphs=with_paragraphs)
    if doc is None:
        err.print(f"[red]error:[/] {escape(symbol)} is not in the store")
        store.close()
        raise typer.Exit(1)
    return doc


@app.command()
def show(symbol: str, paragraph: Annotated[str | None, typer.Option("--paragraph", "-p", help="A paragraph ID such as OP4(b).")] = None,
         db: DbOption = None, json_out: JsonOption = False) -> None:
    """A document as numbered paragraphs (or one paragraph)."""
    store = open_or_exit(db)
    doc = _doc_or_exit(store, symbol)
    store.close()
    paras = doc.paragraphs
    if paragraph is not None:
        paras = [p for p in paras if p.pid == paragraph or p.pid.lower() == paragraph.lower()]
        if not paras:
            err.print(f"[red]error:[/] {escape(doc.symbol)} has no paragraph {escape(paragraph)}")
            raise typer.Exit(1)
    if json_out:
        data = doc.to_dict()
        data["paragraphs"] = [p.to_dict() for p in paras]
        print_json(data)
        return
    out.print(f"[bold]{escape(doc.symbol)}[/] — {escape(doc.title)}")
    out.print(f"[dim]{doc.body} {doc.doc_type} · {doc.date or 'date unknown'} · agenda item {doc.agenda_item or '—'}[/]")
    out.print(f"[dim]{escape(doc.source)}[/]")
    # A grid, not lines: a paragraph's text wraps under itself (indented by its depth), the ID and
    # the kind, in full, stay in their own columns at any width.
    grid = Table.grid(padding=(0, 1))
    grid.add_column(justify="right", no_wrap=True, style="green")
    grid.add_column(no_wrap=True, style="dim")
    grid.add_column(overflow="fold")
    for p in paras:
        grid.add_row(escape(p.pid), p.kind, Padding(escape(p.text), (0, 0, 0, 2 * p.depth)))
    out.print(grid)


def _citation_table(rows: list[Any], title: str, from_side: bool) -> Table:
    table = narrow_table(title, [*([] if from_side else [("from", Col.KEY)]), ("paragraph", Col.KEY), ("cites", Col.KEY),
                                 ("as written", Col.TEXT), ("stored", Col.KEY)])
    for r in rows:
        cells = [r.from_pid, r.to_symbol, r.raw, r.resolved or "—"]
        table.add_row(*([r.from_symbol] if not from_side else []), *map(escape, cells))
    return table


@app.command()
def cites(symbol: str, db: DbOption = None, json_out: JsonOption = False) -> None:
    """Documents this document cites, paragraph by paragraph."""
    store = open_or_exit(db)
    doc = _doc_or_exit(store, symbol, with_paragraphs=False)
    rows = store.cites(doc.symbol)
    store.close()
    if json_out:
        print_json({"symbol": doc.symbol, "cites": [r.to_dict() for r in rows]})
    else:
        out.print(_citation_table(rows, f"{doc.symbol} cites {len(rows)}", from_side=True))


@app.command("cited-by")
def cited_by(symbol: str,
             body: Annotated[str | None, typer.Option(help="Only citing documents of this body (GA, SC …).")] = None,
             doc_type: Annotated[str | None, typer.Option("--type", help="Only citing documents of this type.")] = None,
             paragraphs: Annotated[bool, typer.Option("--paragraphs", help="One row per citing paragraph.")] = False,
             db: DbOption = None, json_out: JsonOption = False) -> None:
    """What cites this document (which need not be stored itself): one line per citing document,
    with its paragraphs and a count, most-citing first; --paragraphs for every citing paragraph."""
    from .citegraph import cited_by_documents

    store = open_or_exit(db)
    rows = store.cited_by(symbol)
    docs = cited_by_documents(store, symbol, body=body, doc_type=doc_type)
    store.close()
    if body or doc_type:
        keep = {d.symbol for d in docs}
        rows = [r for r in rows if r.from_symbol in keep]
    if json_out:
        print_json({"symbol": symbol, "documents": [d.to_dict() for d in docs],
                    "cited_by": [r.to_dict() for r in rows]})
    elif paragraphs:
        out.print(_citation_table(rows, f"{symbol} is cited {len(rows)} times", from_side=False))
    else:
        table = narrow_table(f"{escape(symbol)} is cited {len(rows)} times by {len(docs)} "
                             f"document{'s' if len(docs) != 1 else ''}",
                             [("document", Col.KEY), ("n", Col.NUMBER), ("paragraphs", Col.TEXT), ("type", Col.TEXT)])
        for d in docs:
            table.add_row(escape(d.symbol), str(d.count), escape(", ".join(d.paragraphs)),
                          f"{d.body} {d.doc_type} {d.year or ''}".strip())
        out.print(table)


@app.command()
def stats(db: DbOption = None, json_out: JsonOption = False) -> None:
    """Documents and paragraphs per body and type; the last ingest run."""
    store = open_or_exit(db)
    data = store.stats()
    store.close()
    if json_out:
        print_json(data)
        return
    table = narrow_table(f"peaceobs store ({data['backend']})",
                         [("body", Col.KEY), ("type", Col.KEY), ("documents", Col.NUMBER), ("paragraphs", Col.NUMBER)])
    for row in data["by_body_and_type"]:
        table.add_row(row["body"], row["doc_type"], str(row["documents"]), str(row["paragraphs"]))
    table.add_row("[bold]all[/]", "", f"[bold]{data['documents']}[/]", f"[bold]{data['paragraphs']}[/]")
    out.print(table)
    kinds = ", ".join(f"{k} {v}" for k, v in data["paragraphs_by_kind"].items())
    out.print(f"paragraphs by kind: {kinds}")
    out.print(f"citations: {data['citations']} ({data['citations_resolved']} to stored documents)")
    run = data["last_run"]
    if run:
        unfinished = " [yellow]unfinished[/] (stopped before its end, or still running):" \
            if run.get("status") == "unfinished" else ""
        out.print(f"last ingest: {run['started_at']} —{unfinished} {run['added']} added, {run['replaced']} replaced, "
                  f"{run['unchanged']} unchanged, {run['failed']} failed")


@export_app.command("citations")
def export_citations(fmt: Annotated[str, typer.Option("--format", help="csv or graphml")] = "csv",
                     output: Annotated[Path | None, typer.Option("--output", "-o", help="File (default stdout).")] = None,
                     db: DbOption = None) -> None:
    """Every citation: CSV rows, or a GraphML document graph."""
    if fmt not in ("csv", "graphml"):
        err.print("[red]error:[/] --format must be csv or graphml")
        raise typer.Exit(2)
    store = open_or_exit(db)
    from . import export as export_mod

    writer = export_mod.citations_csv if fmt == "csv" else export_mod.citations_graphml
    if output is None:
        n = writer(store, sys.stdout)
    else:
        with output.open("w", encoding="utf-8", newline="") as fh:
            n = writer(store, fh)
    store.close()
    err.print(f"[dim]{n} {'citations' if fmt == 'csv' else 'edges'} written[/]")


@app.command("fetch")
def fetch_cmd(symbols: Annotated[list[str], typer.Argument(help="UN symbols, e.g. 'S/RES/2719 (2023)'.")],
              lang: str = "en",
              url_template: Annotated[str | None, typer.Option(help="URL with {symbol} and {lang}; default $PEACEOBS_FETCH_URL or the UN ODS.")] = None,
              cache: Annotated[Path | None, typer.Option(help="Cache folder (default data/cache).")] = None,
              min_interval: Annotated[float, typer.Option(help="Seconds between requests.")] = 1.0,
              retries: int = 3, timeout: float = 30.0,
              db: DbOption = None, json_out: JsonOption = False) -> None:
    """Download documents by symbol from the UN (cached, polite) and ingest them."""
    from .fetch import FetchConfig, fetch  # http.client and the readers: only for a fetch

    config = FetchConfig(min_interval=min_interval, retries=retries, timeout=timeout)
    if url_template:
        config.url_template = url_template
    if cache:
        config.cache_dir = cache
    store = open_or_exit(db, create=True)
    report = fetch(symbols, store=store, lang=lang, config=config,
                   progress=None if json_out else lambda s, o: err.print(f"[dim]{escape(s)}: {o}[/]"))
    store.close()
    if json_out:
        print_json({"fetched": report.fetched, "cached": report.cached, "ingested": report.ingested,
                     "failures": [{"symbol": s, "reason": r} for s, r in report.failures]})
    else:
        for s, r in report.failures:
            err.print(f"[red]✗[/] {escape(s)}: {escape(r)}")
        out.print(f"{len(report.fetched)} downloaded, {len(report.cached)} from cache, "
                  f"{len(report.ingested)} ingested, {len(report.failures)} failed")
    raise typer.Exit(1 if report.failures else 0)


def _document(store: Store | None, ref: str) -> Any:
    """A document named by a file path (read and structured now) or by a symbol (from the store)."""
    from .ingest import ReaderError
    from .pipeline import load

    if Path(ref).exists():
        try:
            return load(Path(ref))
        except ReaderError as exc:
            err.print(f"[red]error:[/] {escape(str(exc))}")
            raise typer.Exit(1) from exc
    if store is None:
        err.print(f"[red]error:[/] {escape(ref)} is neither a file nor (without a store) a symbol")
        raise typer.Exit(1)
    return _doc_or_exit(store, ref)


@app.command("compare")
def compare_cmd(a: Annotated[str, typer.Argument(help="Earlier document: symbol or file; alone, a resolution (compared with the draft its header names) or an amendment document (its amendments listed).")],
                b: Annotated[str | None, typer.Argument(help="Later document: symbol or file.")] = None,
                html: Annotated[Path | None, typer.Option("--html", help="Write a standalone HTML redline.")] = None,
                docx_out: Annotated[Path | None, typer.Option("--docx", help="Write a Word document with redline formatting.")] = None,
                all_paragraphs: Annotated[bool, typer.Option("--all", help="Show unchanged paragraphs too.")] = False,
                db: DbOption = None, json_out: JsonOption = False) -> None:
    """What changed between two versions, paragraph by paragraph. With one argument: a
    resolution against the draft named in its header ("[without reference to a Main Committee
    (A/80/L.15)]"), or an amendment document's list of amendments. Exit 2 when there is no such
    comparison to make (the header names a committee report, the draft is not stored, a document
    is a list of amendments)."""
    from .compare import compare
    from .compare.drafts import not_a_version
    from .compare.render import to_docx, to_html, to_terminal

    if b is None:
        da, dbb = _draft_and_resolution(a, db, json_out)
    else:
        store = None if Path(a).exists() and Path(b).exists() else open_or_exit(db)
        da, dbb = _document(store, a), _document(store, b)
        if store is not None:
            store.close()
    problem = not_a_version(da, dbb)
    if problem:
        err.print(f"[red]error:[/] {escape(problem)}")
        raise typer.Exit(2)
    comp = compare(da, dbb)
    if html:
        html.write_text(to_html(comp), encoding="utf-8")
    if docx_out:
        to_docx(comp, docx_out)
    if json_out:
        print_json(comp.to_dict())
    elif not (html or docx_out):
        to_terminal(comp, out, show_unchanged=all_paragraphs)
    else:
        out.print(", ".join(f"{v} {k}" for k, v in comp.counts().items() if v))


def _draft_and_resolution(ref: str, db: str | None, json_out: bool) -> tuple[Any, Any]:
    """For ``compare`` with one argument: (the draft the resolution's header names, the
    resolution). An amendment document's amendments are listed instead (exit 0); any other case
    exits 2 with one line saying why."""
    from .compare.drafts import amendments, amends, origin

    as_file = Path(ref).exists()
    store = None if as_file else open_or_exit(db)
    doc = _document(store, ref)
    am = amends(doc)
    if am is not None:
        if store is not None:
            store.close()
        items = amendments(doc)
        if json_out:
            print_json({"symbol": doc.symbol, "amends": am.to_dict(), "amendments": [x.to_dict() for x in items]})
        else:
            out.print(f"[bold]{escape(doc.symbol)}[/] is an amendment to {escape(am.what)} "
                      f"{escape(am.target or '(not named in the stored text)')}: {len(items)} "
                      f"amendment{'s' if len(items) != 1 else ''}")
            for k, x in enumerate(items, start=1):
                out.print(f"{k}. {escape(x.instruction)}")
                for t in x.text:
                    out.print(f"   [green]{escape(t)}[/]")
        raise typer.Exit(0)

    def fail(message: str) -> NoReturn:
        if store is not None:
            store.close()
        err.print(f"[red]error:[/] {escape(message)}")
        raise typer.Exit(2)

    o = origin(doc)
    if o is None:
        fail(f"{doc.symbol} names no draft in its header; name the draft: peaceobs compare DRAFT {ref}")
    elif o.kind != "draft":
        fail(f"{doc.symbol} was adopted [{o.where}]: its draft is inside that report, not a document of "
             f"its own; name the draft: peaceobs compare DRAFT {ref}")
    draft = None
    if as_file:  # the draft's file beside the resolution's, named the same way (A_80_L.15.json)
        sibling = Path(ref).with_name(o.symbol.replace("/", "_") + Path(ref).suffix)
        if sibling.exists():
            draft = _document(None, str(sibling))
    if draft is None:
        store = store or open_or_exit(db)
        draft = store.get_document(o.symbol)
    if draft is None:
        fail(f"{o.symbol}, the draft named in {doc.symbol}'s header, is not in the store")
    if store is not None:
        store.close()
    return draft, doc


@app.command("chain")
def chain_cmd(refs: Annotated[list[str], typer.Argument(help="Documents in order: symbols or files.")],
              db: DbOption = None, json_out: JsonOption = False) -> None:
    """Each paragraph's life across a series (a mandate's renewals, a resolution across sessions)."""
    from .compare import chain

    store = open_or_exit(db)
    docs = [_document(store, r) for r in refs]
    store.close()
    comparisons, lines = chain(docs)
    if json_out:
        print_json({"documents": [d.symbol for d in docs],
                     "steps": [c.counts() for c in comparisons],
                     "lifelines": [line.to_dict() for line in lines]})
        return
    # One column per document: many documents share 80 columns, so the cells wrap (the headers,
    # symbols, wrap at their space at most).
    table = narrow_table("paragraph lifelines", [(escape(d.symbol), Col.TEXT) for d in docs])
    for line in lines:
        table.add_row(*(escape(f"{line.cells[k][0]} {line.cells[k][1]}".strip()) if k in line.cells else ""
                        for k in range(len(docs))))
    out.print(table)


@app.command("trace")
def trace_cmd(symbol: Annotated[str | None, typer.Argument(help="The document whose paragraph to trace.")] = None,
              paragraph: Annotated[str | None, typer.Option("--paragraph", "-p", help="Paragraph ID, e.g. OP4.")] = None,
              text: Annotated[str | None, typer.Option("--text", help="Trace a phrase instead.")] = None,
              before: Annotated[str | None, typer.Option(help="Only sources dated before (YYYY-MM-DD).")] = None,
              limit: int = 10, db: DbOption = None, json_out: JsonOption = False) -> None:
    """Where does this language come from? Earlier texts with the same or near-same words."""
    from .trace import index_for, trace_paragraph, trace_text

    if (text is None) == (symbol is None or paragraph is None):
        err.print("[red]error:[/] give SYMBOL --paragraph ID, or --text 'phrase'")
        raise typer.Exit(2)
    store = open_or_exit(db)
    if text is not None:
        prov = trace_text(index_for(store), text, before=before, limit=limit)
    else:
        assert symbol is not None and paragraph is not None
        doc = _doc_or_exit(store, symbol)
        prov = trace_paragraph(store, doc.symbol, paragraph, limit=limit)
        if prov is None:
            err.print(f"[red]error:[/] {escape(doc.symbol)} has no paragraph {escape(paragraph)}")
            raise typer.Exit(1)
    store.close()
    if json_out:
        print_json(prov.to_dict())
        return
    if prov.boilerplate:
        out.print("Boilerplate: every phrase of this text recurs across the corpus; no source is meaningful.")
        return
    for v in prov.versions:  # the text's own draft: where it was negotiated, not where its words came from
        out.print(f"Earlier version of this text: [bold]{escape(v.symbol)} {escape(v.pid)}[/] ({v.date}, {v.doc_type})")
    if not prov.sources:
        out.print("No other earlier text in this store shares this language.")
        return
    if prov.first:
        out.print(f"{prov.first_label.capitalize()}: [bold]{escape(prov.first.symbol)} {escape(prov.first.pid)}[/] "
                  f"({prov.first.date})")
    out.print("Lineage: " + " → ".join(escape(x) for x in prov.to_dict()["lineage"]))
    for s in prov.sources:
        kind = "adopted" if s.adopted else s.doc_type
        series = {2: " · its series, previous session", 1: " · its series"}.get(s.series, "")
        out.print(f"[cyan]{escape(s.symbol)}[/] [green]{escape(s.pid)}[/] "
                  f"[dim]{s.date} {kind} coverage {s.coverage:.0%}{series}[/]")
        if s.siblings:
            out.print(_indented("same day, same template: " + ", ".join(escape(f"{x.symbol} {x.pid}") for x in s.siblings)))
        for span in s.spans[:3]:
            out.print(_indented(f"“{escape(span.text[:160])}”"))


@app.command("reuse")
def reuse_cmd(output: Annotated[Path | None, typer.Option("--output", "-o", help="Export every stored pair: CSV, or JSONL for a .jsonl name.")] = None,
              scheduler: Annotated[str | None, typer.Option(help="Dask: 'local' starts a local cluster; tcp://host:8786 uses one.")] = None,
              db: DbOption = None) -> None:
    """Find the reuse that new documents bring (all of it, the first time), store it, export it."""
    from .trace.reuse import export_rows, stored_rows, update_store

    store = open_or_exit(db)
    with err.status(f"finding reuse{' on ' + scheduler if scheduler else ''}"):
        result = update_store(store, scheduler=scheduler)
    out.print(f"{result['documents']} documents processed, {result['pairs']} new reuse pairs; {result['total']} stored")
    if output is not None:
        with output.open("w", encoding="utf-8", newline="") as fh:
            n = export_rows(stored_rows(store), fh, "jsonl" if output.suffix == ".jsonl" else "csv")
        out.print(f"{n} pairs → {escape(str(output))}")
    store.close()


@app.command("mandate")
def mandate_cmd(missions: Annotated[list[str], typer.Argument(help="Mission acronyms, e.g. UNDOF; 'all' for the registry.")],
                ics: Annotated[Path | None, typer.Option("--ics", help="Write an iCalendar file of expiries and reporting deadlines.")] = None,
                csv_out: Annotated[Path | None, typer.Option("--csv", help="Write the same deadlines as CSV.")] = None,
                corpus: Annotated[Path | None, typer.Option(help="Corpus folder: personnel data, the SC meetings table.")] = None,
                check: Annotated[bool, typer.Option("--check", help="Also list every resolution on the mission's topic (SC meetings table) that is in the store but not in its chain.")] = False,
                db: DbOption = None, json_out: JsonOption = False) -> None:
    """A mission's mandating resolutions: establish, renew, adjust, end — until when, the reports
    they ask for, and the gaps between them."""
    from .mandates import load_missions
    from .mandates.calendar import deadlines, to_csv, to_ics
    from .mandates.current import current_mandate
    from .mandates.decisions import iter_chain
    from .mandates.meetings import Meetings
    from .mandates.registry import find_mission
    from .mandates.timeline import mandate_report

    chosen = list(load_missions()) if missions == ["all"] else []
    unknown = []
    for name in [] if chosen else missions:
        m = find_mission(name)
        (chosen.append(m) if m else unknown.append(name))
    for name in unknown:
        err.print(f"[red]✗[/] {escape(name)}: not in the missions registry (peaceobs/data/missions.csv)")
    store = open_or_exit(db)
    corpus_dir = corpus or Settings.from_env().corpus
    meetings = Meetings.load(corpus_dir)
    if check and meetings is None:
        err.print(f"[yellow]![/] --check needs the SC meetings table under {escape(str(corpus_dir))} (--corpus)")
    chains = {m.acronym: list(iter_chain(store, m, meetings)) for m in chosen}  # each resolution read once
    reports = {m.acronym: mandate_report(store, m, chains[m.acronym], corpus_dir if corpus_dir.is_dir() else None,
                                         meetings, check) for m in chosen}
    # Today's mandate as the budget reports and financing resolutions state it: the SC texts in the
    # store stop in 1994.
    current = {m.acronym: current_mandate(store, m, [d for d, _ in chains[m.acronym]]) for m in chosen}
    events = [ev for m in chosen for ev in deadlines(store, m, chains[m.acronym])] if (ics or csv_out) else []
    store.close()
    events.sort(key=lambda e: (e.due, e.mission, e.what))
    if ics:
        ics.write_text(to_ics(events), encoding="utf-8", newline="")
    if csv_out:
        with csv_out.open("w", encoding="utf-8", newline="") as fh:
            to_csv(events, fh)
    if json_out:
        print_json({a: r.to_dict() | {"current": current[a].to_dict()} for a, r in reports.items()})
        raise typer.Exit(1 if unknown else 0)
    for acronym, r in reports.items():
        years = sorted({s.decision.date[:4] for s in r.steps if s.decision.date})
        span = f", {years[0]}–{years[-1]}" if years else ""
        # Symbols and dates never wrap or get cut ("S/RES/3…"); the last column folds instead, so the
        # table fits 80 columns.
        table = narrow_table(f"{escape(acronym)}: {len(r.steps)} mandating decisions{span}",
                             [("resolution", Col.KEY), ("decision", Col.KEY), ("expires", Col.KEY),
                              ("details: reports due, basis, changes, tasks ±", Col.TEXT)])
        gaps = {g.before: g for g in r.gaps}
        for s in r.steps:
            d = s.decision
            if d.symbol in gaps:
                g = gaps[d.symbol]
                table.add_row("[yellow]gap[/]", "", f"{g.start} →\n{g.end}", f"[yellow]{escape(g.why)}[/]: {escape(g.note)}")
            dated = (d.date or "date ?") + ("*" if d.date_source != "text" else "")
            reports_due = [f"report {', '.join([q.due, *q.also_due]) if q.due else '(no date)'}"
                           + (f" {q.recurrence}" if q.recurrence else "") for q in s.reports]
            details = [", ".join(reports_due)] if reports_due else []
            if d.basis not in ("stated", "unknown"):  # computed from a period, and said so
                details.append(d.basis)
            if d.note:
                details.append(d.note)
            changes = ", ".join(f"{v} {k}" for k, v in s.changes.items() if k != "unchanged")
            if changes:
                details.append(changes)
            details += [f"+{t}" for t in s.gained] + [f"−{t}" for t in s.lost]
            expires = d.expiry or ("—" if d.type == "adjust" else "unknown")  # an adjustment keeps the period
            table.add_row(f"{escape(d.symbol)}\n[dim]{dated}[/]", d.type, expires, escape(" · ".join(details)))
        if r.steps:
            out.print(table)
        elif current[acronym].latest is None:
            out.print(f"{escape(acronym)}: no Security Council text in the store decides on this mandate")
        if r.steps and any(s.decision.date_source != "text" for s in r.steps):
            out.print("[dim]* adoption date from the SC meetings table: the text prints none[/]")
        if r.steps:
            out.print(f"Tasks after the last text in the store: {escape(', '.join(r.steps[-1].tasks) or 'none tagged')}")
        for dmg in r.damaged:
            out.print(f"[yellow]damaged[/] {escape(dmg['symbol'])}: {escape(dmg['why'])}")
        if r.end:
            out.print(f"[dim]{escape(r.end)}[/]")
        latest = current[acronym].latest
        if latest is not None:
            verb = "terminated it" if latest.action == "terminated" else "extended it"
            until = f" until {latest.expiry}" if latest.expiry and latest.action != "terminated" else (
                f" as of {latest.expiry}" if latest.expiry else "")
            out.print(f"[bold]{escape(acronym)} now[/] (budget reports): {escape(latest.symbol)} {verb}{escape(until)} — "
                      f"{escape(latest.source.document)} {escape(latest.source.pid)}: “{escape(latest.source.quote)}”")
        if r.check is not None:
            extra = narrow_table(f"{escape(acronym)}: {len(r.check)} resolutions on its topic, not in its chain",
                                 [("resolution", Col.KEY), ("adopted", Col.KEY), ("why not in the chain", Col.TEXT)])
            for c in sorted(r.check, key=lambda c: not c.suspect):  # possible missed renewals first
                extra.add_row(("[red]![/] " if c.suspect else "") + escape(c.symbol), c.adopted or "?", escape(c.why))
            out.print(extra)
    raise typer.Exit(1 if unknown else 0)


@app.command()
def serve(db: DbOption = None, host: str = "127.0.0.1", port: int = 8000,
          corpus: Annotated[Path | None, typer.Option(help="Corpus folder for personnel data (default $PEACEOBS_CORPUS or ../shared/corpus).")] = None,
          workers: Annotated[int, typer.Option(help="Server processes.")] = 1,
          root_path: Annotated[str, typer.Option(help="URL prefix when served behind a reverse proxy.")] = "") -> None:
    """Serve the Observatory (pages and /api/v1) on HOST:PORT."""
    import dataclasses
    import os

    import uvicorn

    from .web.app import create_app

    settings = Settings.from_env()
    settings = dataclasses.replace(settings, db=db or settings.db, corpus=corpus or settings.corpus)
    open_or_exit(settings.db).close()  # fail here, in one line, if the store cannot be opened
    err.print(f"[bold]peaceobs[/] serving on http://{host}:{port}{root_path}/")
    if workers == 1:
        app_or_path: Any = create_app(settings.db, settings.corpus)
    else:
        # Several server processes import the app anew: the settings reach them as environment.
        os.environ.update(settings.to_env())
        app_or_path = "peaceobs.web.asgi:app"
    uvicorn.run(app_or_path, host=host, port=port, workers=workers, root_path=root_path,
                proxy_headers=True, log_level="warning")


app.command("budget")(cli_finance.budget_cmd)
app.command("scale")(cli_finance.scale_cmd)
app.command("assess")(cli_finance.assess_cmd)
app.command("cite")(cli_cite.cite_cmd)
app.add_typer(cli_track.track_app, name="track")
app.add_typer(cli_track.user_app, name="user")
app.add_typer(cli_packs.pack_app, name="pack")
app.command("trends")(cli_trends.trends_cmd)
app.command("emerging")(cli_trends.emerging_cmd)
app.add_typer(cli_trends.watch_app, name="watch")

index_app = typer.Typer(help="The top-k search index beside the store (tantivy).", no_args_is_help=True)
app.add_typer(index_app, name="index")


@index_app.command("rebuild")
def index_rebuild(db: DbOption = None, json_out: JsonOption = False) -> None:
    """Build the top-k search index anew from the store; searches use it once current."""
    from . import topk

    if not topk.available():
        err.print("[red]error:[/] the top-k index needs tantivy: pip install tantivy")
        raise typer.Exit(2)
    store = open_or_exit(db, create=True)
    try:
        info = topk.rebuild(store)
    except ValueError as exc:
        err.print(f"[red]error:[/] {escape(str(exc))}")
        raise typer.Exit(2) from exc
    finally:
        store.close()
    if json_out:
        print_json(info)
    else:
        out.print(f"indexed {info['paragraphs']:,} paragraphs at generation {info['generation']} "
                  f"in {info['seconds']:.1f} s → {escape(info['folder'])}")


if __name__ == "__main__":
    app()
