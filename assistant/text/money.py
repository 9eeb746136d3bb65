"""Money mentioned in prose: ``find_money`` reads $48k, USD 48,000, €84.000,50, 84.000 EUR, £1.2m, R$ 310 mil,
CHF 12'500, 1.5M and 48K ARR into an amount (a Decimal) and a currency (an ISO code when the text names one).

Whether a dot or comma is a decimal or a thousands separator is read from the number's shape: the last of two
different separators is the decimal one (84.000,50; 48,000.50); a separator used twice groups thousands
(1.234.567); a single one followed by exactly three digits groups thousands (84.000, 48,000) unless a magnitude
follows (1.250M is 1.25 million); otherwise it is decimal (1.5, 1,2)."""

from __future__ import annotations

import re
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from assistant.text.calendar_words import alternation

_CODES = ("USD", "EUR", "GBP", "BRL", "CHF", "CAD", "AUD", "NZD", "JPY", "INR", "SEK", "NOK", "DKK", "PLN", "MXN",
          "SGD", "HKD", "ZAR", "CNY")
_SYMBOLS = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP", "R$": "BRL", "C$": "CAD", "CA$": "CAD", "A$": "AUD",
            "AU$": "AUD", "NZ$": "NZD", "S$": "SGD", "HK$": "HKD", "¥": "JPY", "₹": "INR"}
_WORDS = {"euro": "EUR", "euros": "EUR", "dollar": "USD", "dollars": "USD", "reais": "BRL", "francs": "CHF"}
_CURRENCIES = {**{code: code for code in _CODES}, **_SYMBOLS, **_WORDS}
_THOUSAND, _MILLION, _BILLION = Decimal(1000), Decimal(1_000_000), Decimal(1_000_000_000)
_MAGNITUDES = {
    "k": _THOUSAND, "thousand": _THOUSAND, "mil": _THOUSAND,
    "m": _MILLION, "mm": _MILLION, "mn": _MILLION, "million": _MILLION, "millions": _MILLION, "mio": _MILLION,
    "miljoen": _MILLION, "milhão": _MILLION, "milhões": _MILLION, "milhao": _MILLION, "milhoes": _MILLION,
    "millón": _MILLION, "millon": _MILLION, "millones": _MILLION,
    "b": _BILLION, "bn": _BILLION, "billion": _BILLION, "billions": _BILLION, "mrd": _BILLION,
}
_MAGNITUDE_WORDS = [w for w in _MAGNITUDES if len(w) > 2 or w == "mn"]

_NUMBER = (r"(?P<number>\d{1,3}(?P<group>[.,'’\u00a0\u202f\u2009 ])\d{3}(?:(?P=group)\d{3})*(?:[.,]\d{1,2})?(?!\d)"
           r"|\d+(?:[.,]\d+)?)")
_MAGNITUDE = rf"(?:\s?(?P<mag>[kKmM]|mm|MM|bn|BN|[bB])|\s+(?i:(?P<magword>{alternation(_MAGNITUDE_WORDS)})))(?!\w)"
_BARE_WORDS = alternation(set(_MAGNITUDE_WORDS) - {"mil"})  # without a currency, "mil" is no amount
_BARE_MAGNITUDE = rf"(?:\s?(?P<mag>[kKM]|MM|bn)|\s+(?i:(?P<magword>{_BARE_WORDS})))(?!\w)"
_PREFIX = alternation([*_SYMBOLS, *_CODES])
_SUFFIX = rf"(?:{alternation([*_CODES, '€', '$', '£'])}|(?i:{alternation(_WORDS)}))"

_PREFIXED = re.compile(rf"(?<![\w$])(?P<currency>{_PREFIX})\s?{_NUMBER}(?:{_MAGNITUDE})?")
_SUFFIXED = re.compile(rf"(?<![\w.,$€£'’]){_NUMBER}(?:{_MAGNITUDE})?\s?(?P<currency>{_SUFFIX})(?!\w)")
_MAGNITUDE_ONLY = re.compile(rf"(?<![\w.,$€£'’]){_NUMBER}{_BARE_MAGNITUDE}")
_BARE = re.compile(rf"(?<![\w.,'’/-]){_NUMBER}(?![\w'’]|[.,/-]\d)")


class MoneyMention(BaseModel):
    """One amount stated in a text: where (``start:end``, the verbatim ``text``), how much, in which currency."""

    model_config = ConfigDict(frozen=True)

    start: int
    end: int
    text: str
    amount: Decimal
    currency: str | None  # ISO 4217 code; None when the text names no currency ("1.5M", "48K ARR")


def find_money(text: str, *, bare_numbers: bool = False) -> list[MoneyMention]:
    """Every amount of money in ``text``, in order, none overlapping another (the longest reading wins). With
    ``bare_numbers``, plain numbers (7,920; 112 000; 1.500) count too, with no currency."""
    patterns = (_PREFIXED, _SUFFIXED, _MAGNITUDE_ONLY) + ((_BARE,) if bare_numbers else ())
    found = [mention for pattern in patterns for match in pattern.finditer(text) if (mention := _read(match))]
    found.sort(key=lambda m: (m.start - m.end, m.start))
    kept: list[MoneyMention] = []
    for mention in found:
        if all(mention.end <= k.start or k.end <= mention.start for k in kept):
            kept.append(mention)
    return sorted(kept, key=lambda m: m.start)


def parse_number(number: str, magnitude: bool = False) -> Decimal | None:
    """A written number read by its shape (see the module docstring); ``magnitude``: a k, m or million follows."""
    digits = re.sub(r"[\s'’\u00a0\u202f\u2009]", "", number)
    dots, commas = digits.count("."), digits.count(",")
    if dots and commas:
        decimal_mark = "." if digits.rfind(".") > digits.rfind(",") else ","
        digits = digits.replace("," if decimal_mark == "." else ".", "").replace(decimal_mark, ".")
    elif dots + commas > 1:
        digits = digits.replace(".", "").replace(",", "")
    elif dots + commas == 1:
        mark = "." if dots else ","
        whole, fraction = digits.split(mark)
        digits = whole + fraction if len(fraction) == 3 and not magnitude else f"{whole}.{fraction}"
    try:
        return Decimal(digits)
    except ArithmeticError:
        return None


def _read(match: re.Match) -> MoneyMention | None:
    groups = match.re.groupindex
    mag = (match["mag"] or match["magword"] or "").lower() if "mag" in groups else ""
    written = match["currency"] if "currency" in groups else None
    currency = (_CURRENCIES.get(written) or _CURRENCIES.get(written.lower())) if written else None
    amount = parse_number(match["number"], magnitude=bool(mag))
    if amount is None:
        return None
    if mag:
        multiplier = _MAGNITUDES[mag.rstrip(".")]
        if mag == "mil" and written == "$":
            multiplier = _MILLION  # "$3 mil" is US shorthand for millions; "R$ 310 mil" is thousands
        amount *= multiplier
    if amount == amount.to_integral_value():
        amount = amount.to_integral_value()
    return MoneyMention(start=match.start(), end=match.end(), text=match.group(0), amount=amount,
                        currency=currency)
