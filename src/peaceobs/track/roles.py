"""Who may do what: readers read; analysts suggest and link evidence; reviewers also set
statuses; admins also manage users and frameworks. Every write names its actor."""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple

from ..errors import PeaceobsError


class Role(IntEnum):
    """Ordered: each role may do what the ones below it may."""

    READER = 1
    ANALYST = 2
    REVIEWER = 3
    ADMIN = 4

    @classmethod
    def parse(cls, name: str) -> Role:
        try:
            return cls[name.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown role {name!r} (reader, analyst, reviewer, admin)") from None

    @property
    def label(self) -> str:
        return self.name.lower()


# The least role each write needs.
NEEDS = {
    "link": Role.ANALYST,  # add, confirm or reject evidence; run suggestions that store links
    "status": Role.REVIEWER,  # set a commitment's status
    "framework": Role.ADMIN,  # add or delete a framework
    "scale": Role.ANALYST,  # load a scale of assessment, a levels table's estimate, regional groups
    "users": Role.ADMIN,  # add users, change roles, issue tokens
    "pack": Role.ANALYST,  # make an evidence pack, add to it, reorder, annotate, share (its owner or an admin)
}


class Actor(NamedTuple):
    name: str
    role: Role


class Forbidden(PeaceobsError):
    """The actor's role does not allow the action (HTTP 403)."""


def require(actor: Actor, action: str) -> None:
    need = NEEDS[action]
    if actor.role < need:
        raise Forbidden(f"{actor.name} is a {actor.role.label}; {action} needs a {need.label} or above")
