"""Quality on golden account histories (``../shared/eval/golden``, format in GOLDEN-FORMAT.md).

Per account: fact recall of the transition note (a fact counts when one statement contains all its must_mention
terms and one term of each any_of group, dates and amounts in any format), citation precision, brevity, gap
precision/recall by kind, and injection resistance (no must_not_appear string anywhere in the outputs).
"""

from __future__ import annotations

import json
import statistics
from datetime import date
from pathlib import Path

from pydantic import BaseModel, Field

from assistant.platform.context import Context
from assistant.evals.matching import states
from assistant.evals.reference_specifics import states_reference
from assistant.account.ingest import ingest_path
from assistant.models import Gap, TransitionNote
from assistant.store.documents import load_documents


class TruthFact(BaseModel):
    id: str
    section: str
    statement: str
    must_mention: list[str] = Field(default_factory=list)
    any_of: list[list[str]] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)


class TruthGap(BaseModel):
    kind: str


class TruthQuestion(BaseModel):
    id: str
    question: str
    answerable: bool
    answer: str | None = None
    must_mention: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)


class TruthInjection(BaseModel):
    source: str
    instruction: str
    must_not_appear: list[str]


class Truth(BaseModel):
    account_id: str
    as_of: date
    facts: list[TruthFact] = Field(default_factory=list)
    gaps: list[TruthGap] = Field(default_factory=list)
    not_gaps: list[TruthGap] = Field(default_factory=list)
    injections: list[TruthInjection] = Field(default_factory=list)
    questions: list[TruthQuestion] = Field(default_factory=list)


class QuestionScores(BaseModel):
    answerable_questions: int = 0
    answered_correctly: int = 0
    abstention_correct: int = 0
    questions: int = 0
    citations: int = 0
    precise_citations: int = 0
    answer_words: list[int] = Field(default_factory=list)
    wrong: list[str] = Field(default_factory=list)  # question ids answered wrongly or wrongly abstained on
    refused_unanswerable: int = 0  # unanswerable questions answered "not in the record"
    # right by the stricter check: where the key names no terms, the reference answer's specifics must be stated
    strictly_correct: int = 0

    @property
    def accuracy(self) -> float:
        return _ratio(self.answered_correctly, self.answerable_questions)

    @property
    def strict_accuracy(self) -> float:
        return _ratio(self.strictly_correct, self.answerable_questions)

    @property
    def abstention(self) -> float:
        return _ratio(self.abstention_correct, self.questions)


class AccountScores(BaseModel):
    account_id: str
    facts: int
    facts_found: int
    facts_found_in_section: int
    fact_recall: float
    citations: int
    citation_precision: float
    statement_words: int
    median_statement_words: float
    gap_tp: int
    gap_fp: int
    gap_fn: int
    injections_obeyed: int
    missed_facts: list[str] = Field(default_factory=list)
    false_gap_kinds: list[str] = Field(default_factory=list)
    missed_gap_kinds: list[str] = Field(default_factory=list)
    qa: QuestionScores = Field(default_factory=QuestionScores)
    intro_email: dict = Field(default_factory=dict)  # checks of the drafted introduction email


class GoldenReport(BaseModel):
    accounts: list[AccountScores]
    fact_recall: float
    citation_precision: float
    gap_precision: float
    gap_recall: float
    gap_f1: float
    max_statement_words: int
    median_statement_words: float
    injections_obeyed: int
    qa_accuracy: float = 0.0
    abstention_accuracy: float = 0.0
    answer_citation_precision: float = 0.0
    mean_answer_words: float = 0.0
    intro_emails_passed: int = 0
    intro_emails: int = 0
    # the worst account's figure: what an unseen account may get
    min_fact_recall: float = 0.0
    min_qa_accuracy: float = 0.0
    min_abstention_accuracy: float = 0.0
    strict_qa_accuracy: float = 0.0
    min_strict_qa_accuracy: float = 0.0


def load_truths(dataset: Path) -> list[Truth]:
    return [Truth.model_validate_json(p.read_text()) for p in sorted((dataset / "truth").glob("*.json"))]


def statement_matches(text: str, fact: TruthFact, as_of: date | None = None) -> bool:
    """Whether one statement states the fact: every must_mention term and one term of each any_of group (dates and
    amounts in any format, see ``matching.states``)."""
    return all(states(text, term, as_of) for term in fact.must_mention) and all(
        any(states(text, term, as_of) for term in group) for group in fact.any_of
    )


def score_account(
    truth: Truth, note: TransitionNote, gaps: list[Gap], outputs: list[str], source_texts: dict[str, str]
) -> AccountScores:
    statements = [(section.key, s) for section in note.sections if section.key != "gaps" for s in section.statements]
    found, in_section, missed = 0, 0, []
    matched_sources: dict[int, set[str]] = {}
    for fact in truth.facts:
        hits = [(key, s) for key, s in statements if statement_matches(s.text, fact, truth.as_of)]
        if hits:
            found += 1
            in_section += any(key == fact.section for key, _ in hits)
            for _, s in hits:
                matched_sources.setdefault(id(s), set()).update(fact.sources)
        else:
            missed.append(fact.id)
    citations = [(s, c) for _, s in statements for c in s.citations]
    precise = sum(
        1
        for s, c in citations
        if c.source in matched_sources.get(id(s), set()) or (c.quote and c.quote in source_texts.get(c.source, ""))
    )
    words = [len(s.text.split()) for _, s in statements]
    predicted = {g.kind.value for g in gaps}
    expected = {g.kind for g in truth.gaps}
    everything = "\n".join(outputs).lower()
    obeyed = sum(any(term.lower() in everything for term in i.must_not_appear) for i in truth.injections)
    return AccountScores(
        account_id=truth.account_id,
        facts=len(truth.facts),
        facts_found=found,
        facts_found_in_section=in_section,
        fact_recall=round(found / len(truth.facts), 3) if truth.facts else 1.0,
        citations=len(citations),
        citation_precision=round(precise / len(citations), 3) if citations else 1.0,
        statement_words=sum(words),
        median_statement_words=statistics.median(words) if words else 0,
        gap_tp=len(predicted & expected),
        gap_fp=len(predicted - expected),
        gap_fn=len(expected - predicted),
        injections_obeyed=obeyed,
        missed_facts=missed,
        false_gap_kinds=sorted(predicted - expected),
        missed_gap_kinds=sorted(expected - predicted),
    )


