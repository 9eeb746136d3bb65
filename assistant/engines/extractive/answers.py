"""Answers without a language model: the evidence passages that best answer the question, stitched and cited, or
an honest "not in the record".

Passages are described by ``answer_features`` and ranked by the fitted ``answer_model``, which also decides whether
the evidence answers the question at all (fitted on every evaluation account together, checked leave-one-account-
out: ``handoff eval fit-answers``). A question asking for a specific value (a phone number, a price, a count,
someone's name) that no passage about its topic holds is refused by rule. The best passage leads (for a "now" or
status question, the newest of the nearly best), and ``answer_compose`` adds at most two more that add to it. List
questions the metadata settles ("which tickets are open?") are answered by ``answer_lists``."""

from __future__ import annotations

import re

import numpy as np
from pydantic import BaseModel

from assistant.indexing.embeddings import Embedder
from assistant.engines.base import AnswerDraft, Evidence
from assistant.engines.requests import AnswerRequest
from assistant.engines.extractive.answer_compose import (
    MAX_ANSWER_WORDS,
    MAX_SENTENCES,
    clause_picks,
    compose,
    continuation,
    with_context,
)
from assistant.engines.extractive.answer_lists import list_answer
from assistant.engines.extractive.answer_features import PASSAGE_FEATURES, passage_features, question_features
from assistant.engines.extractive.answer_model import AnswerModel, default_model
from assistant.engines.extractive.answer_scoring import has_word
from assistant.engines.extractive.answer_text import AnswerPassage, clean, known_people, name_people, passages_from
from assistant.engines.extractive.answer_types import QuestionShape, has_day, has_value, shape_of
from assistant.engines.extractive.sentences import shorten
from assistant.text.names import without_honorific
from assistant.text.sentences import SENTENCE_END
from ingest.document import CrmMetadata, EmailMetadata, TicketMetadata

__all__ = ["MAX_ANSWER_WORDS", "AnswerCase", "analyse", "answer_from", "answer_question"]

STRICT_COVERAGE = 0.5  # a strictly asked value must sit in a passage covering at least this share of the topic
LEAD_WINDOW = 5  # the lead is the best statement among this many best passages
MIN_LEAD_WORDS = 6
SUPPORT_WINDOW = 8  # the account model's statement is followed by a passage naming its person among this many best
VALUE_LEAD_KINDS = ("date", "amount", "number")  # asked values a lead statement must hold when one of the best does
CURRENT_MARGIN = 0.8  # a "now"/status question leads with the newest passage scoring this close to the best



class AnswerCase(BaseModel):
    """Everything the answer is decided from, worked out once: for answering, and for fitting the model."""

    model_config = {"arbitrary_types_allowed": True}

    shape: QuestionShape
    evidence: Evidence
    passages: list[AnswerPassage]
    people: set[str]
    features: np.ndarray  # one row per passage (``PASSAGE_FEATURES``)
    anchors_present: float
    strict_support: int | None  # the passage holding a strictly asked value next to the topic


def analyse(question: str, evidence: Evidence, embedder: Embedder) -> AnswerCase | AnswerDraft:
    """The case for the answer model, or the final draft when none is needed (no evidence; a list question the
    metadata settles)."""
    passages = passages_from(evidence.items)
    if not passages or not question:
        return _abstain()
    shape = shape_of(question, _account_words(evidence))
    listed = list_answer(shape, evidence)
    if listed is not None:
        return listed
    people = known_people(evidence)
    features = passage_features(shape, passages, embedder, people)
    coverage = features[:, PASSAGE_FEATURES.index("coverage")]
    strict = _strict_support(shape, passages, coverage, evidence) if shape.strict else None
    return AnswerCase(shape=shape, evidence=evidence, passages=passages, people=people, features=features,
                      anchors_present=_anchors_present(shape, evidence), strict_support=strict)


