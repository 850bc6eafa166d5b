"""What every reader returns, and how it fails."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import xxhash

from ..errors import PeaceobsError

# The corpus's largest real file is under 4 MB; a file past this is almost surely not a UN
# document (or is a dump of many), and reading it whole would break the memory bound.
MAX_FILE_BYTES = 64 * 1024 * 1024


# Appended by readers that know the page geometry (PDF) to a line that stops well short of the
# right margin: the printed sign that a paragraph, heading or table row ends there.
SHORT_LINE = "\ue000"  # private use: survives str.strip()
# Opens a line that is a row of a table the reader found from the page's geometry (PDF); the
# row's cells follow, separated by TABLE_CELL. Structure turns a run of them into one table.
TABLE_ROW = "\ue001"
TABLE_CELL = " | "
# Appended (before any SHORT_LINE) to a line whose first character stands off the text's left
# margin: INDENTED where it is set in (an item's first line), HUNG where it stands out into the
# margin (a lettered side heading); a sentence running on over a line starts at the margin.
INDENTED = "\ue002"
HUNG = "\ue003"
LINE_MARKS = SHORT_LINE + INDENTED + HUNG


_NIL = {"", "-", "–", "—"}
_FIGURE_CELL = re.compile(r"\(?-?\$?\d[\d,. ]*\)?%?")


def grid_table_text(rows: list[list[str]]) -> str:
    """A table's text from its grid rows (rows on lines, cells between " | ").

    Word repeats a merged cell once for each grid column it spans ("(40 043.8)", "(40 043.8)"),
    so a column that repeats its left neighbour in every row is one printed column and is
    folded. Cells that are merely equal ("–", "–") keep their places: folding them one by one
    would shift every figure after them into the wrong column.
    """
    grid = [[" ".join(str(c or "").split()) for c in row] for row in rows]
    grid = [row for row in grid if any(row)]
    if not grid:
        return ""
    width = max(len(row) for row in grid)
    grid = [row + [""] * (width - len(row)) for row in grid]
    body = [row for row in grid if any(_FIGURE_CELL.fullmatch(c) for c in row)]
    keep = [0]
    for j in range(1, width):
        # A grid column that in every row repeats a neighbour (or is empty) is part of a merged
        # cell; a merge may span it with the left column in some rows and the right in others.
        left, right = keep[-1], j + 1 if j + 1 < width else None

        def twin(row: list[str], j: int = j, left: int = left, right: int | None = right) -> bool:
            return row[j] == row[left] or (right is not None and row[j] == row[right])

        merged = (all(twin(row) or not row[j] for row in grid)
                  and any(twin(row) and row[j] not in _NIL for row in body))
        if merged:
            for row in grid:
                if not row[left] and row[j] and (right is None or row[right] != row[j]):
                    row[left] = row[j]
        else:
            keep.append(j)
    return "\n".join(TABLE_CELL.join(row[j] for j in keep) for row in grid)


def bare(line: str) -> str:
    """A line without its geometry marks or surrounding space."""
    if any(mark in line for mark in LINE_MARKS):
        line = line.translate(_NO_MARKS)
    return line.strip()


_NO_MARKS = str.maketrans("", "", LINE_MARKS)


class ReaderError(PeaceobsError):
    """A file that cannot be read as a document; the message is one line naming the reason."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class NotADocument(ReaderError):
    """A file of a known extension that holds no document (a data file beside the documents)."""


@dataclass(slots=True)
class Block:
    """A unit of text a reader already knows to be one paragraph, heading, table or footnote."""

    text: str
    hint: str = "para"  # para, heading, table, footnote
    level: int = 0  # heading level, where the source says


@dataclass(slots=True)
class RawDocument:
    """A reader's output: text + metadata, no interpretation.

    Line sources (plain text, PDF, the GA JSON extraction) fill ``pages`` with the printed lines of
    each page; block sources (DOCX, structured JSON, Markdown, HTML) fill ``blocks``.
    """

    path: str
    format: str
    content_hash: str
    meta: dict[str, str | None] = field(default_factory=dict)
    pages: list[list[str]] | None = None
    blocks: list[Block] | None = None


def read_bytes(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes, after the checks every reader needs (exists, not empty, not huge)."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReaderError(path, f"cannot open: {exc.strerror or exc}") from exc
    if size == 0:
        raise ReaderError(path, "empty file (0 bytes)")
    if size > max_bytes:
        raise ReaderError(path, f"file too large ({_size(size)}; limit {_size(max_bytes)})")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ReaderError(path, f"cannot read: {exc.strerror or exc}") from exc


def _size(n: int) -> str:
    """Bytes in binary units, as a file manager shows them: 64 MiB, not "67 MB"."""
    for unit, scale in (("GiB", 2**30), ("MiB", 2**20), ("KiB", 2**10)):
        if n >= scale:
            return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"


def _utf16_or_32(data: bytes) -> str | None:
    """The name of the UTF-16/UTF-32 encoding the bytes are in (by byte-order mark, or by NULs
    on every other byte of mostly-ASCII text), or None."""
    for bom, name in ((b"\xff\xfe\x00\x00", "UTF-32"), (b"\x00\x00\xfe\xff", "UTF-32"),
                      (b"\xff\xfe", "UTF-16"), (b"\xfe\xff", "UTF-16")):
        if data.startswith(bom):
            return name
    head = data[:4096]
    pairs = len(head) // 2
    if pairs >= 8:
        even = head[0::2].count(0)
        odd = head[1::2].count(0)
        if max(even, odd) > 0.6 * pairs and min(even, odd) < 0.05 * pairs:
            return "UTF-16"
    return None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def content_hash(data: bytes) -> str:
    return xxhash.xxh3_128_hexdigest(data)


def decode_text(path: Path, data: bytes) -> str:
    """Strict UTF-8 (BOM allowed): a file in another encoding is reported, not guessed at."""
    wide = _utf16_or_32(data)
    if wide is not None:
        raise ReaderError(path, f"text in {wide}, not UTF-8; re-encode as UTF-8")
    if b"\x00" in data[:4096]:
        raise ReaderError(path, "binary content, not text (NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReaderError(
            path, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); re-encode as UTF-8"
        ) from exc
    head = text[:4096]
    if len(_CONTROL.findall(head)) > 0.05 * len(head):
        raise ReaderError(path, "binary content, not text (control characters)")
    return text.replace("\r\n", "\n").replace("\r", "\n")
