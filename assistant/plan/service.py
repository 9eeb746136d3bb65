"""The handoff plan of an account: made from a plan template and the account's open documentation gaps, read back with
owners shown as the CRM's CSM names, and updated task by task. Every change goes to the audit log.

Decisions:
- One plan per account. Creating it again *refreshes* it: template tasks keep their status, owner and due date; new
  gaps become tasks; an open gap task whose gap is no longer found is closed as done; template tasks no longer in
  the template are dropped unless someone closed them. Due dates move with a changed transition date unless a
  person set them by hand.
- Due dates count from the CRM's transition effective date; without one, from ``as_of`` (the plan's ``note`` says so).
- An ingest that opens a handoff makes (or refreshes) the plan by itself, as the system (``plan_for_handoff``).
- Anyone who may see the account may read its plan (reviewers included); creating, refreshing and updating tasks need
  the csm or admin role.
- Progress counts done and skipped tasks as closed: closed / all, as a whole percentage.
- Owners are stored as roles (outgoing, incoming, reviewer) and shown as the CRM's names when it has them, so a
  re-ingested CRM record with a new incoming CSM shows up at once; a task given to a named person keeps that name."""

from __future__ import annotations

from datetime import date, datetime, timezone
from pathlib import Path

from sqlalchemy import select

from assistant.access import audit
from assistant.access.rules import WRITERS, require_role
from assistant.platform.context import Context
from assistant.platform.errors import HandoffError, InvalidRequest, NotFound
from assistant.debrief_items.status import open_only
from assistant.gaps.service import find_gaps
from assistant.models import Gap
from assistant.plan.models import TASK_STATUSES, Milestone, Plan, Task
from assistant.plan.tasks import GAP_PREFIX, reconcile
from assistant.plan.template import OWNER_ROLES, PlanTemplate, load_plan_template, template_for_ref, template_ref
from assistant.store.documents import crm_record
from assistant.store.handoff_tables import PlanRow, TaskRow
from ingest.document import CrmRecord

ROLE_LABELS = {"outgoing": "outgoing CSM", "incoming": "incoming CSM", "reviewer": "reviewer"}


def create_plan(context: Context, account_id: str, as_of: date, template: Path | None = None) -> Plan:
    """Make the account's plan, or refresh the one it has (see the module's decisions). ``template`` is a team's plan
    template file; without it a new plan uses the default and a refresh keeps the plan's own template."""
    with context.db.session() as session:
        context.account_access(account_id, session)
        require_role(context.principal, *WRITERS)
        existing = _plan_row(session, account_id)
    if template is None and existing is not None:
        ref, spec = existing.template, template_for_ref(existing.template)
    else:
        ref, spec = template_ref(template), load_plan_template(template)
    return _write_plan(context, account_id, as_of, ref, spec, _gaps(context, account_id, as_of))


def plan_for_handoff(context: Context, account_id: str, as_of: date) -> Plan:
    """``create_plan`` for a handoff an ingest opened: the account's plan made from the default template, or the one
    it has refreshed with its own template. The caller is the system, so no role is asked for."""
    with context.db.session() as session:
        context.account_access(account_id, session)
        existing = _plan_row(session, account_id)
    ref = existing.template if existing is not None else template_ref(None)
    return _write_plan(context, account_id, as_of, ref, template_for_ref(ref), _gaps(context, account_id, as_of))


def _gaps(context: Context, account_id: str, as_of: date) -> list[Gap]:
    """The gaps that become tasks, for a plan made by a person or by an ingest alike: the open ones (an answered or
    dismissed gap's task is done)."""
    return open_only(find_gaps(context, account_id, as_of))


