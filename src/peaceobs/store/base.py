"""The storage interface: one :class:`Store` made of its features, each in its own module.

``core`` (connection hooks, ``query()``, migrations) · ``documents`` · ``searching`` ·
``citations`` · ``tracing`` (provenance and reuse) · ``runs`` (ingest runs, statistics) ·
``scales`` (loaded scales of assessment) · ``tracking`` (the recommendation tracker) ·
``trending`` (terms over time, watches). SQL both backends speak lives in the features; dialects
override hooks. Every write of a document is one transaction: its old paragraphs and citations go
and the new ones come together, or not at all.
"""

from __future__ import annotations

from .accounts import AccountsMixin, SessionRow, UserRow
from .citations import CitationRow, CitationsMixin
from .core import FORMAT_RANK, StoreCore, document_key
from .documents import DocumentsMixin, TitledDocument
from .packs import PacksMixin
from .runs import RunsMixin
from .scales import RateRow, ScaleRow, ScalesMixin
from .searching import SearchMixin
from .tracing import TraceMixin
from .tracking import TrackingMixin
from .trending import TrendingMixin

__all__ = ["Store", "StoreCore", "CitationRow", "FORMAT_RANK", "document_key", "RateRow", "ScaleRow",
           "TitledDocument", "UserRow", "SessionRow"]


class Store(DocumentsMixin, SearchMixin, CitationsMixin, TraceMixin, RunsMixin, ScalesMixin, TrackingMixin,
            TrendingMixin, AccountsMixin, PacksMixin, StoreCore):
    """A peaceobs database. Use :func:`peaceobs.store.open_store` to get one."""
