"""Scoring all passages of the evidence at once gives each passage what scoring it alone gives."""

from __future__ import annotations

import re

import numpy as np

from assistant.engines.extractive.answer_scoring import coverage_of, has_topic, typed_of, word_share
from assistant.engines.extractive.answer_text import AnswerPassage
from assistant.engines.extractive.answer_types import QuestionShape

SENTENCES = [
    "Priya Shah (VP Operations) signs anything over $50k for Tiny Co.",
    "The Monday refresh failed again because the warehouse sync timed out.",
    "Budget owner is finance; the annual fee is $84,000 a year for 120 seats.",
    "Jordan: we need the licences renewed before the March 10 deadline.",
    "It is stuck in legal review with their counsel.",
    "Renewals, invoices and payments go through procurement.",
]
PASSAGES = [AnswerPassage(text=text, ref=f"E{i}", item_index=i, position=0) for i, text in enumerate(SENTENCES)]


def test_topic_coverage_counts_each_passages_own_words_and_phrases():
    terms = ["refresh", "paying", "seats", "signs", "renewal", "warehouse"]  # some with related phrases

    found = np.array([[has_topic(s.lower(), t) for t in terms] for s in SENTENCES])
    weights = np.log(1 + len(SENTENCES) / (1 + found.sum(axis=0)))

    assert np.array_equal(coverage_of(terms, PASSAGES), (found * weights).sum(axis=1) / weights.sum())


def test_a_words_share_is_what_searching_each_passage_for_it_finds():
    words = ["priya", "renew", "fee", "sync", "counsel"]

    expected = [sum(bool(re.search(rf"\b{re.escape(w)}", s.lower())) for w in words) / len(words) for s in SENTENCES]

    assert word_share(words, SENTENCES).tolist() == expected


def test_a_who_question_scores_a_named_and_titled_passage_highest_and_ignores_the_speaker_label():
    shape = QuestionShape(text="Who signs the renewal?", kind="person")
    people = {"priya shah", "priya", "shah", "jordan"}

    typed = typed_of(shape, PASSAGES, people)

    assert typed.tolist() == [1.5, 0.0, 0.0, 0.0, 0.0, 0.0]  # "Jordan:" only says who spoke
