"""Figures read from sentences: what the Advisory Committee recommends and what the General
Assembly appropriates and apportions.

The rules read the fixed phrasing of these documents, not one report:

* ACABQ: "recommends that the proposed resources be reduced by $X, from $Y to $Z" (the
  whole budget) and "recommends a reduction of 10 per cent ($29,800) to the proposed amount
  under official travel" (a line of it); "recommends that the General Assembly appropriate the
  amount of $Z for the maintenance of …";
* GA financing resolutions: "Decides to appropriate to the special account for … the amount of
  N dollars for the period from … to …, inclusive of A dollars for the maintenance of …, B
  dollars for the support account …"; "Decides to apportion among Member States the amount of
  N dollars for the period from …".
"""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import OPERATIVE, TABLE, Document, Paragraph
from .entities import entity_of_title
from .model import GROSS, BudgetLine, Measure, Source
from .numbers import dollars, period_in, period_of_range

_MONEY = r"\$\s?\d{1,3}(?:,\d{3})+(?:\.\d+)?|\$\s?\d+(?:\.\d+)?"
_GA_MONEY = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?\s+dollars"
_WHOLE_REDUCTION = re.compile(
    rf"recommends that the proposed resources be (?P<way>reduced|increased) by (?P<cut>{_MONEY}),? from "
    rf"(?P<from>{_MONEY}) to (?P<to>{_MONEY})")
_WHOLE_APPROVAL = re.compile(rf"recommends (?:that the General Assembly )?(?:approve|appropriate)\w* "
                             rf"(?:of )?the (?:proposed resources|amount) of (?P<to>{_MONEY})")
# "$29,800 … under official travel", "$49,300 under consultants and consulting services".
_PART = re.compile(rf"(?P<amount>{_MONEY})\)?(?P<tail>[^$;]*)")
_OBJECT = re.compile(r"\b(?:under|for)\s+(?:the\s+)?(?:resources\s+(?:under|for)\s+|related resources proposed "
                     r"under\s+)?(?P<what>[a-z][a-z ,'’\-()]*?)(?=\s*(?:[;.]|$|,?\s+(?:excluding|which|while|as|"
                     r"taking|equivalent|in\s|and\s+\$|be\s+applied)))")
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s+per\s*cent")
_APPROPRIATE = re.compile(
    rf"[Dd]ecides to appropriate to the special account for (?P<entity>.+?) the amount of "
    rf"(?P<total>{_GA_MONEY}) for the period (?P<range>from .+?)(?:,|\s+inclusive)")
_INCLUSIVE = re.compile(rf"(?P<amount>{_GA_MONEY}) for (?P<what>the maintenance of .+?|the support account.+?|"
                        rf"the United Nations Logistics Base.+?|the Regional Service Centre.+?)"
                        rf"(?=,|;|\s+and\s+\d|\s*$)")
_APPORTION = re.compile(rf"apportion among Member States the amount of (?P<amount>{_GA_MONEY}) for the period "
                        rf"(?P<range>from [^,;]+?\d{{4}})")


def read_recommendations(doc: Document, mission: str | None = None, period: str | None = None) -> list[BudgetLine]:
    """The Advisory Committee's recommended total and every reduction it names, with the
    sentence each is read from. ``period``: the budget period the report is on (read from the
    text where it names one)."""
    out: list[BudgetLine] = []
    for p in doc.paragraphs:
        if p.kind == TABLE or "recommend" not in p.text:
            continue
        for sentence in _sentences(p.text):
            if "recommend" not in sentence:
                continue
            where = period_of_range(sentence) or period_of_range(p.text) or period
            whole = _WHOLE_REDUCTION.search(sentence)
            if whole:
                out.append(_line(doc, p, sentence, GROSS, where, Measure.PROPOSED, whole.group("from"), mission))
                cut = _line(doc, p, sentence, GROSS, where, Measure.REDUCTION, whole.group("cut"), mission)
                if whole.group("way") == "increased" and cut.amount_usd:  # an increase is a negative cut
                    cut = replace(cut, amount_usd=-cut.amount_usd)
                out.append(cut)
                out.append(_line(doc, p, sentence, GROSS, where, Measure.RECOMMENDED, whole.group("to"), mission))
                continue
            approval = _WHOLE_APPROVAL.search(sentence)
            if approval and "maintenance" in sentence:
                if not any(x.measure == Measure.RECOMMENDED and x.category == GROSS for x in out):
                    out.append(_line(doc, p, sentence, GROSS, where, Measure.RECOMMENDED, approval.group("to"),
                                     mission))
                continue
            if "reduc" in sentence:
                out.extend(_reductions(doc, p, sentence, where, mission))
    return out


# The Advisory Committee's summary table: "Proposal submitted by the Secretary-General for
# 2026/27 | $56,279,700", "Adjustment recommended by the Advisory Committee for 2026/27 |
# ($451,600)", "Recommendation of the Advisory Committee for 2026/27 | $55,828,100".
_SUMMARY_ROWS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^Proposal submitted by the Secretary-General for", re.I), Measure.PROPOSED),
    (re.compile(r"^Adjustment recommended by the Advisory Committee for", re.I), Measure.REDUCTION),
    (re.compile(r"^Recommendation of the Advisory Committee for", re.I), Measure.RECOMMENDED),
    (re.compile(r"^Appropriation for", re.I), Measure.APPROPRIATED),
    (re.compile(r"^Expenditure for", re.I), Measure.EXPENDITURE),
)


