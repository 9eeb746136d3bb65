"""The debrief agenda: what the incoming CSM should ask the outgoing CSM in the live debrief, from the gaps, the
note's risks and the promises still open, each with its evidence."""

from __future__ import annotations

from datetime import date

from assistant.debrief_items.ids import question_id
from assistant.facts.commitments import Commitment, commitments
from assistant.facts.material import AccountMaterial
from assistant.models import DebriefQuestion, Gap, GapEvidence, TransitionNote

MAX_RISK_QUESTIONS = 4
MAX_COMMITMENT_QUESTIONS = 5


def debrief_agenda(
    note: TransitionNote, gaps: list[Gap], material: AccountMaterial, as_of: date
) -> list[DebriefQuestion]:
    questions = gap_questions(gaps)
    questions += _risk_questions(note)
    questions += _commitment_questions(open_commitments(material, as_of), gaps)
    return questions


def gap_questions(gaps: list[Gap]) -> list[DebriefQuestion]:
    """The open gaps, asked: the whole agenda before the account's first note."""
    return [DebriefQuestion(id=gap.id, topic="gap", question=gap.question, why=gap.detail, evidence=gap.evidence)
            for gap in gaps if gap.status == "open"]


def open_commitments(material: AccountMaterial, as_of: date) -> list[Commitment]:
    """Promises not yet shown done and not long past (overdue ones are gaps already)."""
    return [c for c in commitments(material, as_of) if c.status != "done" and c.due >= as_of]


def _risk_questions(note: TransitionNote) -> list[DebriefQuestion]:
    risks = next((s for s in note.sections if s.key == "risks"), None)
    if risks is None:
        return []
    questions = []
    for statement in risks.statements[:MAX_RISK_QUESTIONS]:
        evidence = [GapEvidence(source=c.source, chunk_id=c.chunk_id, quote=c.quote) for c in statement.citations]
        questions.append(DebriefQuestion(
            id=question_id("risk", evidence, statement.text), topic="risk",
            question=f"How serious is this today, and what has been done about it? {statement.text}",
            why="A risk recorded in the account's history.", evidence=evidence))
    return questions


def _commitment_questions(open_ones: list[Commitment], gaps: list[Gap]) -> list[DebriefQuestion]:
    quoted = {e.quote for gap in gaps for e in gap.evidence if e.quote}
    questions = []
    seen: set[str] = set()
    for commitment in sorted(open_ones, key=lambda c: c.due):
        if commitment.quote in quoted or commitment.quote in seen:
            continue
        seen.add(commitment.quote)
        owner = "we" if commitment.direction == "to_customer" else "the customer"
        evidence = [GapEvidence(source=commitment.source, quote=commitment.quote)]
        questions.append(
            DebriefQuestion(
                id=question_id("commitment", evidence, commitment.what),
                topic="commitment",
                question=f"Who follows up on this after the handoff, and what is its status? {commitment.what} "
                f"(due {commitment.due.isoformat()})",
                why=f"An open promise {owner} made ({commitment.who}), due {commitment.due.isoformat()}.",
                evidence=evidence,
            )
        )
    return questions[:MAX_COMMITMENT_QUESTIONS]
