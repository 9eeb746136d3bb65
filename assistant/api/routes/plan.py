"""The handoff plan of an account: milestones, tasks, progress."""

from __future__ import annotations

from datetime import date
from typing import Literal

from fastapi import APIRouter
from pydantic import BaseModel, Field

from assistant.api.deps import RowId, UserContext
from assistant.api.problems import API_PROBLEMS
from assistant.plan import create_plan, get_plan, update_task
from assistant.plan.models import Plan, Task
from assistant.api.text_fields import VISIBLE

router = APIRouter(prefix="/api/accounts/{account_id}/plan", tags=["plan"], responses=API_PROBLEMS)


class PlanRequest(BaseModel):
    as_of: date | None = None  # default today: open gaps as of this date become tasks


class TaskChange(BaseModel):
    status: Literal["open", "done", "skipped"] | None = None
    owner: str | None = Field(default=None, min_length=1, max_length=40, pattern=VISIBLE,
                              description="a role (outgoing, incoming, reviewer) or a person's name")
    due_date: date | None = None


@router.get("")
def plan(account_id: str, context: UserContext) -> Plan:
    return get_plan(context, account_id)


@router.post("")
def make_plan(account_id: str, body: PlanRequest, context: UserContext) -> Plan:
    """Create the plan, or refresh it (task statuses are kept; open gaps become tasks)."""
    return create_plan(context, account_id, body.as_of or date.today())


@router.patch("/tasks/{task_id}")
def change_task(account_id: str, task_id: RowId, body: TaskChange, context: UserContext) -> Task:
    return update_task(context, account_id, task_id, status=body.status, owner=body.owner, due_date=body.due_date)
