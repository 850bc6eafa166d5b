"""Readers, one per format, chosen by a small registry. Readers return text + metadata only."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .base import MAX_FILE_BYTES, Block, RawDocument, ReaderError
from .docx import read_docx
from .html import read_html
from .jsondoc import read_json
from .markdown import read_markdown
from .pdf import read_pdf
from .text import read_text

__all__ = ["Block", "RawDocument", "ReaderError", "MAX_FILE_BYTES", "READERS", "read", "is_readable"]

Reader = Callable[[Path], RawDocument]

READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".json": read_json,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".docx": read_docx,
    ".pdf": read_pdf,
    ".html": read_html,
    ".htm": read_html,
}


def is_readable(path: Path) -> bool:
    return path.suffix.lower() in READERS


def read(path: str | Path) -> RawDocument:
    """Read one file with the reader its extension names; :class:`ReaderError` on any failure."""
    p = Path(path)
    reader = READERS.get(p.suffix.lower())
    if reader is None:
        raise ReaderError(p, f"unsupported format {p.suffix or '(no extension)'!r}")
    if p.is_dir():
        raise ReaderError(p, "is a directory")
    try:
        return reader(p)
    except ReaderError:
        raise
    except RecursionError as exc:
        raise ReaderError(p, "too deeply nested to read") from exc
    except MemoryError as exc:
        raise ReaderError(p, "out of memory while reading") from exc
    except Exception as exc:  # a reader bug or a library choking must not stop the batch
        raise ReaderError(p, f"unreadable ({type(exc).__name__}: {exc})") from exc
