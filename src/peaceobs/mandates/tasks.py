"""Mandate tasks: a taxonomy with definitions, and transparent rules that tag operative paragraphs.

The categories cover those of the 2010 DPA mandate matrix (corpus `mandate-matrix-2010`) and the
tasks analysts track in today's mandates. A rule is a set of phrases; a paragraph (with its
sub-items) gets a task when one of the phrases occurs in it. No learned model: the corpus offers
ten evaluable matrix cells, far too few to train or to show that one beats the rules
(docs/MANDATES.md gives the scores; evaluate/tasks.py computes them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import OPERATIVE, Document


@dataclass(frozen=True, slots=True)
class Task:
    code: str
    name: str
    definition: str
    pattern: re.Pattern[str]


def _t(code: str, name: str, definition: str, *phrases: str) -> Task:
    return Task(code, name, definition, re.compile("|".join(phrases), re.I))


TAXONOMY: tuple[Task, ...] = (
    _t("protection_of_civilians", "Protection of civilians",
       "Protect civilians, in particular those under threat of physical violence.",
       r"protect(?:ion of)? civilians", r"civilians under (?:imminent )?threat"),
    _t("ddr", "Disarmament, demobilization and reintegration",
       "Disarm, demobilize and reintegrate former combatants; weapons collection from armed groups.",
       r"\bdisarm\w*", r"demobili[sz]\w*", r"\bDDR\b", r"reintegration of (?:former )?combatants",
       r"cantonment"),
    _t("ssr", "Security sector reform",
       "Reform, restructure or train the police, armed forces or other security institutions.",
       r"security sector reform", r"\bSSR\b", r"(?:reform|restructur\w+|train\w*) (?:of )?the (?:national )?(?:police|armed forces|security forces)"),
    _t("electoral", "Electoral assistance",
       "Organize, support, observe or verify elections or a referendum.",
       r"\belect(?:ion|oral)s?\b", r"\breferendum\b", r"voter registration", r"\bballot"),
    _t("human_rights", "Human rights",
       "Promote, protect and monitor human rights; investigate and report violations.",
       r"human rights"),
    _t("rule_of_law", "Rule of law",
       "Support justice, courts, corrections and the rule of law.",
       r"rule of law", r"\bjudicial\b", r"justice (?:system|sector)", r"\bcorrections?\b", r"\bprisons?\b"),
    _t("public_order", "Public order and executive policing",
       "Maintain or restore law and order; police tasks carried out by the mission.",
       r"law and order", r"public order", r"\bpolicing\b", r"civilian police"),
    _t("political_process", "Support to the political process",
       "Good offices, mediation, dialogue, national reconciliation, support to a peace process.",
       r"political (?:process|dialogue|settlement|solution)", r"national reconciliation", r"good offices",
       r"\bmediat\w+", r"peace (?:process|talks|negotiations)"),
    _t("ceasefire", "Ceasefire monitoring",
       "Supervise or monitor a ceasefire, truce, armistice, disengagement or separation of forces.",
       r"cease-?\s?fire", r"cessation of hostilities", r"\barmistice\b", r"\btruce\b", r"\bdisengagement\b",
       r"separation of forces", r"observ\w+ (?:of )?the (?:withdrawal|cease)"),
    _t("conflict_prevention", "Conflict prevention",
       "Prevent the outbreak, recurrence or escalation of fighting.",
       r"prevent\w* (?:a |the )?(?:recurrence|outbreak|escalation|resumption) of (?:fighting|hostilities|violence|conflict)",
       r"conflict prevention"),
    _t("humanitarian", "Humanitarian support and access",
       "Facilitate humanitarian assistance and access, relief, a return to normal conditions.",
       r"humanitarian", r"\brelief\b", r"normal conditions"),
    _t("territorial_security", "Territorial security and state authority",
       "Confirm withdrawals, secure an area, help restore the government's authority.",
       r"(?:return|restoration) of (?:its |the )?effective authority", r"withdrawal of (?:\w+ )?forces",
       r"extension of (?:state|government) authority", r"(?:restore|consolidat\w+) (?:state|government) authority"),
    _t("regional_support", "Support to or cooperation with a regional organisation",
       "Support, or work with, an operation or office of the AU or another regional organisation.",
       r"African Union", r"regional (?:organi[sz]ation|arrangement)s?", r"\bAMISOM\b|\bATMIS\b|\bAUSSOM\b",
       r"\bECOWAS\b", r"sub-?regional organi[sz]ation"),
    _t("mine_action", "Mine action",
       "Demining, mine clearance, explosive ordnance disposal, mine-risk education.",
       r"mine[- ]clearance", r"\bdemining\b", r"\blandmines?\b", r"mine action", r"explosive (?:remnants|hazards?|ordnance)"),
    _t("refugees_idps", "Refugees and internally displaced persons",
       "Facilitate the voluntary return of refugees and displaced persons.",
       r"\brefugees?\b", r"internally displaced", r"displaced persons"),
    _t("wps", "Women, peace and security", "Women's participation and protection; gender.",
       r"\bwomen\b", r"\bgender\b"),
    _t("children", "Children and armed conflict", "Protect children; end recruitment of child soldiers.",
       r"\bchildren\b", r"child soldiers"),
    _t("public_information", "Public information", "Public information and the mission's radio.",
       r"public information", r"\bradio\b"),
    _t("sanctions", "Sanctions monitoring", "Monitor or support sanctions and embargoes.",
       r"\bsanctions?\b", r"\bembargo\b"),
    _t("use_of_force", "Authorization of the use of force",
       "Authorizes all necessary means or measures.", r"all necessary (?:means|measures)"),
    _t("institution_building", "Institution building",
       "Build or strengthen state and democratic institutions; capacity building.",
       r"(?:state|democratic|national|government) institutions", r"capacity[- ]building", r"institution[- ]building"),
)


_NAMES = {t.code: t.name for t in TAXONOMY}


def task_name(code: str) -> str:
    """The label people read for a task key ("public_order" → "Public order and executive policing")."""
    return _NAMES.get(code, code.replace("_", " ").capitalize())


def tag_text(text: str) -> list[str]:
    return [t.code for t in TAXONOMY if t.pattern.search(text)]


def tag_document(doc: Document) -> dict[str, list[str]]:
    """Tasks of each top-level operative paragraph (its sub-items' words included)."""
    children: dict[str, list[str]] = {}
    for p in doc.paragraphs:
        if p.parent:
            root = p.parent.split("(")[0].split(".")[0]
            children.setdefault(root, []).append(p.text)
    out = {}
    for p in doc.paragraphs:
        if p.kind == OPERATIVE and not p.parent:
            tags = tag_text(" ".join([p.text, *children.get(p.pid, [])]))
            if tags:
                out[p.pid] = tags
    return out
