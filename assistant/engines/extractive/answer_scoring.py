"""How well each evidence passage answers a question: MiniLM similarity, IDF-weighted coverage of the question's
topic words (with customer-success synonyms), the kind of value asked for, cue words of the kind of answer (a
cause, a status, a preference), the heading and title it sits under, the specifics it adds, and the passage
before it."""

from __future__ import annotations

import functools
import re

import numpy as np

from assistant.indexing.embeddings import Embedder
from assistant.engines.extractive.answer_text import AnswerPassage
from assistant.engines.extractive.answer_types import TITLE, QuestionShape, cue_count, has_value, related
from assistant.engines.extractive.text_index import TextIndex
from assistant.text.names import SPEAKER

SIMILARITY_WEIGHT = 0.55
COVERAGE_WEIGHT = 0.45
CONTEXT_WEIGHT = 0.15  # topic words in the passage's heading or document title ("Commitments", "Escalation call")
TYPED_WEIGHT = 0.15  # the passage holds the kind of value asked for (a who-question's person with a title: x1.5)
CUE_WEIGHT = 0.08  # per cue of the kind of answer ("because" for a why-question, "stuck" for a status question)
SPECIFICS_WEIGHT = 0.05  # per specific the question does not already hold (a name, a number, an id), up to 3
NEIGHBOUR_WEIGHT = 0.25  # share of the previous passage's relevance: an answer often follows its topic's lead-in
QUESTION_PENALTY = 0.6  # a question in the evidence rarely answers a question
PRONOUN_SHARE = 0.8  # "It is stuck in legal review" covers most of what the sentence before it covers
RECENCY_WEIGHT = 0.15  # how things stand now: the newest dated source gains this much over the oldest

PRONOUN = re.compile(r"^(he|she|they|this|that|it|these|those)\b", re.IGNORECASE)
_SPECIFIC = re.compile(r"[$€£]?\d[\d,.:/%-]*\d%?|[$€£]?\d%?|\b[A-Z][A-Z0-9]+-\d+\b|(?<=[a-z,;] )[A-Z][a-z]{2,}\b")


