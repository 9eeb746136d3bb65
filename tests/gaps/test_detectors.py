from datetime import date

from assistant.platform.config import Settings
from assistant.gaps import detect_gaps
from assistant.models import GapKind
from gaps.helpers import crm, email, material, meeting, tickets

AS_OF = date(2026, 2, 13)
ATTENDEES = ["Pat Buyer <pat@acme.com>", "Olive Owner <olive@vendor.io>"]
RECENT = meeting("2026-02-01", "- adoption review", ATTENDEES)


def kinds(files: dict[str, str], judge=None) -> set[str]:
    return {g.kind.value for g in detect_gaps(material(files), AS_OF, Settings(), judge=judge)}


def test_a_complete_account_has_no_gaps():
    assert kinds({"crm.json": crm(), "meetings/a.md": RECENT}) == set()


def test_a_crm_field_missing_everywhere_is_a_gap_with_absent_evidence():
    account = material({"crm.json": crm(health_score=None), "meetings/a.md": RECENT})
    (gap,) = detect_gaps(account, AS_OF, Settings())
    assert gap.kind == GapKind.MISSING_HEALTH_SCORE
    assert gap.evidence[0].source == "absent from all 2 sources"


def test_a_renewal_date_missing_from_the_crm_but_stated_in_an_email_is_not_a_gap():
    renewal = email("Billing <billing@vendor.io>", "pat@acme.com", "Thu, 29 May 2025 10:00:00 +0000", "Order",
                    "Renewal date: June 14, 2026", "o@vendor.io")
    assert "missing_renewal_date" not in kinds({"crm.json": crm(renewal_date=None), "meetings/a.md": RECENT,
                                                "emails/o.eml": renewal})


def test_a_sponsor_named_in_notes_fills_the_empty_crm_field():
    notes = meeting("2026-02-01", "Sam Boss (COO) joined. He is our exec sponsor from now on.", ATTENDEES)
    assert kinds({"crm.json": crm(executive_sponsor=None), "meetings/a.md": notes}) == set()


def test_notes_saying_there_is_no_sponsor_leave_the_gap():
    notes = meeting("2026-02-01", "- still no exec sponsor identified", ATTENDEES)
    assert kinds({"crm.json": crm(executive_sponsor=None), "meetings/a.md": notes}) == {"missing_executive_sponsor"}


def test_success_criteria_left_tbd_are_missing():
    notes = meeting("2026-02-01", "success criteria: TBD. they didn't want to commit yet", ATTENDEES)
    assert kinds({"crm.json": crm(success_criteria=None), "meetings/a.md": notes}) == {"missing_success_criteria"}


def test_a_measurable_goals_list_counts_as_success_criteria():
    notes = meeting("2026-02-01", "## FY26 goals\n1. Dashboards live at all 4 sites by June\n2. Cut turnaround "
                                  "from 10 days to 3 days", ATTENDEES)
    assert kinds({"crm.json": crm(success_criteria=None), "meetings/a.md": notes}) == set()


def test_the_judge_decides_success_criteria_when_given():
    notes = meeting("2026-02-01", "success plan: still a draft", ATTENDEES)
    files = {"crm.json": crm(success_criteria=None), "meetings/a.md": notes}
    assert kinds(files, judge=lambda passages: True) == set()
    assert kinds(files, judge=lambda passages: False) == {"missing_success_criteria"}


def test_only_internal_meetings_in_the_window_make_the_relationship_stale():
    old = meeting("2025-10-01", "- check-in", ATTENDEES)
    internal = meeting("2026-02-01", "INTERNAL", ["Olive Owner <olive@vendor.io>", "Ian Incoming <ian@vendor.io>"],
                       title="INTERNAL prep")
    assert kinds({"crm.json": crm(), "meetings/a.md": old, "meetings/b.md": internal}) == {"stale_relationship"}


