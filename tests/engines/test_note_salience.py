"""How the offline note drafter chooses evidence sentences: a fitted salience model with a floor, and a short
sentence kept together with the one that continues it. Small hand-made evidence and the real offline embedder."""

from __future__ import annotations

from datetime import datetime, timezone

import numpy as np

from assistant.engines.base import SectionDraft
from assistant.engines.extractive import ExtractiveEngine
from assistant.engines.extractive.answer_model import LogisticModel
from assistant.engines.extractive.note_features import NOTE_FEATURES
from assistant.engines.extractive.note_model import NoteModel, default_note_model
from ingest.document import MeetingMetadata, SourceType
from tests.engines.test_extractive_note import _crm, _doc, _item, _request

WHEN = datetime(2026, 2, 10, tzinfo=timezone.utc)


def _meeting(text: str) -> tuple[list, dict]:
    crm_item, crm_doc = _crm()
    item = _item("E2", "m1", "meetings/review.md", SourceType.MEETING, text, WHEN)
    doc = _doc("m1", "meetings/review.md", SourceType.MEETING, MeetingMetadata(format="markdown"), body=text, created=WHEN)
    return [crm_item, item], {"crm": crm_doc, "m1": doc}


def _only(feature: str, weight: float, bias: float, keep_above: float) -> NoteModel:
    """A salience model that looks at one feature only."""
    weights = [weight if name == feature else 0.0 for name in NOTE_FEATURES]
    zeros, ones = [0.0] * len(NOTE_FEATURES), [1.0] * len(NOTE_FEATURES)
    return NoteModel(scorer=LogisticModel(features=list(NOTE_FEATURES), mean=zeros, scale=ones, weights=weights,
                                          bias=bias), keep_above=keep_above)


def _sentences(draft: SectionDraft) -> list[str]:
    return [s.text for s in draft.statements if s.citations == ["E2"]]


def test_a_sentence_continued_by_the_next_one_is_stated_together_with_it(embedder):
    items, documents = _meeting(
        "Success criterion: cut the weekly reporting effort from 20 hours to 5 hours by June. "
        "It stands at 8 hours today after the second dashboard went live."
    )
    engine = ExtractiveEngine(embedder, note_model=None)
    draft = engine.generate(_request("goals", items, documents), SectionDraft).output
    together = [t for t in _sentences(draft) if "20 hours" in t and "8 hours today" in t]
    assert len(together) == 1


def test_sentences_the_salience_model_scores_below_its_floor_are_left_out(embedder):
    items, documents = _meeting(
        "The customer will send the signed order form by March 20. "
        "The team talked about several ideas for the next quarter and what might be useful. "
        "Everyone agreed that the conversation had been helpful for all sides involved."
    )
    dated_only = _only("has_date", weight=1.0, bias=-0.5, keep_above=0.0)
    engine = ExtractiveEngine(embedder, note_model=dated_only)
    draft = engine.generate(_request("commitments", items, documents), SectionDraft).output
    sentences = _sentences(draft)
    assert len(sentences) == 1 and "March 20" in sentences[0]


def test_how_many_sentences_a_section_gets_follows_how_many_clear_the_floor(embedder):
    items, documents = _meeting(
        "The customer will send the signed order form by March 20. "
        "Legal will return the redlined data addendum by March 24. "
        "Finance will confirm the purchase order number by April 2."
    )
    dated_only = _only("has_date", weight=1.0, bias=-0.5, keep_above=0.0)
    engine = ExtractiveEngine(embedder, note_model=dated_only)
    draft = engine.generate(_request("commitments", items, documents), SectionDraft).output
    assert len(_sentences(draft)) == 3


def test_the_shipped_note_model_scores_the_current_features_and_says_how_it_did_held_out():
    model = default_note_model()
    assert model is not None
    assert tuple(model.scorer.features) == NOTE_FEATURES
    assert {"fact_recall", "min_fact_recall"} <= set(model.held_out)
    assert np.isfinite(model.scores(np.zeros((1, len(NOTE_FEATURES))))).all()
