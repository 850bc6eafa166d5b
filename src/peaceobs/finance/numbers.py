"""Printed figures, units and budget periods, as UN budget documents write them."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December")
# "(Thousands of United States dollars; budget year is …)", "(United States dollars)"
_UNIT = re.compile(r"\(\s*(?:(thousands|millions|billions)\s+of\s+)?United States dollars", re.I)
_MULTIPLIER = {None: 1, "thousands": 1_000, "millions": 1_000_000, "billions": 1_000_000_000}
_PERIOD = re.compile(r"(?<![\d/])((?:19|20)\d{2})/(\d{2})(?![\d/])")
# "for the period from 1 July 2024 to 30 June 2025", "from 1 October 2025 to 30 June 2026"
_RANGE = re.compile(rf"\b\d{{1,2}}\s+(?:{_MONTHS})\s+((?:19|20)\d{{2}})\s+to\s+\d{{1,2}}\s+(?:{_MONTHS})\s+"
                    rf"((?:19|20)\d{{2}})")
# A printed amount: "499 765.2", "(38 956.1)", "$56,436,100", "($451,600)", "1,234", "7.5";
# a footnote letter may follow ("503 242.4a").
_FIGURE = re.compile(r"(\()?\s*(-|–)?\s*\$?\s*(\d{1,3}(?:[ \u00a0\u202f,]\d{3})*(?:\.\d+)?|\d+(?:\.\d+)?)"
                     r"\s*(\))?\s*(?:[a-z]{1,2}|%)?")
_NIL = {"-", "–", "—", "−"}
# An amount rather than a column number "(1)" or a year: it has a decimal part or a group of
# thousands, or is a dash (nil).
_AMOUNT_LIKE = re.compile(r"\(?-?\$?\d{1,3}(?:[ \u00a0\u202f,]\d{3})+(?:\.\d+)?\)?[a-z]?|\(?-?\$?\d+\.\d+\)?[a-z]?|[-–—]")


def unit_multiplier(text: str) -> int | None:
    """Dollars per printed unit from a caption ("(Thousands of United States dollars)" → 1000);
    None when the text names no dollar unit. The last caption in the text wins (nearest the table)."""
    found = list(_UNIT.finditer(text))
    if not found:
        return None
    return _MULTIPLIER[(found[-1].group(1) or "").lower() or None]


def parse_figure(cell: str) -> Decimal | None:
    """The number a printed cell shows: parentheses or a minus are negative, a dash is nil (0);
    None for anything that is not a single figure."""
    text = cell.strip()
    if text in _NIL:
        return Decimal(0)
    m = _FIGURE.fullmatch(text)
    if not m or (m.group(1) is None) != (m.group(4) is None):
        return None
    digits = re.sub(r"[ \u00a0\u202f,]", "", m.group(3))
    try:
        value = Decimal(digits)
    except InvalidOperation:
        return None
    return -value if m.group(1) or m.group(2) else value


def is_amount(cell: str) -> bool:
    """A cell that prints an amount or a nil dash (not a column number "(1)" or a period)."""
    return bool(_AMOUNT_LIKE.fullmatch(cell.strip()))


def to_usd(value: Decimal, multiplier: int) -> int:
    """Whole dollars, rounded half up ("499 765.2" thousands → 499 765 200)."""
    return int((value * multiplier).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def dollars(text: str) -> int | None:
    """Dollars from a sentence's "$481,550,400" or "575,514,100 dollars"."""
    value = parse_figure(text.replace("dollars", "").strip())
    return None if value is None else to_usd(value, 1)


def period_in(text: str) -> str | None:
    """A budget period printed in the text ("2026/27"), the first one."""
    m = _PERIOD.search(text)
    return f"{m.group(1)}/{m.group(2)}" if m else None


def period_of_range(text: str) -> str | None:
    """The budget period of the first date range in the text: "from 1 July 2024 to 30 June 2025"
    → "2024/25" (the year it ends in gives the second half)."""
    m = _RANGE.search(text)
    if not m:
        return None
    return f"{m.group(1)}/{m.group(2)[2:]}"


def ranges(text: str) -> list[tuple[str, str]]:
    """Every date range in the text, as (words, period): [("1 July 2024 to 30 June 2025", "2024/25")]."""
    return [(m.group(0), f"{m.group(1)}/{m.group(2)[2:]}") for m in _RANGE.finditer(text)]
