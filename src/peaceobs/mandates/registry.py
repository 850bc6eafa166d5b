"""The registry of peace operations: a data file of facts, each with its source.

``data/missions.csv`` holds every operation and special political mission of the corpus's
``missions`` file (77 acronyms; ONUCI, UNFOR and LBB are other names of UNOCI, UNPROFOR and UNLB),
the African Union missions in Somalia and a few more the project asks for by name (UNEF II,
UNISFA, UNSOS, UNSOH, UNTMIS). Columns: acronym, name, other names (``|``-separated), type
(PKO, SPM, support office, logistics base, AU-led; empty where no corpus record says), host,
start/end (YYYY-MM; end empty while it runs, ``unknown`` when the corpus shows it closed but not
when), the mandating resolution, ``verified_in_corpus`` (the words of the corpus that confirm
that resolution: the operative paragraph of an SC text, a budget report's paragraph, a UN
Digital Library record) and ``start_host_source``, which — despite its historical name — gives
the source of every other fact of the row (start, host, name, type, end), each after its label.
The file is built from the corpus by reading it, never from memory; docs/MANDATES.md says how.
"""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = ["Mission", "load_missions", "find_mission", "mission_query", "mission_aliases", "mission_founding"]


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


def _key(name: str) -> str:
    """A name as compared: case, hyphens and apostrophes do not tell names apart
    ("unosom-ii", "United Nations Peace-keeping Force", "Côte d’Ivoire")."""
    return " ".join(name.replace("-", " ").replace("’", "'").casefold().split())


@lru_cache(maxsize=1)
def _by_name() -> dict[str, Mission]:
    # Acronyms first, then full names, then other names: a row's own acronym ("MONUC") wins over
    # another row's other name (MONUSCO lists MONUC as its former name).
    out: dict[str, Mission] = {}
    missions = load_missions()
    for names in ([m.acronym] for m in missions), ([m.name] for m in missions), (m.other_names for m in missions):
        for mission, keys in zip(missions, names, strict=True):
            for k in keys:
                out.setdefault(_key(k), mission)
    return out


def find_mission(key: str) -> Mission | None:
    """A mission by acronym or slug ("unsos", "UNOSOM-II"), full name or any other name it has had
    ("United Nations Emergency Force" → UNEF II, "ONUCI" → UNOCI), any case."""
    return _by_name().get(_key(key))


def mission_query(mission: Mission) -> str:
    """A search query that finds paragraphs naming the mission by any of its names.

    Acronyms of two words ("UNOSOM II") are phrases; a bare acronym that another mission's
    acronym extends ("UNOSOM" in "UNOSOM II") still matches both — the search is by words.
    """
    return " OR ".join(f'"{n}"' for n in mission.names())


def _acronym_like(name: str) -> bool:
    return " " not in name and name.isupper()


@lru_cache(maxsize=1)
@lru_cache(maxsize=1)
def mission_founding() -> dict[str, str]:
    """Lower-cased acronym, name or former name → the mission's mandating resolution ("onuc" →
    "S/RES/143 (1960)"), for search: a query naming a mission can go to the text that set it up."""
    return {n.lower(): m.mandating_resolution for m in load_missions() if m.mandating_resolution
            for n in m.names() if n}


def mission_aliases() -> dict[str, str]:
    """Lower-cased acronym → full name, for search ("unifil" → "United Nations Interim Force in
    Lebanon"), former acronyms too ("unsoa", "onuci"); a row's own acronym wins over another's
    former one ("monuc" is MONUC's)."""
    out = {n.lower(): m.name for m in load_missions() for n in m.other_names if _acronym_like(n)}
    out.update({m.acronym.lower(): m.name for m in load_missions() if " " not in m.acronym})
    return out