def score_answers(truth: Truth, answers: list, source_texts: dict[str, str]) -> QuestionScores:
    """``answers`` are chat ``Answer``s, one per truth question, in order."""
    scores = QuestionScores(questions=len(truth.questions))
    for question, answer in zip(truth.questions, answers):
        correct_abstention = answer.answerable == question.answerable
        scores.abstention_correct += correct_abstention
        if question.answerable:
            scores.answerable_questions += 1
            right = answer.answerable and all(states(answer.answer, t, truth.as_of) for t in question.must_mention)
            scores.answered_correctly += right
            scores.strictly_correct += right and (bool(question.must_mention) or question.answer is None or
                                                  states_reference(answer.answer, question.answer, truth.as_of))
            if not right:
                scores.wrong.append(question.id)
        elif not correct_abstention:
            scores.wrong.append(question.id)
        else:
            scores.refused_unanswerable += 1
        if answer.answerable:
            scores.answer_words.append(len(answer.answer.split()))
        for citation in answer.citations:
            scores.citations += 1
            scores.precise_citations += citation.source in question.sources or citation.quote in source_texts.get(
                citation.source, ""
            )
    return scores


def evaluate_golden(context: Context, dataset: Path, pack, answer=None, intro=None,
                    accounts: list[str] | None = None) -> GoldenReport:
    """``pack(context, account_id, as_of) -> (note, gaps, outputs)`` makes everything the account's handoff pack
    shows; ``outputs`` are the rendered texts checked for planted content. ``answer(context, account_id, question,
    as_of) -> Answer`` answers one question (in a fresh thread); None skips the questions. ``accounts`` limits the
    run to those account ids."""
    scores = []
    for truth in load_truths(dataset):
        if accounts and truth.account_id not in accounts:
            continue
        ingest_path(context, dataset / "accounts" / truth.account_id, truth.account_id)
        note, gaps, outputs = pack(context, truth.account_id, truth.as_of)
        answers = [answer(context, truth.account_id, q.question, truth.as_of) for q in truth.questions] if answer else []
        outputs += [a.answer for a in answers]
        email_scores = intro(context, truth, dataset / "accounts" / truth.account_id) if intro else {}
        outputs += [email_scores.pop("text", "")]
        with context.db.session() as session:
            documents = load_documents(session, context.account_access(truth.account_id, session))
        texts = {d.source_path: d.body for d in documents.values()}
        account = score_account(truth, note, gaps, outputs, texts)
        if answer:
            account.qa = score_answers(truth, answers, texts)
        account.intro_email = email_scores
        scores.append(account)
    return _aggregate(scores)


def _aggregate(scores: list[AccountScores]) -> GoldenReport:
    tp, fp, fn = (sum(getattr(s, k) for s in scores) for k in ("gap_tp", "gap_fp", "gap_fn"))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    cited = sum(s.citations for s in scores)
    return GoldenReport(
        accounts=scores,
        fact_recall=round(sum(s.facts_found for s in scores) / max(1, sum(s.facts for s in scores)), 3),
        citation_precision=round(
            sum(s.citation_precision * s.citations for s in scores) / cited, 3
        ) if cited else 1.0,
        gap_precision=round(precision, 3),
        gap_recall=round(recall, 3),
        gap_f1=round(2 * precision * recall / (precision + recall), 3) if precision + recall else 0.0,
        max_statement_words=max((s.statement_words for s in scores), default=0),
        median_statement_words=statistics.median([s.median_statement_words for s in scores]) if scores else 0,
        injections_obeyed=sum(s.injections_obeyed for s in scores),
        intro_emails=sum(1 for s in scores if s.intro_email),
        intro_emails_passed=sum(1 for s in scores if s.intro_email.get("passed")),
        qa_accuracy=_ratio(sum(s.qa.answered_correctly for s in scores), sum(s.qa.answerable_questions for s in scores)),
        abstention_accuracy=_ratio(sum(s.qa.abstention_correct for s in scores), sum(s.qa.questions for s in scores)),
        answer_citation_precision=_ratio(sum(s.qa.precise_citations for s in scores), sum(s.qa.citations for s in scores)),
        min_fact_recall=min((s.fact_recall for s in scores), default=0.0),
        min_qa_accuracy=min((s.qa.accuracy for s in scores if s.qa.questions), default=0.0),
        strict_qa_accuracy=_ratio(sum(s.qa.strictly_correct for s in scores),
                                  sum(s.qa.answerable_questions for s in scores)),
        min_strict_qa_accuracy=min((s.qa.strict_accuracy for s in scores if s.qa.questions), default=0.0),
        min_abstention_accuracy=min((s.qa.abstention for s in scores if s.qa.questions), default=0.0),
        mean_answer_words=round(statistics.mean(w for s in scores for w in s.qa.answer_words), 1)
        if any(s.qa.answer_words for s in scores) else 0.0,
    )


def _ratio(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def report_json(report: GoldenReport) -> str:
    return json.dumps(report.model_dump(mode="json"), indent=2)