def _write_plan(context: Context, account_id: str, as_of: date, ref: str, spec: PlanTemplate,
                gaps: list[Gap]) -> Plan:
    now = datetime.now(timezone.utc)
    with context.db.session() as session:
        crm = crm_record(context.account_access(account_id, session))
        plan = _plan_row(session, account_id)
        effective = _effective_date(crm)
        if plan is None:
            plan = PlanRow(account_id=account_id, template=ref, transition_date=effective or as_of, created_at=now)
            session.add(plan)
            session.flush()
            old_anchor, rows, action = plan.transition_date, [], "plan.create"
        else:
            old_anchor, rows, action = plan.transition_date, _task_rows(session, plan.id), "plan.refresh"
            plan.template = ref
            plan.transition_date = effective or old_anchor
        result = reconcile(plan.id, rows, spec, gaps, old_anchor, plan.transition_date, now)
        session.add_all(result.added)
        for row in result.removed:
            session.delete(row)
        session.flush()
        audit.record(context, action, account_id, "plan", plan.id, session=session, detail={
            "template": ref, "as_of": as_of.isoformat(), "due_dates_from": plan.transition_date.isoformat(),
            "added": [r.id for r in result.added], "resolved_gap_tasks": result.resolved,
            "removed": [r.id for r in result.removed], "rescheduled": result.rescheduled,
            "open_gaps": len(gaps),
        })
        return _plan(plan, result.rows, crm, spec)


def get_plan(context: Context, account_id: str) -> Plan:
    with context.db.session() as session:
        crm = crm_record(context.account_access(account_id, session))
        plan = _plan_row(session, account_id)
        if plan is None:
            raise NotFound(f"account {account_id!r} has no handoff plan yet; `handoff plan {account_id}` creates one")
        return _plan(plan, _task_rows(session, plan.id), crm, _template_or_none(plan.template))


def update_task(
    context: Context,
    account_id: str,
    task_id: int,
    status: str | None = None,
    owner: str | None = None,
    due_date: date | None = None,
) -> Task:
    """Change a task's status (open, done, skipped), owner (a role or a person's name) or due date. A task of another
    account's plan is NotFound, as if it did not exist."""
    if status is not None and status not in TASK_STATUSES:
        raise InvalidRequest(f"a task's status is one of {', '.join(TASK_STATUSES)}, not {status!r}")
    if owner is not None:
        owner = " ".join(owner.split())
        if not owner or len(owner) > 40:
            raise InvalidRequest("a task's owner is a role (outgoing, incoming, reviewer) or a name of 1 to 40 characters")
    with context.db.session() as session:
        crm = crm_record(context.account_access(account_id, session))
        require_role(context.principal, *WRITERS)
        row = session.scalar(
            select(TaskRow).join(PlanRow, TaskRow.plan_id == PlanRow.id)
            .where(TaskRow.id == task_id, PlanRow.account_id == account_id)
        )
        if row is None:
            raise NotFound(f"the plan of {account_id!r} has no task {task_id}; `handoff plan {account_id}` lists them")
        changes = {}
        for name, value in (("status", status), ("owner", owner), ("due_date", due_date)):
            if value is not None and getattr(row, name) != value:
                changes[name] = [_plain(getattr(row, name)), _plain(value)]
                setattr(row, name, value)
        if changes:
            row.updated_at = datetime.now(timezone.utc)
            audit.record(context, "plan.task.update", account_id, "plan_task", row.id, session=session,
                         detail={"title": row.title, "changes": changes})
        plan = session.get(PlanRow, row.plan_id)
        return _task(row, crm, _template_or_none(plan.template))


