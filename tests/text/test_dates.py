"""Dates mentioned in prose: each way of writing one, read against the day the text was written (Monday 2 March
2026 unless a row says otherwise)."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.text.dates import day_first_hint, find_dates

MONDAY = date(2026, 3, 2)


def only(text: str, ref: date | None = MONDAY, **options):
    mentions = find_dates(text, ref, **options)
    assert len(mentions) == 1, mentions
    return mentions[0]


@pytest.mark.parametrize(
    ("text", "span", "day"),
    [
        ("kickoff 2026-03-10 at nine", "2026-03-10", date(2026, 3, 10)),
        ("logged 2026-03-10T09:30:00Z", "2026-03-10", date(2026, 3, 10)),
        ("due March 10", "March 10", date(2026, 3, 10)),
        ("due Mar 10th, 2026.", "Mar 10th, 2026", date(2026, 3, 10)),
        ("due Mar. 10", "Mar. 10", date(2026, 3, 10)),
        ("due 10 March 2026", "10 March 2026", date(2026, 3, 10)),
        ("due 10 Mar", "10 Mar", date(2026, 3, 10)),
        ("due the 10th of March", "10th of March", date(2026, 3, 10)),
        ("call on Tuesday 10 March", "Tuesday 10 March", date(2026, 3, 10)),
        ("call on Tue, Mar 10", "Tue, Mar 10", date(2026, 3, 10)),
        ("call on Tuesday, March 10, 2026", "Tuesday, March 10, 2026", date(2026, 3, 10)),
    ],
)
def test_a_day_written_with_a_month_name_is_read_whole(text, span, day):
    mention = only(text)
    assert (mention.text, mention.date, mention.granularity) == (span, day, "day")


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("levering op 10 maart 2026", date(2026, 3, 10)),
        ("Termin am 10. März", date(2026, 3, 10)),
        ("Termin am Dienstag, den 10. März", date(2026, 3, 10)),
        ("réunion le 10 mars", date(2026, 3, 10)),
        ("le 1er avril 2026", date(2026, 4, 1)),
        ("entrega el 10 de marzo de 2026", date(2026, 3, 10)),
        ("entrega em 10 de março", date(2026, 3, 10)),
        ("prazo 1º de abril", date(2026, 4, 1)),
    ],
)
def test_month_names_are_read_in_dutch_german_french_spanish_and_portuguese(text, day):
    assert only(text).date == day


@pytest.mark.parametrize(
    ("text", "options", "day"),
    [
        ("send by 3/10", {}, date(2026, 3, 10)),
        ("send by 3/10/26", {}, date(2026, 3, 10)),
        ("send by 03/10/2026", {}, date(2026, 3, 10)),
        ("send by 10/03/2026", {"day_first": True}, date(2026, 3, 10)),
        ("send by 3/10", {"day_first": True}, date(2026, 10, 3)),
        ("send by 10.03.2026", {}, date(2026, 3, 10)),
        ("send by 10.03.2026", {"day_first": False}, date(2026, 3, 10)),
        ("send by 10.03.", {}, date(2026, 3, 10)),
        ("send by 10-03-2026", {"day_first": True}, date(2026, 3, 10)),
        ("send by 13/03", {}, date(2026, 3, 13)),
        ("send by 13/03", {"day_first": False}, date(2026, 3, 13)),
        ("send by 03/13", {"day_first": True}, date(2026, 3, 13)),
    ],
)
def test_numeric_days_follow_the_numbers_then_the_hint(text, options, day):
    assert only(text, **options).date == day


def test_without_a_hint_the_unambiguous_dates_of_the_same_text_decide_the_order():
    day_first = find_dates("Invoice of 25/02/2026, payment due 05/03/2026", MONDAY)
    month_first = find_dates("Invoice of 02/25/2026, payment due 03/05/2026", MONDAY)

    assert [m.date for m in day_first] == [date(2026, 2, 25), date(2026, 3, 5)]
    assert [m.date for m in month_first] == [date(2026, 2, 25), date(2026, 3, 5)]


def test_without_any_evidence_numeric_days_are_month_first():
    assert only("review 04/05/2026").date == date(2026, 4, 5)


@pytest.mark.parametrize(
    ("texts", "hint"),
    [
        (["signed 25/02/2026"], True),
        (["signed 02/25/2026"], False),
        (["signed 10.03.2026"], True),
        (["signed 01/02/2026"], None),
        ([], None),
        (["signed 25/02", "due 26/03", "sent 03/27"], True),
    ],
)
def test_day_first_hint_counts_unambiguous_numeric_dates(texts, hint):
    assert day_first_hint(texts) == hint


@pytest.mark.parametrize(
    ("text", "first", "granularity", "year_stated"),
    [
        ("budget for March 2026", date(2026, 3, 1), "month", True),
        ("budget for marzo de 2026", date(2026, 3, 1), "month", True),
        ("budget for 03/2026", date(2026, 3, 1), "month", True),
        ("budget for 2026-03", date(2026, 3, 1), "month", True),
        ("live in April", date(2026, 4, 1), "month", False),
        ("live mid-April", date(2026, 4, 1), "month", False),
        ("target Q1", date(2026, 1, 1), "quarter", False),
        ("target Q1 2026", date(2026, 1, 1), "quarter", True),
        ("target Q3 '26", date(2026, 7, 1), "quarter", True),
        ("target 2026-Q3", date(2026, 7, 1), "quarter", True),
        ("target the second quarter of 2026", date(2026, 4, 1), "quarter", True),
        ("budget FY26", date(2026, 1, 1), "year", True),
        ("budget FY 2027", date(2027, 1, 1), "year", True),
    ],
)
def test_months_quarters_and_fiscal_years_are_periods(text, first, granularity, year_stated):
    mention = only(text)
    assert (mention.date, mention.granularity, mention.year_stated) == (first, granularity, year_stated)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("done by end of Q1", date(2026, 3, 31)),
        ("done by end of March", date(2026, 3, 31)),
        ("done by end of February 2027", date(2027, 2, 28)),
        ("fertig Ende April", date(2026, 4, 30)),
    ],
)
def test_the_end_of_a_named_period_is_its_last_day(text, day):
    mention = only(text)
    assert (mention.date, mention.granularity) == (day, "day")


@pytest.mark.parametrize(
    ("text", "day", "granularity"),
    [
        ("I'll send it tomorrow", date(2026, 3, 3), "day"),
        ("as discussed yesterday", date(2026, 3, 1), "day"),
        ("by end of day", MONDAY, "day"),
        ("let's meet next Tuesday", date(2026, 3, 10), "day"),
        ("let's meet this Friday", date(2026, 3, 6), "day"),
        ("as we said last Friday", date(2026, 2, 27), "day"),
        ("you'll have it next week", date(2026, 3, 9), "week"),
        ("by the end of next week", date(2026, 3, 13), "day"),
        ("by end of the month", date(2026, 3, 31), "day"),
        ("next month", date(2026, 4, 1), "month"),
        ("by the end of this quarter", date(2026, 3, 31), "day"),
        ("in two weeks", date(2026, 3, 16), "day"),
        ("within 10 days", date(2026, 3, 12), "day"),
        ("in a month", date(2026, 4, 2), "day"),
    ],
)
def test_relative_dates_are_resolved_against_the_reference_date(text, day, granularity):
    mention = only(text)
    assert (mention.date, mention.granularity, mention.relative) == (day, granularity, True)


def test_the_end_of_this_week_read_on_a_weekend_is_that_day():
    saturday = date(2026, 3, 7)
    assert only("by the end of the week", saturday).date == saturday


@pytest.mark.parametrize(
    ("text", "ref", "day"),
    [
        ("by Dec 19", date(2025, 12, 9), date(2025, 12, 19)),
        ("by January 16th", date(2025, 12, 3), date(2026, 1, 16)),
        ("met on 20 February", date(2026, 3, 20), date(2026, 2, 20)),
        ("back on 10 January", date(2026, 3, 20), date(2027, 1, 10)),
        ("call on Tuesday 10 March", date(2027, 2, 1), date(2026, 3, 10)),
    ],
)
def test_a_yearless_date_takes_the_year_nearest_the_reference_date(text, ref, day):
    mention = only(text, ref)
    assert (mention.date, mention.year_stated) == (day, False)


def test_without_a_reference_date_yearless_and_relative_dates_are_left_out():
    assert [m.text for m in find_dates("on March 10, 3/11, tomorrow and 2026-03-12", None)] == ["2026-03-12"]


@pytest.mark.parametrize(
    "text",
    [
        "24/7 support", "rated 50/50", "in may we meet", "a march to the sea", "every week", "build 4.12.3",
        "the market moved", "costs 10.50.", "share 3/10%",
    ],
)
def test_words_and_numbers_that_are_not_dates_are_left_alone(text):
    assert find_dates(text, MONDAY) == []


def test_mentions_come_in_order_with_verbatim_spans():
    text = "Signed 2026-02-27; kickoff Tuesday 10 March; review end of Q2; renewal FY27."
    mentions = find_dates(text, MONDAY)

    assert [text[m.start : m.end] for m in mentions] == [m.text for m in mentions]
    assert [m.text for m in mentions] == ["2026-02-27", "Tuesday 10 March", "end of Q2", "FY27"]


def test_a_period_knows_its_last_day():
    assert only("in February").last == date(2026, 2, 28)
    assert only("target Q4 2026").last == date(2026, 12, 31)
    assert only("next week").last == date(2026, 3, 15)
