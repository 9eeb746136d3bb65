"""Answers without a language model: the evidence passages that best answer the question, stitched and cited, or
an honest "not in the record".

Passages are ranked by ``answer_scoring`` and stitched by ``answer_compose``; list questions the metadata settles
("which tickets are open?") are answered by ``answer_lists``. The engine abstains when a name the question is about
appears nowhere in the evidence; when no passage touches the question's topic or the best relevance is below a
threshold calibrated on the golden and example questions; and when a specific value is asked for (a phone number,
a price, a count, someone's name) and no passage about the topic holds one."""

from __future__ import annotations

import re

import numpy as np

from assistant.embeddings import Embedder
from assistant.engines.base import AnswerDraft, EngineRequest, Evidence
from assistant.engines.extractive.answer_compose import MAX_ANSWER_WORDS, clause_picks, compose, with_context
from assistant.engines.extractive.answer_lists import list_answer
from assistant.engines.extractive.answer_scoring import has_word, relevance_of
from assistant.engines.extractive.answer_text import Passage, clean, known_people, name_people, passages_from
from assistant.engines.extractive.answer_types import QuestionShape, has_value, shape_of
from assistant.engines.extractive.sentences import shorten
from ingest.document import CrmMetadata, TicketMetadata

__all__ = ["ABSTAIN_BELOW", "MAX_ANSWER_WORDS", "answer_question"]

# Calibrated on the golden and example questions together (bench/RESULTS.md): the best relevance of every
# answerable question was >= 0.41; the unanswerable ones are caught by the rules below, not by this floor.
ABSTAIN_BELOW = 0.35
MIN_TOPIC_COVERAGE = 0.2  # no passage touches a fifth of the question's topic words: not in the record
STRICT_COVERAGE = 0.5  # a strictly asked value must sit in a passage covering at least this share of the topic
MISSING_ANCHOR_PENALTY = 0.85  # some (not all) of the names the question is about are absent



def answer_question(request: EngineRequest, embedder: Embedder) -> AnswerDraft:
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
    relevance, coverage = relevance_of(shape, passages, embedder, people)
    if present < 1:
        relevance = relevance * MISSING_ANCHOR_PENALTY
    order = [int(i) for i in np.argsort(-relevance, kind="stable")]
    best = order[0]
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
    chosen = compose(shape, passages, relevance, order, clause_picks(shape, passages, embedder, people, best))
    texts = [_with_ticket(request.evidence, passages[i], with_context(passages, i)) for i in chosen]
    while len(chosen) > 1 and len(" ".join(texts).split()) > MAX_ANSWER_WORDS:
        chosen, texts = chosen[:-1], texts[:-1]
    answer = name_people(" ".join(clean(t) for t in texts), request.evidence, passages)
    return AnswerDraft(
        answer=shorten(answer, MAX_ANSWER_WORDS),
        answerable=True,
        citations=list(dict.fromkeys(passages[i].ref for i in chosen)),
    )


def _with_ticket(evidence: Evidence, passage: Passage, text: str) -> str:
    """A passage from a ticket says which ticket and who raised it: "Ticket 1234 (raised by Jane Roe): Root
    cause: ..." (both from the ticket's own metadata)."""
    item = evidence.items[passage.item_index]
    document = evidence.documents.get(item.source_id)
    if document is None or not isinstance(document.metadata, TicketMetadata):
        return text
    meta = document.metadata
    if re.search(rf"(?<![\w-]){re.escape(meta.ticket_id)}(?![\w-])", text):
        return text
    requester = meta.requester.name if meta.requester and meta.requester.name else None
    if requester and requester.lower() not in text.lower():
        return f"Ticket {meta.ticket_id} (raised by {requester}): {text}"
    return f"Ticket {meta.ticket_id}: {text}"


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
        if shape.focus and not any(has_word(text, t) for t in shape.focus):
            continue
        if shape.kind == "name" and not _names_next_to(passage.text, shape.focus or shape.terms):
            continue
        share = sum(has_word(text, t) for t in topic) / len(topic) if topic else 1.0
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
