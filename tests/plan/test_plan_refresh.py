"""Refreshing a plan after the CRM record changes (on the tiny-co fixture account, whose CRM we may rewrite)."""

from __future__ import annotations

from datetime import date, timedelta

from assistant.account.ingest import ingest_path
from assistant.plan.service import create_plan, get_plan, update_task
from plan.helpers import rewrite_crm

AS_OF = date(2025, 10, 20)
TINY = "tiny-co"


def test_without_a_crm_transition_date_due_dates_count_from_as_of_with_a_note(context, tiny_account):
    rewrite_crm(tiny_account, transition=None)
    ingest_path(context, tiny_account, as_of=AS_OF)

    plan = create_plan(context, TINY, AS_OF)

    assert plan.transition_date is None and plan.due_dates_from == AS_OF
    assert "no transition effective date" in plan.note and AS_OF.isoformat() in plan.note
    assert next(t for t in plan.tasks if t.title == "Joint intro call").due_date == AS_OF + timedelta(days=7)


def test_a_moved_transition_date_moves_due_dates_nobody_changed_by_hand(context, tiny_account):
    ingest_path(context, tiny_account, as_of=AS_OF)
    plan = create_plan(context, TINY, AS_OF)
    pinned = plan.tasks[0]
    update_task(context, TINY, pinned.id, due_date=date(2025, 10, 25))
    rewrite_crm(tiny_account, transition={"reason": "promotion", "effective_date": "2025-11-10"})
    ingest_path(context, tiny_account, as_of=AS_OF)

    stale = get_plan(context, TINY)
    assert "2025-11-10" in stale.note and "--refresh" in stale.note

    moved = create_plan(context, TINY, AS_OF)
    assert moved.due_dates_from == date(2025, 11, 10) and moved.note is None
    assert next(t for t in moved.tasks if t.title == "CRM owner updated").due_date == date(2025, 11, 10)
    assert moved.task(pinned.id).due_date == date(2025, 10, 25)


def test_a_gap_task_closes_when_its_gap_is_no_longer_found(context, tiny_account):
    rewrite_crm(tiny_account, health_score=None)
    ingest_path(context, tiny_account, as_of=AS_OF)
    plan = create_plan(context, TINY, AS_OF)
    health = next(t for t in plan.tasks if t.source == "gap:missing_health_score")

    rewrite_crm(tiny_account, health_score=71)
    ingest_path(context, tiny_account, as_of=AS_OF)
    refreshed = create_plan(context, TINY, AS_OF)

    assert refreshed.task(health.id).status == "done"
    assert not [t for t in refreshed.tasks if t.source == "gap:missing_health_score" and t.status == "open"]


def test_a_new_incoming_csm_in_the_crm_becomes_the_owner_of_their_tasks(context, tiny_account):
    ingest_path(context, tiny_account, as_of=AS_OF)
    create_plan(context, TINY, AS_OF)
    rewrite_crm(tiny_account, incoming_csm={"name": "June Park", "email": "june.park@vendor.example"})
    ingest_path(context, tiny_account, as_of=AS_OF)

    owners = {t.owner for t in get_plan(context, TINY).tasks if t.owner_role == "incoming"}

    assert owners == {"June Park"}
