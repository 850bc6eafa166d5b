"""The domain: plain dataclasses, no I/O.

A :class:`Document` is one UN document in one language; it owns an ordered list of
:class:`Paragraph` objects, each addressable by a stable ID (``OP4(b)``, ``PP3``, ``P12``) and
fingerprinted by a content hash, and the :class:`Citation` objects found in them.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any


class Kind(StrEnum):
    """A paragraph's kind. Resolutions and drafts have a preamble and operative part; everything
    else (front matter, headings, report body, tables, footnotes) is one of the remaining kinds.
    A ``StrEnum``: equal to its string, as stored in SQL and shown in the API."""

    PREAMBULAR = "preambular"
    OPERATIVE = "operative"
    HEADING = "heading"
    BODY = "body"  # a report's paragraph, numbered or not
    TABLE = "table"
    FOOTNOTE = "footnote"
    OTHER = "other"  # front matter, voting line and other furniture kept for the record


class Outcome(StrEnum):
    """What an ingest did with one file."""

    ADDED = "added"
    REPLACED = "replaced"
    UNCHANGED = "unchanged"
    ALTERNATE = "alternate"  # another file of the same document was kept (a better format)
    FAILED = "failed"
    SKIPPED = "skipped"


PREAMBULAR, OPERATIVE, HEADING, BODY = Kind.PREAMBULAR, Kind.OPERATIVE, Kind.HEADING, Kind.BODY
TABLE, FOOTNOTE, OTHER = Kind.TABLE, Kind.FOOTNOTE, Kind.OTHER
KINDS = tuple(Kind)


@dataclass(slots=True)
class Paragraph:
    """One addressable paragraph of a document."""

    pid: str  # stable ID inside the document: "PP2", "OP4(b)", "P12", "FN1", "ANX1.OP3"
    seq: int  # reading order, 0-based
    kind: str
    text: str
    label: str | None = None  # the printed number as printed: "4.", "(b)", "(ii)"
    parent: str | None = None  # pid of the enclosing paragraph, for sub-items
    depth: int = 0
    hash: str = ""  # of the text only: the page is where it is printed, not what it says
    # The 1-based page the paragraph starts on, where the source has pages (PDF, plain text,
    # the GA extraction); None for DOCX, report JSON, Markdown, HTML. Last: positional
    # construction stays as it was.
    page: int | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        if self.kind == TABLE:
            d["cells"] = self.cells()
        return d

    def cells(self) -> list[list[str]]:
        """A table paragraph's rows of cells (its text keeps rows on lines, cells between " | ")."""
        if self.kind != TABLE:
            return []
        return [[c.strip() for c in (" " + row + " ").split(" | ")] for row in self.text.split("\n") if row.strip()]


@dataclass(slots=True)
class Citation:
    """A reference from one paragraph to another document, by canonical symbol."""

    from_pid: str
    to_symbol: str
    raw: str  # the words as written in the text: "its resolutions 1863 (2009)"
    body: str = ""
    doc_type: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


_TITLE_NUMBER = re.compile(r"^\s*(?:[A-Z]+-)?\d+/\d+\s*[A-Z]?\.\s+")


def series_title(title: str) -> str:
    """A title without its resolution number ("79/308. Financing of …" → "Financing of …"): the
    draft's title, and the series' from session to session."""
    return _TITLE_NUMBER.sub("", title).strip()


def normalised_words(text: str) -> str:
    """The text's words, lower case, one space apart: titles compared whatever their punctuation."""
    return " ".join(re.findall(r"[^\W_]+", text.lower()))


@dataclass(slots=True)
class Document:
    """A structured document, ready for the store."""

    symbol: str  # canonical, see peaceobs.symbols
    title: str = ""
    date: str | None = None  # ISO 8601 date of adoption or issue, when known
    body: str = ""  # SC, GA, SG, ACABQ, AU-PSC
    doc_type: str = ""  # resolution, draft, report, meeting, communique, document
    agenda_item: str | None = None
    language: str = "en"
    source: str = ""  # path or URL it was read from
    source_format: str = ""
    content_hash: str = ""
    year: int | None = None
    session: int | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)

    def paragraph(self, pid: str) -> Paragraph | None:
        return next((p for p in self.paragraphs if p.pid == pid), None)

    def to_dict(self, with_paragraphs: bool = True) -> dict[str, Any]:
        d = asdict(self)
        if not with_paragraphs:
            d.pop("paragraphs")
            d.pop("citations")
        return d
