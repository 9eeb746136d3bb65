"""Fitting the offline note drafter's salience model on evaluation accounts, and checking it leave-one-account-out:
for each account, a model fitted on all the others drafts its note, which is what an account nobody tuned on gets.

A candidate sentence is a positive example when, worded as the section would show it, it states a fact of the
account's answer key (``statement_matches``) that the note's other statements (the CRM's, the ticket list, the
meeting timeline, the people lines) do not already state: a sentence only repeating them adds nothing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict

from assistant.platform.context import Context
from assistant.engines.requests import NoteSectionRequest
from assistant.engines.extractive import ExtractiveEngine
from assistant.engines.extractive.answer_model import fit_logistic
from assistant.engines.extractive.note_features import NOTE_FEATURES
from assistant.engines.extractive.note_model import NoteModel
from assistant.evals.golden import Truth, load_truths, statement_matches
from assistant.account.ingest import ingest_path
from assistant.models import Section
from assistant.notes.service import draft_checked_section, in_new_note, section_requests
from assistant.notes.template import NoteTemplate, SectionSpec, load_template

SALIENCE_L2 = 4.0
KEEP_ABOVE = -0.25  # the logit a sentence needs; one figure for every account, checked held-out like the weights


class AccountCase(BaseModel):
    """One account's note requests, and every section's candidates with their features and labels."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    truth: Truth
    requests: list[tuple[SectionSpec, NoteSectionRequest]]
    rows: np.ndarray
    labels: np.ndarray
    texts: list[str]  # each row's sentence, worded as its section would show it
    keys: list[str]  # each row's section


class NoteFigures(BaseModel):
    facts: int = 0
    found: int = 0
    words: int = 0
    statements: int = 0
    longest: int = 0  # words of the longest statement

    @property
    def recall(self) -> float:
        return round(self.found / self.facts, 3) if self.facts else 0.0


def collect_cases(context: Context, datasets: list[Path], template: NoteTemplate | None = None) -> list[AccountCase]:
    template = template or load_template()
    cases = []
    for dataset in datasets:
        for truth in load_truths(dataset):
            ingest_path(context, dataset / "accounts" / truth.account_id, truth.account_id)
            engine = ExtractiveEngine(context.cached_embedder, note_model=None)
            requests = section_requests(context, truth.account_id, truth.as_of, template, engine)
            pools: list[tuple[str, list[str], np.ndarray]] = []
            fixed: list[str] = []

            def observe(key: str, texts: list[str], rows: np.ndarray, others: list[str]) -> None:
                pools.append((key, texts, rows))
                fixed.extend(others)

            observing = ExtractiveEngine(context.cached_embedder, note_model=None, observer=observe)
            for spec, request in in_new_note(requests):
                draft_checked_section(context, spec, request, observing)
            open_facts = [f for f in truth.facts if not any(statement_matches(t, f, truth.as_of) for t in fixed)]
            texts = [t for _, pool_texts, _ in pools for t in pool_texts]
            keys = [key for key, pool_texts, _ in pools for _ in pool_texts]
            rows = np.vstack([r for _, _, r in pools]) if pools else np.zeros((0, len(NOTE_FEATURES)))
            labels = np.array([any(statement_matches(t, f, truth.as_of) for f in open_facts) for t in texts],
                              dtype=bool)
            cases.append(AccountCase(truth=truth, requests=requests, rows=rows, labels=labels, texts=texts,
                                     keys=keys))
    return cases


def fit(cases: list[AccountCase], keep_above: float = KEEP_ABOVE) -> NoteModel:
    rows = np.vstack([c.rows for c in cases])
    labels = np.concatenate([c.labels for c in cases])
    scorer = fit_logistic(rows, labels, NOTE_FEATURES, l2=SALIENCE_L2)
    return NoteModel(scorer=scorer, keep_above=keep_above, fitted_on=sorted(c.truth.account_id for c in cases))


def draft_note(context: Context, case: AccountCase, model: NoteModel | None) -> list[Section]:
    engine = ExtractiveEngine(context.cached_embedder, note_model=model)
    return [draft_checked_section(context, spec, request, engine)[0] for spec, request in in_new_note(case.requests)]


def note_figures(truth: Truth, sections: list[Section]) -> NoteFigures:
    """Fact recall as ``handoff eval golden`` counts it, and the note's length."""
    texts = [s.text for section in sections for s in section.statements]
    found = sum(any(statement_matches(t, f, truth.as_of) for t in texts) for f in truth.facts)
    words = [len(t.split()) for t in texts]
    return NoteFigures(facts=len(truth.facts), found=found, words=sum(words), statements=len(texts),
                       longest=max(words, default=0))


def figures(context: Context, cases: list[AccountCase], model: NoteModel | None) -> dict[str, NoteFigures]:
    return {c.truth.account_id: note_figures(c.truth, draft_note(context, c, model)) for c in cases}


def leave_one_account_out(context: Context, cases: list[AccountCase],
                          keep_above: float = KEEP_ABOVE) -> dict[str, NoteFigures]:
    held_out = {}
    for case in cases:
        model = fit([c for c in cases if c is not case], keep_above)
        held_out |= figures(context, [case], model)
    return held_out


def summary(per_account: dict[str, NoteFigures]) -> dict[str, float]:
    facts = sum(f.facts for f in per_account.values())
    found = sum(f.found for f in per_account.values())
    return {"fact_recall": round(found / facts, 3) if facts else 0.0,
            "min_fact_recall": min((f.recall for f in per_account.values()), default=0.0),
            "mean_words": round(sum(f.words for f in per_account.values()) / max(1, len(per_account)), 1)}

