"""Where sentences end, for every reader that splits text into sentences. The splitters differ on purpose, each
for what its readers need:

- ``sentences`` (``SENTENCE_BREAK``): the fact extractors'. A break is white space after ``.``, ``!`` or ``?`` and
  before a capital, a double quote, a bracket or markdown bold, never after an abbreviation ("Dr. Roe", "Jan. 30",
  "approx. 40"): a fact quotes whole sentences and no fewer.
- ``CANDIDATE_BREAK``: the offline answerer's. It also breaks before a digit, a single quote or ``#`` ("... signed.
  3 seats were added", "... fixed. #4521 is next"), so that a sentence it hands over carries one point.
- ``split_at_stops``: every ``.``, ``!`` or ``?`` followed by white space, abbreviations included. For dropping an
  offending sentence from generated text (an email draft, a chat answer) and for a ticket's opening sentences, where
  cutting short at "Dr." costs nothing.
- ``clauses``: as ``split_at_stops``, and at ``;`` too, for telling which clause of a note a word sits in.
- ``SENTENCE_END``: counts the sentences an answer already has (an end is a stop, not after an abbreviation, before
  white space or the end).
- ``SENTENCE_SPAN``: for citations, the verbatim spans of a source's sentences, line by line; a line whose stops are
  all inside numbers ("3.5") is one span.
- ``FIRST_SENTENCE``: the eval's reading of a reference answer's first sentence: up to the first stop followed by a
  capital, a bracket, a quote or the end.
"""

from __future__ import annotations

import re

from assistant.text.abbreviations import NOT_AFTER_ABBREVIATION

SENTENCE_BREAK = re.compile(rf"{NOT_AFTER_ABBREVIATION}(?<=[.!?])\s+(?=[A-Z*\"(])")
CANDIDATE_BREAK = re.compile(rf"{NOT_AFTER_ABBREVIATION}(?<=[.!?])\s+(?=[A-Z0-9\"'(#*])")
_STOP_BREAK = re.compile(r"(?<=[.!?])\s+(?=\S)")
_CLAUSE_BREAK = re.compile(r"(?<=[.!?;])\s+")
SENTENCE_END = re.compile(rf"[.!?]{NOT_AFTER_ABBREVIATION}(?:\s|$)")
SENTENCE_SPAN = re.compile(r"[^\n.!?]+(?:[.!?]+(?=\s|$)|$)|[^\n]+", re.MULTILINE)
FIRST_SENTENCE = re.compile(r"^(.+?[.!?])(?:\s+[A-Z(\"']|\s*$)", re.DOTALL)


def sentences(text: str) -> list[str]:
    """Sentences of one line or paragraph (verbatim pieces)."""
    return [part for part in SENTENCE_BREAK.split(text.strip()) if part.strip()]


def sentences_by_line(text: str) -> list[str]:
    """The sentences of every line of ``text``: a line break always ends a sentence."""
    return [sentence for line in text.splitlines() for sentence in sentences(line)]


def split_at_stops(text: str) -> list[str]:
    return _STOP_BREAK.split(text)


def clauses(text: str) -> list[str]:
    return _CLAUSE_BREAK.split(text)
