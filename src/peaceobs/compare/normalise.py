"""What counts as the same words: typography folded before two texts are compared.

Editors and PDF extraction change the look of a text without changing it: a hyphen becomes a
non-breaking hyphen (U+2011), straight quotes become curly, a soft hyphen or a zero-width space
appears, a line-end hyphen keeps its space ("capacity- building"), a space slips before a comma,
a footnote marker is left glued to a word ("Prosperity 14 aim"). None of these is an edit.

Texts are cut into units, each with a *key* (what is compared) and a *display* (what is shown):

* dashes and hyphens (U+2010–U+2015, U+2212, U+FE63, U+FF0D) have the key "-";
* double quotes (“ ” „ ‟ ″ «  » and ") have the key '"', single ones (‘ ’ ‚ ‛ ′ and ') "'";
* any run of whitespace (no-break and thin spaces included) has the key " ";
* a space after a hyphen between a letter and a lower-case letter, before closing punctuation
  or after an opening bracket has the key "" (it is joined to its neighbour);
* invisible characters (soft hyphen U+00AD, zero-width spaces and joiners, word joiner, BOM)
  are removed before cutting.

Footnote markers are not folded here: whether "14" is a marker depends on the other text (see
:func:`is_marker`), so the redline decides that for a number that only one side has.
"""

from __future__ import annotations

import re

from ..model import FOOTNOTE, Document

INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
DQUOTES = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\uff02"
SQUOTES = "\u2018\u2019\u201a\u201b\u2032\uff07"
_KEY = {**dict.fromkeys(DASHES, "-"), **dict.fromkeys(DQUOTES, '"'), **dict.fromkeys(SQUOTES, "'")}

# Numbers (with thousands separators of three digits, and decimals), runs of letters, one other sign, whitespace.
# Letters and digits are separate units so that a marker glued to a word ("Prosperity14") is a
# unit of its own.
TOKENS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[^\W\d]+|[^\w\s]|\s+")
_CLOSING = set(",;:.)]!?")
_OPENING = set("([")


def strip_invisible(text: str) -> str:
    return INVISIBLE.sub("", text)


def units(text: str) -> list[tuple[str, str]]:
    """``text`` (without invisible characters) as [(key, display)]; the displays join to it."""
    toks = TOKENS.findall(strip_invisible(text))
    out: list[tuple[str, str]] = []
    for k, t in enumerate(toks):
        if t.isspace():
            before = toks[k - 1] if k else ""
            after = toks[k + 1] if k + 1 < len(toks) else ""
            before2 = toks[k - 2] if k > 1 else ""
            line_end_hyphen = _KEY.get(before, before) == "-" and before2[-1:].isalpha() and after[:1].islower()
            if line_end_hyphen or after in _CLOSING or before in _OPENING:
                out.append(("", t))
            else:
                out.append((" ", t))
        else:
            out.append((_KEY.get(t, t), t))
    return out


def fold(text: str) -> str:
    """The comparison key of ``text``: two texts with the same key differ only in typography."""
    return "".join(k for k, _ in units(text))


def footnote_numbers(doc: Document) -> set[int]:
    """The numbers of ``doc``'s footnotes (FN1, FN2 …): the markers its text may carry."""
    out = set()
    for p in doc.paragraphs:
        if p.kind == FOOTNOTE and p.pid.startswith("FN") and p.pid[2:].isdigit():
            out.add(int(p.pid[2:]))
    return out


# Words after which a number is a number, not a marker: "Goal 17", "Article 2", "all 17 Goals".
_COUNTED = {"goal", "goals", "article", "articles", "chapter", "chapters", "rule", "rules", "annex",
            "part", "section", "target", "targets", "principle", "principles", "resolution", "resolutions",
            "decision", "decisions", "table", "figure", "paragraph", "paragraphs", "no", "nos", "supplement",
            "volume", "vol", "phase", "level", "class", "category", "step", "protocol", "agenda", "item",
            "items", "page", "pages", "session", "meeting", "report", "option", "tier", "grade", "room"}
_AFTER = {"per", "percent", "january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december", "years", "year", "months", "month", "days", "day",
          "weeks", "hours", "million", "billion", "thousand"}


_SMALL_WORDS = {"all", "the", "a", "an", "of", "and", "or", "to", "for", "by", "in", "at", "on", "with", "than",
                "about", "over", "under", "least", "most", "some", "first", "only", "every", "each", "nearly",
                "approximately", "around", "almost", "per", "para", "aged", "age", "from", "between", "top",
                "last", "next", "these", "those", "its", "their", "our", "his", "her", "are", "is", "were", "was"}


def is_marker(disp: list[str], k: int, markers: set[int], limit: int) -> bool:
    """Whether unit ``k`` of a text (``disp``: its units' displays) reads as a footnote marker.

    It must be a number of one to three digits, not glued to a following word ("14th"), not
    followed by a word that a number qualifies ("14 November", "5 per cent", "12 months"), and:

    * glued to a word with a lower-case letter ("Prosperity14", "meeting4"; not "G20") or to
      closing punctuation or a quote ("peace,1", "2015–2030,2", "Agenda”2"), or after a space
      following such punctuation when that does not follow a small number ("Rights, 2 the …",
      "1949, 2 to"; not "1, 2 and 3"), or after a space following a capitalised word that does not count things
      ("Prosperity 14 aim", not "Goal 17") — and no
      higher than ``limit`` (one more than the highest footnote number of either document: the
      structure may have lost the footnote itself, and numbering may differ by one between a
      draft and its resolution); or
    * one of this document's footnote numbers (``markers``), after a space following any word
      that is not a number word's usual companion ("girls 12 and", not "all 17", "aged 12").
    """
    t = disp[k]
    if not (t.isdigit() and len(t) <= 3) or k == 0 or not 0 < int(t) <= max(limit, max(markers, default=0)):
        return False
    nxt = disp[k + 1] if k + 1 < len(disp) else ""
    if nxt[:1].isalnum():
        return False
    following = next((u for u in disp[k + 1:] if not u.isspace()), "")
    if following.lower() in _AFTER:
        return False
    prev = disp[k - 1]

    def punctuation(p: str) -> bool:
        return p in _CLOSING or p == ")" or _KEY.get(p, p) in ('"', "'")

    if not prev.isspace():  # glued: "Prosperity14", "peace,1", "2015–2030,2", "Agenda”14"
        if prev.isalpha():
            return any(c.islower() for c in prev)
        return punctuation(prev)
    if k < 2:
        return False
    word = disp[k - 2]
    if word.isalpha():
        if word.lower() in _COUNTED or word.lower() in _SMALL_WORDS or following.lower() in ("to", "of"):
            return False  # "Goal 17", "all 17", "Phase 2 to 4", "Volume 3 of"
        return (word[:1].isupper() and any(c.islower() for c in word)) or int(t) in markers
    before = next((u for u in reversed(disp[:k - 2]) if not u.isspace()), "")
    # "Rights, 2 the", "1949, 2 to"; not a list of numbers: "1, 2 and 3", "12, 13 and 14"
    return punctuation(word) and not (before.isdigit() and len(before) <= 3)
