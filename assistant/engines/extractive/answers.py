"""Answers without a language model: the evidence sentences that best answer the question, stitched and cited, or
an honest "not in the record".

A sentence's relevance mixes its MiniLM similarity to the question, how much of the question's topic (IDF-weighted)
it covers, and whether it holds the kind of value the question asks for (a person, a date, an amount...). The answer
is the best sentence plus at most two more that add something the question asked for; it abstains when the best
relevance is below a calibrated threshold, when a name the question is about appears nowhere in the evidence, or
when a specific value is asked for (a phone number, a price, a count) and no sentence about the topic holds one."""

from __future__ import annotations

import math
import re

import numpy as np

from assistant.embeddings import Embedder
from assistant.engines.base import AnswerDraft, EngineRequest, Evidence
from assistant.engines.extractive.answer_lists import list_answer
from assistant.engines.extractive.answer_text import known_people, name_people
from assistant.engines.extractive.sentences import shorten
from assistant.engines.extractive.answer_types import TITLE, QuestionShape, clauses_of, cue_count, has_value, related, shape_of
from assistant.engines.extractive.answer_text import Passage, clean, passages_from
from ingest.document import CrmMetadata

MAX_ANSWER_WORDS = 80
MAX_SENTENCES = 4
ABSTAIN_BELOW = 0.40  # calibrated on the golden and example questions together
MIN_TOPIC_COVERAGE = 0.2  # no passage touches even a fifth of the question's topic: not in the record
STRICT_COVERAGE = 0.5  # a strict value must sit in a sentence covering at least this share of the topic
_FOLLOW_RATIO = 0.8  # a further sentence joins when it scores this close to the best...
_ADDS_RATIO = 0.6  # ...or this close and it adds a topic word or value the answer lacks
_QUESTION_PENALTY = 0.6
_MISSING_ANCHOR_PENALTY = 0.85
_SPECIFICS_WEIGHT = 0.05  # per specific the question does not already hold (a name, a number, an id), up to 3
_NEIGHBOUR_WEIGHT = 0.25
_CONTEXT_WEIGHT = 0.15
_NEW_TOPIC_WEIGHT = 0.3
_CUE_WEIGHT = 0.08
_TYPED_WEIGHT = 0.15  # topic words in the passage's heading or document title ("Commitments", "Escalation call")  # the sentence after a relevant one often holds the answer ("Renewal: ...", then terms)  # a question in the evidence rarely answers a question

_SPECIFIC = re.compile(r"[$€£]?\d[\d,.:/%-]*\d%?|[$€£]?\d%?|\b[A-Z][A-Z0-9]+-\d+\b|(?<=[a-z,;] )[A-Z][a-z]{2,}\b")

_SPEAKER = re.compile(r"^(?:(?:Dr|Mr|Ms|Mrs)\.?\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z'-]+){0,2}:\s")

last_score: float | None = None  # the best relevance of the last call (for calibration reports)


def answer_question(request: EngineRequest, embedder: Embedder) -> AnswerDraft:
    global last_score
    last_score = None
    question = (request.params.get("question") or "").strip()
    passages = passages_from(request.evidence.items)
    if not passages or not question:
        return _abstain()
    shape = shape_of(question, _account_words(request.evidence))
    listed = list_answer(shape, request.evidence)
    if listed is not None:
        return listed
    present = _anchors_present(shape, request.evidence)
    if shape.anchors and present == 0:
        return _abstain()
    people = known_people(request.evidence)
    relevance, coverage = _relevance(shape, passages, embedder, people)
    if present < 1:
        relevance = relevance * _MISSING_ANCHOR_PENALTY
    order = [int(i) for i in np.argsort(-relevance, kind="stable")]
    best = order[0]
    last_score = float(relevance[best])
    if relevance[best] < ABSTAIN_BELOW or shape.terms and coverage.max() < MIN_TOPIC_COVERAGE:
        return _abstain()
    if shape.strict:
        strict = _strict_support(shape, passages, coverage, request.evidence)
        if strict is None:
            return _abstain()
        if strict not in order[:1]:
            order.remove(strict)
            order.insert(0, strict)
            best = strict
    chosen = _compose(shape, passages, relevance, order, _clause_picks(shape, passages, embedder, people, order[0]))
    texts = [_with_context(passages, i) for i in chosen]
    while len(chosen) > 1 and len(" ".join(texts).split()) > MAX_ANSWER_WORDS:
        chosen, texts = chosen[:-1], texts[:-1]
    answer = name_people(" ".join(clean(t) for t in texts), request.evidence, passages)
    return AnswerDraft(
        answer=shorten(answer, MAX_ANSWER_WORDS),
        answerable=True,
        citations=list(dict.fromkeys(passages[i].ref for i in chosen)),
    )


def _abstain() -> AnswerDraft:
    return AnswerDraft(answer="", answerable=False)


