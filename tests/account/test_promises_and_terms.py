"""Status and term questions answered from the account model. A status question about something promised to the
customer gets the latest promise (not a later report of a missed one), when it was made and due, and what later
material says; "when does the contract end?" gets the term holding today as the newest source states it."""

from __future__ import annotations

from gaps.helpers import crm, email, material, meeting

from assistant.account.questions import commitment_fact
from assistant.account.service import model_of


def _account():
    return model_of(material({
        "crm.json": crm(),
        "emails/2026-01-10-report.eml": email(
            "Olive Vendor <olive@vendor.io>", "nia@acme.com", "Sat, 10 Jan 2026 10:00:00 +0000", "Audit report",
            "Hi Nia,\n\nI'll send the audit report by January 30.\n\nOlive", "r1@vendor.io"),
        "meetings/2026-02-04-review.md": meeting(
            "2026-02-04", "Nia: the audit report never arrived.\nOlive: I'll deliver the audit report by February 13.",
            ["Nia Ross <nia@acme.com>", "Olive Vendor <olive@vendor.io>"]),
        "emails/2026-02-20-handover.eml": email(
            "Olive Vendor <olive@vendor.io>", "al@vendor.io", "Fri, 20 Feb 2026 10:00:00 +0000", "Handover",
            "The audit report I promised for January 30 still hasn't gone out.", "h1@vendor.io"),
    }))


def test_the_status_of_a_promised_deliverable_is_its_latest_promise_and_what_came_after():
    fact = commitment_fact(_account(), "What is the status of the audit report?")
    assert fact is not None
    assert "committed on 2026-02-04 (due 2026-02-13)" in fact.text and "by February 13" in fact.text
    assert fact.evidence[0].source == "meetings/2026-02-04-review.md"


def test_a_question_that_is_not_about_a_status_or_about_nothing_promised_is_left_to_the_passages():
    assert commitment_fact(_account(), "Who signs the renewal?") is None
    assert commitment_fact(_account(), "What is the status of the data migration?") is None


def test_the_current_term_is_the_one_the_newest_source_states_and_a_disagreeing_crm_is_named():
    from datetime import date

    from assistant.account.questions import term_fact

    model = model_of(material({
        "crm.json": crm(contract_start="2025-07-01", renewal_date="2026-07-31"),
        "emails/2025-06-25-po.eml": email(
            "Olive Vendor <olive@vendor.io>", "ap@acme.com", "Wed, 25 Jun 2025 10:00:00 +0000", "Purchase order",
            "We acknowledge your purchase order for the period July 1, 2025 through June 30, 2026.", "po@vendor.io"),
        "emails/2026-02-06-offer.eml": email(
            "Olive Vendor <olive@vendor.io>", "nia@acme.com", "Fri, 6 Feb 2026 10:00:00 +0000", "Renewal offer",
            "We offer a price hold for a renewal term from May 1, 2026 to April 30, 2028.", "of@vendor.io"),
    }))
    fact = term_fact(model, "When does their current contract end?", date(2026, 2, 10))
    assert fact is not None and fact.text.startswith("The current term runs July 1, 2025 through June 30, 2026")
    assert "the CRM record gives 2026-07-31 as the renewal date" in fact.text
    assert term_fact(model, "Who signs the renewal?", date(2026, 2, 10)) is None
