"""Money mentioned in prose: the amount, the currency (an ISO code when the text names one), the verbatim span."""

from __future__ import annotations

from decimal import Decimal

import pytest

from assistant.text.money import find_money, parse_number


@pytest.mark.parametrize(
    ("text", "span", "amount", "currency"),
    [
        ("ARR is $48k now", "$48k", "48000", "USD"),
        ("ARR is $48,000 now", "$48,000", "48000", "USD"),
        ("ARR is $ 48,000.50", "$ 48,000.50", "48000.50", "USD"),
        ("ARR is USD 48,000", "USD 48,000", "48000", "USD"),
        ("ARR is 48,000 USD", "48,000 USD", "48000", "USD"),
        ("ARR is US$ 1,234.56", "US$ 1,234.56", "1234.56", "USD"),
        ("Jahresgebühr EUR 84.000", "EUR 84.000", "84000", "EUR"),
        ("Jahresgebühr €84.000,50", "€84.000,50", "84000.50", "EUR"),
        ("Jahresgebühr 84.000 EUR", "84.000 EUR", "84000", "EUR"),
        ("coût annuel 84 000 €", "84 000 €", "84000", "EUR"),
        ("about 12,500 euros", "12,500 euros", "12500", "EUR"),
        ("contract £1.2m", "£1.2m", "1200000", "GBP"),
        ("contrato R$ 310 mil", "R$ 310 mil", "310000", "BRL"),
        ("contrato R$ 1,2 milhão", "R$ 1,2 milhão", "1200000", "BRL"),
        ("Vertrag CHF 12'500", "CHF 12'500", "12500", "CHF"),
        ("Umsatz €1,2 Mio. im Jahr", "€1,2 Mio", "1200000", "EUR"),
        ("a $3 mil deal", "$3 mil", "3000000", "USD"),
        ("a $2B company", "$2B", "2000000000", "USD"),
        ("pipeline of 1.5M", "1.5M", "1500000", None),
        ("now 48K ARR", "48K", "48000", None),
        ("up to 1.5 million", "1.5 million", "1500000", None),
    ],
)
def test_an_amount_is_read_with_its_currency_and_magnitude(text, span, amount, currency):
    [mention] = find_money(text)
    assert (mention.text, mention.amount, mention.currency) == (span, Decimal(amount), currency)
    assert text[mention.start : mention.end] == span


@pytest.mark.parametrize(
    ("number", "magnitude", "value"),
    [
        ("84.000", False, "84000"),
        ("84,000", False, "84000"),
        ("84.000,50", False, "84000.50"),
        ("84,000.50", False, "84000.50"),
        ("1.234.567", False, "1234567"),
        ("12'500", False, "12500"),
        ("1.5", False, "1.5"),
        ("1,5", False, "1.5"),
        ("107.48", False, "107.48"),
        ("1.250", True, "1.25"),
        ("2026", False, "2026"),
    ],
)
def test_the_shape_of_a_number_decides_decimal_and_thousands_separators(number, magnitude, value):
    assert parse_number(number, magnitude) == Decimal(value)


@pytest.mark.parametrize(
    "text", ["the call took 5m", "3.5 hours", "in 2026 we grew", "rated 4.5 stars", "ticket #4411", "10% off"]
)
def test_numbers_that_are_not_money_are_left_alone(text):
    assert find_money(text) == []


def test_bare_numbers_count_when_asked():
    found = find_money("7,920 or 7.920 or 112 000 seats, and $5k", bare_numbers=True)
    assert [(m.text, m.amount, m.currency) for m in found] == [
        ("7,920", Decimal(7920), None), ("7.920", Decimal(7920), None), ("112 000", Decimal(112000), None),
        ("$5k", Decimal(5000), "USD"),
    ]


def test_two_ways_of_writing_one_amount_read_the_same():
    [code, symbol] = find_money("EUR 7,920 and €7.920")
    assert code.amount == symbol.amount == Decimal(7920) and code.currency == symbol.currency == "EUR"
