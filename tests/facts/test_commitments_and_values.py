from datetime import date

from assistant.facts.commitments import commitments, overdue
from assistant.facts.people import role_mentions, stakeholders
from assistant.facts.values import explained_elsewhere, stated_values
from gaps.helpers import crm, email, material, meeting

ATTENDEES = ["Pat Buyer <pat@acme.com>", "Olive Owner <olive@vendor.io>"]


def test_an_action_item_owned_by_the_vendor_is_a_promise_to_the_customer():
    account = material({"crm.json": crm(), "meetings/a.md": meeting(
        "2025-12-09", "## Action items\n- Olive -> usage report to Pat by **Dec 19**", ATTENDEES)})
    (promise,) = commitments(account, date(2026, 1, 12))
    assert (promise.direction, promise.due, promise.who) == ("to_customer", date(2025, 12, 19), "Olive")
    assert promise.quote in account.documents[1].body or promise.quote in account.documents[0].body


def test_an_action_item_owned_by_the_customer_is_by_the_customer():
    account = material({"crm.json": crm(), "meetings/a.md": meeting(
        "2025-12-09", "Actions\n- Pat: send the network diagram by Jan 9", ATTENDEES)})
    assert [c.direction for c in commitments(account, date(2026, 1, 12))] == ["by_customer"]


def test_a_promise_marked_sent_in_the_same_line_is_done():
    account = material({"crm.json": crm(), "meetings/a.md": meeting(
        "2025-06-10", "- Olive: onboarding checklist to Pat by 6/13 (sent 6/12)", ATTENDEES)})
    assert overdue(account, date(2025, 7, 20)) == []


def test_a_later_email_delivering_the_object_marks_the_promise_done():
    account = material({
        "crm.json": crm(),
        "meetings/a.md": meeting("2025-11-20", "- Olive: downtime report by plant to Pat by Dec 12", ATTENDEES),
        "emails/b.eml": email("Olive Owner <olive@vendor.io>", "pat@acme.com", "Thu, 11 Dec 2025 10:00:00 +0000",
                              "Downtime report", "Attached is the downtime report by plant I promised.", "d@vendor.io"),
    })
    assert overdue(account, date(2026, 1, 10)) == []


def test_a_later_note_saying_it_is_still_owed_keeps_it_overdue():
    account = material({
        "crm.json": crm(),
        "emails/a.eml": email("Olive Owner <olive@vendor.io>", "pat@acme.com", "Mon, 02 Mar 2026 10:00:00 +0000",
                              "Trial", "I'll send you a trial workspace and a written quote by Mar 20.",
                              "s@vendor.io"),
        "emails/b.eml": email("Olive Owner <olive@vendor.io>", "ian@vendor.io", "Fri, 03 Apr 2026 10:00:00 +0000",
                              "Fwd: handoff", "The written quote I promised for Mar 20 was never sent.",
                              "h@vendor.io"),
    })
    late = overdue(account, date(2026, 4, 10))
    assert late and all(c.status != "done" for c in late)


def test_a_renewal_date_stated_in_an_email_is_found():
    account = material({"crm.json": crm(renewal_date=None), "emails/a.eml": email(
        "Billing <billing@vendor.io>", "pat@acme.com", "Mon, 23 Jun 2025 10:00:00 +0000", "Order confirmed",
        "Term: July 1, 2025 - June 30, 2026\nRenewal date: June 30, 2026", "o@vendor.io")})
    assert {v.value for v in stated_values(account, "renewal_date")} == {date(2026, 6, 30)}


def test_a_temporary_seat_bump_is_explained():
    account = material({"crm.json": crm(), "emails/a.eml": email(
        "Olive Owner <olive@vendor.io>", "pat@acme.com", "Mon, 10 Nov 2025 10:00:00 +0000", "Seats",
        "Done - bumped you to 106 seats temporarily, waiving the overage.", "x@vendor.io")})
    assert explained_elsewhere(account, 106)


def test_a_denied_role_is_not_affirmed():
    account = material({"crm.json": crm(executive_sponsor=None), "meetings/a.md": meeting(
        "2026-01-14", "- still no exec sponsor - Pat says the CEO is too busy", ATTENDEES)})
    (mention,) = role_mentions(account, "executive_sponsor")
    assert not mention.affirmed


def test_stakeholders_know_which_side_people_are_on():
    account = material({"crm.json": crm(), "meetings/a.md": meeting("2026-01-14", "- notes", ATTENDEES)})
    sides = {s.email: s.is_customer for s in stakeholders(account)}
    assert sides["pat@acme.com"] and not sides["olive@vendor.io"]
