"""Readiness and acceptance: the incoming CSM accepts the handoff once nothing of high severity is open, or with the
open items listed; acceptance is audited, completes the plan's internal-handoff milestone and happens once."""

from __future__ import annotations

import pytest

from assistant.access.rules import Principal
from assistant.access.audit import read_events
from assistant.debrief_items.service import answer_item, dismiss_item
from assistant.platform.errors import Conflict, Forbidden
from assistant.handoffs.acceptance import accept_handoff
from assistant.handoffs.readiness import readiness
from assistant.handoffs.reads import get_handoff
from assistant.plan.service import get_plan
from handoffs.helpers import ACCOUNT, AS_OF, INES, TOMAS, TRANSITION, ingest, set_crm

OUTGOING = Principal(user_id=51, name="Ines Fallon", role="csm", email="ines.fallon@vendor.example")
INCOMING = Principal(user_id=52, name="Tomas Greer", role="csm", email="tomas.greer@vendor.example")


@pytest.fixture
def handing_over(context, tiny_account):
    set_crm(tiny_account, owner=INES, incoming=TOMAS, transition=TRANSITION)
    ingest(context, tiny_account)
    return context


def _high_gaps(context) -> list[str]:
    return [i.id for i in readiness(context, ACCOUNT, AS_OF).open_items if i.severity == "high"]


def test_readiness_counts_open_gaps_by_severity_and_the_plans_progress(handing_over):
    ready = readiness(handing_over, ACCOUNT, AS_OF)

    assert ready.handoff.status == "open" and not ready.ready
    assert ready.open_gaps["high"] == len(_high_gaps(handing_over)) > 0
    assert ready.plan_progress == 0 and ready.note_version is None and ready.open_questions == 0


def test_the_incoming_csm_may_not_accept_while_a_high_severity_gap_is_open_unless_listing_it(handing_over):
    incoming = handing_over.as_principal(INCOMING)
    high = _high_gaps(handing_over)

    with pytest.raises(Conflict, match="high-severity gap"):
        accept_handoff(incoming, ACCOUNT, AS_OF)
    accepted = accept_handoff(incoming, ACCOUNT, AS_OF, with_open_items=True)

    assert accepted.handoff.status == "accepted" and accepted.handoff.accepted_by == "Tomas Greer"
    assert set(high) <= {item.id for item in accepted.open_items}
    [event] = [e for e in read_events(handing_over) if e.action == "handoff.accept"]
    assert set(high) <= set(event.detail["open_items"]) and event.actor == "Tomas Greer"


def test_once_the_high_severity_gaps_are_answered_the_handoff_is_accepted_and_the_internal_milestone_completes(
        handing_over):
    outgoing = handing_over.as_principal(OUTGOING)
    for gap_id in _high_gaps(handing_over):
        dismiss_item(outgoing, ACCOUNT, gap_id, "Covered in the live debrief.", as_of=AS_OF)
    assert readiness(handing_over, ACCOUNT, AS_OF).ready

    accepted = accept_handoff(handing_over.as_principal(INCOMING), ACCOUNT, AS_OF)

    assert accepted.milestone_completed == "Internal handoff"
    internal = next(m for m in get_plan(handing_over, ACCOUNT).milestones if m.name == "Internal handoff")
    assert internal.progress_percent == 100
    assert get_handoff(handing_over, ACCOUNT).status == "accepted"


def test_only_the_incoming_csm_or_an_admin_accepts_and_only_once(handing_over):
    with pytest.raises(Forbidden, match="incoming CSM"):
        accept_handoff(handing_over.as_principal(OUTGOING), ACCOUNT, AS_OF, with_open_items=True)
    accept_handoff(handing_over, ACCOUNT, AS_OF, with_open_items=True)  # the local operator is an admin

    with pytest.raises(Conflict, match="accepted already"):
        accept_handoff(handing_over.as_principal(INCOMING), ACCOUNT, AS_OF, with_open_items=True)
    assert len([e for e in read_events(handing_over) if e.action == "handoff.accept"]) == 1


def test_an_answer_from_the_outgoing_csm_counts_towards_readiness(handing_over):
    outgoing = handing_over.as_principal(OUTGOING)
    before = readiness(handing_over, ACCOUNT, AS_OF).open_gaps["high"]

    answer_item(outgoing, ACCOUNT, "missing_primary_contact", "Priya Nandakumar is the day-to-day contact.",
                as_of=AS_OF)

    assert readiness(handing_over, ACCOUNT, AS_OF).open_gaps["high"] == before - 1
