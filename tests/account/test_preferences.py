"""How the customer's people want to be reached, read into the account model and answered from it: the rules
themselves (not a mention that a rule exists), attributed to the person they are about or to the customer who
set them, newest first."""

from __future__ import annotations

from gaps.helpers import crm, email, material, meeting

from assistant.account.questions import contact_fact
from assistant.account.service import model_of

PROTOCOL = ("Ms. Vendor,\n\nI would like to set out how we work with suppliers.\n\n"
            "1. Please communicate with our staff by email only. Do not contact staff by telephone.\n"
            "2. Please copy Mr. Lamb on all correspondence.\n\n"
            "Rhea Stone\nVice President, Operations\nAcme Co")


def _account():
    return model_of(material({
        "crm.json": crm(),
        "emails/2026-01-05-protocol.eml": email("Rhea Stone <rhea@acme.com>", "olive@vendor.io",
                                                "Mon, 5 Jan 2026 10:00:00 +0000", "How we work", PROTOCOL,
                                                "p1@acme.com"),
        "meetings/2026-02-10-sync.md": meeting("2026-02-10", "Dr. Stone mentioned her communication protocol again.\n"
                                                             "- the ops team lives in Slack, use the shared channel",
                                               ["Rhea Stone <rhea@acme.com>"]),
    }))


def test_a_customers_protocol_email_is_read_as_their_own_rules():
    model = _account()
    rules = [p for p in model.preferences if p.about == "Rhea Stone" and p.rule]
    assert [p.statement for p in rules][:3] == [
        "Please communicate with our staff by email only.", "Do not contact staff by telephone.",
        "Please copy Mr. Lamb on all correspondence."]
    assert all(p.evidence.source == "emails/2026-01-05-protocol.eml" for p in rules)


def test_asked_how_to_reach_someone_the_answer_is_their_rules_not_the_mention_of_them():
    fact = contact_fact(_account(), "How should I contact Dr. Stone?")
    assert fact is not None and fact.subject == "Rhea Stone"
    assert fact.text.startswith("Please communicate with our staff by email only.")
    assert "Mr. Lamb" in fact.text and "mentioned her communication protocol" not in fact.text


def test_asked_how_they_like_to_communicate_the_answer_covers_the_whole_customer():
    fact = contact_fact(_account(), "How do they prefer to communicate?")
    assert fact is not None and "lives in Slack" in fact.text and not fact.text.startswith("-")


def test_a_question_about_something_else_is_no_contact_question():
    assert contact_fact(_account(), "When is the renewal?") is None


def test_a_request_to_be_sent_or_pinged_on_a_channel_is_the_speakers_rule():
    model = model_of(material({
        "crm.json": crm(),
        "meetings/2026-02-10-call.md": meeting(
            "2026-02-10", "Anouk van Dijk: No, not email. Just message me on Slack.\n"
                          "- Walter: \"send me a short email recap\"",
            ["Anouk van Dijk <anouk@acme.com>", "Walter Osei <walter@acme.com>"]),
    }))
    rules = {p.statement: p.about for p in model.preferences if p.rule}
    assert rules["Just message me on Slack."] == "Anouk van Dijk"
    assert any("short email recap" in s and about == "Walter Osei" for s, about in rules.items())
