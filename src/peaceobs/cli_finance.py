"""``peaceobs budget``, ``peaceobs scale`` and ``peaceobs assess``: thin shells over
:mod:`peaceobs.finance`. Bad input is one line on stderr and exit code 2; nothing is stored."""

from __future__ import annotations

import sys
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


def _fail(message: str) -> NoReturn:
    err.print(f"[red]error:[/] {escape(message)}")
    raise typer.Exit(2)


def budget_cmd(key: Annotated[str, typer.Argument(help="A mission acronym (UNSOS) or a document symbol (A/80/628).")],
               csv_out: Annotated[bool, typer.Option("--csv", help="CSV on stdout.")] = False,
               all_lines: Annotated[bool, typer.Option("--all", help="Every figure read (all categories, all columns), "
                                                                      "not only the series.")] = False,
               db: DbOption = None, json_out: JsonOption = False) -> None:
    """A mission's money, period by period: expenditure, apportionment, proposed, recommended,
    appropriated — each figure with the document, table, row, column and page it comes from."""
    from .finance import budget
    from .finance.export import lines_csv

    store = open_or_exit(db)
    try:
        result = budget(store, key)
    except PeaceobsError as exc:
        _fail(str(exc))
    finally:
        store.close()
    lines = result.lines if all_lines else result.series(category=None)
    if json_out:
        print_json(result.to_dict(all_lines=all_lines))
        return
    if csv_out:
        lines_csv(lines, sys.stdout)
        return
    table = narrow_table(f"{escape(result.key)}: {escape(result.name)} — gross requirements",
                         [("period", Col.KEY), ("measure", Col.KEY), ("amount (USD)", Col.NUMBER), ("source", Col.TEXT)])
    for line in result.series():
        table.add_row(line.period, line.measure, f"{line.amount_usd:,}", escape(line.source.cite()))
    out.print(table)
    out.print(f"[dim]{len(lines)} figures from {', '.join(result.documents)}; --json or --csv for every line[/]")


def scale_cmd(args: Annotated[list[str] | None, typer.Argument(
                  help="NAME to show one scale; 'load FILE|SYMBOL' to load an official table; "
                       "'estimate LEVELS.csv' to estimate a peacekeeping scale from levels; "
                       "'groups FILE.csv' to load regional groups.")] = None,
              name: Annotated[str | None, typer.Option("--name", help="Name to load under, e.g. peacekeeping:2025.")] = None,
              kind: Annotated[str, typer.Option("--kind", help="regular or peacekeeping.")] = "peacekeeping",
              year: Annotated[int | None, typer.Option("--year", help="Year of a loaded scale (else from --name).")] = None,
              base: Annotated[str, typer.Option("--base", help="Regular scale an estimate starts from.")] = "regular:2025",
              as_user: Annotated[str | None, typer.Option("--as", help="Who loads (analyst or above); password from $PEACEOBS_PASSWORD or asked.")] = None,
              db: DbOption = None, json_out: JsonOption = False) -> None:
    """Scales of assessment in the store: regular budget scales read from GA resolutions, and
    loaded tables. Peacekeeping rates are shown only from an official table; an estimate says so."""
    from .finance import estimate_peacekeeping, get_scale, list_scales, load_groups, load_scale

    args = args or []
    store = open_or_exit(db)
    try:
        if args and args[0] == "load":
            if len(args) != 2 or not name:
                _fail("usage: peaceobs scale load FILE|SYMBOL --name peacekeeping:2025 [--kind peacekeeping]")
            scale = load_scale(store, actor_or_exit(store, as_user), args[1], name, kind, year)
            err.print(f"loaded {scale.name}: {len(scale.rates)} Member States, sum {scale.total} %")
            return
        if args and args[0] == "groups":
            if len(args) != 2:
                _fail("usage: peaceobs scale groups FILE.csv (columns member_state, group)")
            members = load_groups(store, actor_or_exit(store, as_user), args[1])
            err.print(f"loaded regional groups for {len(members)} Member States from {args[1]}")
            return
        if args and args[0] == "estimate":
            if len(args) != 2:
                _fail("usage: peaceobs scale estimate LEVELS.csv [--base regular:2025] [--name …]")
            scale = estimate_peacekeeping(store, actor_or_exit(store, as_user), args[1], base, name)
            err.print(f"stored {scale.name}: an ESTIMATE by the mechanism of resolution 55/235, not official rates")
            return
        if len(args) > 1:
            _fail("give one scale NAME, or 'load FILE', 'estimate LEVELS.csv' or 'groups FILE.csv'")
        if args:
            scale = get_scale(store, args[0])
            if json_out:
                print_json(scale.to_dict())
                return
            table = narrow_table(f"{escape(scale.name)} ({'official' if scale.official else 'ESTIMATE — not official'}) "
                                 f"from {escape(scale.source)}",
                                 [("Member State", Col.TEXT), ("rate (%)", Col.NUMBER), ("level", Col.KEY)])
            for r in scale.rates:
                table.add_row(escape(r.member_state), r.rate, r.level or "")
            out.print(table)
            out.print(f"{len(scale.rates)} Member States; rates sum to {scale.total} %"
                      + (f" (printed total {scale.printed_total})" if scale.printed_total else ""))
            return
        scales = list_scales(store)
    except PeaceobsError as exc:
        _fail(str(exc))
    finally:
        store.close()
    if json_out:
        print_json([s.to_dict(with_rates=False) for s in scales])
        return
    table = narrow_table("Scales of assessment in the store",
                         [("name", Col.KEY), ("kind", Col.KEY), ("members", Col.NUMBER), ("sum (%)", Col.NUMBER), ("official", Col.KEY),
                          ("source", Col.TEXT)])
    for s in scales:
        table.add_row(s.name, s.kind, str(len(s.rates)), str(s.total), "yes" if s.official else "ESTIMATE",
                      escape(s.source))
    out.print(table)
    if not any(s.kind == "peacekeeping" and s.official for s in scales):
        out.print("No official peacekeeping scale is loaded (its levels and effective rates are published in a "
                  "report of the Secretary-General not in this store): load one with "
                  "'peaceobs scale load FILE --name peacekeeping:2025'. The regular budget scale is offered instead.")


