"""What the customer is waiting on from us: their emails that end a thread unanswered, with the sentence that
asks, answered from the account model."""

from __future__ import annotations

from gaps.helpers import crm, email, material

from assistant.account.questions import waiting_fact
from assistant.account.service import model_of


def _account():
    return model_of(material({
        "crm.json": crm(),
        "emails/2026-01-20-credit.eml": email(
            "Nia Ross <nia@acme.com>", "olive@vendor.io", "Tue, 20 Jan 2026 10:00:00 +0000", "Service credit",
            "Hi Olive,\n\nThanks for the call.\nCould you confirm the service credit for the January outage by "
            "February 6?\n\nNia Ross", "c1@acme.com"),
        "emails/2026-01-10-question.eml": email(
            "Nia Ross <nia@acme.com>", "olive@vendor.io", "Sat, 10 Jan 2026 10:00:00 +0000", "Export limits",
            "Can you tell us the export row limit on our plan?", "q1@acme.com"),
        "emails/2026-01-12-answer.eml": email(
            "Olive Vendor <olive@vendor.io>", "nia@acme.com", "Mon, 12 Jan 2026 10:00:00 +0000", "Re: Export limits",
            "It is one million rows per export.", "q2@vendor.io", in_reply_to="q1@acme.com"),
        "emails/2026-01-15-notice.eml": email(
            "Nia Ross <nia@acme.com>", "olive@vendor.io", "Thu, 15 Jan 2026 10:00:00 +0000", "Office move",
            "Our office moves to the fourth floor from March.", "n1@acme.com"),
    }))


def test_an_unanswered_customer_email_is_an_open_request_with_the_sentence_that_asks():
    requests = _account().requests
    assert [(r.person, r.subject) for r in requests] == [("Nia Ross", "Service credit")]
    assert requests[0].ask == "Could you confirm the service credit for the January outage by February 6?"


def test_asked_what_someone_is_waiting_on_the_answer_is_their_unanswered_email():
    fact = waiting_fact(_account(), "What is Nia waiting on from us?")
    assert fact is not None and fact.subject == "Nia Ross"
    assert fact.text.startswith('Nia Ross\'s email "Service credit" of 2026-01-20 has no reply: Could you confirm')
    assert [c.source for c in fact.evidence] == ["emails/2026-01-20-credit.eml"]


def test_nothing_unanswered_leaves_the_question_to_the_passages():
    model = _account().model_copy(update={"requests": []})
    assert waiting_fact(model, "What is Nia waiting on from us?") is None
    assert waiting_fact(_account(), "When is the renewal?") is None
