"""Month and weekday names in English, Dutch, German, French, Spanish and Portuguese, as regex alternations
(``MONTHS``, ``WEEKDAYS``: what ``assistant.text.dates`` reads), and the English names alone with the loose
month pattern the offline engine's cues use (``MONTH_WORD``).

General language knowledge only. Abbreviations that are also common words in one of these languages ("set",
"out", "ago", "marco") are left out; their full forms are here."""

from __future__ import annotations

import re

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "january jan januari januar jänner jaenner janvier janv enero ene janeiro",
        "february feb februari februar février fevrier févr fevr febrero fevereiro fev",
        "march mar maart mrt märz maerz mär mrz mars marzo março",
        "april apr avril avr abril abr",
        "may mei mai mayo maio",
        "june jun juni juin junio junho",
        "july jul juli juillet juil julio julho",
        "august aug augustus août aout agosto",
        "september sep sept septembre septiembre setiembre setembro",
        "october oct oktober okt octobre octubre outubro",
        "november nov noviembre novembro",
        "december dec dezember dez décembre decembre déc dic diciembre dezembro",
    ],
    start=1,
):
    for _name in _names.split():
        MONTHS[_name] = _number

WEEKDAYS: dict[str, int] = {}
for _number, _names in enumerate(
    [
        "monday mon maandag montag lundi lunes segunda-feira",
        "tuesday tue tues dinsdag dienstag mardi martes terça-feira terca-feira",
        "wednesday wed woensdag mittwoch mercredi miércoles miercoles quarta-feira",
        "thursday thu thur thurs donderdag donnerstag jeudi jueves quinta-feira",
        "friday fri vrijdag freitag vendredi viernes sexta-feira",
        "saturday sat zaterdag samstag sonnabend samedi sábado sabado",
        "sunday sun zondag sonntag dimanche domingo",
    ]
):
    for _name in _names.split():
        WEEKDAYS[_name] = _number

ENGLISH_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                  "november", "december")
ENGLISH_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTH_STEMS = tuple(name[:3] for name in ENGLISH_MONTHS)  # jan ... dec
WEEKDAY_STEMS = tuple(name[:3] for name in ENGLISH_WEEKDAYS)  # mon ... sun
# every English way of naming a month in a word, in lower case: "jan", "sept", "january"
ENGLISH_MONTH_WORDS = frozenset({*MONTH_STEMS, "sept", *ENGLISH_MONTHS})
# An English month, loosely: a capitalised stem and any letters after it, and a dot ("Jan", "January", "Sept.").
# Case-insensitive under the caller's flags; it also takes words that merely start so ("Decide", "Marketing").
MONTH_WORD = "(?:" + "|".join(stem.title() for stem in MONTH_STEMS) + r")[a-z]*\.?"

# English month names that are also ordinary words: without a capital they are read as the words.
COMMON_WORD_MONTHS = frozenset({"may", "march", "mar", "mars"})

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2, "couple of": 2,
}


def alternation(words) -> str:
    """A regex matching any of ``words`` (the longest where one is a prefix of another), built as a trie: a flat
    alternation of a hundred names is tried name by name at every position of a text, a trie letter by letter."""
    trie: dict = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: dict) -> str:
    branches = [re.escape(char) + _trie_pattern(child) for char, child in sorted(node.items()) if char]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def weekday_number(word: str) -> int:
    return WEEKDAYS[word.lower().rstrip(".")]
