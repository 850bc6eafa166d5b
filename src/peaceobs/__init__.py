"""peaceobs — the Peace Operations Observatory.

Library first; the ``peaceobs`` command is a thin shell over these calls::

    from peaceobs import open_store, ingest_paths, search, Filters

    store = open_store("sqlite:///data/peaceobs.db")
    ingest_paths(store, ["../shared/corpus/unsc-resolutions-1946-1994/res_en_gold"])
    for hit in search(store, '"disengagement observer force"', Filters(body="SC")).hits:
        print(hit.symbol, hit.pid, hit.snippet)
"""

__version__ = "0.1.0"

import logging  # noqa: E402

# A library logs and lets the application decide where: nothing is printed unless it configures
# the "peaceobs" logger.
logging.getLogger("peaceobs").addHandler(logging.NullHandler())

from .errors import PeaceobsError  # noqa: E402
from .model import Citation, Document, Paragraph  # noqa: E402
from .search import Filters, QueryError, SearchResult, search  # noqa: E402
from .store import Store, open_store  # noqa: E402
from .symbols import Symbol, SymbolError, parse  # noqa: E402

# The pipeline (every reader: python-docx, pypdfium2 …) is imported on first use (PEP 562), so a
# command that only reads the store does not load it at start-up.
_LAZY = {"IngestReport": "pipeline", "ingest_paths": "pipeline", "load": "pipeline"}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["__version__", "Document", "Paragraph", "Citation", "Symbol", "SymbolError", "parse",
           "Store", "open_store", "ingest_paths", "load", "IngestReport", "search", "Filters",
           "SearchResult", "QueryError", "PeaceobsError"]
