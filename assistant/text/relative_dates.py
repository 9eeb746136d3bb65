"""Dates written relative to the day they were written ("tomorrow", "next Tuesday", "end of the month", "in two
weeks"), resolved against that day. Read by ``assistant.text.dates`` for matches of ``date_patterns.RELATIVE``.

Weeks start on Monday. "this Friday" is the first Friday on or after the reference day, "next Friday" the Friday
of the following week, "last Friday" the latest one before the reference day. The end of a week is its Friday."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from assistant.text.calendar_words import NUMBER_WORDS, weekday_number

_DAY_WORDS = {"today": 0, "tonight": 0, "tomorrow": 1, "yesterday": -1}
_STEP = {None: 0, "this": 0, "coming": 0, "next": 1, "last": -1}


def relative_mention(match: re.Match, ref: date) -> tuple[date, str] | None:
    """(date, granularity) of one match of ``RELATIVE``; None for words that name no date ("every week")."""
    if match["day_word"]:
        return ref + timedelta(days=_DAY_WORDS.get(match["day_word"].lower(), 0)), "day"
    if match["weekday"]:
        return _weekday(match["which"].lower(), weekday_number(match["weekday"]), ref), "day"
    if match["unit"]:
        which = (match["which2"] or "").lower() or None
        if which is None and not match["end"]:
            return None
        return _period(match["unit"].lower(), _STEP[which], bool(match["end"]), ref)
    count = NUMBER_WORDS.get(" ".join(match["count"].lower().split())) or int(match["count"])
    span = match["span"].lower().rstrip("s")
    if span == "month":
        return add_months(ref, count), "day"
    return ref + timedelta(days=count * (7 if span == "week" else 1)), "day"


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _weekday(which: str, weekday: int, ref: date) -> date:
    if which == "next":
        return ref - timedelta(days=ref.weekday()) + timedelta(days=7 + weekday)
    if which == "last":
        return ref - timedelta(days=(ref.weekday() - weekday - 1) % 7 + 1)
    return ref + timedelta(days=(weekday - ref.weekday()) % 7)


def _period(unit: str, step: int, end: bool, ref: date) -> tuple[date, str]:
    if unit == "week":
        monday = ref - timedelta(days=ref.weekday()) + timedelta(weeks=step)
        if end:  # the end of this week, read on a weekend, is the day itself
            return max(monday + timedelta(days=4), ref) if step == 0 else monday + timedelta(days=4), "day"
        return monday, "week"
    if unit == "year":
        year = ref.year + step
        return (date(year, 12, 31), "day") if end else (date(year, 1, 1), "year")
    months = 1 if unit == "month" else 3
    first = add_months(date(ref.year, ref.month - (ref.month - 1) % months, 1), step * months)
    if end:
        return add_months(first, months) - timedelta(days=1), "day"
    return first, unit
