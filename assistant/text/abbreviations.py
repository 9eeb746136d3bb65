"""Where a full stop does not end a sentence: after a title ("Dr. Roe"), a month ("Jan. 30") or a common
abbreviation. One guard for every sentence splitter."""

from __future__ import annotations

import re

from assistant.text.calendar_words import MONTH_STEMS

_SHORT_MONTHS = (*(stem.title() for stem in MONTH_STEMS if stem != "may"), "Sept")  # "May." is a whole word
ABBREVIATIONS = ("eff", "vs", "Dr", "Mr", "Ms", "Mrs", "Sr", "Jr", "Inc", "No", "St", "approx", "est", "etc", "Ltd",
                 "Co", "Corp", "incl", "e.g", "i.e", "ca", *_SHORT_MONTHS, "a.m", "p.m", "U.S", "Prof")
# a lookbehind per abbreviation: put it before the split point of a sentence-splitting pattern
NOT_AFTER_ABBREVIATION = "".join(rf"(?<!\b{re.escape(a)}\.)" for a in ABBREVIATIONS)
