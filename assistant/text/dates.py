"""Dates mentioned in prose, in any common format and in six languages, resolved against a reference date (the
source's own date): ``find_dates`` and ``day_first_hint``.

A yearless date takes the first year that puts it on or after ``back_days`` before the reference date (a note
written on 20 March about "10 March" means the one just past, about "10 January" the next one). With a weekday
("Tuesday 10 March") it takes the nearby year in which that day is that weekday."""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict

from assistant.text import date_patterns as p
from assistant.text.calendar_words import COMMON_WORD_MONTHS, month_number, weekday_number
from assistant.text.relative_dates import relative_mention

Granularity = Literal["day", "week", "month", "quarter", "year"]


class DateMention(BaseModel):
    """One date stated in a text: where (``start:end``, the verbatim ``text``), the first day of the period it
    names (``date``), and how precise it is."""

    model_config = ConfigDict(frozen=True)

    start: int
    end: int
    text: str
    date: date
    granularity: Granularity
    year_stated: bool  # the text gives the year; otherwise it was resolved from the reference date
    relative: bool = False  # "tomorrow", "next week", "in two weeks": resolved from the reference date

    @property
    def last(self) -> date:
        """The last day of the period named (the date itself for a day)."""
        return period_end(self.date, self.granularity)


def period_end(first: date, granularity: Granularity) -> date:
    if granularity == "week":
        return first + timedelta(days=6)
    if granularity == "month":
        return first.replace(day=calendar.monthrange(first.year, first.month)[1])
    if granularity == "quarter":
        month = first.month + 2
        return date(first.year, month, calendar.monthrange(first.year, month)[1])
    if granularity == "year":
        return date(first.year, 12, 31)
    return first


def find_dates(
    text: str, ref: date | None = None, *, day_first: bool | None = None, back_days: int = 45
) -> list[DateMention]:
    """Every date mentioned in ``text``, in order, none overlapping another (the longest reading wins).

    ``day_first`` decides numeric dates whose order the numbers leave open (3/10): an explicit hint wins, else the
    unambiguous numeric dates of this text decide (``day_first_hint``), else month first. Dotted dates (10.03.2026)
    are always day first. Without ``ref``, yearless and relative dates are left out."""
    return list(_find_dates(text, ref, day_first, back_days))


@functools.lru_cache(maxsize=16_384)  # an answer reads the dates of the same sentences question after question
def _find_dates(text: str, ref: date | None, day_first: bool | None, back_days: int) -> tuple[DateMention, ...]:
    reading = _Reading(text, ref, day_first, back_days)
    found = [m for pattern, read in _RULES for match in pattern.finditer(text) if (m := read(match, reading))]
    found.sort(key=lambda m: (m.start - m.end, m.start))
    kept: list[DateMention] = []
    for mention in found:
        if all(mention.end <= k.start or k.end <= mention.start for k in kept):
            kept.append(mention)
    return tuple(sorted(kept, key=lambda m: m.start))


def day_first_hint(texts: Iterable[str]) -> bool | None:
    """Whether the numeric dates of these texts put the day first: True when more unambiguous ones do (13/03,
    10.03.26) than put the month first (03/13), False when fewer, None when nothing decides."""
    votes = 0
    for text in texts:
        for pattern in (p.NUMERIC_DAY, p.NUMERIC_NO_YEAR):
            for match in pattern.finditer(text):
                a, b = int(match["a"]), int(match["b"])
                if "sep" in match.re.groupindex and match["sep"] == ".":
                    votes += a <= 31 and b <= 12
                elif a > 12 >= b:
                    votes += 1
                elif b > 12 >= a:
                    votes -= 1
        votes += sum(1 for m in p.DOTTED_NO_YEAR.finditer(text) if int(m["a"]) <= 31 and int(m["b"]) <= 12)
    return None if votes == 0 else votes > 0


