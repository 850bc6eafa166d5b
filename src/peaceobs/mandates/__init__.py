"""Missions and their mandates: the registry of operations, personnel figures, mentions."""

from .personnel import PersonnelMonth, personnel_series
from .registry import Mission, load_missions, mission_query

__all__ = ["Mission", "load_missions", "mission_query", "PersonnelMonth", "personnel_series"]