def _account_words(evidence: Evidence) -> set[str]:
    """Words of the account's name (from the CRM record) and of the mail domains in the evidence: a question naming
    the account is not about something the account's sources must mention."""
    words: set[str] = set()
    for document in evidence.documents.values():
        if isinstance(document.metadata, CrmMetadata) and document.metadata.record.name:
            words |= {w.lower().strip(",.") for w in document.metadata.record.name.split()}
        for person in [*document.authors, *document.participants]:
            if person.email and "@" in person.email:
                words.add(person.email.split("@")[-1].split(".")[0].lower())
    return words


def _anchors_present(shape: QuestionShape, evidence: Evidence) -> float:
    """The share of the names the question is about that appear somewhere in the evidence (none: a company or a
    metric never mentioned is no topic of the record)."""
    if not shape.anchors:
        return 1.0
    text = " ".join([*(f"{i.header} {i.title} {i.text}" for i in evidence.items),
                     *(f"{d.title} {d.body}" for d in evidence.documents.values())]).lower()
    return sum(bool(re.search(rf"\b{re.escape(anchor)}", text)) for anchor in shape.anchors) / len(shape.anchors)


def _relevance(shape: QuestionShape, passages: list[Passage], embedder: Embedder,
               people: set[str] | None = None) -> tuple[np.ndarray, np.ndarray]:
    people = people or set()
    vectors = embedder.embed([shape.text, *(p.text for p in passages)])
    similarity = vectors[1:] @ vectors[0]
    coverage = _coverage(shape.terms, passages)
    context = _coverage(shape.terms, passages, [p.context for p in passages])
    typed = np.array([_typed(p.text, shape, people) for p in passages], dtype=float) if shape.kind != "none" else 0.0
    cued = np.array([cue_count(p.text, shape) for p in passages], dtype=float)
    relevance = (0.55 * similarity + 0.45 * coverage + _CONTEXT_WEIGHT * context + _TYPED_WEIGHT * typed + _CUE_WEIGHT * cued
                 + _SPECIFICS_WEIGHT * _specifics(shape, passages))
    relevance = relevance + _NEIGHBOUR_WEIGHT * _previous(relevance, passages)
    asks = np.array(["?" in p.text for p in passages])
    relevance = np.where(asks, relevance * _QUESTION_PENALTY, relevance)
    return relevance, coverage


def _typed(text: str, shape: QuestionShape, people: set[str]) -> float:
    """1 when the passage holds the kind of value asked for; a who-question's person scores 1.5 with a title."""
    if shape.kind == "person":
        text = _SPEAKER.sub("", text)  # "Jane Roe: ..." names who spoke, not who the answer is
        lowered = text.lower()
        named = any(re.search(rf"\b{re.escape(name)}\b", lowered) for name in people)
        titled = bool(TITLE.search(text))
        return float(named or titled) + 0.5 * (named and titled)
    return float(has_value(text, shape.kind))


def _specifics(shape: QuestionShape, passages: list[Passage]) -> np.ndarray:
    """How many specifics (numbers, ids, capitalised names) a passage adds to the question, capped at 3: an answer
    says something the question does not."""
    asked = shape.text.lower()
    counts = []
    for passage in passages:
        found = {m.group(0).lower() for m in _SPECIFIC.finditer(passage.text)}
        counts.append(min(3, sum(1 for f in found if f not in asked)))
    return np.array(counts, dtype=float)


def _previous(relevance: np.ndarray, passages: list[Passage]) -> np.ndarray:
    """Each passage's predecessor's relevance in the same evidence item (0 for the first)."""
    index = {(p.item_index, p.position): i for i, p in enumerate(passages)}
    return np.array([relevance[index[(p.item_index, p.position - 1)]] if (p.item_index, p.position - 1) in index
                     else 0.0 for p in passages])


def _coverage(terms: list[str], passages: list[Passage], texts: list[str] | None = None) -> np.ndarray:
    """IDF-weighted share of the question's topic words found in each passage (IDF over the passages themselves)."""
    if not terms:
        return np.zeros(len(passages))
    texts = [t.lower() for t in texts] if texts is not None else [p.text.lower() for p in passages]
    weights = {t: math.log(1 + len(texts) / (1 + sum(_has(text, t) for text in texts))) for t in terms}
    total = sum(weights.values()) or 1.0
    return np.array([sum(w for t, w in weights.items() if _has(text, t)) / total for text in texts])


def _has(text: str, term: str) -> bool:
    if _has_word(text, term):
        return True
    return any(phrase in text for phrase in related(term))


def _has_word(text: str, term: str) -> bool:
    stem = term[:-1] if term.endswith("s") and len(term) > 4 else term
    if len(stem) > 6:
        stem = stem[: max(5, len(stem) - 3)]  # "delivered" ~ "deliver", "communicate" ~ "communication"
    return re.search(rf"\b{re.escape(stem)}", text) is not None


