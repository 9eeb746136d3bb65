"""The debrief loop on the golden set: the outgoing CSM edits the first statement of each section of the note and
confirms the second, answers every ``missing_*`` gap with a sentence stating the fact, the pack is drafted again,
and the check counts the gaps that closed, the answers the new note cites, and the edits and confirmations the new
draft kept (new material, the answers, arrived in between; the edited statements' own passages did not change).

The sentences are the same for every account, with invented values (an account's missing fact is, by definition,
in none of its files): what is measured is the loop (an answer closes its gap and reaches the note as a cited
source), not the values."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from assistant.platform.context import Context
from assistant.debrief_items.service import answer_item
from assistant.gaps.service import find_gaps
from assistant.models import TransitionNote
from assistant.notes.corrections import confirm_statement, edit_statement
from assistant.pack.assemble import build_pack

AUTHOR = "Outgoing CSM (evaluation)"
ANSWERS = {
    "missing_executive_sponsor": "The executive sponsor is Corin Vale, the customer's CFO; she owns the budget and "
                                 "signs the renewal.",
    "missing_primary_contact": "Ash Morrow is the customer's day-to-day contact and answers most of our emails.",
    "missing_renewal_date": "The contract renews on 30 September 2026.",
    "missing_contract_value": "The contract is worth $48,000 a year in ARR.",
    "missing_success_criteria": "Success for them means cutting month-end reporting from five days to two by the "
                                "end of the year.",
    "missing_health_score": "I would put their health score at 64: usage is steady but the sponsor is quiet.",
    "missing_communication_preference": "They prefer email for everything and take calls only when booked a week "
                                        "ahead.",
}


class LoopScores(BaseModel):
    account_id: str
    answered: list[str] = Field(default_factory=list)  # the missing_* gaps answered
    closed: list[str] = Field(default_factory=list)  # ... that are no longer open on the next run
    cited: list[str] = Field(default_factory=list)  # ... whose answer the next note cites
    edited: list[str] = Field(default_factory=list)  # statements edited before the answers
    edits_kept: list[str] = Field(default_factory=list)  # ... whose edit the next draft shows
    confirmed: list[str] = Field(default_factory=list)
    confirmations_kept: list[str] = Field(default_factory=list)


def debrief_loop(context: Context, account_id: str, as_of: date, pack=build_pack) -> LoopScores:
    scores = LoopScores(account_id=account_id)
    edits = _correct(context, account_id, pack(context, account_id, as_of).note, scores)
    for gap in find_gaps(context, account_id, as_of):
        if gap.status == "open" and gap.kind.value in ANSWERS:
            answer_item(context, account_id, gap.id, ANSWERS[gap.kind.value], AUTHOR, as_of)
            scores.answered.append(gap.id)
    after = {gap.id: gap for gap in find_gaps(context, account_id, as_of)}
    scores.closed = [i for i in scores.answered if i not in after or after[i].status != "open"]
    note = pack(context, account_id, as_of).note
    shown = {s.id: s for section in note.sections for s in section.statements}
    scores.edits_kept = [i for i in scores.edited if i in shown and shown[i].text == edits[i]]
    scores.confirmations_kept = [i for i in scores.confirmed if i in shown and shown[i].edit
                                 and shown[i].edit.confirmed and not shown[i].edit.sources_changed]
    cited_sources = {c.source for section in note.sections for s in section.statements for c in s.citations}
    scores.cited = [i for i in scores.answered if f"debrief/{i}" in cited_sources]
    return scores


def _correct(context: Context, account_id: str, note: TransitionNote, scores: LoopScores) -> dict[str, str]:
    """Edit each section's first statement and confirm its second; the edited texts by statement id."""
    edits = {}
    for section in note.sections:
        if section.key == "gaps":
            continue
        for statement, decide in zip(section.statements, ("edit", "confirm")):
            if decide == "edit":
                edits[statement.id] = f"{statement.text} (Checked in the handoff.)"
                edit_statement(context, account_id, statement.id, edits[statement.id], AUTHOR)
                scores.edited.append(statement.id)
            else:
                confirm_statement(context, account_id, statement.id, AUTHOR)
                scores.confirmed.append(statement.id)
    return edits
