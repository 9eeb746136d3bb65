"""What a later change of the CRM record does to a handoff already open: the same transition is updated in place, a
different incoming CSM supersedes it, and the CRM catching up (the incoming CSM becomes the owner) opens nothing."""

from __future__ import annotations

from datetime import date

from assistant.access.audit import read_events
from assistant.handoffs.reads import get_handoff, list_handoffs
from assistant.plan.service import get_plan
from assistant.store.handoff_tables import HandoffRow
from handoffs.helpers import ACCOUNT, ELENA, INES, TOMAS, TRANSITION, ingest, set_crm


def test_a_different_incoming_csm_supersedes_the_open_handoff(context, tiny_account):
    set_crm(tiny_account, owner=INES, incoming=TOMAS, transition=TRANSITION)
    ingest(context, tiny_account)
    first = get_handoff(context, ACCOUNT)
    set_crm(tiny_account, owner=INES, incoming=ELENA, transition=TRANSITION)

    ingest(context, tiny_account)

    current = get_handoff(context, ACCOUNT)
    assert (current.incoming.name, current.status, current.trigger) == ("Elena Marsh", "open", "incoming_csm_named")
    [newest, old] = list_handoffs(context, ACCOUNT)
    assert newest.id == current.id and (old.id, old.status, old.superseded_by) == (first.id, "superseded", current.id)
    opened = [e for e in read_events(context, account_id=ACCOUNT) if e.action == "handoff.open"]
    assert opened[0].detail["supersedes"] == first.id
    assert {t.owner for t in get_plan(context, ACCOUNT).tasks if t.owner_role == "incoming"} == {"Elena Marsh"}


def test_a_moved_effective_date_updates_the_open_handoff_and_opens_no_other(context, tiny_account):
    set_crm(tiny_account, owner=INES, incoming=TOMAS, transition=TRANSITION)
    ingest(context, tiny_account)
    set_crm(tiny_account, owner=INES, incoming=TOMAS, transition={**TRANSITION, "effective_date": "2025-12-01"})

    ingest(context, tiny_account)

    [handoff] = list_handoffs(context, ACCOUNT)
    assert (handoff.effective_date, handoff.status) == (date(2025, 12, 1), "open")
    [update] = [e for e in read_events(context, account_id=ACCOUNT) if e.action == "handoff.update"]
    assert update.actor == "ingest" and update.detail["changes"] == {"effective_date": ["2025-11-17", "2025-12-01"]}


def test_an_incoming_csm_named_later_completes_the_handoff_that_waited_for_one(context, tiny_account):
    set_crm(tiny_account, owner=INES, transition=TRANSITION)
    ingest(context, tiny_account)
    set_crm(tiny_account, owner=INES, incoming=TOMAS, transition=TRANSITION)

    ingest(context, tiny_account)

    [handoff] = list_handoffs(context, ACCOUNT)
    assert (handoff.incoming.name, handoff.trigger, handoff.status) == ("Tomas Greer", "transition_appeared", "open")


def test_the_crm_making_the_incoming_csm_its_owner_is_the_same_handoff(context, tiny_account):
    set_crm(tiny_account, owner=INES, incoming=TOMAS, transition=TRANSITION)
    ingest(context, tiny_account)
    set_crm(tiny_account, owner=TOMAS, incoming=None, transition=TRANSITION)

    ingest(context, tiny_account)

    [handoff] = list_handoffs(context, ACCOUNT)
    assert (handoff.outgoing.name, handoff.incoming.name, handoff.status) == ("Ines Fallon", "Tomas Greer", "open")


def test_a_transition_removed_from_the_crm_leaves_the_open_handoff_alone(context, tiny_account):
    set_crm(tiny_account, owner=INES, incoming=TOMAS, transition=TRANSITION)
    ingest(context, tiny_account)
    set_crm(tiny_account, owner=INES)

    ingest(context, tiny_account)

    [handoff] = list_handoffs(context, ACCOUNT)
    assert (handoff.incoming.name, handoff.status) == ("Tomas Greer", "open")


def test_a_removed_transition_section_keeps_the_date_of_a_handoff_waiting_for_its_incoming_csm(context, tiny_account):
    set_crm(tiny_account, owner=INES, transition=TRANSITION)
    ingest(context, tiny_account)
    set_crm(tiny_account, owner=INES)

    ingest(context, tiny_account)

    [handoff] = list_handoffs(context, ACCOUNT)
    assert (handoff.effective_date, handoff.reason) == (date(2025, 11, 17), "territory change")
    assert not [e for e in read_events(context, account_id=ACCOUNT) if e.action == "handoff.update"]


def test_the_crm_catching_up_after_the_handoff_was_accepted_opens_nothing(context, tiny_account):
    set_crm(tiny_account, owner=INES, incoming=TOMAS, transition=TRANSITION)
    ingest(context, tiny_account)
    with context.db.session() as session:  # as accepting it (issue 14 part 3) will
        row = session.get(HandoffRow, get_handoff(context, ACCOUNT).id)
        row.status, row.accepted_by = "accepted", "Tomas Greer"
    set_crm(tiny_account, owner=TOMAS, incoming=None, transition=None)

    ingest(context, tiny_account)

    [handoff] = list_handoffs(context, ACCOUNT)
    assert handoff.status == "accepted" and get_handoff(context, ACCOUNT).id == handoff.id
