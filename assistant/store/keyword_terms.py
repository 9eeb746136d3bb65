"""Dates and amounts in the keyword index: written one way in a chunk, found when a query writes them another.

A chunk's keyword entry gets, after its text, one normalised term per date or amount the chunk states
(``index_terms``): ``d20260310`` for a day, ``md0310`` for the same day without its year, ``m202603`` for its
month, ``q20261`` for a quarter, ``y2026`` for a (fiscal) year, ``amt84000`` for an amount in any currency.
Yearless and relative dates are resolved against the chunk's own date. The chunk's text itself, and so every quote
and citation, is unchanged.

A query's dates and amounts (``query_value_terms``) match their term or the words as written: "March 10" matches a
chunk saying 3/10 or 2026-03-10 (a query without a year matches the day in any year), "84,000 EUR" one saying
€84.000.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from assistant.text.dates import DateMention, find_dates
from assistant.text.money import MoneyMention, find_money

_ANY_YEAR = date(2024, 3, 1)  # reads a yearless query date; only its month and day are used (2024 has a 29 Feb)
_NUMBER = re.compile(r"\d[\d.,'’\u00a0\u202f\u2009 ]*\d|\d")

Term = tuple[str, ...]  # alternatives, any of which matches; each is a word or a phrase of words


def index_terms(content: str, ref: date | None, day_first: bool | None = None) -> str:
    """The normalised terms of the dates and amounts in ``content`` (a chunk's header and text), space-separated.
    ``ref`` is the chunk's date; ``day_first`` the order its source writes numeric dates in, when known."""
    terms: dict[str, None] = {}
    for mention in find_dates(content, ref or _ANY_YEAR, day_first=day_first):
        if ref is None and (mention.relative or not mention.year_stated):
            if mention.granularity == "day" and not mention.relative:
                terms.setdefault(f"md{mention.date:%m%d}", None)  # the day is known, its year is not
            continue
        for term in _date_terms(mention):
            terms.setdefault(term, None)
    for amount in find_money(content):
        terms.setdefault(amount_term(amount.amount), None)
    return " ".join(terms)


def query_value_terms(query: str) -> tuple[list[Term], str]:
    """The dates and amounts of a query as terms, each matched by its normalised term or by the words as written,
    and the rest of the query (the query with those blanked out) for plain words."""
    groups: list[Term] = []
    spans: list[tuple[int, int]] = []
    for mention in find_dates(query, _ANY_YEAR):
        if (term := _query_date_term(mention)) is not None:
            groups.append((term, mention.text.lower()))
            spans.append((mention.start, mention.end))
    for amount in find_money(query):
        if not any(start < amount.end and amount.start < end for start, end in spans):
            groups.append((amount_term(amount.amount), _written_number(amount)))
            spans.append((amount.start, amount.end))
    rest = query
    for start, end in spans:
        rest = rest[:start] + " " * (end - start) + rest[end:]
    return list(dict.fromkeys(groups)), rest


def amount_term(amount: Decimal) -> str:
    """``amt`` and the amount's digits, a decimal point written as ``p`` (84000.5 -> amt84000p5)."""
    return "amt" + format(amount.normalize(), "f").replace(".", "p")


def _date_terms(mention: DateMention) -> list[str]:
    when = mention.date
    if mention.granularity == "day":
        return [f"d{when:%Y%m%d}", f"md{when:%m%d}", f"m{when:%Y%m}"]
    if mention.granularity == "month":
        return [f"m{when:%Y%m}"]
    if mention.granularity == "quarter":
        return [f"q{when.year}{(when.month + 2) // 3}"]
    if mention.granularity == "year":
        return [f"y{when.year}"]
    return []  # a week: no single term stands for it


def _query_date_term(mention: DateMention) -> str | None:
    """The term a query's date must match; None keeps the words (a relative date: the query has no date of its own;
    a yearless month or quarter: its words say as much)."""
    if mention.relative:
        return None
    if mention.granularity == "day":
        return f"d{mention.date:%Y%m%d}" if mention.year_stated else f"md{mention.date:%m%d}"
    if not mention.year_stated or mention.granularity == "week":
        return None
    return _date_terms(mention)[0]


def _written_number(amount: MoneyMention) -> str:
    number = _NUMBER.search(amount.text)
    return number.group(0) if number else amount.text
