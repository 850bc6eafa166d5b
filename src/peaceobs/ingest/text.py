"""Plain text: the Security Council texts (one resolution a file) and any .txt document."""

from __future__ import annotations

import re
from pathlib import Path

from .base import RawDocument, ReaderError, content_hash, decode_text, read_bytes

# S_RES_0390_1976_EN_GOLD.txt: the CR-UNSC file naming.
_CRUNSC_NAME = re.compile(r"S_RES_(\d+)_(\d{4})_([A-Z]{2})", re.I)


def read_text(path: Path) -> RawDocument:
    data = read_bytes(path)
    text = decode_text(path, data)
    if not text.strip():
        raise ReaderError(path, "no text (only whitespace)")
    meta: dict[str, str | None] = {}
    m = _CRUNSC_NAME.match(path.name)
    if m:
        meta["symbol"] = f"S/RES/{int(m.group(1))} ({m.group(2)})"
        meta["language"] = m.group(3).lower()
    # Pages, where the text has form feeds; the SC texts have none and are one page.
    pages = [page.split("\n") for page in text.split("\f")]
    return RawDocument(str(path), "text", content_hash(data), meta, pages=pages)
