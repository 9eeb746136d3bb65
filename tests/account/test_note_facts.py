"""What the account model hands each note section: how to reach people (communication), emails awaiting our reply
lately (next steps), promises still open (commitments), the current term (commercial)."""

from __future__ import annotations

from datetime import date

from gaps.helpers import crm, email, material, meeting

from assistant.account.note_facts import section_facts
from assistant.account.service import model_of

AS_OF = date(2026, 3, 1)


def _account():
    return model_of(material({
        "crm.json": crm(contract_start="2025-04-01", renewal_date="2026-03-31"),
        "emails/2026-02-10-protocol.eml": email(
            "Rhea Stone <rhea@acme.com>", "olive@vendor.io", "Tue, 10 Feb 2026 10:00:00 +0000", "Working with us",
            "Please communicate with our staff by email only.\n\nCould you send the seat quote by March 6?\n\n"
            "Rhea Stone", "p1@acme.com"),
        "emails/2025-06-02-old.eml": email(
            "Rhea Stone <rhea@acme.com>", "olive@vendor.io", "Mon, 2 Jun 2025 10:00:00 +0000", "Old question",
            "Can you tell us the export row limit on our plan?", "o1@acme.com"),
        "emails/2026-02-12-promise.eml": email(
            "Olive Vendor <olive@vendor.io>", "rhea@acme.com", "Thu, 12 Feb 2026 10:00:00 +0000", "Re: audit",
            "Hi Rhea,\n\nI'll send the audit report by March 10.\n\nOlive", "a1@vendor.io"),
    }))


def test_the_communication_section_gets_the_customers_rules_led_by_whose_they_are():
    texts = [f.text for f in section_facts(_account(), "communication", AS_OF)]
    assert "Rhea Stone: Please communicate with our staff by email only." in texts


def test_the_communication_section_gets_the_newest_rule_about_each_person():
    model = model_of(material({
        "crm.json": crm(communication_preference=None),
        "emails/2025-05-01-old.eml": email(
            "Rhea Stone <rhea@acme.com>", "olive@vendor.io", "Thu, 1 May 2025 10:00:00 +0000", "Calls",
            "No phone calls, please.", "c1@acme.com"),
        "emails/2026-01-10-more.eml": email(
            "Rhea Stone <rhea@acme.com>", "olive@vendor.io", "Sat, 10 Jan 2026 10:00:00 +0000", "Updates",
            "Please send updates by email only.", "c2@acme.com"),
        "emails/2026-01-12-more.eml": email(
            "Rhea Stone <rhea@acme.com>", "olive@vendor.io", "Mon, 12 Jan 2026 10:00:00 +0000", "Copies",
            "Please copy Mr. Lamb on all correspondence.", "c3@acme.com"),
        "emails/2026-01-14-more.eml": email(
            "Rhea Stone <rhea@acme.com>", "olive@vendor.io", "Wed, 14 Jan 2026 10:00:00 +0000", "Format",
            "I prefer a one-page summary to a deck.", "c4@acme.com"),
        "meetings/2025-06-01-call.md": meeting(
            "2025-06-01", "Anouk van Dijk: Just message me on Slack.", ["Anouk van Dijk <anouk@acme.com>"]),
    }))
    texts = [f.text for f in section_facts(model, "communication", AS_OF)]
    assert texts == ["Rhea Stone: I prefer a one-page summary to a deck.", "Anouk van Dijk: Just message me on Slack."]


def test_next_steps_get_recent_unanswered_emails_only():
    texts = [f.text for f in section_facts(_account(), "next_steps", AS_OF)]
    assert len(texts) == 1 and texts[0].startswith('Reply to Rhea Stone\'s email "Working with us" of 2026-02-10')


def test_commitments_get_open_promises_and_commercial_the_current_term():
    promises = [f.text for f in section_facts(_account(), "commitments", AS_OF)]
    assert any("(due 2026-03-10)" in t and "audit report" in t for t in promises)
    term = section_facts(_account(), "commercial", AS_OF)
    assert len(term) == 1 and term[0].text.startswith("The current term runs April 1, 2025 through March 30, 2026")
