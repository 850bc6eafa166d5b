"""The Security Council meetings table (corpus `unsc-meetings-1946-2022`): each resolution's
adoption date and the agenda topic it was adopted under.

Used to date texts that print no adoption date, to say which withheld resolution a gap in a
mandate chain lacks, and to find resolutions on a mission's topic that its chain leaves out
(``peaceobs mandate MISSION --check``). Read on demand from the corpus; nothing is copied.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from ..dates import MONTHS

TABLE = "unsc-meetings-1946-2022/unsc_meetings_1946_2022.csv"
_RES = re.compile(r"S/RES/(\d+)\s*\((\d{4})\)")
_DAY = re.compile(r"(\d{1,2})\s+([A-Za-z]+)(?:\s+(\d{4}))?")


@dataclass(slots=True)
class Meetings:
    by_number: dict[int, list[tuple[str | None, int, str]]] = field(default_factory=dict)  # (date, year, topic)

    @classmethod
    def load(cls, corpus: str | Path | None) -> Meetings | None:
        """The table under ``corpus``; None when it is not there."""
        if corpus is None or not (Path(corpus) / TABLE).is_file():
            return None
        return _load(str(Path(corpus) / TABLE))

    def adopted(self, n: int) -> str | None:
        return next((d for d, _, _ in self.by_number.get(n, []) if d), None)

    def year(self, n: int) -> int | None:
        return next((y for _, y, _ in self.by_number.get(n, [])), None)

    def topics(self, n: int) -> set[str]:
        return {t for _, _, t in self.by_number.get(n, []) if t}

    def on_topics(self, topics: set[str]) -> list[int]:
        """Resolution numbers adopted under any of ``topics``, in order."""
        return sorted(n for n, rows in self.by_number.items() if any(t in topics for _, _, t in rows))


def _iso(text: str, year: int) -> str | None:
    """'28 May 1975' or '19 December' (the year from its column) → ISO; None if unreadable."""
    m = _DAY.search(text or "")
    month = MONTHS.get(m.group(2).lower()) if m else None
    if m is None or month is None:
        return None
    try:
        return date(int(m.group(3) or year), month, int(m.group(1))).isoformat()
    except ValueError:
        return None


@lru_cache(maxsize=2)
def _load(path: str) -> Meetings:
    out = Meetings()
    with open(path, encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for num, yr in _RES.findall(row.get("resolutions") or ""):
                year = int(yr)
                out.by_number.setdefault(int(num), []).append((_iso(row.get("date", ""), year), year, row.get("topic", "").strip()))
    return out
