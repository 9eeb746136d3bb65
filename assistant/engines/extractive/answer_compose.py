"""An answer from ranked passages: the best one, the best for each further clause of a compound question, then
greedily what adds most (topic words or values the answer lacks) within the word budget, never saying a fact twice;
a passage opening with a pronoun brings the sentence that says who or what it is."""

from __future__ import annotations

import re
from datetime import date

import numpy as np

from assistant.indexing.embeddings import Embedder
from assistant.engines.extractive.answer_scoring import PRONOUN, has_topic, relevance_of
from assistant.engines.extractive.answer_text import AnswerPassage, clean
from assistant.text.calendar_words import MONTH_WORD
from assistant.text.dates import find_dates
from assistant.engines.extractive.answer_types import QuestionShape, clauses_of, has_value, shape_of

MAX_ANSWER_WORDS = 72
MAX_SENTENCES = 3
FOLLOW_RATIO = 0.8  # a further passage joins when it scores this close to the best...
ADDS_RATIO = 0.6  # ...or this close and it adds a topic word or value the answer lacks
NEW_TOPIC_WEIGHT = 0.3  # how much covering the rest of the question counts when choosing the next passage
SHORT_ANSWER = 20  # an answer this short takes a further on-topic passage even when it adds no new topic word
SEVERAL_RATIO = 0.5
NEW_DAY_WEIGHT = 0.1  # each new date (up to three) a passage brings to a several-dates answer  # "what are the key dates?": a passage this close to the best joins when it brings a new date
_VALUE = re.compile(rf"\b{MONTH_WORD}\s+\d{{1,2}}\b|[$€£]?\d[\d,.]*%?|\b[A-Z][A-Z0-9]+-\d+\b")


def clause_picks(shape: QuestionShape, passages: list[AnswerPassage], embedder: Embedder, people: set[str],
                  best: int) -> list[int]:
    """For a question asking two things, the best passage for each further clause, scored on that clause alone."""
    clauses = clauses_of(shape.text)
    if len(clauses) < 2:
        return []
    picks = []
    for clause in clauses[1:]:
        sub = shape_of(clause)
        if not sub.terms:
            continue
        relevance, _ = relevance_of(sub, passages, embedder, people)
        if sub.kind in ("date", "amount", "number"):  # "...and what would it cost?": a passage with an amount
            holding = np.array([has_value(p.text, sub.kind) for p in passages])
            if holding.any():
                relevance = np.where(holding, relevance, -np.inf)
        pick = int(np.argmax(relevance))
        if pick != best and pick not in picks:
            picks.append(pick)
    return picks


def compose(shape: QuestionShape, passages: list[AnswerPassage], relevance: np.ndarray, order: list[int],
             required: list[int] | None = None) -> list[int]:
    """The best passage (and the best for each further clause of a compound question), then greedily the passage
    that adds most: its relevance plus the share of the question's topic it covers that the answer does not yet."""
    best = order[0]
    chosen = [best]
    follower = continuation(passages, best)
    if follower is not None:
        chosen.append(follower)
    for index in required or []:
        if not _redundant(passages[index].text, [passages[i].text for i in chosen]):
            chosen.append(index)
    words = sum(len(passages[i].text.split()) for i in chosen)
    pool = order[1:15]
    while len(chosen) < MAX_SENTENCES + (follower is not None):  # the lead's continuation is part of the lead
        texts = [passages[i].text for i in chosen]
        picked, picked_gain = None, 0.0
        for index in pool:
            text = passages[index].text
            if index in chosen or words + len(text.split()) > MAX_ANSWER_WORDS - 15 or _redundant(text, texts):
                continue
            new = _new_share(shape, text, texts)
            gain = relevance[index] + NEW_TOPIC_WEIGHT * new
            close = relevance[index] >= FOLLOW_RATIO * relevance[best]
            short = words < SHORT_ANSWER and any(has_topic(text.lower(), t) for t in shape.terms)
            adds = relevance[index] >= ADDS_RATIO * relevance[best] and (new > 0 or short or _adds(shape, text, texts))
            adds = adds or shape.several and relevance[index] >= SEVERAL_RATIO * relevance[best] and \
                bool(_days(text) - _days(" ".join(texts)))
            if shape.several:  # "the key dates": what a passage adds is dates the answer does not have yet
                new_days = len(_days(text) - _days(" ".join(texts)))
                close, adds = close and new_days > 0, adds and new_days > 0
                gain += NEW_DAY_WEIGHT * min(new_days, 3)
            elif shape.kind == "amount" and _amounts(text):  # an amount said again adds nothing to "what price?"
                new_amounts = len(_amounts(text) - _amounts(" ".join(texts)))
                close, adds = close and new_amounts > 0, adds and new_amounts > 0
                gain += NEW_DAY_WEIGHT * min(new_amounts, 3)
            if (close or adds) and gain > picked_gain:
                picked, picked_gain = index, gain
        if picked is None:
            break
        chosen.append(picked)
        words += len(passages[picked].text.split())
    return chosen


