"""Fitting the offline answerer's passage ranker and abstention model on evaluation accounts, and checking them
leave-one-account-out: for each account, a model fitted on all the others answers its questions, which is what an
account nobody tuned on gets.

A passage is a positive example when it answers its question (``answer_labels``); a question is a positive example
of "answer it" when the answer key says it is answerable."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict

from assistant.chat.service import answer_evidence
from assistant.platform.context import Context
from assistant.indexing.embeddings import Embedder
from assistant.engines.base import AnswerDraft
from assistant.engines.extractive.answer_features import PASSAGE_FEATURES, QUESTION_FEATURES
from assistant.engines.extractive.answer_model import AnswerModel, fit_logistic
from assistant.engines.extractive.answers import AnswerCase, analyse, answer_from, case_row
from assistant.evals.answer_labels import AnswerKey
from assistant.evals.golden import TruthQuestion, load_truths
from assistant.evals.matching import states
from assistant.evals.reference_specifics import states_reference
from assistant.account.ingest import ingest_path

RANKER_L2 = 1.0
ABSTAINER_L2 = 4.0  # few questions, so the abstention model is kept simpler


class LabelledCase(BaseModel):
    model_config = ConfigDict(arbitrary_types_allowed=True)

    account_id: str
    question: TruthQuestion
    as_of: object
    case: AnswerCase | AnswerDraft
    labels: np.ndarray  # per passage: does it answer the question


class Figures(BaseModel):
    questions: int = 0
    answerable: int = 0
    correct: int = 0  # answered, with the key's terms (or the reference's specifics)
    abstention_correct: int = 0

    @property
    def accuracy(self) -> float:
        return round(self.correct / self.answerable, 3) if self.answerable else 0.0

    @property
    def abstention(self) -> float:
        return round(self.abstention_correct / self.questions, 3) if self.questions else 0.0


def collect_cases(context: Context, datasets: list[Path], chunks: int | None = None,
                  budget_tokens: int | None = None) -> list[LabelledCase]:
    cases = []
    for dataset in datasets:
        for truth in load_truths(dataset):
            ingest_path(context, dataset / "accounts" / truth.account_id, truth.account_id)
            for question in truth.questions:
                evidence = answer_evidence(context, truth.account_id, question.question, chunks=chunks,
                                           budget_tokens=budget_tokens)
                case = analyse(question.question, evidence, context.cached_embedder)
                labels = np.zeros(0, dtype=bool)
                if isinstance(case, AnswerCase):
                    key = AnswerKey(question.must_mention, question.answer, question.sources, truth.as_of)
                    items = evidence.items
                    labels = np.array([question.answerable and key.answered_by(
                        items[p.item_index].source_path, f"{items[p.item_index].title} {p.text}")
                        for p in case.passages], dtype=bool)
                cases.append(LabelledCase(account_id=truth.account_id, question=question, as_of=truth.as_of,
                                          case=case, labels=labels))
    return cases


def fit(cases: list[LabelledCase]) -> AnswerModel:
    modelled = [c for c in cases if isinstance(c.case, AnswerCase)]
    ranked = [c for c in modelled if c.question.answerable and c.labels.any()]
    ranker = fit_logistic(np.vstack([c.case.features for c in ranked]), np.concatenate([c.labels for c in ranked]),
                          PASSAGE_FEATURES, l2=RANKER_L2)
    provisional = AnswerModel(ranker=ranker, abstainer=ranker.model_copy())
    rows = np.vstack([case_row(c.case, provisional)[1] for c in modelled])
    answerable = np.array([c.question.answerable for c in modelled])
    abstainer = fit_logistic(rows, answerable, QUESTION_FEATURES, l2=ABSTAINER_L2)
    return AnswerModel(ranker=ranker, abstainer=abstainer, fitted_on=sorted({c.account_id for c in cases}))


def figures(cases: list[LabelledCase], model: AnswerModel, embedder: Embedder) -> dict[str, Figures]:
    """Per account: how the model's answers score against the keys (the strict check of ``handoff eval golden``)."""
    by_account: dict[str, Figures] = {}
    for labelled in cases:
        draft = labelled.case if isinstance(labelled.case, AnswerDraft) else answer_from(labelled.case, model, embedder)
        scores = by_account.setdefault(labelled.account_id, Figures())
        question = labelled.question
        scores.questions += 1
        scores.abstention_correct += draft.answerable == question.answerable
        if question.answerable:
            scores.answerable += 1
            scores.correct += draft.answerable and all(states(draft.answer, t, labelled.as_of)
                                                       for t in question.must_mention) and (
                bool(question.must_mention) or not question.answer or
                states_reference(draft.answer, question.answer, labelled.as_of))
    return by_account


def leave_one_account_out(cases: list[LabelledCase], embedder: Embedder) -> dict[str, Figures]:
    held_out = {}
    for account_id in dict.fromkeys(c.account_id for c in cases):
        model = fit([c for c in cases if c.account_id != account_id])
        held_out |= figures([c for c in cases if c.account_id == account_id], model, embedder)
    return held_out


def summary(per_account: dict[str, Figures]) -> dict[str, float]:
    total = Figures()
    for f in per_account.values():
        for field in ("questions", "answerable", "correct", "abstention_correct"):
            setattr(total, field, getattr(total, field) + getattr(f, field))
    return {"accuracy": total.accuracy, "abstention": total.abstention,
            "min_accuracy": min(f.accuracy for f in per_account.values()),
            "min_abstention": min(f.abstention for f in per_account.values())}
