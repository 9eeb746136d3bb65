"""Making a plan's task rows from a template and the open gaps, and refreshing them later without losing what people
did: statuses are never changed by a refresh, except that an open gap task whose gap is no longer found is closed.

Due dates are the anchor (the transition date) plus the template's offset. A refresh moves a due date to a new anchor
only while it still sits where the template put it, so a date somebody changed by hand stays."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from assistant.models import Gap
from assistant.plan.template import PlanTemplate
from assistant.store.handoff_tables import TaskRow
from assistant.text.calendar_words import MONTH_STEMS

GAP_PREFIX = "gap:"
_MONTHS = re.compile(rf"\b(?:{'|'.join(MONTH_STEMS)})[a-z]*\b")


@dataclass
class Reconciled:
    """The plan's task rows in order, and what the refresh changed (task ids, for the audit log)."""

    rows: list[TaskRow]
    removed: list[TaskRow] = field(default_factory=list)
    added: list[TaskRow] = field(default_factory=list)
    resolved: list[int] = field(default_factory=list)
    rescheduled: list[int] = field(default_factory=list)


def gap_key(kind: str, title: str) -> str:
    """A gap's identity across refreshes: its kind and its text with the numbers masked (ages and counts change with
    as_of: "no reply for 9 business days as of Feb 06" and "for 12 business days as of Feb 11" are the same gap)."""
    text = _MONTHS.sub("<month>", " ".join(title.lower().split()))
    return f"{kind}|{re.sub(r'[0-9]+', '#', text)}"


def reconcile(
    plan_id: int,
    existing: list[TaskRow],
    template: PlanTemplate,
    gaps: list[Gap],
    old_anchor: date,
    new_anchor: date,
    now: datetime,
) -> Reconciled:
    result = Reconciled(rows=[])
    by_title = {(r.milestone, r.title): r for r in existing if not r.source.startswith(GAP_PREFIX)}
    unmatched_gaps = [r for r in existing if r.source.startswith(GAP_PREFIX)]

    def new_row(milestone: str, title: str, owner: str, offset: int, source: str) -> TaskRow:
        row = TaskRow(plan_id=plan_id, milestone=milestone, position=0, title=title, owner=owner,
                      due_date=new_anchor + timedelta(days=offset), status="open", source=source, updated_at=now)
        result.added.append(row)
        return row

    def keep(row: TaskRow, offset: int) -> TaskRow:
        if new_anchor != old_anchor and row.due_date == old_anchor + timedelta(days=offset):
            row.due_date = new_anchor + timedelta(days=offset)
            row.updated_at = now
            result.rescheduled.append(row.id)
        return row

    for milestone in template.milestones:
        for spec in milestone.tasks:
            row = by_title.pop((milestone.name, spec.title), None)
            if row is None:
                row = new_row(milestone.name, spec.title, spec.owner, spec.due_offset_days, "template")
            result.rows.append(keep(row, spec.due_offset_days) if row.id else row)
        if milestone.name == template.gaps.milestone:
            result.rows.extend(_gap_rows(template, gaps, unmatched_gaps, new_row, keep))

    for row in unmatched_gaps:  # their gap is no longer found: the documentation now covers it
        if row.status == "open":
            row.status = "done"
            row.updated_at = now
            result.resolved.append(row.id)
        result.rows.append(row)
    for row in by_title.values():  # gone from the template: dropped unless someone already closed it
        (result.removed if row.status == "open" else result.rows).append(row)

    for position, row in enumerate(result.rows):
        row.position = position
    return result


def _gap_rows(template: PlanTemplate, gaps: list[Gap], unmatched: list[TaskRow], new_row, keep) -> list[TaskRow]:
    spec = template.gaps
    rows = []
    for gap in gaps:
        key = gap_key(gap.kind.value, gap.detail)
        row = next((r for r in unmatched if gap_key(r.source[len(GAP_PREFIX):], r.title) == key), None)
        if row is None:
            rows.append(new_row(spec.milestone, gap.detail, spec.owner, spec.due_offset_days,
                                f"{GAP_PREFIX}{gap.kind.value}"))
            continue
        unmatched.remove(row)
        row.title = gap.detail  # the latest wording (ages and counts move with as_of)
        row.milestone = spec.milestone
        rows.append(keep(row, spec.due_offset_days))
    return rows
