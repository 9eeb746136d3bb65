"""The plan as plain text for the terminal: milestones, tasks with id, owner, due date and status, and progress."""

from __future__ import annotations

from datetime import date

from assistant.plan.models import Plan, Task

MARKS = {"open": "[ ]", "done": "[x]", "skipped": "[-]"}


def plan_text(plan: Plan, account_name: str, as_of: date) -> str:
    lines = [f"Handoff plan: {account_name} - {plan.progress_percent}% complete"]
    if plan.transition_date == plan.due_dates_from:
        lines.append(f"Transition date {plan.due_dates_from.isoformat()}; due dates count from it.")
    else:
        lines.append(f"Due dates count from {plan.due_dates_from.isoformat()}.")
    if plan.note:
        lines.append(f"Note: {plan.note}")
    for milestone in plan.milestones:
        closed = sum(t.status != "open" for t in milestone.tasks)
        lines += ["", f"{milestone.name} ({closed}/{len(milestone.tasks)}, {milestone.progress_percent}%)"]
        lines += [_task_line(task, as_of) for task in milestone.tasks]
    lines += ["", "Mark a task with `--done ID`, `--skip ID` or `--reopen ID`."]
    return "\n".join(lines)


def _task_line(task: Task, as_of: date) -> str:
    owner = f"{task.owner} ({task.owner_role})" if task.owner_role and task.owner_role not in task.owner else task.owner
    due = f"due {task.due_date.isoformat()}" if task.due_date else "no due date"
    late = "  OVERDUE" if task.status == "open" and task.due_date and task.due_date < as_of else ""
    gap = "  [gap]" if task.source.startswith("gap:") else ""
    return f"  {MARKS[task.status]} #{task.id} {task.title} - {owner}, {due}{late}{gap}"