def close_internal_handoff(context: Context, account_id: str, why: str) -> str | None:
    """Mark the open tasks of the plan's internal-handoff milestone done (the incoming CSM accepted the handoff);
    returns the milestone's name, or None when the account has no plan. The milestone is the one whose name says
    "internal", else the plan's first."""
    with context.db.session() as session:
        context.account_access(account_id, session)
        plan = _plan_row(session, account_id)
        if plan is None:
            return None
        rows = _task_rows(session, plan.id)
        names = list(dict.fromkeys(row.milestone for row in rows))
        if not names:
            return None
        milestone = next((name for name in names if "internal" in name.lower()), names[0])
        now = datetime.now(timezone.utc)
        closed = [row for row in rows if row.milestone == milestone and row.status == "open"]
        for row in closed:
            row.status, row.updated_at = "done", now
        audit.record(context, "plan.milestone.complete", account_id, "plan", plan.id, session=session,
                     detail={"milestone": milestone, "tasks_closed": [row.title for row in closed], "why": why})
        return milestone


def _plan_row(session, account_id: str) -> PlanRow | None:
    query = select(PlanRow).where(PlanRow.account_id == account_id).order_by(PlanRow.id).limit(1)
    return session.scalars(query).first()


def _task_rows(session, plan_id: int) -> list[TaskRow]:
    query = select(TaskRow).where(TaskRow.plan_id == plan_id).order_by(TaskRow.position, TaskRow.id)
    return list(session.scalars(query))


def _effective_date(crm: CrmRecord | None) -> date | None:
    return crm.transition.effective_date if crm is not None and crm.transition is not None else None


def _template_or_none(ref: str) -> PlanTemplate | None:
    try:
        return template_for_ref(ref)
    except HandoffError:  # its file gone or no longer valid
        return None


def _plan(row: PlanRow, tasks: list[TaskRow], crm: CrmRecord | None, template: PlanTemplate | None) -> Plan:
    milestones: dict[str, Milestone] = {}
    for task in sorted(tasks, key=lambda t: (t.position, t.id)):
        milestones.setdefault(task.milestone, Milestone(name=task.milestone)).tasks.append(_task(task, crm, template))
    effective = _effective_date(crm)
    return Plan(id=row.id, account_id=row.account_id, template=row.template, transition_date=effective,
                due_dates_from=row.transition_date, note=_note(row, effective, template), created_at=row.created_at,
                milestones=list(milestones.values()))


def _note(row: PlanRow, effective: date | None, template: PlanTemplate | None) -> str | None:
    notes = []
    if effective is None:
        notes.append(f"The CRM record has no transition effective date, so due dates count from "
                     f"{row.transition_date.isoformat()} (the as_of date the plan was made on). Record the date in the "
                     f"CRM, ingest it again and refresh the plan (`handoff plan {row.account_id} --refresh`).")
    elif effective != row.transition_date:
        notes.append(f"The CRM's transition date is now {effective.isoformat()}, but due dates count from "
                     f"{row.transition_date.isoformat()}; `handoff plan {row.account_id} --refresh` moves them.")
    if template is None:
        notes.append(f"The plan's template {row.template} cannot be read, so tasks show no 'done when' hints.")
    return " ".join(notes) or None


def _task(row: TaskRow, crm: CrmRecord | None, template: PlanTemplate | None) -> Task:
    owner, role = _owner(row.owner, crm)
    return Task(id=row.id, milestone=row.milestone, position=row.position, title=row.title, owner=owner,
                owner_role=role, due_date=row.due_date, status=row.status, source=row.source,
                done_when=_done_when(row, template), updated_at=row.updated_at)


def _owner(stored: str, crm: CrmRecord | None) -> tuple[str, str | None]:
    if stored not in OWNER_ROLES:
        return stored, None
    person = None
    if crm is not None:
        person = {"outgoing": crm.owner_csm, "incoming": crm.incoming_csm}.get(stored)
    return (person.name if person is not None and person.name else ROLE_LABELS[stored]), stored


def _done_when(row: TaskRow, template: PlanTemplate | None) -> str | None:
    if template is None:
        return None
    if row.source.startswith(GAP_PREFIX):
        return template.gaps.done_when
    spec = template.task(row.milestone, row.title)
    return spec.done_when if spec is not None else None


def _plain(value):
    return value.isoformat() if isinstance(value, date) else value
