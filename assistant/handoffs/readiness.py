"""How ready an account in transition is to be taken over: the open gaps by severity, the note's statements still to
confirm, the debrief questions nobody has answered, and the plan's progress. Nothing of high severity open: ready."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from assistant.platform.context import Context
from assistant.debrief_items.status import open_only
from assistant.platform.errors import NotFound
from assistant.handoffs.models import Handoff
from assistant.handoffs.reads import get_handoff
from assistant.models import DebriefQuestion, Gap, Severity, TransitionNote
from assistant.notes.storage import get_note
from assistant.pack.assemble import gaps_and_debrief
from assistant.plan import Plan, get_plan


class OpenItem(BaseModel):
    id: str
    severity: Severity | None = None  # gaps have one; debrief questions do not
    text: str


class Readiness(BaseModel):
    account_id: str
    as_of: date
    handoff: Handoff | None
    open_gaps: dict[str, int]  # by severity: {"high": 1, "medium": 0, "low": 2}
    statements_to_confirm: int  # the latest note's "confirm" statements nobody confirmed (its gaps section aside)
    note_version: int | None
    open_questions: int  # debrief questions not yet answered or dismissed
    plan_progress: int | None  # percent of the plan's tasks closed; None without a plan
    open_items: list[OpenItem] = Field(default_factory=list)  # every open gap, then every open debrief question

    @property
    def ready(self) -> bool:
        return self.open_gaps.get("high", 0) == 0


def readiness(context: Context, account_id: str, as_of: date) -> Readiness:
    gaps, questions = gaps_and_debrief(context, account_id, as_of)  # checks access first
    note = _optional(get_note, context, account_id)
    return summarise(account_id, as_of, gaps, questions, note, _optional(get_handoff, context, account_id),
                     _optional(get_plan, context, account_id))


def summarise(account_id: str, as_of: date, gaps: list[Gap], questions: list[DebriefQuestion],
              note: TransitionNote | None, handoff: Handoff | None, plan: Plan | None) -> Readiness:
    """The readiness of what a caller has already read (the account page reads the gaps and debrief anyway)."""
    gaps, questions = open_only(gaps), [q for q in open_only(questions) if q.topic != "gap"]
    to_confirm = sum(1 for section in (note.sections if note else []) if section.key != "gaps"
                     for statement in section.statements if statement.awaiting_confirmation)
    return Readiness(
        account_id=account_id, as_of=as_of, handoff=handoff,
        open_gaps={severity: sum(g.severity == severity for g in gaps) for severity in ("high", "medium", "low")},
        statements_to_confirm=to_confirm, note_version=note.version if note else None,
        open_questions=len(questions), plan_progress=plan.progress_percent if plan else None,
        open_items=[_gap_item(g) for g in gaps] + [OpenItem(id=q.id, text=q.question) for q in questions],
    )


def _gap_item(gap: Gap) -> OpenItem:
    return OpenItem(id=gap.id, severity=gap.severity, text=gap.detail)


def _optional(read, context: Context, account_id: str):
    try:
        return read(context, account_id)
    except NotFound:
        return None
