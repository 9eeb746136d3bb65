"""Month and weekday names: the English names the offline engine's cues read, and how they agree with the names in
six languages that date reading uses."""

from __future__ import annotations

import re

from assistant.text.abbreviations import NOT_AFTER_ABBREVIATION
from assistant.text.calendar_words import (
    ENGLISH_MONTH_WORDS,
    ENGLISH_MONTHS,
    ENGLISH_WEEKDAYS,
    MONTH_STEMS,
    MONTH_WORD,
    MONTHS,
    WEEKDAYS,
)


def test_every_english_month_name_and_stem_is_its_month_in_the_six_language_list():
    for number, name in enumerate(ENGLISH_MONTHS, start=1):
        assert MONTHS[name] == MONTHS[name[:3]] == number


def test_every_english_weekday_is_its_weekday_in_the_six_language_list():
    for number, name in enumerate(ENGLISH_WEEKDAYS):
        assert WEEKDAYS[name] == WEEKDAYS[name[:3]] == number


def test_a_loose_month_is_a_capitalised_stem_with_any_letters_and_a_dot():
    pattern = re.compile(rf"{MONTH_WORD}\s+\d+")
    for text in ("Jan 5", "January 5", "Sept. 5", "Sep 5", "Dec 31", "May 1"):
        assert pattern.fullmatch(text), text
    assert not pattern.fullmatch("jan 5")
    assert re.fullmatch(rf"{MONTH_WORD}\s+\d+", "jan 5", re.IGNORECASE)


def test_month_words_are_the_lower_case_names_stems_and_sept():
    assert {"jan", "january", "sep", "sept", "september", "may"} <= ENGLISH_MONTH_WORDS
    assert len(ENGLISH_MONTH_WORDS) == len(MONTH_STEMS) + len(ENGLISH_MONTHS) - 1 + 1  # "may" is both; plus "sept"


def test_a_short_month_with_a_dot_does_not_end_a_sentence_but_may_does():
    split = re.compile(rf"{NOT_AFTER_ABBREVIATION}(?<=[.!?])\s+")
    assert split.split("Due Jan. 30 or Sept. 2.") == ["Due Jan. 30 or Sept. 2."]
    assert split.split("Renewal is in May. Then a call.") == ["Renewal is in May.", "Then a call."]