@dataclass
class _Reading:
    text: str
    ref: date | None
    day_first: bool | None
    back_days: int

    def order(self, a: int, b: int, dotted: bool) -> tuple[int, int] | None:
        """(month, day) of a numeric date written ``a`` then ``b``."""
        if dotted or (a > 12 >= b):
            return b, a
        if b > 12 >= a:
            return a, b
        if a > 12:
            return None
        if self.day_first is None:
            self.day_first = bool(day_first_hint([self.text]))
        return (b, a) if self.day_first else (a, b)

    def day(self, match: re.Match, month: int, day: int, year: int | None) -> DateMention | None:
        start = match.start()
        weekday = p.WEEKDAY_BEFORE.search(self.text, max(0, start - 30), start)
        if weekday:
            start = weekday.start()
        when = self._resolve_day(month, day, year, weekday_number(weekday["weekday"]) if weekday else None)
        if when is None:
            return None
        return self.mention(start, match.end(), when, "day", year is not None)

    def period(self, match: re.Match, first_month: int, year: int | None, end: bool, granularity: Granularity,
               start: int | None = None) -> DateMention | None:
        """A month or quarter starting with ``first_month``; ``end``: its last day instead."""
        stated = year is not None
        if year is None:
            if self.ref is None:
                return None
            floor = self.ref - timedelta(days=self.back_days)
            year = next(y for y in range(self.ref.year - 1, self.ref.year + 2)
                        if period_end(date(y, first_month, 1), granularity) >= floor)
        first = date(year, first_month, 1)
        start = match.start() if start is None else start
        if end:
            return self.mention(start, match.end(), period_end(first, granularity), "day", stated)
        return self.mention(start, match.end(), first, granularity, stated)

    def mention(self, start: int, end: int, when: date, granularity: Granularity, year_stated: bool,
                relative: bool = False) -> DateMention:
        return DateMention(start=start, end=end, text=self.text[start:end], date=when, granularity=granularity,
                           year_stated=year_stated, relative=relative)

    def _resolve_day(self, month: int, day: int, year: int | None, weekday: int | None) -> date | None:
        if year is not None:
            return _make(year, month, day)
        if self.ref is None:
            return None
        candidates = [d for y in range(self.ref.year - 1, self.ref.year + 2) if (d := _make(y, month, day))]
        if weekday is not None:
            matching = [d for d in candidates if d.weekday() == weekday]
            if matching:
                return min(matching, key=lambda d: abs((d - self.ref).days))
        floor = self.ref - timedelta(days=self.back_days)
        return next((d for d in candidates if d >= floor), None)


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _year(text: str | None) -> int | None:
    """A stated year; two digits are this century's."""
    if not text:
        return None
    digits = text.lstrip("'")
    return 2000 + int(digits) if len(digits) == 2 else int(digits)


def _iso_day(match: re.Match, reading: _Reading) -> DateMention | None:
    return reading.day(match, int(match["month"]), int(match["day"]), int(match["year"]))


def _named_day(match: re.Match, reading: _Reading) -> DateMention | None:
    return reading.day(match, month_number(match["month"]), int(match["day"]), _year(match["year"]))


def _numeric_day(match: re.Match, reading: _Reading) -> DateMention | None:
    dotted = match.re is p.DOTTED_NO_YEAR or ("sep" in match.re.groupindex and match["sep"] == ".")
    order = reading.order(int(match["a"]), int(match["b"]), dotted)
    if order is None:
        return None
    year = _year(match["year"]) if "year" in match.re.groupindex else None
    return reading.day(match, order[0], order[1], year)


def _named_month_year(match: re.Match, reading: _Reading) -> DateMention | None:
    return reading.period(match, month_number(match["month"]), int(match["year"]), bool(match["end"]), "month")


def _numeric_month_year(match: re.Match, reading: _Reading) -> DateMention | None:
    month = int(match["month"] or match["month2"])
    if not 1 <= month <= 12:
        return None
    return reading.period(match, month, int(match["year"] or match["year2"]), False, "month")


def _month_alone(match: re.Match, reading: _Reading) -> DateMention | None:
    word = match["month"].rstrip(".")
    if word.lower() in COMMON_WORD_MONTHS and word[0].islower():
        return None  # "in may", "by march": the words, not the months
    start = match.start() if match["end"] or match["part"] else match.start("month")
    return reading.period(match, month_number(word), None, bool(match["end"]), "month", start)


_ORDINAL_QUARTERS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}


def _quarter(match: re.Match, reading: _Reading) -> DateMention | None:
    quarter = int(match["q"] or match["q2"] or 0) or _ORDINAL_QUARTERS[match["ordinal"].lower()]
    year = _year(next((match[g] for g in ("y2", "y3", "y4", "y5", "y6") if match[g]), None))
    return reading.period(match, 3 * quarter - 2, year, bool(match["end"]), "quarter")


def _fiscal_year(match: re.Match, reading: _Reading) -> DateMention | None:
    year = _year(match["year"])
    return reading.mention(match.start(), match.end(), date(year, 1, 1), "year", True) if year else None


def _relative(match: re.Match, reading: _Reading) -> DateMention | None:
    if reading.ref is None:
        return None
    resolved = relative_mention(match, reading.ref)
    if resolved is None:
        return None
    return reading.mention(match.start(), match.end(), resolved[0], resolved[1], False, relative=True)


_RULES: list[tuple[re.Pattern, Callable[[re.Match, _Reading], DateMention | None]]] = [
    (p.ISO_DAY, _iso_day),
    (p.DAY_MONTH, _named_day),
    (p.MONTH_DAY, _named_day),
    (p.NUMERIC_DAY, _numeric_day),
    (p.NUMERIC_NO_YEAR, _numeric_day),
    (p.DOTTED_NO_YEAR, _numeric_day),
    (p.MONTH_YEAR, _named_month_year),
    (p.NUMERIC_MONTH_YEAR, _numeric_month_year),
    (p.MONTH_ALONE, _month_alone),
    (p.QUARTER, _quarter),
    (p.FISCAL_YEAR, _fiscal_year),
    (p.RELATIVE, _relative),
]
