"""Dates as UN documents write them ("31 May 1977"), and calendar-month arithmetic."""

from __future__ import annotations

import calendar
import re
from datetime import date

__all__ = ["MONTHS", "DATE_PATTERN", "iso_date", "add_months"]

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"], start=1)}
# Three groups: day, month name, year. Embed it in larger patterns.
# The day may carry an OCR slip of the SC texts: "IS June" for "15 June" (I→1, l→1, S→5, O→0), read
# only in a two-character day that has at least one digit-like letter and a month after it.
DATE_PATTERN = (r"(?<!\w)(\d{1,2}|[1-3IlS][0-9IlSO]|[IlS]\d)\s+(January|February|March|April|May|June|July|August|September|October"
                r"|November|December)\s+(\d{4})")

_OCR_DIGITS = str.maketrans("IlSO", "1150")


def iso_date(m: re.Match[str], first: int = 1) -> str | None:
    """The ISO date of a match of DATE_PATTERN whose day group is group ``first``; None if the
    date does not exist ("31 June")."""
    try:
        day = int(m.group(first).translate(_OCR_DIGITS))
        return date(int(m.group(first + 2)), MONTHS[m.group(first + 1).lower()], day).isoformat()
    except ValueError:
        return None


def add_months(d: date, months: int) -> date:
    """Calendar months later; a month's last day stays a last day (30 November + 6 → 31 May)."""
    y, m = divmod(d.month - 1 + months, 12)
    y, m = d.year + y, m + 1
    last = calendar.monthrange(y, m)[1]
    if d.day == calendar.monthrange(d.year, d.month)[1]:
        return date(y, m, last)
    return date(y, m, min(d.day, last))


def printed_date(iso: str) -> str:
    """A date as UN documents print it: "31 December 2032" for "2032-12-31"."""
    d = date.fromisoformat(iso)
    name = next(m for m, i in MONTHS.items() if i == d.month)  # not strftime: it follows the locale
    return f"{d.day} {name.capitalize()} {d.year}"
