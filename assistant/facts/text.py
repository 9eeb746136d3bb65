"""Text helpers shared by the fact extractors: verbatim quotes, lines, dates stated in prose, business days."""

from __future__ import annotations

import re
from datetime import date, timedelta

import numpy as np
from pydantic import BaseModel

from ingest.document import Document

MAX_QUOTE = 200

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_NAMED_DATE = re.compile(
    rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<year>20\d\d))?", re.IGNORECASE
)
_DAY_FIRST = re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH}\b(?:,?\s+(?P<year>20\d\d))?", re.IGNORECASE)
_NUMERIC_DATE = re.compile(r"(?<![\d/.$-])(?P<month>\d{1,2})/(?P<day>\d{1,2})(?:/(?P<year>\d{2}|\d{4}))?(?![\d/])")
_ISO_DATE = re.compile(r"\b(?P<year>20\d\d)-(?P<month>\d{2})-(?P<day>\d{2})\b")


class Located(BaseModel):
    """A passage of one document: where it came from and the verbatim text."""

    source: str
    quote: str
    when: date | None = None


def clip(text: str, limit: int = MAX_QUOTE) -> str:
    """A verbatim prefix of ``text`` of at most ``limit`` characters (cut at a word boundary when possible)."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return cut[:space].rstrip() if space > limit // 2 else cut


def quote_around(body: str, start: int, end: int, limit: int = MAX_QUOTE) -> str:
    """A verbatim excerpt of ``body`` covering ``start:end``: the whole line when it fits the limit (a line reads
    better than a window), else a window around the match within that line."""
    line_start = body.rfind("\n", 0, start) + 1
    line_end = body.find("\n", end)
    line_end = len(body) if line_end < 0 else line_end
    if end <= line_end and line_end - line_start <= limit and body[line_start:line_end].strip():
        return body[line_start:line_end].strip()
    if end - start >= limit:
        return body[start : start + limit].strip()
    spare = limit - (end - start)
    lo = max(line_start if end <= line_end else 0, start - spare // 2)
    hi = min(len(body), lo + limit)
    return body[lo:hi].strip()


def lines(body: str) -> list[str]:
    return [line for line in body.splitlines() if line.strip()]


def sentences(text: str) -> list[str]:
    """Sentences of one line or paragraph (verbatim pieces)."""
    parts = re.split(r"(?<=[.!?])\s+(?=[A-Z*\"(])", text.strip())
    return [p for p in parts if p.strip()]


def doc_date(document: Document) -> date | None:
    metadata = document.metadata
    when = getattr(metadata, "date", None)
    if when is not None:
        return when
    if document.created_at is not None:
        return document.created_at.date()
    return None


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _resolve(month: int, day: int, year: int | None, ref: date | None, back_days: int) -> date | None:
    if year is not None:
        return _make(year, month, day)
    if ref is None:
        return None
    for candidate_year in (ref.year - 1, ref.year, ref.year + 1):
        candidate = _make(candidate_year, month, day)
        if candidate and candidate >= ref - timedelta(days=back_days):
            return candidate
    return None


def find_dates(text: str, ref: date | None, back_days: int = 45) -> list[tuple[date, int, int]]:
    """Dates stated in ``text`` as (date, start, end). A date without a year is the first such date on or after
    ``back_days`` before the reference date."""
    found: list[tuple[date, int, int]] = []
    taken: list[tuple[int, int]] = []

    def add(when: date | None, match: re.Match) -> None:
        if when is None or any(s < match.end() and match.start() < e for s, e in taken):
            return
        taken.append((match.start(), match.end()))
        found.append((when, match.start(), match.end()))

    for match in _ISO_DATE.finditer(text):
        add(_make(int(match["year"]), int(match["month"]), int(match["day"])), match)
    for pattern in (_NAMED_DATE, _DAY_FIRST):
        for match in pattern.finditer(text):
            month = _MONTHS[match["month"].lower()[:3]]
            year = int(match["year"]) if match["year"] else None
            add(_resolve(month, int(match["day"]), year, ref, back_days), match)
    for match in _NUMERIC_DATE.finditer(text):
        year = match["year"]
        full_year = None if year is None else (2000 + int(year) if len(year) == 2 else int(year))
        month, day = int(match["month"]), int(match["day"])
        if 1 <= month <= 12 and 1 <= day <= 31:
            add(_resolve(month, day, full_year, ref, back_days), match)
    return sorted(found, key=lambda item: item[1])


_RELATIVE = re.compile(r"\b(tomorrow|next week|end of (?:the )?(?:week|month)|this week|end of day)\b", re.IGNORECASE)


def relative_date(text: str, ref: date | None) -> tuple[date, int, int] | None:
    """A relative due date ("next week", "tomorrow", "end of the month") resolved against the document date."""
    if ref is None:
        return None
    match = _RELATIVE.search(text)
    if not match:
        return None
    phrase = match.group(1).lower()
    if phrase == "tomorrow":
        when = ref + timedelta(days=1)
    elif phrase == "next week":
        when = ref + timedelta(days=(4 - ref.weekday()) + 7)
    elif phrase in ("this week", "end of the week", "end of week"):
        when = ref + timedelta(days=max(0, 4 - ref.weekday()))
    elif phrase == "end of day":
        when = ref
    else:
        nxt = date(ref.year + (ref.month == 12), ref.month % 12 + 1, 1)
        when = nxt - timedelta(days=1)
    return when, match.start(), match.end()


def business_days_between(start: date, end: date) -> int:
    """Weekdays after ``start`` up to and including ``end``, counted in closed form (an as-of date in year 9999 must
    not walk millions of days)."""
    if end <= start:
        return 0
    return int(np.busday_count(start, end)) - (start.weekday() < 5) + (end.weekday() < 5)


_MONEY = re.compile(r"\$\s?(?P<amount>\d{1,3}(?:,\d{3})+(?:\.\d{2})?|\d+(?:\.\d+)?)\s*(?P<unit>[kKmM])?\b")


def find_money(text: str) -> list[tuple[float, int, int]]:
    out = []
    for match in _MONEY.finditer(text):
        amount = float(match["amount"].replace(",", ""))
        unit = (match["unit"] or "").lower()
        amount *= 1000 if unit == "k" else 1_000_000 if unit == "m" else 1
        out.append((amount, match.start(), match.end()))
    return out
