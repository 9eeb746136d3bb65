"""Text helpers shared by the fact extractors: verbatim quotes, lines, dates and dollar amounts stated in prose
(read by ``assistant.text``), business days."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
from pydantic import BaseModel

from assistant.text import dates as text_dates
from assistant.text import money as text_money
from ingest.document import Document

MAX_QUOTE = 200


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


def doc_date(document: Document) -> date | None:
    metadata = document.metadata
    when = getattr(metadata, "date", None)
    if when is not None:
        return when
    if document.created_at is not None:
        return document.created_at.date()
    return None


def stated_days(text: str, ref: date | None, back_days: int = 45) -> list[tuple[date, int, int]]:
    """Days stated in ``text`` as (date, start, end), in any format ``assistant.text.dates`` reads; relative ones
    ("next week") are ``relative_date``'s. A date without a year is the first such date on or after ``back_days``
    before the reference date."""
    return [(m.date, m.start, m.end) for m in text_dates.find_dates(text, ref, back_days=back_days)
            if m.granularity == "day" and not m.relative]


def relative_date(text: str, ref: date | None) -> tuple[date, int, int] | None:
    """The first relative due date in ``text`` ("next week", "tomorrow", "end of the month") resolved against the
    document date: a week means its Friday, a longer period its last day. Today and past days are no due dates."""
    if ref is None:
        return None
    for mention in text_dates.find_dates(text, ref):
        if not mention.relative or mention.last < ref or mention.text.lower() in ("today", "tonight"):
            continue
        if mention.granularity == "week":
            return max(ref, mention.date + timedelta(days=4)), mention.start, mention.end
        return mention.last, mention.start, mention.end
    return None


def business_days_between(start: date, end: date) -> int:
    """Weekdays after ``start`` up to and including ``end``, counted in closed form (an as-of date in year 9999 must
    not walk millions of days)."""
    if end <= start:
        return 0
    return int(np.busday_count(start, end)) - (start.weekday() < 5) + (end.weekday() < 5)


def usd_amounts(text: str) -> list[tuple[float, int, int]]:
    """Amounts in US dollars stated in ``text`` as (amount, start, end) ($48k, USD 48,000, 48,000 USD)."""
    return [(float(m.amount), m.start, m.end) for m in text_money.find_money(text) if m.currency == "USD"]
