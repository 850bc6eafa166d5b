"""Authorised and deployed uniformed personnel by mission and month, from the corpus.

Two sources in ``peacekeeping-personnel/``: the authorised-vs-deployed file (UN missions,
1990s–2010s) and the UN/non-UN mission-month file (v2-2019), which also covers AU operations
such as AMISOM (deployed only). Read on demand; nothing is copied into the repository.
"""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

SHORTFALL = "peacekeeping-personnel/personnel_shortfall_mission_month.csv"
MISSION_MONTH = "peacekeeping-personnel/un_and_nonun_peacekeeping_v2-2019_mission_month.csv"


@dataclass(frozen=True, slots=True)
class PersonnelMonth:
    month: str  # YYYY-MM
    authorized: float | None
    deployed: float | None
    source: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _num(value: str) -> float | None:
    try:
        return float(value) if value not in ("", "NA", ".") else None
    except ValueError:
        return None


@lru_cache(maxsize=4)
def _load(corpus: str) -> dict[str, list[PersonnelMonth]]:
    by: dict[str, list[PersonnelMonth]] = {}
    root = Path(corpus)
    path = root / SHORTFALL
    if path.exists():
        with path.open(encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                month = f"{int(r['year'])}-{int(r['month']):02d}"
                by.setdefault(r["mission"], []).append(PersonnelMonth(
                    month, _num(r["totalauth"]), _num(r["total"]), "authorised vs deployed (Mandate_Contribute)"))
    path = root / MISSION_MONTH
    if path.exists():
        with path.open(encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                if r["mission"] in by and by[r["mission"]][0].source.startswith("authorised"):
                    continue  # the authorised-vs-deployed file is the better source for UN missions
                totals = [_num(r.get(k, "")) for k in ("totals_ipo", "totals_iepo", "IPI_totals", "SIPRI_totals")]
                deployed = next((t for t in totals if t is not None), None)
                by.setdefault(r["mission"], []).append(PersonnelMonth(
                    r["date"][:7], None, deployed, "deployed, UN and non-UN mission-month v2-2019"))
    for series in by.values():
        series.sort(key=lambda p: p.month)
    return by


def personnel_series(corpus: str | Path, acronym: str) -> list[PersonnelMonth]:
    """Monthly authorised and deployed totals for a mission ([] when the data has none)."""
    return list(_load(str(corpus)).get(acronym, []))
