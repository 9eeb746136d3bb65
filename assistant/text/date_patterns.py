"""The compiled patterns of date mentions (read by ``assistant.text.dates``), one per way of writing a date.

Every pattern is case-insensitive and compiled once: they run over every chunk at ingest."""

from __future__ import annotations

import re

from assistant.text.calendar_words import MONTHS, NUMBER_WORDS, WEEKDAYS, alternation

_I = re.IGNORECASE
MONTH = rf"(?P<month>{alternation(MONTHS)})(?!\w)\.?"
WEEKDAY = alternation(WEEKDAYS)
_YEAR = r"(?P<year>(?:19|20)\d\d)(?!\d)"
_SHORT_YEAR = r"(?P<year>\d\d|(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)"
_END_OF = r"(?P<end>end\s+of\s+(?:the\s+)?|eind\s+|ende\s+|fin\s+(?:de\s+)?|finales\s+de\s+|fim\s+de\s+)"

# 2026-03-10, 2026/03/10, 2026.03.10 (also 2026-03-10T09:00)
ISO_DAY = re.compile(rf"(?<![\w./-]){_YEAR}(?P<sep>[-/.])(?P<month>\d\d?)(?P=sep){_DAY}(?!\d|[-/.]\d)")
# 10 March 2026, 10th of March, 10. März, 10 de marzo de 2026, 1er mars, 1º de março
DAY_MONTH = re.compile(
    rf"(?<![\w.]){_DAY}(?:st|nd|rd|th|er|º|ª|\.)?\s*(?:de\s+|of\s+)?{MONTH}(?:,?\s*(?:de\s+)?{_YEAR})?", _I
)
# March 10, Mar 10th, 2026, Mar. 10
MONTH_DAY = re.compile(rf"(?<!\w){MONTH}\s*(?:the\s+)?{_DAY}(?:st|nd|rd|th)?(?![\w:])(?:,?\s+{_YEAR})?", _I)
# 3/10/26, 10/03/2026, 10.03.2026, 10-03-2026: day and month order decided by the caller
NUMERIC_DAY = re.compile(
    r"(?<![\w./$€£-])(?P<a>\d\d?)(?P<sep>[/.-])(?P<b>\d\d?)(?P=sep)" + _SHORT_YEAR + r"(?![\w/-]|[.,]\d)"
)
# 3/10 (not 24/7, not 3/10%)
NUMERIC_NO_YEAR = re.compile(r"(?<![\w./$€£-])(?!24/7\b)(?P<a>\d\d?)/(?P<b>\d\d?)(?![\w/%]|[.,]\d)")
# 10.03. (German and Dutch day and month, with the closing dot)
DOTTED_NO_YEAR = re.compile(r"(?<![\w.,$€£-])(?P<a>\d\d?)\.(?P<b>\d\d)\.(?![\w.])")
# March 2026, marzo de 2026, end of March 2026
MONTH_YEAR = re.compile(rf"(?<!\w){_END_OF}?{MONTH},?\s*(?:de\s+|of\s+)?{_YEAR}", _I)
# 03/2026, 2026-03
NUMERIC_MONTH_YEAR = re.compile(
    rf"(?<![\w./-])(?:(?P<month>\d\d?)/{_YEAR}|{_YEAR.replace('year', 'year2')}-(?P<month2>\d\d)(?![\w-]|[.,]\d))"
    r"(?![\w/])"
)
# (in) March, (by) end of March, early April, Ende März: after a word that makes it a time ("may" and "march"
# only when capitalised, see dates.py); the span starts at the month unless a part of it is named
MONTH_ALONE = re.compile(
    rf"(?<!\w)(?:{_END_OF}|(?P<part>(?:the\s+)?(?:beginning|start|middle)\s+of|early|mid|late)[\s-]+|"
    rf"(?:in|by|until|till|through|from|since|during|before|after|im|en|em)\s+){MONTH}(?![.,]?\s*\d)",
    _I,
)
# Q1, Q1 2026, Q1 '26, Q1/26, Q1 FY26, 2026 Q1, end of Q1, first quarter of 2026
QUARTER = re.compile(
    rf"(?<!\w){_END_OF}?(?:Q(?P<q>[1-4])(?:\s*(?:FY\s?|')(?P<y2>\d\d(?:\d\d)?)|[/-](?P<y3>\d\d(?:\d\d)?)|"
    r"\s+(?P<y4>(?:19|20)\d\d))?|(?P<y5>(?:19|20)\d\d)[\s-]?Q(?P<q2>[1-4])|"
    r"(?P<ordinal>first|second|third|fourth|1st|2nd|3rd|4th)\s+quarter(?:\s+(?:of\s+)?(?P<y6>(?:19|20)\d\d))?)"
    r"(?![\w/])",
    _I,
)
FISCAL_YEAR = re.compile(r"(?<!\w)FY\s?(?P<year>(?:19|20)\d\d|\d\d)(?![\w])", _I)
# a weekday just before a date: "Tuesday 10 March", "Tue, 3/10", "Dienstag, den 10. März"
WEEKDAY_BEFORE = re.compile(rf"(?<!\w)(?P<weekday>{WEEKDAY})\.?,?\s+(?:(?:the|le|el|den|de)\s+)?$", _I)

_COUNT = alternation([*NUMBER_WORDS, *(str(n) for n in range(1, 100))])
# relative to the reference date
RELATIVE = re.compile(
    r"(?<!\w)(?:(?P<day_word>today|tonight|tomorrow|yesterday|end\s+of\s+(?:the\s+)?day|close\s+of\s+business|"
    r"EOD|COB)"
    rf"|(?P<which>this|next|last|coming)\s+(?P<weekday>{WEEKDAY})"
    r"|(?P<end>end\s+of\s+(?:the\s+)?)?(?P<which2>this|next|last)?\s*(?P<unit>week|month|quarter|year)"
    rf"|(?:in|within)\s+(?P<count>{_COUNT})\s+(?P<span>days?|weeks?|months?))(?!\w)",
    _I,
)
