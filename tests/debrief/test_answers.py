"""The outgoing CSM answers or dismisses gaps and debrief questions: each item has a stable id and a status; an
answer becomes a debrief source that is indexed and cited like any other and counts as evidence everywhere; an
answered gap stays closed until newer material brings the problem back."""

from __future__ import annotations

import json
from datetime import date

import pytest

from assistant.access.rules import Principal
from assistant.access.audit import read_events
from assistant.debrief_items.service import answer_item, dismiss_item
from assistant.platform.errors import Forbidden, InvalidRequest, NotFound
from assistant.gaps.service import find_gaps
from assistant.account.ingest import ingest_path
from assistant.pack.assemble import build_pack
from assistant.grounding.retrieval import search
from tests_support import stored_documents

AS_OF = date(2025, 12, 1)
RENEWAL_ANSWER = "The contract renews on 31 March 2026; Priya confirmed it on our last call."
OUTGOING = Principal(user_id=41, name="Mara Quinn", role="csm", email="mara.quinn@vendor.example")
INCOMING = Principal(user_id=42, name="Felix Okoro", role="csm", email="felix.okoro@vendor.example")


@pytest.fixture
def account(context, tiny_account):
    """tiny-co with no renewal date in its CRM record, ingested."""
    crm = json.loads((tiny_account / "crm.json").read_text())
    del crm["renewal_date"]
    (tiny_account / "crm.json").write_text(json.dumps(crm))
    ingest_path(context, tiny_account)
    return tiny_account


def _gaps(context) -> dict:
    return {gap.id: gap for gap in find_gaps(context, "tiny-co", AS_OF)}


def test_every_gap_has_an_id_that_stays_the_same_when_more_material_arrives(context, account):
    before = _gaps(context)
    (account / "meetings" / "2025-11-20-check-in.md").write_text("# Check-in\n\nWe talked about the dashboards.\n")
    ingest_path(context, account)

    assert "missing_renewal_date" in before and all(gap.status == "open" for gap in before.values())
    assert set(before) <= set(_gaps(context))
    assert len({gap.id for gap in before.values()}) == len(before)


def test_an_answer_is_a_cited_debrief_source_that_closes_the_gap_and_fills_the_snapshot(context, account):
    answered = answer_item(context, "tiny-co", "missing_renewal_date", RENEWAL_ANSWER, "Mara Quinn", AS_OF)

    assert answered.status == "answered" and answered.source == "debrief/missing_renewal_date"
    gap = _gaps(context)["missing_renewal_date"]
    assert gap.status == "answered" and gap.answer.text == RENEWAL_ANSWER and gap.answer.author == "Mara Quinn"
    [source] = [d for d in stored_documents(context, "tiny-co").values() if d.source_type.value == "debrief"]
    assert source.source_path == "debrief/missing_renewal_date" and source.metadata.author == "Mara Quinn"
    assert any(h.source_path == "debrief/missing_renewal_date"
               for h in search(context, "tiny-co", "when does the contract renew", k=5))
    pack = build_pack(context, "tiny-co", AS_OF)
    snapshot = next(s for s in pack.note.sections if s.key == "account_snapshot")
    [filled] = [s for s in snapshot.statements if s.text.startswith("Renewal date: 2026-03-31")]
    assert "Mara Quinn's debrief answer" in filled.text
    assert [c.source for c in filled.citations] == ["debrief/missing_renewal_date"]
    assert "missing_renewal_date" not in [g.id for g in pack.gaps if g.status == "open"]
    assert not any("renewal date" in s.text.lower() for s in next(
        s for s in pack.note.sections if s.key == "gaps").statements)


def test_a_dismissal_keeps_its_reason_and_author_and_takes_the_gap_off_the_open_list(context, account):
    dismiss_item(context, "tiny-co", "missing_communication_preference", "They answer whatever channel we use.",
                 "Mara Quinn", AS_OF)

    gap = _gaps(context)["missing_communication_preference"]
    assert gap.status == "dismissed" and gap.answer.text == "They answer whatever channel we use."
    assert gap.answer.author == "Mara Quinn" and gap.answer.source is None
    events = [e for e in read_events(context) if e.action == "debrief.dismiss"]
    assert events and events[0].detail["author"] == "Mara Quinn"


def test_an_answered_gap_opens_again_when_newer_material_brings_the_problem_back(context, account):
    [aging] = [gap_id for gap_id in _gaps(context) if gap_id.startswith("aging_high_priority_ticket")]
    answer_item(context, "tiny-co", aging, "Engineering fixed the scheduler on 20 October.", "Mara Quinn", AS_OF)
    assert _gaps(context)[aging].status == "answered"
    export = account / "tickets" / "tickets.json"
    export.write_text(export.read_text().replace('"updated_at": "2025-10-07T09:00:00Z"',
                                                 '"updated_at": "2025-11-28T09:00:00Z"', 1))

    ingest_path(context, account)

    reopened = _gaps(context)[aging]
    assert reopened.status == "open" and reopened.answer.text.startswith("Engineering fixed")


def test_an_unknown_item_or_an_empty_answer_is_refused_and_changes_nothing(context, account):
    with pytest.raises(NotFound, match="no gap or debrief question 'missing_nothing'"):
        answer_item(context, "tiny-co", "missing_nothing", "Some answer", "Mara Quinn", AS_OF)
    with pytest.raises(InvalidRequest, match="may not be empty"):
        answer_item(context, "tiny-co", "missing_renewal_date", "   ", "Mara Quinn", AS_OF)
    with pytest.raises(InvalidRequest):
        dismiss_item(context, "tiny-co", "missing_renewal_date", "", "Mara Quinn", AS_OF)

    assert all(gap.status == "open" for gap in _gaps(context).values())
    assert not [e for e in read_events(context) if e.action.startswith("debrief.")]


def test_only_the_outgoing_csm_or_an_admin_answers(context, account):
    outgoing = context.as_principal(OUTGOING)
    incoming = context.as_principal(INCOMING)

    with pytest.raises(Forbidden, match="outgoing CSM"):
        answer_item(incoming, "tiny-co", "missing_renewal_date", RENEWAL_ANSWER, as_of=AS_OF)
    closed = answer_item(outgoing, "tiny-co", "missing_renewal_date", RENEWAL_ANSWER, as_of=AS_OF)

    assert closed.author == "Mara Quinn"
    assert [e.action for e in read_events(context) if e.action.startswith("debrief.")] == ["debrief.answer"]


def test_answering_again_replaces_the_answer_and_dismissing_removes_its_source(context, account):
    answer_item(context, "tiny-co", "missing_renewal_date", RENEWAL_ANSWER, "Mara Quinn", AS_OF)
    answer_item(context, "tiny-co", "missing_renewal_date", "It renews on 30 April 2026 after the extension.",
                "Mara Quinn", AS_OF)
    [source] = [d for d in stored_documents(context, "tiny-co").values() if d.source_type.value == "debrief"]
    assert "30 April 2026" in source.body

    dismiss_item(context, "tiny-co", "missing_renewal_date", "Finance owns the date now.", "Mara Quinn", AS_OF)

    assert not [d for d in stored_documents(context, "tiny-co").values() if d.source_type.value == "debrief"]


def test_a_debrief_answer_survives_pruning_because_no_file_holds_it(context, account):
    answer_item(context, "tiny-co", "missing_renewal_date", RENEWAL_ANSWER, "Mara Quinn", AS_OF)

    ingest_path(context, account, prune=True)

    assert [d.source_path for d in stored_documents(context, "tiny-co").values()
            if d.source_type.value == "debrief"] == ["debrief/missing_renewal_date"]