def _strict_support(shape: QuestionShape, passages: list[Passage], coverage: np.ndarray,
                    evidence: Evidence) -> int | None:
    """The passage holding the asked-for value next to the question's topic, or None ("not in the record")."""
    topic = list(dict.fromkeys([*shape.focus, *shape.anchors])) or shape.terms
    best, best_share = None, 0.0
    for index, passage in enumerate(passages):
        if not has_value(passage.text, shape.kind):
            continue
        text = passage.text.lower()
        if shape.kind in ("phone", "email", "name") and shape.anchors and \
                not all(re.search(rf"\b{re.escape(a)}", text) for a in shape.anchors):
            continue
        if shape.focus and not any(_has_word(text, t) for t in shape.focus):
            continue
        if shape.kind == "name" and not _names_next_to(passage.text, shape.focus or shape.terms):
            continue
        share = sum(_has_word(text, t) for t in topic) / len(topic) if topic else 1.0
        if share > best_share or share == best_share and best is not None and coverage[index] > coverage[best]:
            best, best_share = index, share
    return best if best is not None and best_share >= STRICT_COVERAGE else None


def _names_next_to(text: str, focus: list[str]) -> bool:
    """A full name within a few words of a focus word: "Jane Roe, CFO", "CFO Jane Roe", "Jane Roe (CFO)"."""
    for term in focus:
        for match in re.finditer(rf"\b{re.escape(term)}", text, re.IGNORECASE):
            window = text[max(0, match.start() - 40): match.end() + 40]
            if re.search(r"\b[A-Z][a-z]+\s+[A-Z][a-z'-]+\b", window.replace(match.group(0), " ")):
                return True
    return False


def _clause_picks(shape: QuestionShape, passages: list[Passage], embedder: Embedder, people: set[str],
                  best: int) -> list[int]:
    """For a question asking two things, the best passage for each further clause, scored on that clause alone."""
    clauses = clauses_of(shape.text)
    if len(clauses) < 2:
        return []
    picks = []
    account_words = set()  # the clause's topic words are all that matter here
    for clause in clauses[1:]:
        sub = shape_of(clause, account_words)
        if not sub.terms:
            continue
        relevance, _ = _relevance(sub, passages, embedder, people)
        pick = int(np.argmax(relevance))
        if pick != best and pick not in picks:
            picks.append(pick)
    return picks


def _compose(shape: QuestionShape, passages: list[Passage], relevance: np.ndarray, order: list[int],
             required: list[int] | None = None) -> list[int]:
    """The best passage (and the best for each further clause of a compound question), then greedily the passage
    that adds most: its relevance plus the share of the question's topic it covers that the answer does not yet."""
    best = order[0]
    chosen = [best]
    for index in required or []:
        if not _redundant(passages[index].text, [passages[i].text for i in chosen]):
            chosen.append(index)
    words = sum(len(passages[i].text.split()) for i in chosen)
    pool = order[1:15]
    while len(chosen) < MAX_SENTENCES:
        texts = [passages[i].text for i in chosen]
        picked, picked_gain = None, 0.0
        for index in pool:
            text = passages[index].text
            if index in chosen or words + len(text.split()) > MAX_ANSWER_WORDS - 15 or _redundant(text, texts):
                continue
            new = _new_share(shape, text, texts)
            gain = relevance[index] + _NEW_TOPIC_WEIGHT * new
            close = relevance[index] >= _FOLLOW_RATIO * relevance[best]
            adds = relevance[index] >= _ADDS_RATIO * relevance[best] and (new > 0 or _adds(shape, text, texts))
            if (close or adds) and gain > picked_gain:
                picked, picked_gain = index, gain
        if picked is None:
            break
        chosen.append(picked)
        words += len(passages[picked].text.split())
    return chosen


def _new_share(shape: QuestionShape, text: str, chosen: list[str]) -> float:
    if not shape.terms:
        return 0.0
    joined, lowered = " ".join(chosen).lower(), text.lower()
    return sum(1 for t in shape.terms if _has(lowered, t) and not _has(joined, t)) / len(shape.terms)


def _adds(shape: QuestionShape, text: str, chosen: list[str]) -> bool:
    joined = " ".join(chosen).lower()
    lowered = text.lower()
    new_terms = [t for t in shape.terms if _has(lowered, t) and not _has(joined, t)]
    new_value = shape.kind != "none" and has_value(text, shape.kind) and not has_value(" ".join(chosen), shape.kind)
    return bool(new_terms) or new_value or shape.compound and _new_values(text, joined)


def _new_values(text: str, joined: str) -> bool:
    values = re.findall(r"[$€£]?\d[\d,.]*%?", text)
    return any(v not in joined for v in values)


def _redundant(text: str, chosen: list[str]) -> bool:
    words = set(re.findall(r"\w+", text.lower()))
    for other in chosen:
        theirs = set(re.findall(r"\w+", other.lower()))
        if words and len(words & theirs) / len(words | theirs) >= 0.5:
            return True
    return False


def _with_context(passages: list[Passage], index: int) -> str:
    """A sentence opening with a pronoun ("He is our exec sponsor...") brings the sentence before it along, which
    usually says who "he" is."""
    passage = passages[index]
    if not re.match(r"^(he|she|they|this|that|it)\b", passage.text, re.IGNORECASE):
        return passage.text
    before = next((p for p in passages if p.item_index == passage.item_index and p.position == passage.position - 1),
                  None)
    if before is None or len(before.text.split()) > 30 or before.text.rstrip().endswith("?"):
        return passage.text
    return f"{clean(before.text)} {passage.text}"
