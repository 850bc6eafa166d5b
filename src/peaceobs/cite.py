"""Citations in the UN's own style, and BibTeX / CSL-JSON for researchers.

"General Assembly resolution 79/1, para. 42 (b)", "Security Council resolution 2719 (2023),
para. 3", "A/80/628, para. 100 (e)", "A/80/604/Add.7, para. 56"; after the first mention the
short form ("resolution 79/1, para. 42 (b)"). A paragraph ID maps to the printed reference:
``OP42(b)`` → "para. 42 (b)", ``PP3`` → "third preambular paragraph", ``II.OP4`` → "sect. II,
para. 4", ``ANX1.OP2`` → "annex I, para. 2", ``FN5`` → "footnote 5", ``P12`` → "para. 12". The
UN Digital Library record comes from the corpus's record tables where they give it.
"""

from __future__ import annotations

import csv
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from .model import Document
from .symbols import parse

_ORDINALS = ("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
             "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth").split()
_PID = re.compile(r"^(?:(?P<annex>ANX(?P<anx>\d+))\.)?(?:(?P<section>[IVXLC]+|[A-Z])\.)?"
                  r"(?P<kind>OP|PP|P|FN|T|H|X|U)(?P<num>\d+)(?P<subs>(?:\([^)]+\))*)(?P<cont>\.\d+)?$")
_ROMAN = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def _ordinal(n: int) -> str:
    return _ORDINALS[n - 1] if 0 < n <= len(_ORDINALS) else f"{n}th"


def paragraph_reference(pid: str) -> str:
    """The printed reference of a paragraph ID: ``OP42(b)`` → "para. 42 (b)"."""
    m = _PID.match(pid)
    if not m:
        return f"para. {pid}"
    parts: list[str] = []
    if m.group("annex"):
        n = int(m.group("anx"))
        parts.append(f"annex {_ROMAN[n] if n < len(_ROMAN) else n}")
    if m.group("section"):
        parts.append(f"sect. {m.group('section')}")
    num, subs, kind = int(m.group("num")), " ".join(re.findall(r"\([^)]+\)", m.group("subs") or "")), m.group("kind")
    if kind == "PP":
        parts.append(f"{_ordinal(num)} preambular paragraph")
    elif kind == "FN":
        parts.append(f"footnote {num}")
    elif kind == "T":
        parts.append(f"table {num}")
    elif kind in ("OP", "P"):
        parts.append(f"para. {num}" + (f" {subs}" if subs else ""))
    else:  # headings and front matter: cite the document's text by its ID
        parts.append(pid)
    return ", ".join(parts)


def document_name(doc: Document, short: bool = False) -> str:
    """"General Assembly resolution 79/1" (short: "resolution 79/1"), "Security Council resolution
    2719 (2023)"; any other document by its symbol."""
    try:
        sym = parse(doc.symbol)
    except ValueError:
        sym = None
    if sym is not None and sym.doc_type == "resolution" and sym.body in ("GA", "SC"):
        if sym.body == "GA":
            m = re.match(r"A/RES/([\w/.\-]+)", doc.symbol)
            number = m.group(1) if m else doc.symbol
        else:
            m = re.match(r"S/RES/(\d+)(?: \((\d{4})\))?", doc.symbol)
            number = f"{m.group(1)} ({m.group(2) or doc.year})" if m else doc.symbol
        organ = "General Assembly" if sym.body == "GA" else "Security Council"
        return f"resolution {number}" if short else f"{organ} resolution {number}"
    return doc.symbol


def cite(doc: Document, pid: str | None = None, short: bool = False) -> str:
    """The citation of a document, or of one of its paragraphs."""
    name = document_name(doc, short=short)
    return f"{name}, {paragraph_reference(pid)}" if pid else name


@lru_cache(maxsize=4)
def _sc_records(corpus: str) -> dict[int, str]:
    path = Path(corpus) / "unsc-resolutions-1946-1994" / "UNSC_Record-Table_2722.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8") as fh:
        return {int(r["res_no"]): r["url_record"] for r in csv.DictReader(fh) if r.get("res_no", "").isdigit()}


def record_url(doc: Document, corpus: Path | None) -> str | None:
    """The UN Digital Library record of a document, where the corpus's record tables give it:
    the SC record table (resolutions 1–2722) and the GA Markdown's front matter (``record_id``)."""
    if corpus is None:
        return None
    m = re.match(r"S/RES/(\d+)", doc.symbol)
    if m:
        return _sc_records(str(corpus)).get(int(m.group(1)))
    md = Path(corpus) / "ga-resolutions-80-markdown" / (doc.symbol.replace("/", "_") + ".md")
    if md.exists():
        head = md.read_text(encoding="utf-8")[:2000]
        rid = re.search(r'^record_id:\s*"?(\d+)"?\s*$', head, re.M)
        if rid:
            return f"https://digitallibrary.un.org/record/{rid.group(1)}"
    return None


def _title(doc: Document) -> str:
    """The title without the number a resolution prints before it ("79/1. The Pact …")."""
    return re.sub(r"^\d+/\d+\.\s*", "", doc.title or "") or doc.symbol


def _author(doc: Document) -> str:
    return {"GA": "United Nations General Assembly", "SC": "United Nations Security Council",
            "SG": "United Nations Secretary-General",
            "ACABQ": "Advisory Committee on Administrative and Budgetary Questions"}.get(doc.body, "United Nations")


def bibtex(doc: Document, url: str | None = None) -> str:
    key = re.sub(r"[^A-Za-z0-9]+", "_", doc.symbol).strip("_")
    fields = {"title": _title(doc), "author": "{" + _author(doc) + "}", "number": doc.symbol,
              "year": str(doc.year or ""), "date": doc.date or "", "institution": "United Nations",
              "url": url or "", "note": cite(doc)}
    body = ",\n".join(f"  {k} = {{{v.replace('{', '').replace('}', '')}}}" if k != "author" else f"  {k} = {{{v}}}"
                      for k, v in fields.items() if v)
    return f"@techreport{{{key},\n{body}\n}}\n"


def csl_json(doc: Document, url: str | None = None) -> dict[str, Any]:
    item: dict[str, Any] = {"id": doc.symbol, "type": "document", "title": _title(doc),
                            "author": [{"literal": _author(doc)}], "number": doc.symbol,
                            "publisher": "United Nations", "note": cite(doc)}
    if doc.date:
        y, mo, d = (int(x) for x in doc.date[:10].split("-"))
        item["issued"] = {"date-parts": [[y, mo, d]]}
    elif doc.year:
        item["issued"] = {"date-parts": [[doc.year]]}
    if url:
        item["URL"] = url
    return item


def csl_text(doc: Document, url: str | None = None) -> str:
    return json.dumps([csl_json(doc, url)], ensure_ascii=False, indent=2)