def relevance_of(shape: QuestionShape, passages: list[AnswerPassage], embedder: Embedder,
                 people: set[str] | None = None, similarity: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Each passage's relevance to the question, and its coverage of the question's topic words (``similarity``:
    the question-passage cosines, when the caller has them)."""
    people = people or set()
    if similarity is None:
        vectors = embedder.embed([shape.text, *(p.text for p in passages)])
        similarity = vectors[1:] @ vectors[0]
    coverage = _resolve_pronouns(coverage_of(shape.terms, passages), passages)
    context = coverage_of(shape.terms, passages, [p.context for p in passages])
    typed = typed_of(shape, passages, people) if shape.kind != "none" else np.zeros(len(passages))
    cued = np.array([cue_count(p.text, shape) for p in passages], dtype=float)
    recency = recency_of(passages) if shape.current else np.zeros(len(passages))
    return combined(passages, similarity, coverage, context, typed, cued, _specifics(shape, passages), recency), \
        coverage


def combined(passages: list[AnswerPassage], similarity: np.ndarray, coverage: np.ndarray, context: np.ndarray,
             typed: np.ndarray, cued: np.ndarray, specifics: np.ndarray, recency: np.ndarray) -> np.ndarray:
    """The hand-weighted relevance of passages from its parts (``specifics`` counted up to 3)."""
    relevance = (SIMILARITY_WEIGHT * similarity + COVERAGE_WEIGHT * coverage + CONTEXT_WEIGHT * context
                 + TYPED_WEIGHT * typed + CUE_WEIGHT * cued + SPECIFICS_WEIGHT * specifics + RECENCY_WEIGHT * recency)
    relevance = relevance + NEIGHBOUR_WEIGHT * _previous(relevance, passages)
    asks = np.array(["?" in p.text for p in passages])
    return np.where(asks, relevance * QUESTION_PENALTY, relevance)


def typed_of(shape: QuestionShape, passages: list[AnswerPassage], people: set[str]) -> np.ndarray:
    """1 for a passage holding the kind of value asked for; for a who-question, a passage naming one of ``people`` or
    a title scores 1, and 1.5 with both."""
    if shape.kind != "person":
        return np.array([has_value(p.text, shape.kind) for p in passages], dtype=float)
    texts = [SPEAKER.sub("", p.text) for p in passages]  # "Jane Roe: ..." names who spoke, not who the answer is
    index = TextIndex([text.lower() for text in texts])
    named = index.mask(set().union(*(index.holding_word(name, whole=True) for name in people)))
    titled = np.array([TITLE.search(text) is not None for text in texts], dtype=bool)
    return (named | titled).astype(float) + 0.5 * (named & titled)


def recency_of(passages: list[AnswerPassage]) -> np.ndarray:
    """0 for the oldest dated source among the passages, 1 for the newest; undated ones (a CRM record) sit midway."""
    days = [p.day for p in passages if p.day is not None]
    if not days or max(days) == min(days):
        return np.zeros(len(passages))
    first, span = min(days), max(days) - min(days)
    return np.array([0.5 if p.day is None else (p.day - first) / span for p in passages])


def _resolve_pronouns(coverage: np.ndarray, passages: list[AnswerPassage]) -> np.ndarray:
    """A passage opening with "It"/"This"/"He"... is about what the passage before it names: it covers at least
    most of what that one covers ("The RCA has not gone out. It is stuck in legal review.")."""
    index = {(p.item_index, p.position): i for i, p in enumerate(passages)}
    resolved = coverage.copy()
    for i, passage in enumerate(passages):
        before = index.get((passage.item_index, passage.position - 1))
        if before is not None and PRONOUN.match(passage.text):
            resolved[i] = max(coverage[i], PRONOUN_SHARE * coverage[before])
    return resolved


def _specifics(shape: QuestionShape, passages: list[AnswerPassage]) -> np.ndarray:
    """How many specifics (numbers, ids, capitalised names) a passage adds to the question, capped at 3: an answer
    says something the question does not."""
    asked = shape.text.lower()
    return np.array([min(3, sum(1 for f in _specifics_in(p.text) if f not in asked)) for p in passages], dtype=float)


@functools.lru_cache(maxsize=65_536)
def _specifics_in(text: str) -> frozenset[str]:
    return frozenset(m.group(0).lower() for m in _SPECIFIC.finditer(text))


def _previous(relevance: np.ndarray, passages: list[AnswerPassage]) -> np.ndarray:
    """Each passage's predecessor's relevance in the same evidence item (0 for the first)."""
    index = {(p.item_index, p.position): i for i, p in enumerate(passages)}
    return np.array([relevance[index[(p.item_index, p.position - 1)]] if (p.item_index, p.position - 1) in index
                     else 0.0 for p in passages])


def coverage_of(terms: list[str], passages: list[AnswerPassage], texts: list[str] | None = None) -> np.ndarray:
    """IDF-weighted share of the question's topic words found in each passage (IDF over the passages)."""
    if not terms:
        return np.zeros(len(passages))
    texts = [t.lower() for t in texts] if texts is not None else [p.text.lower() for p in passages]
    terms = list(dict.fromkeys(terms))
    index = TextIndex(texts)
    found = np.zeros((len(texts), len(terms)), dtype=bool)
    for column, term in enumerate(terms):
        found[:, column] = index.mask(topic_holders(index, term))
    weights = np.log(1 + len(texts) / (1 + found.sum(axis=0)))
    total = weights.sum() or 1.0
    return (found * weights).sum(axis=1) / total


def has_topic(text: str, term: str) -> bool:
    if has_word(text, term):
        return True
    return any(phrase in text for phrase in related(term))


def topic_holders(index: TextIndex, term: str) -> set[int]:
    """The texts of ``index`` (lower case) ``has_topic`` is true of, in one pass per word or phrase."""
    found = index.holding_word(_stem(term))
    for phrase in related(term):
        found |= index.holding_phrase(phrase)
    return found


def word_share(words: list[str], texts: list[str]) -> np.ndarray:
    """For each text, the share of ``words`` some word of it starts with (case aside); 1 when there are none."""
    if not words:
        return np.ones(len(texts))
    index = TextIndex([text.lower() for text in texts])
    return sum(index.mask(index.holding_word(w)).astype(int) for w in words) / len(words)


def has_word(text: str, term: str) -> bool:
    return _word_start(term).search(text) is not None


@functools.lru_cache(maxsize=4096)
def _word_start(term: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(_stem(term))}")


def _stem(term: str) -> str:
    stem = term[:-1] if term.endswith("s") and len(term) > 4 else term
    if len(stem) > 6:
        stem = stem[: max(5, len(stem) - 3)]  # "delivered" ~ "deliver", "communicate" ~ "communication"
    return stem
