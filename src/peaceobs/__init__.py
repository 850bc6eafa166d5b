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
from .pipeline import IngestReport, ingest_paths, load  # noqa: E402
from .search import Filters, QueryError, SearchResult, search  # noqa: E402
from .store import Store, open_store  # noqa: E402
from .symbols import Symbol, SymbolError, parse  # noqa: E402

__all__ = ["__version__", "Document", "Paragraph", "Citation", "Symbol", "SymbolError", "parse",
           "Store", "open_store", "ingest_paths", "load", "IngestReport", "search", "Filters",
           "SearchResult", "QueryError", "PeaceobsError"]
