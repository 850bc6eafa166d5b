"""The one exception every peaceobs error derives from, so a caller can catch them all.

A leaf module (it imports nothing): the symbols, readers, search, fetch and store errors subclass
:class:`PeaceobsError` beside the built-in type they always had (``SymbolError`` is still a
``ValueError``), so existing ``except ValueError`` code keeps working.
"""

from __future__ import annotations

__all__ = ["PeaceobsError"]


class PeaceobsError(Exception):
    """Any error peaceobs raises on purpose: a bad symbol, file, query, fetch or store request."""
