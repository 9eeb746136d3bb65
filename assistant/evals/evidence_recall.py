"""Evidence recall: how much of the answer key reaches the engine at all, the ceiling of any engine's score.

A golden fact is in the evidence when the text one of the note's section calls was given holds all its must_mention
terms and one term of each any_of group (case-insensitive substrings, the rule of ``statement_matches``); an
answerable question is when the text its answer call was given holds all its must_mention terms. A share is None
for what was not run (no note made, no question asked). Prompt tokens per note add up every call made for the note
(its sections, and the success-criteria judgement of a language model).
"""

from __future__ import annotations

from pydantic import BaseModel, Field

from assistant.evals.capture import PromptRecord
from assistant.evals.golden import Truth, statement_matches

NOTE_TASKS = {"note_section", "success_criteria"}  # the calls one handoff pack makes for its note


class AccountEvidence(BaseModel):
    account_id: str
    facts: int
    facts_in_evidence: int
    facts_in_own_section: int  # ... in the evidence of the section the answer key files them under
    fact_recall: float | None  # None when no note was made
    questions: int  # answerable ones
    questions_in_evidence: int
    question_recall: float | None  # None when no question was asked
    note_tokens: int
    note_calls: int
    largest_note_prompt: int
    missed_facts: list[str] = Field(default_factory=list)
    missed_questions: list[str] = Field(default_factory=list)


class EvidenceReport(BaseModel):
    engine: str
    accounts: list[AccountEvidence]
    fact_recall: float | None
    question_recall: float | None
    min_fact_recall: float | None
    min_question_recall: float | None
    max_note_tokens: int


def question_in_text(text: str, must_mention: list[str]) -> bool:
    lowered = text.lower()
    return all(term.lower() in lowered for term in must_mention)


def account_evidence(truth: Truth, records: list[PromptRecord]) -> AccountEvidence:
    mine = [r for r in records if r.account_id == truth.account_id]
    sections = [r for r in mine if r.task == "note_section"]
    found, own, missed = 0, 0, []
    for fact in truth.facts if sections else []:
        holding = [r.subject for r in sections if statement_matches(r.text, fact)]
        found += bool(holding)
        own += fact.section in holding
        if not holding:
            missed.append(fact.id)
    answers = [r for r in mine if r.task == "answer"]
    asked = [q for q in truth.questions if q.answerable]
    missed_questions = [
        q.id for q in asked
        if not any(r.subject == q.question and question_in_text(r.text, q.must_mention) for r in answers)
    ] if answers else []
    note = [r.tokens for r in mine if r.task in NOTE_TASKS]
    return AccountEvidence(
        account_id=truth.account_id,
        facts=len(truth.facts), facts_in_evidence=found, facts_in_own_section=own,
        fact_recall=_ratio(found, len(truth.facts)) if sections else None,
        questions=len(asked), questions_in_evidence=len(asked) - len(missed_questions),
        question_recall=_ratio(len(asked) - len(missed_questions), len(asked)) if answers else None,
        note_tokens=sum(note), note_calls=len(note), largest_note_prompt=max(note, default=0),
        missed_facts=missed, missed_questions=missed_questions,
    )


def evidence_report(engine: str, truths: list[Truth], records: list[PromptRecord]) -> EvidenceReport:
    accounts = [account_evidence(truth, records) for truth in truths]
    noted = [a for a in accounts if a.fact_recall is not None]
    asked = [a for a in accounts if a.question_recall is not None]
    return EvidenceReport(
        engine=engine,
        accounts=accounts,
        fact_recall=_ratio(sum(a.facts_in_evidence for a in noted), sum(a.facts for a in noted))
        if noted else None,
        question_recall=_ratio(sum(a.questions_in_evidence for a in asked), sum(a.questions for a in asked))
        if asked else None,
        min_fact_recall=min((a.fact_recall for a in noted), default=None),
        min_question_recall=min((a.question_recall for a in asked), default=None),
        max_note_tokens=max((a.note_tokens for a in accounts), default=0),
    )


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 1.0
