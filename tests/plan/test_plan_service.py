"""The handoff plan service on the example account: template tasks, gap tasks, owners, due dates, progress,
refreshing, access and audit."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from assistant.access.rules import Principal
from assistant.access.audit import read_events
from assistant.platform.errors import Forbidden, InvalidRequest, NotFound
from assistant.gaps.service import find_gaps
from assistant.plan.service import create_plan, get_plan, update_task
from plan.helpers import AS_OF, FERNHILL, PRODUCT_TASKS, TEAM_TEMPLATE, TRANSITION


def _template_tasks(plan):
    return {m.name: [t.title for t in m.tasks if t.source == "template"] for m in plan.milestones}


def test_the_default_plan_has_both_milestones_with_the_product_tasks_in_order(fernhill):
    plan = create_plan(fernhill, FERNHILL, AS_OF)

    assert [m.name for m in plan.milestones] == ["Internal handoff", "External handoff"]
    assert _template_tasks(plan) == PRODUCT_TASKS
    assert all(t.status == "open" and t.done_when for t in plan.tasks)


def test_due_dates_count_from_the_transition_effective_date(fernhill):
    plan = create_plan(fernhill, FERNHILL, AS_OF)
    due = {t.title: t.due_date for t in plan.tasks}

    assert plan.transition_date == plan.due_dates_from == TRANSITION and plan.note is None
    assert due["Documentation complete"] == TRANSITION - timedelta(days=7)
    assert due["CRM owner updated"] == TRANSITION
    assert due["Joint intro call"] == TRANSITION + timedelta(days=7)


def test_owners_are_the_crm_owner_and_incoming_csm(fernhill):
    owners = {t.title: (t.owner, t.owner_role) for t in create_plan(fernhill, FERNHILL, AS_OF).tasks}

    assert owners["Documentation complete"] == ("Nadia Voss", "outgoing")
    assert owners["Joint intro call"] == ("Elliot Faraday", "incoming")


def test_open_gaps_become_internal_handoff_tasks_due_before_the_transition(fernhill):
    gaps = find_gaps(fernhill, FERNHILL, AS_OF)

    plan = create_plan(fernhill, FERNHILL, AS_OF)

    gap_tasks = [t for t in plan.tasks if t.source.startswith("gap:")]
    assert sorted(t.source for t in gap_tasks) == sorted(f"gap:{g.kind.value}" for g in gaps)
    assert {t.title for t in gap_tasks} == {g.detail for g in gaps}
    assert all(t.milestone == "Internal handoff" and t.due_date < TRANSITION for t in gap_tasks)
    assert [t.source for t in plan.milestones[0].tasks][:5] == ["template"] * 5  # template tasks first


def test_completing_tasks_moves_the_progress_percentage(fernhill):
    plan = create_plan(fernhill, FERNHILL, AS_OF)
    first, second = plan.tasks[0], plan.tasks[-1]
    assert plan.progress_percent == 0

    update_task(fernhill, FERNHILL, first.id, status="done")
    update_task(fernhill, FERNHILL, second.id, status="skipped")

    after = get_plan(fernhill, FERNHILL)
    assert after.progress_percent == round(100 * 2 / len(plan.tasks))
    assert after.milestones[0].progress_percent == round(100 / len(plan.milestones[0].tasks))
    update_task(fernhill, FERNHILL, first.id, status="open")
    assert get_plan(fernhill, FERNHILL).progress_percent == round(100 / len(plan.tasks))


def test_recreating_the_plan_keeps_statuses_owners_and_due_dates(fernhill):
    plan = create_plan(fernhill, FERNHILL, AS_OF)
    gap_task = next(t for t in plan.tasks if t.source.startswith("gap:"))
    update_task(fernhill, FERNHILL, plan.tasks[0].id, status="done", owner="Corinne Abara")
    update_task(fernhill, FERNHILL, gap_task.id, status="skipped", due_date=date(2026, 2, 10))

    again = create_plan(fernhill, FERNHILL, AS_OF + timedelta(days=3))  # gap ages move on; the gaps are the same

    assert again.id == plan.id and len(again.tasks) == len(plan.tasks)
    kept = again.task(plan.tasks[0].id)
    assert (kept.status, kept.owner, kept.owner_role) == ("done", "Corinne Abara", None)
    kept_gap = again.task(gap_task.id)
    assert (kept_gap.status, kept_gap.due_date) == ("skipped", date(2026, 2, 10))


def test_a_team_template_file_makes_the_plan(tiny_without_transition, tmp_path):
    path = tmp_path / "lean.yaml"
    path.write_text(TEAM_TEMPLATE)

    plan = create_plan(tiny_without_transition, "tiny-co", AS_OF, template=path)

    assert plan.template == str(path.resolve())
    assert _template_tasks(plan) == {"Prepare": ["Write the note"], "Meet the customer": ["Intro call"]}
    gap_tasks = [t for t in plan.tasks if t.source.startswith("gap:")]
    assert gap_tasks and all(t.owner_role == "incoming" and t.milestone == "Prepare" for t in gap_tasks)
    assert get_plan(tiny_without_transition, "tiny-co").tasks[0].done_when == "The note is reviewed."


def test_switching_templates_drops_open_tasks_it_no_longer_has_but_keeps_closed_ones(fernhill, tmp_path):
    plan = create_plan(fernhill, FERNHILL, AS_OF)
    closed = next(t for t in plan.tasks if t.title == "Debrief held")
    update_task(fernhill, FERNHILL, closed.id, status="done")
    path = tmp_path / "lean.yaml"
    path.write_text(TEAM_TEMPLATE)

    switched = create_plan(fernhill, FERNHILL, AS_OF, template=path)

    titles = {t.title for t in switched.tasks if t.source == "template"}
    assert titles == {"Write the note", "Intro call", "Debrief held"}


def test_another_accounts_task_cannot_be_updated(fernhill, tiny):
    fernhill_task = create_plan(fernhill, FERNHILL, AS_OF).tasks[0]
    create_plan(tiny, "tiny-co", AS_OF)

    with pytest.raises(NotFound, match="no task"):
        update_task(tiny, "tiny-co", fernhill_task.id, status="done")
    assert get_plan(fernhill, FERNHILL).task(fernhill_task.id).status == "open"


def test_every_change_is_audited(fernhill):
    plan = create_plan(fernhill, FERNHILL, AS_OF)
    task = plan.tasks[0]
    update_task(fernhill, FERNHILL, task.id, status="done")
    update_task(fernhill, FERNHILL, task.id, owner="incoming", due_date=date(2026, 2, 12))
    create_plan(fernhill, FERNHILL, AS_OF)

    events = list(reversed(read_events(fernhill, account_id=FERNHILL)))
    # the ingest that opened the handoff made the plan; the person's first create_plan refreshes it
    assert [(e.action, e.actor) for e in events if e.action.startswith("plan")] == [
        ("plan.create", "ingest"), ("plan.refresh", "local operator"), ("plan.task.update", "local operator"),
        ("plan.task.update", "local operator"), ("plan.refresh", "local operator")]
    updates = [e for e in events if e.action == "plan.task.update"]
    assert updates[0].object_id == str(task.id) and updates[0].detail["changes"] == {"status": ["open", "done"]}
    assert updates[1].detail["changes"] == {"owner": ["outgoing", "incoming"],
                                             "due_date": ["2026-02-09", "2026-02-12"]}


def test_an_unknown_status_is_refused(fernhill):
    task = create_plan(fernhill, FERNHILL, AS_OF).tasks[0]

    with pytest.raises(InvalidRequest, match="open, done, skipped"):
        update_task(fernhill, FERNHILL, task.id, status="finished")


def test_the_plan_must_be_created_before_it_can_be_read_when_no_handoff_made_it(tiny_without_transition):
    with pytest.raises(NotFound, match="handoff plan tiny-co"):
        get_plan(tiny_without_transition, "tiny-co")


def test_a_reviewer_may_read_the_plan_but_not_change_it(fernhill):
    from assistant.access.users import add_user, assign

    plan = create_plan(fernhill, FERNHILL, AS_OF)
    user = add_user(fernhill, "Rowan Lead", "reviewer")
    assign(fernhill, "Rowan Lead", FERNHILL)
    reviewer = fernhill.as_principal(user.principal())

    assert get_plan(reviewer, FERNHILL).id == plan.id
    with pytest.raises(Forbidden):
        update_task(reviewer, FERNHILL, plan.tasks[0].id, status="done")
    with pytest.raises(Forbidden):
        create_plan(reviewer, FERNHILL, AS_OF)


def test_a_csm_who_cannot_see_the_account_gets_not_found(fernhill):
    plan = create_plan(fernhill, FERNHILL, AS_OF)
    stranger = fernhill.as_principal(Principal(user_id=999, name="Stranger", role="csm", email="x@example.com"))

    with pytest.raises(NotFound):
        get_plan(stranger, FERNHILL)
    with pytest.raises(NotFound):
        update_task(stranger, FERNHILL, plan.tasks[0].id, status="done")
