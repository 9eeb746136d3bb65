"""A handoff opens itself: an ingest that sees a transition in the account's CRM record opens a handoff, makes its
plan and writes the audit log; an ingest that sees nothing new opens nothing."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from assistant.access.audit import read_events
from assistant.platform.errors import NotFound
from assistant.handoffs.reads import get_handoff, list_handoffs
from assistant.plan.service import get_plan
from handoffs.helpers import ACCOUNT, AS_OF, ELENA, INES, TOMAS, TRANSITION, ingest, set_crm

EFFECTIVE = date(2025, 11, 17)


def test_a_first_ingest_naming_an_incoming_csm_opens_a_handoff(context, tiny_account):
    set_crm(tiny_account, owner=INES, incoming=TOMAS, transition=TRANSITION)

    report = ingest(context, tiny_account)

    handoff = get_handoff(context, ACCOUNT)
    assert (handoff.outgoing.name, handoff.outgoing.email) == ("Ines Fallon", "ines.fallon@vendor.example")
    assert (handoff.incoming.name, handoff.incoming.email) == ("Tomas Greer", "tomas.greer@vendor.example")
    assert (handoff.reason, handoff.effective_date, handoff.status) == ("territory change", EFFECTIVE, "open")
    assert (handoff.trigger, handoff.opened_by, handoff.accepted_at) == ("incoming_csm_named", "ingest", None)
    assert any(note.startswith("handoff opened: Ines Fallon -> Tomas Greer, effective 2025-11-17")
               for note in report.notes)


def test_a_first_ingest_with_only_a_transition_section_opens_one_waiting_for_its_incoming_csm(context, tiny_account):
    set_crm(tiny_account, owner=INES, transition=TRANSITION)

    ingest(context, tiny_account)

    handoff = get_handoff(context, ACCOUNT)
    assert (handoff.outgoing.name, handoff.incoming, handoff.trigger) == ("Ines Fallon", None, "transition_appeared")


def test_an_account_whose_record_names_only_its_owner_has_no_handoff(context, tiny_account):
    set_crm(tiny_account, owner=INES)

    ingest(context, tiny_account)

    assert list_handoffs(context, ACCOUNT) == []
    with pytest.raises(NotFound, match="no handoff"):
        get_handoff(context, ACCOUNT)


def test_re_ingesting_unchanged_data_opens_nothing(context, tiny_account):
    set_crm(tiny_account, owner=INES, incoming=TOMAS, transition=TRANSITION)
    ingest(context, tiny_account)

    again = ingest(context, tiny_account)

    assert len(list_handoffs(context, ACCOUNT)) == 1
    assert not any("handoff" in note for note in again.notes)
    assert [e.action for e in read_events(context, account_id=ACCOUNT) if e.action.startswith("handoff")] == [
        "handoff.open"]


def test_a_changed_owner_opens_a_handoff_from_the_old_owner_to_the_new_one(context, tiny_account):
    set_crm(tiny_account, owner=INES)
    ingest(context, tiny_account)
    set_crm(tiny_account, owner=ELENA)

    ingest(context, tiny_account)

    handoff = get_handoff(context, ACCOUNT)
    assert (handoff.outgoing.name, handoff.incoming.name, handoff.trigger) == (
        "Ines Fallon", "Elena Marsh", "owner_changed")
    assert handoff.effective_date is None


def test_a_newly_named_incoming_csm_on_a_known_account_opens_a_handoff(context, tiny_account):
    set_crm(tiny_account, owner=INES)
    ingest(context, tiny_account)
    set_crm(tiny_account, owner=INES, incoming=TOMAS, transition=TRANSITION)

    ingest(context, tiny_account)

    handoff = get_handoff(context, ACCOUNT)
    assert (handoff.outgoing.name, handoff.incoming.name, handoff.trigger) == (
        "Ines Fallon", "Tomas Greer", "incoming_csm_named")


def test_the_plan_is_made_from_the_template_with_due_dates_from_the_effective_date(context, tiny_account):
    set_crm(tiny_account, owner=INES, incoming=TOMAS, transition=TRANSITION)

    ingest(context, tiny_account)

    plan = get_plan(context, ACCOUNT)
    due = {t.title: t.due_date for t in plan.tasks}
    assert plan.due_dates_from == plan.transition_date == EFFECTIVE
    assert due["CRM owner updated"] == EFFECTIVE and due["Documentation complete"] == EFFECTIVE - timedelta(days=7)
    assert {t.owner for t in plan.tasks if t.owner_role == "incoming"} == {"Tomas Greer"}
    assert any(t.source.startswith("gap:") for t in plan.tasks)  # the gaps found as of the ingest's as_of


def test_without_an_effective_date_the_plan_counts_from_the_ingests_as_of(context, tiny_account):
    set_crm(tiny_account, owner=INES)
    ingest(context, tiny_account)
    set_crm(tiny_account, owner=ELENA)

    ingest(context, tiny_account)

    assert get_plan(context, ACCOUNT).due_dates_from == AS_OF


def test_opening_is_audited_with_its_trigger_the_csms_and_who_ran_the_ingest(context, tiny_account):
    set_crm(tiny_account, owner=INES, incoming=TOMAS, transition=TRANSITION)

    ingest(context, tiny_account)

    events = list(reversed(read_events(context, account_id=ACCOUNT)))
    opened = next(e for e in events if e.action == "handoff.open")
    assert (opened.actor, opened.actor_id, opened.object_type) == ("ingest", None, "handoff")
    assert opened.object_id == str(get_handoff(context, ACCOUNT).id)
    assert opened.detail["trigger"] == ["incoming_csm_named", "transition_appeared"]
    assert opened.detail["outgoing"] == "Ines Fallon <ines.fallon@vendor.example>"
    assert opened.detail["incoming"] == "Tomas Greer <tomas.greer@vendor.example>"
    assert opened.detail["ingested_by"] == "local operator"
    assert [(e.action, e.actor) for e in events if e.action == "plan.create"] == [("plan.create", "ingest")]


def test_an_ingest_does_not_fail_when_the_handoff_cannot_be_opened(context, tiny_account, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("handoff store unavailable")

    monkeypatch.setattr("assistant.handoffs.service._open_row", broken)
    set_crm(tiny_account, owner=INES, incoming=TOMAS, transition=TRANSITION)

    report = ingest(context, tiny_account)

    assert report.documents > 0 and get_handoff_or_none(context) is None
    assert any("handoff could not be opened" in note and "handoff store unavailable" in note for note in report.notes)


def test_a_plan_that_cannot_be_made_leaves_the_handoff_open_and_says_so(context, tiny_account, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("plan template unreadable")

    monkeypatch.setattr("assistant.handoffs.service.plan_for_handoff", broken)
    set_crm(tiny_account, owner=INES, incoming=TOMAS, transition=TRANSITION)

    report = ingest(context, tiny_account)

    assert get_handoff(context, ACCOUNT).status == "open"
    assert any("its plan could not be made" in note and "`handoff plan tiny-co`" in note for note in report.notes)


def get_handoff_or_none(context):
    try:
        return get_handoff(context, ACCOUNT)
    except NotFound:
        return None


def test_a_transition_whose_ingest_was_interrupted_opens_its_handoff_at_the_next_ingest(context, tiny_account,
                                                                                        monkeypatch):
    set_crm(tiny_account, owner=INES, incoming=TOMAS, transition=TRANSITION)
    with monkeypatch.context() as interrupted:  # the record is stored, then the process dies before the handoff
        interrupted.setattr("assistant.account.ingest.notice_transition", lambda *args: None)
        ingest(context, tiny_account)
    assert list_handoffs(context, ACCOUNT) == []

    ingest(context, tiny_account)

    assert get_handoff(context, ACCOUNT).incoming.name == "Tomas Greer"
