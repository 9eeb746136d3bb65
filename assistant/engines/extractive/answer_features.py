"""What the offline answerer knows about each evidence passage and about the question as a whole, as numbers: the
inputs of the fitted passage ranker and of the abstention model (``answer_model``). Each feature is general (how a
passage relates to the question), never a word list of any account."""

from __future__ import annotations

import numpy as np

from assistant.indexing.embeddings import Embedder
from assistant.engines.extractive.answer_scoring import (
    _resolve_pronouns,
    _specifics,
    coverage_of,
    has_word,
    recency_of,
    combined,
    typed_of,
    word_share,
)
from assistant.engines.extractive.answer_text import AnswerPassage
from assistant.engines.extractive.answer_types import QuestionShape, cue_count, has_value

PASSAGE_FEATURES = (
    "similarity",  # MiniLM cosine between question and passage
    "coverage",  # IDF-weighted share of the question's topic words (with synonyms), pronouns resolved
    "context",  # topic words in the passage's heading or document title
    "typed",  # holds the kind of value asked for (a who-question's named, titled person: 1.5)
    "cues",  # words of the kind of answer asked for (a cause, a status, a preference)
    "specifics",  # numbers, ids and names the question does not already hold (share of 3)
    "recency",  # for "now"/"still"/status questions: how new its source is among the passages (0-1)
    "previous",  # the similarity of the passage before it in the same document
    "asks",  # it is itself a question
    "anchors",  # share of the names the question is about that the passage (or its title) holds
    "focus",  # share of the words a strict value must sit next to that the passage holds
    "rank",  # 1 / (1 + the retrieval rank of its evidence item)
    "field",  # a "Label: value" line of a record
    "value_near_focus",  # holds the asked-for kind of value and a focus word
    "prior",  # the hand-weighted relevance the answerer used before it was fitted (``answer_scoring``)
)
QUESTION_FEATURES = (
    "best_score",  # the ranker's best logit
    "second_score",  # the second best (an answer rarely rests on one lucky passage)
    "best_coverage",
    "best_similarity",
    "anchors_present",  # share of the question's names found anywhere in the evidence
    "strict",  # a specific value is asked for (phone, e-mail, name, count, amount)
    "strict_supported",  # ...and a passage holds that kind of value next to the question's topic
    "value_near_focus",  # some passage holds the asked-for kind of value and a focus word
    "asks_value",  # the question asks for a kind of value at all
)


def passage_features(shape: QuestionShape, passages: list[AnswerPassage], embedder: Embedder,
                     people: set[str]) -> np.ndarray:
    """One row per passage, one column per name in ``PASSAGE_FEATURES``."""
    n = len(passages)
    vectors = embedder.embed([shape.text, *(p.text for p in passages)])
    similarity = vectors[1:] @ vectors[0]
    coverage = _resolve_pronouns(coverage_of(shape.terms, passages), passages)
    context = coverage_of(shape.terms, passages, [p.context for p in passages])
    typed = typed_of(shape, passages, people) if shape.kind != "none" else np.zeros(n)
    cues = np.array([cue_count(p.text, shape) for p in passages], dtype=float)
    specifics = _specifics(shape, passages) / 3
    recency = recency_of(passages) if shape.current else np.zeros(n)
    index = {(p.item_index, p.position): i for i, p in enumerate(passages)}
    previous = np.array([similarity[index[(p.item_index, p.position - 1)]]
                         if (p.item_index, p.position - 1) in index else 0.0 for p in passages])
    asks = np.array(["?" in p.text for p in passages], dtype=float)
    anchors = word_share(shape.anchors, [f"{p.context} {p.text}" for p in passages])
    focus = word_share(shape.focus, [p.text for p in passages])
    rank = np.array([1 / (1 + p.item_index) for p in passages])
    field = np.array([p.position >= 1000 for p in passages], dtype=float)
    near = np.array([_value_near_focus(shape, p.text) for p in passages], dtype=float)
    prior = combined(passages, similarity, coverage, context, typed, cues, specifics * 3, recency)
    return np.column_stack([similarity, coverage, context, typed, cues, specifics, recency, previous, asks, anchors,
                            focus, rank, field, near, prior])


def question_features(shape: QuestionShape, features: np.ndarray, scores: np.ndarray, anchors_present: float,
                      strict_supported: bool) -> np.ndarray:
    """One row for the question, one column per name in ``QUESTION_FEATURES``."""
    ordered = np.sort(scores)[::-1]
    column = {name: i for i, name in enumerate(PASSAGE_FEATURES)}
    return np.array([
        ordered[0] if len(ordered) else -10.0,
        ordered[1] if len(ordered) > 1 else -10.0,
        features[:, column["coverage"]].max(initial=0.0),
        features[:, column["similarity"]].max(initial=0.0),
        anchors_present,
        float(shape.strict),
        float(shape.strict and strict_supported),
        features[:, column["value_near_focus"]].max(initial=0.0),
        float(shape.kind != "none"),
    ])


def _value_near_focus(shape: QuestionShape, text: str) -> float:
    if shape.kind == "none" or not has_value(text, shape.kind):
        return 0.0
    topic = shape.focus or shape.terms
    if not topic:
        return 1.0
    lowered = text.lower()
    return float(any(has_word(lowered, t) for t in topic))


__all__ = ["PASSAGE_FEATURES", "QUESTION_FEATURES", "passage_features", "question_features"]