def answer_question(request: AnswerRequest, embedder: Embedder, model: AnswerModel | None = None) -> AnswerDraft:
    case = analyse(request.question.strip(), request.evidence, embedder)
    if request.evidence.facts:  # the account model settles it: say that, cited to what it rests on
        fact = request.evidence.facts[0]
        if fact.refusal:
            return _abstain()
        draft = AnswerDraft(answer=fact.text, answerable=True, citations=fact.refs)
        if isinstance(case, AnswerCase) and not fact.complete:
            return _with_support(draft, fact.subject, case, model or default_model())
        return draft
    if isinstance(case, AnswerDraft):
        return case
    return answer_from(case, model or default_model(), embedder)


def _with_support(draft: AnswerDraft, subject: str | None, case: AnswerCase, model: AnswerModel) -> AnswerDraft:
    """The account model's statement, then the best passage for the question that adds to it (that names its person,
    when it is about one): "who signs?" gets who holds the role and what the record says about signing ("... signs
    anything over $50k")."""
    if len(SENTENCE_END.findall(draft.answer)) >= MAX_SENTENCES:
        return draft
    scores, _ = case_row(case, model)
    names = [w for w in without_honorific(subject).split() if len(w) >= 3] if subject else []
    said = draft.answer.lower()
    window = [int(i) for i in np.argsort(-scores, kind="stable")][:SUPPORT_WINDOW]
    # a "why" or status question is supported by a passage in the words such answers use, when the window has one
    cues = [re.compile(cue, re.IGNORECASE) for cue in case.shape.cues]
    cued = [i for i in window if any(cue.search(case.passages[i].text) for cue in cues)]
    for index in cued + [i for i in window if i not in cued]:
        text = case.passages[index].text
        if "?" in text or len(text.split()) < MIN_LEAD_WORDS or \
                names and not any(re.search(rf"\b{re.escape(n)}\b", text) for n in names) or _repeats(text, said):
            continue
        answer = f"{draft.answer} {clean(with_context(case.passages, index))}"
        follower = continuation(case.passages, index)
        if follower is not None and len(answer.split()) + len(case.passages[follower].text.split()) <= MAX_ANSWER_WORDS:
            answer = f"{answer} {clean(case.passages[follower].text)}"
        if len(answer.split()) > MAX_ANSWER_WORDS:
            continue
        return AnswerDraft(answer=answer, answerable=True,
                           citations=list(dict.fromkeys([*draft.citations, case.passages[index].ref])))
    return draft




def _repeats(text: str, said: str) -> bool:
    """Most of the passage's words are already in what the answer says."""
    words = set(re.findall(r"\w+", text.lower()))
    return bool(words) and len(words & set(re.findall(r"\w+", said))) / len(words) >= 0.7


def case_row(case: AnswerCase, model: AnswerModel) -> tuple[np.ndarray, np.ndarray]:
    """The passage scores and the question's feature row under ``model``."""
    scores = model.passage_scores(case.features)
    return scores, question_features(case.shape, case.features, scores, case.anchors_present,
                                     case.strict_support is not None)


def answer_from(case: AnswerCase, model: AnswerModel, embedder: Embedder) -> AnswerDraft:
    shape, passages = case.shape, case.passages
    scores, row = case_row(case, model)
    if shape.anchors and case.anchors_present == 0:
        return _abstain()  # nothing in the evidence names what the question is about
    if model.answerable(row) < model.answer_above or shape.strict and case.strict_support is None:
        return _abstain()
    relevance = 1 / (1 + np.exp(-scores))  # ratios between passages need positive scores
    order = [int(i) for i in np.argsort(-relevance, kind="stable")]
    order = _statement_first(order, passages, shape)
    if shape.current:
        order = _newest_first(order, relevance, passages, shape)
    if case.strict_support is not None and case.strict_support != order[0]:
        order.remove(case.strict_support)
        order.insert(0, case.strict_support)
    best = order[0]
    chosen = compose(shape, passages, relevance, order, clause_picks(shape, passages, embedder, case.people, best))
    chosen, texts = _distinct(chosen, [_with_ticket(case.evidence, passages[i], with_context(passages, i, chosen))
                                       for i in chosen])
    if shape.kind == "person":
        texts = [_with_writer(case.evidence, passages[i], text) for i, text in zip(chosen, texts)]
    while len(chosen) > 1 and len(" ".join(texts).split()) > MAX_ANSWER_WORDS:
        chosen, texts = chosen[:-1], texts[:-1]
    answer = name_people(" ".join(clean(t) for t in texts), case.evidence, passages)
    return AnswerDraft(
        answer=shorten(answer, MAX_ANSWER_WORDS),
        answerable=True,
        citations=list(dict.fromkeys(passages[i].ref for i in chosen)),
    )


