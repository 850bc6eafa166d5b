"""Cross-extraction agreement on the corpus: every document held twice, compared.

    python -m bench.agreement [CORPUS]        # a Markdown table of the pairs that differ, and the share
    python -m bench.agreement --all [CORPUS]  # then every difference, with what the file check found

The same report is in docs/STRUCTURE.md ("Cross-extraction agreement"); each difference there has
its cause written by reading both extractions. A difference the Markdown file itself explains (it
does not hold the words or the label; ``evaluate.agreement.explain_by_source``) is marked "file".
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from peaceobs.evaluate.agreement import agreement


def main(corpus: Path, every: bool = False) -> None:
    t0 = time.perf_counter()
    results = agreement(corpus)
    same = sum(r.identical for r in results)
    lost = sum(r.only_source_losses for r in results)
    print("| document | sources | IDs | differences (first three) | all the file's own losses |")
    print("|---|---|---|---|---|")
    for r in results:
        if not r.identical:
            first = "; ".join(f"{d.pid} {d.what}{' (file)' if d.source_loss else ''}" for d in r.differences[:3])
            own = "yes" if r.only_source_losses else "no"
            print(f"| {r.symbol} | {r.source_a} / {r.source_b} | {r.ids} | {len(r.differences)}: {first} | {own} |")
    n = len(results)
    print(f"\n{same} of {n} pairs identical ({same / n:.1%}); {lost} more differ only where the second "
          f"file lacks the text or label ({(same + lost) / n:.1%} identical or explained by the file); "
          f"{time.perf_counter() - t0:.1f} s")
    if every:
        print("\n| document | ID | difference | the file check |\n|---|---|---|---|")
        for r in results:
            for d in r.differences:
                print(f"| {r.symbol} ({r.source_b}) | {d.pid} | {d.what} | {d.source_loss or 'unexplained'} |")


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "--all"]
    main(Path(args[0]) if args else Path(__file__).resolve().parents[2] / "shared" / "corpus", "--all" in sys.argv)
