"""Sentence splitters, month-name lists and the list of titles before a name live in ``assistant.text`` alone: a new
one elsewhere is a copy that will drift from the others. ``ingest`` keeps its own month names, as it imports nothing
from ``assistant``."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOME = ROOT / "assistant" / "text"
# ingest/ is below assistant/ in the layers (it imports nothing from it), so it cannot use assistant.text
SANCTIONED_MONTHS = {"ingest/documents.py"}

# a stop that ends a sentence when white space follows: (?<=[.!?])\s+, [.!?]\s, [.!?]+(?=\s, [.!?])(?:\s; "not just
# after a sentence end", (?<![.!?]\s), splits nothing
_SENTENCE_SPLIT = re.compile(r"\(\?<=\[[.!?;]+\]\)|(?<!\(\?<!)\[\.!\?\][+)]*(?:\(\?[:=])?\\s|NOT_AFTER_ABBREVIATION")
# "Jan|Feb", "jan", "feb", "January February", Jan(?:uary)?|Feb(?:ruary)?
_MONTH_LIST = re.compile(r"\bjan(?:uary)?\b.{0,30}?\bfeb", re.IGNORECASE)

# (?:Dr|Mr|Ms|Mrs), Dr\.?\s+|Mr\.?\s+|...: the four titles as an alternation; the wider lists that go on
# ("Mrs|Prof", "Mrs|Mx|Prof") are other variants
_TITLE_LIST = re.compile(r"\bDr\b[^|\n]{0,8}\|Mr\b[^|\n]{0,8}\|Ms\b[^|\n]{0,8}\|Mrs\b(?!\|)")


def _sources():
    for package in ("assistant", "ingest", "web"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if HOME not in path.parents:
                yield str(path.relative_to(ROOT)), path.read_text()


def _found(pattern: re.Pattern, skip: set[str] = frozenset()) -> list[str]:
    return [f"{name}:{text.count(chr(10), 0, m.start()) + 1}" for name, text in _sources() if name not in skip
            for m in pattern.finditer(text)]


def test_no_sentence_splitting_pattern_outside_assistant_text():
    assert _found(_SENTENCE_SPLIT) == []


def test_no_month_name_list_outside_assistant_text():
    assert _found(_MONTH_LIST, SANCTIONED_MONTHS) == []


def test_no_list_of_titles_before_a_name_outside_assistant_text():
    assert _found(_TITLE_LIST) == []


def test_the_guard_sees_the_splitters_and_month_lists_it_is_for():
    for splitter in (r're.split(r"(?<=[.!?])\s+", text)', r'"[^\n.!?]+(?:[.!?]+(?=\s|$)|$)"',
                     r'"^(.+?[.!?])(?:\s+[A-Z]"', 'rf"[.!?]{NOT_AFTER_ABBREVIATION}"'):
        assert _SENTENCE_SPLIT.search(splitter), splitter
    assert not _SENTENCE_SPLIT.search(r'"(?<![.!?]\s)[A-Z]"')
    for months in (r'"(?:Jan|Feb|Mar)[a-z]*"', '{"jan", "feb"}', '"monday january february"',
                   r'"Jan(?:uary)?|Feb(?:ruary)?"'):
        assert _MONTH_LIST.search(months), months
    for titles in (r'"^(?:Dr|Mr|Ms|Mrs)\.?\s+"', r'"(?:Dr\.?|Mr\.?|Ms\.?|Mrs\.?)\s+"',
                   r'"(?:Dr\.?\s+|Mr\.?\s+|Ms\.?\s+|Mrs\.?\s+)?"'):
        assert _TITLE_LIST.search(titles), titles
    assert not _TITLE_LIST.search(r'"^(?:Dr|Mr|Ms|Mrs|Prof)\.?\s+"')
