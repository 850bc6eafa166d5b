"""The registry of peace operations: a data file of facts, each with its source.

``data/missions.csv``: acronym, name, other (former) names, type (PKO, SPM, support office,
AU-led), host, start/end (YYYY-MM), mandating resolution, where the corpus confirms that
resolution (``verified_in_corpus``), and where start and host come from.
"""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = ["Mission", "load_missions", "find_mission", "mission_query", "mission_aliases"]


@dataclass(frozen=True, slots=True)
class Mission:
    acronym: str
    name: str
    type: str
    host: str
    start: str
    end: str | None
    mandating_resolution: str
    other_names: tuple[str, ...] = field(default_factory=tuple)
    verified_in_corpus: str = ""
    source: str = ""

    @property
    def slug(self) -> str:
        return self.acronym.replace(" ", "-")

    @property
    def active(self) -> bool:
        return not self.end

    def names(self) -> list[str]:
        """Every name and acronym it has gone by."""
        return [self.acronym, self.name, *self.other_names]

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["other_names"] = list(self.other_names)
        d["slug"] = self.slug
        return d


@lru_cache(maxsize=1)
def load_missions() -> tuple[Mission, ...]:
    text = (resources.files("peaceobs") / "data" / "missions.csv").read_text(encoding="utf-8")
    out = []
    for row in csv.DictReader(text.splitlines()):
        out.append(Mission(
            acronym=row["acronym"], name=row["name"], type=row["type"], host=row["host"],
            start=row["start"], end=row["end"] or None, mandating_resolution=row["mandating_resolution"],
            other_names=tuple(n for n in row["other_names"].split("|") if n),
            verified_in_corpus=row["verified_in_corpus"], source=row["start_host_source"]))
    return tuple(out)


def find_mission(key: str) -> Mission | None:
    """A mission by acronym or slug, any case ("unsos", "UNOSOM-II")."""
    k = key.replace("-", " ").strip().upper()
    return next((m for m in load_missions() if m.acronym.upper() == k), None)


def mission_query(mission: Mission) -> str:
    """A search query that finds paragraphs naming the mission by any of its names.

    Acronyms of two words ("UNOSOM II") are phrases; a bare acronym that another mission's
    acronym extends ("UNOSOM" in "UNOSOM II") still matches both — the search is by words.
    """
    return " OR ".join(f'"{n}"' for n in mission.names())


@lru_cache(maxsize=1)
def mission_aliases() -> dict[str, str]:
    """Lower-cased acronym → full name, for search ("unifil" → "United Nations Interim Force in Lebanon")."""
    return {m.acronym.lower(): m.name for m in load_missions() if " " not in m.acronym}