def assess_cmd(budget: Annotated[list[str], typer.Option("--budget", help="Annual budget in USD; repeat for scenarios.")],
               share: Annotated[list[str], typer.Option("--share", help="Share assessed, 0–1 (0.75); repeat for scenarios.")],
               scale: Annotated[str, typer.Option("--scale", help="Scale name, e.g. regular:2025 (see peaceobs scale).")],
               csv_out: Annotated[bool, typer.Option("--csv", help="CSV on stdout.")] = False,
               xlsx: Annotated[Path | None, typer.Option("--xlsx", help="Write an XLSX file.")] = None,
               top: Annotated[int, typer.Option("--top", help="Rows shown in the terminal (all in --json/--csv/--xlsx).")] = 25,
               db: DbOption = None, json_out: JsonOption = False) -> None:
    """Resolution 2719 scenarios: what each Member State would pay if SHARE of an operation's
    annual BUDGET were financed from assessed contributions by SCALE. The remainder (the African
    Union's share) is its own line; the amounts add up to the assessed amount to the dollar."""
    from .finance import (
        AssessmentError,
        assess,
        get_scale,
        official_peacekeeping,
        parse_budget,
        parse_share,
    )
    from .finance.budgets import peacekeeping_appropriations
    from .finance.export import scenarios_csv, scenarios_xlsx

    try:  # check the numbers before opening anything
        for b in budget:
            parse_budget(b)
        for s in share:
            parse_share(s)
    except AssessmentError as exc:
        _fail(str(exc))
    store = open_or_exit(db)
    try:
        chosen = get_scale(store, scale)
        pk = official_peacekeeping(store)
        period, pk_total, _ = peacekeeping_appropriations(store) if pk else (None, 0, [])
        scenarios = [assess(b, s, chosen, pk, pk_total or None) for b in budget for s in share]
    except PeaceobsError as exc:
        _fail(str(exc))
    finally:
        store.close()
    if xlsx:
        xlsx.write_bytes(scenarios_xlsx(scenarios))
    if json_out:
        print_json({"scale": chosen.to_dict(with_rates=False),
                    "peacekeeping_basis": ({"scale": pk.name, "period": period, "appropriations_usd": pk_total}
                                           if pk else None),
                    "scenarios": [a.to_dict() for a in scenarios]})
        return
    if csv_out:
        scenarios_csv(scenarios, sys.stdout)
        return
    kind = "official" if chosen.official else "ESTIMATE — not an official rate"
    out.print(f"[bold]Scale:[/] {escape(chosen.name)} ({kind}; {escape(chosen.source)})")
    if chosen.kind != "peacekeeping":
        out.print("[dim]This is the regular budget scale, named as such; no official peacekeeping scale is used.[/]")
    # A scenario's header on two lines: its column is then as wide as its amounts.
    table = narrow_table(None, [("Member State", Col.TEXT), ("rate (%)", Col.NUMBER),
                                *((f"{float(a.share) * 100:g}% of\n{a.budget_usd:,}", Col.NUMBER) for a in scenarios)])
    ranked = sorted(range(len(scenarios[0].rows)), key=lambda k: -scenarios[0].rows[k].amount_usd)
    for k in ranked[:top]:
        r = scenarios[0].rows[k]
        table.add_row(escape(r.member_state), r.rate, *(f"{a.rows[k].amount_usd:,}" for a in scenarios))
    table.add_row("[bold]Total assessed[/]", "", *(f"[bold]{a.assessed_usd:,}[/]" for a in scenarios))
    table.add_row("Not assessed (African Union share)", "", *(f"{a.not_assessed_usd:,}" for a in scenarios))
    out.print(table)
    out.print(f"[dim]{top} largest of {len(ranked)} shown; --json, --csv or --xlsx for all. Rounding: largest "
              "remainders to the dollar.[/]")
