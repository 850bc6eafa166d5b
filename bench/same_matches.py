"""One query language: the same queries counted on a SQLite and a PostgreSQL store of the same files.

    python -m bench.same_matches SQLITE_URL POSTGRES_URL [--english]

Prints, for each query of ``bench.common.QUERIES``, the number of matching paragraphs on both
stores (``search(…, with_total=True)``), then how many agree. ``--english`` counts PostgreSQL with
its former ``english`` configuration (``to_tsvector('english', text) @@`` the same query, no
index: slow), the baseline of docs/BENCHMARKS.md "one query language".
"""

from __future__ import annotations

import sys

from bench.common import QUERIES
from peaceobs.search import parse_query, search
from peaceobs.store import open_store
from peaceobs.store.postgres import tsquery_sql


def main(sqlite_url: str, pg_url: str, english: bool) -> None:
    a, b = open_store(sqlite_url), open_store(pg_url)
    same = 0
    for q in QUERIES:
        ta = search(a, q, limit=1, with_total=True).total
        if english:
            sql, params = tsquery_sql(parse_query(q))
            sql = sql.replace("'peaceobs'", "'english'")
            tb = b.query(f"SELECT count(*) FROM paragraphs WHERE to_tsvector('english', text) @@ ({sql})",
                         params)[0][0]
        else:
            tb = search(b, q, limit=1, with_total=True).total
        same += ta == tb
        print(f"{q!r:45} {ta!s:>8} {tb!s:>8}{'' if ta == tb else '   differ'}")
    print(f"\nsame count for {same}/{len(QUERIES)} queries")


if __name__ == "__main__":
    args = [x for x in sys.argv[1:] if x != "--english"]
    main(args[0], args[1], "--english" in sys.argv)
