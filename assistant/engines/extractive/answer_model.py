"""The fitted part of the offline answerer: a logistic passage ranker (which passage states the answer) and a
logistic abstention model (does the evidence answer the question at all), over the features of
``answer_features``. Both are fitted by ``handoff eval fit-answers`` on every evaluation account together, and
checked leave-one-account-out; the weights ship as ``answer_model.json`` beside this module, with the figures they
were fitted and checked on."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
from pydantic import BaseModel, Field

from assistant.engines.extractive.answer_features import PASSAGE_FEATURES, QUESTION_FEATURES

MODEL_FILE = Path(__file__).with_name("answer_model.json")


class LogisticModel(BaseModel):
    """``sigmoid(bias + sum(weight * (x - mean) / scale))``; features named so a change of features fails loudly."""

    features: list[str]
    mean: list[float]
    scale: list[float]
    weights: list[float]
    bias: float

    def logits(self, rows: np.ndarray) -> np.ndarray:
        rows = np.atleast_2d(rows)
        return self.bias + ((rows - np.array(self.mean)) / np.array(self.scale)) @ np.array(self.weights)


class AnswerModel(BaseModel):
    ranker: LogisticModel
    abstainer: LogisticModel
    answer_above: float = 0.5  # the abstainer's probability above which the question is answered
    fitted_on: list[str] = Field(default_factory=list)  # account ids
    held_out: dict[str, float] = Field(default_factory=dict)  # leave-one-account-out figures when it was fitted

    def passage_scores(self, features: np.ndarray) -> np.ndarray:
        return self.ranker.logits(features)

    def answerable(self, question_row: np.ndarray) -> float:
        return float(_sigmoid(self.abstainer.logits(question_row))[0])

    def rounded(self) -> AnswerModel:
        """The model with its numbers kept to three decimals, as it is stored (finer digits are noise)."""
        def fixed(model: LogisticModel) -> LogisticModel:
            return model.model_copy(update={key: [round(v, 3) for v in getattr(model, key)]
                                            for key in ("mean", "scale", "weights")} | {"bias": round(model.bias, 3)})

        return self.model_copy(update={"ranker": fixed(self.ranker), "abstainer": fixed(self.abstainer)})


def fit_logistic(rows: np.ndarray, labels: np.ndarray, names: tuple[str, ...], l2: float = 1.0,
                 balance: bool = True, iterations: int = 50) -> LogisticModel:
    """L2-regularised logistic regression by Newton's method on standardised features; with ``balance`` both
    classes weigh the same in total."""
    mean = rows.mean(axis=0)
    scale = rows.std(axis=0)
    scale[scale < 1e-9] = 1.0
    x = np.column_stack([np.ones(len(rows)), (rows - mean) / scale])
    y = labels.astype(float)
    sample = np.ones(len(y))
    if balance and 0 < y.sum() < len(y):
        sample = np.where(y > 0, len(y) / (2 * y.sum()), len(y) / (2 * (len(y) - y.sum())))
    w = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0  # the bias is not shrunk
    for _ in range(iterations):
        p = _sigmoid(x @ w)
        gradient = x.T @ (sample * (p - y)) + penalty * w
        hessian = (x * (sample * p * (1 - p))[:, None]).T @ x + np.diag(penalty)
        step = np.linalg.solve(hessian, gradient)
        w -= step
        if np.abs(step).max() < 1e-8:
            break
    return LogisticModel(features=list(names), mean=mean.tolist(), scale=scale.tolist(), weights=w[1:].tolist(),
                         bias=float(w[0]))


@functools.lru_cache(maxsize=1)
def default_model() -> AnswerModel:
    model = AnswerModel.model_validate_json(MODEL_FILE.read_text())
    if tuple(model.ranker.features) != PASSAGE_FEATURES or tuple(model.abstainer.features) != QUESTION_FEATURES:
        raise RuntimeError(f"{MODEL_FILE.name} was fitted on other features: run `handoff eval fit-answers`")
    return model


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-np.clip(z, -30, 30)))
