"""Readers, one per format, chosen by a small registry. Readers return text + metadata only."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from pathlib import Path

from .base import MAX_FILE_BYTES, Block, RawDocument, ReaderError

__all__ = ["Block", "RawDocument", "ReaderError", "MAX_FILE_BYTES", "READERS", "read", "is_readable"]

Reader = Callable[[Path], RawDocument]

# Extension → (module, function). A reader's module (and its library: python-docx, pypdfium2,
# lxml) is imported the first time a file of its format is read, so that a command that reads no
# DOCX or PDF (`peaceobs --help`, `search`, `trace`) does not pay for them.
_REGISTRY: dict[str, tuple[str, str]] = {
    ".txt": ("text", "read_text"),
    ".json": ("jsondoc", "read_json"),
    ".md": ("markdown", "read_markdown"),
    ".markdown": ("markdown", "read_markdown"),
    ".docx": ("docx", "read_docx"),
    ".pdf": ("pdf", "read_pdf"),
    ".html": ("html", "read_html"),
    ".htm": ("html", "read_html"),
}


class _Readers(dict[str, Reader]):
    """The readers by extension, each imported on first use."""

    def __missing__(self, suffix: str) -> Reader:
        if suffix not in _REGISTRY:
            raise KeyError(suffix)
        module, name = _REGISTRY[suffix]
        reader: Reader = getattr(import_module(f".{module}", __name__), name)
        self[suffix] = reader
        return reader

    def get(self, suffix: str, default: Reader | None = None) -> Reader | None:  # type: ignore[override]
        return self[suffix] if suffix in _REGISTRY else default

    def __contains__(self, suffix: object) -> bool:
        return suffix in _REGISTRY


READERS = _Readers()


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