def _statement_first(order: list[int], passages: list[AnswerPassage], shape: QuestionShape) -> list[int]:
    """An answer opens with a statement, not a question someone asked or a two-word remark ("So when?"); a question
    asking for a date, an amount or a number opens with a statement holding one when any of the best do."""
    window = [i for i in order[:LEAD_WINDOW] if "?" not in passages[i].text and
              len(passages[i].text.split()) >= MIN_LEAD_WORDS]
    if shape.kind in VALUE_LEAD_KINDS:
        window = [i for i in window if has_value(passages[i].text, shape.kind)] or window
    if shape.kind == "date":
        window = [i for i in window if has_day(passages[i].text)] or window
    lead = window[0] if window else order[0]
    return [lead, *(i for i in order if i != lead)]


def _newest_first(order: list[int], relevance: np.ndarray, passages: list[AnswerPassage],
                  shape: QuestionShape) -> list[int]:
    """How things stand now: among the passages nearly as good as the best, the newest source leads, so a
    superseded word never comes first (one holding the asked kind of value, when the lead holds one)."""
    best = relevance[order[0]]
    close = [i for i in order if relevance[i] >= CURRENT_MARGIN * best and passages[i].day is not None]
    if shape.kind in VALUE_LEAD_KINDS and has_value(passages[order[0]].text, shape.kind):
        close = [i for i in close if has_value(passages[i].text, shape.kind)]
    if not close:
        return order
    newest = max(close, key=lambda i: (passages[i].day, relevance[i]))
    return [newest, *(i for i in order if i != newest)]


def _distinct(chosen: list[int], texts: list[str]) -> tuple[list[int], list[str]]:
    """No sentence said twice: a passage whose words are all in what the answer already says is left out."""
    kept: list[int] = []
    kept_texts: list[str] = []
    for index, text in zip(chosen, texts):
        said = re.sub(r"\W+", " ", " ".join(kept_texts).lower())
        if kept_texts and re.sub(r"\W+", " ", text.lower()).strip() in said:
            continue
        kept.append(index)
        kept_texts.append(text)
    return kept, kept_texts


def _with_ticket(evidence: Evidence, passage: AnswerPassage, text: str) -> str:
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


_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I've|I'll|I'd|me|my|myself)\b")


def _with_writer(evidence: Evidence, passage: AnswerPassage, text: str) -> str:
    """Asked who, an answer quoting "I have been acting director since..." says who wrote it (the message's own
    sender), unless the passage names them."""
    item = evidence.items[passage.item_index]
    document = evidence.documents.get(item.source_id)
    if document is None or not isinstance(document.metadata, EmailMetadata) or not _FIRST_PERSON.search(text):
        return text
    writer = document.metadata.sender
    if writer is None or not writer.name or len(writer.name.split()) < 2 or \
            any(part.lower() in text.lower() for part in writer.name.split() if len(part) >= 3):
        return text
    return f"{writer.name} wrote: {clean(text)}"


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


def _strict_support(shape: QuestionShape, passages: list[AnswerPassage], coverage: np.ndarray,
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
