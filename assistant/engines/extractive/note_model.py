"""The fitted part of the offline note drafter: a logistic salience model over the features of ``note_features``
(how likely a candidate sentence is to state something the new owner must know), and the score a sentence needs to
be kept. Fitted by ``handoff eval fit-notes`` on every evaluation account together and checked
leave-one-account-out; the weights ship as ``note_model.json`` beside this module, with the figures they were
fitted and checked on."""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
from pydantic import BaseModel, Field

from assistant.engines.extractive.answer_model import LogisticModel
from assistant.engines.extractive.note_features import NOTE_FEATURES

MODEL_FILE = Path(__file__).with_name("note_model.json")


class NoteModel(BaseModel):
    scorer: LogisticModel
    keep_above: float = 0.0  # the logit a sentence needs to go in the note
    fitted_on: list[str] = Field(default_factory=list)  # account ids
    held_out: dict[str, float] = Field(default_factory=dict)  # leave-one-account-out figures when it was fitted

    def scores(self, rows: np.ndarray) -> np.ndarray:
        return self.scorer.logits(rows) if len(rows) else np.zeros(0)

    def rounded(self) -> NoteModel:
        """The model with its numbers kept to three decimals, as it is stored (finer digits are noise)."""
        scorer = self.scorer.model_copy(update={key: [round(v, 3) for v in getattr(self.scorer, key)]
                                                for key in ("mean", "scale", "weights")}
                                        | {"bias": round(self.scorer.bias, 3)})
        return self.model_copy(update={"scorer": scorer, "keep_above": round(self.keep_above, 3)})


@functools.lru_cache(maxsize=1)
def default_note_model() -> NoteModel | None:
    """The shipped model; None when there is none yet (the drafter then ranks by its hand-weighted prior)."""
    if not MODEL_FILE.exists():
        return None
    model = NoteModel.model_validate_json(MODEL_FILE.read_text())
    if tuple(model.scorer.features) != NOTE_FEATURES:
        raise RuntimeError(f"{MODEL_FILE.name} was fitted on other features: run `handoff eval fit-notes`")
    return model
