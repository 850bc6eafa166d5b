"""Markdown with YAML front matter (the session-80 GA resolutions of the railcar extraction)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import yaml

from .base import Block, RawDocument, ReaderError, content_hash, decode_text, read_bytes

_FRONT = re.compile(r"\A---\n(.*?)\n---\n", re.S)
_NOTE_DEF = re.compile(r"\[\^(\d+)\]:\s*(.*)", re.S)
_NOTE_REF = re.compile(r"\[\^(\d+)\]")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")


def read_markdown(path: Path) -> RawDocument:
    data = read_bytes(path)
    text = decode_text(path, data)
    meta: dict[str, str | None] = {}
    m = _FRONT.match(text)
    if m:
        try:
            front = yaml.safe_load(m.group(1)) or {}
        except yaml.YAMLError as exc:
            raise ReaderError(path, f"invalid YAML front matter: {str(exc).splitlines()[0]}") from exc
        if not isinstance(front, dict):
            raise ReaderError(path, "YAML front matter is not a mapping")
        for key in ("symbol", "title", "date", "language"):
            if front.get(key) is not None:
                meta[key] = str(front[key])
        text = text[m.end():]
    blocks: list[Block] = []
    seen: set[int] = set()  # notes referenced so far: notes are numbered in reading order

    def reference(m: re.Match[str]) -> str:
        # The footnote's marker in the text is Markdown syntax. One glued to a capital letter,
        # numbered below a note already passed and never referenced before, is the text's own
        # digits the conversion took for a marker ("the Young Professionals Network of P[^5]"
        # after note 13: "P5"); a note referenced again ("79/2[^1]") stays a marker.
        n = int(m.group(1))
        before = m.string[m.start() - 1:m.start()]
        if seen and n < max(seen) and n not in seen and before.isupper():
            return m.group(1)
        seen.add(n)
        return ""

    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk or re.fullmatch(r"[-*_]{3,}", chunk):
            continue  # blank, or a horizontal rule
        note = _NOTE_DEF.match(chunk)
        if note:
            # "[^1]: United Nations, Treaty Series …" (continuation lines indented): a footnote.
            blocks.append(Block(f"{note.group(1)} {' '.join(note.group(2).split())}", "footnote"))
            continue
        # Markdown's escapes ("3\\." for a "3." that is no list) and HTML entities ("&amp;") are
        # syntax: the text is what they stand for.
        chunk = html.unescape(_ESCAPE.sub(r"\1", _NOTE_REF.sub(reference, chunk)))
        hm = re.match(r"(#{1,6})\s+(.*)", chunk, re.S)
        if hm:
            blocks.append(Block(" ".join(hm.group(2).split()), "heading", len(hm.group(1))))
        elif chunk.startswith("|"):
            rows = [r.strip().strip("|") for r in chunk.splitlines() if not re.fullmatch(r"[|\s:-]+", r)]
            blocks.append(Block(" | ".join(" ".join(r.split()) for r in rows), "table"))
        else:
            # Lines kept: a chunk may hold two paragraphs without a blank line between them.
            blocks.append(Block("\n".join(" ".join(line.split()) for line in chunk.splitlines()), "para"))
    if not blocks:
        raise ReaderError(path, "no text after the front matter")
    return RawDocument(str(path), "markdown", content_hash(data), meta, blocks=blocks)