def test_notes_without_attendees_or_channel_are_flagged():
    bare = meeting("2026-02-01", "- check-in", None, channel=None)
    assert "meeting_missing_metadata" in kinds({"crm.json": crm(), "meetings/a.md": RECENT, "meetings/b.md": bare})


def test_a_customer_email_answered_only_by_an_auto_reply_is_unanswered():
    question = email("Pat Buyer <pat@acme.com>", "olive@vendor.io", "Mon, 19 Jan 2026 10:00:00 +0000", "SCIM?",
                     "Is SCIM included?", "q@acme.com")
    assert kinds({"crm.json": crm(), "meetings/a.md": RECENT, "emails/q.eml": question}) == {
        "unanswered_customer_email"}


def test_a_recent_customer_email_is_not_yet_unanswered():
    question = email("Pat Buyer <pat@acme.com>", "olive@vendor.io", "Wed, 11 Feb 2026 10:00:00 +0000", "Dates",
                     "Which dates work?", "q@acme.com")
    assert kinds({"crm.json": crm(), "meetings/a.md": RECENT, "emails/q.eml": question}) == set()


def _ticket(status: str, priority: str, created: str) -> dict:
    return {"id": 1, "subject": "Sync failing", "description": "It fails.", "status": status, "priority": priority,
            "requester": {"name": "Pat Buyer", "email": "pat@acme.com"}, "created_at": created,
            "updated_at": created, "comments": []}


def test_an_open_high_ticket_older_than_the_threshold_is_aging():
    files = {"crm.json": crm(), "meetings/a.md": RECENT,
             "tickets/tickets.json": tickets(_ticket("open", "high", "2026-01-10T10:00:00Z"))}
    assert kinds(files) == {"aging_high_priority_ticket"}


def test_a_solved_high_ticket_is_not_aging():
    files = {"crm.json": crm(), "meetings/a.md": RECENT,
             "tickets/tickets.json": tickets(_ticket("solved", "high", "2025-08-10T10:00:00Z"))}
    assert kinds(files) == set()


def test_a_past_due_promise_to_the_customer_is_overdue():
    notes = meeting("2026-01-14", "- Olive: revised quote with a 3-plant option to Pat by Jan 23", ATTENDEES)
    assert kinds({"crm.json": crm(), "meetings/a.md": notes}) == {"overdue_commitment"}


def test_a_seat_amendment_the_crm_missed_is_a_conflict():
    amendment = email("Olive Owner <olive@vendor.io>", "pat@acme.com", "Fri, 26 Sep 2025 10:00:00 +0000",
                      "Amendment", "Change: +20 seats\nNew seat total: 120\nUpdated annual recurring fee: $60,000.00",
                      "m@vendor.io")
    gaps = detect_gaps(material({"crm.json": crm(), "meetings/a.md": RECENT, "emails/m.eml": amendment}), AS_OF,
                       Settings())
    assert {g.kind.value for g in gaps} == {"conflicting_facts"}
    assert all(e.quote is None or len(e.quote) <= 200 for g in gaps for e in g.evidence)


def test_a_temporary_seat_bump_is_not_a_conflict():
    bump = email("Olive Owner <olive@vendor.io>", "pat@acme.com", "Mon, 10 Nov 2025 10:00:00 +0000", "Seats",
                 "Your seat limit is now 110 seats, a temporary bump; overage waived.", "b@vendor.io")
    assert kinds({"crm.json": crm(seats_active=110), "meetings/a.md": RECENT, "emails/b.eml": bump}) == set()


def test_a_newer_signature_title_conflicts_with_the_crm_title():
    note = email("Pat Buyer <pat@acme.com>", "olive@vendor.io", "Wed, 11 Feb 2026 10:00:00 +0000", "Hello",
                 "Quick note.\n\nThanks,\nPat\n\n--\nPat Buyer\nVP, Supply Chain | Acme Co\npat@acme.com", "t@acme.com")
    assert "conflicting_facts" in kinds({"crm.json": crm(), "meetings/a.md": RECENT, "emails/t.eml": note})
