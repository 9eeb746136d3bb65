"""Evidence recall on a tiny hand-made answer key: which facts and questions reach the engine; prompt tokens."""

from __future__ import annotations

from datetime import date

from assistant.evals.capture import PromptRecord
from assistant.evals.evidence_recall import account_evidence, evidence_report
from assistant.evals.golden import Truth, TruthFact, TruthQuestion

TRUTH = Truth(
    account_id="acme", as_of=date(2026, 1, 2),
    facts=[
        TruthFact(id="F1", section="stakeholders", statement="Ada Quill (CFO) signs",
                  must_mention=["Ada Quill"], any_of=[["CFO", "finance chief"]]),
        TruthFact(id="F2", section="commercial", statement="Renewal at 3% uplift", must_mention=["3%", "uplift"]),
        TruthFact(id="F3", section="risks", statement="A rival demoed", must_mention=["rival"]),
    ],
    questions=[
        TruthQuestion(id="Q1", question="Who signs?", answerable=True, must_mention=["Ada Quill"]),
        TruthQuestion(id="Q2", question="What uplift?", answerable=True, must_mention=["3%"]),
        TruthQuestion(id="Q3", question="Her phone?", answerable=False),
    ],
)


def _record(task: str, subject: str, text: str, tokens: int = 10, account: str = "acme") -> PromptRecord:
    return PromptRecord(account_id=account, task=task, subject=subject, text=text, tokens=tokens)


def test_a_fact_counts_when_one_prompt_holds_every_must_mention_term_and_one_of_each_any_of_group():
    records = [
        _record("note_section", "stakeholders", "ada quill is the Finance Chief"),  # case-insensitive
        _record("note_section", "commercial", "a 3% rise"),  # "uplift" missing
        _record("note_section", "risks", "3% uplift agreed"),  # in another section's prompt: still counts
    ]

    scores = account_evidence(TRUTH, records)

    assert (scores.facts_in_evidence, scores.facts_in_own_section, scores.missed_facts) == (2, 1, ["F3"])
    assert scores.fact_recall == 0.667


def test_terms_split_across_two_prompts_do_not_make_a_fact():
    records = [_record("note_section", "stakeholders", "Ada Quill"), _record("note_section", "risks", "the CFO")]

    assert account_evidence(TRUTH, records).missed_facts == ["F1", "F2", "F3"]


def test_a_question_counts_only_in_the_prompt_that_answered_it_and_unanswerable_ones_are_left_out():
    records = [
        _record("answer", "Who signs?", "Ada Quill signs; the uplift is 3%"),
        _record("answer", "What uplift?", "no figure here"),
        _record("note_section", "commercial", "What uplift? 3%"),  # a section prompt answers no question
    ]

    scores = account_evidence(TRUTH, records)

    assert (scores.questions, scores.questions_in_evidence, scores.missed_questions) == (2, 1, ["Q2"])


def test_prompt_tokens_per_note_add_up_the_section_and_judgement_calls_only():
    records = [
        _record("note_section", "risks", "x", tokens=1200), _record("note_section", "goals", "x", tokens=800),
        _record("success_criteria", "", "x", tokens=300), _record("answer", "Who signs?", "x", tokens=5000),
        _record("note_section", "risks", "x", tokens=9999, account="other"),
    ]

    scores = account_evidence(TRUTH, records)

    assert (scores.note_tokens, scores.note_calls, scores.largest_note_prompt) == (2300, 3, 1200)


def test_the_report_pools_accounts_and_keeps_the_minimum():
    other = TRUTH.model_copy(update={"account_id": "other"})
    records = [_record("note_section", "risks", "Ada Quill, CFO; 3% uplift; a rival"),
               _record("answer", "Who signs?", "Ada Quill"), _record("answer", "What uplift?", "3%"),
               _record("note_section", "risks", "a rival", account="other"),
               _record("answer", "Who signs?", "nobody named", account="other")]

    report = evidence_report("extractive", [TRUTH, other], records)

    assert (report.fact_recall, report.min_fact_recall) == (0.667, 0.333)
    assert (report.question_recall, report.min_question_recall) == (0.5, 0.0)


def test_questions_not_asked_are_reported_as_such_not_as_missed():
    scores = account_evidence(TRUTH, [_record("note_section", "risks", "a rival")])

    assert scores.question_recall is None and scores.missed_questions == []
    assert evidence_report("openai", [TRUTH], []).min_question_recall is None


def test_facts_without_a_note_are_reported_as_not_run():
    scores = account_evidence(TRUTH, [_record("answer", "Who signs?", "Ada Quill")])

    assert scores.fact_recall is None and scores.missed_facts == [] and scores.question_recall == 0.5