def read_summary_table(doc: Document, mission: str | None = None) -> list[BudgetLine]:
    """The figures of the Advisory Committee's summary table (label | amount rows, the period in
    the label). An adjustment is printed as a signed change; it is kept as a reduction (a cut
    of $451,600 printed "($451,600)" is a reduction of 451,600)."""
    out: list[BudgetLine] = []
    for p in doc.paragraphs:
        if p.kind != TABLE:
            continue
        for row in p.cells():
            if len(row) < 2:
                continue
            label = row[0].strip()
            measure = next((m for pattern, m in _SUMMARY_ROWS if pattern.match(label)), None)
            period = period_in(label)
            amount = dollars(row[-1])
            if measure is None or period is None or amount is None:
                continue
            if measure == Measure.REDUCTION:
                amount = -amount
            source = Source(doc.symbol, doc.source_format, table=p.pid, row=label, column=None,
                            page=getattr(p, "page", None), printed=row[-1].strip(), author=doc.body)
            out.append(BudgetLine(GROSS, period, measure, amount, source, mission=mission))
    return out


def _reductions(doc: Document, p: Paragraph, sentence: str, period: str | None,
                mission: str | None) -> list[BudgetLine]:
    """The reductions a sentence recommends: each amount that follows "reduction of", a
    percentage ("5 per cent ($18,800)", "10 per cent, or $60,100") or opens an item of a list
    ("…: $49,300 under consultants …; $26,500 under official travel"), with the budget line named
    after it; an amount after "amount of", "level of" or "from" is what was proposed, not a cut."""
    out: list[BudgetLine] = []
    start = sentence.find("reduc")
    percents = _PERCENT.findall(sentence)
    for m in _PART.finditer(sentence, max(0, start - 60)):
        before = sentence[max(0, m.start() - 30):m.start()]
        if re.search(r"(?:amount|level|total|appropriation)s? of\s*$|\bfrom\s*$|\bto\s*$|\bof\s*$", before) and \
                "reduction of" not in before[-15:]:
            continue
        what = _OBJECT.search(m.group("tail")) or _OBJECT.search(sentence[m.end():])
        if what is None:
            continue
        category = what.group("what").strip(" ,")
        percent = _PERCENT.search(before) or (None if len(percents) != 1 else _PERCENT.search(sentence))
        line = _line(doc, p, sentence, category[:1].upper() + category[1:], period, Measure.REDUCTION,
                     m.group("amount"), mission)
        out.append(BudgetLine(line.category, line.period, line.measure, line.amount_usd, line.source,
                              percent=float(percent.group(1)) if percent else None, mission=mission))
    return out


def read_appropriations(doc: Document, mission: str | None = None) -> list[BudgetLine]:
    """What a GA financing resolution appropriates (the whole, and the maintenance of the
    mission, the support account, UNLB and RSCE shares it includes) and apportions."""
    out: list[BudgetLine] = []
    for p in doc.paragraphs:
        if p.kind != OPERATIVE or "dollars" not in p.text:
            continue
        m = _APPROPRIATE.search(p.text)
        if m:
            period = period_of_range(m.group("range"))
            out.append(_line(doc, p, p.text, "Total appropriation", period, Measure.APPROPRIATED,
                             m.group("total"), mission))
            for part in _INCLUSIVE.finditer(p.text, m.end("total")):
                what = part.group("what")
                entity = None if what.startswith("the maintenance") else entity_of_title(f"for {what}")
                category = GROSS if what.startswith("the maintenance") else (
                    _share_name(entity.name) if entity else _share_name(what))
                out.append(_line(doc, p, p.text, category, period, Measure.APPROPRIATED, part.group("amount"),
                                 mission))
            continue
        a = _APPORTION.search(p.text)
        if a:
            words = a.group("range")
            out.append(_line(doc, p, p.text, f"Apportioned {words}", _budget_period(words, doc, p),
                             Measure.APPORTIONED, a.group("amount"), mission))
    return out


def _budget_period(words: str, doc: Document, p: Paragraph) -> str | None:
    """"from 1 July to 31 December 2025" names half of a budget period: the period is the one
    the resolution appropriates for (the July–June year holding that date)."""
    m = re.search(r"(January|February|March|April|May|June|July|August|September|October|November|December)"
                  r"\s+((?:19|20)\d{2})\s*$", words)
    if not m:
        return period_of_range(words)
    year = int(m.group(2))
    first_half = m.group(1) in ("July", "August", "September", "October", "November", "December")
    start = year if first_half else year - 1
    return f"{start}/{str(start + 1)[2:]}"


def _share_name(what: str) -> str:
    what = what.removeprefix("the ").strip()
    return what[:1].upper() + what[1:]


def _line(doc: Document, p: Paragraph, sentence: str, category: str, period: str | None, measure: str,
          printed: str, mission: str | None) -> BudgetLine:
    source = Source(doc.symbol, doc.source_format, paragraph=p.pid, page=getattr(p, "page", None),
                    printed=printed, quote=" ".join(sentence.split()), author=doc.body)
    return BudgetLine(category, period or "", measure, dollars(printed), source, mission=mission)


def _sentences(text: str) -> list[str]:
    """Sentences, not cut at a decimal point ("$1.5 million") or an abbreviation of a paragraph
    ("para. 58")."""
    return [s.strip() for s in re.split(r"(?<=[.;])\s+(?=[A-Z(])(?<!para\. )", text) if s.strip()]
