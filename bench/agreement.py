"""Cross-extraction agreement on the corpus: every document held twice, compared.

    python -m bench.agreement [CORPUS]      # a Markdown table of the pairs that differ, and the share

The same report is in docs/STRUCTURE.md ("Cross-extraction agreement"); each difference there has
its cause written by reading both extractions.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from peaceobs.evaluate.agreement import agreement


def main(corpus: Path) -> None:
    t0 = time.perf_counter()
    results = agreement(corpus)
    same = sum(r.identical for r in results)
    print("| document | sources | IDs | differences (first three) |")
    print("|---|---|---|---|")
    for r in results:
        if not r.identical:
            first = "; ".join(f"{d.pid} {d.what}" for d in r.differences[:3])
            print(f"| {r.symbol} | {r.source_a} / {r.source_b} | {r.ids} | {len(r.differences)}: {first} |")
    print(f"\n{same} of {len(results)} pairs identical ({same / len(results):.1%}); "
          f"{time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[2] / "shared" / "corpus")
