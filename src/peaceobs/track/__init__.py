"""The recommendation tracker: frameworks of commitments, evidence suggested by hybrid retrieval
and reviewed by people, statuses with their history, an append-only audit log; and emerging
issues over time (trends, bursts, watches)."""

from __future__ import annotations

from ..store.tracking import (
    AuditRow,
    CommitmentDraft,
    CommitmentRow,
    FrameworkRow,
    LinkRow,
    StatusRow,
    TrackConflict,
    TrackNotFound,
)
from .embed import EmbeddingUnavailable, embedder
from .frameworks import (
    FrameworkError,
    commitments_from_file,
    commitments_from_paragraphs,
    select_paragraphs,
)
from .roles import NEEDS, Actor, Forbidden, Role, require
from .suggest import Suggestion, key_words, suggest
from .tracker import (
    LinkState,
    Status,
    TrackInputError,
    add_framework,
    delete_framework,
    export_csv,
    export_json,
    export_rows,
    export_xlsx,
    link,
    set_status,
    show,
)

__all__ = [
    "NEEDS", "Actor", "AuditRow", "CommitmentDraft", "CommitmentRow", "EmbeddingUnavailable", "Forbidden",
    "FrameworkError", "FrameworkRow", "LinkRow", "LinkState", "Role", "Status", "StatusRow", "Suggestion",
    "TrackConflict", "TrackInputError", "TrackNotFound", "add_framework", "commitments_from_file",
    "commitments_from_paragraphs", "delete_framework", "embedder", "export_csv", "export_json", "export_rows",
    "export_xlsx", "key_words", "link", "require", "select_paragraphs", "set_status", "show", "suggest",
]
