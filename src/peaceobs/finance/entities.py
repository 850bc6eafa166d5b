"""Which mission or service entity a budget document is about, read from its title.

"Financing of the United Nations Support Office in Haiti", "… for the United Nations Mission in
South Sudan", "Financing of the activities arising from Security Council resolution 1863 (2009)":
the entity is the name after the last "for/of the", matched to the missions registry by name
(every word of the shorter name in the longer), or by the mandating resolution a title names.
Service entities that are not missions (UNLB, RSCE, the support account) come from
``data/finance_entities.csv``, each with the words of the corpus it was read from.
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from ..mandates.registry import find_mission, load_missions

_WORD = re.compile(r"[a-zà-ÿ]+", re.I)
_ENTITY = re.compile(r"(?:\bfor|\bof|\bin)\s+(?:the\s+)?((?:United Nations|African Union|Regional Service|support "
                     r"account)[^:]*?)(?:\s*\(.*\))?\s*$", re.I)
_RESOLUTION = re.compile(r"Security Council resolution (\d+) \((\d{4})\)")


class Entity(NamedTuple):
    key: str  # the acronym: "UNSOS", "UNLB"
    name: str
    mission: bool  # in the missions registry (else a service entity of finance only)


@lru_cache(maxsize=1)
def _service_entities() -> tuple[Entity, ...]:
    text = (resources.files("peaceobs") / "data" / "finance_entities.csv").read_text(encoding="utf-8")
    out = []
    for row in csv.DictReader(text.splitlines()):
        for name in [row["name"], *(n for n in row["other_names"].split("|") if n)]:
            out.append(Entity(row["acronym"], name, False))
    return tuple(out)


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text.replace("’", "'"))} - {"the"}


def entity_of_title(title: str) -> Entity | None:
    """The mission or service entity a budget document's title is about."""
    title = " ".join(title.split())
    m = _RESOLUTION.search(title)
    if m and "activities arising" in title:
        symbol = f"S/RES/{m.group(1)} ({m.group(2)})"
        mission = next((x for x in load_missions() if x.mandating_resolution == symbol), None)
        if mission:
            return Entity(mission.acronym, mission.name, True)
    tail = title.split(":")[-1]
    found = _ENTITY.search(tail)
    phrase = found.group(1) if found else tail
    phrase = re.split(r",\s*(?:Uganda|Italy)\b", phrase)[0]
    words = _words(phrase)
    if not words:
        return None
    best: tuple[int, Entity] | None = None
    candidates = [Entity(x.acronym, n, True) for x in load_missions() for n in x.names()[1:]]
    for entity in [*candidates, *_service_entities()]:
        names = _words(entity.name)
        if names and (names <= words or words <= names) and len(names & words) >= 3:
            score = len(names & words) * 10 - len(names ^ words)
            if best is None or score > best[0]:
                best = (score, entity)
    return best[1] if best else None


def entity_by_key(key: str) -> Entity | None:
    """A mission of the registry or a service entity, by acronym or slug ("unsos", "support-account")."""
    mission = find_mission(key)
    if mission:
        return Entity(mission.acronym, mission.name, True)
    k = key.strip().upper().replace(" ", "-")
    return next((e for e in _service_entities() if e.key == k), None)
