"""Whether an answer or a note statement states a truth term (``must_mention``, ``any_of``).

A term that is a date or an amount matches the same date or amount written any way (3/10, March 10 and 2026-03-10;
EUR 7,920 and €7.920); any other term, and any term as written, matches as a case-insensitive substring."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from assistant.text.dates import DateMention, day_first_hint, find_dates
from assistant.text.money import MoneyMention, find_money

_EDGES = " \t\n.,;:()"


def states(text: str, term: str, as_of: date | None = None) -> bool:
    """Whether ``text`` states ``term``. ``as_of`` (the day the text is read on) places yearless dates; a date
    without a year matches that day in any year, an amount without a currency matches it in any currency. Numeric
    dates whose day/month order nothing in their own text decides are read both ways."""
    if term.lower() in text.lower():
        return True
    if dates := _term_dates(term, as_of):
        return any(_same_date(stated, wanted) for stated in _text_dates(text, as_of) for wanted in dates)
    if (amount := _term_amount(term)) is not None:
        return any(_same_amount(stated, amount) for stated in _text_amounts(text))
    return False


def _same_date(a: DateMention, b: DateMention) -> bool:
    if a.granularity != b.granularity:
        return False
    if a.year_stated and b.year_stated:
        return a.date == b.date
    return (a.date.month, a.date.day) == (b.date.month, b.date.day)


def _same_amount(a: MoneyMention, b: MoneyMention) -> bool:
    return a.amount == b.amount and (a.currency is None or b.currency is None or a.currency == b.currency)


@lru_cache(maxsize=4096)
def _term_dates(term: str, as_of: date | None) -> tuple[DateMention, ...]:
    """The readings of a term that is one date and nothing else (none for any other term)."""
    core = term.strip(_EDGES)
    return tuple(m for m in _readings(core, as_of) if (m.start, m.end) == (0, len(core)) and not m.relative)


@lru_cache(maxsize=4096)
def _term_amount(term: str) -> MoneyMention | None:
    core = term.strip(_EDGES)
    found = find_money(core, bare_numbers=True)
    return found[0] if len(found) == 1 and (found[0].start, found[0].end) == (0, len(core)) else None


@lru_cache(maxsize=1024)
def _text_dates(text: str, as_of: date | None) -> tuple[DateMention, ...]:
    return tuple(m for m in _readings(text, as_of) if not m.relative)


@lru_cache(maxsize=1024)
def _text_amounts(text: str) -> tuple[MoneyMention, ...]:
    return tuple(find_money(text, bare_numbers=True))


def _readings(text: str, as_of: date | None) -> list[DateMention]:
    hint = day_first_hint([text])
    if hint is not None:
        return find_dates(text, as_of, day_first=hint)
    return list(dict.fromkeys(find_dates(text, as_of, day_first=False) + find_dates(text, as_of, day_first=True)))
