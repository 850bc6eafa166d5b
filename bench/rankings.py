"""Save a code version's document rankings for the judged and held-out queries, and score saved
rankings with each set's own grades and with the pooled ones — so that two versions of the code
(one run from a git worktree) are compared on the same store and the same grades.

    PYTHONPATH=<worktree>/src python bench/rankings.py save STORE_URL OUT.json   # any version
    python bench/rankings.py score OUT.json [OUT2.json …]                        # this version's grades

``save`` reads the query texts straight from tests/search (not through this version's
``read_judged``) and ranks each by words alone and with meaning, ten a page, as
``bench.relevance`` does; ``score`` prints success@1, success@3 and nDCG@10 per set and mode.
Figures in docs/SEARCH.md.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent / "tests" / "search"
SETS = ["judged", "heldout", "heldout2", "heldout3", "heldout4", "heldout5"]


def save(url: str, out: Path) -> None:
    from peaceobs.registry_search import document_search
    from peaceobs.search import QueryError
    from peaceobs.store import open_store

    store = open_store(url)
    runs: dict[str, dict[str, dict[str, list[str]]]] = {}
    for name in SETS:
        for j in json.loads((HERE / f"{name}_queries.json").read_text(encoding="utf-8")):
            for mode, semantic in (("words", False), ("meaning", True)):
                try:
                    ranked = [d.symbol for d in document_search(store, j["query"], limit=10, semantic=semantic).documents]
                except QueryError:
                    ranked = []
                runs.setdefault(name, {}).setdefault(j["query"], {})[mode] = ranked
    store.close()
    out.write_text(json.dumps(runs, indent=0), encoding="utf-8")


def score(path: Path) -> None:
    from peaceobs.evaluate.search import read_judged, score_query

    runs = json.loads(path.read_text(encoding="utf-8"))
    print(path)
    for pooled in (False, True):
        for mode in ("words", "meaning"):
            for name, queries in runs.items():
                judged = {j["query"]: j for j in read_judged(HERE / f"{name}_queries.json", pooled=pooled)}
                scores = [score_query(judged[q], ranked[mode]) for q, ranked in queries.items()]
                n = len(scores)
                print(f"  {'pooled' if pooled else 'own   '} {mode:8} {name:9} "
                      f"s@1 {sum(s.success1 for s in scores) / n:.3f}  s@3 {sum(s.success3 for s in scores) / n:.3f}  "
                      f"nDCG@10 {sum(s.ndcg10 for s in scores) / n:.3f}  ({n})")


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "save":
        save(sys.argv[2], Path(sys.argv[3]))
    elif len(sys.argv) >= 3 and sys.argv[1] == "score":
        for p in sys.argv[2:]:
            score(Path(p))
    else:
        print(__doc__, file=sys.stderr)
        raise SystemExit(2)