def continuation(passages: list[AnswerPassage], index: int) -> int | None:
    """The sentence right after the lead in its source when it goes on about the same thing ("The RCA has not gone
    out. It missed the 23rd and is stuck in legal review."): it belongs to the answer."""
    lead = passages[index]
    for other, passage in enumerate(passages):
        if passage.item_index == lead.item_index and passage.position == lead.position + 1:
            short = len(lead.text.split()) + len(passage.text.split()) <= MAX_ANSWER_WORDS // 2
            return other if PRONOUN.match(passage.text) and "?" not in passage.text and short else None
    return None


_AMOUNT = re.compile(r"[$€£]\s?\d[\d,.]*(?:\s?[kKmM]\b)?|\b\d[\d,.]*\s?(?:%|percent\b)")


def _amounts(text: str) -> set[str]:
    """The amounts a text states, as written without spaces ("$600", "5%")."""
    return {re.sub(r"\s|percent", lambda m: "%" if m.group(0) == "percent" else "", a).rstrip(".,")
            for a in _AMOUNT.findall(text)}


def _new_share(shape: QuestionShape, text: str, chosen: list[str]) -> float:
    """The share of the question's topic words the passage covers and the chosen ones do not."""
    if not shape.terms:
        return 0.0
    joined, lowered = " ".join(chosen).lower(), text.lower()
    return sum(1 for t in shape.terms if has_topic(lowered, t) and not has_topic(joined, t)) / len(shape.terms)


def _adds(shape: QuestionShape, text: str, chosen: list[str]) -> bool:
    joined = " ".join(chosen).lower()
    lowered = text.lower()
    new_terms = [t for t in shape.terms if has_topic(lowered, t) and not has_topic(joined, t)]
    new_value = shape.kind != "none" and has_value(text, shape.kind) and \
        not has_value(" ".join(chosen), shape.kind)
    new_date = shape.several and bool(_days(text) - _days(" ".join(chosen)))
    return bool(new_terms) or new_value or new_date or shape.compound and _new_values(text, joined)


def _new_values(text: str, joined: str) -> bool:
    values = re.findall(r"[$€£]?\d[\d,.]*%?", text)
    return any(v not in joined for v in values)


def _redundant(text: str, chosen: list[str]) -> bool:
    """Mostly the same words as a passage already chosen, or no specific (date, amount, id) the answer lacks."""
    words = set(re.findall(r"\w+", text.lower()))
    for other in chosen:
        theirs = set(re.findall(r"\w+", other.lower()))
        if words and len(words & theirs) / len(words | theirs) >= 0.5:
            return True
    specifics = {m.group(0).strip(",.") for m in _VALUE.finditer(text)}
    joined = " ".join(chosen)
    days = _days(joined)
    return bool(specifics) and all(v in joined or _days(v) and _days(v) <= days for v in specifics)


_ANY_YEAR = date(2000, 1, 1)  # only the month and day are compared; the year a yearless date resolves to is moot


def _days(text: str) -> set[tuple[int, int]]:
    """The (month, day) pairs a text names, however written: "April 30", "30 Apr", "2026-04-30", "4/30"."""
    return {(m.date.month, m.date.day) for m in find_dates(text, _ANY_YEAR)
            if m.granularity == "day" and not m.relative}


def with_context(passages: list[AnswerPassage], index: int, chosen: list[int] | None = None) -> str:
    """A sentence opening with a pronoun ("He is our exec sponsor...") brings the sentence before it along, which
    usually says who "he" is (unless the answer already holds it)."""
    passage = passages[index]
    if not PRONOUN.match(passage.text):
        return passage.text
    before = next(
        (p for p in passages if p.item_index == passage.item_index and p.position == passage.position - 1), None
    )
    already = {passages[i].text for i in chosen or []}
    if before is None or before.text in already or len(before.text.split()) > 30 or \
            before.text.rstrip().endswith("?"):
        return passage.text
    return f"{clean(before.text)} {passage.text}"
