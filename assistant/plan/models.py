"""The handoff plan as the CLI, the API and the web pages see it: milestones with their tasks in order, and progress."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field, computed_field

from assistant.plan.template import OwnerRole

TaskStatus = Literal["open", "done", "skipped"]
TASK_STATUSES: tuple[TaskStatus, ...] = ("open", "done", "skipped")
CLOSED: tuple[TaskStatus, ...] = ("done", "skipped")  # what counts towards progress


def percent(closed: int, total: int) -> int:
    """Closed (done or skipped) tasks as a whole percentage of all tasks; an empty plan is 0 %."""
    return round(100 * closed / total) if total else 0


class Task(BaseModel):
    id: int
    milestone: str
    position: int
    title: str
    owner: str  # a person's name, or the role when no name is known ("reviewer", "outgoing CSM")
    owner_role: OwnerRole | None = None  # None once the task was given to a named person
    due_date: date | None
    status: TaskStatus
    source: str  # "template" or "gap:<kind>"
    done_when: str | None = None
    updated_at: datetime


class Milestone(BaseModel):
    name: str
    tasks: list[Task] = Field(default_factory=list)

    @computed_field
    @property
    def progress_percent(self) -> int:
        return percent(sum(t.status in CLOSED for t in self.tasks), len(self.tasks))


class Plan(BaseModel):
    id: int
    account_id: str
    template: str  # "default" or the team template file's path
    transition_date: date | None  # the CRM's transition effective date, if it has one
    due_dates_from: date  # the date the due offsets count from: the transition date, or as_of when there was none
    note: str | None = None  # e.g. why due dates count from as_of, or that the CRM's date has moved since
    created_at: datetime
    milestones: list[Milestone] = Field(default_factory=list)

    @property
    def tasks(self) -> list[Task]:
        return [task for milestone in self.milestones for task in milestone.tasks]

    @computed_field
    @property
    def progress_percent(self) -> int:
        tasks = self.tasks
        return percent(sum(t.status in CLOSED for t in tasks), len(tasks))

    def task(self, task_id: int) -> Task | None:
        return next((t for t in self.tasks if t.id == task_id), None)
