"""What comparison reports for every draft → resolution pair in the corpus: a report to read.

    python -m bench.draft_pairs            # every pair: counts, then each edit's redline
    python -m bench.draft_pairs --summary  # the table only (as in docs/COMPARE.md)

Pairs: the ``header_symbol`` rows of ga-documents-2023-2025/derived_draft_resolution_pairs.csv
(the resolution's header names its draft) whose two documents are both in extracted/. Both are
ingested into a temporary SQLite store and read back from it, as ``peaceobs compare`` reads
them; the draft that the resolution's own header names is checked against the CSV's.

Redlines are printed as ``[-deleted-]{+inserted+}`` around the changed words, with 60
characters of context either side. Paragraphs that differ only in typography (hyphen/quote
variants, spacing, a footnote marker left in one text) are counted in the "typography" column:
they are unchanged, and listed under the pair so that a reader can check that claim too.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
from pathlib import Path

from bench.common import CORPUS
from peaceobs.compare import compare
from peaceobs.compare.drafts import not_a_version, origin
from peaceobs.pipeline import ingest_paths
from peaceobs.store import open_store

GA = CORPUS / "ga-documents-2023-2025"
CONTEXT = 60


def pairs() -> list[tuple[str, str, Path, Path]]:
    out = []
    with (GA / "derived_draft_resolution_pairs.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if r["method"] != "header_symbol":
                continue
            fa = GA / "extracted" / (r["draft"].replace("/", "_") + ".json")
            fb = GA / "extracted" / (r["resolution"].replace("/", "_") + ".json")
            if fa.exists() and fb.exists():
                out.append((r["draft"], r["resolution"], fa, fb))
    return out


def show(ops: list[tuple[str, str]]) -> str:
    """A redline on one line, long equal stretches cut to the context around the changes."""
    parts = []
    last = len(ops) - 1
    for k, (op, t) in enumerate(ops):
        if op == "delete":
            parts.append(f"[-{t}-]")
        elif op == "insert":
            parts.append(f"{{+{t}+}}")
        elif k == 0 and len(t) > CONTEXT:
            parts.append("…" + t[-CONTEXT:])
        elif k == last and len(t) > CONTEXT:
            parts.append(t[:CONTEXT] + "…")
        elif 0 < k < last and len(t) > 2 * CONTEXT:
            parts.append(t[:CONTEXT] + " … " + t[-CONTEXT:])
        else:
            parts.append(t)
    return "".join(parts)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--summary", action="store_true", help="print the table only")
    args = ap.parse_args()
    todo = pairs()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(f"sqlite:///{Path(tmp) / 'pairs.db'}")
        ingest_paths(store, sorted({p for _, _, fa, fb in todo for p in (fa, fb)}))
        for draft, res, _, _ in todo:
            a, b = store.get_document(draft), store.get_document(res)
            if a is None or b is None:
                rows.append((draft, res, "not stored", None, 0, ""))
                continue
            named = origin(b)
            header = named.symbol if named else "—"
            problem = not_a_version(a, b)
            if problem:
                rows.append((draft, res, header, None, 0, problem))
                continue
            comp = compare(a, b)
            counts = comp.counts()
            typo = [c for c in comp.changes if c.typography]
            rows.append((draft, res, header, counts, len(typo), ""))
            if args.summary:
                continue
            print(f"\n## {draft} → {res}  (header names {header})")
            print("   " + ", ".join(f"{v} {k}" for k, v in counts.items() if v) + f"; {len(typo)} typography only")
            for c in comp.changes:
                if c.status in ("unchanged", "renumbered") and not c.typography:
                    continue
                ids = "+".join(p.pid for p in c.a) or "—", "+".join(p.pid for p in c.b) or "—"
                tag = c.status + (" (typography)" if c.typography else "") + (" (edited)" if c.edited and c.status != "edited" else "")
                print(f"  {tag:<24} {ids[0]} → {ids[1]}")
                if c.redline:
                    print("      " + show(c.redline))
                elif c.status in ("added", "dropped"):
                    text = " ".join(p.text for p in (c.b or c.a))
                    print("      " + (text[:2 * CONTEXT] + "…" if len(text) > 2 * CONTEXT else text))
        store.close()
    print("\n| draft | resolution | header names | unchanged | typography | renumbered | edited | moved | split/merged | added | dropped |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for draft, res, header, counts, typo, note in rows:
        if counts is None:
            print(f"| {draft} | {res} | {header} | {note} | | | | | | | |")
            continue
        c = counts
        print(f"| {draft} | {res} | {header} | {c['unchanged']} | {typo} | {c['renumbered']} | {c['edited']} | "
              f"{c['moved']} | {c['split'] + c['merged']} | {c['added']} | {c['dropped']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
